"""Numbered words and the helpers both kinds of index columns share."""

from __future__ import annotations

import numpy as np
import pytest

from generator.search_words import NO_PLACE, STOP, Numbering, stable_order


@pytest.mark.parametrize("top", [1, 200, 70_000, 5_000_000_000])
def test_stable_order_is_numpys_stable_argsort(top):
    keys = np.random.default_rng(top).integers(0, top, 5_000)
    for k in (keys, keys.astype(np.int32) if top < 2**31 else keys):
        assert stable_order(k).tolist() == np.argsort(k, kind="stable").tolist()
    assert stable_order(np.zeros(0, np.int64)).tolist() == []


def test_numbering_keeps_stop_words_in_place_and_drops_what_has_no_place():
    numbering = Numbering(2)
    a, b = numbering.of("a"), numbering.of("b")
    numbering.add([a, STOP, NO_PLACE, b], [b])
    numbering.add([], [NO_PLACE, a])
    words = numbering.words(["x", "y"])
    assert words.term.tolist() == [a, STOP, b, b, a]
    assert words.sizes.tolist() == [[3, 1], [0, 1]]
    assert [(w.keys, w.term.tolist()) for w in words.parts(1)] == [(["x"], [a, STOP, b, b]), (["y"], [a])]


def test_accents_are_folded_so_a_name_typed_without_them_is_found():
    """`muller` found nobody while Müller had six papers; `garcia` found Jose Garcia but not José
    García. search.js folds the reader's words the same way (its `fold`; a browser test types them)."""
    from generator.search_index import fold_accents, terms

    assert terms("Müller and José García, Łukasz Kaiser; naïve Straße") == \
        ["muller", "jose", "garcia", "lukasz", "kaiser", "naiv", "strass"]
    assert fold_accents("北京") == "北京" and fold_accents("ascii") == "ascii"
