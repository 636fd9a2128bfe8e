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
    assert kept_groups.facts(changed) == kept_groups.facts(papers)


def test_every_other_field_is_in_the_key(shipped):
    papers, _, _ = shipped
    for f in fields(Paper):
        if f.name in kept_groups.NOT_GROUPED:
            continue
        changed = [replace(papers[0], **{f.name: _other(getattr(papers[0], f.name), f.name)}), *papers[1:]]
        if f.name == "slug":  # (another paper)
            assert kept_groups.facts(changed).keys() != kept_groups.facts(papers).keys()
            continue
        assert kept_groups.facts(changed)[papers[0].slug] != kept_groups.facts(papers)[papers[0].slug], f.name
    assert kept_groups.key("v") != kept_groups.key("w")  # (the vocabulary's digest)


def test_saved_groups_load_as_made_with_their_digests(shipped, tmp_path):
    papers, vocab, digests = shipped
    catalog = derive(papers, vocab, digests)
    assert catalog.people and catalog.venues and catalog.topics  # (every kind is tried)
    store = Store(tmp_path / "cache")
    ids = object_ids(catalog)
    facts = kept_groups.facts(papers)
    kept_groups.save(store, "k1", facts, catalog, ids)
    kept = kept_groups.load(store, "k1", facts)
    assert kept.changed == set()
    again = derive(papers, vocab, digests, groups=kept.groups)
    assert _groups(again) == _groups(catalog) and again.venue_urls == catalog.venue_urls
    assert list(object_ids(again, kept.ids).values()) == list(ids.values())
    assert kept_groups.load(store, "k2", facts) is None
    edited = [replace(papers[4], tags=()), *papers[5:]]
    assert kept_groups.load(store, "k1", kept_groups.facts(edited)).changed == {p.slug for p in papers[:5]}


def _ordered(catalog) -> dict:
    """Every kind's groups as a list, so that their order is compared too."""
    return {kind: list(getattr(catalog, kind).items()) for kind in kept_groups.KINDS}


NAMES = ["Ada Lovelace", "Grace Hopper", "Hopper, Grace", "Van Gool, Luc", "Luc Van Gool", "José García",
         "Jose Garcia", "K", "Other", "Kay", "Geoffrey Hinton", "G. Hinton", "Łukasz Kaiser", "Lukasz Kaiser",
         "OpenBMB", "Yann LeCun", "LeCun, Yann"]

VENUES = [("NeurIPS 2017", "neurips"), ("NeurIPS", "neurips"), ("ICML 2021", "icml"), ("ICML 2019", "icml"),
          ("Workshop on Things", None), (None, None)]


def _step(rng, papers: list, vocab) -> list:
    """One random change a curator could make: a paper added, removed, or with other grouping facts."""
    from generator.groups import newest_first

    p = rng.choice(papers)
    what = rng.choice(["add", "add", "remove", "tags", "topics", "authors", "date", "venue"])
    if what == "remove" and len(papers) > 5:
        return [q for q in papers if q is not p]
    if what == "add":
        new = replace(p, slug=f"{p.slug}-{rng.randrange(10**6)}", authors=tuple(rng.sample(NAMES, rng.randrange(4))))
        return newest_first([*papers, new])
    if what == "tags":
        changed = replace(p, tags=tuple(rng.sample(sorted(vocab.tags), rng.randrange(4))))
    elif what == "topics":
        changed = replace(p, topics=tuple(rng.sample(sorted(vocab.topics), rng.randrange(3))))
    elif what == "authors":
        changed = replace(p, authors=tuple(rng.sample(NAMES, rng.randrange(5))))
    elif what == "date":
        year = rng.randrange(2015, 2026)
        changed = replace(p, date=f"{year}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}")
    else:
        venue, slug = rng.choice(VENUES)
        changed = replace(p, venue=venue, venue_slug=slug, venue_full=slug and slug.upper() + " in full")
    return newest_first([changed if q is p else q for q in papers])


def test_groups_made_again_where_papers_changed_equal_groups_made_from_scratch(shipped):
    """kept_groups + catalog.regrouped: after random additions, removals and changes of grouping
    facts (a few papers at a time), the groups made again only where papers changed equal, order
    included, those made from every paper: including people whose names share a slug (the plain
    slug moves between them) and names filed family name first."""
    import random

    papers, vocab, digests = shipped
    rng = random.Random(7)
    papers = [replace(p, authors=tuple(rng.sample(NAMES, rng.randrange(4)))) for p in papers[:20]]
    before = derive(papers, vocab)
    for i in range(300):
        now = papers
        for _ in range(rng.randrange(1, 4)):
            now = _step(rng, now, vocab)
        was, facts = kept_groups.facts(papers), kept_groups.facts(now)
        changed = {s for s, f in facts.items() if was.get(s) != f} | (was.keys() - facts.keys())
        again = _regrouped(now, vocab, before, changed)
        cold = derive(now, vocab)
        assert _ordered(again) == _ordered(cold), i
        papers, before = now, cold


def _regrouped(papers, vocab, before, changed):
    """The groups of `papers` as a build makes them from `before`'s when the papers `changed`."""
    from generator.catalog import regrouped, with_people
    from generator.people import NameFacts

    catalog = regrouped(papers, vocab, {}, _groups(before), changed)
    return with_people(catalog, NameFacts(), before.people, changed)


@pytest.mark.parametrize("change", ["remove", "add"])
def test_a_name_sharing_a_slug_takes_it_when_the_other_goes_or_comes(shipped, change):
    """`José García` holds the plain slug only while no `Jose Garcia` does (people.person_slugs): when
    Jose's only paper goes, José's page moves to `jose-garcia`, though no paper of José's changed."""
    papers, vocab, _ = shipped
    papers = [replace(p, authors=n) for p, n in zip(papers[:3], [("José García",), ("Jose Garcia",), ("Ada Lovelace",)])]
    was, now = (papers, [papers[0], papers[2]]) if change == "remove" else ([papers[0], papers[2]], papers)
    before = derive(was, vocab)
    old, new = kept_groups.facts(was), kept_groups.facts(now)
    changed = {s for s, f in new.items() if old.get(s) != f} | (old.keys() - new.keys())
    again = _regrouped(now, vocab, before, changed)
    assert _ordered(again) == _ordered(derive(now, vocab))
    assert again.people["jose-garcia"].label == ("José García" if change == "remove" else "Jose Garcia")
