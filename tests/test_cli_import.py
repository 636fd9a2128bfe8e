"""`papercat import`: the real listings end as 352 entries, re-runs change nothing, problems are
reported as FILE:LINE and the rest still imports, a curator's edits survive."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli, entries
from generator.entries import entry_paths, read_entry, render_entry

from conftest import LISTINGS, snapshot

FAST = settings(max_examples=100, deadline=None,  # (hypothesis's default)
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NOTE_002 = ("note: 002_38d8b95752046c16.txt: 20 dates without a year set to 2025, the year after the latest "
            "explicit year (2024); override with --year")
LONG = "This abstract has more than enough words in it to be read as prose by the listing parsers here."


@pytest.fixture
def imported(tmp_path, raw_files, papercat):
    """All five real listings imported into an empty content directory, for a test that changes it."""
    content = tmp_path / "content"
    run = papercat("import", *raw_files.values(), "--content", content)
    return content, run


@pytest.fixture(scope="module")
def imported_once(tmp_path_factory):
    """The same import, once for the tests that only read it (it takes seconds; a dozen tests read it)."""
    from conftest import RAW_FILES, Run

    content = tmp_path_factory.mktemp("imported") / "content"
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        mp.setenv("SOURCE_DATE_EPOCH", "1764547200")  # (as conftest's _fixed_day)
        status = cli.main(["import", *map(str, RAW_FILES.values()), "--content", str(content)])
    return content, Run(status, out.getvalue(), err.getvalue())


def test_real_listings_import_as_352_entries(imported_once):
    content, run = imported_once
    assert run.status == 0
    assert run.err == ""
    assert run.out.splitlines() == [
        "000_9fa20906cb48805a.txt: abstract-lines, 4 papers",
        "001_83e77e0a996520f5.txt: arxiv-listing, 10 papers",
        "002_38d8b95752046c16.txt: hf-daily, 91 papers",
        "003_cbcafd301bb415b6.txt: abstract-lines, 10 papers",
        "004_ef3a0a5c34ed2cd4.txt: title-abstract, 239 papers",
        NOTE_002,
        f"note: {content} was not there: made it, with the entries in {content}/papers/",
        "added 352, merged 2 duplicate listings, updated 0, unchanged 0, skipped 0"]
    assert sorted(p.name for p in (content / "papers").iterdir()) == [p.name for p in entry_paths(content)]
    assert len(entry_paths(content)) == 352
    sources = [s for p in entry_paths(content) for s in read_entry(p).meta["sources"]]
    assert len(sources) == len(set(sources)) == 354  # every listing is in exactly one entry


def test_every_listing_line_is_a_source(imported_once, raw_files):
    content, _ = imported_once
    sources = {s for p in entry_paths(content) for s in read_entry(p).meta["sources"]}
    for key in ("000", "003"):
        name = raw_files[key].name
        n = len(raw_files[key].read_text(encoding="utf-8").splitlines())
        assert {f"{name}:{i}" for i in range(1, n + 1)} <= sources
    assert {f"004_ef3a0a5c34ed2cd4.txt:{i}" for i in range(3, 480, 2)} <= sources


def test_rerun_changes_no_byte_and_says_unchanged(imported, raw_files, papercat):
    content, _ = imported
    before = snapshot(content)
    run = papercat("import", *raw_files.values(), "--content", content)
    assert run.status == 0
    assert run.summary == "added 0, merged 2 duplicate listings, updated 0, unchanged 352, skipped 0"
    assert snapshot(content) == before


def test_verbose_lists_merged_duplicates(tmp_path, raw_files, papercat):
    run = papercat("import", raw_files["003"], raw_files["004"], "--content", tmp_path, "-v")
    assert "merged: 004_ef3a0a5c34ed2cd4.txt:53 is the same paper as 003_cbcafd301bb415b6.txt:4 (same abstract)" \
        in run.out.splitlines()
    assert run.summary == "added 248, merged 1 duplicate listings, updated 0, unchanged 0, skipped 0"


@pytest.mark.parametrize("key, count", [("000", 4), ("001", 10), ("002", 91), ("003", 10), ("004", 239)])
def test_each_listing_alone(tmp_path, raw_files, papercat, key, count):
    run = papercat("import", raw_files[key], "--content", tmp_path)
    assert run.status == 0
    assert len(entry_paths(tmp_path)) == count
    assert run.summary == f"added {count}, merged 0 duplicate listings, updated 0, unchanged 0, skipped 0"


def test_entries_carry_the_expected_fields(imported_once):
    content, _ = imported_once
    papers = content / "papers"
    lamp = read_entry(papers / "lamp-few-shot-based-tuning-framework.md")
    assert (lamp.meta["arxiv"], lamp.meta["links"]["project"]) == ("2310.10769", "https://rq-wu.github.io/projects/LAMP")
    assert lamp.abstract.startswith("With the impressive progress in diffusion-based text-to-image generation")
    svorf = read_entry(papers / "svorf-slot-guided-volumetric-object-radiance-fields.md")
    assert (svorf.meta["arxiv"], svorf.meta["venue"]) == ("2401.02241", "NeurIPS 2023")
    moe = next(read_entry(p) for p in entry_paths(content) if read_entry(p).meta.get("arxiv") == "2404.16914")
    assert moe.abstract.startswith("MoE facilitates the development of large models")
    sivi = next(read_entry(p) for p in entry_paths(content) if read_entry(p).meta.get("arxiv") == "2310.17153")
    assert (sivi.meta["pages"], sivi.meta["figures"]) == (25, 13)
    deepseek = read_entry(papers / "insights-into-deepseek-v3-scaling-challenges-and.md")
    assert {k: deepseek.meta.get(k) for k in ("organization", "upvotes", "date", "authors_count")} == \
        {"organization": "DeepSeek", "upvotes": 5, "date": "2025-05-14", "authors_count": None}


@pytest.mark.parametrize("fragment", [
    r"$\widetilde{O}\left(n^{-1} t^{-\frac{d+2}{2}}(t^{\frac{d}{2}} \vee 1)\right)$", r"Fr\'echet", "(e.g., <0.1%)", "{it,es,de}->en",
    "speech_translation/direct_s2", "t-ReX*", "``what or how to generate\"", "`who' and `speak what'",
])
def test_abstracts_keep_their_text_through_import_file_and_read(imported_once, raw_files, fragment):
    content, _ = imported_once
    (line,) = [x for p in raw_files.values() for x in p.read_text(encoding="utf-8").splitlines() if fragment in x]
    (entry,) = [read_entry(p) for p in entry_paths(content) if fragment in p.read_text(encoding="utf-8")]
    assert entry.abstract == line.strip().removeprefix("Abstract:")


def test_crafted_abstracts_survive_import(tmp_path, papercat):
    run = papercat("import", LISTINGS / "arxiv_variants.txt", LISTINGS / "hf_variants.txt", "--content", tmp_path)
    assert run.status == 0
    abstracts = {read_entry(p).abstract for p in entry_paths(tmp_path)}
    assert (r"We prove a bound of $\widetilde{O}(n^{-1})$ on the Fr\'echet distance between the two estimators, "
            r"which improves on prior work.") in abstracts
    assert ("3D reconstruction from a single image is hard; we use <0.1% of the labels, translate {it,es,de}->en, "
            "and keep snake_case_names, *stars* and `ticks'.") in abstracts
    assert ("First abstract, with enough words to read as prose: we study the dot product x · y of two long "
            "vectors here.") in abstracts
    assert len(abstracts) == 8


# --- problems -------------------------------------------------------------------------------

def test_unreadable_lines_are_reported_and_the_rest_imports(tree, papercat):
    root = tree({
        "bad.txt": f"Abstract: {LONG} One.\nAbstract:\nAbstract: {LONG} Two.\n",
        "latin1.txt": b"Abstract: caf\xe9\n",
        "unknown.txt": "hello\nworld\n",
        "empty.txt": "\n\n",
    })
    content = root / "content"
    run = papercat("import", root / "bad.txt", root / "latin1.txt", root / "missing.txt", root / "unknown.txt",
                   root / "empty.txt", "--content", content)
    assert run.status == 1
    assert run.err.splitlines() == [
        "bad.txt:2: `Abstract:` with no text after it; skipped (hint: put the abstract on the same line)",
        f"{root / 'latin1.txt'}:1: not UTF-8 text (byte 0xe9) (hint: save the listing as UTF-8 and import it again)",
        f"{root / 'missing.txt'}: cannot read: No such file or directory",
        "unknown.txt:1: cannot tell this listing's format; nothing imported "
        "(hint: supported: abstract-lines, arxiv-atom, arxiv-listing, bibtex, csl-json, hf-daily, ris, "
        "title-abstract)"]
    assert "note: empty.txt: empty listing, nothing to import" in run.out.splitlines()
    assert run.summary == "added 2, merged 0 duplicate listings, updated 0, unchanged 0, skipped 4"
    assert sorted(read_entry(p).abstract for p in entry_paths(content)) == [f"{LONG} One.", f"{LONG} Two."]


def test_exit_status_is_zero_when_nothing_was_skipped(tree, papercat):
    root = tree({"ok.txt": f"Abstract: {LONG}\n", "empty.txt": ""})
    run = papercat("import", root / "ok.txt", root / "empty.txt", "--content", root / "content")
    assert (run.status, run.err) == (0, "")


def test_a_broken_entry_stops_the_import_before_anything_is_written(tree, papercat):
    root = tree({"l.txt": f"Abstract: {LONG}\n", "content/papers/bad.md": "---\ntitle: [\n---\n\nText.\n"})
    before = snapshot(root / "content")
    run = papercat("import", root / "l.txt", "--content", root / "content")
    assert run.status == 2
    assert run.err.splitlines() == [
        f"{root / 'content/papers/bad.md'}:2: unreadable YAML: the list opened with `[` on this line is never closed "
        "(hint: end it with `]` on the same line, or write one `- item` per line)",
        "error: fix the entries above before importing, so that no edit is lost"]
    assert snapshot(root / "content") == before


def test_year_option(tmp_path, raw_files, papercat):
    run = papercat("import", raw_files["002"], "--content", tmp_path, "--year", "2030")
    assert "note: 002_38d8b95752046c16.txt: 20 dates without a year set to 2030 (from --year)" in run.out.splitlines()
    papers = tmp_path / "papers"
    assert read_entry(papers / "insights-into-deepseek-v3-scaling-challenges-and.md").meta["date"] == "2030-05-14"
    assert read_entry(papers / "multi-outputs-is-all-you-need-for-deblur.md").meta["date"] == "2022-08-27"


# --- a curator's work survives re-imports ----------------------------------------------------

def test_curator_edits_survive_reimport_and_a_new_source_only_fills_gaps(imported, raw_files, papercat, tree):
    content, _ = imported
    path = content / "papers" / "svorf-slot-guided-volumetric-object-radiance-fields.md"
    entry = read_entry(path)
    entry.meta["title"] = "sVORF (edited by hand)"
    entry.meta["venue"] = "NeurIPS 2023 spotlight"
    entry.meta["tags"] = ["nerf", "object-centric"]
    del entry.meta["comments"]
    del entry.meta["links"]["pdf"]
    curated = render_entry(entry.meta, entry.body + "\nCurator: compare with slot attention.\n")
    path.write_text(curated, encoding="utf-8")
    before = snapshot(content)

    run = papercat("import", *raw_files.values(), "--content", content)
    assert run.summary == "added 0, merged 2 duplicate listings, updated 0, unchanged 352, skipped 0"
    assert snapshot(content) == before

    # A new listing of the same paper (same arXiv id) fills only what is missing.
    listing = tree({"arxiv.txt": (
        f"{entry.abstract}\n"
        "12 pages, 5 figures, ICLR 2024\n"
        "Code: https://github.com/example/svorf\n"
        "arXiv:2401.02241\n")})
    run = papercat("import", listing / "arxiv.txt", "--content", content)
    assert (run.status, run.summary) == (0, "added 0, merged 0 duplicate listings, updated 1, unchanged 0, skipped 0")
    after = read_entry(path)
    assert after.meta["title"] == "sVORF (edited by hand)"
    assert after.meta["venue"] == "NeurIPS 2023 spotlight"
    assert after.meta["tags"] == ["nerf", "object-centric"]
    assert (after.meta["pages"], after.meta["figures"]) == (12, 5)
    assert after.meta["comments"] == "12 pages, 5 figures, ICLR 2024\nCode: https://github.com/example/svorf"
    assert after.meta["links"] == {"arxiv": "https://arxiv.org/abs/2401.02241", "pdf": "https://arxiv.org/pdf/2401.02241",
                                   "code": "https://github.com/example/svorf"}
    assert after.meta["sources"] == ["001_83e77e0a996520f5.txt:3", "arxiv.txt:1"]
    assert after.body == entry.body + "\nCurator: compare with slot attention.\n"
    now = snapshot(content)
    changed = {k for k in now if now[k] != before.get(k)}
    assert changed == {"papers/svorf-slot-guided-volumetric-object-radiance-fields.md"}


def test_a_crash_while_writing_leaves_old_files_and_no_temp_files(imported, raw_files, papercat, monkeypatch, tree):
    content, _ = imported
    before = snapshot(content)
    moe = raw_files["001"].read_text(encoding="utf-8").splitlines()[0]  # an existing entry gains a source
    listing = tree({"more.txt": f"Abstract: {moe}\n" + "".join(f"Abstract: {LONG} Paper {i}.\n" for i in range(3))})
    real_replace = entries.os.replace

    def crash_on_existing(src, dst):
        if Path(dst).exists():
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(entries.os, "replace", crash_on_existing)
    run = papercat("import", listing / "more.txt", "--content", content)
    assert run.status == 2 and "No space left on device (hint: free some space" in run.err  # (and no traceback)
    after = snapshot(content)
    assert not [k for k in after if k.endswith(".tmp")]
    assert {k: v for k, v in after.items() if k in before} == before  # the entry being rewritten is intact

    monkeypatch.setattr(entries.os, "replace", real_replace)
    run = papercat("import", listing / "more.txt", "--content", content)  # a second run finishes the job
    assert run.status == 0
    assert len(entry_paths(content)) == 352 + 3
    path = content / "papers" / "moe-facilitates-the-development-of-large-models-by-making.md"
    assert read_entry(path).meta["sources"] == ["001_83e77e0a996520f5.txt:1", "more.txt:1"]


# --- properties: any input imports or reports, never a traceback -----------------------------

FRAGMENTS = st.sampled_from([
    "Abstract:", "Abstract: ", "arXiv:", "arXiv:2404.16914", "arXiv:2404.16914v2", "arXiv:1312.1234", "arXiv:2404.1691",
    "·", " · ", "  • 3 authors", "• 1 author", "Aug 27, 2022", "Jul 1", "Feb 30, 2024", "May 14 5",
    "deepseek-ai DeepSeek", "SubscribeTitle", "Daily Papers", "25 pages, 13 figures, NeurIPS 2023", "A Short Title",
    "This is a long sentence about diffusion models that keeps going with many words so that it reads as prose.",
    "We propose a method, called Foo Bar Baz (FBB), that works well.", r"$\widetilde{O}(n^{-1})$", "---", "null",
    "title: x", "\n", "\n\n", "\r\n", " ", "\ufeff", "https://github.com/a/b",
])
STRUCTURED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=10)), max_size=30).map("".join)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


def _check_import_never_raises(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        listing, content = Path(d) / "l.txt", Path(d) / "content"
        listing.write_text(text, encoding="utf-8", newline="")
        status, out, err = _cli("import", str(listing), "--content", str(content))
        assert status in (0, 1)
        problems = err.splitlines()
        assert (status == 1) == bool(problems)
        assert all(re.match(r"l\.txt:\d+: \S", p) for p in problems), problems
        m = re.search(r"^added (\d+), merged (\d+) duplicate listings, updated 0, unchanged 0, skipped (\d+)$", out, re.M)
        assert m and int(m[3]) == len(problems)
        parsed = re.search(r"^l\.txt: [a-z-]+, (\d+) papers?$", out, re.M)
        records = int(parsed[1]) if parsed else 0
        assert len(entry_paths(content)) == int(m[1]) == records - int(m[2])  # nothing silently dropped
        before = snapshot(content) if content.exists() else {}
        again = _cli("import", str(listing), "--content", str(content))
        assert again[0] == status
        assert (snapshot(content) if content.exists() else {}) == before


@FAST
@given(st.text(max_size=300))
def test_property_cli_import_of_arbitrary_text(text):
    _check_import_never_raises(text)


@FAST
@given(STRUCTURED)
def test_property_cli_import_of_structured_text(text):
    _check_import_never_raises(text)


# --- every script: each paper keeps its own entry and abstract --------------------------------

SCRIPTS = LISTINGS / "scripts"  # the same ten papers (Chinese x2, Russian, Arabic, Greek, Hindi,
# Japanese, Korean, an emoji title, a punctuation title) in each listing format
SCRIPT_ABSTRACTS = [line.removeprefix("Abstract: ") for line in
                    (SCRIPTS / "abstract_lines.txt").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name, fmt", [("abstract_lines.txt", "abstract-lines"), ("arxiv_listing.txt", "arxiv-listing"),
                                       ("hf_daily.txt", "hf-daily"), ("title_abstract.txt", "title-abstract")])
def test_papers_in_any_script_keep_their_own_entries_abstracts_and_slugs(tmp_path, papercat, name, fmt):
    """Text without [a-z0-9] once normalised to "", and "" matched "": every such paper folded into one."""
    from generator.validate import check_entry

    content = tmp_path / "content"
    run = papercat("import", SCRIPTS / name, "--content", content)
    assert run.out.splitlines() == [f"{name}: {fmt}, 10 papers",
                                    f"note: {content} was not there: made it, with the entries in {content}/papers/",
                                    "added 10, merged 0 duplicate listings, updated 0, unchanged 0, skipped 0"]
    found = [read_entry(p) for p in entry_paths(content)]
    assert sorted(e.abstract for e in found) == sorted(SCRIPT_ABSTRACTS)
    assert [len(e.meta["sources"]) for e in found] == [1] * 10
    for e in found:
        assert check_entry(e, set(), set())[1] == [], e.path  # slugs are valid, file names match
        assert e.meta["slug"] == e.path.stem
    if fmt in ("hf-daily", "title-abstract"):  # real titles: a stable hash instead of transliteration
        slugs = {e.meta["title"]: e.meta["slug"] for e in found}
        assert slugs["基于扩散模型的三维场景重建"] == "paper-" + hashlib.sha256("基于扩散模型的三维场景重建".encode()).hexdigest()[:8]
        assert slugs["🚀✨"] == "paper-" + hashlib.sha256("🚀✨".encode()).hexdigest()[:8]
    before = snapshot(content)
    again = papercat("import", SCRIPTS / name, "--content", content)
    assert again.summary == "added 0, merged 0 duplicate listings, updated 0, unchanged 10, skipped 0"
    assert snapshot(content) == before


def test_the_same_papers_in_four_formats_fold_by_paper_not_by_script(tmp_path, papercat):
    content = tmp_path / "content"
    files = sorted(SCRIPTS.glob("*.txt"))
    run = papercat("import", *files, "--content", content)
    assert run.summary == "added 10, merged 30 duplicate listings, updated 0, unchanged 0, skipped 0"
    found = [read_entry(p) for p in entry_paths(content)]
    assert sorted(e.abstract for e in found) == sorted(SCRIPT_ABSTRACTS)
    assert all(sorted(s.split(":")[0] for s in e.meta["sources"]) == [f.name for f in files] for e in found)
    assert len({e.meta["arxiv"] for e in found}) == 10
    assert papercat("import", *files, "--content", content).summary.endswith("unchanged 10, skipped 0")


def test_an_abstract_too_long_for_an_entry_is_skipped_at_its_line_not_written(tmp_path, papercat):
    """A 2 MB abstract line once became an entry that `check` refuses (over entries.MAX_BYTES):
    import reports it at FILE:LINE, writes nothing for it and imports the rest."""
    content = tmp_path / "content"
    listing = tmp_path / "long.txt"
    listing.write_text(f"Abstract:{LONG}\nAbstract:{'attention ' * 200_000}\n", "utf-8")
    run = papercat("import", listing, "--content", content)
    assert run.status == 1
    assert run.err.splitlines() == [
        "long.txt:2: abstract: the entry would be 2,000,237 bytes; an entry may have at most 1,000,000 (hint: the "
        "listing's text is too long for one paper: split or shorten it; nothing was written for it)"]
    assert run.out.splitlines()[-1] == "added 1, merged 0 duplicate listings, updated 0, unchanged 0, skipped 1"
    assert [read_entry(p).meta["sources"] for p in entry_paths(content)] == [["long.txt:1"]]


def test_a_deleted_entry_stays_deleted_until_its_line_is(imported, raw_files, papercat):
    """Deleting an entry is an edit: a later import of the same listings (for their new papers) made
    it again. Import lists the papers the catalog held (imported.txt) and keeps out those deleted."""
    content, _ = imported
    listed = (content / "imported.txt").read_text(encoding="utf-8").splitlines()
    assert len([line for line in listed if not line.startswith("#")]) == 352
    gone = [read_entry(p) for p in entry_paths(content) if read_entry(p).meta.get("arxiv")][:2]
    for e in gone:
        e.path.unlink()
    before = snapshot(content)
    run = papercat("import", *raw_files.values(), "--content", content)
    assert run.status == 0 and run.summary.startswith("added 0,") and run.summary.endswith(", kept out 2")
    assert snapshot(content) == before  # (nor is the list changed: it still names them)
    note = next(line for line in run.out.splitlines() if "kept out" in line)
    assert note.startswith("note: kept out 2 papers whose entries were deleted since an earlier import: ")
    assert all(f"({e.path.stem})" in note for e in gone) and str(content / "imported.txt") in note
    # Another listing of one of them (a BibTeX export, by its arXiv id) is kept out too.
    bib = content.parent / "refs.bib"
    bib.write_text("@article{k, title = {%s}, author = {Ada Lovelace}, eprint = {%s}, archivePrefix = {arXiv}}\n"
                   % (gone[0].meta["title"], gone[0].meta["arxiv"]), encoding="utf-8")
    assert f"({gone[0].path.stem})" in papercat("import", bib, "--content", content).out
    assert not gone[0].path.exists()
    # Its line deleted, the paper comes back, with its old slug (no other paper took it).
    (content / "imported.txt").write_text("".join(line + "\n" for line in listed
                                                  if not line.startswith(gone[0].path.stem + "\t")), encoding="utf-8")
    run = papercat("import", *raw_files.values(), "--content", content)
    assert run.summary.startswith("added 1,") and gone[0].path.exists() and not gone[1].path.exists()
    assert read_entry(gone[0].path).meta["arxiv"] == gone[0].meta["arxiv"]


def test_a_paper_with_a_deleted_papers_title_and_another_arxiv_id_is_another_paper(tmp_path, papercat):
    content = tmp_path / "content"
    bib = tmp_path / "refs.bib"
    one = "@article{a, title = {Deep Learning}, author = {Yann LeCun}, eprint = {1501.00001}, archivePrefix = {arXiv}}\n"
    bib.write_text(one, encoding="utf-8")
    assert papercat("import", bib, "--content", content).summary.startswith("added 1,")
    (content / "papers" / "deep-learning.md").unlink()
    bib.write_text(one.replace("1501.00001", "1601.00002").replace("{a,", "{b,"), encoding="utf-8")
    run = papercat("import", bib, "--content", content)
    assert run.summary.startswith("added 1,") and "kept out" not in run.out
    made = [read_entry(p) for p in entry_paths(content)]
    assert [(e.path.stem, e.meta["arxiv"]) for e in made] == [("deep-learning-2", "1601.00002")]


def _bib(path: Path, *records: tuple[str, str, str]) -> Path:
    """A BibTeX file of (title, first author, abstract) records, without ids."""
    path.write_text("".join(f"@article{{k{i}, title = {{{t}}}, author = {{{a}}}, abstract = {{{x}}}}}\n"
                            for i, (t, a, x) in enumerate(records)), encoding="utf-8")
    return path


LECUN = ("Deep Learning", "Yann LeCun", "Deep learning allows computational models that are composed of multiple "
         "processing layers to learn representations of data with multiple levels of abstraction.")
GOODFELLOW = ("Deep Learning", "Ian Goodfellow", "An introduction to a broad range of topics in deep learning, "
              "covering mathematical and conceptual background and deep learning techniques used in industry.")


def test_a_deleted_paper_stays_out_after_its_title_was_corrected_and_its_file_renamed(tmp_path, papercat):
    """From a review: the list kept only an entry's keys as they were at the last import, so a title
    the curator had corrected let the listing's paper back in; and a renamed file left a line that
    deleting it as told could not undo."""
    content = tmp_path / "content"
    bib = _bib(tmp_path / "refs.bib", LECUN)
    papercat("import", bib, "--content", content)
    path = content / "papers" / "deep-learning.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Deep Learning", "title: Deep learning (review)"),
                    encoding="utf-8")
    papercat("import", bib, "--content", content)  # (the list now has both titles)
    renamed = path.rename(path.with_name("lecun-2015.md"))
    papercat("import", bib, "--content", content)
    lines = [line for line in (content / "imported.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert [line.split("\t")[0] for line in lines] == ["lecun-2015"]  # (the old slug's line joined it)
    renamed.unlink()
    run = papercat("import", bib, "--content", content)
    assert run.summary.endswith("kept out 1") and "(lecun-2015)" in run.out and entry_paths(content) == []
    (content / "imported.txt").write_text("", encoding="utf-8")  # the line deleted: it comes back
    assert papercat("import", bib, "--content", content).summary.startswith("added 1,")


def test_works_of_one_title_by_other_first_authors_are_told_apart_when_one_is_deleted(tmp_path, papercat):
    content = tmp_path / "content"
    a, b = _bib(tmp_path / "a.bib", LECUN), _bib(tmp_path / "b.bib", GOODFELLOW)
    papercat("import", a, "--content", content)
    (content / "papers" / "deep-learning.md").unlink()
    run = papercat("import", b, "--content", content)  # another work: not kept out
    assert run.summary.startswith("added 1,") and "kept out" not in run.out
    assert [read_entry(p).meta["authors"] for p in entry_paths(content)] == [["Ian Goodfellow"]]
    papercat("import", a, "--content", content)  # (LeCun's stays out, Goodfellow's is there)
    (content / "papers" / "deep-learning-2.md").unlink()  # now delete Goodfellow's
    run = papercat("import", a, b, "--content", content)
    assert run.summary.startswith("added 0,") and run.summary.endswith("kept out 2") and entry_paths(content) == []


def test_a_broken_imported_list_is_an_error_or_read_as_it_can_be(tmp_path, papercat):
    content = tmp_path / "content"
    bib = _bib(tmp_path / "refs.bib", LECUN)
    papercat("import", bib, "--content", content)
    listed = content / "imported.txt"
    text = listed.read_text(encoding="utf-8")
    (content / "papers" / "deep-learning.md").unlink()
    listed.write_text("\ufeff" + text.split("\n", 3)[3].replace("\n", "\r\n"), encoding="utf-8")  # BOM, CRLF, no header
    run = papercat("import", bib, "--content", content)
    assert "(deep-learning)" in run.out and entry_paths(content) == []
    listed.write_bytes(b"caf\xe9\ttitle:x\n")
    run = papercat("import", bib, "--content", content)
    assert run.status != 0 and f"{listed}: not UTF-8 text" in run.err and "Traceback" not in run.err


def test_the_imported_list_matches_first_authors_and_ids_as_import_does(tmp_path, papercat):
    """From a second review: `Van Gool, Luc` (BibTeX) and `Luc Van Gool` (arXiv) were two people to the
    list though import takes them for one; an arXiv id the curator corrected kept blocking the paper
    that has it; and of two entries for one paper, a deleted one came back at the second import."""
    content = tmp_path / "content"
    papercat("import", _bib(tmp_path / "a.bib", ("Dehazing with transformers", "Van Gool, Luc", "We dehaze.")),
             "--content", content)
    (content / "papers" / "dehazing-with-transformers.md").unlink()
    run = papercat("import", _bib(tmp_path / "b.bib", ("Dehazing with Transformers", "Luc Van Gool", "Other text.")),
                   "--content", content)
    assert run.summary.endswith("kept out 1")
    run = papercat("import", _bib(tmp_path / "c.bib", ("Dehazing with transformers", "John Smith Jr.", "We dehaze.")),
                   "--content", content)  # (another first author: another work)
    assert run.summary.startswith("added 1,")
    # An arXiv id corrected by the curator, then the entry deleted: the id it had is another paper's.
    ids = tmp_path / "ids.bib"
    ids.write_text("@article{w, title = {Widgets}, author = {Ann Lee}, eprint = {2401.00001}, archivePrefix = {arXiv}}\n",
                   encoding="utf-8")
    papercat("import", ids, "--content", content)
    widgets = content / "papers" / "widgets.md"
    widgets.write_text(widgets.read_text(encoding="utf-8").replace("2401.00001", "2401.00777"), encoding="utf-8")
    papercat("import", ids, "--content", content)  # (the list learns the corrected id; the old one is a new paper)
    widgets.unlink()
    ids.write_text("@article{q, title = {Quantum Widgets}, author = {Bo Chen}, eprint = {2401.00001}, "
                   "archivePrefix = {arXiv}}\n", encoding="utf-8")
    assert "kept out" not in papercat("import", ids, "--content", content).out


def test_a_deleted_duplicate_entry_stays_deleted(tmp_path, papercat):
    """Two entries for one paper, the first one's title since corrected: deleting the second is not a
    renamed file (the list named both), so its line stays, through any number of imports."""
    content = tmp_path / "content"
    bib = _bib(tmp_path / "refs.bib", ("Sparse Experts", "Lee, Ann", ""))
    papercat("import", bib, "--content", content)
    first, duplicate = content / "papers" / "sparse-experts.md", content / "papers" / "sparse-experts-2.md"
    text = first.read_text(encoding="utf-8")
    duplicate.write_text(text.replace("slug: sparse-experts", "slug: sparse-experts-2"), encoding="utf-8")
    first.write_text(text.replace("title: Sparse Experts", "title: Sparse Experts at Scale"), encoding="utf-8")
    papercat("import", bib, "--content", content)
    assert "sparse-experts-2\t" in (content / "imported.txt").read_text(encoding="utf-8")
    duplicate.unlink()
    for _ in range(3):  # (the listing is the first entry's, by the title it had)
        assert papercat("import", bib, "--content", content).summary.startswith("added 0,")
    assert not duplicate.exists() and first.exists()
    assert "sparse-experts-2\t" in (content / "imported.txt").read_text(encoding="utf-8")


def test_the_imported_list_follows_a_renamed_file_but_not_into_a_duplicate():
    from generator.imported import updated

    title, first = "title:sparse experts", "first:annlee lee"
    assert updated({"a": [title, first]}, {"c": [title, first]}) == {"c": [title, first]}  # a renamed to c
    assert updated({"a": [title, first], "b": [title, first]}, {"a": [title, first]}) == \
        {"a": [title, first], "b": [title, first]}  # b, a duplicate of a, deleted
    assert updated({"a": ["arxiv:2401.00001", title]}, {"a": ["arxiv:2401.00777", title]}) == \
        {"a": ["arxiv:2401.00777", title]}  # (a corrected id is not kept)


def test_a_listing_of_a_title_the_curator_corrected_is_the_same_paper(tmp_path, papercat):
    """A BibTeX record without an abstract, imported again after the entry's title was corrected, made a
    second entry (its source counts only while the title or abstract agrees, and the title matched
    no entry). The list of papers held knows the titles an entry had."""
    content = tmp_path / "content"
    bib = _bib(tmp_path / "refs.bib", ("Sparse Experts", "Lee, Ann", ""))
    papercat("import", bib, "--content", content)
    entry = content / "papers" / "sparse-experts.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("title: Sparse Experts", "title: Sparse Experts at Scale"),
                     encoding="utf-8")
    before = snapshot(content)
    run = papercat("import", bib, "--content", content)
    assert run.summary == "added 0, merged 0 duplicate listings, updated 0, unchanged 1, skipped 0"
    assert {k for k, v in snapshot(content).items() if before.get(k) != v} <= {"imported.txt"}
    other = tmp_path / "scholar.bib"  # another export of it, by the old title: fills the entry
    other.write_text("@article{s, title = {Sparse experts}, author = {Ann Lee}, doi = {10.5555/3295222}}\n", encoding="utf-8")
    run = papercat("import", other, "--content", content)
    assert run.summary.startswith("added 0, merged 0 duplicate listings, updated 1,")
    assert [read_entry(p).meta.get("doi") for p in entry_paths(content)] == ["10.5555/3295222"]


def test_import_outside_a_catalog_refuses_unless_told_where_to_start_one(tmp_path, papercat, monkeypatch):
    """Run from a home folder, import made a stray content/ there; named with --content, a new
    catalog may still start from its listings."""
    listing = tmp_path / "refs.bib"
    listing.write_text("@article{a, title = {Deep Learning}, author = {LeCun, Yann}, journal = {Nature}, year = 2015}\n",
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = papercat("import", listing)
    assert run.status == 2
    assert run.err == ("content: no such content directory (hint: run from the catalog's root or pass --content; "
                       "`papercat init DIR` starts a new catalog)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]  # nothing made
    run = papercat("import", listing, "--content", "content")
    assert run.status == 0 and len(entry_paths(tmp_path / "content")) == 1
