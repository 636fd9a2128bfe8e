"""generator.search_index: what goes into the lunr index and the document store, and how.

Whether lunr.js agrees with lunr.py on the built index is tested in tests/browser/test_lunr_parity.py
(it needs Node); the search page itself in tests/browser/test_search_browser.py."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from generator import search_index
from generator.catalog import derive, load
from generator.markup import without_math_or_urls
from generator.model import Paper
from generator.search_index import (FIELDS, MANIFEST_FILE, index_document, load_index,
                                    merge_shards, read_search, search_files, stem, terms)
from generator.search_weights import counted, postings, round3, weigh
from generator.search_words import Numbering

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def entry(slug: str, title: str, abstract: str, **front: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return f"---\ntitle: '{title}'\nslug: {slug}\n{extra}sources:\n- x.txt:1\n---\n\n{abstract}\n"


def catalog_of(tree, papers: dict[str, str], base_url: str | None = None):
    root = tree({"catalog.yml": "title: Test\n", **{f"papers/{k}.md": v for k, v in papers.items()}})
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(CONTENT / name, root / name)
    loaded = load(root, base_url)
    return derive(loaded.papers, loaded.vocab), loaded.config


def files_of(tree, papers: dict[str, str], base_url: str | None = None) -> dict[str, bytes]:
    return dict(search_files(*catalog_of(tree, papers, base_url)))


def search_of(tree, papers: dict[str, str], base_url: str | None = None):
    """(manifest, whole index, documents) of the search files, as the browser could put them together."""
    out = tree({})
    for name, data in files_of(tree, papers, base_url).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return read_search(out / "search")


def index_of(tree, papers: dict[str, str]):
    return load_index(search_of(tree, papers)[1])


def refs(index, query: str) -> list[str]:
    return [r["ref"] for r in index.search(query)]


SMALL = {
    "zebra-title": entry("zebra-title", "Zebra stripes as attention patterns", "We study patterns in images.",
                         date="'2024-02-01'", authors_count="3"),
    "zebra-body": entry("zebra-body", "Stripes in the wild", "A zebra, another zebra and a third zebra.",
                        date="'2024-03-01'", venue="NeurIPS 2023", arxiv="'2403.01234'"),
    "old": entry("old", "Transformers for speech", "Speech recognition with transformers, trained end to end.",
                 date="'2021-05-01'", organization="Some Lab"),
}


@pytest.mark.parametrize("word, want", [
    # lunr.js's stemmer, as lunr.js 2.3.9 computes them; lunr.py's own stemmer gives `try`, `kei`, `deploi`
    # and `lai` for the first four, which the browser would never find.
    ("try", "tri"), ("key", "key"), ("deploy", "deploy"), ("lay", "lay"),
    ("sky", "ski"), ("generalization", "gener"), ("attention", "attent"), ("diffusion", "diffus"),
    ("yelling", "yell"), ("happiness", "happi"), ("relational", "relat"), ("agreed", "agre"), ("be", "be"),
])
def test_stem_is_lunr_js_stemmer(word, want):
    assert stem(word) == want


def test_tex_ties_brackets_and_commas_split_words():
    assert terms("Audio at 48~kHz with networks~(DNN), softmax(QK^T)V; [1,2]") == [
        "audio", "48", "khz", "network", "dnn", "softmax", "qk^t", "v", "1", "2"]


def test_terms_split_trim_drop_stop_words_math_and_urls_then_stem():
    text = "The Encoder/Decoder model's $x^2$ results: see https://x.org/a. State-of-the-art (SOTA), GPT-4; naïve café"
    assert terms(text) == ["encod", "decod", "model", "result", "see", "state", "art", "sota", "gpt", "4", "naiv",
                           "cafe"]  # (accents folded: fold_accents)


def test_words_are_split_where_the_split_pattern_splits(shipped):
    """`_split` replaces separators and splits at white space instead of running `_SPLIT`: the same
    words, on every text of the shipped catalog and on every kind of white space and separator."""
    catalog = shipped[0]
    texts = [t for p in catalog.papers.values() for t in (p.title, p.abstract)]
    texts += ["\u00a0lead\u2028tail\u3000x\x1cy\u200bz\t", "a--b//c::d\u2013\u2014e~~(f)[g]{h},;i", "-", " ", ""]
    for text in texts:
        lowered = without_math_or_urls(text).lower()
        assert search_index._split(text) == [w for w in search_index._SPLIT.split(lowered) if w], text


def test_a_shard_lists_ref_steps_then_weights_in_thousandths_by_field_number():
    merged = merge_shards([[["attent", 4, [6, 3, 4, 1234, 560], [0, 7, 10001]]]])
    assert merged["invertedIndex"] == [["attent", {"title": {"7": {}}, "tags": {}, "topics": {}, "venue": {}, "author": {},
                                                   "arxiv": {}, "abstract": {"3": {}, "7": {}}, "_index": 4}]]
    assert dict(merged["fieldVectors"]) == {"abstract/3": [4, 1.234], "abstract/7": [4, 0.56], "title/7": [4, 10.001]}


def test_terms_remembered_by_word_equal_terms_worked_out_each_time(shipped):
    """`terms` works each distinct word out once and remembers it; the result must be what working
    out every occurrence gives, on every text of the shipped catalog, asked twice, and on odd text."""
    catalog = shipped[0]
    texts = [t for p in catalog.papers.values() for t in (p.title, p.body, p.venue or "")]
    texts += ["Don't «quote» 'x's' — (a/b) e.g. U.S.A. $x^2$ https://x.y/z ≤ ſ İstanbul", "", "the of and",
              "3D-CNNs' results: 10.5% ~ 48~kHz", "THE The the", "Model's models' MODELS"]
    search_index._TERMS.clear()
    for _ in range(2):
        for text in texts:
            fold = search_index.fold_accents
            assert terms(text) == [stem(fold(w)) for w in search_index.words(text)
                                   if fold(w) not in search_index.STOP_WORDS]


def test_files_compact_json_content_named_and_deterministic(tree):
    files = files_of(tree, SMALL)
    assert list(files)[-1] == MANIFEST_FILE == "search/manifest.json"
    manifest = json.loads(files[MANIFEST_FILE])
    named = [name for _, index, places in manifest["shards"] for name in (index, places)] + [manifest["terms"]]
    named += manifest["docs"]["files"]
    assert sorted("search/" + n for n in named) == sorted(set(files) - {MANIFEST_FILE})
    for name, data in files.items():  # compact JSON
        assert data == json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":")).encode()
        if name != MANIFEST_FILE:  # named after their content, so browsers may cache them for good
            assert name.rsplit(".", 1)[0].endswith(hashlib.blake2b(data, digest_size=6).hexdigest())
    assert files_of(tree, SMALL) == files


def test_index_fields_refs_and_search_pipeline(tree):
    manifest, index, _ = search_of(tree, SMALL)
    for shard in (manifest, index):
        assert shard["fields"] == [name for name, _ in FIELDS] == ["title", "tags", "topics", "venue", "author", "arxiv",
                                                                    "abstract"]
        assert shard["pipeline"] == ["stemmer"]  # lunr.js's stemmer, the only step lunr.js runs on queries
    assert index["version"] == "2.3.9"
    assert manifest["count"] == 3
    assert sorted({ref.split("/")[1] for ref, _ in index["fieldVectors"]}, key=int) == ["0", "1", "2"]


def test_document_store_and_facets_in_catalog_order_with_relative_urls(tree):
    catalog, _ = catalog_of(tree, SMALL)
    store, _, docs = search_of(tree, SMALL)
    assert [d["u"] for d in docs] == ["../papers/zebra-body/", "../papers/zebra-title/", "../papers/old/"]
    body, title, old = docs
    assert (title["t"], title["y"], old["y"]) == ("Zebra stripes as attention patterns", 2024, 2021)
    facets = store["facets"]
    assert facets["y"] == [2024, 2024, 2021]
    assert [store["authors"][n][0] for n in facets["a"]] == ["unknown", "3", "organization"]
    assert title["s"] == "We study patterns in images."
    paper = catalog.papers["zebra-title"]
    assert [store["tags"][n][0] for n in title["g"]] == list(paper.tags)
    assert [store["topics"][n][0] for n in title["p"]] == list(paper.topics) == [store["topics"][n][0] for n in facets["p"][1]]
    assert store["tags"][title["g"][0]][2] == f"../tags/{paper.tags[0]}/"
    assert store["topics"][title["p"][0]][2] == f"../topics/{paper.topics[0]}/"
    assert store["authors"] == [["3", "3 authors"], ["organization", "Organisation"], ["unknown", "Unknown"]]
    assert store["years"] == ["2024", "2021"]


def test_documents_split_into_files_in_ref_order(tree, monkeypatch):
    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 2)
    store, _, docs = search_of(tree, SMALL)
    assert sum(store["docs"]["sizes"]) == 3 and len(store["docs"]["files"]) == len(store["docs"]["sizes"])
    assert [d["u"] for d in docs] == ["../papers/zebra-body/", "../papers/zebra-title/", "../papers/old/"]


def test_document_files_hold_2_to_4_papers_cut_where_their_slugs_say():
    """(tests/test_chunks.py: a paper added or removed changes only the files around it.)"""
    papers = [Paper(f"p{i}", "P", "x", f"p{i}.md") for i in range(300)]
    sizes = search_index.doc_runs(papers)
    assert sum(sizes) == 300 and set(sizes[:-1]) == {2, 3, 4}
    assert search_index.doc_runs(papers[:150] + [Paper("new", "N", "x", "new.md")] + papers[150:])[:40] == sizes[:40]


def test_urls_do_not_depend_on_the_base_path(tree):
    assert files_of(tree, SMALL, base_url="/catalog/") == files_of(tree, SMALL)


def test_title_outranks_abstract_and_fields_can_be_searched(tree):
    index = index_of(tree, SMALL)
    # refs are positions newest first: 0 zebra-body (March), 1 zebra-title (February), 2 old
    assert refs(index, "zebra") == ["1", "0"]  # one word in the title beats three in the abstract
    assert refs(index, "title:zebra") == ["1"]
    assert refs(index, "abstract:zebra") == ["0"]
    assert refs(index, "venue:neurips") == ["0"]
    assert refs(index, "arxiv:2403.01234") == ["0"]
    assert refs(index, "+transformers -speech") == []
    assert refs(index, "trained") == refs(index, "training") == ["2"]  # stems
    assert refs(index, "zeb*") == ["1", "0"]
    assert refs(index, "zebr~1") == refs(index, "zbera~1") == ["1", "0"]  # lunr counts a swap as one edit


def test_every_word_of_a_long_abstract_is_indexed(tree):
    words = [f"w{i}x" for i in range(400)]
    paper = {"long": entry("long", "Long", " ".join(words), date="'2024-01-01'")}
    index = index_of(tree, paper)
    assert all(refs(index, w) == ["0"] for w in (words[0], words[99], words[100], words[-1]))


def test_hostile_title_is_stored_as_plain_data(tree):
    hostile = "<img src=x onerror=alert(1)>"
    _, _, docs = search_of(tree, {"evil": entry("evil", hostile, "Text.")})
    assert docs[0]["t"] == hostile


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    loaded = load(CONTENT)
    catalog = derive(loaded.papers, loaded.vocab)
    files = dict(search_files(catalog, loaded.config))
    out = tmp_path_factory.mktemp("shipped")
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return catalog, files, read_search(out / "search")


def gz(data: bytes) -> int:
    return len(gzip.compress(data))


def test_shipped_catalog_index(shipped):
    catalog, files, (manifest, whole, docs) = shipped
    assert len(docs) == len(catalog.papers) == manifest["count"] == 352
    first = docs[int(load_index(whole).search("pavlovian")[0]["ref"])]
    assert first["t"] == "Understanding Transformers through the Lens of Pavlovian Conditioning"
    # Size budgets, so that what goes into the index stays a decision. Measured: 10 shards of 29-40 kB
    # (13-17 kB gzipped, 166 kB in all), a manifest of 4.6 kB gzipped, document files of 3 whole
    # abstracts, at most 2.7 kB gzipped; positions files, one per shard, 143 kB gzipped in all.
    shards = [files["search/" + name] for _, name, _ in manifest["shards"]]
    positions = [files["search/" + name] for _, _, name in manifest["shards"]]
    assert sum(map(gz, positions)) < 160_000
    assert 6 <= len(shards) <= 16
    assert max(map(len, shards)) <= search_index.SHARD_BYTES
    assert sum(map(gz, shards)) < 190_000
    assert gz(files[MANIFEST_FILE]) < 8_000
    assert max(gz(files["search/" + name]) for name in manifest["docs"]["files"]) < 4_000


def test_index_has_no_math_or_url_terms(shipped):
    _, _, (_, whole, _) = shipped
    terms_ = [t for t, _ in whole["invertedIndex"]]
    assert not [t for t in terms_ if t.startswith("\\") or "http" in t or "$" in t]
    assert search_index.stem.cache_info().hits > 0  # the stemmer cache is what makes building fast


def _lunr_py(documents: list[dict]) -> dict:
    """The index lunr.py's own Builder makes of `documents` (lists of finished terms), with a field's
    average length over the documents that have it (search_weights): the reference papercat's index
    is held to."""
    from lunr.builder import Builder
    from lunr.field_ref import FieldRef

    from generator.search_index import _stemmer

    class Lucene(Builder):
        def _calculate_average_field_lengths(self):
            total, having = dict.fromkeys(self._fields, 0), dict.fromkeys(self._fields, 0)
            for field_ref, length in self.field_lengths.items():
                name = FieldRef.from_string(field_ref).field_name
                total[name] += length
                having[name] += length > 0
            self.average_field_length = {f: total[f] / max(having[f], 1) for f in self._fields}

    builder = Lucene()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost)
    builder.search_pipeline.add(_stemmer)
    for d in documents:
        builder.add(d)
    return builder.build().serialize()


def _documents(catalog) -> list[dict]:
    return [index_document(ref, p, catalog) for ref, p in enumerate(catalog.papers.values())]


def _paired(documents: list[dict]) -> list[tuple[str, dict]]:
    return [(d["ref"], d) for d in documents]


def _words(documents: list[dict], keys: list[str]):
    """Documents' fields numbered as a build numbers a paper's (search_index.numbered)."""
    numbering = Numbering(len(FIELDS))
    for d in documents:
        numbering.add(*([numbering.of(t) for t in d[name]] for name, _ in FIELDS))
    return numbering.words(keys)


def _shards(documents, max_bytes: int = 10_000) -> list[tuple[str, list[str], bytes]]:
    """The shards a build writes for these documents."""
    return list(search_index.shard_files(_weighed(_paired(documents))[0], max_bytes))


def _same_index(merged: dict, reference: dict) -> None:
    assert merged["invertedIndex"] == reference["invertedIndex"]
    # every non-empty field vector comes back whole (empty ones belong to no term, so to no shard)
    assert dict(merged["fieldVectors"]) == {ref: v for ref, v in reference["fieldVectors"] if v}


def test_shards_split_the_index_by_term_range_and_together_are_lunr_pys_index(shipped):
    catalog, _, _ = shipped
    documents = _documents(catalog)
    shards = _shards(documents)
    assert len(shards) > 20
    firsts = [first for first, _, _ in shards]
    assert firsts[0] == "" and firsts == sorted(firsts, key=search_index.js_order)
    for (first, terms_, data), after in zip(shards, firsts[1:] + [None]):
        order = [search_index.js_order(t) for t in terms_]
        assert order == sorted(order) and order[0] >= search_index.js_order(first)
        assert after is None or order[-1] < search_index.js_order(after)
        assert len(data) <= 10_000 or len(terms_) == 1  # (only a term bigger than a shard makes a bigger one)
        assert [t for t, *_ in json.loads(data)] == terms_
    _same_index(merge_shards([json.loads(data) for _, _, data in shards]), _lunr_py(documents))


def test_the_built_index_is_lunr_pys_over_every_papers_document(shipped):
    """A build numbers and counts the papers' words in columns (search_index.numbered): its index
    must be what lunr.py's Builder makes of each paper as `index_document` gives it."""
    catalog, _, (_, whole, _) = shipped
    _same_index(whole, _lunr_py(_documents(catalog)))


def test_an_index_with_an_empty_field_and_one_document_is_lunr_pys():
    from generator.catalog import derive, load

    loaded = load(ROOT / "content")
    catalog = derive(loaded.papers, loaded.vocab)
    bare = [dict(d, venue=[], arxiv=[]) for d in _documents(catalog)[:1]]  # (no venue anywhere)
    _same_index(merge_shards([json.loads(data) for _, _, data in _shards(bare)]), _lunr_py(bare))


def test_weights_computed_together_are_lunr_pys_one_by_one(shipped):
    """numpy's weights are the same floats and term indices as lunr.py's Builder computes."""
    catalog, _, _ = shipped
    documents = _documents(catalog)
    _same_index(merge_shards([json.loads(data) for _, _, data in _shards(documents, 10_000_000)]),
                _lunr_py(documents))


def _weighed(documents, keys=None, new=None, prior=None):
    """`weigh` of the documents' postings (gathered from `prior` where it has them; `new`, key ->
    document, are those counted afresh, by default all)."""
    keys = keys or [f"k{ref}" for ref, _ in documents]
    new = new if new is not None else {k: d for k, (_, d) in zip(keys, documents)}
    kept = postings(keys, counted(_words(list(new.values()), list(new))), prior)
    return weigh(kept, list(FIELDS)), kept


def _shipped_documents(catalog) -> list[tuple[str, dict]]:
    return _paired(_documents(catalog))


def _edited(document: dict, field: str, add: list[str] = (), drop: tuple[str, ...] = ()) -> dict:
    return {**document, field: [t for t in document[field] if t not in drop] + list(add)}


@pytest.mark.parametrize("change", [
    # a title grows by a word the catalog has never seen: every title weight changes (average length)
    lambda docs, keys: _edit_three(docs, keys, lambda c: _edited(c, "title", add=["zzyzx"])),
    # a title word swapped for another: same average, two terms' frequencies change
    lambda docs, keys: _edit_three(docs, keys, lambda c: _edited(c, "title", add=["pavlovian"], drop=(c["title"][0],))),
    # a tag label dropped, a venue added
    lambda docs, keys: _edit_three(docs, keys, lambda c: _edited(_edited(c, "tags", drop=tuple(c["tags"])[:1]), "venue", add=["neurip"])),
    # a paper added in the middle: every later ref moves
    lambda docs, keys: (docs[:50] + [("new", _edited(docs[3][1], "title", add=["zzyzx"]))] + docs[50:], keys[:50] + ["new"] + keys[50:]),
    # papers removed, and with them the only uses of some terms
    lambda docs, keys: (docs[1:40] + docs[41:], keys[1:40] + keys[41:]),
    # the same papers in another order
    lambda docs, keys: (docs[::-1], keys[::-1]),
])
def test_postings_kept_between_builds_give_the_weights_made_afresh(shipped, change):
    """A rebuild gathers unchanged papers' postings from the last build's and counts only the
    changed ones: its weights must equal those of postings made from scratch."""
    catalog, _, _ = shipped
    before = _shipped_documents(catalog)
    keys = [f"k{ref}" for ref, _ in before]
    _, prior = _weighed(before, keys)
    after, new_keys = change(before, keys)
    after = [(str(ref), document) for ref, (_, document) in enumerate(after)]
    only_changed = {k: c for k, (_, c) in zip(new_keys, after) if k not in set(keys)}
    gathered, kept = _weighed(after, new_keys, only_changed, prior)
    assert kept.keys == new_keys
    fresh = _weighed(after, [f"fresh{i}" for i in range(len(after))])[0]
    assert gathered.index == fresh.index and gathered.df == fresh.df
    assert list(search_index.shard_files(gathered, 10_000)) == list(search_index.shard_files(fresh, 10_000))
    assert len(kept.vocab) == len(fresh.index)  # terms no paper uses any more are dropped


def _edit_three(docs, keys, edit):
    docs, keys = list(docs), list(keys)
    for i in (0, 7, 200):
        docs[i], keys[i] = (docs[i][0], edit(docs[i][1])), keys[i] + "'"
    return docs, keys


def test_round3_rounds_as_python_does():
    """Rounding a whole array to 3 decimals gives Python's round(x, 3) for every element, near
    halves included (where x * 1000 is not exact, rint and round can part ways)."""
    rng = np.random.default_rng(7)
    halves = (np.arange(0, 20_000) + 0.5) / 1000  # x.xxx5: every kind of near-half
    values = np.concatenate([rng.random(50_000) * 40, halves, np.nextafter(halves, 0), np.nextafter(halves, 99),
                             [0.0, 2.675, 1.0005, 0.0015, 8.0445]])
    assert round3(values).tolist() == [round(v, 3) for v in values.tolist()]


def test_no_papers_twice():
    """An empty catalog built again with its postings in the memo (a rebuild after a template
    change): no averages to divide by, one empty shard."""
    first, kept = _weighed([])
    again, _ = _weighed([], prior=kept)
    assert again.df == {} and list(search_index.shard_files(again, 20_000)) == [("", [], b"[]")]


# What the search page's label calls each field of the index.
FIELD_WORDS = {"title": "titles", "abstract": "abstracts", "author": "authors", "venue": "venues", "tags": "tags",
               "topics": "topics", "arxiv": "arXiv ids"}


def test_the_search_pages_label_names_every_field_the_index_searches():
    """The label says what a query can find: a field missing from it (authors, venues, arXiv ids
    were) sends a reader away who would have found the paper."""
    import re

    from tests.golden import EXPECTED

    page = (EXPECTED / "search" / "index.html").read_text(encoding="utf-8")
    label = re.search(r'<label for="search-input">([^<]*)</label>', page).group(1)
    assert {name for name, _ in FIELDS} == set(FIELD_WORDS)
    assert [w for w in FIELD_WORDS.values() if w not in label] == []


def test_the_columns_are_handed_over_before_any_file_and_the_same_either_way(tree):
    """The postings and places go to `keep` as soon as they are made (the build saves them then,
    rather than holding them while the shards are made: 340 MB at 100,000 papers), the memo keeps
    nothing, and the files are those made without; given back as the last build's, they give the
    same files again."""
    papers = {f"p{i}": entry(f"p{i}", f"Paper {i} on attention", f"Abstract {i}: diffusion and more.")
              for i in range(5)}
    catalog, cfg = catalog_of(tree, papers)
    handed: dict = {}
    memo: dict = {}
    made = search_files(catalog, cfg, memo, handed.__setitem__)
    first = next(made)
    assert sorted(handed) == ["places", "postings"] and memo == {}
    files = dict([first, *made])
    assert sorted(handed) == ["docs", "places", "postings"]
    assert files == dict(search_files(catalog, cfg, {}))
    again = dict(search_files(catalog, cfg, dict(handed)))
    docs = {path for path in files if path.startswith("search/docs/")}
    assert docs and all(again[path] is None for path in docs)  # (named, not made again: the site has them)
    assert {k: v for k, v in again.items() if k not in docs} == {k: v for k, v in files.items() if k not in docs}


def test_a_result_shows_math_as_text(tree):
    """No KaTeX typesets a search result: the math of its title and of the abstract it shows is
    Unicode text (as in the tab's title), not the TeX source."""
    papers = {"beta": entry("beta", "Disentangling with $\\beta$-VAE in $O(n^2)$ time",
                            "Zebra $\\beta$ stripes in $\\mathcal{O}(n)$.")}
    _, _, docs = search_of(tree, papers)
    assert docs[0]["t"] == "Disentangling with β-VAE in O(n^2) time"
    assert docs[0]["s"] == "Zebra β stripes in 𝒪(n)."


def test_an_organisation_shown_as_the_byline_is_found_by_author(tree):
    """From a search review: `OpenBMB`, shown where the authors would be, found nothing, nor did
    `author:openbmb`."""
    index = index_of(tree, SMALL)
    old = str(list(SMALL).index("old"))  # (refs in catalog order: newest first, and "old" is the oldest)
    assert refs(index, "author:lab") == refs(index, "Some Lab") == [old]
    assert refs(index, "author:zebra") == []


def test_a_papers_own_venue_and_author_outrank_a_mention_where_few_papers_have_them(tree):
    """lunr averages a field's length over every paper, those without it too: with 2 venues among 352
    papers a paper's own venue weighed almost nothing, and `neurips` or `hinton` found a passing
    mention in an abstract first. The average is over the papers that have the field (search_weights)."""
    filler = "We train a model on images and report results on the usual benchmarks with ablations. " * 2
    papers = {f"p{i}": entry(f"p{i}", f"Paper number {i}", filler, date=f"'2023-0{1 + i % 9}-01'") for i in range(30)}
    papers["own"] = entry("own", "Sparse experts", filler, date="'2023-05-01'", venue="NeurIPS 2023",
                          authors="\n- Geoffrey Hinton")
    papers["mention"] = entry("mention", "Dense experts", filler + "Unlike NeurIPS work by Hinton, we go dense.",
                              date="'2023-05-01'")
    index = index_of(tree, papers)
    slug = {r: d["u"].rstrip("/").rsplit("/", 1)[-1] for r, d in enumerate(search_of(tree, papers)[2])}
    for query in ("neurips", "hinton"):
        assert [slug[int(r)] for r in refs(index, query)] == ["own", "mention"], query
