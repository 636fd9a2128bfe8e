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
    assert list(_sorts(plain)) == ["newest"]
    assert list(_sorts(voted)) == ["newest", "upvotes"]
    assert [p.slug for p in _sorts(voted)["upvotes"]] == ["b", "a"]
    assert set(_sorts(voted)) <= set(SORT_LABELS)
