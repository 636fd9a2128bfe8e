"""The index's postings as columns, kept between builds, and lunr's BM25 weights computed from
them all at once (numpy), as lunr.py's Builder computes them one by one (but for one average, below).

Every weight depends on the whole catalog: on the number of papers and each term's document
frequency (idf), and on each field's average length. Adding one paper changes all of them, so a
build weighs every posting again: 890,000 at 10,000 papers. One posting at a time in Python that
took most of a rebuild's search index; as columns it takes a tenth of it. The columns are kept by
document (`Postings.keys`), so a build gathers unchanged papers' postings from the last build's
and counts terms only for papers that changed.

Same floats as lunr.py: the same operations in the same order (IEEE arithmetic is exact the same
elementwise), idf with `math.log` as lunr.py, and rounding to 3 decimals checked against Python's
`round` wherever the two could differ (`round3`). With one difference, as Lucene's BM25 has it: a
field's average length is over the papers that have the field. lunr counts every paper, so where
few papers name a venue or authors (2 venues in the shipped catalog of 352) the average was near
zero, and a paper's own venue or author weighed almost nothing against a mention in an abstract.
lunr.js reads the weights as they are; the tests hold them to lunr.py's Builder with that average.

numpy is imported where it is used: a build that makes no index never needs it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

import orjson

from generator.search_words import STOP, Words, compact, gather, joined_vocab, stable_order

# lunr's defaults for BM25: term-frequency saturation and field-length normalisation.
K1, B = 1.2, 0.75


@dataclass
class Postings:
    """Documents' counted terms, as columns: one row per (document, field, term), documents in
    `keys` order (row range `starts[i]:starts[i + 1]`), within a document by field, within a field
    in first-use order. Terms are numbers into `vocab`."""

    keys: list[str]
    starts: np.ndarray  # int64, len(keys) + 1
    term: np.ndarray  # int32
    field: np.ndarray  # int8: position in the fields
    tf: np.ndarray  # int32: the term's count in that field
    pos: np.ndarray  # int32: the term's place among its field's distinct terms (first use)
    lengths: np.ndarray  # int32 [document, field]: the field's length in terms
    vocab: list[str]


_COLUMNS = ("starts", "term", "field", "tf", "pos", "lengths")


def postings_to_data(p: Postings) -> tuple[dict, dict]:
    """(arrays, JSON-able lists): how a build keeps postings without pickle."""
    return {name: getattr(p, name) for name in _COLUMNS}, {"keys": p.keys, "vocab": p.vocab}


def postings_from_data(arrays: dict, lists: dict) -> Postings | None:
    try:
        p = Postings(keys=list(lists["keys"]), vocab=list(lists["vocab"]), **{name: arrays[name] for name in _COLUMNS})
    except (KeyError, TypeError):
        return None
    ok = (len(p.starts) == len(p.keys) + 1 and p.lengths.shape[0] == len(p.keys)
          and len(p.term) == len(p.field) == len(p.tf) == len(p.pos) == (int(p.starts[-1]) if len(p.starts) else -1)
          and (len(p.term) == 0 or int(p.term.max()) < len(p.vocab)))
    return p if ok else None


def counted(words: Words) -> Postings:
    """The postings of papers' numbered words: each (paper, field, term) once, with its count, in
    first-use order within its field. Counted in numpy, two million words at a time: at 100,000
    papers, counting each paper's terms in Python dicts and turning the dicts into columns took more
    than a third of a cold index, and counting all 20 million words at once took 750 MB of
    temporary arrays."""
    import numpy as np

    parts = [_count(part) for part in words.parts(2_000_000)]
    ends = np.cumsum([p.starts[-1] for p in parts])
    starts = np.concatenate([p.starts[:-1] + (end - p.starts[-1]) for p, end in zip(parts, ends)] + [ends[-1:]])
    term, field, tf, pos, lengths = (np.concatenate([getattr(p, name) for p in parts])
                                     for name in ("term", "field", "tf", "pos", "lengths"))
    return Postings(list(words.keys), starts, term, field, tf, pos, lengths, words.vocab)


def _count(words: Words) -> Postings:
    import numpy as np

    n_papers, n_fields = words.sizes.shape
    segment = words.segments()
    named = words.term != STOP
    term, segment = words.term[named], segment[named]
    del named
    lengths = np.bincount(segment, minlength=words.sizes.size).reshape(n_papers, n_fields).astype(np.int32)
    # A (segment, term)'s first row and count: rows sorted by term, stably, so that a term's rows
    # stay in text order, each (segment, term)'s together, the first its first use; then taken back
    # to text order.
    order = stable_order(term)
    sorted_term, sorted_segment = term[order], segment[order]
    head = np.flatnonzero(np.diff(sorted_term, prepend=-1) | np.diff(sorted_segment, prepend=-1))
    del sorted_term, sorted_segment
    tf = np.zeros(len(term), np.int32)
    tf[order[head]] = np.diff(np.append(head, len(term)))
    del order, head
    first = np.flatnonzero(tf)  # each (segment, term)'s first use, in text order
    segment, term, tf = segment[first], term[first], tf[first]
    per_segment = np.bincount(segment, minlength=words.sizes.size)
    segment_start = np.cumsum(per_segment) - per_segment
    pos = (np.arange(len(first)) - segment_start[segment]).astype(np.int32)
    starts = np.zeros(n_papers + 1, np.int64)
    np.cumsum(per_segment.reshape(n_papers, n_fields).sum(axis=1), out=starts[1:])
    field = (segment % n_fields).astype(np.int8)
    return Postings(list(words.keys), starts, term, field, tf, pos, lengths, words.vocab)


def postings(keys: list[str], fresh: Postings, prior: Postings | None = None) -> Postings:
    """The postings of the documents `keys`, in that order: rows of `prior` for the keys it has, and
    of `fresh` (those counted in this build) for the others."""
    import numpy as np

    if prior is None and keys == fresh.keys:  # (a cold build: nothing to gather)
        term, vocab = compact(fresh.term, fresh.vocab)
        return Postings(fresh.keys, fresh.starts, term, fresh.field, fresh.tf, fresh.pos, fresh.lengths, vocab)
    parts = [prior, fresh] if prior is not None else [fresh]
    starts, rows, picked = gather(keys, [(p.keys, p.starts) for p in parts])
    term, vocab = joined_vocab([p.term for p in parts], [p.vocab for p in parts])
    term, vocab = compact(term[rows], vocab)
    field, tf, pos = (np.concatenate([getattr(p, name) for p in parts])[rows] for name in ("field", "tf", "pos"))
    lengths = np.concatenate([p.lengths for p in parts])[picked]
    return Postings(list(keys), starts, term, field, tf, pos, lengths, vocab)


@dataclass
class Weighed:
    """What the shards are made of: each term's index (lunr's, in first-use order), its document
    frequency, and its weights in every field that holds it as the shards hold them
    (`field_json_arrays`), made JSON only when its shard is written (`fields_json`): at 100,000
    papers the JSON of every term at once held 470 MB."""

    index: dict[str, int]
    df: dict[str, int]
    groups: dict[str, tuple[int, int]]  # term -> its (field, term) groups g, from first to last + 1
    starts: list[int]  # group g's array is flat[starts[g]:ends[g]], fields in order
    ends: list[int]
    flat: np.ndarray

    def fields_json(self, term: str) -> list[bytes]:
        """The JSON of the term's weights, one array a field, fields in order."""
        first, last = self.groups[term]
        flat, dumps, numpy = self.flat, orjson.dumps, orjson.OPT_SERIALIZE_NUMPY
        return [dumps(flat[a:b], option=numpy) for a, b in zip(self.starts[first:last], self.ends[first:last])]


def weigh(p: Postings, fields: list[tuple[str, int]]) -> Weighed:
    """Every posting's BM25 weight, as lunr.py's Builder computes it but for the average field
    length (module docstring; documents' refs are their positions), grouped by term and field."""
    import numpy as np

    n = len(p.keys)
    if n == 0 or len(p.term) == 0:
        return Weighed({}, {}, {}, [], [], np.zeros(0, np.int32))
    # lunr numbers terms in first-use order: document by document, field by field, term by term,
    # which is the rows' order: a term's first row is its first use.
    first_row = np.full(len(p.vocab), len(p.term), np.int64)
    np.minimum.at(first_row, p.term, np.arange(len(p.term)))  # (no sort of all postings, as np.unique did)
    used = np.flatnonzero(first_row < len(p.term))
    index = {p.vocab[t]: i for i, t in enumerate(used[np.argsort(first_row[used], kind="stable")].tolist())}
    df_all = np.bincount(p.term, minlength=len(p.vocab))  # documents holding the term, field by field
    weight = _weights(p, fields, df_all)
    # Group by term, then field; within a group, documents in ref order (the rows' order already, so a
    # stable sort by term and field keeps it, without sorting by all three).
    key = p.term.astype(np.int32 if len(p.vocab) * len(fields) < 2**31 else np.int64)
    key *= len(fields)
    key += p.field
    order = stable_order(key)
    del key
    g_term, g_field = p.term[order], p.field[order]
    cut = np.flatnonzero((np.diff(g_field) != 0) | (np.diff(g_term) != 0)) + 1
    bounds = np.concatenate(([0], cut, [len(order)]))
    heads_term, heads_field = g_term[bounds[:-1]], g_field[bounds[:-1]].astype(np.int32)
    del g_field, g_term
    docs = np.repeat(np.arange(n, dtype=np.int32), np.diff(p.starts))[order]
    weight = weight[order]
    del order
    flat = field_json_arrays(docs, weight, bounds, heads_field)
    del docs, weight
    groups = len(bounds) - 1
    starts = (np.arange(groups) + 2 * bounds[:-1]).tolist()
    ends = (np.arange(1, groups + 1) + 2 * bounds[1:]).tolist()
    term_groups = np.searchsorted(heads_term, np.arange(len(p.vocab) + 1)).tolist()
    df = {p.vocab[t]: int(df_all[t]) for t in used.tolist()}
    spans = {p.vocab[t]: (term_groups[t], term_groups[t + 1]) for t in used.tolist()}
    return Weighed(index, df, spans, starts, ends, flat)


def _weights(p: Postings, fields: list[tuple[str, int]], df: np.ndarray) -> np.ndarray:
    """Every posting's weight in thousandths (int32): lunr.py's BM25 score, boosted, rounded to 3
    decimals. Worked out a million postings at a time: all 9 million at once (at 100,000 papers)
    took 500 MB of temporary floats."""
    import numpy as np

    n = len(p.keys)
    idf = np.array([math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in df.tolist()])
    having = np.maximum(np.count_nonzero(p.lengths, axis=0), 1)  # papers with the field (module docstring)
    average = p.lengths.sum(axis=0) / having  # (integer sums: exactly Python's sum(...) / count)
    boost = np.array([boost for _, boost in fields], np.float64)
    doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(p.starts))
    weight = np.empty(len(p.term), np.int32)
    for a in range(0, len(p.term), 1_000_000):
        field, tf, rows = p.field[a:a + 1_000_000], p.tf[a:a + 1_000_000], slice(a, a + 1_000_000)
        norm = K1 * (1 - B + B * (p.lengths[doc[rows], field] / average[field]))
        score = idf[p.term[rows]] * ((K1 + 1) * tf) / (norm + tf)
        score *= boost[field]
        weight[rows] = np.rint(round3(score) * 1000)  # thousandths, exact: lunr.py's round(x, 3)
    return weight


def field_json_arrays(docs: np.ndarray, weights: np.ndarray, bounds: np.ndarray, field: np.ndarray) -> np.ndarray:
    """The postings of every (field, term) group (rows `bounds[g]:bounds[g + 1]`) laid out one
    after another as the shards hold them: `[field number, ref steps..., weights in thousandths...]`,
    a ref step being the ref less the one before (the first one's is the ref itself).

    Against `{"ref": weight, ...}` this makes a 10,000-paper index's shards 41% smaller gzipped
    (5.46 -> 3.20 MB, bench/search_size.py; refs then weights, rather than interleaved, gzips 3%
    better), and the JSON is dumped from numpy one group at a time, not through a dict of Python
    floats: with the sort below, `weigh` at 100,000 papers took 4.9 s instead of 10.0 s."""
    import numpy as np

    groups = len(bounds) - 1
    at = np.int32 if groups + 2 * len(docs) < 2**31 else np.int64  # (places in `flat`: int32 halves the
    sizes = np.diff(bounds).astype(at)                               # biggest temporary arrays here)
    start = np.arange(groups, dtype=at) + 2 * bounds[:-1].astype(at)  # where each group's array begins in `flat`
    flat = np.empty(groups + 2 * len(docs), np.int32)
    flat[start] = field
    steps = np.empty_like(docs)
    steps[1:] = np.diff(docs)
    steps[bounds[:-1]] = docs[bounds[:-1]]  # (no group is empty)
    # Row i of group g goes to start[g] + 1 + (i - bounds[g]), its weight `sizes[g]` further on.
    to = np.repeat(start + 1 - bounds[:-1].astype(at), sizes)
    to += np.arange(len(docs), dtype=at)
    flat[to] = steps
    del steps
    to += np.repeat(sizes, sizes)
    flat[to] = weights
    return flat


def round3(x: np.ndarray) -> np.ndarray:
    """`round(v, 3)` of every element, as Python rounds (the exact binary value, half to even).
    rint(x * 1000) / 1000 is the same except where x * 1000 lands within rounding error of a half;
    those few are rounded by Python."""
    import numpy as np

    scaled = x * 1000
    out = np.rint(scaled) / 1000
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        out[near] = [round(v, 3) for v in x[near].tolist()]
    return out
