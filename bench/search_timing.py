"""Time from the first keystroke to the first search results, in headless Chromium.

    python bench/search_timing.py --site OUT [--runs 3] [--selector '#search-results li']

Prints one JSON object. Serves OUT on 127.0.0.1 with a threaded http.server and drives Debian's
/usr/bin/chromium through Python Playwright (never a downloaded browser). Each run opens a fresh
browser context (an empty HTTP cache: "cold"), loads search/, waits for the `load` event, focuses the
search input and types the query with real key events; the page itself records performance.now() at
the first keydown and again when a MutationObserver first sees an element matching the results
selector that was not in the page before. "Warm" is a second query in the same page, once the first
has settled (no request for 500 ms): the input is cleared with keystrokes, the next query typed, and
the first new result element timed the same way.

It also lists what the browser fetched up to the first results (requests made before the cold
results appeared), which run.py reports next to its fixed-rule estimate of those bytes.
Run by bench/run.py in a separate process, with whichever Python has Playwright installed."""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

ARM = """([selector]) => {
  const seen = new Set(document.querySelectorAll(selector));
  const state = window.__bench = {t0: null, t1: null};
  const check = () => {
    if (state.t0 === null || state.t1 !== null) return;
    for (const el of document.querySelectorAll(selector)) {
      if (!seen.has(el)) { state.t1 = performance.now(); observer.disconnect(); return; }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true, attributes: true});
  document.addEventListener('keydown', () => { if (state.t0 === null) state.t0 = performance.now(); },
                            {capture: true, once: true});
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser context closed with requests in flight (a run ends at the first result) is expected."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def has_input(page: Path, selector: str) -> bool:
    """A cheap look at the HTML for an `#id` selector, so that a site without a search box needs no
    browser; any other selector is checked in the browser."""
    if not re.fullmatch(r"#[A-Za-z][\w-]*", selector):
        return True
    html = page.read_text(encoding="utf-8", errors="replace")
    return re.search(rf"""\bid\s*=\s*["']?{re.escape(selector[1:])}["'\s>]""", html) is not None


def timed_query(page, selector: str, query: str, timeout_ms: int, delay_ms: float = 0) -> float:
    page.evaluate(ARM, [selector])
    page.keyboard.type(query, delay=delay_ms)
    page.wait_for_function("() => window.__bench.t1 !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__bench.t1 - window.__bench.t0")


def fetched_files(site: Path, urls: list[str]) -> dict:
    """Bytes of the local files behind the URLs fetched, raw and gzipped at level 9."""
    files = []
    for url in urls:
        path = unquote(urlparse(url).path).lstrip("/")
        target = site / path
        if target.is_dir() or path == "":
            target = target / "index.html"
        if target.is_file():
            files.append(target.relative_to(site).as_posix())
    files = sorted(set(files))
    raw = sum((site / f).stat().st_size for f in files)
    gz = sum(len(gzip.compress((site / f).read_bytes(), compresslevel=9, mtime=0)) for f in files)
    return {"files": files, "raw": raw, "gzipped": gz}


def measure(site: Path, runs: int, selector: str, input_selector: str, query: str, warm_query: str,
            timeout_ms: int, delay_ms: float = 0) -> dict:
    if not (site / "search" / "index.html").exists():
        return {"status": "n/a", "reason": "no search page (search/index.html)"}
    if not has_input(site / "search" / "index.html", input_selector):
        return {"status": "n/a", "reason": f"the search page has no {input_selector}"}
    if not Path(CHROMIUM).exists():
        return {"status": "n/a", "reason": f"{CHROMIUM} is missing (apt-get install chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"status": "n/a", "reason": "Python Playwright is not installed"}
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    cold, warm, fetched = [], [], None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                for _ in range(runs):
                    context = browser.new_context()  # fresh context: empty HTTP cache, no storage
                    page = context.new_page()
                    urls: list[str] = []
                    page.on("request", lambda r, urls=urls: urls.append(r.url))
                    page.goto(base + "search/", wait_until="load")
                    if page.query_selector(input_selector) is None:
                        return {"status": "n/a", "reason": f"the search page has no {input_selector}"}
                    page.focus(input_selector)
                    cold.append(timed_query(page, selector, query, timeout_ms, delay_ms))
                    if fetched is None:
                        fetched = fetched_files(site, [u for u in urls if u.startswith(base)])
                    # Let the first query settle (results can arrive one by one) before the second.
                    page.wait_for_load_state("networkidle")
                    page.keyboard.press("Control+A")
                    page.keyboard.press("Backspace")
                    warm.append(timed_query(page, selector, warm_query, timeout_ms, delay_ms))
                    context.close()
            finally:
                browser.close()
    except Exception as e:  # a page that never shows results, a browser that will not start
        return {"status": "error", "reason": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                "cold_ms": cold, "warm_ms": warm}
    finally:
        server.shutdown()
    return {"status": "ok", "cold_ms": cold, "warm_ms": warm, "cold_median_ms": statistics.median(cold),
            "warm_median_ms": statistics.median(warm), "fetched": fetched}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="built site to serve")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--selector", default="#search-results li", help="a result element (default: %(default)s)")
    parser.add_argument("--input", default="#search-input", help="the search box (default: %(default)s)")
    parser.add_argument("--query", default="attention", help="cold query (default: %(default)s)")
    parser.add_argument("--warm-query", default="diffusion", help="second query (default: %(default)s)")
    parser.add_argument("--type-delay", type=float, default=0,
                        help="milliseconds between keystrokes (default: %(default)s, as fast as events go)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for results (default: %(default)s)")
    args = parser.parse_args(argv)
    result = measure(args.site.resolve(), args.runs, args.selector, args.input, args.query, args.warm_query,
                     int(args.timeout * 1000), args.type_delay)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
