"""generator.matching: one normal form for every script; text without words gives no key."""

from __future__ import annotations

import pytest

from generator.matching import abstract_key, normalise


@pytest.mark.parametrize("text, key", [
    ("Attention: Is All, You Need!", "attention is all you need"),
    ("snake_case_names", "snake case names"),
    ("基于扩散模型的三维重建。", "基于扩散模型的三维重建"),
    ("Обучение С Подкреплением", "обучение с подкреплением"),
    ("نموذج لغوي كبير", "نموذج لغوي كبير"),
    ("ΣΟΦΟΣ λόγος", "σοφοσ λόγοσ"),                     # case folding: final sigma is sigma
    ("σοφος ΛΌΓΟΣ", "σοφοσ λόγοσ"),
    ("Straße", "strasse"),                              # and ß is ss
    ("ＧＰＴ－４ ｍｏｄｅｌ", "gpt 4 model"),                 # NFKC: full-width forms are plain ones
    ("ﬁne-tuning", "fine tuning"),                      # and ligatures are letters
    ("मशीनी अनुवाद", "मशीनी अनुवाद"),                   # vowel signs are part of a Devanagari word
    ("자기 지도 학습", "자기 지도 학습"),
    ("🚀✨ ?!… — ∑", ""),                                 # symbols and punctuation are not words
])
def test_normalise(text, key):
    assert normalise(text) == key


def test_marks_keep_words_apart():
    """Dropping combining marks would make different Devanagari words one."""
    assert normalise("कम") != normalise("कमी") != normalise("कामी")


def test_abstract_key_is_the_normalised_opening():
    assert abstract_key("Ω " * 200) == ("ω " * 125)[:250]
    assert abstract_key("🚀 " * 200) == ""

