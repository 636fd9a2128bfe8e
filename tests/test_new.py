"""`papercat new`: a valid skeleton from an arXiv id and/or a title; never overwrites an entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.catalog import load
from generator.entries import read_entry
from generator.scaffold import ABSTRACT_PLACEHOLDER, parse_arxiv_id
from generator.errors import PapercatError
from tests.sitecheck import make_tree, snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path) -> Path:
    root = make_tree(tmp_path / "content", {"catalog.yml": "title: Test catalog\n"})
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def test_new_from_arxiv_id(papercat, content):
    run = papercat("new", "--arxiv", "arXiv:2401.01234v2", "--content", content)
    path = content / "papers" / "arxiv-2401-01234.md"
    assert (run.status, run.out, run.err) == (0, f"wrote {path}\n", "")
    assert path.read_text(encoding="utf-8") == f"""---
title: Untitled arXiv:2401.01234
title_derived: true
slug: arxiv-2401-01234
arxiv: '2401.01234'
date: 2024-01
added: '2025-12-01'
links:
  arxiv: https://arxiv.org/abs/2401.01234
  pdf: https://arxiv.org/pdf/2401.01234
---

{ABSTRACT_PLACEHOLDER}
"""
    paper = load(content).papers[0]  # a valid entry
    assert (paper.arxiv, paper.date, paper.title_derived) == ("2401.01234", "2024-01", True)


def test_new_from_title_and_from_both(papercat, content):
    assert papercat("new", "--title", "  Attention Is   All You Need ", "--content", content).status == 0
    entry = read_entry(content / "papers" / "attention-is-all-you-need.md")
    assert entry.meta == {"title": "Attention Is All You Need", "slug": "attention-is-all-you-need",
                          "added": "2025-12-01"}
    assert entry.body == ABSTRACT_PLACEHOLDER + "\n"

    assert papercat("new", "--arxiv", "https://arxiv.org/abs/hep-th/9901001v1", "--title", "Old paper",
                    "--content", content).status == 0
    entry = read_entry(content / "papers" / "old-paper.md")
    assert entry.meta == {"title": "Old paper", "slug": "old-paper", "arxiv": "hep-th/9901001", "date": "1999-01",
                          "added": "2025-12-01", "links": {"arxiv": "https://arxiv.org/abs/hep-th/9901001",
                                    "pdf": "https://arxiv.org/pdf/hep-th/9901001"}}
    assert len(load(content).papers) == 2


def test_new_refuses_to_overwrite_an_entry(papercat, content):
    assert papercat("new", "--title", "A paper", "--content", content).status == 0
    path = content / "papers" / "a-paper.md"
    path.write_text(path.read_text(encoding="utf-8").replace(ABSTRACT_PLACEHOLDER, "My abstract."), encoding="utf-8")
    before = snapshot(content)
    run = papercat("new", "--title", "A Paper!", "--content", content)
    assert (run.status, run.out) == (1, "")
    assert run.err == (f"{path}: already exists: not overwritten "
                       "(hint: edit that entry, or give the new paper a different --title)\n")
    assert snapshot(content) == before


def test_new_refuses_an_arxiv_id_another_entry_has(papercat, content):
    make_tree(content, {"papers/known.md": "---\ntitle: Known\nslug: known\narxiv: '2310.10769'\n---\n\nText.\n"})
    before = snapshot(content)
    run = papercat("new", "--arxiv", "2310.10769", "--title", "Something else", "--content", content)
    assert run.status == 1
    assert run.err == (f"{content / 'papers' / 'known.md'}:4: arxiv: '2310.10769' is already in this entry: "
                       "no second entry written (hint: edit that entry instead)\n")
    assert snapshot(content) == before


@pytest.mark.parametrize("argv, message", [
    ((), "papercat new: error: give --arxiv ID, --title TEXT, or both"),
    (("--arxiv", "2401.1"),
     "papercat new: error: argument --arxiv: not an arXiv id (got '2401.1') (hint: e.g. --arxiv 2401.01234)"),
    (("--arxiv", "2413.01234"),
     "papercat new: error: argument --arxiv: not an arXiv id (got '2413.01234') (hint: e.g. --arxiv 2401.01234)"),
])
def test_new_rejects_bad_arguments(content, capsys, argv, message):
    """Bad arguments exit 2 with the usage, as argparse's own errors do (`--jobs 0`)."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["new", *argv, "--content", str(content)])
    assert stop.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("usage: papercat new") and err[-1] == message
    assert not (content / "papers").exists()


def test_parse_arxiv_id():
    assert parse_arxiv_id("2401.01234") == "2401.01234"
    assert parse_arxiv_id(" https://arxiv.org/pdf/2401.01234v3.pdf ") == "2401.01234"
    assert parse_arxiv_id("math.GT/0309136") == "math.GT/0309136"
    # arXiv's DOI, as import reads it (from a new user's review: `new` refused it)
    assert parse_arxiv_id("10.48550/arXiv.2303.08774") == parse_arxiv_id("https://doi.org/10.48550/ARXIV.2303.08774") \
        == "2303.08774"
    for bad in ("2401.01234 extra", "10.1038/nature14539", "10.48550/arXiv."):
        with pytest.raises(PapercatError):
            parse_arxiv_id(bad)


def test_new_refuses_a_title_another_entry_has_whatever_its_slug(papercat, content):
    make_tree(content, {"papers/old-name.md": "---\ntitle: 'Attention Is All You Need'\nslug: old-name\n---\n\nText.\n"})
    before = snapshot(content)
    for title in ("attention is all you need", "Attention: is all, you need!", "  ATTENTION IS ALL YOU NEED "):
        for argv in (("--title", title), ("--arxiv", "1706.03762", "--title", title)):
            run = papercat("new", *argv, "--content", content)
            assert (run.status, run.out) == (1, ""), argv
            assert run.err == (f"{content / 'papers' / 'old-name.md'}:2: title: {' '.join(title.split())!r} matches "
                               "this entry's title: no second entry written (hint: edit that entry instead, or give "
                               "a title that tells the two papers apart)\n")
    assert snapshot(content) == before
    assert papercat("new", "--title", "Attention Is Not All You Need", "--content", content).status == 0


def test_titles_in_any_script_are_compared_and_those_without_words_match_nothing(papercat, content):
    """Every script's letters count (once they normalised to nothing, and so all matched each
    other); a title of only emoji or punctuation has no words and matches no other entry."""
    make_tree(content, {"papers/old.md": "---\ntitle: 'Трансформеры'\nslug: old\n---\n\nText.\n",
                        "papers/rocket.md": "---\ntitle: '🚀🚀'\nslug: rocket\n---\n\nText.\n"})
    run = papercat("new", "--title", "ТРАНСФОРМЕРЫ!", "--content", content)
    assert (run.status, run.err.split(": title: ")[0]) == (1, f"{content / 'papers' / 'old.md'}:2")
    for title in ("注意力机制", "Трансформеры для графов", "🔥🔥", "!!!"):
        assert papercat("new", "--title", title, "--content", content).status == 0, title
    assert len(list((content / "papers").iterdir())) == 2 + 4


def test_new_from_an_arxiv_id_alone_is_not_matched_on_its_placeholder_title(papercat, content):
    assert papercat("new", "--arxiv", "2401.00001", "--content", content).status == 0
    assert papercat("new", "--arxiv", "2401.00002", "--content", content).status == 0
    assert sorted(p.name for p in (content / "papers").iterdir()) == ["arxiv-2401-00001.md", "arxiv-2401-00002.md"]


def test_new_never_takes_the_slug_of_a_paper_the_curator_deleted(papercat, content, tmp_path):
    """A deleted paper's slug stays in imported.txt, with the titles it had. Two long titles that
    differ only past a slug's 60 characters share a slug: had `new` taken the deleted paper's, the
    next import would take a listing of the deleted paper for this other paper's entry and fill in
    the deleted one's authors and venue."""
    deleted = "A Survey of Large Language Models for Code Generation and Program Repair"
    other = "A Survey of Large Language Models for Code Generation and Software Testing"
    listing = tmp_path / "refs.bib"
    listing.write_text(f"@article{{old, title = {{{deleted}}}, author = {{Lovelace, Ada}},"
                       " journal = {Journal of Examples}, year = {2021}}\n", encoding="utf-8")
    assert papercat("import", listing, "--content", content).status == 0
    (gone,) = (content / "papers").iterdir()
    gone.unlink()  # (the curator deleted it)
    run = papercat("new", "--title", other, "--content", content)
    path = content / "papers" / f"{gone.stem}-2.md"
    assert (run.status, run.out) == (0, f"wrote {path}\n")
    assert read_entry(path).meta["slug"] == f"{gone.stem}-2"
    before = path.read_bytes()
    run = papercat("import", listing, "--content", content)
    assert run.status == 0 and "kept out 1 paper" in run.out
    assert path.read_bytes() == before and sorted(p.name for p in (content / "papers").iterdir()) == [path.name]


def test_new_for_a_deleted_paper_takes_its_slug_and_url_back(papercat, content, tmp_path):
    listing = tmp_path / "refs.bib"
    listing.write_text("@article{old, title = {Sparse Experts Revisited}, author = {Lovelace, Ada},"
                       " journal = {Journal of Examples}, year = {2021}}\n", encoding="utf-8")
    assert papercat("import", listing, "--content", content).status == 0
    path = content / "papers" / "sparse-experts-revisited.md"
    path.unlink()
    run = papercat("new", "--title", "Sparse experts, revisited", "--content", content)
    assert (run.status, run.out) == (0, f"wrote {path}\n")
    run = papercat("import", listing, "--content", content)  # (the same paper: its listing fills it)
    assert run.status == 0 and "updated 1" in run.out
    assert read_entry(path).meta["authors"] == ["Ada Lovelace"]
