"""The one form in which papercat compares titles and abstracts to decide that two texts name the
same paper: the importer's duplicate folding, `papercat new`'s duplicate-title refusal and
`papercat check`'s duplicate review all use `normalise`, so they can never disagree.

Every script counts: text is NFKC-normalised and case-folded, then reduced to its runs of
letters, combining marks and digits (Unicode categories L, M and N). Marks stay because in
Devanagari, Bengali or Thai a vowel sign is part of the word: dropping it would make different
words equal. Punctuation, symbols (emoji) and spaces only separate words. A text with none of
those characters normalises to "", and "" names nothing: callers must never treat two empty keys
as a match."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ABSTRACT_CHARS = 250  # listings truncate or re-wrap abstracts differently; this much of the opening agrees


def _marks() -> str:
    """A character class body for every combining mark (Python's `\\w` has letters and digits, not marks)."""
    codes = [c for c in (*range(0x20000), *range(0xE0100, 0xE01F0)) if unicodedata.category(chr(c))[0] == "M"]
    ranges, start, prev = [], codes[0], codes[0]
    for c in codes[1:] + [-1]:
        if c != prev + 1:
            ranges.append(re.escape(chr(start)) + (f"-{re.escape(chr(prev))}" if prev > start else ""))
            start = c
        prev = c
    return "".join(ranges)


@lru_cache(maxsize=1)
def _word() -> re.Pattern:
    """A run of letters, marks and digits (underscores are turned into spaces before matching).
    Made on first use: listing the marks takes 25 ms, which most builds never need."""
    return re.compile(rf"[\w{_marks()}]+")


def fold(text: str) -> str:
    """NFKC, case-folded, and NFKC again (case folding can undo the normal form): full-width
    letters, ligatures, `ß`/`ss` and Greek final sigma compare equal."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalise(text: str) -> str:
    """The words of `text` in folded form, joined by single spaces; "" when it has no letters or digits."""
    return " ".join(_word().findall(fold(text).replace("_", " ")))


def abstract_key(abstract: str) -> str:
    """The normalised opening of an abstract; "" when it has no letters or digits."""
    return normalise(abstract)[:ABSTRACT_CHARS]

