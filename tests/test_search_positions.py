"""generator.search_positions: where terms stand in titles and abstracts, for phrase search; kept as
columns between builds. The page's use of them is tested in tests/browser (phrases)."""

from __future__ import annotations

import json
import re

import numpy as np
from pathlib import Path

from generator import search_index
from generator.search_positions import ABSTRACT_START, Places, by_term, placed, places, places_from_data, places_to_data
from tests.test_search_index import catalog_of, entry, files_of, shipped  # noqa: F401 (a fixture)

PAPERS = {
    "moe": entry("moe", "Sparse mixture of experts", "We train a mixture-of-experts model; experts of a mixture vary."),
    "other": entry("other", "Experts agree", "A mixture, then experts.", date="'2020-01-01'"),
}


def decoded(flat: list[int]) -> dict[int, list[int]]:
    """A positions file's pairs (ref step, position) back into {ref: positions}, as search.js reads them."""
    out: dict[int, list[int]] = {}
    ref = 0
    for step, at in zip(flat[0::2], flat[1::2]):
        ref += step
        out.setdefault(ref, []).append(at)
    return out


def test_positions_count_stop_words_and_start_the_abstract_apart(tree):
    files = files_of(tree, PAPERS)
    manifest = json.loads(files["search/manifest.json"])
    positions = {}
    for _, _, name in manifest["shards"]:
        positions.update({t: decoded(flat) for t, flat in json.loads(files["search/" + name]).items()})
    moe = next(i for i, d in enumerate(manifest["facets"]["y"]) if d is None)  # (undated: listed first)
    other = 1 - moe
    # "Sparse mixture of experts": `of` takes place 2 though not indexed; the abstract starts apart
    assert positions["mixtur"][moe] == [1, ABSTRACT_START + 3, ABSTRACT_START + 10]
    assert positions["expert"][moe] == [3, ABSTRACT_START + 5, ABSTRACT_START + 7]
    assert positions["expert"][other] == [0, ABSTRACT_START + 3]
    assert positions["mixtur"][other] == [ABSTRACT_START + 1]
    assert "spars" in positions and "of" not in positions


def test_slots_are_the_index_terms_with_stop_words_in_place():
    text = "A mixture-of-experts — with $x^2$ math, and the end."
    slots = search_index.slots(text)
    assert [s for s in slots if s] == search_index.terms(text)
    assert slots == [None, "mixtur", None, "expert", None, "math", None, None, "end"]


def placed_afresh(catalog, papers, keys) -> Places:
    """What a build places of these papers when it has no last build's places."""
    names = [name for name, _ in search_index.FIELDS]
    return placed(search_index.numbered(papers, catalog, keys), names.index("title"), names.index("abstract"))


def test_placed_words_are_the_slots_of_title_and_abstract(shipped):
    """Every paper's places are its title's and abstract's terms where `slots` puts them."""
    catalog = shipped[0]
    papers = list(catalog.papers.values())
    got = placed_afresh(catalog, papers, [p.slug for p in papers])
    for i, p in enumerate(papers):
        title, abstract = search_index.slots(p.title), search_index.slots(p.abstract)
        want = [(s, at) for at, s in enumerate(title) if s]
        want += [(s, ABSTRACT_START + at) for at, s in enumerate(abstract) if s]
        rows = range(got.starts[i], got.starts[i + 1])
        assert [(got.vocab[got.term[r]], int(got.at[r])) for r in rows] == want, p.slug


def test_kept_places_give_the_same_files_as_fresh_ones(tree):
    catalog, cfg = catalog_of(tree, PAPERS)
    papers = list(catalog.papers.values())
    keys = [p.slug for p in papers]  # (slugs as keys: what matters is that they differ)
    cold = placed_afresh(catalog, papers, keys)
    arrays, lists = places_to_data(cold)
    kept = places_from_data(arrays, json.loads(json.dumps(lists)))
    # a paper dropped and one added: the new one's places gathered with the kept ones
    new = Places(["new"], np.array([0, 2]), np.array([0, 1], np.int32), np.array([0, 4], np.int32), ["zebra", "expert"])
    again = places(["new", "other"], new, kept)
    got = {t: json.loads(v) for t, v in by_term(again).items()}
    assert got["zebra"] == [0, 0] and got["mixtur"] == [1, ABSTRACT_START + 1]
    assert got["expert"] == [0, 4, 1, 0, 0, ABSTRACT_START + 3]  # steps: ref 0, ref 1, ref 1 again
    assert "spars" not in again.vocab  # only "moe" had it
    other = next(p for p in papers if p.slug == "other")
    alone = {t: json.loads(v) for t, v in by_term(places(["other"], placed_afresh(catalog, [other], ["other"]), None)).items()}
    assert alone["mixtur"] == [0, ABSTRACT_START + 1] and alone["expert"] == [0, 0, 0, ABSTRACT_START + 3]
    assert places_from_data({}, {}) is None


def test_search_js_knows_where_abstracts_start():
    """search.js tells a title's positions from an abstract's (a phrase in a field) by the same number."""
    js = (Path(__file__).resolve().parent.parent / "templates" / "static" / "search.js").read_text(encoding="utf-8")
    assert re.search(r"var ABSTRACT_START = (\d+);", js).group(1) == str(ABSTRACT_START)
