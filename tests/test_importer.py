"""generator.importer: duplicates fold into one entry, and a curator's work is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.entries import Entry, entry_paths, read_entry, render_entry
from generator.importer import Plan, plan_import
from generator.ingest import enrich, parse_text, read_listing
from generator.model import Record

A1 = ("We study how sparse mixtures of experts route tokens, and show that a learned router with a load "
      "balancing loss matches dense models at a fraction of the compute on language modelling benchmarks.")
A2 = ("Diffusion models generate images by reversing a noising process; we distil them into a single step "
      "generator that keeps sample quality while cutting the cost of sampling by two orders of magnitude.")
A3 = ("Graph neural networks over-smooth as they get deeper; a simple residual gating scheme keeps node "
      "features apart and lets us train networks with a hundred layers on citation graphs.")


def rec(source: str, abstract: str, **fields) -> Record:
    """A record as a parser would yield it: `source` is `file:line`."""
    name, line = source.rsplit(":", 1)
    return enrich(Record(name, int(line), abstract, **fields))


def apply(plan: Plan) -> None:
    for path, text in plan.writes.items():
        path.write_text(text, encoding="utf-8")


def existing(content: Path) -> list[Entry]:
    return [read_entry(p) for p in entry_paths(content)]


def run(records: list[Record], content: Path) -> Plan:
    (content / "papers").mkdir(parents=True, exist_ok=True)
    plan = plan_import(records, existing(content), content / "papers")
    apply(plan)
    return plan


def metas(content: Path) -> dict[str, dict]:
    return {e.path.stem: e.meta for e in existing(content)}


# --- folding duplicates within one run -------------------------------------------------------

def test_same_arxiv_id_merges_with_union_of_fields_and_both_sources(tmp_path):
    plan = run([rec("a.txt:1", A1, arxiv="2401.01234", pages=12),
                rec("b.txt:7", A1.upper() + " Extra words from a longer version of the abstract.",
                    title="Sparse Experts Route Well", arxiv="2401.01234", venue="ICML 2024", pages=99)], tmp_path)
    assert plan.summary.merged == ["b.txt:7 is the same paper as a.txt:1 (same arxiv)"]
    assert plan.summary.added == ["sparse-experts-route-well"]
    meta = metas(tmp_path)["sparse-experts-route-well"]
    assert meta["title"] == "Sparse Experts Route Well" and "title_derived" not in meta  # a real title wins
    assert (meta["arxiv"], meta["venue"], meta["pages"]) == ("2401.01234", "ICML 2024", 12)  # first listing wins
    assert meta["sources"] == ["a.txt:1", "b.txt:7"]
    assert read_entry(tmp_path / "papers" / "sparse-experts-route-well.md").abstract == A1


def test_same_normalised_title_merges(tmp_path):
    plan = run([rec("a.txt:1", A1, title="Sparse Experts: Route Well!", date="2024-01"),
                rec("b.txt:3", A2, title="sparse experts — route  well", date="2024-01-15", authors_count=4)],
               tmp_path)
    assert plan.summary.merged == ["b.txt:3 is the same paper as a.txt:1 (same title)"]
    (meta,) = metas(tmp_path).values()
    assert (meta["date"], meta["authors_count"], meta["sources"]) == ("2024-01-15", 4, ["a.txt:1", "b.txt:3"])


def test_same_normalised_abstract_merges(tmp_path):
    rewrapped = "  " + A1.replace(", ", " ,\t").upper()
    plan = run([rec("a.txt:1", A1), rec("b.txt:2", rewrapped, title="Sparse Experts", upvotes=3)], tmp_path)
    assert plan.summary.merged == ["b.txt:2 is the same paper as a.txt:1 (same abstract)"]
    (meta,) = metas(tmp_path).values()
    assert (meta["title"], meta["upvotes"], meta["sources"]) == ("Sparse Experts", 3, ["a.txt:1", "b.txt:2"])


def test_two_different_arxiv_ids_never_merge(tmp_path):
    plan = run([rec("a.txt:1", A1, title="Same Title", arxiv="2401.01234"),
                rec("b.txt:1", A1, title="Same Title", arxiv="2401.04321"),
                rec("c.txt:1", A1, title="Same Title")], tmp_path)
    assert plan.summary.added == ["same-title", "same-title-2"]
    assert plan.summary.merged == ["c.txt:1 is the same paper as a.txt:1 (same title)"]
    assert {m["arxiv"]: m["sources"] for m in metas(tmp_path).values()} == {
        "2401.01234": ["a.txt:1", "c.txt:1"], "2401.04321": ["b.txt:1"]}


def test_derived_titles_are_not_used_to_match(tmp_path):
    one = "We propose a method. " + A1
    two = "We propose a method. " + A2
    plan = run([rec("a.txt:1", one), rec("a.txt:2", two)], tmp_path)
    assert plan.summary.merged == []
    assert len(plan.summary.added) == 2


def test_a_real_title_replaces_a_provisional_one_in_the_same_run(tmp_path):
    run([rec("a.txt:1", A1), rec("b.txt:5", A1, title="Routing Sparse Experts")], tmp_path)
    (meta,) = metas(tmp_path).values()
    assert meta["title"] == "Routing Sparse Experts" and "title_derived" not in meta


def test_same_file_name_in_two_directories_is_two_listings(tmp_path):
    # Sources name only the file, so `a/l.txt:1` and `b/l.txt:1` share `l.txt:1`: not the same paper.
    plan = run([rec("l.txt:1", A1), rec("l.txt:2", A2), rec("l.txt:1", A3)], tmp_path)
    assert plan.summary.merged == []
    assert len(plan.summary.added) == 3
    assert sorted(read_entry(p).abstract for p in entry_paths(tmp_path)) == sorted([A1, A2, A3])


# --- merging into existing entries ----------------------------------------------------------

def test_reimporting_the_same_source_writes_nothing(tmp_path):
    records = [rec("a.txt:1", A1, arxiv="2401.01234", venue="ICML 2024"), rec("a.txt:2", A2)]
    run(records, tmp_path)
    again = run(records, tmp_path)
    assert again.writes == {}
    assert (again.summary.added, again.summary.updated, again.summary.unchanged) == ([], [], 2)


def test_curator_edits_additions_deletions_and_notes_survive_a_reimport(tmp_path):
    run([rec("a.txt:1", A1, title="Sparse Experts", arxiv="2401.01234", venue="ICML 2024", pages=12)], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    entry = read_entry(path)
    entry.meta["venue"] = "ICML 2024 (oral)"      # edited
    entry.meta["tags"] = ["moe"]                   # added
    del entry.meta["pages"]                        # deleted
    del entry.meta["links"]["pdf"]                 # deleted
    curated = render_entry(entry.meta, A1 + "\n\nCurator: read section 4 first.\n")
    path.write_text(curated, encoding="utf-8")

    plan = run([rec("a.txt:1", A1, title="Sparse Experts", arxiv="2401.01234", venue="ICML 2024", pages=12)], tmp_path)
    assert plan.writes == {}
    assert plan.summary.unchanged == 1
    assert path.read_text(encoding="utf-8") == curated


def test_deletions_survive_a_reexport_of_the_same_file_that_moved_the_record(tmp_path):
    """A re-export with a record added at the top moves every other one: the moved record is the same
    listing, not a new source, so a field the curator deleted stays deleted (it came back)."""
    listing = dict(title="Sparse Experts", arxiv="2401.01234", venue="ICML 2024", pages=12)
    run([rec("refs.bib:1", A1, **listing)], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    entry = read_entry(path)
    del entry.meta["venue"], entry.meta["pages"]
    path.write_text(render_entry(entry.meta, entry.body), encoding="utf-8")

    records = [rec("refs.bib:1", A2, title="Distilled Diffusion"), rec("refs.bib:7", A1, **listing)]
    plan = run(records, tmp_path)
    assert (plan.summary.added, plan.summary.updated) == (["distilled-diffusion"], ["sparse-experts"])
    meta = read_entry(path).meta
    assert "venue" not in meta and "pages" not in meta
    assert meta["sources"] == ["refs.bib:1", "refs.bib:7"]  # (where it is now, beside where it was)
    assert run(records, tmp_path).writes == {}

def test_a_new_source_fills_only_missing_fields_and_adds_itself(tmp_path):
    run([rec("a.txt:1", A1, title="Sparse Experts", venue="ICML 2024", pages=12)], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    entry = read_entry(path)
    entry.meta["venue"] = "ICML 2024 (oral)"
    entry.meta["tags"] = ["moe"]
    del entry.meta["pages"]
    path.write_text(render_entry(entry.meta, A1 + "\n\nCurator notes.\n"), encoding="utf-8")

    plan = run([rec("b.txt:9", A1, title="Sparse Experts Route", arxiv="2401.01234", venue="NeurIPS 2023",
                    pages=30, upvotes=7)], tmp_path)
    assert (plan.summary.added, plan.summary.updated) == ([], ["sparse-experts"])
    after = read_entry(path)
    assert after.meta == {
        "title": "Sparse Experts", "slug": "sparse-experts", "arxiv": "2401.01234", "date": "2024-01",
        "upvotes": 7, "venue": "ICML 2024 (oral)", "pages": 30,
        "links": {"arxiv": "https://arxiv.org/abs/2401.01234", "pdf": "https://arxiv.org/pdf/2401.01234"},
        "tags": ["moe"], "sources": ["a.txt:1", "b.txt:9"]}
    assert after.body == A1 + "\n\nCurator notes.\n"


def test_a_new_source_keeps_curator_links_and_adds_missing_kinds(tmp_path):
    run([rec("a.txt:1", A1 + " Code: https://github.com/me/mine", title="Sparse Experts")], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    assert read_entry(path).meta["links"] == {"code": "https://github.com/me/mine"}
    run([rec("b.txt:1", A1 + " Code: https://github.com/other/fork, project https://x.org/p", title="Sparse Experts")],
        tmp_path)
    assert read_entry(path).meta["links"] == {"code": "https://github.com/me/mine", "project": "https://x.org/p"}


def test_provisional_title_is_replaced_later_but_a_curated_one_is_not(tmp_path):
    run([rec("a.txt:1", A1), rec("a.txt:2", A2)], tmp_path)
    stems = sorted(metas(tmp_path))
    second = next(p for p in entry_paths(tmp_path) if read_entry(p).abstract == A2)
    entry = read_entry(second)
    entry.meta["title"] = "My Own Title"
    second.write_text(render_entry(entry.meta, entry.body), encoding="utf-8")

    run([rec("b.txt:1", A1, title="Real Title One"), rec("b.txt:2", A2, title="Real Title Two")], tmp_path)
    assert sorted(metas(tmp_path)) == stems  # files keep their names
    titles = {read_entry(p).abstract: (read_entry(p).meta["title"], read_entry(p).meta.get("title_derived"))
              for p in entry_paths(tmp_path)}
    assert titles == {A1: ("Real Title One", None), A2: ("My Own Title", True)}


def test_a_curator_edit_to_the_abstract_does_not_make_a_duplicate(tmp_path):
    run([rec("a.txt:1", A1, title="Sparse Experts")], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    entry = read_entry(path)
    path.write_text(render_entry(entry.meta, "Fixed typo. " + A1 + "\n"), encoding="utf-8")
    plan = run([rec("a.txt:1", A1, title="Sparse Experts")], tmp_path)
    assert (plan.writes, plan.summary.unchanged) == ({}, 1)


def test_a_paper_inserted_into_an_edited_listing_is_added_not_taken_for_the_old_one(tmp_path):
    run([rec("l.txt:1", A1), rec("l.txt:2", A2)], tmp_path)
    # The curator inserts a new paper on line 2; the old line 2 moves to line 3.
    plan = run([rec("l.txt:1", A1), rec("l.txt:2", A3), rec("l.txt:3", A2)], tmp_path)
    assert len(plan.summary.added) == 1
    assert sorted(read_entry(p).abstract for p in entry_paths(tmp_path)) == sorted([A1, A2, A3])
    by_abstract = {read_entry(p).abstract: read_entry(p).meta["sources"] for p in entry_paths(tmp_path)}
    assert by_abstract == {A1: ["l.txt:1"], A2: ["l.txt:2", "l.txt:3"], A3: ["l.txt:2"]}


def test_new_slug_avoids_existing_files(tmp_path):
    long = "A Very Long Title That Goes On And On Past The Slug Limit Of Sixty"
    run([rec("a.txt:1", A1, title=long + " Characters")], tmp_path)
    plan = run([rec("b.txt:1", A2, title=long + " Letters")], tmp_path)  # another paper, the same slug
    slug = "a-very-long-title-that-goes-on-and-on-past-the-slug-limit"
    assert plan.summary.added == [f"{slug}-2"]
    assert read_entry(tmp_path / "papers" / f"{slug}-2.md").abstract == A2
    assert read_entry(tmp_path / "papers" / f"{slug}.md").abstract == A1


# --- the real listings ------------------------------------------------------------------------

def test_real_listings_fold_into_352_entries(tmp_path, raw_files):
    records = []
    for path in raw_files.values():
        records += parse_text(read_listing(path), path.name).records
    assert len(records) == 354
    plan = plan_import(records, [], tmp_path / "papers")
    assert len(plan.writes) == len(plan.summary.added) == 352
    assert plan.summary.merged == [
        "004_ef3a0a5c34ed2cd4.txt:53 is the same paper as 003_cbcafd301bb415b6.txt:4 (same abstract)",
        "004_ef3a0a5c34ed2cd4.txt:475 is the same paper as 002_38d8b95752046c16.txt:253 (same title)"]
    apply_dir = tmp_path / "papers"
    apply_dir.mkdir()
    apply(plan)
    looking = read_entry(apply_dir / "looking-backward-streaming-video-to-video-translation-with.md")
    assert looking.meta["title"] == "Looking Backward: Streaming Video-to-Video Translation with Feature Banks"
    assert looking.meta["sources"] == ["003_cbcafd301bb415b6.txt:4", "004_ef3a0a5c34ed2cd4.txt:53"]
    assert "title_derived" not in looking.meta
    adapter = read_entry(apply_dir / "multi-head-adapter-routing-for-cross-task-generalization.md")
    assert adapter.meta["sources"] == ["002_38d8b95752046c16.txt:253", "004_ef3a0a5c34ed2cd4.txt:475"]
    assert (adapter.meta["date"], adapter.meta["authors_count"], adapter.meta["upvotes"]) == ("2022-11-07", 6, 2)


@pytest.mark.parametrize("order", [["003", "004"], ["004", "003"]])
def test_duplicates_across_separate_runs_end_as_one_entry(tmp_path, raw_files, order):
    for key in order:
        path = raw_files[key]
        run(parse_text(read_listing(path), path.name).records, tmp_path)
    assert len(entry_paths(tmp_path)) == 10 + 239 - 1
    looking = [read_entry(p) for p in entry_paths(tmp_path) if "StreamV2V" in read_entry(p).abstract]
    assert len(looking) == 1
    assert looking[0].meta["title"] == "Looking Backward: Streaming Video-to-Video Translation with Feature Banks"
    assert sorted(looking[0].meta["sources"]) == ["003_cbcafd301bb415b6.txt:4", "004_ef3a0a5c34ed2cd4.txt:53"]


def test_an_import_completes_a_skeleton_from_papercat_new(tmp_path, capsys):
    """`papercat new --arxiv ID`, then an import of that paper's listing: the placeholder title and
    abstract were taken for a curator's, so the entry stayed a draft (`updated 1` all the same)."""
    from generator.cli import main
    from generator.drafts import draft_reasons

    (tmp_path / "papers").mkdir()
    assert main(["new", "--arxiv", "2307.09288", "--content", str(tmp_path)]) == 0
    (path,) = (tmp_path / "papers").iterdir()
    skeleton = read_entry(path)
    path.write_text(render_entry({**skeleton.meta, "tags": ["llm"]}, skeleton.body + "\nMy notes.\n"), encoding="utf-8")
    plan = run([rec("llama2.xml:5", A1, title="Llama 2: Open Foundation and Fine-Tuned Chat Models",
                    arxiv="2307.09288", date="2023-07-18")], tmp_path)
    assert plan.summary.updated == [path.stem]
    entry = read_entry(path)
    assert entry.meta["title"] == "Llama 2: Open Foundation and Fine-Tuned Chat Models"
    assert "title_derived" not in entry.meta and entry.meta["tags"] == ["llm"]
    assert entry.body == A1 + "\n\nMy notes.\n"
    assert draft_reasons(False, entry.meta["title"], entry.abstract) == ()


@pytest.mark.parametrize("one_run", [True, False])
def test_two_works_with_one_title_are_two_entries(tmp_path, one_run):
    """"Deep Learning" by LeCun, Bengio and Hinton (Nature 2015) and by Goodfellow, Bengio and
    Courville (the 2016 book): the book was folded into the article, and lost."""
    nature = rec("deep.ris:1", "", title="Deep Learning", authors=["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"],
                 doi="10.1038/nature14539", date="2015-05-28")
    book = rec("book.bib:1", "", title="Deep Learning", authors=["Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"],
               date="2016")
    if one_run:
        run([nature, book], tmp_path)
    else:
        run([nature], tmp_path)
        run([book], tmp_path)
    assert {m["authors"][0]: m["sources"] for m in metas(tmp_path).values()} == {
        "Yann LeCun": ["deep.ris:1"], "Ian Goodfellow": ["book.bib:1"]}
    # The same article again, its first author written otherwise, and by another DOI-less listing: one entry.
    run([rec("scholar.bib:4", "", title="Deep learning", authors=["Y. LeCun", "Y. Bengio", "G. Hinton"], date="2015")],
        tmp_path)
    assert sorted(len(m["sources"]) for m in metas(tmp_path).values()) == [1, 2]
    # Different DOIs (not arXiv's own) are different works; arXiv's DOI beside a publisher's is not.
    other = rec("x.json:1", "", title="Deep Learning", authors=["Yann LeCun"], doi="10.1000/other")
    run([other], tmp_path)
    assert len(metas(tmp_path)) == 3
    run([rec("y.json:1", "", title="Deep Learning", authors=["Yann LeCun"], doi="10.48550/arXiv.1234.5678")], tmp_path)
    assert len(metas(tmp_path)) == 3


def test_a_curators_yaml_comments_survive_an_import_that_fills_the_entry(tmp_path):
    """An import that filled a field wrote the front matter afresh: `# TODO: check the volume` and
    `venue: ...  # journal` were gone, though README promises an import never overwrites an edit."""
    run([rec("a.txt:1", A1, title="Sparse Experts", venue="ICML 2024")], tmp_path)
    path = tmp_path / "papers" / "sparse-experts.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("venue: ICML 2024\n", "# TODO: check the volume with the library copy\n"
                                                "venue: ICML 2024  # the oral, not the workshop\n")
    edited = edited.replace("- a.txt:1\n", "- a.txt:1  # first seen here\n")
    path.write_text(edited, encoding="utf-8")
    plan = run([rec("b.bib:9", A1, title="Sparse Experts", arxiv="2401.01234", pages=30,
                    authors=["Ada Lovelace", "Alan Turing"])], tmp_path)
    assert plan.summary.updated == ["sparse-experts"]
    after = path.read_text(encoding="utf-8")
    for line in ("# TODO: check the volume with the library copy\n", "venue: ICML 2024  # the oral, not the workshop\n",
                 "- a.txt:1  # first seen here\n- b.bib:9\n", "authors:\n- Ada Lovelace\n- Alan Turing\n"):
        assert line in after, line
    entry = read_entry(path)
    assert (entry.meta["arxiv"], entry.meta["pages"], entry.body) == ("2401.01234", 30, A1 + "\n")
    assert run([rec("b.bib:9", A1, title="Sparse Experts", arxiv="2401.01234")], tmp_path).writes == {}  # (idempotent)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
       where=st.integers(min_value=0, max_value=12),
       new=st.dictionaries(st.sampled_from(["doi", "pages", "venue", "authors", "upvotes"]),
                           st.text(alphabet="abc XYZ-:#'\"", min_size=1, max_size=12), max_size=3))
def test_property_a_rewritten_entry_always_reads_back_as_its_data(tmp_path, comment, where, new):
    from generator.entries import parse_entry, rewrite_entry

    meta = {"title": "A paper", "slug": "a-paper", "date": "2024-01", "tags": ["moe", "rl"], "sources": ["a.txt:1"]}
    lines = render_entry(meta, A1 + "\n\nNotes.\n").split("\n")
    lines.insert(1 + where % 8, "# " + comment.replace("\n", " "))
    try:
        entry = parse_entry("\n".join(lines), tmp_path / "a-paper.md")
    except Exception:
        return  # (a comment line that is no comment to YAML: not what this checks)
    before = dict(entry.meta)
    entry.meta = {**entry.meta, **{k: ([v] if k == "authors" else v) for k, v in new.items()},
                  "sources": ["a.txt:1", "b.bib:2"]}
    back = parse_entry(rewrite_entry(entry, before), tmp_path / "a-paper.md")
    assert (back.meta, back.body) == (entry.meta, entry.body)


@pytest.mark.parametrize("one_run", [True, False])
def test_a_fuller_date_from_another_listing_is_taken_in_one_run_or_two(tmp_path, one_run):
    """AlphaFold from Scholar's BibTeX (2021-08) and from Zotero (2021-08-26): imported together the
    entry got the full date, one after the other the month only."""
    first = rec("scholar.bib:1", A1, title="Highly accurate protein structure prediction with AlphaFold", date="2021-08")
    second = rec("zotero.json:2", A1, title="Highly accurate protein structure prediction with AlphaFold",
                 date="2021-08-26", doi="10.1038/s41586-021-03819-2")
    if one_run:
        run([first, second], tmp_path)
    else:
        run([first], tmp_path)
        run([second], tmp_path)
    (meta,) = metas(tmp_path).values()
    assert (meta["date"], meta["doi"]) == ("2021-08-26", "10.1038/s41586-021-03819-2")
    run([rec("other.ris:3", A1, title="Highly accurate protein structure prediction with AlphaFold", date="2022-01-02")],
        tmp_path)
    assert [m["date"] for m in metas(tmp_path).values()] == ["2021-08-26"]  # (another date is no refinement)


def test_a_shared_doi_or_source_is_one_paper_whatever_the_first_authors_spelling(tmp_path):
    """`LeCun` in one export, `Le Cun` in another, with the same DOI: two entries with one DOI, which
    check then refused; and a curator who corrected the spelling got a second entry on re-import."""
    one = rec("a.bib:1", "", title="Deep learning", authors=["Yann LeCun", "Yoshua Bengio"], doi="10.1038/nature14539")
    two = rec("b.json:1", "", title="Deep learning", authors=["Yann Le Cun"], doi="10.1038/NATURE14539")
    run([one, two], tmp_path)
    assert len(metas(tmp_path)) == 1
    path = next((tmp_path / "papers").iterdir())
    entry = read_entry(path)
    path.write_text(render_entry({**entry.meta, "authors": ["Yan Lecunn", "Yoshua Bengio"]}, entry.body), encoding="utf-8")
    assert run([one], tmp_path).writes == {} and len(metas(tmp_path)) == 1


def test_rewrite_keeps_blank_lines_and_a_hand_indented_list(tmp_path):
    import copy

    from generator.entries import parse_entry, rewrite_entry

    text = "---\ntitle: LSTM\nslug: lstm\n\ndate: '1997'\nsources:\n  - a.txt:1  # first seen here\n---\n\nAn abstract.\n"
    entry = parse_entry(text, tmp_path / "lstm.md")
    before = copy.deepcopy(entry.meta)
    entry.meta["sources"].append("b.ris:2")
    entry.meta["doi"] = "10.1162/neco.1997.9.8.1735"
    assert rewrite_entry(entry, before) == ("---\ntitle: LSTM\nslug: lstm\ndoi: 10.1162/neco.1997.9.8.1735\n\n"
                                            "date: '1997'\nsources:\n  - a.txt:1  # first seen here\n  - b.ris:2\n"
                                            "---\n\nAn abstract.\n")


@pytest.mark.parametrize("one_run", [True, False])
def test_a_list_of_the_first_authors_is_completed_by_a_whole_list(tmp_path, one_run):
    """Scholar's `Jumper and Evans and others`, then Zotero's whole list: `- others` stayed."""
    short = rec("scholar.bib:1", A1, title="Highly accurate protein structure prediction with AlphaFold",
                authors=["John Jumper", "Richard Evans", "others"])
    whole = rec("zotero.json:1", A1, title="Highly accurate protein structure prediction with AlphaFold",
                authors=["John Jumper", "Richard Evans", "Alexander Pritzel", "Tim Green"])
    other = rec("x.json:1", A1, title="Highly accurate protein structure prediction with AlphaFold",
                authors=["John Jumper", "Someone Else", "Alexander Pritzel"])
    if one_run:
        run([short, other, whole], tmp_path)
    else:
        run([short], tmp_path)
        run([other], tmp_path)
        run([whole], tmp_path)
    (meta,) = metas(tmp_path).values()
    assert meta["authors"] == ["John Jumper", "Richard Evans", "Alexander Pritzel", "Tim Green"]


def test_a_name_written_family_name_first_is_the_same_first_author_and_completes_a_list(tmp_path):
    """An entry imported before (`- Luc Van Gool`) and an export that now writes `Van Gool, Luc`:
    one author, so one paper (not two works of one title) and the short list completed."""
    run([rec("scholar.bib:1", A1, title="Night-time Dehazing", authors=["Luc Van Gool", "others"])], tmp_path)
    run([rec("zotero.json:1", "", title="Night-time dehazing", authors=["Van Gool, Luc", "Dengxin Dai"])], tmp_path)
    (meta,) = metas(tmp_path).values()
    assert meta["authors"] == ["Van Gool, Luc", "Dengxin Dai"] and len(meta["sources"]) == 2
    run([rec("other.bib:1", "", title="Night-time Dehazing", authors=["Ada Lovelace"])], tmp_path)
    assert len(metas(tmp_path)) == 2  # (another first author: another work)


def test_rewrite_keeps_comments_when_the_curator_ordered_the_keys_otherwise(tmp_path):
    """`venue:` above `authors:` (papercat writes them the other way) made import write the entry
    afresh: every comment and the list's indentation went."""
    import copy

    from generator.entries import parse_entry, rewrite_entry

    text = ("---\ntitle: Attention Is All You Need\nslug: attention\nvenue: NeurIPS 2017  # the conference\n"
            "authors:\n    - Ashish Vaswani\n    - Noam Shazeer   # second author\n\nsources:\n- hand\n"
            "doi: 10.5555/3295222.3295349\n---\n\nAn abstract.\n")
    entry = parse_entry(text, tmp_path / "attention.md")
    before = copy.deepcopy(entry.meta)
    entry.meta.update(arxiv="1706.03762", date="2017-06-12", links={"arxiv": "https://arxiv.org/abs/1706.03762"})
    entry.meta["sources"].append("arxiv.xml:5")
    after = rewrite_entry(entry, before)
    for kept in ("venue: NeurIPS 2017  # the conference\n", "    - Noam Shazeer   # second author\n\n",
                 "- hand\n- arxiv.xml:5\n"):
        assert kept in after, kept
    back = parse_entry(after, tmp_path / "attention.md")
    assert (back.meta, back.body) == (entry.meta, entry.body)


@pytest.mark.parametrize("one_run", [True, False])
def test_a_title_match_years_apart_is_noted_for_the_curator(tmp_path, one_run):
    """The arXiv GAN paper (2014) and the CACM article of the same title and first author (2020)
    became one entry dated 2014 with `venue: CACM 2020`, and nothing said so."""
    authors = ["Ian Goodfellow", "Jean Pouget-Abadie", "Mehdi Mirza"]
    arxiv = rec("gan.txt:1", A2, title="Generative Adversarial Networks", arxiv="1406.2661", authors=authors)
    cacm = rec("cacm.bib:3", "", title="Generative adversarial networks", authors=authors, date="2020-10",
               doi="10.1145/3422622", venue="CACM 2020")
    if one_run:
        plan = run([arxiv, cacm], tmp_path)
    else:
        run([arxiv], tmp_path)
        plan = run([cacm], tmp_path)
    (note,) = plan.summary.notes
    assert note.startswith("cacm.bib:3 was taken for the paper of ") and "2020 and 2014" in note
    assert "papercat new" in note
    # A journal version a year after the preprint is the common case: nothing to say.
    nextyear = rec("jmlr.bib:1", "", title="Generative Adversarial Networks", authors=authors, date="2015")
    assert run([nextyear], tmp_path).summary.notes == []


@pytest.mark.parametrize("title, kept", [
    ("Deep learning.", "Deep learning"),  # PubMed ends every title with a full stop
    ("Deep learning", "Deep learning"),
    ("Is it over?", "Is it over?"),
    ("Health policy in the U.S.", "Health policy in the U.S."),
    ("Surgeons, nurses et al.", "Surgeons, nurses et al."),
    ("To be continued...", "To be continued..."),
    ("Scaling laws of Acme Inc.", "Scaling laws of Acme Inc."),
    ("Vitamin A.", "Vitamin A."),
])
def test_an_imported_title_loses_pubmeds_full_stop(title, kept):
    assert rec("x.ris:1", "", title=title).title == kept
