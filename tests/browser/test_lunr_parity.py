"""The index built in Python gives the same results in lunr.js (Node, npm lunr@2.3.9) as in lunr.py.

lunr.js runs each query as search.js does, on only the shards search-shards.js plans for it, merged;
lunr.py runs it on the whole index. So equal results also show that sharding changes nothing. Both
the shipped site (a few shards) and the same catalog cut into many small shards are checked.

lunr.js runs queries through its own stemmer, so this also checks that generator.search_index's port
of that stemmer agrees with lunr.js on every word of the shipped catalog."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lunr.exceptions import QueryParseError
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator.catalog import load
from generator import search_index
from generator.catalog import derive
from generator.search_index import load_index, read_search, search_files, stem, words

HERE = Path(__file__).resolve().parent
CONTENT = HERE.parent.parent / "content"

QUERIES = [
    # single words
    "attention", "diffusion", "pavlovian", "distillation",
    # several words (any of them), and a quoted phrase as search.js hands it to lunr (all required)
    "video generation", "mixture of experts", "+video +generation",
    # fields
    "title:transformer", "title:video abstract:diffusion", "arxiv:2310.10769", "tags:diffusion",
    "topics:vision", "venue:neurips",
    # wildcards, fuzzy matches, boosts
    "diffu*", "*former", "stream*^2 video", "atention~1", "distilation~2", "expert^10 mixture",
    # required and excluded words
    "+video -diffusion", "-attention +speech", "+title:video -topics:generation",
    # only excluded words (every other paper matches), and fuzzy matches that change the first letter
    "-diffusion", "xiffusion~1", "ttent~1",
]
MALFORMED = ["title:", "foo:bar", "video~x", "video^"]


def run_lunr_js(search_dir, queries=(), words_=()) -> dict:
    request = json.dumps({"queries": list(queries), "words": list(words_)})
    done = subprocess.run(["node", str(HERE / "lunr_js.js"), str(search_dir)], input=request, capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def ranked(pairs) -> list[tuple[str, float]]:
    """(ref, score) pairs best first; equal scores (to 1e-9) in ref order, since lunr.js and lunr.py
    may list tied refs in different orders."""
    return sorted(((ref, score) for ref, score in pairs), key=lambda rs: (-round(rs[1], 9), int(rs[0])))


@pytest.fixture(scope="module")
def fine_shards(tmp_path_factory) -> Path:
    """The shipped catalog's search files with shards of about 10 kB: dozens of them."""
    loaded = load(CONTENT)
    out = tmp_path_factory.mktemp("fine") / "search"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_index, "SHARD_BYTES", 10_000)
        for name, data in search_files(derive(loaded.papers, loaded.vocab), loaded.config):
            (out.parent / name).parent.mkdir(parents=True, exist_ok=True)
            (out.parent / name).write_bytes(data)
    return out


@pytest.fixture(scope="module", params=["shipped", "fine"])
def js_and_py(request, built_site, node_modules):
    search_dir = built_site / "search" if request.param == "shipped" else request.getfixturevalue("fine_shards")
    _, whole, _ = read_search(search_dir)
    return run_lunr_js(search_dir, QUERIES + MALFORMED), load_index(whole)


def test_fine_shards_are_many_and_a_word_needs_one(fine_shards, node_modules):
    js = run_lunr_js(fine_shards, ["diffusion", "video generation", "diffu*", "-diffusion", "mixture of experts",
                                   "mixture experts", "of"])
    total = len(json.loads((fine_shards / "manifest.json").read_text())["shards"])
    assert total > 30
    assert len(js["shards"]["diffusion"]) == 1
    assert len(js["shards"]["video generation"]) <= 2
    assert 1 <= len(js["shards"]["diffu*"]) < total
    # a common word is in no shard, so none is fetched for it (and the results are the same)
    assert js["shards"]["mixture of experts"] == js["shards"]["mixture experts"] and js["shards"]["of"] == []
    assert js["results"]["mixture of experts"] == js["results"]["mixture experts"]


@pytest.mark.parametrize("query", QUERIES)
def test_lunr_js_gives_lunr_py_results(js_and_py, query):
    js, py_index = js_and_py
    got = js["results"][query]
    assert not isinstance(got, dict), got
    want = ranked((r["ref"], r["score"]) for r in py_index.search(query))
    got = ranked((ref, score) for ref, score in got)
    assert want, f"{query!r} should match something in the shipped catalog"
    assert [ref for ref, _ in got] == [ref for ref, _ in want]
    assert [score for _, score in got] == pytest.approx([score for _, score in want], rel=1e-9)


def test_the_queries_mean_what_they_say(js_and_py):
    _, idx = js_and_py

    def refs(query: str) -> set[str]:
        return {r["ref"] for r in idx.search(query)}

    assert refs("+video -diffusion") < refs("video")
    assert not refs("+video -diffusion") & refs("diffusion")
    assert refs("+video +generation") == refs("video") & refs("generation")
    assert refs("title:transformer") < refs("transformer")
    assert refs("attention") < refs("atention~1")
    assert refs("diffusion") <= refs("diffu*")
    assert len(refs("arxiv:2310.10769")) == 1


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_fail_in_both(js_and_py, query):
    js, py_index = js_and_py
    assert js["results"][query]["error"].startswith("QueryParseError:")
    with pytest.raises(QueryParseError):
        py_index.search(query)


def test_stemmer_and_stop_words_agree_with_lunr_js_on_every_word(built_site, node_modules):
    papers = load(CONTENT).papers
    vocabulary = set(STOP_WORDS) | {"try", "lay", "yelling", "sky", "agreed", "hopping", "generalization"}
    for p in papers:
        vocabulary.update(words(f"{p.title} {p.body} {p.venue or ''} {p.arxiv or ''}"))
    vocabulary = sorted(vocabulary)
    js = run_lunr_js(built_site / "search", words_=vocabulary)
    mismatched = {w: (stem(w), js["stems"][w]) for w in vocabulary if stem(w) != js["stems"][w]}
    assert mismatched == {}
    assert len(vocabulary) > 5000
    assert set(js["stopped"]) == {w for w in vocabulary if w in STOP_WORDS}
