"""Page planning details (generator/pages.py) that the golden site shows only in part."""

from __future__ import annotations

from pathlib import Path

from generator.groups import by_added
from generator.pages import SORT_LABELS, Orders, Ref, _sorts, sort_labels, tag_chips
from generator.model import Paper


def test_a_tag_repeating_a_topic_label_is_not_a_chip():
    topics = [Ref("knowledge-distillation", "Knowledge distillation"), Ref("computer-vision", "Computer vision")]
    tags = [Ref("knowledge-distillation", "Knowledge Distillation"), Ref("segmentation", "Segmentation")]
    assert tag_chips(tags, topics) == [Ref("segmentation", "Segmentation")]


def _orders(papers: list[Paper]) -> dict[str, list[Paper]]:
    """Every order of a group holding `papers` (newest first), in a catalog of just them."""
    return _sorts(tuple(p.slug for p in papers), {p.slug: p for p in papers}, Orders.of(papers, by_added(papers)))


def test_every_sort_has_a_label_and_upvotes_only_when_some_paper_has_them():
    plain = [Paper("a", "A", "x", "a.md"), Paper("b", "B", "x", "b.md")]
    voted = [Paper("a", "A", "x", "a.md", upvotes=1), Paper("b", "B", "x", "b.md", upvotes=5)]
    assert list(_orders(plain)) == ["added"]  # (recently added is newest first here: one order)
    assert list(_orders(voted)) == ["added", "upvotes"]
    assert [p.slug for p in _orders(voted)["upvotes"]] == ["b", "a"]
    some = [*voted, Paper("c", "C", "x", "c.md")]  # (only the papers with upvotes in that order)
    assert [p.slug for p in _orders(some)["upvotes"]] == ["b", "a"]
    assert set(_orders(voted)) <= set(SORT_LABELS)


def test_recently_added_is_the_default_order_and_newest_first_follows_when_it_differs():
    newest_first = [Paper("new", "N", "x", "n.md", date="2025-01-01", added="2025-01-02"),
                    Paper("old", "O", "x", "o.md", date="2019-05-01", added="2026-03-01"),
                    Paper("hand", "H", "x", "h.md", date="2018-01-01")]  # (no added: a hand-written entry)
    sorts = _orders(newest_first)
    assert list(sorts) == ["added", "newest"]
    assert [p.slug for p in sorts["added"]] == ["old", "new", "hand"]
    assert [p.slug for p in sorts["newest"]] == ["new", "old", "hand"]
    assert set(sorts) <= set(SORT_LABELS)


def test_recently_added_is_called_newest_where_it_is_newest_first():
    """Papers added on one day (or with no day) are in the same order either way: the label says the
    order the list really has."""
    one_day = [Paper("a", "A", "x", "a.md", date="2025-01-01", added="2026-11-23", upvotes=1),
               Paper("b", "B", "x", "b.md", date="2019-01-01", added="2026-11-23", upvotes=5)]
    sorts = _orders(one_day)
    assert list(sorts) == ["added", "upvotes"]
    assert sort_labels(sorts)["added"] == "newest" and sort_labels(sorts)["upvotes"] == "most upvoted"
    two_days = [one_day[0], Paper("b", "B", "x", "b.md", date="2019-01-01", added="2026-12-01", upvotes=5)]
    sorts = _orders(two_days)
    assert list(sorts) == ["added", "newest", "upvotes"]
    assert sort_labels(sorts) == SORT_LABELS and SORT_LABELS["added"] == "recently added"


def test_orders_sort_every_group_as_by_added_and_by_upvotes_do():
    """The places worked out once (Orders) give each group the order sorting its own papers gives."""
    import dataclasses
    import random
    from pathlib import Path

    from generator.catalog import derive, load
    from generator.groups import by_upvotes

    rng = random.Random(3)
    loaded = load(Path(__file__).resolve().parent.parent / "content")
    papers = [dataclasses.replace(p, added=rng.choice([None, "2025-01-02", "2025-03-04", "2026-11-23"]),
                                  upvotes=rng.choice([None, 0, 3, 3, 17])) for p in loaded.papers]
    catalog = derive(papers, loaded.vocab)
    orders = Orders.of(papers, by_added(papers))
    assert orders.added is not None
    for group in [*catalog.tags.values(), *catalog.topics.values(), *catalog.years.values()]:
        members = [catalog.papers[s] for s in group.papers]
        sorts = _sorts(group.papers, catalog.papers, orders)
        assert sorts["added"] == by_added(members)
        assert sorts.get("newest", members) == members
        if any(p.upvotes is not None for p in members):
            assert sorts["upvotes"] == [p for p in by_upvotes(members) if p.upvotes is not None]


def test_katex_is_loaded_by_the_pages_that_show_math_only(tmp_path):
    """A list holding a paper with math in its title or snippet loads KaTeX (pages.math_papers), as
    do that paper's page and a page showing it as related; a list and a page without any load none."""
    import shutil

    from generator.build import build
    from tests.sitecheck import ENTRY, make_tree

    root = Path(__file__).resolve().parent.parent
    body = "We study attention in transformers for speech recognition with a simple method that works well.\n"
    content = make_tree(tmp_path / "content", {
        "catalog.yml": "title: Math\nper_page: 2\n",
        "papers/a.md": ENTRY.format(title="Attention in $O(n^2)$ time", slug="a"),
        "papers/b.md": ENTRY.format(title="Attention for speech", slug="b").replace("2024-03-01", "2024-02-01"),
        "papers/c.md": ENTRY.format(title="Attention without math", slug="c").replace("2024-03-01", "2023-01-01"),
        "papers/d.md": ENTRY.format(title="More attention", slug="d").replace("2024-03-01", "2022-01-01")
                       .replace(body, "Transformers with attention, " + body),
    })
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(root / "content" / name, content / name)
    out = tmp_path / "site"
    build(content, out, cache=tmp_path / "cache", jobs=1)

    def katex(rel: str) -> bool:
        return "katex.min.js" in (out / rel / "index.html").read_text(encoding="utf-8")

    assert katex("papers/a") and katex("all")  # (a is on the first page of all papers, newest first)
    assert not katex("all/page/2")  # (c and d: no math)
    related = (out / "papers" / "b" / "index.html").read_text(encoding="utf-8")
    assert ("papers/a/" in related.partition('id="related-h"')[2]) == katex("papers/b")
    assert not katex("papers/c") or "papers/a/" in (out / "papers/c/index.html").read_text().partition('id="related-h"')[2]


def test_a_comment_that_only_gives_the_length_is_not_shown_twice():
    """From a new user's review: "Comments: 15 pages, 5 figures" under "Length: 15 pages, 5 figures"."""
    from generator.pages import says_more

    def paper(comments, pages=None, figures=None) -> Paper:
        return Paper(slug="p", title="P", body="", path="", comments=comments, pages=pages, figures=figures)

    assert not says_more(paper("15 pages, 5 figures", 15, 5))
    assert not says_more(paper("10 pages; 4 figs.", 10, 4))
    assert says_more(paper("15 pages, 5 figures. Accepted at NeurIPS 2023", 15, 5))
    assert says_more(paper("9 pages, 3 tables", 9))  # (Length does not say the tables)
    assert says_more(paper("15 pages, 5 figures"))  # (nothing under Length: the comment says it)
    assert not says_more(paper(None, 15)) and not says_more(paper("", 15))


def test_a_paper_added_to_a_list_changes_its_first_page_and_the_pages_around_it():
    """Cut every 50 papers, with the total on each page, one paper added changed every page of every
    list it joined (650 pages at 10,000 papers). A page's deps are what it shows (plan.py digests
    them), so unchanged deps are an unchanged page."""
    from types import SimpleNamespace

    from generator.config import Config
    from generator.model import Group
    from generator.pages import _list_pages

    def made(papers: list[Paper]) -> list:
        catalog = SimpleNamespace(papers={p.slug: p for p in papers})
        group = Group("tag", "t", "T", tuple(p.slug for p in papers), description="About T.")
        return _list_pages("tag", group, catalog, Orders.of(papers, papers), Config(per_page=50), frozenset())

    def pages(papers: list[Paper]) -> dict[str, str]:
        return {page.url: repr(page.deps) for page in made(papers)}

    papers = [Paper(f"p{i}", f"P{i}", "x", f"p{i}.md", date=f"{2025 - i // 300}-01-01") for i in range(3_000)]
    before = pages(papers)
    assert 50 <= len(before) <= 70  # (about 50 papers a page)
    for at in (0, 1_500, 2_999):
        new = Paper(f"added-{at}", "A", "x", "a.md", date=papers[at].date)
        after = pages(papers[:at] + [new] + papers[at:])
        if len(after) == len(before):  # (else every page's "page X of Y" changed: one in about 50 additions)
            changed = [url for url in after if after[url] != before.get(url)]
            assert len(changed) <= 4 and "tags/t/" in changed, (at, changed)
    # Only the first page shows the total
    first, second = made(papers)[:2]
    assert first.context["total"] == 3_000 and "total" not in second.context
    assert first.description.startswith("3,000 papers") and second.description.startswith("Page 2 of ")
