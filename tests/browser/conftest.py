"""Fixtures for the browser tests: built sites served over HTTP, one headless Chromium, Node packages.

Everything expensive is built once per session: the shipped catalog (at `/`), the same catalog under
`/catalog/`, and a tiny hostile catalog. Each site is served by its own threaded http.server on a free
port. Chromium is Debian's `/usr/bin/chromium`, driven by Playwright; no browser is ever downloaded.

When Chromium, Playwright or the npm packages (`npm ci` in tests/browser) are missing, the tests skip
with the reason locally, and fail when the CI environment variable is set."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.build import build
from tests.sitecheck import make_tree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONTENT = ROOT / "content"
NODE_MODULES = HERE / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE = f"""---
title: '{HOSTILE_TITLE}'
slug: hostile
date: '2024-05-06'
authors_count: 2
sources:
- hostile.txt:1
---

Hostile <script>alert(2)</script> abstract about zebrafish <img src=y onerror=alert(3)> imaging.
"""
CALM = """---
title: Zebrafish larvae imaging at scale
slug: calm
date: '2023-01-02'
sources:
- calm.txt:1
---

A calm abstract about zebrafish and microscopes.
"""


# Papers with authors and venues (few shipped entries have either), for the author: field and the
# venue facet.
PEOPLE = {
    "papers/swim.md": """---
title: Zebrafish swimming read by spiking networks
slug: swim
date: '2024-03-01'
authors:
- Geoffrey Hinton
- Ada Lovelace
venue: NeurIPS 2023
sources:
- people.txt:1
---

Spiking networks decode how zebrafish larvae swim.
""",
    "papers/see.md": """---
title: Zebrafish vision with transformers
slug: see
date: '2024-02-01'
authors:
- Ada Lovelace
venue: ICML 2024
sources:
- people.txt:2
---

Transformers model what zebrafish see.
""",
    "papers/heart.md": """---
title: Zebrafish hearts regrow
slug: heart
date: '2024-01-01'
authors:
- Grace Hopper
venue: NeurIPS 2023
sources:
- people.txt:3
---

Zebrafish hearts regrow after injury, Hinton's rule notwithstanding.
""",
    "papers/calm.md": CALM,
}


# Papers whose text is hard to fit on a phone: a title with math and a word longer than the screen,
# forty authors, a long DOI, long links and a display formula wider than the screen; each has
# authors and a venue, so that the author, venue and venue-year pages exist too; and papers from a
# dozen years.
WIDE_AUTHORS = "".join(f"- {g} {f}\n" for g, f in zip(
    ["Aleksandr", "Mariya", "Sebastian", "Xiaohang", "Konstantinos", "Bartholomew", "Anastasiya", "Jean-Baptiste"] * 5,
    ["Vasilyevich-Kuznetsov", "Papadopoulou", "Schwarzenegger", "Zhangsun", "Chakrabartyanan", "Oyelaran-Oyeyinka",
     "Montgomery", "Abernathy", "Subramaniam", "Heinemann"] * 4))
WIDE = {
    "papers/wide.md": rf"""---
title: 'On the $\mathcal{{O}}(n^{{-1/2}})$ rate of score-based diffusion with Pneumonoultramicroscopicsilicovolcanoconiosisregularization'
slug: wide
date: '2024-06-01'
doi: 10.1175/1520-0469(1980)037<0497:TPMOCV>2.0.CO;2/supplementary-material-0123456789
authors:
{WIDE_AUTHORS}venue: NeurIPS 2024
links:
  code: https://github.com/an-extremely-long-organisation-name/an-extremely-long-repository-name-for-experiments
sources:
- wide.txt:1
---

We study $\widetilde{{O}}(n^{{-1}} t^{{-\frac{{d+2}}{{2}}}})$ rates, and a display wider than a phone:

$$\sum_{{i=1}}^{{n}} \left( \frac{{\partial^2 f(x_i)}}{{\partial x_i^2}} + \frac{{\partial^2 g(y_i)}}{{\partial y_i^2}} + \frac{{\partial^2 h(z_i)}}{{\partial z_i^2}} + \frac{{\partial^2 k(w_i)}}{{\partial w_i^2}} \right) = \int_0^\infty e^{{-t^2}} \, dt$$

See https://example.org/a/very/long/url/that/does/not/break/anywhere/because/it/has/no/spaces for details.
Running it costs $5 and $10 a month.
""",
    "papers/narrow.md": """---
title: Zebrafish larvae imaging at scale
slug: narrow
date: '2023-01-02'
authors:
- Ada Lovelace
venue: ICML 2023
sources:
- wide.txt:2
---

A calm abstract about zebrafish and microscopes.
""",
    # a paper a year since 2012: a papers-per-year chart wider than a phone
    **{f"papers/year-{y}.md": f"---\ntitle: Zebrafish imaging in {y}\nslug: year-{y}\ndate: '{y}-03-01'\nsources:\n- wide.txt:{y}\n---\n\nZebrafish.\n"
       for y in range(2012, 2023)},
}


def require(ok: bool, reason: str) -> None:
    """Skip locally when something the browser tests need is missing; fail on CI."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing browser-test dependency is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    require(shutil.which("node") is not None, "node is not installed")
    for package in ("lunr", "axe-core"):
        require((NODE_MODULES / package / "package.json").is_file(),
                f"tests/browser/node_modules/{package} is missing: run `npm ci` in tests/browser")
    return NODE_MODULES


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped catalog, built once, base path `/`."""
    out = tmp_path_factory.mktemp("www") / "site"
    build(CONTENT, out)
    return out


@dataclass
class Served:
    root: Path  # the directory the server serves
    url: str  # the site's URL, ending in `/`
    server: http.server.ThreadingHTTPServer = field(repr=False)


@pytest.fixture(scope="session")
def site(built_site) -> Iterator[Served]:
    server, host = _serve(built_site)
    yield Served(built_site, host + "/", server)
    server.shutdown()


@pytest.fixture(scope="session")
def catalog_site(tmp_path_factory) -> Iterator[Served]:
    """The shipped catalog built with `--base-url /catalog/`, served from that sub-path."""
    root = tmp_path_factory.mktemp("www-sub")
    build(CONTENT, root / "catalog", base_url="/catalog/")
    server, host = _serve(root)
    yield Served(root, host + "/catalog/", server)
    server.shutdown()


def _small_site(tmp_path_factory, name: str, papers: dict[str, str],
                vocabularies: tuple[str, ...] = ("tags.yml", "topics.yml")) -> Iterator[Served]:
    """A catalog of `papers` ({path: entry}) with the shipped `vocabularies`, built and served."""
    content = tmp_path_factory.mktemp(f"{name}-content")
    make_tree(content, {"catalog.yml": f"title: {name.title()} test catalog\n", **papers})
    for vocabulary in vocabularies:
        shutil.copy(CONTENT / vocabulary, content / vocabulary)
    out = tmp_path_factory.mktemp(f"www-{name}") / "site"
    build(content, out)
    server, host = _serve(out)
    yield Served(out, host + "/", server)
    server.shutdown()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Iterator[Served]:
    """A two-paper catalog, one paper titled with an HTML injection."""
    yield from _small_site(tmp_path_factory, "hostile", {"papers/hostile.md": HOSTILE, "papers/calm.md": CALM})


@pytest.fixture(scope="session")
def people_site(tmp_path_factory) -> Iterator[Served]:
    """Four papers, three with authors and a venue (`PEOPLE`)."""
    yield from _small_site(tmp_path_factory, "people", PEOPLE)


@pytest.fixture(scope="session")
def wide_site(tmp_path_factory) -> Iterator[Served]:
    """Two papers, one with text hard to fit on a phone (`WIDE`); with the venues, for venue pages."""
    yield from _small_site(tmp_path_factory, "wide", WIDE, ("tags.yml", "topics.yml", "venues.yml"))


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (scripts/test.sh installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package is missing (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what it reported: console errors, uncaught exceptions, dialogs."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

        def dialog(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    """A fresh page (own context: no cache, no history) that must end with no errors and no dialogs."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    w = Watched(context.new_page())
    yield w
    context.close()
    assert w.dialogs == [], "a dialog opened"
    assert w.errors == [], "the page reported errors"
