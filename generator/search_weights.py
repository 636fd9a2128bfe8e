"""The index's postings as columns, kept between builds, and lunr's BM25 weights computed from
them all at once (numpy), exactly as lunr.py's Builder computes them one by one.

Every weight depends on the whole catalog: on the number of papers and each term's document
frequency (idf), and on each field's average length. Adding one paper changes all of them, so a
build weighs every posting again: 890,000 at 10,000 papers. One posting at a time in Python that
took most of a rebuild's search index; as columns it takes a tenth of it. The columns are kept by
document (`Postings.keys`), so a build gathers unchanged papers' postings from the last build's
and counts terms only for papers that changed.

Same floats as lunr.py: the same operations in the same order (IEEE arithmetic is exact the same
elementwise), idf with `math.log` as lunr.py, and rounding to 3 decimals checked against Python's
`round` wherever the two could differ (`round3`).

numpy is imported where it is used: a build that makes no index never needs it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

import orjson

from generator.search_words import STOP, Words, compact, gather, joined_vocab

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
    first-use order within its field. Counted all at once in numpy: at 100,000 papers, counting each
    paper's terms in Python dicts and turning the dicts into columns took more than a third of a cold
    index."""
    import numpy as np

    n_papers, n_fields = words.sizes.shape
    segment = words.segments()
    named = words.term != STOP
    term, segment = words.term[named], segment[named]
    del named
    lengths = np.bincount(segment, minlength=words.sizes.size).reshape(n_papers, n_fields).astype(np.int32)
    # A (segment, term)'s first row and count: sorted by segment then term (stably, so each group's
    # first row is its first use), then taken back to text order.
    key = segment * max(len(words.vocab), 1) + term
    order = np.argsort(key, kind="stable")
    head = np.flatnonzero(np.diff(key[order], prepend=-1))  # (keys are never negative)
    del key
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
    frequency, and the JSON of its weights in each field, as the shards hold them (`field_json`)."""

    index: dict[str, int]
    df: dict[str, int]
    fragments: dict[str, dict[str, bytes]]  # field -> term -> JSON


def weigh(p: Postings, fields: list[tuple[str, int]]) -> Weighed:
    """Every posting's BM25 weight, as lunr.py's Builder computes it (documents' refs are their
    positions)."""
    import numpy as np

    names = [name for name, _ in fields]
    n = len(p.keys)
    if n == 0 or len(p.term) == 0:
        return Weighed({}, {}, {name: {} for name in names})
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(p.starts))
    # lunr numbers terms in first-use order: document by document, field by field, term by term,
    # which is the rows' order: a term's first row is its first use.
    first_row = np.full(len(p.vocab), len(p.term), np.int64)
    np.minimum.at(first_row, p.term, np.arange(len(p.term)))  # (no sort of all postings, as np.unique did)
    used = np.flatnonzero(first_row < len(p.term))
    first_row = first_row[used]
    index = {p.vocab[t]: i for i, t in enumerate(used[np.argsort(first_row, kind="stable")].tolist())}
    df_all = np.bincount(p.term, minlength=len(p.vocab))  # documents holding the term, field by field
    idf = np.array([math.log(1 + abs((n - df + 0.5) / (df + 0.5))) for df in df_all.tolist()])
    average = p.lengths.sum(axis=0) / n  # (integer sums: exactly Python's sum(...) / count)
    norm = K1 * (1 - B + B * (p.lengths[doc, p.field] / average[p.field]))
    score = idf[p.term] * ((K1 + 1) * p.tf) / (norm + p.tf)
    del norm  # (arrays of 9 million postings at 100,000 papers: each let go as soon as used)
    score *= np.array([boost for _, boost in fields], np.float64)[p.field]
    weight = np.rint(round3(score) * 1000).astype(np.int32)  # thousandths, exact: lunr.py's round(x, 3)
    del score
    # Group by field, then term; within a group, documents in ref order (the rows' order already, so a
    # stable sort by field and term keeps it, without sorting by all three).
    order = np.argsort(p.field.astype(np.int64) * len(p.vocab) + p.term, kind="stable")
    g_field, g_term = p.field[order], p.term[order]
    cut = np.flatnonzero((np.diff(g_field) != 0) | (np.diff(g_term) != 0)) + 1
    bounds = np.concatenate(([0], cut, [len(order)]))
    heads = list(zip(g_field[bounds[:-1]].tolist(), g_term[bounds[:-1]].tolist()))
    del g_field, g_term
    docs, weights = doc[order].astype(np.int32), weight[order]
    del doc, weight, order
    flat = field_json_arrays(docs, weights, bounds, np.array([f for f, _ in heads], np.int32))
    starts = (np.arange(len(heads)) + 2 * bounds[:-1]).tolist()
    ends = (np.arange(1, len(heads) + 1) + 2 * bounds[1:]).tolist()
    fragments: dict[str, dict[str, bytes]] = {name: {} for name in names}
    dumps, numpy = orjson.dumps, orjson.OPT_SERIALIZE_NUMPY
    for (f, t), a, b in zip(heads, starts, ends):
        fragments[names[f]][p.vocab[t]] = dumps(flat[a:b], option=numpy)
    df = {p.vocab[t]: int(df_all[t]) for t in used.tolist()}
    return Weighed(index, df, fragments)


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
    sizes = np.diff(bounds)
    group_of = np.repeat(np.arange(groups), sizes)
    start = np.arange(groups) + 2 * bounds[:-1]  # where each group's array begins in `flat`
    flat = np.empty(groups + 2 * len(docs), np.int32)
    flat[start] = field
    steps = np.empty_like(docs)
    steps[1:] = np.diff(docs)
    steps[bounds[:-1]] = docs[bounds[:-1]]  # (no group is empty)
    within = np.arange(len(docs)) - bounds[:-1][group_of]
    flat[start[group_of] + 1 + within] = steps
    flat[start[group_of] + 1 + sizes[group_of] + within] = weights
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
