"""A paper page whose entry links to no copy of the paper says where to look for it (generator/finders.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from generator.finders import FINDERS, find_links
from generator.model import Paper


def _paper(**kw) -> Paper:
    return Paper(**{"slug": "x", "title": "Attention Is All You Need", "body": "An abstract.", "path": "x.md", **kw})


def _query(url: str) -> str:
    query = parse_qs(urlsplit(url).query)
    return (query.get("q") or query["query"])[0]


def test_a_paper_with_no_link_gets_a_title_search_on_each_finder():
    links = find_links(_paper(links=(("code", "https://github.com/x/y"),)))  # (code is not the paper)
    assert [label for label, _ in links] == [label for label, _ in FINDERS]
    assert all(_query(url) == "Attention Is All You Need" for _, url in links)


def test_math_and_reserved_characters_in_a_title_are_searched_as_text():
    links = find_links(_paper(title="$O(n)$ & friends: a #1 result?"))
    assert {_query(url) for _, url in links} == {"O(n) & friends: a #1 result?"}
    assert all(" " not in url and "#" not in url for _, url in links)


def test_no_search_where_the_entry_leads_to_the_paper_or_the_title_is_made_up():
    assert find_links(_paper(arxiv="1706.03762")) == []
    assert find_links(_paper(doi="10.5555/3295222.3295349")) == []
    for kind in ("arxiv", "pdf", "web", "project"):
        assert find_links(_paper(links=((kind, "https://example.org/p"),))) == []
    assert find_links(_paper(title="We study the asymptotic error of…", title_derived=True)) == []
