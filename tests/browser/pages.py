"""Opening one page in a browser context of its own (a phone's, a laptop's), as many browser tests do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def opened(browser, url: str, ready: str | None = None, **context) -> Iterator:
    """The page at `url` in a new context made with `context` (viewport, is_mobile ...), once `ready`
    (a JS condition) holds and KaTeX has typeset its math when it loads it; the context is closed
    after, whatever happens."""
    made = browser.new_context(**context)
    try:
        page = made.new_page()
        page.goto(url)
        if ready:
            page.wait_for_function(ready)
        if page.locator("script[src*='math.js']").count():
            page.wait_for_function("document.querySelector('.katex')")
        yield page
    finally:
        made.close()
