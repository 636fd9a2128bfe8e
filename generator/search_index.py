"""The client-side search index: lunr documents, the index in shards, and a compact document store.

The index is built here (as lunr.py's Builder would build it, but for the average field length:
search_weights) and read in the browser by the vendored lunr.js 2.3.9 (`templates/static/search.js`).
A paper's ref is its position in the catalog (newest first) as a short string, `"0"` ... `"9999"`.
Fields and boosts are in `FIELDS`. The files, all under `search/`, next to the search page:

- `manifest.json`, the only file with a fixed name, read first::

      {"count": N, "fields": [...], "pipeline": ["stemmer"],
       "shards": [[first term, "index/<hash>.json", "pos/<hash>.json"], ...],  # in JavaScript string order
       "terms": "terms.<hash>.json",                          # every term, for fuzzy and *x queries
       "docs": {"files": ["docs/<hash>.json", ...], "sizes": [3, 1, 4, ...]},  # papers a file, in ref order
       "facets": {"y": [year or null], "a": [author group number], "p": [[topic numbers]],
                  "v": [venue number or null]},  # by ref
       "topics": [[key, label, URL, parent key or null], ...], "tags": [[key, label, URL], ...],
       "authors": [[key, label], ...], "years": ["2025", ...], "venues": ["NeurIPS 2023", ...]}

- `index/<hash>.json`: one shard, lunr's index over a range of terms in compact arrays
  (`shard_files`). A query fetches the shards of its terms and search-shards.js merges them into one
  lunr index, which gives exactly the whole index's results and scores.
- `docs/<hash>.json`: what a result shows, `[{"t": title, "u": URL, "y": year, "p": [topic numbers],
  "g": [tag numbers], "s": abstract}, ...]`, fetched for the results on screen only.
- `pos/<hash>.json`: where each term of one shard stands in each title and abstract, fetched only
  for a quoted phrase (generator/search_positions.py).

Names carry a hash of the content, so browsers may cache them for good; only the manifest must be
fresh. URLs are relative to `search/`, so the site works under any base path.

Same results in Python and in the browser. lunr.js stems query words with its own Porter stemmer,
so indexed terms must be stemmed exactly the same way. lunr.py's stemmer differs on some words (its
own docstring names `lay` and `try`), so documents are tokenized and stemmed here with a port of
lunr.js's stemmer (`stem`), and the index's search pipeline uses that port too (serialized under
lunr.js's name for it, `stemmer`). `load_index` does the same for a serialized index, so lunr.py
queries in tests see what the browser sees.

Size and speed. Every word of the title, tag and topic labels, venue, authors, arXiv id and abstract is
indexed, without stop words, math and URLs (nobody searches for `\\mathcal{O}`, and lunr's query
syntax cannot express a URL). At 10,000 papers whole abstracts rather than their first 100 words
make the shards 41% bigger gzipped (2.27 -> 3.20 MB), the positions files 65% (1.54 -> 2.54 MB) and
the documents 57% (4.73 -> 7.43 MB), but not a query's bytes: a shard stays about `SHARD_BYTES`,
there are more of them, and a document file holds `DOCS_PER_FILE` papers on average (`doc_runs`).
Tokenizing and stemming here, with a cache, rather than through lunr.py's per-character tokenizer
and uncached stemmer, makes the build several times faster.

Output is deterministic: papers in catalog order, and JSON with sorted keys and no spaces."""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import orjson
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator import urls
from generator.chunks import key_of, runs
from generator.config import Config
from generator.markup import math_as_text, readable_text, without_math_or_urls
from generator.model import Catalog, Paper
from generator.people import LATIN
from generator.search_positions import Places, Slots, TermPlaces, by_term, placed, places, shard_positions
from generator.search_weights import Postings, Weighed, counted, postings, weigh
from generator.search_words import NO_PLACE, STOP, Numbering, Words

log = logging.getLogger(__name__)

MANIFEST_FILE = urls.SEARCH + "manifest.json"
# A shard of the index aims at this much JSON (about 30% of it gzipped), and a query fetches one shard
# per word and the shards its last word's prefix spans, so this sets most of a later query's bytes.
# Measured at 10,000 papers (the bench queries' shards, gzipped, without prefetch): 200,000 bytes
# made 56 shards and 57-163 KB a query; 40,000 makes 295 shards and 9-54 KB, for 5 KB more manifest
# (the shards' names). A term bigger than this is a shard of its own (`learn`: 34 KB gzipped).
SHARD_BYTES = 40_000
# A document holds the whole abstract (search.js cuts the excerpt around the query's words), about
# 680 bytes gzipped. Results show in steps of 10 (search.js), so a step fetches at most 10 files,
# mostly 10: at 10,000 papers 5 papers a file made that 33-36 KB gzipped, 3 a file makes it 21-23 KB
# for 16 KB more manifest (1,300 more file names); 2 a file saves 7 KB more for 13 KB more manifest.
DOCS_PER_FILE = 3

# Field name (what a reader types before `:`) and boost. A word in the title counts ten times one in
# the abstract; tags and topics are curated summaries of the paper, so they count more than abstract
# prose but less than the title. Order matters only for the order of fields in the serialized index.
# An author's name counts as much as a tag: a reader who types it means that person.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10), ("tags", 4), ("topics", 2), ("venue", 2), ("author", 4), ("arxiv", 1), ("abstract", 1))

# Words are split where lunr.js's query parser splits them (whitespace, hyphens), and also at `/`,
# `:`, dashes, TeX ties (`48~kHz`), brackets, commas and semicolons, so that `encoder/decoder` is found by
# `encoder` and `networks~(DNN)` by `dnn`. Leading and trailing punctuation
# is trimmed, as lunr's trimmer does (but Unicode-aware, and also when a word has inner punctuation).
_SPLIT = re.compile(r"[\s\-/:\u2013\u2014~()\[\]{},;]+")
_SEPARATORS = "-/:\u2013\u2014~()[]{},;"  # what _SPLIT splits at, but white space
_TRIM = re.compile(r"^\W+|\W+$")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def search_files(catalog: Catalog, cfg: Config, memo: dict | None = None,
                 keep: Callable[[str, Postings | Places], None] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of `search/`: the manifest, the index shards and the document files.

    `memo` (kept between builds by the caller, build.index_into) holds the last build's postings and
    places (`Postings`, `Places`), every paper's under a key of what they are made from
    (`document_keys`), so after an edit only that paper's words are numbered again (`numbered`).
    They are taken out of it, to be freed once gathered. This build's go to `keep` (to be saved
    for the next) as soon as each is made, `keep("postings", ...)` then `keep("places", ...)`, and
    are let go once used: at 100,000 papers the two held 340 MB while the rest of the index was made.
    `memo["docs"]`, given only when the site holds the last build's files, names the document files
    that build made by what they are made from (`_doc_key`): those come with None for their bytes,
    and this build's go to `keep("docs", ...)`."""
    started = time.perf_counter()
    papers = list(catalog.papers.values())
    memo = memo if memo is not None else {}
    keys = document_keys(papers, catalog)
    weighed, positions = _columns(papers, catalog, keys, memo, keep)
    shards, terms_ = [], []
    for first, shard_terms, data in shard_files(weighed, SHARD_BYTES):
        name = _name("index/", data)
        where = shard_positions(shard_terms, positions)
        where_name = _name("pos/", where)
        shards.append([first, name, where_name])
        terms_ += shard_terms
        yield urls.SEARCH + name, data
        yield urls.SEARCH + where_name, where
    del weighed, positions
    terms_name, data = _named("terms.", terms_)
    yield urls.SEARCH + terms_name, data
    files: list[str] = []
    sizes = doc_runs(papers)
    yield from _document_files(papers, catalog, keys, sizes, memo.pop("docs", None) or {}, files, keep)
    yield MANIFEST_FILE, dumps(manifest(papers, catalog, shards, terms_name, files, sizes))
    log.debug("search index for %d papers in %.2fs", len(papers), time.perf_counter() - started)


def _columns(papers: list[Paper], catalog: Catalog, keys: list[str], memo: dict,
             keep: Callable[[str, Postings | Places], None] | None) -> tuple[Weighed, TermPlaces]:
    """Every paper's postings weighed, and where each term stands in each title and abstract: the
    last build's columns (`memo`) for the papers they hold, the rest counted now. Each goes to
    `keep` as soon as made, and every copy is let go as soon as it is used."""
    prior: Postings | None = memo.pop("postings", None)
    prior_at: Places | None = memo.pop("places", None)
    if prior is None or prior_at is None:
        prior = prior_at = None
    have = set(prior.keys).intersection(prior_at.keys) if prior is not None else set()
    new = {k: p for k, p in zip(keys, papers) if k not in have}  # papers the last build's columns lack
    del have
    words = numbered(list(new.values()), catalog, list(new))
    names = [name for name, _ in FIELDS]
    fresh = counted(words)
    fresh_at = placed(words, names.index("title"), names.index("abstract"))
    del words
    kept = postings(keys, fresh, prior)
    del fresh, prior  # (the last build's columns: another copy of them all at 100,000 papers)
    if keep is not None:
        keep("postings", kept)
    weighed = weigh(kept, list(FIELDS))
    del kept
    at = places(keys, fresh_at, prior_at)
    del fresh_at, prior_at
    if keep is not None:
        keep("places", at)
    return weighed, by_term(at)


def _document_files(papers: list[Paper], catalog: Catalog, keys: list[str], sizes: list[int],
                    known: dict[str, str], files: list[str],
                    keep: Callable[[str, Postings | Places], None] | None) -> Iterator[tuple[str, bytes | None]]:
    """The document files, `sizes` papers each, their names put in `files`; None for the bytes of
    those the last build made (`known`, by what each is made from: `_doc_key`)."""
    made: dict[str, str] = {}
    numbering = hashlib.blake2b(repr((list(catalog.topics), list(catalog.tags))).encode()).hexdigest()
    doc = document_maker(catalog)
    start = 0
    for size in sizes:
        key = _doc_key(numbering, keys[start:start + size])
        name = known.get(key)
        if name is None:
            name, data = _named("docs/", [doc(p) for p in papers[start:start + size]])
        else:
            data = None  # (the last build made that file, and its site has it)
        made[key] = name
        files.append(name)
        start += size
        yield urls.SEARCH + name, data
    if keep is not None:
        keep("docs", made)


def _named(prefix: str, data: object) -> tuple[str, bytes]:
    """A file name that changes with its content, so that browsers may cache it for good."""
    raw = dumps(data, sort_keys=False)  # built in a fixed order already; sorting refs would cost time
    return _name(prefix, raw), raw


def _name(prefix: str, raw: bytes) -> str:
    return f"{prefix}{hashlib.blake2b(raw, digest_size=6).hexdigest()}.json"


def dumps(data: object, sort_keys: bool = True) -> bytes:
    """Compact UTF-8 JSON. orjson writes the 12 MB of a 10,000-paper index five times as fast as
    json.dumps (whose floats and escapes differ only in form, and the browser reads either)."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS if sort_keys else 0)


# --- the index ------------------------------------------------------------------------------------

def numbered(papers: list[Paper], catalog: Catalog, keys: list[str]) -> Words:
    """The papers' fields (`FIELDS`) as numbered terms, what `index_document` makes of them, with
    the title's and abstract's stop words in place (`slots`). Each distinct word, label and name is
    worked out once; a text's words are numbered in C (`_numbers`)."""
    numbering = Numbering(len(FIELDS))
    slot_no: dict[str, int] = {}  # raw lowercased word -> its term's number, STOP or NO_PLACE
    piece_no: dict[str, tuple[int, ...]] = {}  # label, venue or name -> its terms' numbers

    def text(t: str) -> list[int]:
        return _numbers(_split(t), slot_no, lambda raw: _slot_number(raw, numbering))

    def pieces(texts: Iterable[str]) -> list[int]:
        out: list[int] = []
        for piece in texts:
            found = piece_no.get(piece)
            if found is None:
                found = piece_no[piece] = tuple(numbering.of(t) for t in terms(piece))
            out += found
        return out

    tags = {k: pieces((g.label,)) for k, g in catalog.tags.items()}
    topics = {k: pieces((g.label,)) for k, g in catalog.topics.items()}
    for p in papers:  # (fields in the order of FIELDS)
        numbering.add(text(p.title), [n for t in p.tags for n in tags.get(t, ())],
                      [n for t in p.topics for n in topics.get(t, ())], pieces((p.venue,)) if p.venue else [],
                      pieces(_who(p)), [numbering.of(stem(p.arxiv.lower()))] if p.arxiv else [], text(p.abstract))
    return numbering.words(keys)


def _slot_number(raw: str, numbering: Numbering) -> int:
    slot = _slot(raw)
    return NO_PLACE if slot == "" else STOP if slot is None else numbering.of(slot)


def _numbers(raw: list[str], known: dict[str, int], work_out: Callable[[str], int]) -> list[int]:
    """What `known` says each word is, working out (and remembering) the words it lacks, looked up
    all at once in C (20 million words at 100,000 papers)."""
    try:
        return list(map(known.__getitem__, raw))
    except KeyError:
        pass
    for word in set(raw).difference(known):
        known[word] = work_out(word)
    return list(map(known.__getitem__, raw))


def document_keys(papers: list[Paper], catalog: Catalog) -> list[str]:
    """A key for each paper that changes with what its index rows are made from: its digest (when
    the catalog knows it) with the tag and topic labels, else a digest of its indexed fields."""
    labels = hashlib.blake2b(repr([(k, g.label) for groups in (catalog.tags, catalog.topics)
                                   for k, g in groups.items()]).encode(), digest_size=16).hexdigest()
    keys = []
    for p in papers:
        known = catalog.digests.get(p.slug)
        keys.append(f"{known}:{labels}" if known else _document_key(p, catalog))
    return keys


def shard_files(weighed: Weighed, max_bytes: int) -> Iterator[tuple[str, list[str], bytes]]:
    """The index split by term into shards of about `max_bytes` of JSON each, as (first term, its
    terms, JSON), joined from the JSON of each term's weights.

    A shard lists its terms (in JavaScript string order, so the browser finds a term's shard by
    comparing strings) with each term's index and its weights in every field that holds it::

        [[term, term index, [field number, ref steps..., weights in thousandths...], ...], ...]

    (search_weights.field_json_arrays: `[6, 3, 4, 1234, 560]` is refs 3 and 7 with weights 1.234
    and 0.56 in field 6, the abstract.) That is lunr's inverted index and field vectors, turned
    term-major: search-shards.js rebuilds both from the shards a query needs and loads them with
    lunr.Index.load. lunr.js scores a match as dot(query vector, field vector) / |query vector|, so
    field vectors holding only the query's terms score exactly as whole ones: the results are
    exactly the whole index's (`merge_shards` is the same rebuild in Python; tests compare it with
    lunr.py's own Builder). A weight in thousandths divided by 1000 is the same double as lunr's
    3-decimal weight read from JSON (both are the double nearest the same decimal)."""
    index, df = weighed.index, weighed.df
    items: list[bytes] = []
    terms_: list[str] = []
    size, done = 1, 0  # (the shard's JSON is `size` bytes long: brackets, items and commas)
    for term in sorted(df, key=js_order):
        item = b"[" + b",".join([orjson.dumps(term), str(index[term]).encode(), *weighed.fields_json(term)]) + b"]"
        if items and size + len(item) > max_bytes:
            yield terms_[0] if done else "", terms_, b"[" + b",".join(items) + b"]"
            items, terms_, size, done = [], [], 1, done + 1
        items.append(item)
        terms_.append(term)
        size += len(item) + 1
    if items or not done:
        yield terms_[0] if done else "", terms_, b"[" + b",".join(items) + b"]"


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which lunr.js's TokenSet
    builder demands of an index's terms."""
    return term.encode("utf-16-be")


def merge_shards(shards: list[list]) -> dict:
    """Shards back into one serialized lunr index, as search-shards.js does in the browser; for
    tests, and for querying a built site from Python."""
    from lunr import __TARGET_JS_VERSION__

    names = [name for name, _ in FIELDS]
    inverted: list = []
    vectors: dict[str, list[tuple[int, float]]] = {}
    for shard in shards:
        for term, index, *weights in shard:
            posting: dict = {name: {} for name in names}
            for field in weights:
                name, count, ref = names[field[0]], (len(field) - 1) // 2, 0
                for step, weight in zip(field[1:count + 1], field[count + 1:]):
                    ref += step
                    posting[name][str(ref)] = {}
                    vectors.setdefault(f"{name}/{ref}", []).append((index, weight / 1000))
            inverted.append([term, {**posting, "_index": index}])
    return {"version": __TARGET_JS_VERSION__, "fields": names, "pipeline": ["stemmer"],
            "invertedIndex": sorted(inverted, key=lambda kv: kv[0]),
            "fieldVectors": [[ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in vectors.items()]}


def _document_key(p: Paper, catalog: Catalog) -> str:
    labels = [catalog.tags[t].label for t in p.tags if t in catalog.tags]
    labels += ["|"] + [catalog.topics[t].label for t in p.topics if t in catalog.topics]
    h = hashlib.blake2b(digest_size=16)
    for part in (p.title, p.venue or "", p.arxiv or "", p.abstract, *_who(p), "|", *labels):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _who(p: Paper) -> tuple[str, ...]:
    """What `author:` finds a paper by: its authors' names, and the organisation a listing gave in
    their place (`OpenBMB`, shown as the byline, could not be found)."""
    return (*p.shown_authors, p.organization) if p.organization else p.shown_authors


def index_document(ref: int, p: Paper, catalog: Catalog) -> dict[str, object]:
    """One paper as lunr sees it: every field a list of terms (lowercased, trimmed, stemmed). What
    `numbered` makes of a paper, said plainly: tests hold the index to lunr.py's over these."""
    return {
        "ref": str(ref),
        "title": terms(p.title),
        "tags": _terms_of(catalog.tags[t].label for t in p.tags if t in catalog.tags),
        "topics": _terms_of(catalog.topics[t].label for t in p.topics if t in catalog.topics),
        "venue": _terms_of((p.venue,) if p.venue else ()),
        "author": _terms_of(_who(p)),
        "arxiv": [stem(p.arxiv.lower())] if p.arxiv else [],
        "abstract": terms(p.abstract),
    }


def terms(text: str) -> list[str]:
    """Text -> index terms, in order, repeats kept (lunr counts them): `words`, without stop words,
    stemmed. Each distinct raw word is worked out once (`_term`): a catalog says the same words
    again and again, and trimming each occurrence with two regexes was most of a cold index."""
    return list(filter(None, _known(_split(text), _TERMS, _term)))


_TERMS: dict[str, str] = {}  # raw lowercased word -> its index term, "" for none


def _terms_of(pieces: Iterable[str]) -> list[str]:
    """The terms of short texts (labels, venues, names), one after another."""
    return [t for piece in pieces for t in terms(piece)]


def _split(text: str) -> list[str]:
    """`text` without math and URLs, lowercased, split into raw words at `_SPLIT`'s places. Replacing
    its characters by spaces and splitting at white space (which is what `\\s` matches) is about 2.8
    times as fast as the regex; with `_known`, the `slots` of every title and abstract at 100,000
    papers took 7.6 s instead of 11.3 s."""
    text = without_math_or_urls(text).lower()
    for c in _SEPARATORS:
        if c in text:
            text = text.replace(c, " ")
    return text.split()


def slots(text: str) -> Slots:
    """Text -> its words in order as `terms` makes them, a stop word as None (it takes a place in a
    phrase, search_positions); what trims to nothing (a dash, a lone comma) takes no place."""
    out = _known(_split(text), _SLOTS, _slot)
    return [s for s in out if s != ""] if "" in out else out


_SLOTS: dict[str, str | None] = {}  # raw lowercased word -> its slot, "" for no place at all


def _slot(raw: str) -> str | None:
    term = _TERMS.get(raw)
    if term is None:
        term = _TERMS[raw] = _term(raw)
    return term if term else (None if _POSSESSIVE.sub("", _TRIM.sub("", raw)) else "")


def _known(raw: list[str], known: dict, work_out: Callable[[str], object]) -> list:
    """What `known` says each word is, working out (and remembering) the words it lacks. Looked up
    all at once in C, not one at a time in a Python loop (20 million words at 100,000 papers)."""
    try:
        return list(map(known.__getitem__, raw))
    except KeyError:
        pass
    missing = set(raw).difference(known)
    if len(known) + len(missing) > 1_000_000:  # (a bound for long-running processes; a catalog has far fewer)
        known.clear()
        missing = set(raw)
    for word in missing:
        known[word] = work_out(word)
    return list(map(known.__getitem__, raw))


def _term(raw: str) -> str:
    word = fold_accents(_POSSESSIVE.sub("", _TRIM.sub("", raw)))
    return stem(word) if word and word not in STOP_WORDS else ""


_ACCENTS = re.compile("[\u0300-\u036f]")  # combining diacritical marks (Latin, Greek, Cyrillic letters')


def fold_accents(word: str) -> str:
    """A lowercased word without its accents (`müller` -> `muller`, `łukasz` -> `lukasz`): readers
    type names and words without them. search.js folds the reader's words the same way (`fold`)."""
    if word.isascii():
        return word
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", word.translate(LATIN))))


def words(text: str) -> list[str]:
    """Text -> lowercased words, trimmed of punctuation, without math and URLs; not yet stemmed."""
    text = without_math_or_urls(text).lower()
    out = []
    for word in _SPLIT.split(text):
        word = _POSSESSIVE.sub("", _TRIM.sub("", word))
        if word:
            out.append(word)
    return out


def read_search(search_dir: Path) -> tuple[dict, dict, list[dict]]:
    """A built `search/` directory as (manifest, the whole serialized index, every document): what
    the browser could fetch, put together, so tests can query a site from Python."""
    manifest_ = json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))
    shards = [json.loads((search_dir / name).read_text(encoding="utf-8")) for _, name, _ in manifest_["shards"]]
    docs = [d for name in manifest_["docs"]["files"] for d in json.loads((search_dir / name).read_text(encoding="utf-8"))]
    return manifest_, merge_shards(shards), docs


def load_index(serialized: dict | str) -> Index:
    """A serialized index as lunr.py's Index, querying with the same stemmer as lunr.js."""
    index = Index.load(serialized)
    index.pipeline = Pipeline()
    index.pipeline.add(_stemmer)
    return index


# --- lunr.js's stemmer ----------------------------------------------------------------------------
# A line-by-line port of `lunr.stemmer` from lunr.js 2.3.9 (itself a Porter stemmer), regular
# expressions unchanged; tests/browser/test_lunr_parity.py checks it against lunr.js on every word
# of the shipped catalog.

_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
          "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
          "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_c, _v = "[^aeiou]", "[aeiouy]"  # consonant, vowel
_C, _V = _c + "[^aeiouy]*", _v + "[aeiou]*"  # consonant sequence, vowel sequence
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem
_1A, _1A2 = re.compile(r"^(.+?)(ss|i)es$"), re.compile(r"^(.+?)([^s])s$")
_1B, _1B2 = re.compile(r"^(.+?)eed$"), re.compile(r"^(.+?)(ed|ing)$")
_1B_AT, _1B_DOUBLE = re.compile(r"(at|bl|iz)$"), re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5, _5LL = re.compile(r"^(.+?)e$"), re.compile(r"ll$")


@lru_cache(maxsize=None)
def stem(w: str) -> str:
    """lunr.js's `porterStemmer(w)` for a lowercased word."""
    if len(w.encode("utf-16-le")) < 6:  # JS counts UTF-16 code units: `w.length < 3`
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]
    # Step 1a
    if m := _1A.search(w) or _1A2.search(w):
        w = m.group(1) + m.group(2)
    # Step 1b
    if m := _1B.search(w):
        if _MGR0.search(m.group(1)):
            w = w[:-1]
    elif (m := _1B2.search(w)) and _S_V.search(m.group(1)):
        w = m.group(1)
        if _1B_AT.search(w):
            w += "e"
        elif _1B_DOUBLE.search(w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    # Step 1c: a final y after a consonant (not the first letter) becomes i
    if m := _1C.search(w):
        w = m.group(1) + "i"
    # Step 2
    if (m := _2.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    # Step 3
    if (m := _3.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    # Step 4
    if m := _4.search(w):
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    elif (m := _4B.search(w)) and _MGR1.search(m.group(1) + m.group(2)):
        w = m.group(1) + m.group(2)
    # Step 5
    if m := _5.search(w):
        s = m.group(1)
        if _MGR1.search(s) or (_MEQ1.search(s) and not _CVC.search(s)):
            w = s
    if _5LL.search(w) and _MGR1.search(w):
        w = w[:-1]
    if first == "y":
        w = "y" + w[1:]
    return w


def _stemmer(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: stem(s))


# Not registered with lunr.py's global Pipeline registry (that would change lunr.py for every user
# in the process); the label is only what the serialized index names, and lunr.js knows it.
_stemmer.label = "stemmer"


# --- the document store and the manifest --------------------------------------------------------

def document_maker(catalog: Catalog) -> Callable[[Paper], dict]:
    """What a result shows of a paper, by ref; URLs relative to `search/`. `s` is the whole abstract
    as plain text: search.js shows the part of it where the query's words are. The title's math is
    Unicode text, as in the tab's title and the feeds: no KaTeX typesets a result, which showed the
    TeX source (`$\\mathcal{O}(n)$`). (Made a file at a time: at 100,000 papers they are 170 MB of
    Python objects.)"""
    topic_no = {k: i for i, k in enumerate(catalog.topics)}
    tag_no = {k: i for i, k in enumerate(catalog.tags)}
    root = posixpath.relpath(".", _HERE) + "/"  # `../`: paper URLs are relative to the site root
    return lambda p: {"t": math_as_text(p.title), "u": root + urls.paper(p.slug), "y": p.year,
                      "p": [topic_no[t] for t in p.topics if t in topic_no],
                      "g": [tag_no[t] for t in p.tags if t in tag_no], "s": readable_text(p.abstract), **_byline(p)}


def doc_runs(papers: list[Paper]) -> list[int]:
    """How many papers each document file holds, in catalog (ref) order: `DOCS_PER_FILE` on average
    for the file a result is in, cut where the papers' slugs say (chunks.runs), so that a paper added
    or removed changes the files around it, not every file after it (files of exactly 3 each took
    the next one's first paper: one paper added in the middle of 10,000 rewrote 1,600 of 3,334
    files, and sent every returning reader to fetch them again)."""
    return runs([key_of(p.slug) for p in papers], DOCS_PER_FILE)


def doc_places(manifest: dict) -> list[tuple[str, int]]:
    """Each ref's document file (as the manifest names it) and its place in that file: what
    search.js's `docPlace` works out."""
    return [(name, i) for name, size in zip(manifest["docs"]["files"], manifest["docs"]["sizes"]) for i in range(size)]


def _doc_key(numbering: str, keys: list[str]) -> str:
    """What a document file is made from: its papers' keys (`document_keys`: each paper's digest)
    and the numbers tags and topics have. A file whose key the last build made is not made again
    (at 10,000 papers, 3,334 files: 0.2 s of every rebuild's index)."""
    return hashlib.blake2b("\0".join((numbering, *keys)).encode(), digest_size=12).hexdigest()


def _byline(p: Paper) -> dict[str, str]:
    """Who and where, as a list item shows them (partials/paper_meta.html): `a` the first three
    authors (et al.) or the organisation, `v` the venue; left out when there is none. A result found
    by `author:` or `venue:` showed neither, so it looked like a random match."""
    out = {"a": p.byline} if p.byline else {}
    if p.venue:
        out["v"] = p.venue
    return out


def manifest(papers: list[Paper], catalog: Catalog, shards: list[list[str]], terms_file: str,
             doc_files: list[str], doc_sizes: list[int]) -> dict[str, object]:
    """The one file search.js reads first: where everything else is, the vocabularies, and every
    paper's facets (year, author-count group, topics) in columns, since filtering and counting
    facets needs them for all results at once. Venues are listed as written, in alphabetical order."""
    topic_no = {k: i for i, k in enumerate(catalog.topics)}
    author_no = {k: i for i, k in enumerate(catalog.authors)}
    venues = sorted({p.venue for p in papers if p.venue}, key=lambda v: (v.casefold(), v))
    venue_no = {v: i for i, v in enumerate(venues)}
    return {
        "version": 1, "count": len(papers), "fields": [name for name, _ in FIELDS], "pipeline": ["stemmer"],
        "shards": shards, "terms": terms_file, "docs": {"files": doc_files, "sizes": doc_sizes},
        "facets": {"y": [p.year for p in papers], "a": [author_no[p.author_group] for p in papers],
                   "p": [[topic_no[t] for t in p.topics if t in topic_no] for p in papers],
                   "v": [venue_no[p.venue] if p.venue else None for p in papers]},
        "topics": [[k, g.label, relative(urls.group("topic", k), _HERE), g.parent] for k, g in catalog.topics.items()],
        "tags": [[k, g.label, relative(urls.group("tag", k), _HERE)] for k, g in catalog.tags.items()],
        "authors": [[k, g.label] for k, g in catalog.authors.items()],
        "years": list(catalog.years), "venues": venues,
    }


_HERE = posixpath.dirname(MANIFEST_FILE)


def relative(target: str, start: str) -> str:
    """URL of site path `target` (`papers/x/`) seen from site directory `start` (`search`)."""
    rel = posixpath.relpath(target, start)
    return rel + "/" if target.endswith("/") else rel
