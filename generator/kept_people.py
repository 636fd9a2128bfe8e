"""The authors' groups of the last build, updated for the few papers that changed since, instead of
made anew from every paper (groups.person_groups): making and digesting 20,000 authors' groups at
10,000 papers was 0.45 s of a rebuild after an added paper.

The result is what person_groups would make, or None, and then the caller makes them anew: when
many papers changed, when a changed paper's name is filed family first (`Van Gool, Luc`: it may
change how a name already in use is filed), and when a name comes or goes whose slug is, or is
the base of, another name's slug (person_slugs tells such names apart by all of them at once)."""

from __future__ import annotations

from bisect import bisect_left

from generator.kept_groups import LastPeople
from generator.model import Catalog, Group, restored
from generator.people import NameFacts, person

MOST = 200  # changed papers beyond which the groups are made anew (and cost no more than that)


def updated(last: LastPeople | None, catalog: Catalog, names: NameFacts,
            reserved: frozenset[str]) -> tuple[dict[str, Group], dict[str, str]] | None:
    """(the authors' groups, the digests kept of those unchanged by `person:key`), or None."""
    if last is None:
        return None
    digests = catalog.digests
    changed = {s for s in catalog.papers if last.papers.get(s) != digests.get(s)} | (last.papers.keys() - catalog.papers.keys())
    if len(changed) > MOST or (not changed and len(last.papers) == len(catalog.papers)):
        return None if changed else (last.groups, last.ids)
    groups = dict(last.groups)
    by_name = {g.label: g.key for g in groups.values()}
    members: dict[str, set[str]] = {}  # touched groups: key -> slugs
    for key, g in groups.items():
        if not changed.isdisjoint(g.papers):
            if g.filed_as != g.label:
                return None
            members[key] = set(g.papers) - changed
    fresh: dict[str, set[str]] = {}  # names with no group yet -> slugs
    for slug in changed & catalog.papers.keys():
        p = catalog.papers[slug]
        if any("," in a for a in p.authors):
            return None
        for name in dict.fromkeys(map(person, p.authors)):
            key = by_name.get(name)
            if key is None:
                fresh.setdefault(name, set()).add(slug)
            else:
                members.setdefault(key, set(groups[key].papers) - changed).add(slug)
    keys = sorted(groups)
    bases = [names.of(name)[0] for name in fresh]
    if len(set(bases)) != len(bases) or any(b in reserved or _related(b, keys) > 0 for b in bases):
        return None
    for key, held in members.items():  # (a name gone: another with its slug's base would take it)
        if not held and _related(names.of(groups[key].label)[0], keys) > 1:
            return None
    at = {s: i for i, s in enumerate(catalog.papers)}
    ids = dict(last.ids)
    for key, held in members.items():
        del ids[f"person:{key}"]
        if held:  # (filed as before: no paper that changed writes a name family first)
            groups[key] = _group(key, groups[key].label, held, at, groups[key].filed_as)
        else:
            del groups[key]
    for base, (name, held) in zip(bases, fresh.items()):
        groups[base] = _group(base, name, held, at)
    if fresh:
        groups = dict(sorted(groups.items(), key=lambda kv: names.sort_key(kv[1].filed_as)))
    return groups, ids


def _group(key: str, name: str, held: set[str], at: dict[str, int], filed_as: str | None = None) -> Group:
    """(As person_groups makes it, without Group's __init__: model.restored.)"""
    return restored(Group, {"kind": "person", "key": key, "label": name, "papers": tuple(sorted(held, key=at.__getitem__)),
                            "description": "", "parent": None, "children": (), "filed_as": filed_as or name})


def _related(base: str, keys: list[str]) -> int:
    """How many of `keys` (sorted) are `base` or start with it (`ada-lovelace-3f2a1b`): the slugs
    person_slugs may have given names whose slug base is `base`."""
    i = n = bisect_left(keys, base)
    while n < len(keys) and (keys[n] == base or keys[n].startswith(base + "-")):
        n += 1
    return n - i
