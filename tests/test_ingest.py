"""generator.ingest: every parser on the real seed listings and on small crafted variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import PapercatError, Problem
from generator.ingest import parse_text, read_listing
from generator.ingest.detect import detect
from generator.arxiv_ids import split_arxiv_id
from generator.ingest.fields import parse_comment, parse_month_day
from generator.model import ParseResult, Record

from conftest import LISTINGS

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # (hypothesis's default: 200 took 28 s of CI)


def parse_file(path: Path, year: int | None = None) -> ParseResult:
    return parse_text(read_listing(path), path.name, year=year)


def by_line(result: ParseResult) -> dict[int, Record]:
    return {r.line: r for r in result.records}


# --- the real listings ------------------------------------------------------------------------

@pytest.mark.parametrize("key, fmt, count", [
    ("000", "abstract-lines", 4),
    ("001", "arxiv-listing", 10),
    ("002", "hf-daily", 91),
    ("003", "abstract-lines", 10),
    ("004", "title-abstract", 239),
])
def test_real_listing_format_and_count(raw_files, key, fmt, count):
    result = parse_file(raw_files[key])
    assert result.format == fmt
    assert len(result.records) == count
    assert result.problems == []
    assert len({r.line for r in result.records}) == count  # one record per paper, none folded together
    assert all(r.abstract and r.abstract == r.abstract.strip() and r.title for r in result.records)


@pytest.mark.parametrize("key", ["000", "003"])
def test_abstract_lines_one_paper_per_line_without_prefix(raw_files, key):
    lines = raw_files[key].read_text(encoding="utf-8").splitlines()
    result = parse_file(raw_files[key])
    assert [r.line for r in result.records] == list(range(1, len(lines) + 1))
    assert [r.abstract for r in result.records] == [x[len("Abstract:"):] for x in lines]
    assert all(r.title_derived for r in result.records)


def test_arxiv_listing_each_id_belongs_to_the_abstract_before_it(raw_files):
    result = parse_file(raw_files["001"])
    assert [(r.line, r.arxiv) for r in result.records] == [
        (1, "2404.16914"), (2, "2401.11230"), (3, "2401.02241"), (5, "2312.17419"), (7, "2312.03775"),
        (8, "2312.03256"), (9, "2311.15578"), (10, "2311.00201"), (11, "2310.17153"), (13, "2310.10769")]
    papers = by_line(result)
    assert papers[1].abstract.startswith("MoE facilitates the development of large models")
    assert papers[2].abstract.startswith("We study the hyperbolic version of the Prandtl system")
    assert all(not r.abstract.startswith("arXiv:") for r in result.records)


def test_arxiv_listing_last_bare_id_closes_lamp_with_its_project_link(raw_files):
    lamp = by_line(parse_file(raw_files["001"]))[13]
    assert lamp.arxiv == "2310.10769"
    assert lamp.abstract.startswith("With the impressive progress in diffusion-based text-to-image generation")
    assert lamp.comments == "Project Page: https://rq-wu.github.io/projects/LAMP"
    assert lamp.links == {"project": "https://rq-wu.github.io/projects/LAMP",
                          "arxiv": "https://arxiv.org/abs/2310.10769", "pdf": "https://arxiv.org/pdf/2310.10769"}
    assert lamp.date == "2023-10"
    assert lamp.title.startswith("LAMP: ") and lamp.title_derived


def test_arxiv_listing_comment_lines_attach_to_the_abstract_above_them(raw_files):
    papers = by_line(parse_file(raw_files["001"]))
    svorf = papers[3]
    assert (svorf.arxiv, svorf.venue, svorf.comments) == ("2401.02241", "NeurIPS 2023", "NeurIPS 2023")
    assert svorf.title == "sVORF: Slot-guided Volumetric Object Radiance Fields"
    assert (papers[5].pages, papers[5].figures, papers[5].arxiv) == (24, 4, "2312.17419")
    # "25 pages, 13 figures, NeurIPS 2023" sits between the Semi-implicit VI abstract (line 11) and
    # its id on line 13; arXiv:2311.00201 on line 11 closes the federated RL abstract of line 10.
    sivi = papers[11]
    assert sivi.abstract.startswith("Semi-implicit variational inference (SIVI)")
    assert (sivi.arxiv, sivi.pages, sivi.figures, sivi.venue) == ("2310.17153", 25, 13, "NeurIPS 2023")
    fedrl = papers[10]
    assert fedrl.arxiv == "2311.00201"
    assert (fedrl.pages, fedrl.figures, fedrl.venue, fedrl.comments) == (None, None, None, None)
    assert [line for line, r in papers.items() if r.venue] == [3, 11]


def test_hf_daily_metadata_blocks(raw_files):
    result = parse_file(raw_files["002"])
    papers = by_line(result)
    first = papers[13]
    assert first.title == "Multi-Outputs Is All You Need For Deblur"
    assert (first.date, first.authors_count, first.upvotes, first.organization) == ("2022-08-27", 3, None, None)
    unitalker = papers[21]
    assert (unitalker.date, unitalker.authors_count, unitalker.upvotes) == ("2024-08-01", 5, 2)
    deepseek = papers[85]
    assert deepseek.title.startswith("Insights into DeepSeek-V3")
    assert (deepseek.organization, deepseek.upvotes, deepseek.authors_count, deepseek.date) == \
        ("DeepSeek", 5, None, "2025-05-14")
    assert {r.line: r.organization for r in result.records if r.organization} == \
        {85: "DeepSeek", 101: "Reactive AI", 445: "OpenBMB"}
    assert [r.line for r in result.records if r.date is None] == [485, 641, 653, 697]
    assert all(r.authors_count is None and r.upvotes is None for r in result.records if r.date is None)


def test_hf_daily_yearless_dates_become_the_year_after_the_latest(raw_files):
    result = parse_file(raw_files["002"])
    assert result.notes == ["002_38d8b95752046c16.txt: 20 dates without a year set to 2025, the year after the "
                            "latest explicit year (2024); override with --year"]
    assert by_line(result)[53].date == "2025-07-01"  # "Jul 1" on line 59
    assert sum(1 for r in result.records if r.date and r.date.startswith("2025-")) == 20
    assert max(r.date for r in result.records if r.date and not r.date.startswith("2025")) < "2025"


def test_hf_daily_year_option_overrides_the_inference(raw_files):
    result = parse_file(raw_files["002"], year=2031)
    assert result.notes == ["002_38d8b95752046c16.txt: 20 dates without a year set to 2031 (from --year)"]
    papers = by_line(result)
    assert papers[85].date == "2031-05-14"
    assert papers[53].date == "2031-07-01"
    assert papers[13].date == "2022-08-27"  # an explicit year is never replaced


def test_title_abstract_chrome_glued_to_the_first_title_is_removed(raw_files):
    result = parse_file(raw_files["004"])
    papers = by_line(result)
    assert result.records[0].line == 3
    assert result.records[0].title == "MeDSLIP: Medical Dual-Stream Language-Image Pre-training for Fine-grained Alignment"
    assert papers[53].title == "Looking Backward: Streaming Video-to-Video Translation with Feature Banks"
    assert papers[475].title == "Multi-Head Adapter Routing for Cross-Task Generalization"
    assert result.records[-1].line == 479 and result.records[-1].title == "High-Fidelity Simultaneous Speech-To-Speech Translation"
    assert [r.line for r in result.records] == list(range(3, 480, 2))
    assert not any(r.title_derived for r in result.records)


@pytest.mark.parametrize("key, line, fragment", [
    ("003", 7, r"$\widetilde{O}\left(n^{-1} t^{-\frac{d+2}"),
    ("003", 7, r"$p_0*\mathcal{N}(0,t\bold"),
    ("004", 16, r"Fr\'echet"),
    ("004", 16, "(e.g., <0.1%)"),
    ("004", 224, "{it,es,de}->en"),
    ("004", 22, "speech_translation/direct_s2"),
    ("004", 278, "t-ReX*"),
    ("004", 424, "``what or how to generate\""),
    ("002", 407, "`who' and `speak what'"),
])
def test_real_abstracts_keep_their_text_exactly(raw_files, key, line, fragment):
    text = raw_files[key].read_text(encoding="utf-8").splitlines()[line - 1]
    assert fragment in text
    record = next(r for r in parse_file(raw_files[key]).records if fragment in r.abstract)
    assert record.abstract == text.strip().removeprefix("Abstract:")


# --- line endings, blank lines, a byte order mark --------------------------------------------

@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("variant", [
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t + "\n\n\n   \n",
    lambda t: "\ufeff" + t.replace("\n", "\r\n") + "\r\n\r\n",
    lambda t: t.replace("\n", "\r"),
], ids=["crlf", "trailing-blank-lines", "bom-crlf-trailing", "cr"])
def test_line_endings_and_trailing_blank_lines_change_nothing(raw_files, key, variant):
    text = raw_files[key].read_text(encoding="utf-8")
    plain, varied = parse_text(text, "x.txt"), parse_text(variant(text), "x.txt")
    assert (varied.format, varied.records, varied.problems, varied.notes) == \
        (plain.format, plain.records, plain.problems, plain.notes)


# --- crafted arXiv listing: versions, five- and four-digit ids, old-style ids ------------------

def test_arxiv_variants_fixture():
    result = parse_file(LISTINGS / "arxiv_variants.txt")
    assert result.format == "arxiv-listing" and result.problems == []
    assert [(r.line, r.arxiv, r.date) for r in result.records] == [
        (1, "2404.16914", "2024-04"),       # arXiv:2404.16914v2: the version is not part of the id
        (2, "1312.1234", "2013-12"),        # pre-2015, four digits, glued to "3D reconstruction"
        (4, "2310.10123", "2023-10"),       # five digits, glued to "4-bit quantization"
        (7, "hep-th/9901001", "1999-01")]   # old style with a version, bare on the last line
    p = result.records
    assert p[1].abstract == (r"We prove a bound of $\widetilde{O}(n^{-1})$ on the Fr\'echet distance between the two "
                             r"estimators, which improves on prior work.")
    assert p[2].abstract.startswith("3D reconstruction from a single image is hard; we use <0.1% of the labels, "
                                    "translate {it,es,de}->en, and keep snake_case_names, *stars* and `ticks'.")
    assert p[3].abstract.startswith("4-bit quantization of large language models")
    assert (p[1].venue, p[1].comments) == ("NeurIPS 2023", "Accepted at NeurIPS 2023")
    assert (p[2].pages, p[2].figures) == (12, 4)
    assert p[2].comments == "12 pages, 4 figures\nCode: https://github.com/example/repo3d"
    assert p[2].links["code"] == "https://github.com/example/repo3d"
    assert p[3].links["arxiv"] == "https://arxiv.org/abs/hep-th/9901001"


def test_arxiv_listing_reports_unreadable_and_orphan_ids_and_keeps_the_rest():
    abstract = "A long enough abstract about many things that keeps going so that it reads like prose."
    text = f"arXiv:2404.16914\n{abstract}\narXiv:2404.1691Next abstract is here.\nShort comment\narXiv:2404.16915\n"
    result = parse_text(text, "x.txt")
    assert [str(p) for p in result.problems] == [
        "x.txt:1: arXiv:2404.16914 has no abstract before it; id ignored "
        "(hint: an id belongs to the abstract above it)",
        "x.txt:3: unreadable arXiv id in 'arXiv:2404.1691Next abstract is here.'; line skipped "
        "(hint: write ids as arXiv:2310.10769 or arXiv:hep-th/9901001)"]
    assert [(r.line, r.arxiv, r.comments) for r in result.records] == [(2, "2404.16915", "Short comment")]


@pytest.mark.parametrize("text, expected", [
    ("2404.16914We study", ("2404.16914", None, "We study")),
    ("2404.16914v2We study", ("2404.16914", "v2", "We study")),
    ("2404.169143D scenes", ("2404.16914", None, "3D scenes")),
    ("1312.12343D scenes", ("1312.1234", None, "3D scenes")),
    ("1312.1234v12", ("1312.1234", "v12", "")),
    ("1501.00001", ("1501.00001", None, "")),
    ("hep-th/9901001v3 rest", ("hep-th/9901001", "v3", " rest")),
    ("math.AG/0601001", ("math.AG/0601001", None, "")),
    ("2404.1691", None),        # a 2015+ id needs five digits
    ("2413.12345", None),       # no month 13
    ("2400.12345", None),
    ("hello", None),
])
def test_split_arxiv_id(text, expected):
    assert split_arxiv_id(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("25 pages, 13 figures, NeurIPS 2023", {"pages": 25, "figures": 13, "venue": "NeurIPS 2023"}),
    ("24 pages,4 figures,research article", {"pages": 24, "figures": 4}),
    ("NeurIPS 2023", {"venue": "NeurIPS 2023"}),
    ("Accepted to CVPR'24", {"venue": "CVPR'24"}),  # (resolved to CVPR 2024 at import: venues.py)
    ("Project Page: https://rq-wu.github.io/projects/LAMP", {"urls": ["https://rq-wu.github.io/projects/LAMP"]}),
    ("Code at https://github.com/a/b.", {"urls": ["https://github.com/a/b"]}),
])
def test_parse_comment(line, expected):
    assert parse_comment(line) == expected


@pytest.mark.parametrize("text, expected", [
    ("Aug 27, 2022", (8, 27, 2022, None)),
    ("Aug 1, 2024 2", (8, 1, 2024, 2)),
    ("May 14 5", (5, 14, None, 5)),
    ("Jul 1", (7, 1, None, None)),
    ("September 3, 2021", (9, 3, 2021, None)),
    ("Foo 3", None),
    ("Jul 32", None),
    ("Jul", None),
])
def test_parse_month_day(text, expected):
    assert parse_month_day(text) == expected


# --- crafted Hugging Face page: organisation, no metadata, year-less dates ---------------------

def test_hf_variants_fixture():
    result = parse_file(LISTINGS / "hf_variants.txt")
    assert result.format == "hf-daily" and result.problems == []
    assert [(r.line, r.title, r.authors_count, r.organization, r.date, r.upvotes) for r in result.records] == [
        (3, "Tiny Title One", 3, None, "2022-08-27", 7),
        (11, "Org Paper Title", None, "DeepSeek", "2023-05-14", 5),
        (19, "No Metadata Title", None, None, None, None),
        (23, "Year Less Title", 1, None, "2023-02-03", None)]
    # An abstract that contains ` · ` is not mistaken for a metadata block.
    assert result.records[0].abstract == ("First abstract, with enough words to read as prose: we study the dot product "
                                          "x · y of two long vectors here.")
    assert result.notes == ["hf_variants.txt: 2 dates without a year set to 2023, the year after the latest explicit "
                            "year (2022); override with --year"]


def test_hf_variants_fixture_with_year_and_crlf():
    text = (LISTINGS / "hf_variants.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    result = parse_text(text, "hf.txt", year=2025)
    assert [r.date for r in result.records] == ["2022-08-27", "2025-05-14", None, "2025-02-03"]
    assert result.notes == ["hf.txt: 2 dates without a year set to 2025 (from --year)"]


def test_hf_daily_problems_name_file_and_line():
    abstract = "An abstract with enough words in it to be prose, about some method that works well enough."
    text = (f"Daily Papers\n\nTitle A\n\n{abstract}\n\n  • 2 authors\n·\nsoon\n\n"
            f"Title B\n\n{abstract} Again.\n\n  • 4 authors\n·\nFeb 30, 2024\n\n"
            f"Title C\n\n{abstract} Third.\n\n  • 1 author\n·\nMar 3\n")
    result = parse_text(text, "hf.txt")
    assert [str(p) for p in result.problems] == [
        "hf.txt:7: date: metadata block without a date; paper imported without one "
        "(hint: the block reads `• N authors`, `·`, `Mon D, YYYY`)",
        "hf.txt:9: title with no abstract after it; skipped (got 'soon') "
        "(hint: put the abstract on the line after the title)",
        "hf.txt:17: date: no such day 2024-02-30; paper imported without a date",
    ]
    assert [(r.title, r.authors_count, r.date) for r in result.records] == [
        ("Title A", 2, None), ("Title B", 4, None), ("Title C", 1, "2025-03-03")]


def test_hf_daily_yearless_date_with_no_year_anywhere_is_reported():
    abstract = "An abstract with enough words in it to be prose, about some method that works well enough."
    result = parse_text(f"Title A\n\n{abstract}\n\n  • 2 authors\n·\nMar 3\n\nTitle B\n\n{abstract} B.\n", "hf.txt")
    assert [str(p) for p in result.problems] == [
        "hf.txt:7: date: date has no year and the listing gives none to infer it from; paper imported without a date "
        "(hint: pass --year YYYY)"]
    assert [(r.title, r.authors_count, r.date) for r in result.records] == [("Title A", 2, None), ("Title B", None, None)]
    assert [r.date for r in parse_text(f"Title A\n\n{abstract}\n\n  • 2 authors\n·\nMar 3\n", "hf.txt", year=2020).records] \
        == ["2020-03-03"]


# --- crafted title/abstract and Abstract: listings --------------------------------------------

LONG = "This abstract has more than enough words in it to be read as prose by the listing parsers here."


def test_title_abstract_reports_a_title_without_abstract_and_keeps_the_rest():
    text = f"SubscribeFirst Title\n{LONG}\nOrphan Title\nSecond Title\n{LONG} Two.\n"
    result = parse_text(text, "t.txt")
    assert result.format == "title-abstract"
    assert [(r.line, r.title, r.abstract) for r in result.records] == [
        (1, "First Title", LONG), (4, "Second Title", LONG + " Two.")]
    assert [str(p) for p in result.problems] == [
        "t.txt:3: title with no abstract after it; skipped (got 'Orphan Title') "
        "(hint: put the abstract on the line after the title)"]


def test_title_abstract_reports_unknown_chrome():
    result = parse_text(f"Weird banner\nSomething else\nReal Title\n{LONG}\n", "t.txt")
    assert [(r.title, r.abstract) for r in result.records] == [("Real Title", LONG)]
    assert [str(p) for p in result.problems] == [
        "t.txt:1: unrecognised text before the first paper; skipped (got 'Weird banner') "
        "(hint: remove page chrome or fix the paper's title)",
        "t.txt:2: unrecognised text before the first paper; skipped (got 'Something else') "
        "(hint: remove page chrome or fix the paper's title)"]


def test_abstract_lines_reports_bad_lines_and_keeps_the_rest():
    text = f"Preamble\r\nAbstract: {LONG}\r\nAbstract:   \r\nabstract : {LONG} B\r\nwrapped tail\r\n\r\n"
    result = parse_text(text, "a.txt")
    assert result.format == "abstract-lines"
    assert [(r.line, r.abstract) for r in result.records] == [(2, LONG), (4, f"{LONG} B wrapped tail")]
    assert [str(p) for p in result.problems] == [
        "a.txt:1: text before the first `Abstract:` line; skipped (got 'Preamble') "
        "(hint: start each paper with `Abstract:`)",
        "a.txt:3: `Abstract:` with no text after it; skipped (hint: put the abstract on the same line)"]


def test_unknown_and_empty_listings():
    unknown = parse_text("hello\nworld\n", "u.txt")
    assert (unknown.format, unknown.records) == ("unknown", [])
    assert [str(p) for p in unknown.problems] == [
        "u.txt:1: cannot tell this listing's format; nothing imported "
        "(hint: supported: abstract-lines, arxiv-atom, arxiv-listing, bibtex, csl-json, hf-daily, ris, "
        "title-abstract)"]
    empty = parse_text(" \r\n\n", "e.txt")
    assert (empty.format, empty.records, empty.problems, empty.notes) == \
        ("empty", [], [], ["e.txt: empty listing, nothing to import"])


def test_read_listing_rejects_non_utf8_naming_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Abstract: fine\nAbstract: caf\xe9\n")
    with pytest.raises(PapercatError) as e:
        read_listing(path)
    assert [str(p) for p in e.value.problems] == [
        f"{path}:2: not UTF-8 text (byte 0xe9) (hint: save the listing as UTF-8 and import it again)"]


def test_detect_real_listings(raw_files):
    assert {k: detect(p.read_text(encoding="utf-8")) for k, p in raw_files.items()} == {
        "000": "abstract-lines", "001": "arxiv-listing", "002": "hf-daily", "003": "abstract-lines",
        "004": "title-abstract"}


# --- properties ---------------------------------------------------------------------------------

WORDS = st.sampled_from([
    "model", "diffusion", "we", "propose", "the", "of", r"$\widetilde{O}(n^{-1})$", r"Fr\'echet", "<0.1%",
    "{it,es,de}->en", "snake_case", "*bold*", "`ticks'", "``quotes\"", "a_b_c", "x·y", "50%", "&", "<b>", "C++",
    "é", "数据", "[1]", "(e.g.,", "https://github.com/a/b", "--", "#tag", "~", "|", "\\", "{}", "%", "ü",
])
ABSTRACT = st.lists(WORDS, min_size=25, max_size=60).map(lambda ws: "Abstract text " + " ".join(ws) + ".")
TITLE = st.lists(st.sampled_from(["Deep", "Fast", "Models", "Attention", "Graph", "LoRA", "Vision", "Mixture",
                                  "Experts", "for", "with", "of", "3D", "Net:", "V2"]), min_size=1, max_size=8).map(
    lambda ws: "A " + " ".join(ws))
NEWLINE = st.sampled_from(["\n", "\r\n"])


@FAST
@given(st.lists(ABSTRACT, min_size=1, max_size=8), NEWLINE)
def test_property_abstract_lines_every_line_is_one_paper(abstracts, nl):
    text = nl.join(f"Abstract:{a}" for a in abstracts) + nl
    result = parse_text(text, "p.txt")
    assert result.problems == []
    assert [(r.line, r.abstract) for r in result.records] == list(enumerate(abstracts, 1))


@FAST
@given(st.lists(st.tuples(TITLE, ABSTRACT), min_size=1, max_size=8), NEWLINE)
def test_property_title_abstract_every_pair_is_one_paper(pairs, nl):
    text = nl.join(f"{t}{nl}{a}" for t, a in pairs) + nl
    result = parse_text(text, "p.txt")
    assert result.problems == []
    assert [(r.line, r.title, r.abstract) for r in result.records] == \
        [(2 * i + 1, t, a) for i, (t, a) in enumerate(pairs)]


ARXIV_ID = st.tuples(st.integers(15, 24), st.integers(1, 12), st.integers(0, 99999)).map(
    lambda t: f"{t[0]:02d}{t[1]:02d}.{t[2]:05d}")


@FAST
@given(st.lists(st.tuples(ABSTRACT, ARXIV_ID, st.sampled_from(["", "v1", "v12"]),
                          st.sampled_from([None, "NeurIPS 2023", "10 pages, 3 figures"])), min_size=1, max_size=6),
       NEWLINE)
def test_property_arxiv_listing_every_abstract_gets_the_id_after_it(papers, nl):
    lines, glue = [], ""
    for abstract, arxiv_id, version, comment in papers:
        lines.append(glue + abstract)
        if comment:
            lines.append(comment)
        glue = f"arXiv:{arxiv_id}{version}"
    lines.append(glue)
    result = parse_text(nl.join(lines), "p.txt")
    assert result.format == "arxiv-listing" and result.problems == []
    assert [(r.abstract, r.arxiv, r.comments) for r in result.records] == \
        [(a, i, c) for a, i, _, c in papers]


@FAST
@given(st.lists(st.tuples(TITLE, ABSTRACT, st.integers(1, 40),
                          st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), st.integers(0, 999)),
                min_size=1, max_size=6))
def test_property_hf_daily_every_block_is_one_paper(papers):
    blocks = [f"{t}\n\n{a}\n\n  • {n} authors\n·\n{d:%b} {d.day}, {d.year} {u}" for t, a, n, d, u in papers]
    result = parse_text("Daily Papers\n\n" + "\n\n".join(blocks) + "\n", "p.txt")
    assert result.format == "hf-daily" and result.problems == []
    assert [(r.title, r.abstract, r.authors_count, r.date, r.upvotes) for r in result.records] == \
        [(t, a, n, d.isoformat(), u) for t, a, n, d, u in papers]


FRAGMENTS = st.sampled_from([
    "Abstract:", "Abstract: ", "abstract :", "arXiv:", "arXiv:2404.16914", "arXiv:2404.16914v2", "arXiv:1312.1234",
    "arXiv:hep-th/9901001", "arXiv:2404.1691", "·", " · ", "  • 3 authors", "• 1 author", "Aug 27, 2022",
    "Jul 1", "Feb 30, 2024", "May 14 5", "Jan 1, 0000", "deepseek-ai DeepSeek", "Subscribe", "SubscribeTitle",
    "Daily Papers", "New", "25 pages, 13 figures, NeurIPS 2023", "Project Page: https://x.org/p", "A Short Title",
    "This is a long sentence about diffusion models that keeps going with many words so that it reads as prose.",
    "We propose a method, called Foo Bar Baz (FBB), that works well.", "\n", "\n\n", "\r\n", "\r", " ", "\t",
    "\ufeff", r"$\widetilde{O}(n^{-1})$", "---", "null", "3D", "v2",
])
STRUCTURED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)


def _check_result(result: ParseResult, text: str) -> None:
    assert isinstance(result, ParseResult)
    n_lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for r in result.records:
        assert r.abstract and r.abstract == r.abstract.strip()
        assert r.title and 1 <= r.line <= n_lines
    for p in result.problems:
        assert isinstance(p, Problem) and str(p).startswith(f"p.txt:{p.line}: ") and 1 <= p.line <= n_lines


@FAST
@given(st.text(max_size=300), st.one_of(st.none(), st.integers(-3, 12000)))
def test_property_arbitrary_text_never_raises(text, year):
    _check_result(parse_text(text, "p.txt", year=year), text)


@FAST
@given(STRUCTURED, st.one_of(st.none(), st.integers(1, 9999)))
def test_property_structured_text_never_raises(text, year):
    _check_result(parse_text(text, "p.txt", year=year), text)


def test_a_record_of_control_characters_alone_is_no_paper():
    """Found by the property test above: an abstract of `\\x1b` passed the "has an abstract" filter,
    and lost it when control characters were dropped after parsing: a record of no text at all."""
    result = parse_text("Abstract:\x1b", "p.txt")
    _check_result(result, "Abstract:\x1b")
    assert result.records == []
