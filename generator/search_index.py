"""The client-side search index: lunr documents, the serialized index and a compact document store.

The index is built here with lunr.py and read in the browser by the vendored lunr.js 2.3.9
(`templates/static/search.js`). Two files go into `search/`, next to the search page:

- `index.json`: the serialized lunr index. A paper's ref is its position in the catalog (newest
  first) as a short string, `"0"` ... `"351"`. Fields and boosts are in `FIELDS`.
- `docs.json`: what the page needs to show and filter results, without a second request per paper::

      {"docs": [{"t": title, "u": URL, "y": year or null, "p": [topic numbers], "g": [tag numbers],
                 "a": author-count group key, "s": snippet}, ...],          # docs[int(ref)]
       "topics": [[key, label, URL, parent key or null], ...],            # vocabulary order
       "tags": [[key, label, URL], ...], "authors": [[key, label], ...], "years": ["2025", ...]}

  A topic or tag number is a position in `topics` or `tags`.
  URLs are relative to `docs.json` itself, so the site works under any base path.

Same results in Python and in the browser. lunr.js stems query words with its own Porter stemmer,
so indexed terms must be stemmed exactly the same way. lunr.py's stemmer differs on some words (its
own docstring names `lay` and `try`), so documents are tokenized and stemmed here with a port of
lunr.js's stemmer (`stem`), and the index's search pipeline uses that port too (serialized under
lunr.js's name for it, `stemmer`). `load_index` does the same for a serialized index, so lunr.py
queries in tests see what the browser sees.

Size and speed. What goes in is chosen to keep the index small: the title, tag and topic labels,
venue and arXiv id in full, and only the first `ABSTRACT_WORDS` words of the abstract, without stop
words, math and URLs (nobody searches for `\\mathcal{O}`, and lunr's query syntax cannot express a
URL). Tokenizing and stemming here, with a cache, rather than through lunr.py's per-character
tokenizer and uncached stemmer, makes the build several times faster.

Output is deterministic: papers in catalog order, and JSON with sorted keys and no spaces."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import posixpath
import re
import time
from collections.abc import Iterator
from functools import lru_cache

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator import urls
from generator.config import Config
from generator.markup import MATH, URL, plain_text
from generator.model import Catalog, Paper

log = logging.getLogger(__name__)

INDEX_FILE = urls.SEARCH + "index.json"
DOCS_FILE = urls.SEARCH + "docs.json"

# Field name (what a reader types before `:`) and boost. A word in the title counts ten times one in
# the abstract; tags and topics are curated summaries of the paper, so they count more than abstract
# prose but less than the title. Order matters only for the order of fields in the serialized index.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10), ("tags", 4), ("topics", 2), ("venue", 2), ("arxiv", 1), ("abstract", 1))

# Abstracts average about 190 words here. Their first 100 words state the problem and the method;
# indexing all of them makes the index half as big again (gzipped) and the build twice as slow.
ABSTRACT_WORDS = 100
SNIPPET_CHARS = 240

# Words are split where lunr.js's query parser splits them (whitespace, hyphens), and also at `/`,
# `:` and dashes, so that `encoder/decoder` is found by `encoder`. Leading and trailing punctuation
# is trimmed, as lunr's trimmer does (but Unicode-aware, and also when a word has inner punctuation).
_SPLIT = re.compile(r"[\s\-/:\u2013\u2014]+")
_TRIM = re.compile(r"^\W+|\W+$")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def search_files(catalog: Catalog, cfg: Config, memo: dict | None = None) -> Iterator[tuple[str, bytes]]:
    """`search/index.json` and `search/docs.json` for the catalog. `memo` (kept between builds by
    the caller) holds each paper's terms under a digest of what they are made from: after one edit
    only that paper is tokenized and stemmed again. It is replaced by this build's entries."""
    started = time.perf_counter()
    papers = list(catalog.papers.values())
    known = memo if memo is not None else {}
    fresh: dict[str, dict] = {}
    documents = []
    for ref, p in enumerate(papers):
        key = _document_key(p, catalog)
        doc = known.get(key) or index_document(0, p, catalog)
        fresh[key] = doc
        documents.append({**doc, "ref": str(ref)})
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    yield INDEX_FILE, dumps(serialized_index(documents))
    yield DOCS_FILE, dumps(document_store(papers, catalog))
    log.debug("search index for %d papers in %.2fs", len(papers), time.perf_counter() - started)


def dumps(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --- the index ------------------------------------------------------------------------------------

# lunr's defaults for BM25: term-frequency saturation and field-length normalisation.
K1, B = 1.2, 0.75


def serialized_index(documents: list[dict]) -> dict:
    """The index lunr.py's Builder would serialize for `documents` (whose fields are lists of
    finished terms), computed directly: same postings, same BM25 scores with the same rounding,
    same order, byte for byte (tests check it against lunr.py). Builder deep-copies metadata and
    inserts vector elements one by one, which makes it several times slower at 10,000 papers."""
    from lunr import __TARGET_JS_VERSION__

    names = [name for name, _ in FIELDS]
    boosts = dict(FIELDS)
    inverted: dict[str, dict] = {}
    frequencies: list[tuple[str, str, dict[str, int], int]] = []
    total_length = dict.fromkeys(names, 0)
    for doc in documents:
        ref = str(doc["ref"])
        for name in names:
            terms = [str(t).lower() if t else "" for t in doc.get(name) or ()]
            counts: dict[str, int] = {}
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
                posting = inverted.get(term)
                if posting is None:
                    posting = inverted[term] = {**{n: {} for n in names}, "_index": len(inverted)}
                posting[name].setdefault(ref, {})
            frequencies.append((f"{name}/{ref}", name, counts, len(terms)))
            total_length[name] += len(terms)
    count = len(documents)
    average = {name: total_length[name] / count for name in names} if count else {}
    idf: dict[str, float] = {}
    for term, posting in inverted.items():
        with_term = sum(len(posting[n]) for n in names)
        idf[term] = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
    vectors = []
    for field_ref, name, counts, length in frequencies:
        elements: list = []
        if not counts:  # lunr computes no norm for an empty field: its average length may be 0
            vectors.append([field_ref, elements])
            continue
        norm = K1 * (1 - B + B * (length / average[name]))
        for term, tf in sorted(counts.items(), key=lambda kv: inverted[kv[0]]["_index"]):
            score = idf[term] * ((K1 + 1) * tf) / (norm + tf)
            score *= boosts[name]
            elements += [inverted[term]["_index"], round(round(score, 3), 3)]
        vectors.append([field_ref, elements])
    return {"version": __TARGET_JS_VERSION__, "fields": names, "fieldVectors": vectors,
            "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)], "pipeline": ["stemmer"]}


def build_index(papers: list[Paper], catalog: Catalog) -> Index:
    """The same index built by lunr.py's own Builder: the reference `serialized_index` must match."""
    builder = Builder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost)
    # Documents arrive as lists of finished terms, so lunr.py's own indexing pipeline stays empty.
    builder.search_pipeline.add(_stemmer)
    for ref, paper in enumerate(papers):
        builder.add(index_document(ref, paper, catalog))
    return builder.build()


def _document_key(p: Paper, catalog: Catalog) -> str:
    labels = [catalog.tags[t].label for t in p.tags if t in catalog.tags]
    labels += ["|"] + [catalog.topics[t].label for t in p.topics if t in catalog.topics]
    h = hashlib.blake2b(digest_size=16)
    for part in (p.title, p.venue or "", p.arxiv or "", abstract_of(p), *labels):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def index_document(ref: int, p: Paper, catalog: Catalog) -> dict[str, object]:
    """One paper as lunr sees it: every field a list of terms (lowercased, trimmed, stemmed)."""
    words = abstract_of(p).split()
    return {
        "ref": str(ref),
        "title": terms(p.title),
        "tags": terms(" ".join(catalog.tags[t].label for t in p.tags if t in catalog.tags)),
        "topics": terms(" ".join(catalog.topics[t].label for t in p.topics if t in catalog.topics)),
        "venue": terms(p.venue or ""),
        "arxiv": [stem(p.arxiv.lower())] if p.arxiv else [],
        "abstract": terms(" ".join(words[:ABSTRACT_WORDS])),
    }


def abstract_of(p: Paper) -> str:
    return p.body.split("\n\n", 1)[0].strip()


def terms(text: str) -> list[str]:
    """Text -> index terms, in order, repeats kept (lunr counts them)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def words(text: str) -> list[str]:
    """Text -> lowercased words, trimmed of punctuation, without math and URLs; not yet stemmed."""
    text = URL.sub(" ", MATH.sub(" ", text)).lower()
    out = []
    for word in _SPLIT.split(text):
        word = _POSSESSIVE.sub("", _TRIM.sub("", word))
        if word:
            out.append(word)
    return out


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


# --- the document store ---------------------------------------------------------------------------

def document_store(papers: list[Paper], catalog: Catalog) -> dict[str, object]:
    here = posixpath.dirname(DOCS_FILE)
    topic_no = {k: i for i, k in enumerate(catalog.topics)}
    tag_no = {k: i for i, k in enumerate(catalog.tags)}
    return {
        "docs": [{"t": p.title, "u": relative(urls.paper(p.slug), here), "y": p.year,
                  "p": [topic_no[t] for t in p.topics if t in topic_no],
                  "g": [tag_no[t] for t in p.tags if t in tag_no], "a": p.author_group,
                  "s": plain_text(abstract_of(p), SNIPPET_CHARS)} for p in papers],
        "topics": [[k, g.label, relative(urls.group("topic", k), here), g.parent] for k, g in catalog.topics.items()],
        "tags": [[k, g.label, relative(urls.group("tag", k), here)] for k, g in catalog.tags.items()],
        "authors": [[k, g.label] for k, g in catalog.authors.items()],
        "years": list(catalog.years),
    }


def relative(target: str, start: str) -> str:
    """URL of site path `target` (`papers/x/`) seen from site directory `start` (`search`)."""
    rel = posixpath.relpath(target, start)
    return rel + "/" if target.endswith("/") else rel
