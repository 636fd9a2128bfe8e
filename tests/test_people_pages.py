"""Author pages and the authors A–Z index in a built site: what they show, that their links resolve,
and that edits to authors rebuild only what shows them, byte for byte as a cold build would."""

from __future__ import annotations

import json
import shutil

import pytest

from generator import pages
from generator.entries import read_entry, render_entry
from tests.sitecheck import broken_links, links_in, snapshot
from tests.test_incremental import _build, _cold, _edit, tree  # noqa: F401 (a fixture)


def _papers(content):
    return sorted((content / "papers").glob("*.md"))


def _written(out) -> dict:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_author_edits_rebuild_only_what_shows_them_and_equal_a_cold_build(tree, tmp_path):
    content, _, _, out = tree
    papers = _papers(content)
    _edit(papers[0], authors=["Ada Lovelace", "Łukasz Kaiser"])
    _edit(papers[1], authors=["Łukasz Kaiser", "Grace Hopper"])
    _edit(papers[2], authors=["Alan Turing"])
    assert _build(tree).mode == "cold"
    turing = out / "people" / "alan-turing" / "index.html"
    assert "Alan Turing" in turing.read_text(encoding="utf-8")
    steps = [
        ("add an author", lambda: _edit(papers[0], authors=["Ada Lovelace", "Łukasz Kaiser", "Jan van der Berg"])),
        ("rename one", lambda: _edit(papers[1], authors=["Lukasz Kaiser", "Grace Hopper"])),  # (now two people)
        ("remove one", lambda: _edit(papers[0], authors=["Łukasz Kaiser", "Jan van der Berg"])),
    ]
    for what, change in steps:
        before = _written(out)
        change()
        result = _build(tree)
        assert result.mode == "incremental", what
        assert snapshot(out) == _cold(tree, tmp_path), what
        # Alan Turing's paper and page are untouched by edits to other papers' authors.
        assert _written(out)[turing] == before[turing], what
        assert 0 < result.rendered < result.files / 5, (what, result)
    people = {p.name for p in (out / "people").iterdir() if p.is_dir() and len(p.name) > 1}  # (not letters)
    assert people == {"lukasz-kaiser", "jan-van-der-berg", "grace-hopper", "alan-turing",
                      next(n for n in people if n.startswith("lukasz-kaiser-"))}
    assert not (out / "people" / "ada-lovelace").exists()  # (removed with her last paper)
    shown = (out / "people" / "lukasz-kaiser" / "index.html").read_text(encoding="utf-8")
    assert "<h1><span class=\"kind\">Author</span> Lukasz Kaiser</h1>" in shown and "1 paper<" in shown


def test_an_edit_to_a_paper_rerenders_its_authors_pages_not_the_index(tree):
    content, _, _, out = tree
    papers = _papers(content)
    _edit(papers[0], authors=["Ada Lovelace"])
    _edit(papers[1], authors=["Grace Hopper"])
    _build(tree)
    before = _written(out)
    _edit(papers[0], title="A new title for Ada's paper")
    _build(tree)
    after = _written(out)
    changed = {p.relative_to(out).as_posix() for p in after if after[p] != before.get(p)}
    assert "people/ada-lovelace/index.html" in changed  # (its list item shows the title)
    assert "people/grace-hopper/index.html" not in changed and "people/index.html" not in changed


def test_the_index_has_a_page_per_letter_a_z_by_family_name_paginated(tree, monkeypatch):
    content, _, _, out = tree
    monkeypatch.setattr(pages, "PEOPLE_PER_PAGE", 2)
    papers = _papers(content)
    _edit(papers[0], authors=["Zoë Adams", "Łukasz Kaiser", "Anna Müller", "Kai Kaiser"])
    _edit(papers[1], authors=["Łukasz Kaiser", "Иван Петров", "Kai Berg", "Karl Klein"])
    _build(tree)
    people = out / "people"

    def listed(page) -> list[str]:
        return [link.split("/")[2] for link in links_in(page, "/people/") if link.count("/") == 3
                and len(link.split("/")[2]) > 5]  # (people, not letters)

    assert listed(people / "k" / "index.html") == ["kai-kaiser", "lukasz-kaiser"]
    assert listed(people / "k" / "page" / "2" / "index.html") == ["karl-klein"]
    assert listed(people / "a" / "index.html") == ["zoe-adams"]
    assert listed(people / "m" / "index.html") == ["anna-muller"]
    assert listed(people / "b" / "index.html") == ["kai-berg"]
    other = listed(people / "other" / "index.html")
    assert len(other) == 1 and other[0].startswith("author-")  # (Cyrillic)
    letters = [link for link in links_in(people / "index.html", "/people/") if link.count("/") == 3
               and len(link.split("/")[2]) <= 5]
    assert letters == ["/people/a/", "/people/b/", "/people/k/", "/people/m/", "/people/other/"]
    # The most prolific first, on the index.
    assert listed(people / "index.html")[0] == "lukasz-kaiser"
    assert "2 papers" in (people / "lukasz-kaiser" / "index.html").read_text(encoding="utf-8")
    assert broken_links(out, strict=True) == []


def test_a_new_name_rerenders_its_letters_pages_only(tree):
    content, _, _, out = tree
    papers = _papers(content)
    _edit(papers[0], authors=["Ada Lovelace", "Grace Hopper", "Alan Turing"])
    _build(tree)
    before = _written(out)
    _edit(papers[1], authors=["Tim Taylor"])  # (a letter that has a page already: the letter links stay)
    _build(tree)
    after = _written(out)
    changed = {p.relative_to(out).as_posix() for p in after if after[p] != before.get(p)}
    assert {"people/t/index.html", "people/tim-taylor/index.html", "people/index.html"} <= changed
    assert not {"people/h/index.html", "people/l/index.html", "people/ada-lovelace/index.html"} & changed


def test_a_catalog_without_author_names_has_no_authors_index_but_keeps_author_counts(tree, tmp_path):
    """No A–Z index (page, navigation link, sitemap entry) until an entry names an author, and none
    again once the last name is gone: an index of nobody is a dead end."""
    content, _, _, out = tree
    site = "https://example.org/c/"
    _edit(_papers(content)[0], authors_count=3)

    def shown() -> tuple[bool, bool, bool]:
        """(the index page, the link in the navigation, its sitemap entry)"""
        home = (out / "index.html").read_text(encoding="utf-8")
        assert ">Author count</a>" in home and (out / "authors" / "3" / "index.html").is_file()
        return ((out / "people" / "index.html").exists(), ">Authors</a>" in home,
                f"<loc>{site}people/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8"))

    _build(tree, base_url=site)
    assert shown() == (False, False, False) and not (out / "people").exists()
    _edit(_papers(content)[1], authors=["Ada Lovelace"])
    assert _build(tree, base_url=site).mode == "incremental"
    assert shown() == (True, True, True)
    entry = read_entry(_papers(content)[1])
    del entry.meta["authors"]
    _papers(content)[1].write_text(render_entry(entry.meta, entry.body), encoding="utf-8")
    assert _build(tree, base_url=site).mode == "incremental"
    assert shown() == (False, False, False) and not (out / "people").exists()
    assert snapshot(out) == _cold(tree, tmp_path, base_url=site)


@pytest.mark.parametrize("per_page", [1])
def test_an_authors_papers_are_paginated_newest_first(tree, monkeypatch, per_page):
    content, _, _, out = tree
    cfg = content / "catalog.yml"
    cfg.write_text(cfg.read_text().replace("per_page: 50", f"per_page: {per_page}"))
    papers = _papers(content)
    for path, date in zip(papers[:3], ("2020-01-01", "2024-01-01", "2022-01-01"), strict=True):
        _edit(path, authors=["Ada Lovelace"], date=date)
    _build(tree)
    ada = out / "people" / "ada-lovelace"
    pages_ = [ada / "index.html", ada / "page" / "2" / "index.html", ada / "page" / "3" / "index.html"]
    shown = [next(link for link in links_in(p, "/papers/")) for p in pages_]
    assert shown == [f"/papers/{papers[i].stem}/" for i in (1, 2, 0)]
    assert not (ada / "newest").exists() and not (ada / "upvotes").exists()  # (one order only)
    shutil.rmtree(out)


def test_a_hostile_name_is_shown_as_text_everywhere(tmp_path):
    from generator.build import build
    from tests.test_cite import _catalog

    evil = "<img src=x onerror=alert(1)> Evil"
    content = _catalog(tmp_path / "c", {"a": f"authors:\n- '{evil}'\n- Ada Lovelace\n"})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    site = tmp_path / "site"
    slug = next(p.name for p in (site / "people").iterdir() if p.name.endswith("evil"))
    assert slug == "img-src-x-onerror-alert-1-evil"
    for page in (site / "papers" / "a" / "index.html", site / "people" / slug / "index.html",
                 site / "people" / "index.html", site / "all" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; Evil" in html, page
    assert broken_links(site) == []


def test_a_family_name_written_first_is_shown_given_names_first_and_filed_under_its_letter(tmp_path):
    """`- Van Gool, Luc` says where the family name starts: the paper is cited `Van Gool, Luc` and
    the author filed under V, while every page, feed and search result shows `Luc Van Gool`, the
    same person (and page) as a `- Luc Van Gool` in another entry."""
    import html5lib

    from generator.build import build
    from generator.search_index import read_search
    from tests.test_cite import SITE_URL, _catalog

    content = _catalog(tmp_path / "c", {"a": "date: '2024-01-02'\nauthors:\n- Van Gool, Luc\n- Ada Lovelace\n",
                                        "b": "date: '2023-01-01'\nauthors:\n- Luc Van Gool\n- Gary Gould\n"})
    site = tmp_path / "site"
    build(content, site, base_url=SITE_URL, cache=tmp_path / "cache")
    page = (site / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    assert [(a.get("href"), a.text) for a in doc.iter("a") if "/people/" in (a.get("href") or "")
            and a.text != "Authors"] == [("/catalog/people/luc-van-gool/", "Luc Van Gool"),
                                         ("/catalog/people/ada-lovelace/", "Ada Lovelace")]
    assert [m.get("content") for m in doc.iter("meta") if m.get("name") == "citation_author"] == \
        ["Van Gool, Luc", "Lovelace, Ada"]
    data = json.loads(next(s.text for s in doc.iter("script") if s.get("type") == "application/ld+json"))
    assert (data["author"][0]["name"], data["author"][0]["familyName"]) == ("Luc Van Gool", "Van Gool")
    assert "author = {Van Gool, Luc and Lovelace, Ada}" in (site / "papers" / "a" / "a.bib").read_text(encoding="utf-8")
    # One person for both spellings, filed under V; the page, its title and its slug show the name.
    person = (site / "people" / "luc-van-gool" / "index.html").read_text(encoding="utf-8")
    listed = links_in(site / "people" / "luc-van-gool" / "index.html", "/catalog/papers/")
    assert "<title>Author: Luc Van Gool" in person and listed == ["/catalog/papers/a/", "/catalog/papers/b/"]
    assert "luc-van-gool" in (site / "people" / "v" / "index.html").read_text(encoding="utf-8")
    assert "luc-van-gool" not in (site / "people" / "g" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / "people").iterdir()) == ["ada-lovelace", "g", "gary-gould", "index.html",
                                                                   "l", "luc-van-gool", "v"]
    # Lists, feeds and search show the name given names first.
    assert "Luc Van Gool, Ada Lovelace</span>" in (site / "all" / "index.html").read_text(encoding="utf-8")
    assert "<name>Luc Van Gool</name>" in (site / "feed.xml").read_text(encoding="utf-8")
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert {"name": "Luc Van Gool"} in items[0]["authors"]
    _, _, docs = read_search(site / "search")
    assert {d["a"] for d in docs} == {"Luc Van Gool, Ada Lovelace", "Luc Van Gool, Gary Gould"}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and path.name not in ("a.json", "catalog.json"):
            text = path.read_text(encoding="utf-8")
            assert "Van Gool, Luc" not in text or path.name == "index.html" and path.parent.name == "a", path
