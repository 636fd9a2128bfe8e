"""Related papers kept between builds must equal related papers computed afresh, whatever changed."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from generator.groups import all_related, newest_first, tag_groups, topic_groups
from generator.model import Paper

TAGS = [f"t{i}" for i in range(12)]
TOPICS = [f"c{i}" for i in range(5)]


class _Named:
    def __init__(self, label: str):
        self.label = label
        self.parent = None
        self.description = ""


def _paper(rng: random.Random, i: int) -> Paper:
    # A few very common tags and many rare ones, so that groups are both beyond `sample` and near it.
    tags = sorted({rng.choice(TAGS[:3]) if rng.random() < 0.6 else rng.choice(TAGS) for _ in range(rng.randint(1, 4))})
    topics = sorted(set(rng.sample(TOPICS, rng.randint(0, 2))))
    date = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-01" if rng.random() < 0.9 else None
    return Paper(slug=f"p{i:04d}", title=f"Paper {i}", body="", path="", date=date, tags=tuple(tags),
                 topics=tuple(topics))


def _related(papers: list[Paper], memo: dict | None, **kw) -> dict[str, list[str]]:
    ordered = newest_first(papers)
    by_slug = {p.slug: p for p in ordered}
    tags = {k: g.papers for k, g in tag_groups(ordered, {t: _Named(t) for t in TAGS}).items()}
    topics = {k: g.papers for k, g in topic_groups(ordered, {t: _Named(t) for t in TOPICS}).items()}
    return all_related(by_slug, tags, topics, memo=memo, **kw)


def _change(rng: random.Random, papers: list[Paper], kind: str, serial: int) -> list[Paper]:
    papers = list(papers)
    i = rng.randrange(len(papers))
    if kind == "add":
        papers.append(_paper(rng, 1000 + serial))
    elif kind == "newest":  # an added paper at the top of every list it is in
        papers.append(replace(_paper(rng, 1000 + serial), date="2026-01-01"))
    elif kind == "delete":
        del papers[i]
    elif kind == "tags":
        papers[i] = replace(papers[i], tags=tuple(sorted({*papers[i].tags[1:], rng.choice(TAGS)})))
    elif kind == "topics":
        papers[i] = replace(papers[i], topics=tuple(sorted(set(rng.sample(TOPICS, rng.randint(0, 3))))))
    elif kind == "date":
        papers[i] = replace(papers[i], date=f"20{rng.randint(15, 25)}-06-01")
    elif kind == "title":
        papers[i] = replace(papers[i], title=papers[i].title + " (edited)")
    return papers


@pytest.mark.parametrize("kind", ["add", "newest", "delete", "tags", "topics", "date", "title"])
def test_related_kept_between_builds_equals_related_made_afresh(kind):
    rng = random.Random(kind)
    papers = [_paper(rng, i) for i in range(400)]
    memo: dict = {}
    _related(papers, memo, limit=5, sample=8, enough=20)
    for serial in range(25):
        papers = _change(rng, papers, kind, serial)
        kept = _related(papers, memo, limit=5, sample=8, enough=20)
        assert kept == _related(papers, None, limit=5, sample=8, enough=20), (kind, serial)


def test_related_memo_is_replaced_only_when_something_changed():
    rng = random.Random(1)
    papers = [_paper(rng, i) for i in range(200)]
    memo: dict = {}
    first = _related(papers, memo, limit=5)
    assert _related(papers, memo, limit=5) is first is memo["related"]
    assert _related(_change(rng, papers, "add", 0), memo, limit=5) is not first


def test_a_new_limit_recomputes_everything():
    rng = random.Random(2)
    papers = [_paper(rng, i) for i in range(200)]
    memo: dict = {}
    _related(papers, memo, limit=5)
    assert _related(papers, memo, limit=3) == _related(papers, None, limit=3)
    assert all(len(r) <= 3 for r in memo["related"].values())


def test_the_catch_all_topic_relates_no_papers():
    """From a new user's review: 70% of a starter catalog's papers were in `other`, and each of those
    without a tag had the newest of them as related papers (DQN beside GPT-4 and Gemini). The
    catch-all says only that no topic claimed a paper."""
    from generator.model import Catalog, Group
    from generator.pages import related_papers

    def paper(slug: str, date: str, tags: tuple = (), topics: tuple = ("other",)) -> Paper:
        return Paper(slug=slug, title=slug, body="", path="", date=date, tags=tags, topics=topics)

    papers = [paper("gpt4", "2023-03-01"), paper("dqn", "2015-02-01"), paper("vit", "2020-10-01", ("vision",)),
              paper("resnet", "2015-12-01", ("vision",), ("computer-vision",))]
    catalog = Catalog(papers={p.slug: p for p in newest_first(papers)},
                      tags={"vision": Group("tag", "vision", "Vision", ("vit", "resnet"))},
                      topics={"computer-vision": Group("topic", "computer-vision", "Computer vision", ("resnet",)),
                              "other": Group("topic", "other", "Other", ("gpt4", "vit", "dqn"))},
                      authors={}, years={})
    related = related_papers(catalog, 5)
    assert related["dqn"] == [] and related["gpt4"] == []
    assert related["vit"] == ["resnet"] and related["resnet"] == ["vit"]
