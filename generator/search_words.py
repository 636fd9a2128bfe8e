"""Papers' fields as numbered terms in numpy columns: what both the index's postings
(search_weights) and the phrase positions (search_positions) are counted from, so that each
paper's words are split, stemmed and numbered once, and counted without a Python object per word.

At 100,000 papers (20 million words of titles and abstracts), counting each paper's terms in
Python dicts for the postings, then listing its (term, position) pairs again for the positions,
took most of a cold index and held hundreds of MB of Python ints and lists (which the garbage
collector walked again and again).

Also the one way both kinds of columns are gathered between builds (`gather`): rows of the last
build's papers that did not change, and rows of the papers counted afresh."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

STOP = -1  # a stop word in a title or abstract: it takes a place in a phrase, but is no term
NO_PLACE = -2  # what trims to nothing (a lone dash): no place at all (dropped in `Numbering.words`)


@dataclass
class Words:
    """Papers' fields as rows, in paper, then field, then text order: `term` numbers into `vocab`
    (or `STOP`), `sizes[paper, field]` rows for each field of each paper."""

    keys: list[str]
    sizes: np.ndarray  # int64 [paper, field]
    term: np.ndarray  # int32
    vocab: list[str]

    def segments(self) -> np.ndarray:
        """Each row's (paper, field) as one number, paper * fields + field."""
        import numpy as np

        return np.repeat(np.arange(self.sizes.size, dtype=np.int64), self.sizes.ravel())

    def parts(self, rows: int) -> Iterator[Words]:
        """The papers in runs of about `rows` rows (views, not copies), so that what is counted
        from them needs temporary arrays of that size, not of all rows."""
        import numpy as np

        ends = np.cumsum(self.sizes.sum(axis=1))
        paper = row = 0
        while True:  # (no papers: one empty part)
            last = min(max(int(np.searchsorted(ends, row + rows, side="right")), paper + 1), len(self.keys))
            end = int(ends[last - 1]) if last else 0
            yield Words(self.keys[paper:last], self.sizes[paper:last], self.term[row:end], self.vocab)
            if last >= len(self.keys):
                return
            paper, row = last, end


class Numbering:
    """Collects papers' fields, paper by paper, numbering each term the first time it comes."""

    def __init__(self, fields: int) -> None:
        self.fields = fields
        self.vocab: list[str] = []
        self.number: dict[str, int] = {}
        self._rows: list[int] = []  # (the latest rows; turned into arrays a million at a time)
        self._done: list[np.ndarray] = []
        self._sizes: list[int] = []

    def of(self, term: str) -> int:
        found = self.number.get(term)
        if found is None:
            found = self.number[term] = len(self.vocab)
            self.vocab.append(term)
        return found

    def add(self, *fields: list[int]) -> None:
        """The next paper's fields' terms (numbers from `of`, `STOP` or `NO_PLACE`), in text order."""
        for numbers in fields:
            self._rows += numbers
        self._sizes += map(len, fields)
        if len(self._rows) > 1_000_000:
            self._flush()

    def _flush(self) -> None:
        import numpy as np

        self._done.append(np.array(self._rows, np.int32))
        self._rows = []

    def words(self, keys: list[str]) -> Words:
        import numpy as np

        self._flush()
        term = np.concatenate(self._done)
        self._done = []
        sizes = np.array(self._sizes, np.int64)
        self._sizes = []
        gone = np.flatnonzero(term == NO_PLACE)
        if len(gone):  # (few: their fields' sizes found by search, not from a segment for every row)
            ends = np.cumsum(sizes)
            sizes -= np.bincount(np.searchsorted(ends, gone, side="right"), minlength=len(sizes))
            term = np.delete(term, gone)
        return Words(list(keys), sizes.reshape(len(keys), self.fields), term, self.vocab)


def gather(keys: list[str], parts: list[tuple[list[str], np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the rows of the papers `keys` are, in that order, among parts (each its papers' keys
    and row starts; the parts' rows one after another): (the gathered rows' starts, each gathered
    row's row in the parts, each paper's paper in the parts). A key is taken from the first part
    that has it."""
    import numpy as np

    paper_of: dict[str, int] = {}
    firsts, lasts, base, papers = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], 0, 0
    for part_keys, starts in parts:
        for i, key in enumerate(part_keys):
            paper_of.setdefault(key, papers + i)
        firsts.append(starts[:-1] + base)
        lasts.append(starts[1:] + base)
        base += int(starts[-1])
        papers += len(part_keys)
    picked = np.fromiter(map(paper_of.__getitem__, keys), np.int64, len(keys))
    first, sizes = np.concatenate(firsts)[picked], (np.concatenate(lasts) - np.concatenate(firsts))[picked]
    out = np.zeros(len(keys) + 1, np.int64)
    np.cumsum(sizes, out=out[1:])
    rows = np.repeat(first - out[:-1], sizes) + np.arange(out[-1])
    return out, rows, picked


def joined_vocab(term_parts: list[np.ndarray], vocab_parts: list[list[str]]) -> tuple[np.ndarray, list[str]]:
    """Term columns numbered into different vocabularies, one after another, as numbers into one
    vocabulary, first use first."""
    import numpy as np

    number: dict[str, int] = {}
    renumbered = []
    for term, part_vocab in zip(term_parts, vocab_parts):
        start = len(number)
        to = np.array([number.setdefault(t, len(number)) for t in part_vocab], np.int32)
        same = start == 0 and len(number) == len(part_vocab)  # (numbered as they were)
        renumbered.append(term if same else to[term])
    return np.concatenate(renumbered + [np.zeros(0, np.int32)]), list(number)


def compact(term: np.ndarray, vocab: list[str]) -> tuple[np.ndarray, list[str]]:
    """Drop vocabulary no row uses (so a kept vocabulary does not grow forever)."""
    import numpy as np

    used = np.bincount(term, minlength=len(vocab)) > 0
    if used.all():
        return term, vocab
    return (np.cumsum(used) - 1)[term].astype(np.int32), [t for t, u in zip(vocab, used.tolist()) if u]


def stable_order(keys: np.ndarray) -> np.ndarray:
    """`np.argsort(keys, kind="stable")` of non-negative integers, sorted 16 bits at a time from the
    lowest (numpy sorts 16-bit keys by radix, in linear time, but wider ones by timsort): at
    100,000 papers, grouping 20 million places by term took 1.6 s instead of 3.2 s."""
    import numpy as np

    top = int(keys.max()) if len(keys) else 0
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if len(keys) < 2**31:  # (row numbers as int32: half the memory of argsort's int64, at every pass)
        order = order.astype(np.int32)
    shift = 16
    while top >> shift:
        digit = ((keys[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order
