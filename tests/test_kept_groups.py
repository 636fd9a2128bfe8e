"""The last build's groups are taken again only while nothing they are made from changed."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from generator import kept_groups
from generator.catalog import derive, read_papers
from generator.model import Paper
from generator.plan import object_ids
from generator.store import Store
from generator.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    vocab = load_vocabulary(ROOT / "content")
    papers, digests = read_papers(ROOT / "content", vocab)
    # (The shipped entries name no author: a few do here, family name first too, so that every
    # kind of group is made.)
    names = [("Ada Lovelace", "Grace Hopper"), ("Hopper, Grace",), ("Van Gool, Luc", "Ada Lovelace")]
    papers[:3] = [replace(p, authors=n) for p, n in zip(papers, names)]
    return papers, vocab, digests


def _groups(catalog) -> dict:
    return {kind: getattr(catalog, kind) for kind in kept_groups.KINDS}


def _other(value, name: str):
    """Another value of the field's type."""
    if name == "added":
        return "2031-01-01"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if name == "links":
        return (("code", "https://example.org/x"),)
    if isinstance(value, tuple):
        return ("Someone Else",) if value == () else ()
    return "changed " + (value or "")


@pytest.mark.parametrize("name", sorted(kept_groups.NOT_GROUPED))
def test_fields_said_not_grouped_change_no_group(shipped, name):
    """The key leaves these fields out: changing one in every paper must change no group (a
    grouping function that started to read one would fail here, not serve stale pages)."""
    papers, vocab, digests = shipped
    changed = [replace(p, **{name: _other(getattr(p, name), name)}) for p in papers]
    assert _groups(derive(changed, vocab, digests)) == _groups(derive(papers, vocab, digests))
    assert kept_groups.key(changed, "v") == kept_groups.key(papers, "v")


def test_every_other_field_is_in_the_key(shipped):
    papers, _, _ = shipped
    for f in fields(Paper):
        if f.name in kept_groups.NOT_GROUPED:
            continue
        changed = [replace(papers[0], **{f.name: _other(getattr(papers[0], f.name), f.name)}), *papers[1:]]
        assert kept_groups.key(changed, "v") != kept_groups.key(papers, "v"), f.name
    assert kept_groups.key(papers, "v") != kept_groups.key(papers, "w")  # (the vocabulary's digest)


def test_saved_groups_load_as_made_with_their_digests(shipped, tmp_path):
    papers, vocab, digests = shipped
    catalog = derive(papers, vocab, digests)
    assert catalog.people and catalog.venues and catalog.topics  # (every kind is tried)
    store = Store(tmp_path / "cache")
    ids = object_ids(catalog)
    kept_groups.save(store, "k1", catalog, ids)
    groups, gids = kept_groups.load(store, "k1", [p.slug for p in papers])
    again = derive(papers, vocab, digests, groups=groups)
    assert _groups(again) == _groups(catalog) and again.venue_urls == catalog.venue_urls
    assert list(object_ids(again, gids).values()) == list(ids.values())
    assert kept_groups.load(store, "k2", [p.slug for p in papers]) is None
