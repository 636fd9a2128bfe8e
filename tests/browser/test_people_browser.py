"""Author pages in Chromium (the shipped catalog names no authors, so these use the golden catalog,
which does): nothing scrolls sideways on a phone, and axe finds no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.build import build
from tests.browser.conftest import Served, _serve
from tests.browser.test_accessibility import violations
from tests.browser.test_layout import PHONE
from tests.golden import CONTENT

pytestmark = pytest.mark.browser

PAGES = ["people/", "people/k/", "people/lukasz-kaiser/", "papers/attention-is-all-you-need/", "authors/"]


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory) -> Iterator[Served]:
    out = tmp_path_factory.mktemp("www-golden") / "site"
    build(CONTENT, out, cache=out.parent / "cache")
    server, host = _serve(out)
    yield Served(out, host + "/", server)
    server.shutdown()


@pytest.mark.parametrize("path", PAGES)
def test_author_pages_fit_a_phone(browser, golden_site, path):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(golden_site.url + path)
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    finally:
        context.close()
    assert width[0] <= width[1], f"{path}: the page is {width[0]} px wide on a {width[1]} px screen"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_author_pages_have_no_serious_axe_violations(browser, golden_site, node_modules, scheme):
    context = browser.new_context()
    found: list[str] = []
    try:
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        for path in PAGES:
            page.goto(golden_site.url + path)
            page.wait_for_load_state("load")
            found += violations(page, node_modules / "axe-core" / "axe.min.js", path,
                                None if scheme == "light" else ["color-contrast"])
    finally:
        context.close()
    assert found == []


@pytest.mark.parametrize("query", ["lukasz", "Łukasz", "author:lukasz", "LUKASZ kaiser"])
def test_an_accented_name_is_found_typed_with_or_without_its_accents(browser, golden_site, query):
    """`muller` found nobody while Müller had papers: the index and the reader's words are folded alike
    (search_index.fold_accents, search.js `fold`)."""
    from urllib.parse import urlencode

    from tests.browser.test_search_browser import READY

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(golden_site.url + "search/?" + urlencode({"q": query}))
        page.wait_for_function(READY)
        titles = page.locator("#search-results li a").all_text_contents()
        status = page.locator("#search-status").text_content()
    finally:
        context.close()
    assert any("Attention Is All You Need" in t for t in titles), (query, titles)
    assert "Showing results for" not in status, status  # (found as typed, not by a spelling correction)


def test_a_search_result_shows_its_authors_and_venue_with_the_matched_name_marked(browser, golden_site):
    """A result found by `author:` or `venue:` showed neither, so it looked like a random match."""
    from tests.browser.test_search_browser import READY

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(golden_site.url + "search/?q=author%3Avaswani")
        page.wait_for_function(READY)
        first = page.locator("#search-results li").first
        shown = (first.locator(".authors").text_content(), first.locator(".authors mark").all_text_contents(),
                 first.locator(".venue").text_content())
    finally:
        context.close()
    assert shown == ("Ashish Vaswani, Noam Shazeer, Niki Parmar et al.", ["Vaswani"], "NeurIPS 2017")
