"""Papers -> browsable groups (tags, topics, author counts, years): pure functions over papers."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

from generator.model import Group, Paper


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first; undated papers last; slug breaks ties so the order never depends on input order."""
    ordered = sorted(papers, key=lambda p: p.slug)
    return sorted(ordered, key=lambda p: p.date or "", reverse=True)


def by_upvotes(papers: Iterable[Paper]) -> list[Paper]:
    """Most upvoted first; papers without upvotes keep date order after them."""
    return sorted(newest_first(papers), key=lambda p: -(p.upvotes if p.upvotes is not None else -1))


def _collect(papers: list[Paper], keys_of) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for p in papers:  # papers arrive newest first, so each member list is too
        for key in keys_of(p):
            members[key].append(p.slug)
    return members


def tag_groups(papers: list[Paper], tags: dict) -> dict[str, Group]:
    """One group per vocabulary tag that holds at least one paper, in label order."""
    members = _collect(papers, lambda p: p.tags)
    return {slug: Group("tag", slug, t.label, tuple(members[slug]), t.description)
            for slug, t in sorted(tags.items(), key=lambda kv: kv[1].label.lower()) if members.get(slug)}


def topic_groups(papers: list[Paper], topics: dict) -> dict[str, Group]:
    """A topic holds its own papers and its descendants' papers; topics stay in vocabulary order."""
    own = _collect(papers, lambda p: p.topics)
    children: dict[str, list[str]] = defaultdict(list)
    for slug, t in topics.items():
        if t.parent:
            children[t.parent].append(slug)

    def subtree(slug: str) -> set[str]:
        found = set(own.get(slug, ()))
        for child in children[slug]:
            found |= subtree(child)
        return found

    order = {p.slug: i for i, p in enumerate(papers)}
    groups = {}
    for slug, t in topics.items():
        held = sorted(subtree(slug), key=order.__getitem__)
        if held:
            groups[slug] = Group("topic", slug, t.label, tuple(held), getattr(t, "description", "") or "",
                                 parent=t.parent, children=tuple(c for c in children[slug] if subtree(c)))
    return groups


def author_groups(papers: list[Paper]) -> dict[str, Group]:
    """By number of authors (numeric order), then `organization` and `unknown`."""
    members = _collect(papers, lambda p: [p.author_group])
    numeric = sorted((k for k in members if k.isdigit()), key=int)
    labels = {"organization": "Organisation", "unknown": "Unknown"}
    return {k: Group("authors", k, labels.get(k, f"{k} author{'s' if k != '1' else ''}"), tuple(members[k]))
            for k in numeric + [k for k in ("organization", "unknown") if k in members]}


def year_groups(papers: list[Paper]) -> dict[str, Group]:
    """Newest year first; undated papers get no year page."""
    members = _collect(papers, lambda p: [str(p.year)] if p.year else [])
    return {y: Group("year", y, y, tuple(members[y])) for y in sorted(members, reverse=True)}


def related(paper: Paper, papers: dict[str, Paper], tag_members: dict[str, tuple[str, ...]],
            topic_members: dict[str, tuple[str, ...]], limit: int, sample: int = 150) -> list[Paper]:
    """Papers sharing the most tags (2 points each) and topics (1 point); earlier in `papers`
    (newest first) breaks ties.

    Candidates come from the paper's rarest groups first, at most `sample` from each (groups are
    newest first): scoring every member of every group is quadratic, and a 5,000-paper tag says
    less about relatedness than a 20-paper one."""
    groups = [members for key in paper.tags if (members := tag_members.get(key))]
    groups += [members for key in paper.topics if (members := topic_members.get(key))]
    candidates: set[str] = set()
    for members in sorted(groups, key=len):
        candidates.update(members[:sample])
    candidates.discard(paper.slug)
    tags, topics = set(paper.tags), set(paper.topics)
    position = _positions(papers)

    def rank(slug: str) -> tuple[int, int]:
        other = papers[slug]
        return (2 * len(tags.intersection(other.tags)) + len(topics.intersection(other.topics)), -position[slug])

    return [papers[s] for s in heapq.nlargest(limit, candidates, key=rank)]


_position_cache: dict[int, dict[str, int]] = {}


def _positions(papers: dict[str, Paper]) -> dict[str, int]:
    """Each slug's place in the newest-first catalog, computed once per catalog."""
    key = id(papers)
    if key not in _position_cache:
        _position_cache.clear()
        _position_cache[key] = {slug: i for i, slug in enumerate(papers)}
    return _position_cache[key]
