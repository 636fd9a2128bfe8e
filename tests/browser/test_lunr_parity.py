"""The index built in Python gives the same results in lunr.js (Node, npm lunr@2.3.9) as in lunr.py.

lunr.js runs queries through its own stemmer, so this also checks that generator.search_index's port
of that stemmer agrees with lunr.js on every word of the shipped catalog."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lunr.exceptions import QueryParseError
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator.build import load
from generator.search_index import load_index, stem, words

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
]
MALFORMED = ["title:", "foo:bar", "video~x", "video^"]


def run_lunr_js(index_path, queries=(), words_=()) -> dict:
    request = json.dumps({"queries": list(queries), "words": list(words_)})
    done = subprocess.run(["node", str(HERE / "lunr_js.js"), str(index_path)], input=request, capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def ranked(pairs) -> list[tuple[str, float]]:
    """(ref, score) pairs best first; equal scores (to 1e-9) in ref order, since lunr.js and lunr.py
    may list tied refs in different orders."""
    return sorted(((ref, score) for ref, score in pairs), key=lambda rs: (-round(rs[1], 9), int(rs[0])))


@pytest.fixture(scope="module")
def js_and_py(built_site, node_modules):
    index_path = built_site / "search" / "index.json"
    return run_lunr_js(index_path, QUERIES + MALFORMED), load_index(index_path.read_text(encoding="utf-8"))


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
    js = run_lunr_js(built_site / "search" / "index.json", words_=vocabulary)
    mismatched = {w: (stem(w), js["stems"][w]) for w in vocabulary if stem(w) != js["stems"][w]}
    assert mismatched == {}
    assert len(vocabulary) > 5000
    assert set(js["stopped"]) == {w for w in vocabulary if w in STOP_WORDS}
