"""Page planning details (generator/pages.py) that the golden site shows only in part."""

from __future__ import annotations

from generator.groups import by_added
from generator.pages import SORT_LABELS, Orders, Ref, _sorts, tag_chips
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
            assert sorts["upvotes"] == by_upvotes(members)
