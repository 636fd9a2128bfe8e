"""Build the real shipped catalog and check the site as a reader and a link checker would."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest

from generator.build import build
from generator.catalog import load
from generator.cli import main
from generator.drafts import ABSTRACT_PLACEHOLDER
from tests.sitecheck import (broken_links, html_pages, links_in, make_tree, page_references, parse_strict,
                             resolve, snapshot)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(CONTENT, out)
    return out


@pytest.fixture(scope="module")
def loaded():
    return load(CONTENT)


def _listed(site: Path, first_page: str) -> set[str]:
    """Paper slugs linked from every page of a paginated list (newest-first order)."""
    slugs: set[str] = set()
    directory = site / first_page
    files = [directory / "index.html"] + sorted((directory / "page").glob("*/index.html"))
    for f in files:
        for href in links_in(f, "/papers/"):
            parts = href.strip("/").split("/")
            if len(parts) == 2:
                slugs.add(parts[1])
    return slugs


def test_every_entry_has_its_page(site, loaded):
    assert len(loaded.papers) == len(list(CONTENT.glob("papers/*.md"))) == 352
    for p in loaded.papers:
        page = site / "papers" / p.slug / "index.html"
        assert page.is_file(), p.slug
        assert p.title.split()[0] in page.read_text(encoding="utf-8").replace("&#39;", "'")


def test_group_pages_list_exactly_their_papers(site, loaded):
    papers = loaded.papers
    vocab = loaded.vocab
    for tag in {t for p in papers for t in p.tags}:
        assert _listed(site, f"tags/{tag}") == {p.slug for p in papers if tag in p.tags}, tag

    def subtree(slug):
        return {slug} | {s for s, t in vocab.topics.items() if t.parent == slug for s in subtree(s)}

    for topic in {t for p in papers for t in p.topics}:
        want = {p.slug for p in papers if set(p.topics) & subtree(topic)}
        assert _listed(site, f"topics/{topic}") == want, topic
        for ancestor in [vocab.topics[topic].parent] if vocab.topics[topic].parent else []:
            assert want <= _listed(site, f"topics/{ancestor}")
    groups = {p.authors_count for p in papers if p.authors_count}
    for n in groups:
        assert _listed(site, f"authors/{n}") == {p.slug for p in papers if p.authors_count == n}
    assert _listed(site, "authors/organization") == {p.slug for p in papers if p.authors_count is None and p.organization}
    assert _listed(site, "authors/unknown") == {p.slug for p in papers if p.authors_count is None and not p.organization}
    for year in {p.year for p in papers if p.year}:
        assert _listed(site, f"years/{year}") == {p.slug for p in papers if p.year == year}
    assert _listed(site, "all") == {p.slug for p in papers}


def test_upvote_sorted_lists_are_sorted(site, loaded):
    page = site / "all" / "upvotes" / "index.html"
    slugs = [h.strip("/").split("/")[1] for h in links_in(page, "/papers/") if h.count("/") == 3]
    by_slug = {p.slug: p for p in loaded.papers}
    votes = [by_slug[s].upvotes for s in slugs]
    # Only the papers with upvotes (the others, after them by date, repeated the newest order).
    assert set(slugs) == {p.slug for p in loaded.papers if p.upvotes is not None}
    assert votes == sorted(votes, reverse=True) and votes[0] > 0
    # Its own title (a tab or bookmark of it is not the list by date), and no "Newer"/"Older" paging.
    html = page.read_text(encoding="utf-8")
    assert "<title>All papers, most upvoted first · " in html
    assert "<title>All papers · " in (site / "all" / "index.html").read_text(encoding="utf-8")
    assert f"{len(by_slug)} papers · {len(slugs)} with upvotes" in html


def test_every_page_is_valid_html_and_every_internal_link_and_asset_resolves(site):
    assert len(html_pages(site)) > 352
    assert broken_links(site, strict=True) == []


def test_feeds_sitemap_robots(site, loaded):
    import xml.etree.ElementTree as ET

    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("a:entry", ns)) == 30
    assert feed.find("a:entry/a:title", ns).text == loaded.papers[0].title
    # The shipped catalog states no site URL (the workflow passes the Pages address): no sitemap.
    # (With one, and every feed parsed: test_feeds.py.)
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text()
    topic = loaded.papers[0].topics[0]
    assert (site / "topics" / topic / "feed.xml").is_file()


def test_paper_page_citation_data(site, loaded):
    p = next(p for p in loaded.papers if p.arxiv == "2310.10769")
    html = (site / "papers" / p.slug / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_arxiv_id" content="2310.10769">' in html
    assert '"@type": "ScholarlyArticle"' in html
    assert "eprint = {2310.10769}" in html
    assert 'href="https://arxiv.org/pdf/2310.10769"' in html


def test_latex_is_left_for_katex_verbatim(site, loaded):
    p = next(p for p in loaded.papers if "widetilde{O}" in p.body)
    html = (site / "papers" / p.slug / "index.html").read_text(encoding="utf-8")
    assert r'<span class="math">$\widetilde{O}\left(n^{-1} t^{-\frac{d+2}{2}}' in html
    assert "katex.min.js" in html and "auto-render" not in html


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    build(CONTENT, again)
    assert snapshot(again) == snapshot(site)


HOSTILE = """---
title: '<script>alert(1)</script><img src=x onerror=alert(2)> Evil'
slug: evil
date: '2024-01-02'
organization: '<b onmouseover=alert(3)>Org</b>'
venue: '"><script>alert(4)</script>'
links:
  project: 'https://example.org/"><script>alert(5)</script>'
sources:
- evil.txt:1
---

Abstract <script>alert(6)</script> with <img src=x onerror=alert(7)> and [a link](javascript:alert(8)) and
<a href="javascript:alert(9)">raw</a> and <iframe src="javascript:alert(10)"></iframe> $x<y$ end.
"""


def _fixture_content(root: Path, papers: dict[str, str]) -> Path:
    files = {"catalog.yml": "title: Test catalog\n", **{f"papers/{k}": v for k, v in papers.items()}}
    make_tree(root, files)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(CONTENT / name, root / name)
    return root


def test_hostile_entry_renders_inert(tmp_path):
    content = _fixture_content(tmp_path / "content", {"evil.md": HOSTILE})
    out = tmp_path / "site"
    build(content, out)
    for page in html_pages(out):
        doc = parse_strict(page.read_text(encoding="utf-8"), page.name)
        for el in doc.iter():
            assert not any(a.lower().startswith("on") for a in el.attrib), (page, el.tag, el.attrib)
            for attr in ("href", "src"):
                assert not (el.get(attr) or "").strip().lower().startswith("javascript:"), (page, el.attrib)
            assert el.tag not in ("iframe", "object", "embed")
            if el.tag == "script":
                src = el.get("src")
                assert (src and src.startswith("/static/")) or el.get("type") == "application/ld+json" \
                    or "papercat-theme" in (el.text or ""), (page, el.attrib, el.text)
    html = (out / "papers" / "evil" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not run
    assert "alert(6)" in html and "<script>alert(6)" not in html
    ld = html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld


def test_link_with_javascript_scheme_is_a_content_error(tmp_path, capsys):
    bad = HOSTILE.replace("https://example.org/\"><script>alert(5)</script>", "javascript:alert(5)")
    content = _fixture_content(tmp_path / "content", {"evil.md": bad})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"{content / 'papers' / 'evil.md'}:7: links: project must be an http(s) URL (got 'javascript:alert(5)')" in err


GOOD = """---
title: A good paper
slug: good
date: '2024-03-01'
sources:
- x.txt:1
---

We study attention in transformers for speech recognition with a simple method that works well.
"""


def test_broken_entry_fails_with_file_and_line_and_keeps_old_site(tmp_path, capsys):
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD})
    out = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 0
    before = snapshot(out)
    (content / "papers" / "broken.md").write_text(
        "---\ntitle: Broken\nslug: broken\ndate: 2024-13-45\nauthors_count: many\nfoo: 1\n---\n\nText of it.\n")
    (content / "papers" / "bad-yaml.md").write_text("---\ntitle: [unclosed\nslug: bad-yaml\n---\n\nText.\n")
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 1
    check_err = capsys.readouterr().err
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    build_err = capsys.readouterr().err
    broken = content / "papers" / "broken.md"
    for err in (check_err, build_err):
        assert f"{broken}:4: date: is not a real date (got '2024-13-45')" in err
        assert f"{broken}:5: authors_count: must be a whole number of at least 1 (got 'many')" in err
        assert f"{broken}:6: foo: unknown key (got 'foo')" in err
        assert f"{content / 'papers' / 'bad-yaml.md'}:2: unreadable YAML" in err
    assert snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")]


def test_duplicate_slug_and_arxiv_are_errors(tmp_path, capsys):
    one = GOOD.replace("slug: good", "slug: one").replace("sources:", "arxiv: '2401.00001'\nsources:")
    two = GOOD.replace("slug: good", "slug: two").replace("sources:", "arxiv: '2401.00001'\nsources:")
    content = _fixture_content(tmp_path / "content", {"one.md": one, "two.md": two.replace("slug: two", "slug: one")})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "slug: 'one' is also used by" in err
    assert "arxiv: '2401.00001' is also used by" in err
    assert f"{content / 'papers' / 'two.md'}:3: slug: differs from the file name ('two')" in err


def test_base_url_subpath_served_over_http_has_no_broken_links(tmp_path):
    root = tmp_path / "www"
    build(CONTENT, root / "catalog", base_url="/catalog/")
    site = root / "catalog"
    pages = page_references(site, "/catalog/")  # (valid HTML: test_every_page_is_valid_html_and_...)
    assert broken_links(site, "/catalog/", pages=pages) == []
    refs = set()
    for page, (_, found) in pages.items():
        for ref in found:
            if resolve(site, "/catalog/", "/catalog/", ref) is not None:
                assert ref.startswith("/catalog/"), (page, ref)
                refs.add(ref.split("#")[0])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"http://127.0.0.1:{server.server_address[1]}"
        failures = []
        for ref in sorted(refs):
            try:
                with urllib.request.urlopen(host + ref, timeout=10) as r:
                    assert r.status == 200
            except Exception as e:  # collect, then report all at once
                failures.append(f"{ref}: {e}")
        assert failures == []
    finally:
        server.shutdown()


def test_unquoted_arxiv_id_gets_a_precise_hint(tmp_path, capsys):
    entry = GOOD.replace("sources:", "arxiv: 2310.10770\nsources:")
    content = _fixture_content(tmp_path / "content", {"good.md": entry})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert (f"{content / 'papers' / 'good.md'}:5: arxiv: must be quoted text (got the number 2310.1077) "
            "(hint: write arxiv: '2310.10770' in quotes") in err


def test_mistyped_tag_suggests_the_nearest_slug_and_problems_come_in_line_order(tmp_path, capsys):
    entry = GOOD.replace("sources:", "tags: [difusion]\nfoo: 1\nsources:")
    content = _fixture_content(tmp_path / "content", {"good.md": entry})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    path = content / "papers" / "good.md"
    assert f"{path}:5: tags: 'difusion' is not in the vocabulary (hint: did you mean 'diffusion-models'?)" in err
    assert err.index(f"{path}:5:") < err.index(f"{path}:6:")


# --- drafts -----------------------------------------------------------------------------------------

MARKED_DRAFT = GOOD.replace("slug: good", "slug: unfinished\ndraft: true").replace(
    "title: A good paper", "title: Zanzibar unfinished paper").replace("We study", "Zanzibar: we study")
SKELETON = ("---\ntitle: Untitled arXiv:2401.01234\ntitle_derived: true\nslug: arxiv-2401-01234\narxiv: '2401.01234'\n"
            "date: 2024-01\n---\n\n" + ABSTRACT_PLACEHOLDER + "\n")  # as `papercat new --arxiv 2401.01234` wrote it
TITLED_SKELETON = "---\ntitle: Quokka networks\nslug: quokka-networks\n---\n\n" + ABSTRACT_PLACEHOLDER + "\n"
DRAFTS = {"unfinished.md": MARKED_DRAFT, "arxiv-2401-01234.md": SKELETON, "quokka-networks.md": TITLED_SKELETON}
DRAFT_SLUGS = ("unfinished", "arxiv-2401-01234", "quokka-networks")
DRAFT_WORDS = ("Zanzibar", "zanzibar", "2401.01234", "2401-01234", "Quokka", "quokka", "TODO", "unfinished")


def _site_text(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != "static" and p.suffix != ".png"}


def test_drafts_are_left_out_of_pages_lists_feeds_sitemap_and_search(tmp_path):
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD, **DRAFTS})
    out = tmp_path / "site"
    result = build(content, out, base_url="https://example.org/")
    assert result.papers == 1
    files = _site_text(out)
    assert "papers/good/index.html" in files and "search/manifest.json" in files and "sitemap.xml" in files
    assert not [p for p in files if p.startswith("papers/") and not p.startswith("papers/good/")]
    leaks = sorted((path, w) for path, text in files.items() for w in DRAFT_WORDS if w in text)
    assert leaks == []
    assert not any("badge-draft" in text for text in files.values())
    # ... and the site is the one built without the drafts at all.
    alone = tmp_path / "alone"
    build(_fixture_content(tmp_path / "content-alone", {"good.md": GOOD}), alone, base_url="https://example.org/")
    assert snapshot(out) == snapshot(alone)


def test_build_with_drafts_shows_them_with_a_badge(tmp_path, capsys):
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD, **DRAFTS})
    out = tmp_path / "site"
    assert main(["build", "--drafts", "--content", str(content), "--out", str(out)]) == 0
    assert "built 4 papers" in capsys.readouterr().out
    for slug in DRAFT_SLUGS:
        page = (out / "papers" / slug / "index.html").read_text(encoding="utf-8")
        h1 = page.split("<h1", 1)[1].split("</h1>", 1)[0]
        assert '<span class="badge-draft">Draft</span>' in h1, slug
    page = (out / "papers" / "arxiv-2401-01234" / "index.html").read_text(encoding="utf-8")
    assert ("Not published: title is still the placeholder from `papercat new`; abstract is still the placeholder "
            "from `papercat new`.") in page
    listing = (out / "all" / "index.html").read_text(encoding="utf-8")
    items = listing.split('<li class="paper-item">')[1:]
    assert len(items) == 4
    badged = sorted(slug for item in items for slug in DRAFT_SLUGS + ("good",)
                    if f'/papers/{slug}/"' in item and "badge-draft" in item)
    assert badged == sorted(DRAFT_SLUGS)
    good = (out / "papers" / "good" / "index.html").read_text(encoding="utf-8")
    assert "badge-draft" not in good.split("<h1", 1)[1].split("</h1>", 1)[0] and "draft-note" not in good
    for page in html_pages(out):
        parse_strict(page.read_text(encoding="utf-8"), str(page))


def test_a_skeleton_is_published_once_its_placeholders_are_replaced(tmp_path):
    filled = SKELETON.replace("Untitled arXiv:2401.01234", "Real title").replace(ABSTRACT_PLACEHOLDER, "Abstract.")
    half = SKELETON.replace(ABSTRACT_PLACEHOLDER, "Abstract.").replace("title_derived: true\n", "")
    content = _fixture_content(tmp_path / "content", {"arxiv-2401-01234.md": filled})
    assert build(content, tmp_path / "site").papers == 1
    # The placeholder title alone keeps it a draft, even once `title_derived` is deleted.
    (content / "papers" / "arxiv-2401-01234.md").write_text(half, encoding="utf-8")
    assert build(content, tmp_path / "site").papers == 0
    assert not (tmp_path / "site" / "papers" / "arxiv-2401-01234").exists()


@pytest.mark.parametrize("value", ["'true'", "maybe", "1", "[]"])
def test_draft_must_be_a_boolean(tmp_path, capsys, value):
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD.replace("slug: good", f"slug: good\ndraft: {value}")})
    assert main(["check", "--content", str(content)]) == 1
    shown = {"'true'": "'true'", "maybe": "'maybe'", "1": "1", "[]": "[]"}[value]
    assert capsys.readouterr().err == (f"{content / 'papers' / 'good.md'}:4: draft: must be true or false "
                                       f"(got {shown}) (hint: write draft: true or draft: false, without quotes)\n")


def test_authors_doi_and_category_load_and_the_list_gives_the_count(tmp_path, capsys):
    entry = GOOD.replace("sources:", "arxiv_category: cs.CL\ndoi: 10.18653/v1/N19-1423\nauthors:\n- Jacob Devlin\n"
                                     "- Ming-Wei Chang\n- Kenton Lee\n- Kristina Toutanova\nauthors_count: 7\nsources:")
    content = _fixture_content(tmp_path / "content", {"good.md": entry})
    (paper,) = load(content).papers
    assert paper.authors == ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
    assert paper.authors_count == 4 and paper.author_group == "4"
    assert (paper.doi, paper.arxiv_category) == ("10.18653/v1/N19-1423", "cs.CL")
    assert main(["check", "--content", str(content)]) == 0
    assert "4 authors, " in capsys.readouterr().out  # (check's summary counts the people)
    build(content, tmp_path / "site")
    assert "https://doi.org/10.18653/v1/N19-1423" in links_in(tmp_path / "site" / "papers" / "good" / "index.html", "")


@pytest.mark.parametrize("line, message", [
    ("doi: https://doi.org/10.1/x", "doi: is not a DOI"),
    ("arxiv_category: 'CS CL'", "arxiv_category: is not an arXiv category"),
    ("authors: [Ada Lovelace, 3]", "authors: must be a list of text items"),
])
def test_bad_authors_doi_or_category_is_a_file_line_error(tmp_path, capsys, line, message):
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD.replace("sources:", line + "\nsources:")})
    assert main(["check", "--content", str(content)]) == 1
    assert f"{content / 'papers' / 'good.md'}:5: {message}" in capsys.readouterr().err


def test_a_papers_sources_are_shown_only_when_the_catalog_asks(tmp_path, capsys):
    """"Found in: 004_ef3a0a5c34ed2cd4.txt:213" named the curator's files to every visitor."""
    content = _fixture_content(tmp_path / "content", {"good.md": GOOD})
    page = tmp_path / "site" / "papers" / "good" / "index.html"
    build(content, tmp_path / "site")
    assert "Found in" not in page.read_text(encoding="utf-8")
    (content / "catalog.yml").write_text("title: T\nshow_sources: true\n", encoding="utf-8")
    build(content, tmp_path / "site")
    assert '<p class="sources">Found in: ' in page.read_text(encoding="utf-8")
    (content / "catalog.yml").write_text("title: T\nshow_sources: 'yes'\n", encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    assert "catalog.yml:2: show_sources: must be true or false (got 'yes')" in capsys.readouterr().err
