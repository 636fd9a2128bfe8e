"""Where each index term stands in each paper's title and abstract, for phrase search.

lunr has no phrases: a quoted query (`"mixture of experts"`) makes its words required, and
search.js then keeps only the papers where they stand adjacent and in order. It learns that from
the positions files, fetched only for a quoted query: one per index shard, over the same terms, so
a phrase costs one more file per word (`search_index.search_files` names them in the manifest)::

    {term: [ref, position, ref step, position, ...], ...}

pairs in ref then position order, each ref given as the step from the one before (0 for the same
paper again; the first pair's is the ref itself): mostly one-digit numbers, which gzip well.

A position counts every word of the title, then of the abstract from `ABSTRACT_START` on (so that
no phrase runs from the end of a title into its abstract). Stop words are not indexed but take their
place, so `"mixture of experts"` asks for `mixtur` at p and `expert` at p + 2; any stop word may
stand in that place. Words are split, trimmed and stemmed exactly as the index's
(`search_index.slots`), and search.js splits a phrase the same way. Only title and abstract are
positioned: a tag's or topic's label is itself the phrase, and its page lists its papers.

Tokenizing every abstract again on every build took 2.6 s at 10,000 papers, so, as for the
postings (search_weights), each paper's positions are kept as columns between builds (`Places`)
and only changed papers are tokenized."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    import numpy as np

ABSTRACT_START = 1000  # titles are far shorter than this many words

Slots = list[str | None]  # a text's words in order: a term, or None for a stop word (a place, no term)


def paper_positions(title: Slots, abstract: Slots) -> tuple[list[str], list[int]]:
    """A paper's terms in text order, and the position of each."""
    terms_ = [*filter(None, title), *filter(None, abstract)]  # (terms are never empty)
    at = [*compress(range(len(title)), title), *compress(range(ABSTRACT_START, ABSTRACT_START + len(abstract)), abstract)]
    return terms_, at


@dataclass
class Places:
    """Papers' (term, position) pairs as columns, papers in `keys` order (row range
    `starts[i]:starts[i + 1]`); terms are numbers into `vocab`."""

    keys: list[str]
    starts: np.ndarray  # int64, len(keys) + 1
    term: np.ndarray  # int32
    at: np.ndarray  # int32

    vocab: list[str]


def places_to_data(p: Places) -> tuple[dict, dict]:
    """(arrays, JSON-able lists), to keep between builds without pickle."""
    return ({"places_starts": p.starts, "places_term": p.term, "places_at": p.at},
            {"places_keys": p.keys, "places_vocab": p.vocab})


def places_from_data(arrays: dict, lists: dict) -> Places | None:
    try:
        p = Places(list(lists["places_keys"]), arrays["places_starts"], arrays["places_term"], arrays["places_at"],
                   list(lists["places_vocab"]))
    except (KeyError, TypeError):
        return None
    ok = (len(p.starts) == len(p.keys) + 1 and len(p.term) == len(p.at) == (int(p.starts[-1]) if len(p.starts) else -1)
          and (len(p.term) == 0 or int(p.term.max()) < len(p.vocab)))
    return p if ok else None


def places(keys: list[str], fresh: Callable[[int], tuple[list[str], list[int]]], prior: Places | None) -> Places:
    """The places of the papers `keys`, in that order: rows of `prior` for the keys it has, and
    `fresh(i)` (`paper_positions` of the paper at `keys[i]`) for the others. New papers' terms are
    numbered all at once (a cold build has 1.2 million at 10,000 papers: one at a time in Python took
    0.8 s)."""
    import numpy as np

    old_row = {k: i for i, k in enumerate(prior.keys)} if prior is not None else {}
    vocab = list(prior.vocab) if prior is not None else []
    term_id = {t: i for i, t in enumerate(vocab)}
    new_rows: dict[str, tuple[int, int]] = {}
    new_terms: list[str] = []
    extra_at: list[int] = []
    for i, key in enumerate(keys):
        if key in old_row or key in new_rows:
            continue
        start = len(new_terms)
        terms_, at_ = fresh(i)
        new_terms += terms_
        extra_at += at_
        new_rows[key] = (start, len(new_terms))
    for t in dict.fromkeys(new_terms):
        if t not in term_id:
            term_id[t] = len(vocab)
            vocab.append(t)
    extra_term = list(map(term_id.__getitem__, new_terms))
    if prior is not None:
        term, at, base = prior.term, prior.at, len(prior.term)
        starts, ends = prior.starts[:-1], prior.starts[1:]
    else:
        term, at, base = np.zeros(0, np.int32), np.zeros(0, np.int32), 0
        starts = ends = np.zeros(0, np.int64)
    term = np.concatenate([term, np.asarray(extra_term, np.int32)])
    at = np.concatenate([at, np.asarray(extra_at, np.int32)])
    first = np.empty(len(keys), np.int64)
    last = np.empty(len(keys), np.int64)
    for d, key in enumerate(keys):
        i = old_row.get(key)
        if i is not None:
            first[d], last[d] = starts[i], ends[i]
        else:
            a, b = new_rows[key]
            first[d], last[d] = base + a, base + b
    sizes = last - first
    out_starts = np.zeros(len(keys) + 1, np.int64)
    np.cumsum(sizes, out=out_starts[1:])
    rows = np.repeat(first - out_starts[:-1], sizes) + np.arange(out_starts[-1])
    term, at = term[rows], at[rows]
    used = np.bincount(term, minlength=len(vocab)) > 0
    if not used.all():  # drop vocabulary no paper uses any more
        term = (np.cumsum(used) - 1)[term].astype(np.int32)
        vocab = [t for t, u in zip(vocab, used.tolist()) if u]
    return Places(list(keys), out_starts, term, at, vocab)


def by_term(p: Places) -> dict[str, bytes]:
    """term -> the JSON of its flat list of (ref step, position) pairs, as the positions files hold
    them. Made from the columns without Python lists of numbers: at 100,000 papers those would be 40
    million int objects (about 1.4 GB)."""
    import numpy as np

    if len(p.term) == 0:
        return {}
    doc = np.repeat(np.arange(len(p.keys), dtype=np.int32), np.diff(p.starts))
    order = np.argsort(p.term, kind="stable")  # (rows are in paper, then position order already)
    g_term, g_doc = p.term[order], doc[order]
    flat = np.empty(2 * len(g_doc), np.int32)
    flat[1::2] = p.at[order]
    del doc, order
    cut = np.flatnonzero(np.diff(g_term) != 0) + 1
    step = np.empty_like(g_doc)
    step[0] = g_doc[0]
    step[1:] = np.diff(g_doc)
    step[cut] = g_doc[cut]  # a term's first pair gives its ref itself
    flat[0::2] = step
    del step, g_doc
    bounds = np.concatenate(([0], cut, [len(g_term)])).tolist()
    heads = g_term[bounds[:-1]].tolist()
    dumps, numpy = orjson.dumps, orjson.OPT_SERIALIZE_NUMPY
    return {p.vocab[t]: dumps(flat[2 * a:2 * b], option=numpy) for t, a, b in zip(heads, bounds[:-1], bounds[1:])}


def shard_positions(terms_: list[str], positions: Mapping[str, bytes]) -> bytes:
    """The positions file of one index shard: those of its terms that stand in a title or abstract,
    in the shard's order."""
    return b"{" + b",".join(orjson.dumps(t) + b":" + positions[t] for t in terms_ if t in positions) + b"}"
