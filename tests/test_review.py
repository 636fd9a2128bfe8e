"""The review list `papercat check` prints: derived or placeholder titles, placeholder abstracts,
missing dates and tags, and suspected duplicates, each as `path: reason`; advice, not an error."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from generator.catalog import load
from generator.ingest.fields import normalise
from generator.review import (DERIVED, NO_DATE, NO_TAGS, PLACEHOLDER_BODY, PLACEHOLDER_TITLE, candidate_pairs,
                              review, similar_titles)
from generator.scaffold import ABSTRACT_PLACEHOLDER
from tests.sitecheck import make_tree

ROOT = Path(__file__).resolve().parent.parent

TAGGED = "We study transformer models for speech recognition with a simple method that works well in practice."


def tagged(what: str) -> str:
    """A distinct abstract that gets an automatic tag."""
    return f"About {what}. {TAGGED}"
UNTAGGED = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
SHARED = ("A shared opening of two abstracts that say the same thing at length, long enough to pass two hundred "
          "normalised characters before the listings diverge, which is how one paper looks when two sources "
          "truncate or rewrap its abstract differently")


def entry(title: str, body: str, date: str | None = "2024-03-01", extra: str = "") -> str:
    date_line = f"date: '{date}'\n" if date else ""
    return f"---\ntitle: '{title}'\n{extra}SLUG\n{date_line}---\n\n{body}\n"


ENTRIES = {
    "clean": entry("A transformer for speech", tagged("speech")),
    "derived": entry("Derived transformer title", tagged("derivation"), extra="title_derived: true\n"),
    "undated": entry("An undated transformer paper", tagged("time"), date=None),
    "untagged": entry("Lorem ipsum", UNTAGGED),
    "looking-backward": entry("Looking Backward: Streaming Video-to-Video Translation with Feature Banks",
                              tagged("video")),
    "looking-backward-2": entry("Looking backward: streaming video to video translation with feature bank",
                                tagged("streams")),
    # Different papers whose titles are 87% alike: below the 90% that makes a suspect.
    "near-miss-a": entry("Efficient Streaming Speech Recognition", tagged("recognition")),
    "near-miss-b": entry("Efficient Streaming Speech Translation", tagged("translation")),
    "same-abstract-a": entry("One title about transformers", SHARED + " and then it ends one way."),
    "same-abstract-b": entry("A different transformer title", SHARED + ", ending another way."),
    "arxiv-2401-00001": entry("Untitled arXiv:2401.00001", ABSTRACT_PLACEHOLDER, date="2024-01",
                              extra="title_derived: true\narxiv: '2401.00001'\n"),
    "arxiv-2401-00002": entry("Untitled arXiv:2401.00002", ABSTRACT_PLACEHOLDER, date="2024-01",
                              extra="title_derived: true\narxiv: '2401.00002'\n"),
}


@pytest.fixture
def content(tmp_path) -> Path:
    files = {"catalog.yml": (ROOT / "content" / "catalog.yml").read_text(encoding="utf-8")}
    for slug, text in ENTRIES.items():
        files[f"papers/{slug}.md"] = text.replace("SLUG", f"slug: {slug}")
    root = make_tree(tmp_path / "content", files)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def test_review_names_exactly_the_entries_to_look_at(content):
    def p(slug: str) -> str:
        return str(content / "papers" / f"{slug}.md")

    assert review(load(content).papers) == [
        (p("arxiv-2401-00001"), PLACEHOLDER_TITLE),
        (p("arxiv-2401-00001"), PLACEHOLDER_BODY),
        (p("arxiv-2401-00001"), NO_TAGS),
        (p("arxiv-2401-00002"), PLACEHOLDER_TITLE),
        (p("arxiv-2401-00002"), PLACEHOLDER_BODY),
        (p("arxiv-2401-00002"), NO_TAGS),
        (p("derived"), DERIVED),
        # `looking-backward-2.md` sorts first: a pair is listed once, on the later path.
        (p("looking-backward"), f"possible duplicate of {p('looking-backward-2')} (titles 99% alike)"),
        (p("same-abstract-b"), f"possible duplicate of {p('same-abstract-a')} (same abstract opening)"),
        (p("undated"), NO_DATE),
        (p("untagged"), NO_TAGS),
    ]


def test_check_prints_the_review_list_and_strict_fails_only_on_drafts(papercat, content):
    run = papercat("check", "--content", content)
    assert run.status == 0 and run.err == ""
    lines = run.out.splitlines()
    assert lines[0] == f"{len(ENTRIES)} entries, no problems"  # the summary is unchanged above the list
    start = lines.index("Review: 11 items to look at")
    end = lines.index("Drafts: 2 left out of the published site (shown by serve and build --drafts)")
    assert lines[start + 1:end] == [f"  {path}: {reason}" for path, reason in review(load(content).papers)]
    assert f"  {content / 'papers' / 'untagged.md'}: no tags: add one to `tags` (see content/tags.yml)" in lines

    assert papercat("check", "--strict", "--content", content).status == 1  # the two skeletons are drafts
    for slug in ENTRIES:
        if slug not in ("clean", "near-miss-a", "near-miss-b", "undated"):
            (content / "papers" / f"{slug}.md").unlink()
    run = papercat("check", "--strict", "--content", content)  # the review list is advice, even here
    assert run.status == 0 and run.out.splitlines()[-2:] == [
        "Review: 1 item to look at", f"  {content / 'papers' / 'undated.md'}: no date"]
    (content / "papers" / "undated.md").unlink()
    run = papercat("check", "--strict", "--content", content)
    assert run.status == 0 and run.out.splitlines()[-1] == "Review: nothing to look at"


def test_the_shipped_catalog_has_no_suspected_duplicates():
    assert [r for _, r in review(load(ROOT / "content").papers) if r.startswith("possible duplicate")] == []


def _variants(title: str, rng: random.Random) -> str:
    """A near-duplicate as another listing might write it."""
    words = title.split()
    kind = rng.randrange(4)
    if kind == 0:
        return title + "s"  # plural
    if kind == 1:
        i = rng.randrange(len(words))
        w = words[i]
        words[i] = w[:-2] + w[-1] + w[-2] if len(w) > 3 else w + "e"  # a typo
        return " ".join(words)
    if kind == 2:
        return title.replace(" ", "", 1)  # two words run together
    return title + " v2"


def test_duplicate_search_is_not_quadratic_and_finds_planted_duplicates():
    """20,000 titles from the shipped catalog's words: candidate pairs stay near-linear, and every
    planted variant of a real title is found."""
    rng = random.Random(7)
    real = [normalise(p.title) for p in load(ROOT / "content").papers]
    words = sorted({w for t in real for w in t.split()})
    titles = [" ".join(rng.choices(words, k=rng.randint(5, 12))) for _ in range(20_000)]
    planted = []
    for t in rng.sample([t for t in real if len(t) > 30], 100):
        planted.append((len(titles), len(titles) + 1))
        titles += [t, normalise(_variants(t, rng))]
    pairs = sum(1 for _ in candidate_pairs(titles))
    assert pairs < 2 * len(titles), pairs
    found = {(i, j) for i, j, _ in similar_titles(titles)}
    missed = [(titles[i], titles[j]) for i, j in planted if (i, j) not in found]
    assert missed == []
