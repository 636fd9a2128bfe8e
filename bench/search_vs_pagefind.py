"""papercat's search and Pagefind's, side by side on the same built site, in headless Chromium.

    python bench/search_vs_pagefind.py --site OUT [--pagefind-python PY] [--runs 5] [--out FILE.md]

Pagefind (`pagefind[bin]` from PyPI, which ships its binary; in bench/requirements.txt, so
`python bench/run.py --anchors` installs it into bench/.work/venv, the default `--pagefind-python`) indexes the site's paper pages (`--glob "papers/*/index.html"`, the pages
papercat's index covers) into OUT/pagefind/, unless that exists already. Its page is a minimal one
written into OUT/pagefind-bench/: the same 100 ms pause after the last key as papercat's search page,
then `pagefind.search` and the data of the first 10 results (papercat's first step), each shown in
order as it arrives, as papercat shows them.

For each query, each run opens a fresh browser context (an empty HTTP cache), loads the page, types
the query and times keydown -> first result element (cold, bench/search_timing.py's clock), waits
until the network is idle, then clears the box and types the next query in the list (warm). Tools
alternate within every run. Bytes are those of the search's own files (papercat: search/, its
scripts and lunr; Pagefind: pagefind/) fetched for the first query (from page load) and for the next
one (from clearing the box), gzipped at level 9 (files Pagefind gzipped itself count as they are).
Top-5 overlap: how many of Pagefind's first 5 results are among papercat's first 5.

Prints per query and the medians, as a markdown table, also written to --out."""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_timing import ARGS, CHROMIUM, serve, timed_query  # noqa: E402

QUERIES = ["attention", "diffusion", "speech recognition", "graph neural network", "reinforcement learning",
           "recommendation", "mixture of experts", "video generation"]
PAUSE_MS = 100  # search.js's PAUSE_MS

PAGE = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Pagefind</title>
<input id="pf-input" type="search" autocomplete="off" aria-label="Search">
<ol id="pf-results"></ol>
<script type="module">
const pagefind = await import("../pagefind/pagefind.js");
pagefind.init();
const input = document.getElementById("pf-input"), list = document.getElementById("pf-results");
let timer = null, run = 0;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(go, %d); });
async function go() {
  const q = input.value.trim(), mine = ++run;
  if (!q) { list.textContent = ""; return; }
  const search = await pagefind.search(q);
  if (mine !== run) return;
  list.textContent = "";
  const wanted = search.results.slice(0, 10).map(r => r.data());
  for (const next of wanted) {  // in order, each as soon as it and those before it are here
    const d = await next;
    if (mine !== run) return;
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.meta.title || d.url;
    li.append(a);
    list.append(li);
  }
}
</script>
""" % PAUSE_MS

TOOLS = {  # name: (page, input, result element, result link, whether a fetched path is the search's own)
    "papercat": ("search/", "#search-input", "#search-results li", "#search-results a.result-link",
                 lambda p: (p.startswith("search/") and p != "search/index.html") or p.endswith(("search.js", "search-shards.js", "lunr.min.js"))),
    "pagefind": ("pagefind-bench/", "#pf-input", "#pf-results li", "#pf-results li a", lambda p: p.startswith("pagefind/")),
}


def wire_bytes(site: Path, paths: list[str]) -> int:
    total = 0
    for path in sorted(set(paths)):
        data = (site / path).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, compresslevel=9, mtime=0))
    return total


def local(site: Path, base: str, url: str) -> str | None:
    if not url.startswith(base):
        return None
    path = unquote(urlparse(url).path).lstrip("/")
    target = site / path
    if target.is_dir():
        path = (Path(path) / "index.html").as_posix()
    return path if (site / path).is_file() else None


def top5(page, links: str) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(links, "as => as.slice(0, 5).map(a => new URL(a.href).pathname)")


def one_run(browser, site: Path, base: str, tool: str, query: str, next_query: str) -> dict:
    page_path, input_sel, result_sel, links, own = TOOLS[tool]
    context = browser.new_context()
    try:
        page = context.new_page()
        fetched: list[list[str]] = [[]]
        page.on("request", lambda r: fetched[-1].append(r.url))
        page.goto(base + page_path, wait_until="load")
        page.focus(input_sel)
        cold = timed_query(page, result_sel, query, 30_000)
        best = top5(page, links)
        fetched.append([])
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        warm = timed_query(page, result_sel, next_query, 30_000)
        page.wait_for_load_state("networkidle")
        first, later = ([p for u in urls if (p := local(site, base, u)) and own(p)] for urls in fetched)
        return {"cold_ms": cold, "warm_ms": warm, "first_bytes": wire_bytes(site, first),
                "next_bytes": wire_bytes(site, later), "top5": best}
    finally:
        context.close()


def ensure_pagefind(site: Path, python: str) -> None:
    if (site / "pagefind" / "pagefind.js").exists():
        return
    subprocess.run([python, "-m", "pagefind", "--site", str(site), "--glob", "papers/*/index.html"], check=True)


def table(rows: dict, tools: list[str]) -> str:
    def kb(v: float) -> str:
        return f"{v / 1000:.0f} KB"

    head = ["query"]
    for col in ("first query", "next query", "cold", "warm"):
        head += [f"{col} {t}" for t in tools]
    if len(tools) == 2:
        head.append("top-5 overlap")
    out = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    medians = {t: {k: [] for k in ("first_bytes", "next_bytes", "cold_ms", "warm_ms")} for t in tools}
    overlaps = []
    for query, by_tool in rows.items():
        cells = [f"{query} → {by_tool['next']}"]
        for key, fmt in (("first_bytes", kb), ("next_bytes", kb), ("cold_ms", lambda v: f"{v:.0f} ms"),
                         ("warm_ms", lambda v: f"{v:.0f} ms")):
            for t in tools:
                v = statistics.median(r[key] for r in by_tool[t])
                medians[t][key].append(v)
                cells.append(fmt(v))
        if len(tools) == 2:
            a, b = by_tool[tools[0]][0]["top5"], by_tool[tools[1]][0]["top5"]
            overlaps.append(len(set(a) & set(b)))
            cells.append(f"{overlaps[-1]}/5")
        out.append("| " + " | ".join(cells) + " |")
    cells = ["**median**"]
    for key, fmt in (("first_bytes", kb), ("next_bytes", kb), ("cold_ms", lambda v: f"{v:.0f} ms"),
                     ("warm_ms", lambda v: f"{v:.0f} ms")):
        for t in tools:
            cells.append("**" + fmt(statistics.median(medians[t][key])) + "**")
    if len(tools) == 2:
        cells.append(f"**{statistics.median(overlaps):g}/5**")
    out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--pagefind-python", default=str(Path(__file__).resolve().parent / ".work" / "venv" / "bin" / "python"),
                    help="a python with the pagefind package (default: %(default)s, the bench venv)")
    ap.add_argument("--tools", default="papercat,pagefind")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--queries", default=",".join(QUERIES))
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    site, tools = args.site.resolve(), args.tools.split(",")
    queries = args.queries.split(",")
    if "pagefind" in tools:
        ensure_pagefind(site, args.pagefind_python)
        (site / "pagefind-bench").mkdir(exist_ok=True)
        (site / "pagefind-bench" / "index.html").write_text(PAGE, encoding="utf-8")
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                for i, query in enumerate(queries):
                    nxt = queries[(i + 1) % len(queries)]
                    rows[query] = {"next": nxt, **{t: [] for t in tools}}
                    for run in range(args.runs):
                        order = tools if run % 2 == 0 else tools[::-1]  # alternated
                        for t in order:
                            rows[query][t].append(one_run(browser, site, base, t, query, nxt))
                    print(json.dumps({"query": query, **{t: rows[query][t] for t in tools}}), file=sys.stderr, flush=True)
            finally:
                browser.close()
    finally:
        server.shutdown()
    text = table(rows, tools)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
