"""The command line: the only module that prints summaries and chooses exit statuses."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator import __version__
from generator.errors import PapercatError

log = logging.getLogger("papercat")

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _progress(iterable, total: int, desc: str):
    """A progress bar on a terminal for large inputs; nothing when output is piped or small."""
    if total < 200 or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="item", leave=False, file=sys.stderr)


def _say(msg: str = "") -> None:
    print(msg, flush=True)


def _warn(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from generator.entries import PAPERS_DIR, entry_paths, read_entry, write_atomic
    from generator.importer import plan_import
    from generator.ingest import parse_text, read_listing

    content: Path = args.content
    problems, notes, records = [], [], []
    for path in args.files:
        try:
            result = parse_text(read_listing(path), path.name, year=args.year)
        except OSError as e:
            problems.append(f"{path}: cannot read: {e.strerror}")
            continue
        except PapercatError as e:
            problems.extend(str(p) for p in e.problems)
            continue
        _say(f"{path.name}: {result.format}, {len(result.records)} papers")
        records += result.records
        problems.extend(str(p) for p in result.problems)
        notes += result.notes
    existing, bad = [], []
    for p in entry_paths(content):
        try:
            existing.append(read_entry(p))
        except PapercatError as e:
            bad.extend(str(x) for x in e.problems)
    if bad:
        for line in bad:
            _warn(line)
        _warn("error: fix the entries above before importing, so that no edit is lost")
        return EXIT_ERROR
    plan = plan_import(records, existing, content / PAPERS_DIR, progress=_progress)
    for path, text in _progress(sorted(plan.writes.items()), len(plan.writes), "writing"):
        write_atomic(path, text)
    s = plan.summary
    for note in notes:
        _say(f"note: {note}")
    if args.verbose:
        for m in s.merged:
            _say(f"merged: {m}")
    for p in problems:
        _warn(p)
    _say(f"added {len(s.added)}, merged {len(s.merged)} duplicate listings, updated {len(s.updated)}, "
         f"unchanged {s.unchanged}, skipped {len(problems)}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    r = build(args.content, args.out, base_url=args.base_url, progress=_progress, cache=args.cache, jobs=args.jobs)
    for w in r.warnings:
        _warn(f"warning: {w}")
    if r.mode == "unchanged":
        _say(f"{args.out}/ is up to date: {r.papers} papers, {r.files} files, nothing changed ({r.seconds:.2f}s)")
    elif r.mode == "incremental":
        _say(f"rebuilt {args.out}/ for {r.papers} papers: {r.written} of {r.files} files written, "
             f"{r.removed} removed in {r.seconds:.2f}s")
    else:
        _say(f"built {r.papers} papers into {args.out}/: {r.files} files in {r.seconds:.2f}s")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from generator.catalog import derive, load
    from generator.review import review
    from generator.taxonomy import coverage_report

    loaded = load(args.content)
    catalog = derive(loaded.papers, loaded.vocab)
    report = coverage_report([(p.tags, p.topics) for p in loaded.papers], loaded.vocab)
    _say(f"{len(loaded.papers)} entries, no problems")
    for key, value in report.items():
        shown = f"{value:.1%}" if isinstance(value, float) else value
        _say(f"  {key.replace('_', ' ')}: {shown}")
    _say(f"  groups: {len(catalog.tags)} tags, {len(catalog.topics)} topics, {len(catalog.authors)} author counts, "
         f"{len(catalog.years)} years")
    items = review(loaded.papers)
    if not items:
        _say("Review: nothing to look at")
        return EXIT_OK
    _say(f"Review: {len(items)} {'item' if len(items) == 1 else 'items'} to look at")
    for path, reason in items:
        _say(f"  {path}: {reason}")
    return EXIT_PROBLEMS if args.strict else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from generator.entries import write_atomic
    from generator.scaffold import plan_new

    if not args.content.is_dir():
        _warn(f"{args.content}: no such content directory (hint: run from the catalog's root or pass --content)")
        return EXIT_ERROR
    new = plan_new(args.content, arxiv=args.arxiv, title=args.title)
    write_atomic(new.path, new.text)
    _say(f"wrote {new.path}")
    return EXIT_OK


def _serve_report(report) -> None:
    if report.kind == "built":
        r = report.result
        changed = f" after changes to {', '.join(report.changed)}" if report.changed else ""
        _say(f"built {r.papers} papers: {r.files} files in {r.seconds:.2f}s{changed}")
    elif report.kind == "failed":
        _warn(report.error)
        _warn("build failed: still serving the last good site; fix the problems above and save")
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
    if not args.content.is_dir():
        _warn(f"{args.content}: no such content directory (hint: run from the catalog's root or pass --content)")
        return EXIT_ERROR
    try:
        server = Server(args.content, args.out, host=args.host, port=args.port, report=_serve_report,
                        progress=_progress)
    except OSError as e:
        _warn(f"cannot serve on {args.host}:{args.port}: {e.strerror or e} (hint: try another --port)")
        return EXIT_ERROR
    server.run()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="papercat", description="Static site generator for paper catalogs.")
    parser.add_argument("--version", action="version", version=f"papercat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="turn raw listings into entries under CONTENT/papers/")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content)")
    p.add_argument("--year", type=int, help="year of dates that a listing gives without one (default: inferred)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every merged duplicate")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("build", help="validate the content and render the site")
    p.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    p.add_argument("--base-url", help="the site's full URL, e.g. https://example.org/catalog/, or the path it is served "
                   "from, e.g. /catalog/ (default: from catalog.yml)")
    p.add_argument("--cache", type=Path, help="where builds keep what they reuse (default: $PAPERCAT_CACHE, else "
                   "~/.cache/papercat); safe to delete when no build is running")
    p.add_argument("--jobs", type=int, help="worker processes for big builds (default: one per core, at most 8)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="validate every entry and report taxonomy coverage; writes nothing")
    p.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content)")
    p.add_argument("--strict", action="store_true", help="exit 1 when the review list is not empty")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", help="write the skeleton of a new entry under CONTENT/papers/")
    p.add_argument("--arxiv", metavar="ID", help="arXiv id (fills arxiv, date and links)")
    p.add_argument("--title", help="the paper's title (sets the title and the slug)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("serve", help="build, serve on localhost, rebuild on changes and reload open pages")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    p.set_defaults(func=cmd_serve)
    return parser


def run() -> None:
    """The `papercat` command. SIGTERM unwinds like Ctrl-C: workers are stopped, scratch
    directories removed, and the old site is left as it was."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PapercatError as e:
        for p in e.problems:
            _warn(str(p))
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
        _warn(f"{e.filename or 'papercat'}: {e.strerror or e} (hint: free some space or fix the permissions, "
              "then run the command again)")
        return EXIT_ERROR
