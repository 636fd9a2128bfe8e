"""Lighthouse scores of the shipped catalog (issue 17).

    python bench/lighthouse.py [--runs 3] [--work bench/.work]

Builds content/ with a full site URL (`--base-url http://127.0.0.1:PORT/`, so canonical and og: URLs
are valid), serves the site with Python's http.server in a thread, installs npm `lighthouse@12.2.3`
into <work>/lighthouse/ if it is missing, and runs it with Debian's chromium (CHROME_PATH; it never
downloads a browser) on the home page, a paper page with math (one that loads katex.min.js), a paper
page without math, a tag page and the search page with a query, each in mobile (Lighthouse's default:
a Moto G-class screen, slow 4G, 4x CPU slowdown) and desktop (`--preset=desktop`) form.

Prints one table (median of --runs runs for every figure; the other categories hardly vary) and
writes it to bench/lighthouse.md, with every audit that kept a category below 100 and the load
average before each run. The JSON reports stay in <work>/lighthouse/reports/.

Performance scores depend on CPU load: run it on an idle machine, and read the load averages."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
# Lighthouse metric audits shown next to the scores, with the unit each is shown in.
METRICS = (("cumulative-layout-shift", "CLS", 1.0, "{:.3f}"),
           ("largest-contentful-paint", "LCP", 1000.0, "{:.2f} s"),
           ("total-blocking-time", "TBT", 1.0, "{:.0f} ms"))


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # relative to the site root, as a URL


def install_lighthouse(work: Path) -> Path:
    """The lighthouse CLI in <work>/lighthouse/node_modules, installed with npm if it is missing."""
    folder = work / "lighthouse"
    cli = folder / "node_modules" / ".bin" / "lighthouse"
    version_file = folder / "node_modules" / "lighthouse" / "package.json"
    wanted = LIGHTHOUSE.rsplit("@", 1)[1]
    if cli.exists() and version_file.exists() and json.loads(version_file.read_text())["version"] == wanted:
        return cli
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "package.json").exists():
        (folder / "package.json").write_text('{"private": true}\n')
    print(f"installing {LIGHTHOUSE} into {folder} with npm", file=sys.stderr, flush=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--save-exact", LIGHTHOUSE],
                   cwd=folder, check=True)
    return cli


def build(site: Path, cache: Path, base_url: str) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(REPO / "content"),
                    "--out", str(site), "--base-url", base_url, "--cache", str(cache)],
                   cwd=REPO, env=env, check=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        pass


def pick_pages(site: Path) -> list[Page]:
    """Home, a paper with math, a paper without, a tag page and a search: the pages issue 17 names."""
    papers = sorted(p.parent for p in (site / "papers").glob("*/index.html"))
    texts = {p: (p / "index.html").read_text(encoding="utf-8") for p in papers}
    # Of the pages that load KaTeX, the one with the most formulas: typesetting them moves the most text.
    with_math = sorted((p for p in papers if "katex.min.js" in texts[p]), key=lambda p: -texts[p].count('class="math"'))
    without = [p for p in papers if "katex.min.js" not in texts[p]]
    if not with_math or not without:
        raise SystemExit("the catalog needs a paper page with math and one without")
    tags = sorted(p.parent.name for p in (site / "tags").glob("*/index.html"))
    tag = "attention" if "attention" in tags else tags[0]
    return [Page("home", ""),
            Page("paper-math", f"papers/{with_math[0].name}/"),
            Page("paper-nomath", f"papers/{without[0].name}/"),
            Page("tag", f"tags/{tag}/"),
            Page("search", "search/?q=attention")]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def run_lighthouse(cli: Path, url: str, form_factor: str, out: Path) -> dict:
    args = [str(cli), url, "--output=json", f"--output-path={out}", "--quiet",
            f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROME)
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def summarize(report: dict) -> dict:
    """Scores (0-100), metrics, and the audits that kept a category below 100."""
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    metrics = {short: report["audits"][key]["numericValue"] / scale for key, short, scale, _ in METRICS}
    failing: dict[str, list[str]] = {}
    for c in CATEGORIES:
        if c == "performance":
            continue
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.setdefault(c, []).append(f"{ref['id']}: {audit['title']}")
    # Performance: the metrics whose own score is below 0.9, and the opportunities Lighthouse names.
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        score = audit.get("score")
        if score is not None and score < 0.9 and (ref["weight"] > 0 or audit.get("details", {}).get("type") == "opportunity"):
            failing.setdefault("performance", []).append(
                f"{ref['id']}: {audit['title']}\t{audit.get('displayValue', '')}")
    return {"scores": scores, "metrics": metrics, "failing": failing}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per page and form factor; tables show medians")
    ap.add_argument("--work", type=Path, default=BENCH / ".work", help="where the site, lighthouse and reports go")
    ap.add_argument("--results", type=Path, default=BENCH / "lighthouse.md", help="the Markdown table written")
    ap.add_argument("--pages", default="", help="comma-separated names of the pages to run: home, paper-math, "
                    "paper-nomath, tag, search (default: all)")
    ap.add_argument("--form-factors", default=",".join(FORM_FACTORS), help="mobile,desktop")
    args = ap.parse_args(argv)
    if not Path(CHROME).exists():
        raise SystemExit(f"{CHROME} is missing: install Debian's chromium (this benchmark never downloads a browser)")
    work = args.work.resolve() / "lighthouse"
    cli = install_lighthouse(args.work.resolve())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(work / "site")))
    port = server.server_address[1]
    base_url = f"http://127.0.0.1:{port}/"
    shutil.rmtree(work / "site", ignore_errors=True)
    build(work / "site", work / "cache", base_url)
    pages = pick_pages(work / "site")
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        pages = [p for p in pages if p.name in wanted]
        if unknown := wanted - {p.name for p in pages}:
            raise SystemExit(f"--pages: unknown page {', '.join(sorted(unknown))}")
    form_factors = [f for f in args.form_factors.split(",") if f]
    reports = work / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    results: dict[tuple[str, str], list[dict]] = {}
    loads: list[str] = []
    try:
        for run in range(args.runs):  # run by run, so that a burst of load spreads over every page
            for page in pages:
                for ff in form_factors:
                    load = load_average()
                    loads.append(load)
                    out = reports / f"{page.name}.{ff}.{run + 1}.json"
                    summary = summarize(run_lighthouse(cli, base_url + page.path, ff, out))
                    results.setdefault((page.name, ff), []).append(summary)
                    s = summary["scores"]
                    print(f"run {run + 1}/{args.runs} load {load}: {page.name} {ff}: "
                          + " ".join(f"{c} {s[c]}" for c in CATEGORIES), file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    table = render(pages, form_factors, results, loads, args.runs)
    print(table)
    args.results.write_text(table, encoding="utf-8")
    return 0


def render(pages: list[Page], form_factors: list[str], results: dict[tuple[str, str], list[dict]],
           loads: list[str], runs: int) -> str:
    lines = [f"# Lighthouse ({LIGHTHOUSE}, {Path(CHROME).name})", "",
             f"{dt.date.today()}, {platform.node()}, {os.cpu_count()} cores; "
             f"median of {runs} run{'s' if runs != 1 else ''}; `python bench/lighthouse.py --runs {runs}`.", "",
             f"Load average (1, 5, 15 min) before each run: {', '.join(loads)}.", "",
             "| page | form factor | performance | accessibility | best practices | SEO | CLS | LCP | TBT |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for page in pages:
        for ff in form_factors:
            runs_ = results[(page.name, ff)]
            scores = [statistics.median_low([r["scores"][c] for r in runs_]) for c in CATEGORIES]
            perf_all = "/".join(str(r["scores"]["performance"]) for r in runs_)
            metrics = [fmt.format(statistics.median([r["metrics"][short] for r in runs_]))
                       for _, short, _, fmt in METRICS]
            cells = [f"{scores[0]} ({perf_all})" if len(runs_) > 1 else str(scores[0]), *map(str, scores[1:])]
            lines.append(f"| {page.name} (`/{page.path}`) | {ff} | " + " | ".join(cells + metrics) + " |")
    lines += ["", "Performance cells: the median, then each run's score.", ""]
    failing_lines = []
    for page in pages:
        for ff in form_factors:
            seen: dict[str, set[str]] = {}
            for r in results[(page.name, ff)]:
                for c, audits in r["failing"].items():
                    seen.setdefault(c, set()).update(audits)
            for c in CATEGORIES:
                values: dict[str, list[str]] = {}  # an audit, then what it showed in each run
                for audit in sorted(seen.get(c, ())):
                    name, _, value = audit.partition("\t")
                    values.setdefault(name, []).append(value)
                for name, shown in values.items():
                    shown = [v for v in shown if v]
                    failing_lines.append(f"- {page.name}, {ff}, {c}: {name}" + (f" ({'; '.join(shown)})" if shown else ""))
    lines += ["## Audits below their best (in any run)", ""]
    lines += failing_lines or ["None."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
