"""A catalog's groups as the last build made them, taken again while nothing they are made from
changed: each paper's grouping facts (`key`), the vocabulary and papercat's code. Most rebuilds
after an edit change none of these. Making the groups anew and digesting them (20,000 authors at
10,000 papers) took 0.75 s of such a rebuild's 2.1 s, in the build's own process; taking them
takes 0.11 s (bench/history.md, session 16: the edit with and without).

Which Paper fields groups are made from is said the safe way round: `NOT_GROUPED` names those that
no group reads, and every other field (a new one too) is in the key. A field wrongly left out of
the key would keep stale groups; one wrongly in it costs only a miss."""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

import orjson

from generator.model import Catalog, Group, Paper, restored
from generator.store import Store, code_version, digest

NAME = "groups"  # the store's name for them
KINDS = ("tags", "topics", "authors", "years", "venues", "venue_years", "people")  # Catalog's group fields

# Fields of a Paper that groups.py does not read (the order of papers is by `date` and `slug`).
NOT_GROUPED = frozenset({"title", "body", "path", "title_derived", "bibkey", "arxiv", "arxiv_category", "doi",
                         "added", "upvotes", "type", "publisher", "series", "editors", "volume", "issue",
                         "page_range", "pages", "figures", "comments", "links", "sources", "distinct_from"})
_GROUP = [f.name for f in fields(Group)]  # (a saved group's values, in this order, then its digest)
_FACTS = attrgetter(*[f.name for f in fields(Paper) if f.name not in NOT_GROUPED])


def key(papers: list[Paper], vocabulary: str) -> str:
    """What the groups of `papers` (newest first, as the catalog holds them) are made from;
    `vocabulary`: a digest of the vocabulary files."""
    return digest(code_version(), vocabulary, orjson.dumps(list(map(_FACTS, papers))))


def load(store: Store, made_from: str, slugs: list[str]) -> tuple[dict[str, dict[str, Group]], dict[str, str]] | None:
    """(groups by Catalog field, each group's digest by kind and key) as saved for `made_from`, the
    papers given by their `slugs` in catalog order; None when none are saved for it."""
    saved = store.load(NAME)
    if not isinstance(saved, dict) or saved.get("key") != made_from:
        return None
    try:
        groups: dict[str, dict[str, Group]] = {}
        ids: dict[str, str] = {}
        for kind in KINDS:
            made = groups[kind] = {}
            for *row, gid in saved["groups"][kind]:
                values = dict(zip(_GROUP, row, strict=True))
                values["papers"] = tuple(map(slugs.__getitem__, values["papers"]))
                values["children"] = tuple(values["children"])
                group = made[values["key"]] = restored(Group, values)
                ids[f"{group.kind}:{group.key}"] = gid
    except (KeyError, ValueError, TypeError, IndexError):  # (a damaged file: the groups are made again)
        return None
    return groups, ids


def save(store: Store, made_from: str, catalog: Catalog, ids: dict[int, str]) -> None:
    """The catalog's groups with their digests (`ids`: plan.object_ids), papers by catalog position."""
    at = {slug: i for i, slug in enumerate(catalog.papers)}

    def row(g: Group) -> list:
        values = {**g.__dict__, "papers": [at[s] for s in g.papers]}
        return [*map(values.__getitem__, _GROUP), ids[id(g)]]

    store.save(NAME, {"key": made_from, "groups": {kind: [row(g) for g in getattr(catalog, kind).values()]
                                                   for kind in KINDS}})
