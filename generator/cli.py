"""The command line: the only module that prints summaries and chooses exit statuses."""

from __future__ import annotations

import argparse
import errno
import logging
import sys
from pathlib import Path

from generator import __version__
from generator.errors import PapercatError, near
from generator.plural import counted

log = logging.getLogger("papercat")

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
_OS_HINT = "fix the cause above, then run the command again"
_OS_HINTS = {errno.ENOSPC: "free some space, then run the command again",
             errno.EACCES: "fix the permissions, then run the command again",
             errno.EPERM: "fix the permissions, then run the command again",
             errno.EROFS: "choose a writable place, then run the command again",
             errno.ENOENT: "check the path, then run the command again"}


def _progress(iterable, total: int, desc: str):
    """A progress bar on a terminal for large inputs; nothing when output is piped or small."""
    if total < 200 or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="item", leave=False, file=sys.stderr)


def _today() -> str:
    """The day new entries record as `added`: today, or the reproducible-builds standard
    SOURCE_DATE_EPOCH when it is set (tests and scripted imports that must not depend on the day)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return day.isoformat()


def _say(msg: str = "") -> None:
    print(msg, flush=True)


def _warn(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _missing(content: Path) -> bool:
    """Say that the content folder is not there (or is the folder inside it), the same way for every
    command that reads one (which then reads nothing and writes nothing; `import --content DIR` makes it, and says so)."""
    if not content.is_dir():
        _warn(f"{content}: no such content directory (hint: run from the catalog's root or pass --content; "
              "`papercat init DIR` starts a new catalog)")
        return True
    if not (content / "catalog.yml").exists() and not (content / "papers").is_dir() and \
            (content.parent / "catalog.yml").exists():  # (`--content content/papers`: it said to create tags.yml there)
        _warn(f"{content}: not a content folder (it has no catalog.yml and no papers/) (hint: pass the folder that "
              f"holds them: --content {content.parent})")
        return True
    return False


def cmd_import(args: argparse.Namespace) -> int:
    from generator.entries import PAPERS_DIR, write_all
    from generator import imported
    from generator.importer import plan_import
    from generator.venues import read_venues, resolve_records

    if args.content is None and _missing(Path("content")):
        return EXIT_ERROR
    content: Path = args.content or Path("content")
    made = not content.is_dir()  # (a catalog may start from its listings: said, since a mistyped --content also would)
    records, problems, notes = _listings(args.files, args.year)
    existing, bad = _entries_now(content)
    if bad:
        for line in bad:
            _warn(line)
        _warn("error: fix the entries above before importing, so that no edit is lost")
        return EXIT_ERROR
    # Venues as entries write them (`NeurIPS 2017`), by the catalog's venues.yml (a broken one stops here).
    resolve_records(records, read_venues(content))
    plan = plan_import(records, existing, content / PAPERS_DIR, progress=_progress, added=_today(),
                       seen=imported.read(content))
    write_all(dict(sorted(plan.writes.items())) | ({content / imported.FILE: plan.listed} if plan.listed else {}))
    s = plan.summary
    problems.extend(str(p) for p in s.skipped)  # (entries too big to write)
    notes += s.notes
    if s.kept_out:
        gone = "whose entry was" if len(s.kept_out) == 1 else "whose entries were"
        notes.append(f"kept out {counted(len(s.kept_out), 'paper')} {gone} deleted since an earlier import: "
                     f"{', '.join(s.kept_out[:5])}{', ...' if len(s.kept_out) > 5 else ''} (to import one again, "
                     f"delete its line from {content / imported.FILE})")
    if made and content.is_dir():
        notes.append(f"{content} was not there: made it, with the entries in {content / PAPERS_DIR}/")
    for note in notes:
        _say(f"note: {note}")
    if args.verbose:
        for m in s.merged:
            _say(f"merged: {m}")
    for p in problems:
        _warn(p)
    _say(f"added {len(s.added)}, merged {len(s.merged)} duplicate listings, updated {len(s.updated)}, "
         f"unchanged {s.unchanged}, skipped {len(problems)}" + (f", kept out {len(s.kept_out)}" if s.kept_out else ""))
    return EXIT_PROBLEMS if problems else EXIT_OK


def _listings(files: list[Path], year: int | None) -> tuple[list, list[str], list[str]]:
    """Every record of the listing files (each file's format and count said as it is read), with
    the problems and notes of reading them."""
    from generator.ingest import parse_text, read_listing

    records, problems, notes = [], [], []
    for path in files:
        try:
            result = parse_text(read_listing(path), path.name, year=year)
        except OSError as e:
            problems.append(f"{path}: cannot read: {e.strerror}")
            continue
        except PapercatError as e:
            problems.extend(str(p) for p in e.problems)
            continue
        _say(f"{path.name}: {result.format}, {counted(len(result.records), 'paper')}")
        records += result.records
        problems.extend(str(p) for p in result.problems)
        notes += result.notes
    return records, problems, notes


def _entries_now(content: Path) -> tuple[list, list[str]]:
    """The catalog's entries as they are, and what keeps any of them from being read (an import
    then stops: no edit may be lost)."""
    from generator.entries import entry_paths, read_entry
    from generator.inputs import check_content, read_problem

    existing, bad = [], []
    try:
        check_content(content)  # (links that leave the content folder, broken ones, loops: refused)
    except PapercatError as e:
        bad.extend(str(x) for x in e.problems)
    for p in entry_paths(content) if not bad else ():
        try:
            existing.append(read_entry(p))
        except PapercatError as e:
            bad.extend(str(x) for x in e.problems)
        except OSError as e:
            bad.append(str(read_problem(p, e)))
    return existing, bad


def _port(text: str) -> int:
    """`--port 99999` ended in a traceback (OverflowError from bind)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0-65535 (got {n}; 0 picks a free one)")
    return n


def _arxiv(text: str) -> str:
    """`new --arxiv`'s id as an entry writes it: what is not one is a bad argument (exit 2)."""
    from generator.scaffold import parse_arxiv_id

    try:
        return parse_arxiv_id(text)
    except PapercatError as e:
        p = e.problems[0]
        raise argparse.ArgumentTypeError(f"{p.message} (hint: {p.hint})") from None


def _at_least_one(text: str) -> int:
    """`--jobs 0` and `--jobs -1` were taken silently (as one job)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {n}; 1 builds in this process only)")
    return n


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    if _missing(args.content):
        return EXIT_ERROR
    r = build(args.content, args.out, base_url=args.base_url, progress=_progress, cache=args.cache, jobs=args.jobs,
              drafts=args.drafts)
    for w in r.warnings:
        _warn(f"warning: {w}")
    if r.mode == "unchanged":
        _say(f"{args.out}/ is up to date: {counted(r.papers, 'paper')}, {counted(r.files, 'file')}, nothing changed ({r.seconds:.2f}s)")
    elif r.mode == "incremental":
        _say(f"rebuilt {args.out}/ for {counted(r.papers, 'paper')}: {r.written} of {counted(r.files, 'file')} written, "
             f"{r.removed} removed in {r.seconds:.2f}s")
    else:
        _say(f"built {counted(r.papers, 'paper')} into {args.out}/: {counted(r.files, 'file')} in {r.seconds:.2f}s")
    return EXIT_OK


def wants_colour(stream, environ=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    import os

    environ = os.environ if environ is None else environ
    return stream.isatty() and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def cmd_check(args: argparse.Namespace) -> int:
    from generator.catalog import derive, load
    from generator.check_report import Style, people_lines, review_lines, summary_lines, venue_lines
    from generator.entries import PAPERS_DIR, unread
    from generator.review import grouped, review
    from generator.taxonomy import coverage_report

    from generator.render import check_bodies

    if _missing(args.content):
        return EXIT_ERROR
    style = Style(wants_colour(sys.stdout))
    loaded = load(args.content)
    check_bodies(loaded.papers)  # (what build renders of an entry, so a check that passes means a build that does)
    catalog = derive(loaded.papers, loaded.vocab)
    report = coverage_report([(p.tags, p.topics) for p in loaded.papers], loaded.vocab)
    _say(f"{len(loaded.papers)} entries, {style('no problems', 'green')}")
    skipped = unread(args.content)
    if skipped:
        _say(style(f"Not read ({len(skipped)})", "bold", "yellow") + ": entries are the NAME.md files directly in "
             f"{args.content / PAPERS_DIR}/, so these are no part of the catalog: " + ", ".join(skipped[:10])
             + (", ..." if len(skipped) > 10 else ""))
    counts = ", ".join(counted(len(groups), one, many) for groups, one, many in (
        (catalog.tags, "tag", "tags"), (catalog.topics, "topic", "topics"), (catalog.authors, "author count", "author counts"),
        (catalog.people, "author", "authors"), (catalog.years, "year", "years"), (catalog.venues, "venue", "venues")))
    for line in summary_lines(report, loaded.vocab, counts, style):
        _say(line)
    for line in venue_lines(loaded.papers, verbose=args.verbose, style=style):
        _say(line)
    for line in people_lines(catalog.people, verbose=args.verbose, style=style):
        _say(line)
    groups = grouped(review(loaded.papers))
    for line in review_lines(groups, verbose=args.verbose, style=style):
        _say(line)
    drafts = _say_drafts(loaded.papers)
    # Only drafts make --strict fail: the review list is advice (the shipped catalog has hundreds of
    # undated entries), and a pull request must not bring a page that would not be published.
    if args.strict and drafts:
        _say(style(f"Failed (--strict): {counted(drafts, 'draft', 'drafts')}", "bold", "red")
             + " (listed above), which a build leaves out: finish them, or remove them")
        return EXIT_PROBLEMS
    return EXIT_OK


def _say_drafts(papers) -> int:
    """List the drafts, one line each with why; return how many there are."""
    drafts = sorted((p for p in papers if p.draft), key=lambda p: p.path)
    if drafts:
        _say(f"Drafts: {len(drafts)} left out of the published site (shown by serve and build --drafts)")
        for p in drafts:
            _say(f"  {p.path}: {'; '.join(p.draft_reasons)}")
    return len(drafts)


def cmd_new(args: argparse.Namespace) -> int:
    from generator.entries import write_atomic
    from generator.inputs import check_content
    from generator.scaffold import plan_new

    if _missing(args.content):
        return EXIT_ERROR
    check_content(args.content)  # (it reads every entry to refuse a repeat: not through a link that leaves)
    if args.arxiv is None and not (args.title or "").strip():
        args.parser.error("give --arxiv ID, --title TEXT, or both")
    new = plan_new(args.content, arxiv=args.arxiv, title=args.title, added=_today())
    write_atomic(new.path, new.text)
    _say(f"wrote {new.path}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    import shlex

    from generator.entries import write_atomic
    from generator.starter import FOLDERS, plan_init

    plan = plan_init(args.dir, args.title)
    for path, text in plan.items():
        write_atomic(path, text)
    for folder in FOLDERS:
        (args.dir / folder).mkdir(parents=True, exist_ok=True)
    _say(f"started a catalog in {args.dir}/: {len(plan)} files. Next:")
    _say(f"  cd {shlex.quote(str(args.dir))}")  # (as it can be pasted: `cd my catalog` went to `my`)
    _say("  papercat import LISTINGS...   # BibTeX, CSL-JSON, RIS, arXiv or text listings -> content/papers/")
    _say("  papercat serve                # preview, rebuilt as you edit")
    _say("  papercat build                # the site, in site/; push to GitHub to publish it")
    return EXIT_OK


def _serve_report(report) -> None:
    if report.kind == "built":
        r = report.result
        changed = f" after changes to {', '.join(report.changed)}" if report.changed else ""
        _say(f"built {counted(r.papers, 'paper')}: {counted(r.files, 'file')} in {r.seconds:.2f}s{changed}")
    elif report.kind == "failed":
        _warn(report.error)
        _warn("build failed: " + ("still serving the last good site" if report.served else "nothing to serve yet")
              + "; fix the problems above and save")
    elif report.kind == "serving":
        _say(f"serving {report.url} (watching for changes; Ctrl-C to stop)")
    elif report.kind == "stopped":
        _say("stopped")


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from generator.serve import Server

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and `kill` both end the server cleanly, also when started from a script (which may
    # have started it with SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop)
    if _missing(args.content):
        return EXIT_ERROR
    try:
        server = Server(args.content, args.out, host=args.host, port=args.port, report=_serve_report,
                        progress=_progress)
    except OSError as e:
        hint = "try another --port" if e.errno in (errno.EADDRINUSE, errno.EACCES) else "check --host (default: 127.0.0.1)"
        _warn(f"cannot serve on {args.host}:{args.port}: {e.strerror or e} (hint: {hint})")
        return EXIT_ERROR
    server.run()
    return EXIT_OK


def _command(sub, name: str, summary: str, examples: str, func) -> argparse.ArgumentParser:
    """A subcommand whose --help opens with its one-line summary and ends with examples."""
    p = sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                       epilog="examples:\n" + examples, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=func, parser=p)  # (`parser.error`: a bad argument exits 2, with the usage)
    return p


def _add_content(p: argparse.ArgumentParser, starts: bool = False) -> None:
    """`starts`: the command makes the folder when --content names one that is not there (import), but
    not when it is left out: run anywhere else than a catalog's root, it left a stray content/ there."""
    p.add_argument("--content", type=Path, default=None if starts else Path("content"),
                   help="content directory (default: content" + ("; given, it is made if it is not there)" if starts else ")"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papercat", description="Static site generator for catalogs of research papers.",
        epilog="examples:\n  papercat import content/raw/*.txt\n  papercat check\n  papercat build\n\n"
               "`papercat COMMAND --help` describes each command.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"papercat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(sub, "init", "start a new catalog in DIR: settings, a starter vocabulary, the publishing "
                 "workflow and a README",
                 "  papercat init my-catalog\n"
                 "  papercat init . --title 'Papers on robot learning'   # in an empty repository", cmd_init)
    p.add_argument("dir", type=Path, metavar="DIR", help="where to start it (new or empty; nothing is overwritten)")
    p.add_argument("--title", help="the site's title (default: from DIR's name)")

    p = _command(sub, "import", "turn listings and exports (BibTeX, CSL-JSON, RIS, arXiv API, text) into entries "
                 "under CONTENT/papers/",
                 "  papercat import content/raw/*.txt\n"
                 "  papercat import listing.txt --year 2024 -v   # dates without a year are in 2024", cmd_import)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="listing or export files; the format of each is detected")
    _add_content(p, starts=True)
    p.add_argument("--year", type=int, help="year of dates that a listing gives without one (default: inferred)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every merged duplicate")

    p = _command(sub, "build", "validate the content and render the site",
                 "  papercat build\n"
                 "  papercat build --base-url https://example.org/papers/ --out public", cmd_build)
    _add_content(p)
    p.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    p.add_argument("--base-url", help="the site's full URL, e.g. https://example.org/catalog/, or the path it is served "
                   "from, e.g. /catalog/ (default: from catalog.yml)")
    p.add_argument("--cache", type=Path, help="where builds keep what they reuse (default: $PAPERCAT_CACHE, else "
                   "$XDG_CACHE_HOME/papercat, else ~/.cache/papercat); safe to delete when no build is running")
    p.add_argument("--jobs", type=_at_least_one, help="worker processes for big builds (default: one per core, at most 8)")
    p.add_argument("--drafts", action="store_true", help="also build drafts, each with a Draft badge "
                   "(for a preview: never publish such a site)")

    p = _command(sub, "check", "validate every entry, report taxonomy coverage and list entries to review; "
                 "writes nothing",
                 "  papercat check\n"
                 "  papercat check --verbose          # every entry of each review group\n"
                 "  papercat check --strict           # exit 1 when there are drafts (pull requests)", cmd_check)
    _add_content(p)
    p.add_argument("--strict", action="store_true", help="exit 1 when there are drafts (the review list stays advice)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every entry of each review group, not the first few")

    p = _command(sub, "new", "write the skeleton of a new entry under CONTENT/papers/",
                 "  papercat new --arxiv 2401.01234\n"
                 '  papercat new --title "Attention Is All You Need"', cmd_new)
    p.add_argument("--arxiv", metavar="ID", type=_arxiv, help="arXiv id (fills arxiv, date and links)")
    p.add_argument("--title", help="the paper's title (sets the title and the slug)")
    _add_content(p)

    p = _command(sub, "serve", "build, serve on localhost, rebuild on changes and reload open pages",
                 "  papercat serve\n"
                 "  papercat serve --port 0           # any free port", cmd_serve)
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    _add_content(p)
    p.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    return parser


def run() -> None:
    """The `papercat` command. SIGTERM unwinds like Ctrl-C: workers are stopped, scratch
    directories removed, and the old site is left as it was."""
    import signal

    stopped: list[int] = []

    def stop(signum, frame):
        stopped.append(signum)
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    status = main()
    if stopped and status == EXIT_OK:
        # The KeyboardInterrupt was raised where Python drops exceptions (a finaliser, a callback
        # of the collector) and the command went on to its end: the work is whole, but whoever sent
        # the signal hears that it stopped, not that all went well.
        _warn("interrupted, after the work was done")
        status = 130
    sys.exit(status)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PapercatError as e:
        for p in e.problems:
            _warn(str(near(p)))
        if len(e.problems) > 1:
            _warn(f"{len(e.problems)} problems; nothing was written")
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130
    except BrokenPipeError:  # `papercat check | head`: the reader has gone, nothing left to say
        sys.stderr.close()
        return EXIT_OK
    except OSError as e:  # a full disk, a read-only or missing directory: no traceback, the file and the cause
        _warn(f"{e.filename or 'papercat'}: {e.strerror or e} (hint: {_OS_HINTS.get(e.errno, _OS_HINT)})")
        return EXIT_ERROR
