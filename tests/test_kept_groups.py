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
    kept_groups.save(store, "k1", catalog, ids, None)
    groups, gids = kept_groups.load(kept_groups.read(store), "k1")
    again = derive(papers, vocab, digests, groups=groups)
    assert _groups(again) == _groups(catalog) and again.venue_urls == catalog.venue_urls
    assert [list(g) for g in _groups(again).values()] == [list(g) for g in _groups(catalog).values()]  # (in order)
    assert list(object_ids(again, gids).values()) == list(ids.values())
    # The authors' groups, whatever they were made from, for kept_people.py to update
    last = kept_groups.last_people(kept_groups.read(store))
    assert list(last.groups.items()) == list(catalog.people.items()) and last.papers == catalog.digests
    assert last.ids == {f"person:{g.key}": ids[id(g)] for g in catalog.people.values()}
    assert kept_groups.load(kept_groups.read(store), "k2") is None


def test_groups_saved_again_after_a_change_load_as_the_new_ones(shipped, tmp_path):
    """A save after a read writes only the rows that changed (Store.save_table): what loads is the
    new catalog's groups, whichever rows were written, and a group gone leaves no row behind."""
    papers, vocab, digests = shipped
    store = Store(tmp_path / "cache")
    first = derive(papers, vocab, digests)
    kept_groups.save(store, "k1", first, object_ids(first), None)
    fewer = [replace(papers[0], authors=("Ada Lovelace", "Alan Turing")), *papers[2:]]
    second = derive(fewer, vocab, {p.slug: digests[p.slug] + "x" for p in fewer})
    saved = kept_groups.read(store)
    kept_groups.last_people(saved)  # (as a build does: it reads the papers' digests too)
    ids = object_ids(second)
    kept_groups.save(store, "k2", second, ids, saved)
    got = kept_groups.read(store)
    groups, gids = kept_groups.load(got, "k2")
    assert _groups(derive(fewer, vocab, second.digests, groups=groups)) == _groups(second)
    assert gids == {f"{g.kind}:{g.key}": ids[id(g)] for groups in _groups(second).values() for g in groups.values()}
    assert "alan-turing" in got.rows and "grace-hopper" not in got.rows  # (her papers: changed, gone)
    assert kept_groups.last_people(got).papers == second.digests


def test_a_save_killed_partway_never_gives_a_mix_of_two_builds_groups(shipped, tmp_path, monkeypatch):
    """Killed after writing some of the new rows: what loads is the last save's groups, or none."""
    papers, vocab, digests = shipped
    store = Store(tmp_path / "cache")
    papers = [replace(p, authors=(f"Person {i % 40}",)) for i, p in enumerate(papers)]
    first = derive(papers, vocab, digests)
    kept_groups.save(store, "k1", first, object_ids(first), None)
    # (The same 40 people, each on other papers: rows of the same keys, which only the sum tells apart.)
    second = derive([replace(p, authors=(f"Person {(i + 1) % 40}",)) for i, p in enumerate(papers)], vocab, digests)
    assert list(second.people) == list(first.people)
    real, written = Store.save, []

    def killed(self, name, value):
        if len(written) == 3:
            raise KeyboardInterrupt
        written.append(name)
        real(self, name, value)
    monkeypatch.setattr(Store, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        kept_groups.save(store, "k1", second, object_ids(second), kept_groups.read(store))
    monkeypatch.undo()
    assert all(name.startswith(kept_groups.ROWS) for name in written)
    got = kept_groups.load(kept_groups.read(store), "k1")
    assert got is None or _groups(derive(papers, vocab, digests, groups=got[0])) == _groups(first)
    assert got is None  # (some rows are the second's now)
