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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from generator.search_words import STOP, Words, compact, gather, joined_vocab, stable_order

if TYPE_CHECKING:
    import numpy as np

ABSTRACT_START = 1000  # titles are far shorter than this many words

Slots = list[str | None]  # a text's words in order: a term, or None for a stop word (a place, no term)


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


def placed(words: Words, title: int, abstract: int) -> Places:
    """The places of papers' numbered words (fields `title` and `abstract`): a word's position is
    its row's place in its field, counted from `ABSTRACT_START` in the abstract. Placed two million
    words at a time (all 20 million at 100,000 papers took 570 MB of temporary arrays)."""
    import numpy as np

    parts = [_place(part, title, abstract) for part in words.parts(2_000_000)]
    ends = np.cumsum([p.starts[-1] for p in parts])
    starts = np.concatenate([p.starts[:-1] + (end - p.starts[-1]) for p, end in zip(parts, ends)] + [ends[-1:]])
    term, at = (np.concatenate([getattr(p, name) for p in parts]) for name in ("term", "at"))
    return Places(list(words.keys), starts, term, at, words.vocab)


def _place(words: Words, title: int, abstract: int) -> Places:
    import numpy as np

    n_papers, n_fields = words.sizes.shape
    segment = words.segments()
    start = np.cumsum(words.sizes.ravel()) - words.sizes.ravel()  # each (paper, field)'s first row
    field = segment % n_fields
    keep = ((field == title) | (field == abstract)) & (words.term != STOP)
    rows = np.flatnonzero(keep)
    del keep
    segment = segment[rows]
    at = (rows - start[segment]).astype(np.int32)
    at[field[rows] == abstract] += ABSTRACT_START
    del field
    starts = np.zeros(n_papers + 1, np.int64)
    np.cumsum(np.bincount(segment // n_fields, minlength=n_papers), out=starts[1:])
    return Places(list(words.keys), starts, words.term[rows], at, words.vocab)


def places(keys: list[str], fresh: Places, prior: Places | None) -> Places:
    """The places of the papers `keys`, in that order: rows of `prior` for the keys it has, and of
    `fresh` (those placed in this build) for the others."""
    import numpy as np

    if prior is None and keys == fresh.keys:  # (a cold build: nothing to gather)
        term, vocab = compact(fresh.term, fresh.vocab)
        return Places(fresh.keys, fresh.starts, term, fresh.at, vocab)
    parts = [prior, fresh] if prior is not None else [fresh]
    starts, rows, _ = gather(keys, [(p.keys, p.starts) for p in parts])
    term, vocab = joined_vocab([p.term for p in parts], [p.vocab for p in parts])
    term, vocab = compact(term[rows], vocab)
    return Places(list(keys), starts, term, np.concatenate([p.at for p in parts])[rows], vocab)


class TermPlaces(Mapping[str, bytes]):
    """term -> the JSON of its flat list of (ref step, position) pairs, as the positions files hold
    them, made when asked for (a shard at a time): at 100,000 papers the JSON of every term at once
    held 500 MB, Python lists of the numbers would be 40 million int objects (about 1.4 GB)."""

    def __init__(self, spans: dict[str, tuple[int, int]], flat: np.ndarray) -> None:
        self.spans, self.flat = spans, flat  # term -> (first, last + 1) pair of it in `flat`

    def __getitem__(self, term: str) -> bytes:
        a, b = self.spans[term]
        return orjson.dumps(self.flat[2 * a:2 * b], option=orjson.OPT_SERIALIZE_NUMPY)

    def __iter__(self) -> Iterator[str]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


def by_term(p: Places) -> TermPlaces:
    """The places grouped by term, in ref then position order, refs as steps."""
    import numpy as np

    if len(p.term) == 0:
        return TermPlaces({}, np.zeros(0, np.int32))
    order = stable_order(p.term)  # (rows are in paper, then position order already)
    g_doc = np.repeat(np.arange(len(p.keys), dtype=np.int32), np.diff(p.starts))[order]
    flat = np.empty(2 * len(g_doc), np.int32)
    flat[1::2] = p.at[order]
    g_term = p.term[order]
    del order
    cut = np.flatnonzero(np.diff(g_term) != 0) + 1
    step = np.empty_like(g_doc)
    step[0] = g_doc[0]
    step[1:] = np.diff(g_doc)
    step[cut] = g_doc[cut]  # a term's first pair gives its ref itself
    flat[0::2] = step
    del step, g_doc
    bounds = np.concatenate(([0], cut, [len(g_term)])).tolist()
    heads = g_term[bounds[:-1]].tolist()
    return TermPlaces({p.vocab[t]: (a, b) for t, a, b in zip(heads, bounds[:-1], bounds[1:])}, flat)


def shard_positions(terms_: list[str], positions: Mapping[str, bytes]) -> bytes:
    """The positions file of one index shard: those of its terms that stand in a title or abstract,
    in the shard's order."""
    return b"{" + b",".join(orjson.dumps(t) + b":" + positions[t] for t in terms_ if t in positions) + b"}"
