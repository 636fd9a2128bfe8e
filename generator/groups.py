"""Papers -> browsable groups (tags, topics, author counts, authors, years, venues): pure functions over papers."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from generator.model import Group, Paper
from generator.people import NameFacts, filed_as, person, person_slugs, usual_slug


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first; undated papers last; slug breaks ties so the order never depends on input order."""
    ordered = sorted(papers, key=lambda p: p.slug)
    return sorted(ordered, key=lambda p: p.date or "", reverse=True)


def by_added(papers: list[Paper]) -> list[Paper]:
    """Most recently added first; papers without an `added` day after them; ties keep `papers`'
    order (newest first)."""
    return sorted(papers, key=lambda p: p.added or "", reverse=True)


def by_upvotes(papers: list[Paper]) -> list[Paper]:
    """Most upvoted first; papers without upvotes after them; ties keep `papers`' order, which
    callers give newest first (every group's member list already is, so it is not sorted again)."""
    return sorted(papers, key=lambda p: -(p.upvotes if p.upvotes is not None else -1))


def _collect(papers: list[Paper], keys_of) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for p in papers:  # papers arrive newest first, so each member list is too
        for key in keys_of(p):
            members[key].append(p.slug)
    return members


Order = Callable[[Iterable[Group]], list[Group]]  # a kind's groups in the order its pages list them


def _by(key: Callable[[Group], object], reverse: bool = False) -> Order:
    return lambda groups: sorted(groups, key=key, reverse=reverse)


def _keyed(groups: Iterable[Group], order: Order) -> dict[str, Group]:
    return {g.key: g for g in order(groups)}


def tag_order(tags: dict) -> Order:
    """Label order (the vocabulary's order between equal labels)."""
    at = {slug: i for i, slug in enumerate(tags)}
    return _by(lambda g: (g.label.lower(), at[g.key]))


def tag_groups(papers: list[Paper], tags: dict) -> dict[str, Group]:
    """One group per vocabulary tag that holds at least one paper, in label order."""
    members = _collect(papers, lambda p: p.tags)
    return _keyed((Group("tag", slug, t.label, tuple(members[slug]), t.description)
                   for slug, t in tags.items() if members.get(slug)), tag_order(tags))


def topic_order(topics: dict) -> Order:
    """The vocabulary's order."""
    at = {slug: i for i, slug in enumerate(topics)}
    return _by(lambda g: at[g.key])


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
    groups = []
    for slug, t in topics.items():
        held = sorted(subtree(slug), key=order.__getitem__)
        if held:
            groups.append(Group("topic", slug, t.label, tuple(held), getattr(t, "description", "") or "",
                                parent=t.parent, children=tuple(c for c in children[slug] if subtree(c))))
    return _keyed(groups, topic_order(topics))


_NOT_COUNTS = ("organization", "unknown")
# Numeric order, then `organization` and `unknown`.
author_order = _by(lambda g: (0, int(g.key)) if g.key.isdigit() else (1, _NOT_COUNTS.index(g.key)))


def author_groups(papers: list[Paper]) -> dict[str, Group]:
    """By number of authors (numeric order), then `organization` and `unknown`."""
    members = _collect(papers, lambda p: [p.author_group])
    labels = {"organization": "Organisation", "unknown": "Unknown"}
    return _keyed((Group("authors", k, labels.get(k, f"{k} author{'s' if k != '1' else ''}"), tuple(held))
                   for k, held in members.items() if k.isdigit() or k in _NOT_COUNTS), author_order)


def person_order(names: NameFacts) -> Order:
    """A–Z by the name each person is filed as (people.filed_as, people.sort_key)."""
    return _by(lambda g: names.sort_key(g.filed_as))


def person_groups(papers: list[Paper], reserved: frozenset[str] = frozenset(),
                  names: NameFacts | None = None) -> dict[str, Group]:
    """One group per person (people.person: `Van Gool, Luc` and `Luc Van Gool` are one), labelled
    with the name as shown and keyed by its slug (people.person_slugs), in A–Z order of the name it
    is filed as (people.filed_as, people.sort_key); each holds the author's papers newest first.
    `names`: what is already known of the names."""
    names = names or NameFacts()
    members = _collect(papers, lambda p: dict.fromkeys(map(person, p.authors)))  # (a name listed twice: once)
    filed = filed_as(a for p in papers for a in p.authors)
    slugs = person_slugs(members, reserved, lambda name: names.of(filed.get(name, name))[0])
    return _keyed((Group("person", slugs[name], name, tuple(held), filed_as=filed.get(name, name))
                   for name, held in members.items()), person_order(names))


def sharing_slugs(names: NameFacts) -> Callable[[set[str], dict[str, Group]], set[str] | None]:
    """`regroup`'s `widen` for people: with each name, every name whose slug has the same base
    (people.person_slugs gives the plain slug to one of them, a hash to the others). None when
    a slug's hash was made longer, which a name elsewhere caused: then all are made again."""
    def widen(touched: set[str], named: dict[str, Group]) -> set[str] | None:
        base = {name: names.of(g.filed_as)[0] for name, g in named.items()}
        if not all(usual_slug(g.key, base[name]) for name, g in named.items()):
            return None
        wanted = {base[n] if n in base else names.of(n)[0] for n in touched}
        return touched | {name for name, b in base.items() if b in wanted}
    return widen


year_order = _by(lambda g: g.key, reverse=True)  # newest first


def year_groups(papers: list[Paper]) -> dict[str, Group]:
    """Newest year first; undated papers get no year page."""
    members = _collect(papers, lambda p: [str(p.year)] if p.year else [])
    return _keyed((Group("year", y, y, tuple(held)) for y, held in members.items()), year_order)


def venue_year(p: Paper) -> str | None:
    """The year of a resolved venue (`NeurIPS 2017`), else of the paper's date."""
    return p.venue_own_year or (str(p.year) if p.year else None)


venue_order = _by(lambda g: (g.label.lower(), g.key))  # by short name
venue_year_order = _by(lambda g: (g.key.partition("/")[0], -int(g.key.partition("/")[2])))  # by venue, newest first


def venue_groups(papers: list[Paper]) -> dict[str, Group]:
    """One group per vocabulary venue that holds a paper, by short name; `children` are its years'
    keys (`venue_year_groups`), newest first. Venues venues.yml does not list get no page."""
    members: dict[str, list[str]] = defaultdict(list)
    years: dict[str, set[str]] = defaultdict(set)
    names: dict[str, tuple[str, str]] = {}
    for p in papers:  # (newest first, so each member list is too)
        if p.venue_slug:
            members[p.venue_slug].append(p.slug)
            year = venue_year(p)
            if year:
                years[p.venue_slug].add(year)
            name = p.venue[:-5] if year and p.venue.endswith(" " + year) else p.venue
            names.setdefault(p.venue_slug, (name, p.venue_full or ""))
    return _keyed((Group("venue", slug, names[slug][0], tuple(held), names[slug][1],
                         children=tuple(f"{slug}/{y}" for y in sorted(years[slug], reverse=True)))
                   for slug, held in members.items()), venue_order)


def venue_year_groups(papers: list[Paper]) -> dict[str, Group]:
    """One group per venue and year (`neurips/2017`, labelled `NeurIPS 2017`), `parent` its venue;
    by venue slug, newest year first."""
    members: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for p in papers:
        year = venue_year(p) if p.venue_slug else None
        if year:
            key = f"{p.venue_slug}/{year}"
            members[key].append(p.slug)
            labels.setdefault(key, p.venue if p.venue.endswith(" " + year) else f"{p.venue} {year}")
    return _keyed((Group("venue-year", k, labels[k], tuple(held), parent=k.partition("/")[0])
                   for k, held in members.items()), venue_year_order)


Maker = Callable[[list[Paper]], dict[str, Group]]  # papers (newest first) -> one kind's groups, in order


def regroup(old: dict[str, Group], papers: dict[str, Paper], changed: set[str], make: Maker, order: Order,
            who: Callable[[Group], str] = lambda g: g.key,
            widen: Callable[[set[str], dict[str, Group]], set[str] | None] | None = None) -> dict[str, Group]:
    """What `make` makes of `papers` (newest first), from `old`, what it made of the last build's
    papers, when only the papers `changed` (by slug: added, removed, or with other grouping facts)
    differ. A group is made from its members alone, so only the groups holding a changed paper,
    before or after, are made again, from their members (at 10,000 papers making every author's
    group took a tenth of a rebuild after an addition). `who` names a group across builds (a
    person's slug may change, their name does not); `widen` adds the groups whose making depends on
    those named (None: all of them). When `widen` says so, or when the groups made again claim a
    key an untouched group holds, all are made from every paper."""
    named = {who(g): g for g in old.values()}
    fresh = [p for s, p in papers.items() if s in changed]
    touched = {who(g) for g in old.values() if not changed.isdisjoint(g.papers)}
    touched |= {who(g) for g in make(fresh).values()}
    if widen is not None and (touched := widen(touched, named)) is None:
        return make(list(papers.values()))
    members = {s for name in touched if name in named for s in named[name].papers} - changed
    members |= {p.slug for p in fresh}
    remade = [g for g in make([p for s, p in papers.items() if s in members]).values() if who(g) in touched]
    kept = [g for name, g in named.items() if name not in touched]
    groups = _keyed(kept + remade, order)
    return groups if len(groups) == len(kept) + len(remade) else make(list(papers.values()))


@dataclass(frozen=True)
class Relatedness:
    """Tags and topics of every paper as one bitmask, two bits per tag and one per topic, so that
    scoring a candidate (2 points a shared tag, 1 a shared topic) is one AND and one popcount:
    related papers are computed for every page of every build."""

    order: dict[str, int]  # newest-first position of each slug
    bits: dict[str, int]
    tag_members: dict[str, tuple[str, ...]]
    topic_members: dict[str, tuple[str, ...]]


def relatedness(papers: dict[str, Paper], tag_members: dict[str, tuple[str, ...]],
                topic_members: dict[str, tuple[str, ...]]) -> Relatedness:
    tag_bit = {k: 3 << (2 * i) for i, k in enumerate(sorted(tag_members))}
    topic_bit = {k: 1 << (2 * len(tag_bit) + i) for i, k in enumerate(sorted(topic_members))}
    return Relatedness(
        order={slug: i for i, slug in enumerate(papers)},
        bits={s: sum(tag_bit.get(t, 0) for t in set(p.tags)) + sum(topic_bit.get(t, 0) for t in set(p.topics))
              for s, p in papers.items()},
        tag_members=tag_members, topic_members=topic_members)


SAMPLE, ENOUGH = 60, 160  # see `related`


def related(paper: Paper, rel: Relatedness, limit: int, sample: int = SAMPLE, enough: int = ENOUGH) -> list[str]:
    """Slugs of the papers sharing the most tags (2 points each) and topics (1 point); newer first
    among equals.

    Candidates come from the paper's rarest groups first, at most `sample` from each (groups are
    newest first) until there are `enough`: scoring every member of every group is quadratic, and
    a 5,000-paper tag says less about relatedness than a 20-paper one."""
    groups = [members for key in paper.tags if (members := rel.tag_members.get(key))]
    groups += [members for key in paper.topics if (members := rel.topic_members.get(key))]
    candidates: set[str] = set()
    for members in sorted(groups, key=len):
        candidates.update(members[:sample])
        if len(candidates) > enough:
            break
    candidates.discard(paper.slug)
    mine, bits, order = rel.bits[paper.slug], rel.bits, rel.order
    n = len(order)
    # Ranked by shared count, then newest: `order` < n, so n's value never changes the ranking.
    scored = [((mine & bits[c]).bit_count() * n - order[c], c) for c in candidates]
    return [c for _, c in heapq.nlargest(limit, scored)]


def all_related(papers: dict[str, Paper], tag_members: dict[str, tuple[str, ...]],
                topic_members: dict[str, tuple[str, ...]], limit: int, memo: dict | None = None,
                sample: int = SAMPLE, enough: int = ENOUGH) -> dict[str, list[str]]:
    """`related` for every paper (`papers` newest first). `memo` holds the last build's results and
    what they were made from; it is updated in place, and only papers whose result can differ are
    scored again. A paper's result depends on its own tags, topics and date; on its groups' order
    by size and their first `sample` members (its candidates); and on those candidates' tags,
    topics and dates. So an added paper rescores only the papers whose groups it enters near the
    top (or reorders), not every paper of its 3,000-paper topic."""
    # (In the shapes JSON gives back, so that a memo read from the build's cache compares equal.)
    facts = {s: [list(p.tags), list(p.topics), p.date] for s, p in papers.items()}
    shape = {f"tag:{k}": [len(m), list(m[:sample])] for k, m in tag_members.items()}
    shape.update({f"topic:{k}": [len(m), list(m[:sample])] for k, m in topic_members.items()})
    settings = [limit, sample, enough]
    if not memo or memo.get("settings") != settings:
        rel = relatedness(papers, tag_members, topic_members)
        found = {s: related(p, rel, limit, sample, enough) for s, p in papers.items()}
    else:
        old_facts, old_shape, found = memo["facts"], memo["shape"], dict(memo["related"])
        changed = {s for s, f in facts.items() if old_facts.get(s) != f}
        if not changed and len(old_facts) == len(facts) and old_shape == shape:
            return memo["related"]
        for s in old_facts.keys() - facts.keys():
            del found[s]
        rel = relatedness(papers, tag_members, topic_members)
        # Groups whose candidates differ, and groups whose size changed (their order may have).
        dirty = {g for g, (n, top) in shape.items()
                 if g not in old_shape or old_shape[g][1] != top or not changed.isdisjoint(top)}
        resized = {g for g, (n, _) in shape.items() if g in old_shape and old_shape[g][0] != n}
        for s, p in papers.items():
            gids = [f"tag:{k}" for k in p.tags if k in tag_members] + [f"topic:{k}" for k in p.topics
                                                                       if k in topic_members]
            if (s in changed or any(g in dirty for g in gids)
                    or (not resized.isdisjoint(gids)
                        and sorted(gids, key=lambda g: shape[g][0]) != sorted(gids, key=lambda g: old_shape[g][0]))):
                found[s] = related(p, rel, limit, sample, enough)
        found = {s: found[s] for s in papers}
    if memo is not None:
        memo.clear()
        memo.update(settings=settings, facts=facts, shape=shape, related=found)
    return found
