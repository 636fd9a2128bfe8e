"""Feeds, sitemap and robots.txt are valid with and without a site URL: every feed parses cleanly
with feedparser, sitemaps validate against the sitemaps.org schemas (shipped in tests/fixtures),
and without a full site URL nothing that needs one is written, with exactly one warning."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import xmlschema

from generator import feeds
from generator.build import build
from generator.cli import main
from generator.config import load_config
from generator.errors import PapercatError
from generator.model import Paper
from tests.sitecheck import html_pages, make_tree

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_URL = "https://example.org/catalog/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def sitemap_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(FIXTURES / "sitemap.xsd"))


def _small(root: Path, catalog: str = "title: Tiny catalog\n") -> Path:
    """Three papers: a dated one whose title and abstract hold markup and `&` (characters XML 1.0
    forbids are refused in entries: test_hardening.py; feeds drop them too: below), one with only a
    month, and an undated one."""
    make_tree(root, {
        "catalog.yml": catalog,
        "papers/bell.md": "---\ntitle: \"Bell & <b>bold</b>\"\nslug: bell\ndate: '2024-03-05'\n---\n\n"
                          "An abstract with a <control> character & attention in transformers.\n",
        "papers/month.md": "---\ntitle: Only a month\nslug: month\ndate: '2023-11'\n---\n\nA month-dated abstract in $\\mathcal{O}(n^2)$ "
                          "time, with $\\beta$ math, 5\\% of it.\n",
        "papers/undated.md": "---\ntitle: Undated paper\nslug: undated\n---\n\nNo date here.\n",
    })
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The shipped catalog and the small one, each built with and without a site URL."""
    tmp = tmp_path_factory.mktemp("feeds")
    small = _small(tmp / "small")
    small_with_url = _small(tmp / "small-url", f"title: Tiny catalog\nsite_url: {SITE_URL}\n")
    out = {}
    for name, content, base_url in (("shipped", ROOT / "content", None), ("shipped+url", ROOT / "content", SITE_URL),
                                    ("small", small, None), ("small+url", small_with_url, None)):
        out[name] = tmp / name / "site"
        build(content, out[name], base_url=base_url, cache=tmp / f"{name}-cache")
    return out


def _feeds(site: Path) -> list[Path]:
    return [site / "feed.xml"] + sorted((site / "topics").glob("*/feed.xml")) + sorted((site / "tags").glob("*/feed.xml"))


@pytest.mark.parametrize("name", ["shipped", "shipped+url", "small", "small+url"])
def test_every_feed_parses_cleanly_with_full_ids_and_real_dates(sites, name):
    site, with_url = sites[name], name.endswith("+url")
    id_start = SITE_URL if with_url else "tag:papercat,2026:"
    found = _feeds(site)
    assert len(found) > (1 if name.startswith("shipped") else 0)
    for path in found:
        parsed = feedparser.parse(path.read_bytes())
        where = path.relative_to(site)
        assert not parsed.bozo, (where, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", where
        assert parsed.feed.id.startswith(id_start), where
        assert parsed.feed.author, where  # (covers every entry: entries have no author of their own)
        assert parsed.feed.updated_parsed.tm_year > 1970, where
        assert parsed.entries, where
        for e in parsed.entries:
            assert e.id.startswith(id_start) and e.title and e.summary is not None, (where, e.id)
            assert e.updated_parsed.tm_year > 1970, (where, e.id)
            assert e.updated_parsed <= parsed.feed.updated_parsed, (where, e.id)
            assert e.link.startswith(SITE_URL if with_url else "/papers/"), (where, e.link)
    text = (site / "feed.xml").read_text(encoding="utf-8")
    assert "1970" not in text
    assert len(set(re.findall(r"<id>(.*)</id>", text))) == text.count("<id>")  # (ids are unique)


def test_math_in_an_abstract_is_text_where_no_katex_typesets_it(sites):
    """Feed readers and link previews show no TeX source: the summary and the page's description
    have the abstract's math as Unicode text, and its stray escapes decoded (`5\\%`)."""
    raw = (sites["small"] / "feed.xml").read_text(encoding="utf-8")
    entry = next(e for e in feedparser.parse(raw.encode()).entries if e.title == "Only a month")
    assert entry.summary == "A month-dated abstract in 𝒪(n^2) time, with β math, 5% of it."
    page = (sites["small"] / "papers" / "month" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="A month-dated abstract in 𝒪(n^2) time, with β math, 5% of it.">' in page


def test_a_paper_without_an_abstract_has_no_empty_summary_and_both_feeds_are_advertised(tmp_path):
    """An import without an abstract gave `<summary></summary>`; the JSON Feed was made but no page
    pointed to it."""
    content = _small(tmp_path / "content")
    (content / "papers" / "bare.md").write_text("---\ntitle: A bare record\nslug: bare\ndate: '2024-04-01'\n---\n",
                                                encoding="utf-8")
    out = tmp_path / "site"
    build(content, out, cache=tmp_path / "cache")
    raw = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<summary></summary>" not in raw
    entries = {e.title: e for e in feedparser.parse(raw.encode()).entries}
    assert "summary" not in entries["A bare record"] and entries["Only a month"].summary
    head = (out / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    links = dict(re.findall(r'<link rel="alternate" type="([^"]+)"[^>]* href="([^"]+)"', head))
    assert set(links) == {"application/atom+xml", "application/feed+json"}
    feed = json.loads((out / links["application/feed+json"].lstrip("/")).read_text())
    assert feed["version"].startswith("https://jsonfeed.org/version/1")
    items = {i["title"]: i for i in feed["items"]}
    assert "summary" not in items["A bare record"] and items["A bare record"]["content_text"] == ""  # (required)
    assert items["Only a month"]["content_text"].endswith("with β math, 5% of it.")  # (as the Atom summary)


def test_ids_are_the_same_from_build_to_build_and_name_the_catalog(sites, tmp_path):
    again = tmp_path / "again"
    build(ROOT / "content", again, cache=tmp_path / "cache")
    assert (again / "feed.xml").read_bytes() == (sites["shipped"] / "feed.xml").read_bytes()
    first = feedparser.parse((sites["shipped"] / "feed.xml").read_bytes())
    assert first.feed.id == "tag:papercat,2026:attention-experts-and-streams/feed.xml"
    slug = first.entries[0].link.split("/")[2]
    assert first.entries[0].id == f"tag:papercat,2026:attention-experts-and-streams/papers/{slug}/"


def test_undated_papers_take_the_catalogs_newest_date_and_month_dates_the_first_day(sites):
    for name in ("small", "small+url"):
        entries = {e.title: e for e in feedparser.parse((sites[name] / "feed.xml").read_bytes()).entries}
        assert entries["Undated paper"].updated == "2024-03-05T00:00:00Z"
        assert entries["Only a month"].updated == "2023-11-01T00:00:00Z"


def test_markup_in_feed_text_is_escaped(sites):
    raw = (sites["small"] / "feed.xml").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", raw)
    entry = next(e for e in feedparser.parse(raw.encode()).entries if e.title.startswith("Bell"))
    assert entry.title == "Bell & <b>bold</b>"
    assert "a <control> character & attention" in entry.summary
    assert "<title>Bell &amp; &lt;b&gt;bold&lt;/b&gt;</title>" in raw


def test_with_a_site_url_the_sitemap_is_valid_and_full(sites, sitemap_schema):
    for name in ("shipped+url", "small+url"):
        site = sites[name]
        sitemap_schema.validate(str(site / "sitemap.xml"))
        locs = [e.text for e in xmlschema.XMLResource(str(site / "sitemap.xml")).root.iter(f"{SITEMAP_NS}loc")]
        pages = {SITE_URL + p.relative_to(site).parent.as_posix().removeprefix(".") for p in html_pages(site)
                 if p.name == "index.html" and "/upvotes" not in p.relative_to(site).as_posix()
                 and p.relative_to(site).parts[0] != "search"}  # (other orders defer to the default; search is no page to index)
        assert {u.rstrip("/") for u in locs} == {u.rstrip("/") for u in pages}
        assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_with_a_site_url_paper_pages_have_full_canonical_and_json_ld_urls(sites):
    page = sites["small+url"] / "papers" / "month" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}papers/month/">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["url"] == f"{SITE_URL}papers/month/"
    assert f"url = {{{SITE_URL}papers/month/}}" in html  # (BibTeX)
    assert 'href="/catalog/sitemap.xml"' in html


@pytest.mark.parametrize("name", ["shipped", "small"])
def test_without_a_site_url_nothing_needs_one(sites, name):
    site = sites[name]
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html and "sitemap.xml" not in html, page
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
        if match:
            assert "url" not in json.loads(match.group(1)), page
        assert not re.search(r"url = \{/", html), page  # (no path in a BibTeX url)


def test_without_a_site_url_the_build_warns_exactly_once(tmp_path, capsys):
    content = _small(tmp_path / "content")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "cache")]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err == (f"warning: {content}/catalog.yml: site_url: not set, so the site has no sitemap.xml, no Sitemap "
                   "line in robots.txt and no canonical links, and its feeds are identified by tag: URIs (hint: add "
                   "`site_url: https://example.org/catalog/` to catalog.yml or pass a full --base-url)\n")
    assert main(args) == 0  # nothing changed: still said, once
    assert capsys.readouterr().err == err
    assert main(args + ["--base-url", SITE_URL]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "site" / "sitemap.xml").is_file()


def test_a_big_site_gets_a_sitemap_index(monkeypatch, tmp_path):
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 2)
    made = feeds.sitemaps(SITE_URL, [(u, None) for u in ["", "a/", "b/", "c/", "d/"]])
    assert sorted(made) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = xmlschema.XMLSchema(str(FIXTURES / "siteindex.xsd"))
    index.validate(made["sitemap.xml"])
    assert f"<loc>{SITE_URL}sitemap-3.xml</loc>" in made["sitemap.xml"]
    urlset = xmlschema.XMLSchema(str(FIXTURES / "sitemap.xsd"))
    for name in ("sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"):
        urlset.validate(made[name])
    assert f"<loc>{SITE_URL}d/</loc>" in made["sitemap-3.xml"]


def test_a_relative_loc_fails_the_shipped_schema(sitemap_schema):
    """(The schema is the real one: it refuses what the old sitemap held.)"""
    assert not sitemap_schema.is_valid('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       "<url><loc>/</loc></url></urlset>")


def test_feed_text_drops_what_xml_forbids():
    paper = Paper("p", "T\x00i\ufffet\x1fle", "Body", "p.md", date="2024")
    text = feeds.atom("Feed\x0c", "A\x08", "tag:papercat,2026:x/feed.xml", "/", "/feed.xml", [paper], {"p": "S\x02"},
                      {"p": "tag:papercat,2026:x/papers/p/"}, {"p": "/papers/p/"}, feeds.NO_DATE)
    parsed = feedparser.parse(text.encode())
    assert not parsed.bozo
    assert (parsed.feed.title, parsed.entries[0].title, parsed.entries[0].summary) == ("Feed", "Title", "S")
    assert parsed.entries[0].updated == "2024-01-01T00:00:00Z"


def test_a_feed_of_a_catalog_without_any_date_is_dated_by_papercat_not_1970():
    paper = Paper("p", "Title", "Body", "p.md")
    text = feeds.atom("F", "A", "tag:x", "/", "/feed.xml", [paper], {"p": "S"}, {"p": "tag:y"}, {"p": "/p/"},
                      feeds.NO_DATE)
    assert "<updated>2026-01-01T00:00:00Z</updated>" in text and "1970" not in text


# --- site_url and base_url ------------------------------------------------------------------------

def _config(tmp_path: Path, catalog: str, base_url: str | None = None):
    make_tree(tmp_path, {"catalog.yml": catalog})
    cfg = load_config(tmp_path, base_url)
    return cfg.site_url, cfg.base_path


@pytest.mark.parametrize("catalog, cli, want", [
    ("title: T\n", None, ("", "/")),
    ("title: T\n", "/preview/", ("", "/preview/")),
    ("site_url: https://example.org/papers\n", None, ("https://example.org/papers/", "/papers/")),
    ("site_url: https://example.org/papers/\nbase_url: /papers/\n", None, ("https://example.org/papers/", "/papers/")),
    ("base_url: https://example.org/c/\n", None, ("https://example.org/c/", "/c/")),
    ("base_url: /c/\n", None, ("", "/c/")),
    # A full --base-url (the workflow's Pages address) is the site URL; a path moves the site on the same host.
    ("site_url: https://example.org/papers/\n", "https://owner.github.io/repo", ("https://owner.github.io/repo/", "/repo/")),
    ("site_url: https://example.org/papers/\n", "/pr-7/", ("https://example.org/pr-7/", "/pr-7/")),
])
def test_site_url_and_base_url_resolve_to_one_address(tmp_path, catalog, cli, want):
    assert _config(tmp_path, catalog, cli) == want


@pytest.mark.parametrize("catalog, message", [
    ("site_url: /papers/\n", "catalog.yml:1: site_url: must be a full http(s) URL (got '/papers/') "
                             "(hint: e.g. https://example.org/catalog/)"),
    ("site_url: 'javascript:alert(1)//'\n", "catalog.yml:1: site_url: must be a full http(s) URL"),
    ("site_url: https://example.org/?q=1\n", "catalog.yml:1: site_url: must be a full http(s) URL"),
    ("site_url: 7\n", "catalog.yml:1: site_url: must be text (got 7)"),
    ("per_page: fifty\n", "catalog.yml:1: per_page: must be a whole number (got 'fifty') (hint: e.g. per_page: 50 "
                          "(the default))"),
    ("per_page: 0\n", "catalog.yml:1: per_page: must be a whole number of at least 1 (got 0) (hint: e.g. per_page: "
                      "50 (the default))"),
    ("related: -1\n", "catalog.yml:1: related: must be a whole number of at least 0 (none) (got -1)"),
    ("show_sources: 1\n", "catalog.yml:1: show_sources: must be true or false (got 1) (hint: e.g. show_sources: "
                          "false (the default))"),
    ("site_url: https://example.org/papers/\nbase_url: /other/\n",
     "catalog.yml:2: base_url: disagrees with site_url (got '/other/') (hint: give only site_url: its path is "
     "where the site is served)"),
])
def test_a_bad_site_url_is_an_error_that_names_the_line(tmp_path, catalog, message):
    with pytest.raises(PapercatError) as e:
        _config(tmp_path, catalog)
    assert message in str(e.value)


@pytest.mark.parametrize("name", ["shipped", "shipped+url"])
def test_every_topic_and_tag_has_a_feed_linked_from_its_page(sites, name):
    site = sites[name]
    for kind, index in (("topic", "topics"), ("tag", "tags")):
        keys = sorted(p.parent.name for p in (site / index).glob("*/index.html"))
        assert keys and sorted(p.parent.name for p in (site / index).glob("*/feed.xml")) == keys, kind
        page = (site / index / keys[0] / "index.html").read_text(encoding="utf-8")
        assert f'type="application/atom+xml"' in page and f"{index}/{keys[0]}/feed.xml" in page


@pytest.mark.parametrize("name", ["shipped", "shipped+url", "small"])
def test_the_json_feed_parses_and_needs_no_site_url(sites, name):
    site, with_url = sites[name], name.endswith("+url")
    raw = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    # feedparser 6.0 reads no JSON Feed: the spec's requirements (jsonfeed.org/version/1.1), checked here.
    assert raw["version"] == "https://jsonfeed.org/version/1.1" and raw["title"] and isinstance(raw["items"], list)
    assert all(isinstance(i["id"], str) and i["id"] and ("content_text" in i or "content_html" in i)
               for i in raw["items"])
    assert set(raw) <= {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
                        "icon", "favicon", "authors", "language", "expired", "hubs", "items"}
    atom = feedparser.parse((site / "feed.xml").read_bytes())
    assert [i["id"] for i in raw["items"]] == [e.id for e in atom.entries]  # the same newest papers
    assert [i["title"] for i in raw["items"]] == [e.title for e in atom.entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", i["date_published"]) for i in raw["items"])
    if with_url:
        assert raw["feed_url"] == SITE_URL + "feed.json" and all(i["url"].startswith(SITE_URL) for i in raw["items"])
    else:  # (JSON Feed's URLs must be full ones: left out)
        assert "feed_url" not in raw and not any("url" in i for i in raw["items"])


@pytest.mark.parametrize("name", ["shipped", "shipped+url"])
def test_the_opml_file_lists_every_feed(sites, name):
    site = sites[name]
    root = ElementTree.parse(site / "feeds.opml").getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    listed = [o.get("xmlUrl") for o in root.iter("outline")]
    prefix = SITE_URL if name.endswith("+url") else "/"
    assert all(u.startswith(prefix) for u in listed)
    assert sorted(u[len(prefix):] for u in listed) == sorted(p.relative_to(site).as_posix() for p in _feeds(site))




def test_a_group_feed_holds_its_most_recently_added_papers_in_that_order(tmp_path):
    """Each topic's and tag's feed: the group's papers by day added, latest first, ties newest
    paper first (as the lists), cut at `feed_size`. The shipped catalog, its papers added over a
    week (it was imported in one day), so that this order is not the catalog's own."""
    from generator.catalog import derive, load

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for i, entry in enumerate(sorted((content / "papers").glob("*.md"))):
        text = entry.read_text(encoding="utf-8")
        entry.write_text(re.sub(r"^added: .*$", f"added: '2026-11-{10 + i * 7 % 5}'", text, count=1, flags=re.M),
                         encoding="utf-8")
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    loaded = load(content)
    catalog = derive(loaded.papers, loaded.vocab)
    size, longer = loaded.config.feed_size, 0
    for kind, index, groups in (("topic", "topics", catalog.topics), ("tag", "tags", catalog.tags)):
        for key, group in groups.items():
            members = [catalog.papers[s] for s in group.papers]  # (newest first)
            want = [p.slug for p in sorted(members, key=lambda p: p.added or "", reverse=True)][:size]
            feed = feedparser.parse((tmp_path / "site" / index / key / "feed.xml").read_bytes())
            assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries] == want, (kind, key)
            longer += len(members) > size and [p.slug for p in members][:size] != want
    assert longer >= 3


def test_an_entry_is_updated_the_day_it_joined_the_catalog_published_on_its_date_and_names_its_authors():
    """A 2017 paper added today was dated 2017 and sank below a month of new additions in a reader
    sorting by date; and every entry took the catalog's title as its author. (The golden site's feeds:
    test_golden checks that a build makes them.)"""
    out = FIXTURES / "golden" / "site"
    entries = {e.title: e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    attention = entries["Attention Is All You Need"]
    assert (attention.updated, attention.published) == ("2026-11-28T00:00:00Z", "2017-06-12T00:00:00Z")
    assert [a["name"] for a in attention.authors][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    items = {i["title"]: i for i in json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]}
    assert items["Attention Is All You Need"]["date_published"] == "2026-11-28T00:00:00Z"
    assert items["Attention Is All You Need"]["authors"][6] == {"name": "Łukasz Kaiser"}


def test_a_paper_pages_lastmod_is_the_day_it_joined_the_catalog():
    """It was the paper's publication date (2017 for a page made in 2026), or the day it was added
    when only a month was known: one field, two meanings."""
    root = ElementTree.parse(FIXTURES / "golden" / "site" / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    assert lastmod["https://example.org/golden/papers/attention-is-all-you-need/"] == "2026-11-28"
    assert {v for k, v in lastmod.items() if "/papers/" not in k} == {None}



def test_related_0_leaves_related_papers_out(tmp_path):
    """Zero is how a curator would say "no related papers"; it was refused as less than 1."""
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "golden" / "content", content)
    catalog = content / "catalog.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("related: 2", "related: 0"), encoding="utf-8")
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    pages = list((tmp_path / "site" / "papers").glob("*/index.html"))
    assert len(pages) >= 6
    assert not [p for p in pages if 'id="related-h"' in p.read_text(encoding="utf-8")]
    golden = Path(__file__).parent / "fixtures" / "golden" / "site" / "papers"
    assert [p for p in golden.glob("*/index.html") if 'id="related-h"' in p.read_text(encoding="utf-8")]  # (with 2)


@pytest.mark.parametrize("name", ["shipped", "golden"])
def test_the_search_box_offers_only_what_the_catalog_has(sites, name):
    """From a review: the shipped catalog names no author, yet its search box offered authors and
    `author:hinton`, which found nothing."""
    site = sites[name] if name in sites else ROOT / "tests" / "fixtures" / "golden" / "site"
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    label = re.search(r'<label for="search-input">([^<]*)</label>', page).group(1)
    has_authors, has_venues = (site / "people" / "index.html").exists(), (site / "venues" / "index.html").exists()
    assert ("authors, " in label, "author:hinton" in page) == (has_authors, has_authors)
    assert ("venues, " in label, "<code>venue</code>" in page) == (has_venues, has_venues)
    assert label.startswith("Search titles, abstracts, ") and label.endswith("tags, topics and arXiv ids")
    if name == "golden":
        assert has_authors and has_venues
    else:
        assert not has_authors


@pytest.mark.parametrize("name", ["shipped", "small", "golden"])
def test_the_home_page_links_every_index_the_site_has(sites, name):
    """From a review: the header linked the venues, the home page's browse links did not."""
    site = sites[name] if name in sites else ROOT / "tests" / "fixtures" / "golden" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    browse = re.search(r'<ul class="browse">(.*?)</ul>', home, re.S).group(1)
    nav = re.search(r'<nav[^>]*>(.*?)</nav>', home, re.S).group(1)
    linked, header = (set(re.findall(r'href="[^"]*?([a-z]+)/"', html)) for html in (browse, nav))
    assert linked == header and {"all", "topics", "tags", "years"} <= linked, (linked, header)
    assert ("venues" in linked) == (name != "small")  # (the small catalog has no venue)
