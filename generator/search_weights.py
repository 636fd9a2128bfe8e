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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

import orjson

Counted = dict[str, tuple[dict[str, int], int]]  # field -> (term -> count, in first-use order; length)

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


def postings(keys: list[str], names: list[str], counted: Mapping[str, Counted], prior: Postings | None = None,
             ) -> Postings:
    """The postings of the documents `keys`, in that order: rows of `prior` for the keys it has,
    counted anew from `counted[key]` for the others."""
    import numpy as np

    old_row = {k: i for i, k in enumerate(prior.keys)} if prior is not None else {}
    vocab = list(prior.vocab) if prior is not None else []
    term_id = {t: i for i, t in enumerate(vocab)}
    # New documents' rows (few on a rebuild, all of them on a cold build), appended after the prior's
    # rows. Gathered a field at a time and numbered all at once: at 100,000 papers, 4.1 s for 9
    # million rows, against 6.4 s appending them one at a time.
    new_rows: dict[str, tuple[int, int]] = {}
    new_terms: list[str] = []
    extra_tf: list[int] = []
    field_sizes: list[int] = []  # rows of each new (document, field), fields in order
    extra_lengths: list[list[int]] = []
    for key in keys:
        if key in old_row or key in new_rows:
            continue
        start = len(new_terms)
        fields = counted[key]
        for name in names:
            counts, _ = fields[name]
            new_terms += counts
            extra_tf += counts.values()
            field_sizes.append(len(counts))
        new_rows[key] = (start, len(new_terms))
        extra_lengths.append([fields[name][1] for name in names])
    for term in dict.fromkeys(new_terms):
        if term not in term_id:
            term_id[term] = len(vocab)
            vocab.append(term)
    n_fields = len(names)
    group_sizes = np.asarray(field_sizes, np.int64)
    group_starts = np.cumsum(group_sizes) - group_sizes
    extra = [np.asarray(list(map(term_id.__getitem__, new_terms)), np.int32),
             np.repeat(np.tile(np.arange(n_fields, dtype=np.int8), len(new_rows)), group_sizes),
             np.asarray(extra_tf, np.int32),
             (np.arange(len(new_terms)) - np.repeat(group_starts, group_sizes)).astype(np.int32)]  # place in its field
    del new_terms, extra_tf
    if prior is not None:
        columns = [prior.term, prior.field, prior.tf, prior.pos]
        base, lengths = len(prior.term), prior.lengths
        starts, ends = prior.starts[:-1], prior.starts[1:]
    else:
        columns = [np.zeros(0, np.int32), np.zeros(0, np.int8), np.zeros(0, np.int32), np.zeros(0, np.int32)]
        base, lengths = 0, np.zeros((0, n_fields), np.int32)
        starts = ends = np.zeros(0, np.int64)
    columns = [np.concatenate([c, np.asarray(e, c.dtype)]) for c, e in zip(columns, extra)]
    lengths = np.concatenate([lengths, np.asarray(extra_lengths, np.int32).reshape(-1, n_fields)])
    # Each document's row range in the joined columns, and its row of `lengths`.
    new_order = {k: j for j, k in enumerate(new_rows)}
    first = np.empty(len(keys), np.int64)
    last = np.empty(len(keys), np.int64)
    which = np.empty(len(keys), np.int64)
    for d, key in enumerate(keys):
        i = old_row.get(key)
        if i is not None:
            first[d], last[d], which[d] = starts[i], ends[i], i
        else:
            a, b = new_rows[key]
            first[d], last[d], which[d] = base + a, base + b, len(old_row) + new_order[key]
    sizes = last - first
    out_starts = np.zeros(len(keys) + 1, np.int64)
    np.cumsum(sizes, out=out_starts[1:])
    rows = np.repeat(first - out_starts[:-1], sizes) + np.arange(out_starts[-1])
    term, field, tf, pos = (c[rows] for c in columns)
    return _compact(Postings(list(keys), out_starts, term, field, tf, pos, lengths[which], vocab))


def _compact(p: Postings) -> Postings:
    """Drop vocabulary no document uses any more (so the kept vocabulary does not grow forever)."""
    import numpy as np

    used = np.bincount(p.term, minlength=len(p.vocab)) > 0
    if used.all():
        return p
    renumber = np.cumsum(used) - 1
    vocab = [t for t, u in zip(p.vocab, used.tolist()) if u]
    return Postings(p.keys, p.starts, renumber[p.term].astype(np.int32), p.field, p.tf, p.pos, p.lengths, vocab)


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
