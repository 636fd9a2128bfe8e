"""A catalog's groups as the last build made them, made again only where papers changed. Each
paper's grouping facts are kept as a digest (`facts`); while the vocabulary and papercat's code are
the same (`key`), a rebuild takes the last build's groups and makes again only those holding a
paper whose facts differ, before or after (catalog.regrouped, groups.regroup), and an edit of a
title or an abstract none at all. Making every group anew and digesting them (20,000 authors at
10,000 papers) took 0.75 s of an edit's 2.1 s (session 16); after an addition, the authors' groups
alone took 0.2-0.27 s of the build's own process (session 24).

Which Paper fields groups are made from is said the safe way round: `NOT_GROUPED` names those that
no group reads, and every other field (a new one too) is in the facts. A field wrongly left out
would keep stale groups; one wrongly in them costs only groups made again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
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


def key(vocabulary: str) -> str:
    """What every group is made from besides its papers' facts: papercat's code and `vocabulary`,
    a digest of the vocabulary files."""
    return digest(code_version(), vocabulary)


def facts(papers: list[Paper]) -> dict[str, str]:
    """Each paper's grouping facts, as a digest by slug, in catalog order (newest first, which the
    facts decide: a paper whose date changes is a changed paper)."""
    return {p.slug: hashlib.blake2b(orjson.dumps(_FACTS(p)), digest_size=8).hexdigest() for p in papers}


@dataclass
class Kept:
    """The last build's groups by Catalog field, each group's digest by `kind:key`, and the papers
    whose grouping facts differ now (added, removed or changed: by slug)."""

    groups: dict[str, dict[str, Group]]
    ids: dict[str, str]
    changed: set[str]


def load(store: Store, made_from: str, now: dict[str, str]) -> Kept | None:
    """The groups saved for `made_from` (`key`), given the papers' `facts` now; None when none are."""
    saved = store.load(NAME)
    if not isinstance(saved, dict) or saved.get("key") != made_from:
        return None
    try:
        was = dict(zip(saved["slugs"], saved["facts"], strict=True))
        slugs = list(was)
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
    changed = {s for s, f in now.items() if was.get(s) != f} | (was.keys() - now.keys())
    return Kept(groups, ids, changed)


def save(store: Store, made_from: str, now: dict[str, str], catalog: Catalog, ids: dict[int, str]) -> None:
    """The catalog's groups with their digests (`ids`: plan.object_ids), papers by catalog position,
    and the facts (`facts`) they were made from."""
    at = {slug: i for i, slug in enumerate(catalog.papers)}

    def row(g: Group) -> list:
        values = {**g.__dict__, "papers": [at[s] for s in g.papers]}
        return [*map(values.__getitem__, _GROUP), ids[id(g)]]

    store.save(NAME, {"key": made_from, "slugs": list(catalog.papers), "facts": [now[s] for s in catalog.papers],
                      "groups": {kind: [row(g) for g in getattr(catalog, kind).values()] for kind in KINDS}})


def unchanged(ids: dict[str, str], before: dict[str, dict[str, Group]], catalog: Catalog) -> dict[str, str]:
    """The digests (`ids`, by `kind:key`) of the groups `catalog` holds as the last build made them
    (`before`, by Catalog field): not those made again, whose key may now name another group (a
    person's slug)."""
    return {f"{g.kind}:{g.key}": ids[f"{g.kind}:{g.key}"] for kind, groups in before.items()
            for g in getattr(catalog, kind).values() if g is groups.get(g.key)}
