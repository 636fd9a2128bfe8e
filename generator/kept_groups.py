"""A catalog's groups as the last build made them, taken again while nothing they are made from
changed: each paper's grouping facts (`key`), the vocabulary and papercat's code. Most rebuilds
after an edit change none of these. Making the groups anew and digesting them (20,000 authors at
10,000 papers) took 0.75 s of such a rebuild's 2.1 s, in the build's own process; taking them
takes 0.11 s (bench/history.md, session 16: the edit with and without). When they did change (an
added paper), the authors' groups are still the last build's, updated for the papers that changed
(kept_people.py): so each paper's digest is saved with them, and each author's group apart
(`Saved`), so that such a build writes only the authors' rows that changed.

Which Paper fields groups are made from is said the safe way round: `NOT_GROUPED` names those that
no group reads, and every other field (a new one too) is in the key. A field wrongly left out of
the key would keep stale groups; one wrongly in it costs only a miss."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter

import orjson

from generator.model import Catalog, Group, Paper, restored
from generator.store import Store, code_version, digest

NAME, ROWS = "groups", "people-rows"  # the store's names for them: all but the authors', and the authors' rows
KINDS = ("tags", "topics", "authors", "years", "venues", "venue_years", "people")  # Catalog's group fields (people last)

# Fields of a Paper that groups.py does not read (the order of papers is by `date` and `slug`).
NOT_GROUPED = frozenset({"title", "body", "path", "title_derived", "bibkey", "arxiv", "arxiv_category", "doi",
                         "added", "upvotes", "type", "publisher", "series", "editors", "volume", "issue",
                         "page_range", "pages", "figures", "comments", "links", "sources", "distinct_from"})
_GROUP = [f.name for f in fields(Group)]  # (a saved group's values, in this order, then its digest)
_PAPERS = _GROUP.index("papers")
_FACTS = attrgetter(*[f.name for f in fields(Paper) if f.name not in NOT_GROUPED])


def key(papers: list[Paper], vocabulary: str) -> str:
    """What the groups of `papers` (newest first, as the catalog holds them) are made from;
    `vocabulary`: a digest of the vocabulary files."""
    return digest(code_version(), vocabulary, orjson.dumps(list(map(_FACTS, papers))))


@dataclass
class Saved:
    """What the last build saved (`read`): what its groups were made from, each paper's digest then
    (in catalog order), its groups by Catalog field except the authors', papers by catalog position,
    and the authors' group keys in order. Each author's group (values, papers by slug, then its
    digest) is a row of a table (Store.save_table), so that a build that changes a few authors
    writes a few files: they were all written again after an added paper (0.1 s at 10,000 papers)."""

    key: str
    papers: dict[str, str]
    groups: dict[str, list]
    people: list[str]
    sum: str  # a digest of the authors' group digests in order: rows another build saved are not taken
    rows: dict[str, list]


@dataclass
class LastPeople:
    groups: dict[str, Group]  # by key, in the A–Z order they had
    ids: dict[str, str]  # their digests, by `person:key`
    papers: dict[str, str]  # every paper's digest then (model.paper_digest), by slug


def read(store: Store) -> Saved | None:
    """What the last build saved (`save`), or None."""
    saved = store.load(NAME)
    head, rows = store.load_table(ROWS)
    try:
        return Saved(saved["key"], saved["papers"], saved["groups"], saved["people"], saved["sum"], rows) \
            if head == ROWS and isinstance(saved["papers"], dict) else None
    except (TypeError, KeyError):
        return None


def load(saved: Saved | None, made_from: str) -> tuple[dict[str, dict[str, Group]], dict[str, str]] | None:
    """(groups by Catalog field, each group's digest by `kind:key`) as `saved` (`read`) for
    `made_from`; None when not saved for it."""
    if saved is None or saved.key != made_from:
        return None
    people = _people(saved)
    if people is None:
        return None
    slugs = list(saved.papers)
    groups, ids = {"people": people[0]}, people[1]
    try:
        for kind in KINDS[:-1]:
            made = groups[kind] = {}
            for *row, gid in saved.groups[kind]:
                group = _group(row, tuple(map(slugs.__getitem__, row[_PAPERS])))
                made[group.key] = group
                ids[f"{group.kind}:{group.key}"] = gid
    except (KeyError, ValueError, TypeError, IndexError):  # (a damaged file: the groups are made again)
        return None
    return groups, ids


def last_people(saved: Saved | None) -> LastPeople | None:
    """The authors' groups the last build saved, whatever they were made from, with what each paper
    was then (kept_people.py updates them for the papers that changed)."""
    got = _people(saved) if saved is not None else None
    return LastPeople(got[0], got[1], saved.papers) if got is not None else None


def _people(saved: Saved) -> tuple[dict[str, Group], dict[str, str]] | None:
    groups: dict[str, Group] = {}
    ids: dict[str, str] = {}
    try:
        for key in saved.people:
            *row, gid = saved.rows[key]
            groups[key] = _group(row, tuple(row[_PAPERS]))
            ids[f"person:{key}"] = gid
    except (KeyError, ValueError, TypeError):
        return None
    return (groups, ids) if digest("\0".join(ids.values())) == saved.sum else None


def _group(row: list, papers: tuple[str, ...]) -> Group:
    """A group from its saved values (a row of another length refused), with `papers`."""
    values = dict(zip(_GROUP, row, strict=True))
    values["papers"], values["children"] = papers, tuple(values["children"])
    return restored(Group, values)


def save(store: Store, made_from: str, catalog: Catalog, ids: dict[int, str], saved: Saved | None) -> None:
    """The catalog's groups with their digests (`ids`: plan.object_ids), and each paper's digest;
    `saved`: what `read` gave, whose rows that are the same are not written again."""
    at = {slug: i for i, slug in enumerate(catalog.papers)}

    def row(g: Group) -> list:
        values = {**g.__dict__, "papers": [at[s] for s in g.papers]}
        return [*map(values.__getitem__, _GROUP), ids[id(g)]]

    before = saved.rows if saved is not None else {}
    rows = {g.key: [*map(g.__dict__.__getitem__, _GROUP), ids[id(g)]] for g in catalog.people.values()}
    changed = [k for k, r in rows.items() if not isinstance(got := before.get(k), list) or got[-1:] != r[-1:]]
    store.save_table(ROWS, ROWS, rows, changed + list(before.keys() - rows.keys()))
    store.save(NAME, {"key": made_from, "papers": {s: catalog.digests.get(s, "") for s in catalog.papers},
                      "groups": {kind: [row(g) for g in getattr(catalog, kind).values()] for kind in KINDS[:-1]},
                      "people": list(rows), "sum": digest("\0".join(r[-1] for r in rows.values()))})
