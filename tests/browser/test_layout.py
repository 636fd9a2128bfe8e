"""Layout on a phone (390 px) and the search page's stability (issue 19): no sideways scrolling, a
header that gets out of the way, filters above the results, readable charts, no layout shift while
search results arrive; plus the list items' snippet and links, and the tag table's first sort."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser.pages import opened

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
# Results are on screen, all of the first step: they arrive as their papers' docs files load, and a
# test that read the first few alone failed on a slow machine.
RESULTS = ("document.querySelectorAll('#search-results li').length > 0"
           " && document.getElementById('search-results').getAttribute('aria-busy') !== 'true'")

# The height of the part of the header on screen (0 when it has slid away).
HEADER_ON_SCREEN = """() => {
  const r = document.querySelector('.site-header').getBoundingClientRect();
  return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
}"""

# The smallest text in the charts as drawn: an SVG's text is scaled with its viewBox, HTML's is not.
SMALLEST_CHART_TEXT = """() => {
  const sizes = [];
  for (const t of document.querySelectorAll('svg.chart text')) {
    const m = t.getScreenCTM();
    sizes.push(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  }
  for (const t of document.querySelectorAll('.hbars .hbar-label, .hbars .hbar-value')) {
    sizes.push(parseFloat(getComputedStyle(t).fontSize));
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""

# Cumulative layout shift as Lighthouse counts it (shifts not caused by input), from page load on.
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""


@pytest.fixture
def phone(browser) -> Iterator:
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


# The page's width against the layout viewport's. Not innerWidth: on a phone (is_mobile) a page wider
# than the screen is zoomed out to fit, and innerWidth grows with it, so that the comparison passed on
# a page 718 px wide at 360 px. What sticks out (outside any box that scrolls or clips) is named.
PAGE_WIDTH = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (!r.width || r.right <= w + 0.5) continue;
    let p = e.parentElement, clipped = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= w + 0.5) { clipped = true; break; }
    }
    if (!clipped) out.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40));
  }
  return [document.documentElement.scrollWidth, w, out.slice(0, 5)];
}"""
PHONE_360 = {**PHONE, "viewport": {"width": 360, "height": 740}, "device_scale_factor": 3}


def assert_fits(page, path: str) -> None:
    width, screen, wide = page.evaluate(PAGE_WIDTH)
    assert width <= screen, f"{path}: the page is {width} px wide on a {screen} px screen: {wide}"


@pytest.mark.parametrize("path", ["", "all/", "papers/{paper}/", "search/?q=video", "authors/", "topics/", "tags/",
                                  "years/", "venues/", "venues/neurips/", "404.html"])
def test_no_horizontal_overflow_on_a_phone(phone, site, built_site, path):
    paper = sorted((built_site / "papers").iterdir())[0].name
    phone.goto(site.url + path.format(paper=paper))
    if path.startswith("search/"):
        phone.wait_for_function(RESULTS)
    assert_fits(phone, path)


@pytest.mark.parametrize("path", ["", "papers/wide/", "all/", "years/2024/", "authors/40/", "topics/computer-vision/",
                                  "people/", "people/v/", "people/aleksandr-vasilyevich-kuznetsov/", "venues/",
                                  "venues/neurips/", "venues/neurips/2024/", "search/?q=diffusion",
                                  "search/?q=venue:neurips", "search/?q=author:abernathy"])
def test_long_words_links_and_formulas_fit_a_360px_phone(browser, wide_site, path):
    """A word longer than the screen in a title, a long DOI and links, forty authors and a display
    formula wider than the screen: every kind of page still fits a 360 px phone (a formula scrolls
    in its own box), once KaTeX has typeset the math."""
    with opened(browser, wide_site.url + path, RESULTS if path.startswith("search/") else None, **PHONE_360) as page:
        assert_fits(page, path)


# Each link of the site's navigation: (text, its box as drawn, inside the screen's width and height).
NAV_LINKS = """() => [...document.querySelectorAll('.site-header nav a')].map(a => {
  const r = a.getBoundingClientRect();
  return [a.textContent, [r.left, r.top, r.right, r.bottom].map(Math.round),
          r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight];
})"""


@pytest.mark.parametrize("served, path", [("site", ""), ("site", "search/"), ("site", "venues/"), ("site", "all/"),
                                          ("people_site", "people/"), ("people_site", "search/")])
def test_every_navigation_link_is_on_screen_at_load_on_a_phone(phone, request, served, path):
    """Each section is one tap away on a phone: no link starts cut off or scrolled out of view, on
    the home page (no current section), on the last sections' pages, and with the Authors link."""
    phone.goto(request.getfixturevalue(served).url + path)
    phone.wait_for_timeout(100)  # (site.js has run)
    links = phone.evaluate(NAV_LINKS)
    assert len(links) >= 7 and [a for a in links if not a[2]] == [], f"{path}: links off screen {links}"


def test_header_gets_out_of_the_way_when_scrolled_on_a_phone(phone, site):
    phone.goto(site.url + "all/")
    assert phone.evaluate(HEADER_ON_SCREEN) > 0
    phone.mouse.wheel(0, 1500)
    phone.wait_for_function("scrollY > 1000")
    phone.wait_for_timeout(400)  # the slide takes 0.2 s
    assert phone.evaluate(HEADER_ON_SCREEN) <= 64
    phone.mouse.wheel(0, -300)  # scrolling back up brings it back
    phone.wait_for_timeout(400)
    assert phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().top") == 0


def test_filters_are_above_the_results_on_a_phone(phone, site):
    phone.goto(site.url + "search/?q=video")
    phone.wait_for_function(RESULTS)
    facets = phone.locator("#search-facets").bounding_box()
    first = phone.locator("#search-results li").first.bounding_box()
    assert facets["y"] + facets["height"] <= first["y"]
    assert not phone.evaluate("document.getElementById('search-filters').open"), "the panel starts closed"
    phone.click("#search-filters > summary")
    assert phone.is_visible("#facet-year-2024")
    # no keyboard hints on a touch screen
    assert phone.is_hidden("#search-hint")
    assert "/" not in phone.get_attribute("#site-search", "placeholder")


# Each result's chips: kind, text, shown, whether the query's words are marked in it; and its excerpt's
# height in lines, and whether some of it is cut off.
RESULT_CHIPS = """() => [...document.querySelectorAll('#search-results li')].map(li => ({
  chips: [...li.querySelectorAll('.chip')].map(c => ({tag: c.classList.contains('tag'), text: c.textContent,
    shown: c.getClientRects().length > 0, marked: !!c.querySelector('mark')})),
  lines: (s => s.getBoundingClientRect().height / parseFloat(getComputedStyle(s).lineHeight))(li.querySelector('.snippet')),
  cut: (s => s.scrollHeight > s.clientHeight + 1)(li.querySelector('.snippet')),
  marked: (s => [...s.querySelectorAll('mark')].some(m => m.getBoundingClientRect().bottom <= s.getBoundingClientRect().bottom + 1))(
    li.querySelector('.snippet'))}))"""


def test_a_phone_shows_a_result_s_topics_and_the_tags_its_words_are_in(browser, site):
    """Every tag on its own line made a phone's screen hold two results: a phone shows the topics and
    the tags that hold a word of the query (marked, as in the title), and four lines of the excerpt,
    with a word it was chosen for in sight. A laptop shows every tag."""
    def chips(context: dict) -> list[dict]:
        with opened(browser, site.url + "search/?q=video", RESULTS, **context) as page:
            return page.evaluate(RESULT_CHIPS)

    on_phone = chips(PHONE)
    tags = [c for r in on_phone for c in r["chips"] if c["tag"]]
    assert any(c["shown"] for c in tags) and any(not c["shown"] for c in tags), tags
    for c in tags:
        assert c["shown"] == ("video" in c["text"].lower()) == c["marked"], c
    assert all(c["shown"] for r in on_phone for c in r["chips"] if not c["tag"]), "topics are always shown"
    assert max(r["lines"] for r in on_phone) <= 4.05 and any(r["cut"] for r in on_phone)
    assert all(r["marked"] for r in on_phone if r["cut"]), "a cut excerpt still shows a word found"
    on_laptop = chips({"viewport": {"width": 1280, "height": 900}})
    for phone_result, laptop_result in zip(on_phone, on_laptop):  # (as many as each had on screen)
        assert [c["text"] for c in laptop_result["chips"]] == [c["text"] for c in phone_result["chips"]]
    assert all(c["shown"] for r in on_laptop for c in r["chips"])
    assert not any(r["cut"] for r in on_laptop), "a laptop shows the whole excerpt"


@pytest.mark.parametrize("path", ["", "authors/", "topics/", "years/"])
def test_chart_text_is_readable_on_a_phone(phone, site, path):
    phone.goto(site.url + path)
    smallest = phone.evaluate(SMALLEST_CHART_TEXT)
    assert smallest is not None and smallest >= 11, f"{path}: chart text of {smallest} px"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_search_page_layout_stays_put_while_results_arrive(browser, site, viewport):
    with opened(browser, site.url + "search/?q=video", RESULTS, viewport=viewport) as page:
        page.wait_for_timeout(300)
        cls = page.evaluate(CLS)
    assert cls < 0.1, f"cumulative layout shift {cls:.3f} at {viewport['width']} px"


def test_the_search_page_has_one_search_box_and_no_blank_screens_below_it(browser, site):
    """The header's box is hidden on the search page (its own box is there: two took a phone's first
    screen), and the filters' column, kept while empty, keeps its width but not its height (it
    made a page without results 1,978 px tall)."""
    with opened(browser, site.url + "search/?q=qqzzxq", viewport={"width": 1366, "height": 900}) as page:
        page.wait_for_function("document.getElementById('search-status').textContent.startsWith('No papers')")
        boxes = page.evaluate("[...document.querySelectorAll('input[type=search]')].filter(i => i.offsetParent).length")
        height = page.evaluate("document.documentElement.scrollHeight")
    assert boxes == 1
    assert height < 1.4 * 900, f"the search page without results is {height} px tall"
    with opened(browser, site.url, viewport={"width": 1366, "height": 900}) as page:
        assert page.is_visible("#site-search")  # (every other page keeps it)


def test_six_papers_fit_on_a_laptop_screen(browser, site):
    """A list is for scanning: on a 1280x720 laptop screen, six items (title, meta line, snippet) are on screen,
    whole, once the heading has scrolled away."""
    with opened(browser, site.url + "all/", viewport={"width": 1280, "height": 720}) as page:
        page.evaluate("window.scrollTo(0, document.querySelector('.paper-item').getBoundingClientRect().top + scrollY - 70)")
        page.wait_for_timeout(200)
        whole = page.evaluate("""() => [...document.querySelectorAll('.paper-item')].filter(li => {
          const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length""")
    assert whole >= 6, f"{whole} whole papers on a 1280x720 screen"


def test_tag_table_sorts_papers_most_first_on_the_first_click(watched, site):
    page = watched.page
    page.goto(site.url + "tags/")
    # (a count of a big catalog, written with a thousands separator: "1,234" sorted as 1)
    page.evaluate("document.querySelector('.tag-table tbody tr:last-child td.num').textContent = '1,234'")
    read = "cells => cells.map(c => +c.textContent.replace(/,/g, ''))"
    page.click("th:nth-child(2) button")
    counts = page.eval_on_selector_all(".tag-table tbody td.num", read)
    assert counts == sorted(counts, reverse=True) and counts[0] == 1234
    page.click("th:nth-child(2) button")
    counts = page.eval_on_selector_all(".tag-table tbody td.num", read)
    assert counts == sorted(counts) and counts[-1] == 1234


def test_list_items_have_a_snippet_and_links(built_site):
    """Without a browser: the built list pages carry each paper's snippet and its links."""
    html = (built_site / "all" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li class="paper-item">.*?</li>', html, re.S)
    assert 34 <= len(items) <= 66  # (about per_page: pages end where their papers' slugs say, chunks.py)
    # (out of the tab order: 50 expandable snippets were 50 more stops between a page's links)
    assert all('<details class="snippet"><summary class="math-scope" tabindex="-1">' in i for i in items)
    linked = [i for i in items if 'class="item-links"' in i]
    assert linked and all(re.search(r'<a href="https?://[^"]+" rel="nofollow noopener">(arXiv|PDF|Code|Project page)</a>', i)
                          for i in linked)
    assert len(html.encode()) < 1_200 * len(items), "a page of 50 papers stays light (about 60 KB)"


@pytest.mark.parametrize("path", ["all/", "people/aleksandr-vasilyevich-kuznetsov/", "venues/neurips/2024/"])
def test_math_in_a_listed_title_is_typeset(watched, wide_site, path):
    """A title's math is typeset in list items (every list, an author's page)
    as on its own page: it sits in a link, whose text math.js otherwise leaves alone."""
    page = watched.page
    page.goto(wide_site.url + path)
    title = page.locator(".paper-item-title a[href$='/papers/wide/']")
    title.locator(".katex").first.wait_for()
    assert "$" not in title.evaluate("a => [...a.querySelectorAll('.katex-html')].map(k => k.textContent).join('') + "
                                     "[...a.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')")


def test_only_the_math_the_build_marked_is_typeset(watched, wide_site):
    """Prices are text: "$5 and $10" stays as written, beside formulas typeset (KaTeX's auto-render,
    which found `$` pairs itself, set "5 and " as math). Every span the build marked is typeset."""
    page = watched.page
    page.goto(wide_site.url + "papers/wide/")
    page.locator(".abstract .katex").first.wait_for()
    marked, typeset, prose = page.evaluate("""() => {
      const spans = [...document.querySelectorAll('.math-scope .math')];
      const text = n => n.nodeType === 3 ? n.textContent : n.classList && n.classList.contains('math') ? '' :
                        [...n.childNodes].map(text).join('');
      return [spans.length, spans.filter(s => s.querySelector('.katex')).length,
              [...document.querySelectorAll('.math-scope')].map(text).join(' ')];
    }""")
    assert marked == typeset == 3  # (the title's, the abstract's and the display in the notes)
    assert "costs $5 and $10 a month" in " ".join(prose.split())


# The newest year's column as drawn, and the chart's box: is the column inside what the box shows?
NEWEST_COLUMN_SHOWN = """() => [...document.querySelectorAll('.chart-box')].filter(b => b.querySelector('svg.chart')).map(box => {
  const b = box.getBoundingClientRect(), bars = box.querySelectorAll('rect.bar'), last = bars[bars.length - 1].getBoundingClientRect();
  return [box.scrollWidth > box.clientWidth, last.left >= b.left && last.right <= b.right];
})"""


@pytest.mark.parametrize("path", ["", "years/"])
def test_year_chart_shows_the_newest_years_on_a_phone(browser, wide_site, path):
    """Papers per year over 13 years is wider than a 360 px phone: it scrolls in its box, starting at
    the newest year (it started at the oldest, the newest cut off with nothing to say there were more)."""
    with opened(browser, wide_site.url + path, **PHONE_360) as page:
        charts = page.evaluate(NEWEST_COLUMN_SHOWN)
    assert charts == [[True, True]], f"{path}: [wider than its box, newest column shown] {charts}"


def test_year_chart_shrinks_to_fit_a_wide_screen(browser, wide_site):
    """From a new user's review: 13 years (580 px) in the home page's 530 px box on a 1,366 px screen
    scrolled, and the oldest years were cut off with nothing to ask for a scroll. A chart a little
    wider than its box is shrunk to fit, its text no smaller than 9 px."""
    with opened(browser, wide_site.url, viewport={"width": 1366, "height": 768}) as page:
        shown = page.evaluate("""() => [...document.querySelectorAll('.chart-box')].filter(b => b.querySelector('svg.chart'))
          .map(box => { const b = box.getBoundingClientRect();
            return [box.scrollWidth > box.clientWidth, [...box.querySelectorAll('rect.bar')].every(r => {
              const c = r.getBoundingClientRect(); return c.left >= b.left && c.right <= b.right; })]; })""")
        smallest = page.evaluate(SMALLEST_CHART_TEXT)
    assert shown == [[False, True]], f"[wider than its box, every column shown] {shown}"
    assert smallest >= 9


def test_year_chart_sits_at_the_left_when_it_fits(browser, site):
    with opened(browser, site.url + "years/", viewport={"width": 1366, "height": 768}) as page:
        gap = page.evaluate("""() => { const box = document.querySelector('.chart-box'), svg = box.querySelector('svg');
          return svg.getBoundingClientRect().left - box.getBoundingClientRect().left; }""")
    assert gap < 20, f"the chart starts {gap} px into its box"


# The height of each link matching `selector` as drawn (the links on screen only).
TAP_HEIGHTS = """selector => [...document.querySelectorAll(selector)].map(a => {
  const r = a.getBoundingClientRect(); return [a.textContent.trim(), Math.round(r.height)];
}).filter(([, h]) => h > 0)"""


@pytest.mark.parametrize("path, selector, least", [
    ("all/", ".site-header nav a", 40),
    ("all/page/2/", ".pager a", 44),
    ("all/", ".sort a", 40),
    ("venues/", ".venue-list .years a", 40),
])
def test_links_between_pages_are_finger_sized_on_a_phone(phone, site, path, selector, least):
    """On a touch screen the sections, the pager, the sort orders and a venue's years are at least
    `least` px tall (they were 16 to 28)."""
    phone.goto(site.url + path)
    heights = phone.evaluate(TAP_HEIGHTS, selector)
    assert heights and all(h >= least for _, h in heights), f"{path} {selector}: {heights}"


def test_pager_puts_previous_and_next_on_one_row_on_a_phone(browser, site):
    with opened(browser, site.url + "all/page/2/", **PHONE_360) as page:
        tops = page.evaluate("""() => Object.fromEntries(['a[rel=prev]', '.pager-at', 'a[rel=next]', '.pager-num']
          .map(s => [s, Math.round(document.querySelector('.pager ' + s).getBoundingClientRect().top)]))""")
    assert tops["a[rel=prev]"] == tops["a[rel=next]"] and tops[".pager-num"] > tops["a[rel=next]"], tops


# Where the theme button and the search box are, and how tall the header is.
HEADER_ROWS = """() => { const q = s => document.querySelector(s).getBoundingClientRect();
  return [Math.round(q('.site-header').height), Math.round(q('.theme-toggle').top + q('.theme-toggle').height / 2),
          Math.round(q('.search-box').top + q('.search-box').height / 2)]; }"""


@pytest.mark.parametrize("width", [1366, 1100, 1024, 800, 700])
def test_theme_button_stays_beside_the_search_box(browser, wide_site, width):
    """Eight sections (Authors and Venues): at 1366 px the header is one row; narrower, the search box
    and the theme button wrap together (the button was left alone on a row, a 100 px header)."""
    with opened(browser, wide_site.url + "all/", viewport={"width": width, "height": 768}) as page:
        assert page.locator(".site-header nav a").count() == 8
        height, toggle, search = page.evaluate(HEADER_ROWS)
        box, text = page.evaluate("""() => { const i = document.getElementById('site-search'), c = document.createElement('canvas').getContext('2d');
          c.font = getComputedStyle(i).font; return [i.clientWidth, c.measureText(i.placeholder).width]; }""")
    assert abs(toggle - search) <= 4, f"{width} px: the theme button at {toggle}, the search box at {search}"
    assert text + 20 <= box, f"{width} px: the placeholder ({text:.0f} px) is cut in a {box} px box"
    if width == 1366:
        assert height < 70, f"a {height} px header at 1366 px"


def test_focus_stays_below_the_sticky_header(watched, site):
    """Shift+Tab up a list on a laptop: each focused link scrolls into view below the sticky header,
    not under it (scroll-padding-top from the header's height)."""
    page = watched.page
    page.goto(site.url + "all/")
    page.wait_for_timeout(100)  # (site.js has run)
    page.evaluate("document.querySelector('.pager a').focus()")
    hidden = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        top, bottom, text = page.evaluate("""() => [document.activeElement.getBoundingClientRect().top,
          document.querySelector('.site-header').getBoundingClientRect().bottom, document.activeElement.textContent.trim()]""")
        if top < bottom - 1:
            hidden.append((text[:30], round(top), round(bottom)))
    assert hidden == [], f"focused links under the header: {hidden}"


def test_a_long_author_list_folds_on_the_paper_page(phone, wide_site):
    """Forty authors: ten names, then "and 30 more" opening the rest; the abstract starts within two
    screens of the top on a phone (the names alone took a screen)."""
    phone.goto(wide_site.url + "papers/wide/")
    shown = phone.locator(".facts .author-list").first.locator("a")
    assert shown.count() == 10
    assert phone.locator(".more-authors summary").inner_text() == "and 30 more"
    assert not phone.locator(".more-authors .author-list a").first.is_visible()
    top = phone.evaluate("document.getElementById('abstract-h').getBoundingClientRect().top")
    assert top < 2 * 844, f"the abstract starts at {top} px"
    phone.click(".more-authors summary")
    assert phone.locator(".more-authors .author-list a").count() == 30
    assert phone.locator(".more-authors .author-list a").last.is_visible()


def test_show_the_results_closes_the_filters_on_a_phone(phone, site):
    """The open filter panel is taller than a phone's screen, the results below it: its button, kept
    at the foot of the screen, closes it and brings the results into view."""
    phone.goto(site.url + "search/?q=video")
    phone.wait_for_function(RESULTS)
    assert phone.is_hidden("#search-filters-done")
    phone.click("#search-filters > summary")
    phone.locator("#facet-year-2024").scroll_into_view_if_needed()
    phone.check("#facet-year-2024")
    phone.wait_for_function("location.search.includes('year=2024')")
    done = phone.locator("#search-filters-done").bounding_box()
    assert done["y"] + done["height"] <= 844 and done["height"] >= 44, done
    phone.click("#search-filters-done")
    assert not phone.evaluate("document.getElementById('search-filters').open")
    first = phone.locator("#search-results li").first.bounding_box()
    assert 0 <= first["y"] < 844, first


def test_no_show_the_results_button_beside_the_results(watched, site):
    page = watched.page
    page.goto(site.url + "search/?q=video")
    page.wait_for_function(RESULTS)
    assert page.is_hidden("#search-filters-done")


def test_a_list_page_says_which_page_it_is_at_the_top(built_site):
    """Without a browser: the line under a paginated list's heading says the page (it was only in
    the tab's title and the pager at the foot), and a list of one page says nothing of pages. The
    list's total is on its first page only (a page after it changes only when its own papers do)."""
    first = (built_site / "all" / "index.html").read_text(encoding="utf-8")
    second = (built_site / "all" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    pages = len(list((built_site / "all" / "page").iterdir())) + 1
    assert re.search(rf'<p class="count">\d+ papers · page 1 of {pages}</p>', first)
    assert f'<p class="count">Page 2 of {pages}</p>' in second
    one = next(p for p in sorted((built_site / "tags").glob("*/index.html")) if not (p.parent / "page").exists())
    assert "page 1 of" not in one.read_text(encoding="utf-8")


def test_filter_rows_are_finger_sized_on_a_phone(phone, site):
    """Each filter's label (which ticks its box) fills a row at least 36 px tall on a touch screen
    (rows were 28 px, the boxes 13 px)."""
    phone.goto(site.url + "search/?q=video")
    phone.wait_for_function(RESULTS)
    phone.click("#search-filters > summary")
    heights = phone.evaluate("[...document.querySelectorAll('.facet li label')].map(l => Math.round(l.getBoundingClientRect().height))"
                             ".filter(h => h > 0)")  # (values of no result are hidden)
    assert heights and min(heights) >= 36, heights
