"""Page planning details (generator/pages.py) that the golden site shows only in part."""

from __future__ import annotations

from generator.pages import SORT_LABELS, Ref, _sorts, tag_chips
from generator.model import Paper


def test_a_tag_repeating_a_topic_label_is_not_a_chip():
    topics = [Ref("knowledge-distillation", "Knowledge distillation"), Ref("computer-vision", "Computer vision")]
    tags = [Ref("knowledge-distillation", "Knowledge Distillation"), Ref("segmentation", "Segmentation")]
    assert tag_chips(tags, topics) == [Ref("segmentation", "Segmentation")]


def test_every_sort_has_a_label_and_upvotes_only_when_some_paper_has_them():
    plain = [Paper("a", "A", "x", "a.md"), Paper("b", "B", "x", "b.md")]
    voted = [Paper("a", "A", "x", "a.md", upvotes=1), Paper("b", "B", "x", "b.md", upvotes=5)]
    assert list(_sorts(plain)) == ["added"]  # (recently added is newest first here: one order)
    assert list(_sorts(voted)) == ["added", "upvotes"]
    assert [p.slug for p in _sorts(voted)["upvotes"]] == ["b", "a"]
    assert set(_sorts(voted)) <= set(SORT_LABELS)


def test_recently_added_is_the_default_order_and_newest_first_follows_when_it_differs():
    newest_first = [Paper("new", "N", "x", "n.md", date="2025-01-01", added="2025-01-02"),
                    Paper("old", "O", "x", "o.md", date="2019-05-01", added="2026-03-01"),
                    Paper("hand", "H", "x", "h.md", date="2018-01-01")]  # (no added: a hand-written entry)
    sorts = _sorts(newest_first)
    assert list(sorts) == ["added", "newest"]
    assert [p.slug for p in sorts["added"]] == ["old", "new", "hand"]
    assert [p.slug for p in sorts["newest"]] == ["new", "old", "hand"]
    assert set(sorts) <= set(SORT_LABELS)
