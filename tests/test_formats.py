"""Reference-manager exports (issue 16): BibTeX, CSL-JSON, arXiv API Atom and RIS files written
from facts about well-known papers are detected, read field by field, merged with each other and
with the shipped catalog, and re-imported without a change; a broken record is reported at its
line while the rest imports; arbitrary text never raises."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.entries import Entry, entry_paths, parse_entry, read_entry
from generator.importer import plan_import
from generator.ingest import parse_text
from generator.model import NO_ABSTRACT_LINE, Record
from generator.people import fold, person
from generator.search_index import load_index, read_search
from generator.validate import _check_value as check_value, check_entry

from conftest import snapshot
from tests.sitecheck import broken_links

ROOT = Path(__file__).resolve().parent.parent
FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
ATTENTION = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones", "Aidan N. Gomez",
             "Łukasz Kaiser", "Illia Polosukhin"]
BERT_AUTHORS = ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
NAACL_2019 = ("Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational "
              "Linguistics: Human Language Technologies, Volume 1 (Long and Short Papers)")


def parsed(name: str):
    return parse_text((FORMATS / name).read_text(encoding="utf-8"), name)


def by_title(records: list[Record]) -> dict[str, Record]:
    return {r.title: r for r in records}


@pytest.mark.parametrize("name, fmt", [("refs.bib", "bibtex"), ("broken.bib", "bibtex"), ("zotero.json", "csl-json"),
                                       ("arxiv_api.xml", "arxiv-atom"), ("refs.ris", "ris")])
def test_each_export_is_detected(name, fmt):
    assert parsed(name).format == fmt


# --- BibTeX ------------------------------------------------------------------------------------------

def test_bibtex_keeps_the_tex_logos_and_math(tmp_path):
    """pylatexenc drops `\\TeX` and friends: `The {\\TeX}book` was imported as `The book`."""
    from generator.ingest import parse_text, read_listing

    bib = tmp_path / "tex.bib"
    bib.write_text("@book{knuth, title = {The {\\TeX}book}, author = {Knuth, Donald E.}, year = {1984}}\n"
                   "@article{m, title = {On $O(n^2)$ \\LaTeX{} and {\\BibTeX} caf{\\'e}}, author = {M{\\\"u}ller, J{\\\"o}rg},"
                   " year = 2020}\n", encoding="utf-8")
    records = parse_text(read_listing(bib), "tex.bib").records
    assert [(r.title, r.authors) for r in records] == [("The TeXbook", ["Donald E. Knuth"]),
                                                       ("On $O(n^2)$ LaTeX and BibTeX café", ["Jörg Müller"])]



def test_a_bibtex_month_that_is_no_month_is_said_and_the_year_kept(tmp_path):
    from generator.ingest import parse_text, read_listing

    bib = tmp_path / "m.bib"
    bib.write_text("@article{a, title = {A}, year = 2020, month = {13}}\n"
                   "@article{b, title = {B}, year = 2020, month = jun}\n", encoding="utf-8")
    result = parse_text(read_listing(bib), "m.bib")
    assert [(r.title, r.date) for r in result.records] == [("A", "2020"), ("B", "2020-06")]
    assert result.problems == [] and result.notes == [
        "m.bib:1: @article{a: month '13' is not a month (write month = jun or month = 6); imported with the year only"]

def test_bibtex_string_concatenation_and_a_day_in_the_month_field_are_read():
    """`booktitle = nips # " 30"` and `month = "4~" # dec`, as older .bib files and some exports
    write them: the venue was `nips # " 30"` and the month a note."""
    text = ('@string{nips = "Advances in Neural Information Processing Systems"}\n'
            "@inproceedings{vaswani2017,\n  title = {Attention Is All You Need},\n"
            '  author = "Vaswani, Ashish and Shazeer, Noam",\n  booktitle = nips # " 30",\n'
            '  year = 2017,\n  month = "4~" # dec,\n  note = "See " # {\\url{https://arxiv.org/abs/1706.03762}},\n}\n')
    result = parse_text(text, "old.bib")
    (record,) = result.records
    assert (record.venue, record.date, record.arxiv) == (
        "Advances in Neural Information Processing Systems 30", "2017-12-04", "1706.03762")
    assert (result.problems, result.notes) == ([], [])


def test_bibtex_tex_the_decoder_cannot_read_is_kept_as_written_not_the_entry_skipped():
    """pylatexenc fails on some commands without their arguments (`\\href`: IndexError): the entry
    was skipped as "Middleware could not be fully applied: list index out of range". The value it
    fails on is kept as written; the rest is decoded."""
    text = ("@article{k,\n  title = {Links with \\href in {BERT}},\n  author = {M\\\"uller, Jan},\n"
            "  journal = {Nature},\n  year = 2020,\n}\n")
    result = parse_text(text, "odd.bib")
    (record,) = result.records
    assert (record.title, record.authors, record.venue) == ("Links with \\href in BERT", ["Jan Müller"], "Nature")
    assert result.problems == []


def test_bibtex_fields():
    result = parsed("refs.bib")
    assert result.problems == []
    papers = by_title(result.records)
    assert list(papers) == ["Attention Is All You Need",
                            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                            "When Does Label Smoothing Help?", "Language Models are Few-Shot Learners"]
    attention = papers["Attention Is All You Need"]
    assert attention.line == 3 and attention.authors == ATTENTION  # `Kaiser, {\L}ukasz` decoded, turned round
    assert (attention.arxiv, attention.arxiv_category, attention.date) == ("1706.03762", "cs.CL", "2017-12")
    assert attention.venue == "Advances in Neural Information Processing Systems"  # raw: no year appended
    assert "the Transformer, based solely on attention" in attention.abstract  # braces gone, lines joined

    bert = papers["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"]  # `{BERT}`
    assert bert.authors == BERT_AUTHORS
    assert (bert.doi, bert.date, bert.arxiv, bert.abstract) == ("10.18653/v1/N19-1423", "2019-06", None, "")
    assert bert.venue == NAACL_2019  # (`North {A}merican`: braces gone)

    assert papers["When Does Label Smoothing Help?"].authors == ["Rafael Müller", "Simon Kornblith", "Geoffrey E. Hinton"]

    gpt3 = papers["Language Models are Few-Shot Learners"]
    # `and others`: the list names the first four only (GPT-3 has 31 authors), so the entry says so
    assert gpt3.authors == ["Tom B. Brown", "Benjamin Mann", "Nick Ryder", "Melanie Subbiah", "others"]
    assert (gpt3.arxiv, gpt3.venue, gpt3.date) == ("2005.14165", None, "2020-05")  # the id out of `journal`, v4 dropped


def test_a_preprint_is_dated_by_its_arxiv_id_not_its_latest_version():
    # Zotero exports an arXiv preprint with its latest version's date (v7 of the Transformer paper,
    # August 2023); a published version keeps its own date, which its venue takes its year from.
    text = r"""@misc{vaswani_attention_2023, title = {Attention Is All You Need}, url = {http://arxiv.org/abs/1706.03762},
  note = {arXiv:1706.03762 [cs]}, publisher = {arXiv}, author = {Vaswani, Ashish and Shazeer, Noam},
  month = aug, year = {2023}}
@article{devlin2018bert, title = {{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  author = {Devlin, Jacob and Chang, Ming-Wei}, journal = {arXiv preprint arXiv:1810.04805}, year = {2019}}
@inproceedings{he2016deep, title = {Deep Residual Learning for Image Recognition}, author = {He, Kaiming},
  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition}, year = {2016},
  eprint = {1512.03385}, archivePrefix = {arXiv}}
"""
    attention, bert, resnet = parse_text(text, "zotero.bib").records
    assert (attention.arxiv, attention.date) == ("1706.03762", "2017-06")
    assert (bert.arxiv, bert.date) == ("1810.04805", "2018-10")
    assert (resnet.arxiv, resnet.date) == ("1512.03385", "2016")  # CVPR 2016: the published version's year
    items = [{"type": "article", "title": "BERT", "URL": "http://arxiv.org/abs/1810.04805",
              "issued": {"date-parts": [[2019, 5, 24]]}}]
    (csl,) = parse_text(json.dumps(items), "zotero.json").records
    assert (csl.arxiv, csl.date) == ("1810.04805", "2018-10")


def test_bibtex_names_months_and_ids():
    text = r"""@misc{a, title = {A}, author = {{Barack and Michelle} and van der Maaten, Laurens and Doe, Jr., John},
  year = 1998, month = {September}, eprint = {hep-th/9901001v2}, eprinttype = {arxiv}}
@misc{b, title = {B}, year = {in press}, month = 13}
"""
    result = parse_text(text, "n.bib")
    a, b = result.records
    assert a.authors == ["Barack and Michelle", "Laurens van der Maaten", "John Doe, Jr."]
    assert (a.date, a.arxiv) == ("1998-09", "hep-th/9901001")  # (printed before it was posted: its own date)
    assert b.date is None
    assert [str(p) for p in result.problems] == [
        "n.bib:3: date: @misc{b: year 'in press' is not a year; imported without a date (hint: write year = 2017)"]


@pytest.mark.parametrize("name", ["refs.bib", "zotero.json", "arxiv_api.xml"])
def test_an_export_with_a_byte_order_mark_is_read_as_its_format(name):
    """A .bib file saved with a BOM (Windows tools do) was taken for a plain-text listing, and its
    one entry became three entries titled `title={Segment Anything},`, `month = oct` ..."""
    text = (FORMATS / name).read_text(encoding="utf-8")
    plain, marked = parse_text(text, name), parse_text("\ufeff" + text, name)
    assert marked.format == plain.format != "unknown" and marked.problems == plain.problems
    assert [(r.title, r.line) for r in marked.records] == [(r.title, r.line) for r in plain.records]
    one = "\ufeff@inproceedings{kirillov2023segment,\n  title = {Segment Anything},\n  year = {2023},\n}\n"
    assert [(r.title, r.date) for r in parse_text(one, "bom.bib").records] == [("Segment Anything", "2023")]


def test_a_dblp_crossref_gives_the_paper_its_proceedings_and_the_volume_is_no_paper():
    """DBLP exports a paper with `crossref = {DBLP:conf/iclr/2021}` and the volume as an entry of its
    own: the paper had no venue and no date, and the volume was imported as a paper."""
    from generator.venues import read_venues, resolve_records

    text = ("@inproceedings{DBLP:conf/iclr/DosovitskiyB0WZ21,\n"
            "  author = {Alexey Dosovitskiy and Lucas Beyer and Alexander Kolesnikov},\n"
            "  title = {An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale},\n"
            "  crossref = {DBLP:conf/iclr/2021},\n}\n\n"
            "@proceedings{DBLP:conf/iclr/2021,\n"
            "  title = {9th International Conference on Learning Representations, {ICLR} 2021, Virtual Event, "
            "Austria, May 3-7, 2021},\n  publisher = {OpenReview.net},\n  year = {2021},\n}\n")
    result = parse_text(text, "dblp.bib")
    (vit,) = result.records
    resolve_records(result.records, read_venues(ROOT / "content"))
    assert (vit.title[:22], vit.venue, vit.date, vit.line) == ("An Image is Worth 16x1", "ICLR 2021", "2021", 1)
    assert result.problems == []
    # The volume's own DOI (and URL, ISBN) is not the paper's: two papers got one DOI, which check refused.
    with_doi = text.replace("  year = {2021},\n}", "  year = {2021},\n  doi = {10.1007/978-3-030-58452-8},\n"
                                                  "  url = {https://openreview.net/group?id=ICLR.cc/2021},\n}")
    (vit,) = parse_text(with_doi, "dblp.bib").records
    assert vit.doi is None and "https://openreview.net/group?id=ICLR.cc/2021" not in vit.links.values()


def test_a_broken_bibtex_entry_is_reported_at_its_line_and_the_rest_imports():
    result = parsed("broken.bib")
    assert [r.title for r in result.records] == ["Adam: A Method for Stochastic Optimization",
                                                 "Dropout: A Simple Way to Prevent Neural Networks from Overfitting"]
    assert [str(p) for p in result.problems] == [
        "broken.bib:8: cannot read this entry (Unexpected block start: `@article`. Was still looking for "
        "field-value closing `}`); entry skipped (hint: check the braces and commas of this entry)"]
    dropout = result.records[1]
    assert dropout.venue == "Journal of Machine Learning Research" and dropout.line == 14


# --- CSL-JSON ----------------------------------------------------------------------------------------

def test_csl_json_fields():
    result = parsed("zotero.json")
    assert result.problems == []
    attention, resnet, tsne = result.records
    assert (attention.line, resnet.line, tsne.line) == (2, 26, 43)
    assert attention.authors == ATTENTION
    # The arXiv URL gives the id; the arXiv DOI names the preprint, which `arxiv` already holds.
    assert (attention.arxiv, attention.doi, attention.date, attention.venue) == ("1706.03762", None, "2017-06-12", None)
    assert resnet.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert (resnet.doi, resnet.date, resnet.abstract) == ("10.1109/CVPR.2016.90", "2016-06", "")
    assert resnet.venue == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert tsne.authors == ["Laurens van der Maaten", "Geoffrey Hinton"]
    assert (tsne.date, tsne.venue) == ("2008", "Journal of Machine Learning Research")


def test_an_organisation_as_the_only_author_is_the_entrys_organization():
    """From a new user's review: BibTeX's `author = {{OpenAI}}` (braced whole: not a person's name to
    split) became the person "OpenAI", a JSON-LD Person with the family name OpenAI. The only author
    written so, in BibTeX or as CSL's `literal`, is the paper's organisation, cited whole; braced
    among people, or unbraced (`Plato`), a name stays an author."""
    bib = parse_text("@misc{gpt4, title = {GPT-4 Technical Report}, author = {{OpenAI}}, year = {2023}}\n"
                     "@misc{gemini, title = {Gemini}, author = {{Gemini Team} and Anil, Rohan}, year = {2023}}\n"
                     "@book{plato, title = {The Republic}, author = {Plato}, year = {1992}}\n", "refs.bib")
    assert [(r.authors, r.organization) for r in bib.records] == [
        ([], "OpenAI"), (["Gemini Team", "Rohan Anil"], None), (["Plato"], None)]
    csl = parse_text('[{"title": "GPT-4 Technical Report", "author": [{"literal": "OpenAI"}]},'
                     ' {"title": "Gemini", "author": [{"literal": "Gemini Team"}, {"family": "Anil", "given": "Rohan"}]}]',
                     "zotero.json")
    assert [(r.authors, r.organization) for r in csl.records] == [([], "OpenAI"), (["Gemini Team", "Rohan Anil"], None)]


def test_csl_json_problems_name_the_item_line():
    text = ('[\n  {"title": "Attention Is All You Need", "author": [{"literal": "Google Brain"}]},\n  42,\n'
            '  {"type": "article"},\n  {"title": "Cut short", \n')
    result = parse_text(text, "z.json")
    assert [(r.title, r.authors, r.organization) for r in result.records] == [("Attention Is All You Need", [], "Google Brain")]
    assert [str(p) for p in result.problems] == [
        "z.json:3: an item must be a JSON object (got int); skipped",
        "z.json:4: title: item without a title; skipped (hint: every item needs \"title\")",
        "z.json:5: not valid JSON (Expecting property name enclosed in double quotes at line 6, column 1); this item "
        "and the rest of "
        "the file not imported (hint: export the library again, or fix the JSON here)"]
    cut = parse_text('[{"title": "Attention Is All You Need", "abstract": "The domin', "cut.json")
    assert [str(p) for p in cut.problems] == [
        "cut.json:1: not valid JSON (Unterminated string starting at line 1, column 53); this item and the rest of "
        "the file not imported (hint: export the library again, or fix the JSON here)"]


# --- arXiv API ---------------------------------------------------------------------------------------

def test_arxiv_api_fields():
    result = parsed("arxiv_api.xml")
    assert result.problems == []
    attention, bert = result.records
    assert (attention.line, bert.line) == (10, 53)
    assert (attention.arxiv, bert.arxiv) == ("1706.03762", "1810.04805")  # v7 and v2 dropped
    assert (attention.date, bert.date) == ("2017-06-12", "2018-10-11")  # `published`, in full
    assert attention.authors[6] == "Lukasz Kaiser" and len(attention.authors) == 8  # (as arXiv spells it)
    assert bert.authors == BERT_AUTHORS
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert (attention.arxiv_category, bert.arxiv_category) == ("cs.CL", "cs.CL")
    # The comment is read as in arXiv listings.
    assert (attention.comments, attention.pages, attention.figures) == ("15 pages, 5 figures", 15, 5)
    assert attention.links["pdf"] == "https://arxiv.org/pdf/1706.03762"
    assert bert.abstract.startswith("We introduce a new language representation model called BERT, which stands for ")


def _feed(entry: str) -> str:
    return ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            f'xmlns:arxiv="http://arxiv.org/schemas/atom">\n{entry}\n</feed>\n')


def test_arxiv_api_doi_journal_ref_and_comment_venue():
    result = parse_text(_feed(
        "<entry><id>http://arxiv.org/abs/1810.04805v2</id><title>BERT</title><summary>x</summary>"
        "<arxiv:doi>10.18653/v1/N19-1423</arxiv:doi><arxiv:journal_ref>NAACL-HLT 2019</arxiv:journal_ref>"
        "<arxiv:comment>NeurIPS 2019</arxiv:comment></entry>"), "q.xml")
    [bert] = result.records
    assert (bert.doi, bert.venue) == ("10.18653/v1/N19-1423", "NAACL-HLT 2019")  # the journal ref comes first
    result = parse_text(_feed("<entry><id>http://arxiv.org/abs/1906.02629v3</id><title>T</title>"
                              "<arxiv:comment>Accepted at NeurIPS 2019, 13 pages</arxiv:comment></entry>"), "q.xml")
    assert result.records[0].venue == "NeurIPS 2019"


@pytest.mark.parametrize("ref, venue, volume, issue, pages", [
    ("Nature 521, 436-444 (2015)", "Nature 2015", "521", None, "436-444"),
    ("Phys. Rev. Lett. 116, 061102 (2016)", "Phys. Rev. Lett. 2016", "116", None, "061102"),
    ("J. Mach. Learn. Res. 15(56):1929-1958, 2014", "J. Mach. Learn. Res. 2014", "15", "56", "1929-1958"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence, vol. 39, no. 6, pp. 1137-1149, 2017",
     "IEEE Transactions on Pattern Analysis and Machine Intelligence 2017", "39", "6", "1137-1149"),
    ("NAACL-HLT 2019", "NAACL-HLT 2019", None, None, None),
    ("Medical Image Analysis 42 (2017) 60-88", "Medical Image Analysis 2017", "42", None, "60-88"),
    ("Phys.Lett. B716 (2012) 1-29", "Phys.Lett. 2012", "B716", None, "1-29"),
    # A conference's reference: its year is no volume, and its pages no year.
    ("CVPR 2016, pp. 770-778", "CVPR 2016, pp. 770-778", None, None, None),
    ("NeurIPS 2020, 33, 1877-1901", "NeurIPS 2020, 33, 1877-1901", None, None, None),
])
def test_an_arxiv_journal_ref_gives_the_volume_issue_and_pages(ref, venue, volume, issue, pages):
    """They stayed inside the venue's name (and `15(56):1929-1958, 2014` was read as the year 1958)."""
    from generator.venues import year_in

    result = parse_text(_feed(f"<entry><id>http://arxiv.org/abs/1502.01852v1</id><title>T</title><summary>x</summary>"
                              f"<arxiv:journal_ref>{ref}</arxiv:journal_ref></entry>"), "q.xml")
    [r] = result.records
    assert (r.venue, r.volume, r.issue, r.page_range) == (venue, volume, issue, pages)
    assert r.type == ("article" if volume and venue.split()[0] not in ("Nature", "Journal", "IEEE") else None)
    assert year_in(ref) == int(venue.split(",")[0][-4:])


@pytest.mark.parametrize("text, year", [("AAAI-2021", 2021), ("ECCV-2018 Workshops", 2018), ("pp. 1999-2005, 2010", 2010),
                                        ("JMLR 15(56):1929-1958, 2014", 2014)])
def test_a_venue_texts_year_is_no_page(text, year):
    from generator.venues import year_in

    assert year_in(text) == year


def test_arxiv_api_errors_bombs_and_broken_xml_are_reported():
    error = parse_text(_feed("<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234</id>"
                             "<title>Error</title><summary>incorrect id format for 1234.1234</summary></entry>"), "e.xml")
    assert [str(p) for p in error.problems] == [
        "e.xml:3: the arXiv API reported an error: incorrect id format for 1234.1234"]
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&b;</title></entry></feed>')
    refused = parse_text(bomb, "bomb.xml")
    assert refused.records == []
    assert [str(p) for p in refused.problems] == [
        "bomb.xml:1: XML refused: DTDForbidden; nothing imported "
        "(hint: an arXiv API response has no DTD or entity declarations)"]
    broken = parse_text(_feed("<entry><title>T</title>\n<summary>x</entry>"), "b.xml")
    assert [(p.line, p.message) for p in broken.problems] == [
        (4, "not well-formed XML (mismatched tag); nothing imported")]


# --- RIS ---------------------------------------------------------------------------------------------

def test_ris_fields_and_problems():
    resnet, adam = parsed("refs.ris").records
    assert (resnet.line, adam.line) == (1, 15)
    assert resnet.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert (resnet.doi, resnet.date, resnet.venue) == ("10.1109/CVPR.2016.90", "2016-06",
                                                       "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)")
    assert (adam.arxiv, adam.venue, adam.authors) == ("1412.6980", None, ["Diederik P. Kingma", "Jimmy Ba"])
    result = parse_text("TY  - JOUR\nTI  - A\nER  - \nAU  - Stray, Line\nTY  - JOUR\nAB  - no title\nER  - \n"
                        "TY  - JOUR\nTI  - Cut short\n", "r.ris")
    assert [r.title for r in result.records] == ["A", "Cut short"]
    assert [str(p) for p in result.problems] == [
        "r.ris:4: AU line outside a record; skipped (hint: a record starts with `TY  - JOUR` and ends with `ER  -`)",
        "r.ris:5: title: record without a title (TI); skipped"]
    # An unclosed record is imported: a note, not a problem (which the summary counted as skipped).
    assert result.notes == ["r.ris:8: the last record is not closed with `ER  -`; imported as it is "
                            "(the file may be cut short)"]


def test_a_family_name_of_several_words_is_written_first_where_given_names_first_would_lose_it(tmp_path):
    """Exports say `Van Gool` is the family name; import wrote `- Luc Van Gool`, cited `Gool, Luc Van`
    and filed under G. The comma form is written only when "Given Family" would split wrong."""
    csl_text = json.dumps([{"title": "Dehazing", "author": [
        {"family": "Van Gool", "given": "Luc"}, {"family": "Gool", "non-dropping-particle": "Van", "given": "L."},
        {"family": "Maaten", "non-dropping-particle": "van der", "given": "Laurens"},
        {"family": "Vaswani", "given": "Ashish"}, {"family": "De Boer", "given": "Pieter-Tjerk", "suffix": "Jr."},
        {"literal": "Meta AI, FAIR"}]}])
    assert parse_text(csl_text, "z.json").records[0].authors == [
        "Van Gool, Luc", "Van Gool, L.", "Laurens van der Maaten", "Ashish Vaswani", "De Boer, Pieter-Tjerk, Jr.",
        "Meta AI, FAIR"]
    bib = ("@article{t, title = {Visualizing Data using t-SNE},\n"
           "  author = {Van der Maaten, Laurens and Hinton, Geoffrey}}\n"
           "@article{u, title = {U}, author = {van der Maaten, Laurens and Vaswani, Ashish and Le Cun, Jr., Yann}}\n")
    t, u = parse_text(bib, "n.bib").records
    assert t.authors == ["Van der Maaten, Laurens", "Geoffrey Hinton"]
    assert u.authors == ["Laurens van der Maaten", "Ashish Vaswani", "Le Cun, Yann, Jr."]
    ris = ("TY  - JOUR\nTI  - Gradient-based learning\nAU  - Le Cun, Y.\nAU  - Bottou, L.\nAU  - Vaswani, Ashish\n"
           "ER  - \n")
    assert parse_text(ris, "r.ris").records[0].authors == ["Le Cun, Y.", "L. Bottou", "Ashish Vaswani"]
    # What import writes, check reads as written: no problem, and the family name the export gave.
    from generator.people import split_name

    [text] = plan_import([t], [], tmp_path).writes.values()
    entry = parse_entry(text, tmp_path / "t.md")
    assert "authors:\n- Van der Maaten, Laurens\n- Geoffrey Hinton\n" in text
    assert check_entry(entry, set(), set())[1] == []
    assert [split_name(a).family for a in entry.meta["authors"]] == ["Van der Maaten", "Hinton"]


# --- import: merging, idempotence, the shipped catalog -------------------------------------------------

ALL = ["refs.bib", "zotero.json", "arxiv_api.xml", "refs.ris", "broken.bib"]


def test_exports_fold_into_one_entry_per_paper_and_reimport_writes_nothing(tmp_path, papercat):
    content = tmp_path / "content"
    first = papercat("import", *(FORMATS / n for n in ALL), "--content", content)
    assert first.status == 1  # (broken.bib's broken entry)
    assert first.summary == "added 8, merged 5 duplicate listings, updated 0, unchanged 0, skipped 1"
    entries = {p.stem: read_entry(p) for p in entry_paths(content)}
    attention = entries["attention-is-all-you-need"]
    assert attention.meta["sources"] == ["refs.bib:3", "zotero.json:2", "arxiv_api.xml:10"]
    assert attention.meta["authors"] == ATTENTION  # the first listing's (BibTeX: Łukasz, not arXiv's Lukasz)
    assert "authors_count" not in attention.meta  # (the list gives it)
    assert (attention.meta["pages"], attention.meta["arxiv_category"]) == (15, "cs.CL")
    bert = entries["bert-pre-training-of-deep-bidirectional-transformers-for"]
    # BibTeX has no abstract; the arXiv API's listing of the same paper (same title) gives it.
    assert bert.body.startswith("We introduce a new language representation model called BERT")
    assert (bert.meta["doi"], bert.meta["arxiv"]) == ("10.18653/v1/N19-1423", "1810.04805")
    resnet = entries["deep-residual-learning-for-image-recognition"]
    assert resnet.meta["sources"] == ["zotero.json:26", "refs.ris:1"] and resnet.body == NO_ABSTRACT_LINE + "\n"
    before = snapshot(content)
    again = papercat("import", *(FORMATS / n for n in ALL), "--content", content)
    assert again.summary == "added 0, merged 5 duplicate listings, updated 0, unchanged 8, skipped 1"
    assert snapshot(content) == before


def test_a_name_arxiv_writes_without_accents_takes_them_from_another_listing_in_the_same_run(tmp_path, papercat):
    """From an audit: arXiv's listing first, "Attention Is All You Need" kept its `Lukasz Kaiser`,
    though the BibTeX and Zotero records imported with it said Łukasz. Listings of one run give the
    names their accents, whichever came first; an entry already written keeps its spelling (it may
    be a curator's), and a list ending `- others` is made whole across a difference of accents."""
    content = tmp_path / "content"
    files = [FORMATS / "arxiv_api.xml", FORMATS / "refs.bib"]
    papercat("import", *files, "--content", content)
    path = content / "papers" / "attention-is-all-you-need.md"
    assert "Łukasz Kaiser" in [person(a) for a in read_entry(path).meta["authors"]]
    assert [fold(person(a)) for a in read_entry(path).meta["authors"]] == [fold(person(a)) for a in ATTENTION]
    before = snapshot(content)
    papercat("import", *files, "--content", content)
    assert snapshot(content) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Łukasz", "Lukasz"), encoding="utf-8")  # (a curator's)
    shutil.copy(FORMATS / "zotero.json", tmp_path / "zotero-again.json")  # (a source not yet read)
    papercat("import", tmp_path / "zotero-again.json", "--content", content)
    assert "Lukasz Kaiser" in [person(a) for a in read_entry(path).meta["authors"]]
    assert "zotero-again.json:2" in read_entry(path).meta["sources"]  # (it was read, and filled nothing)
    scholar, zotero = tmp_path / "scholar.bib", tmp_path / "zotero.bib"
    scholar.write_text("@article{w, title = {A Study of Widgets}, author = {Kaiser, Lukasz and others}, "
                       "year = 2020}\n", encoding="utf-8")
    zotero.write_text("@article{w2, title = {A Study of Widgets}, author = {Kaiser, {\\L}ukasz and Doe, Jane}, "
                      "year = 2020}\n", encoding="utf-8")
    papercat("import", scholar, zotero, "--content", tmp_path / "widgets")
    (widgets,) = entry_paths(tmp_path / "widgets")
    assert [person(a) for a in read_entry(widgets).meta["authors"]] == ["Łukasz Kaiser", "Jane Doe"]


def test_a_bibtex_record_fills_what_an_entry_lacks(tmp_path, papercat):
    """BERT imported from the arXiv API, then from BibTeX: the entry gains DOI, venue and a source."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "venues.yml", content / "venues.yml")  # (the booktitle resolves through it)
    papercat("import", FORMATS / "arxiv_api.xml", "--content", content)
    path = content / "papers" / "bert-pre-training-of-deep-bidirectional-transformers-for.md"
    body = read_entry(path).body
    run = papercat("import", FORMATS / "refs.bib", "--content", content)
    assert run.summary == "added 2, merged 0 duplicate listings, updated 2, unchanged 0, skipped 0"  # (+Attention)
    bert = read_entry(path)
    assert (bert.meta["doi"], bert.meta["venue"]) == ("10.18653/v1/N19-1423", "NAACL 2019")
    assert bert.meta["sources"] == ["arxiv_api.xml:53", "refs.bib:23"]
    assert bert.meta["date"] == "2018-10-11" and bert.body == body  # what was there stays


RESNET_ABSTRACT = ("Deeper neural networks are more difficult to train. We present a residual learning framework to "
                   "ease the training of networks that are substantially deeper than those used previously.")


def test_doi_matches_whatever_its_case_and_an_empty_body_is_filled(tmp_path):
    existing = Entry(tmp_path / "resnet.md", {"title": "Deep Residual Learning for Image Recognition", "slug": "resnet",
                                              "doi": "10.1109/CVPR.2016.90", "authors_count": 4, "sources": ["a:1"]}, "")
    record = Record("b.ris", 1, RESNET_ABSTRACT, title="ResNet", doi="10.1109/cvpr.2016.90",
                    authors=["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"])
    plan = plan_import([record], [existing], tmp_path)
    assert list(plan.writes) == [tmp_path / "resnet.md"] and plan.summary.updated == ["resnet"]
    written = parse_entry(plan.writes[tmp_path / "resnet.md"], tmp_path / "resnet.md")
    assert written.meta["title"] == "Deep Residual Learning for Image Recognition"  # kept, not the record's
    assert written.meta["authors"][0] == "Kaiming He" and written.meta["authors_count"] == 4
    assert written.body == RESNET_ABSTRACT + "\n"


def test_a_new_entry_with_authors_has_no_authors_count(tmp_path):
    listed = Record("hf.txt", 3, RESNET_ABSTRACT, title="Deep Residual Learning for Image Recognition", authors_count=4)
    exported = Record("r.bib", 1, "", title="Deep Residual Learning for Image Recognition",
                      authors=["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"])
    [text] = plan_import([listed, exported], [], tmp_path).writes.values()
    meta = parse_entry(text, tmp_path / "x.md").meta
    assert len(meta["authors"]) == 4 and "authors_count" not in meta


def _shipped_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("raw"))
    return content


LAMP = "papers/lamp-few-shot-based-tuning-framework.md"
LAMP_AUTHORS = ["Ruiqi Wu", "Liangyu Chen", "Tong Yang", "Chunle Guo", "Chongyi Li", "Xiangyu Zhang"]


def test_bibtex_merges_into_the_shipped_catalog_without_touching_a_curators_fields(tmp_path, papercat):
    """LAMP (arXiv 2310.10769) ships with a title derived from its abstract; a curator has written the
    real one and a tag. Its BibTeX record adds authors, venue, category and a source, and nothing else."""
    content = _shipped_copy(tmp_path)
    path = content / LAMP
    text = path.read_text(encoding="utf-8")
    assert "arxiv: '2310.10769'" in text and "title_derived: true\n" in text
    curated = text.replace("title: 'LAMP: Few-shot-based tuning framework'\ntitle_derived: true\n",
                           "title: 'LAMP: Learn a motion pattern'\n").replace("sources:", "tags:\n- video-generation\nsources:")
    path.write_text(curated, encoding="utf-8")
    before = snapshot(content)
    run = papercat("import", FORMATS / "lamp.bib", "--content", content)
    assert (run.status, run.summary) == (0, "added 0, merged 0 duplicate listings, updated 1, unchanged 0, skipped 0")
    changed = {k for k, v in snapshot(content).items() if before.get(k) != v}
    assert changed == {LAMP, "imported.txt"}  # (which names LAMP by the title the curator wrote)
    assert "\ttitle:lamp learn a motion pattern\t" in (content / "imported.txt").read_text(encoding="utf-8")
    lamp, curated_entry = read_entry(path), parse_entry(curated, path)
    assert lamp.body == curated_entry.body
    for key in ("title", "tags", "slug", "date", "added", "comments", "links"):
        assert lamp.meta[key] == curated_entry.meta[key], key
    assert lamp.meta["authors"] == LAMP_AUTHORS
    assert lamp.meta["venue"] == "CVPR 2024"  # (the booktitle, resolved through the shipped venues.yml)
    assert lamp.meta["arxiv_category"] == "cs.CV"
    assert lamp.meta["sources"] == ["001_83e77e0a996520f5.txt:13", "lamp.bib:1"]
    assert "doi" not in lamp.meta  # (the record gives none)
    assert papercat("check", "--content", content).status == 0
    again = snapshot(content)
    papercat("import", FORMATS / "lamp.bib", "--content", content)
    assert snapshot(content) == again


def test_a_real_title_replaces_the_provisional_one_in_the_shipped_catalog(tmp_path, papercat):
    content = _shipped_copy(tmp_path)
    papercat("import", FORMATS / "lamp.bib", "--content", content)
    lamp = read_entry(content / LAMP)
    assert lamp.meta["title"] == "LAMP: Learn A Motion Pattern for Few-Shot Video Generation"
    assert "title_derived" not in lamp.meta


# --- entries without an abstract ------------------------------------------------------------------------

def test_entries_without_an_abstract_build_into_a_valid_site(tmp_path, papercat):
    content = tmp_path / "content"
    papercat("import", FORMATS / "refs.bib", FORMATS / "zotero.json", "--content", content)
    (content / "catalog.yml").write_text("title: Exports\nsite_url: https://example.org/\n", encoding="utf-8")
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    check = papercat("check", "--content", content)
    assert check.status == 0
    assert "  no abstract (4): paste it below the front matter, in place of the line `(No abstract yet: ...)`" in check.out
    out = tmp_path / "site"
    build(content, out)
    assert broken_links(out, strict=True) == []
    html = (out / "papers" / "deep-residual-learning-for-image-recognition" / "index.html").read_text(encoding="utf-8")
    assert 'id="abstract-h"' not in html and "Deep Residual Learning for Image Recognition" in html
    ld = json.loads(html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert "abstract" not in ld
    assert 'id="abstract-h"' in (out / "papers" / "attention-is-all-you-need" / "index.html").read_text(encoding="utf-8")
    feed = ET.parse(out / "feed.xml").getroot()
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Deep Residual Learning for Image Recognition" in titles
    items = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    assert any(i["title"] == "Visualizing Data using t-SNE" for i in items)
    csl = json.loads((out / "papers" / "visualizing-data-using-t-sne" / "visualizing-data-using-t-sne.json")
                     .read_text(encoding="utf-8"))
    assert all("abstract" not in item for item in (csl if isinstance(csl, list) else [csl]))
    # The search index knows the paper by its title.
    index = load_index(read_search(out / "search")[1])
    assert [r["ref"] for r in index.search("residual")]


def test_notes_in_an_entry_without_an_abstract_stay_notes_until_an_import_fills_the_abstract(tmp_path, papercat):
    """From a new user's review: notes written in an imported entry without an abstract were its first
    paragraph, so the page, citations and feeds showed them as the abstract, and an import of a listing
    that had the abstract filled nothing. The entry now says where the abstract goes."""
    content = tmp_path / "content"
    papercat("import", FORMATS / "zotero.json", "--content", content)
    path = content / "papers" / "deep-residual-learning-for-image-recognition.md"
    assert read_entry(path).body == NO_ABSTRACT_LINE + "\n" and read_entry(path).abstract == ""
    path.write_text(path.read_text(encoding="utf-8") + "\nMy notes: read section 4 on shortcuts.\n", encoding="utf-8")
    (content / "catalog.yml").write_text("title: Exports\n", encoding="utf-8")
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    assert "no abstract (" in papercat("check", "--content", content).out  # (still listed)
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / "papers" / "deep-residual-learning-for-image-recognition" / "index.html").read_text(
        encoding="utf-8")
    assert 'id="abstract-h"' not in html and "No abstract yet" not in html
    assert re.search(r'<h2 id="notes-h">Notes</h2>\s*<p>My notes: read section 4 on shortcuts.</p>', html)
    listing = tmp_path / "resnet.bib"
    listing.write_text("@inproceedings{he2016,\n  title = {Deep Residual Learning for Image Recognition},\n"
                       "  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},\n  year = {2016},\n"
                       "  abstract = {Deeper neural networks are more difficult to train.}\n}\n", encoding="utf-8")
    papercat("import", listing, "--content", content)
    entry = read_entry(path)
    assert (entry.abstract, entry.body) == ("Deeper neural networks are more difficult to train.",
                                            "Deeper neural networks are more difficult to train.\n\n"
                                            "My notes: read section 4 on shortcuts.\n")


def test_an_empty_body_needs_a_title_of_its_own(tmp_path):
    papers = tmp_path / "content" / "papers"
    papers.mkdir(parents=True)
    (papers / "titled.md").write_text("---\ntitle: Deep Residual Learning\nslug: titled\n---\n", encoding="utf-8")
    (papers / "derived.md").write_text("---\ntitle: Derived\ntitle_derived: true\nslug: derived\n---\n\n", encoding="utf-8")
    assert check_entry(read_entry(papers / "titled.md"), set(), set())[1] == []
    assert [str(p) for p in check_entry(read_entry(papers / "derived.md"), set(), set())[1]] == [
        f"{papers / 'derived.md'}:1: the body is empty: the abstract goes below the front matter"]


# --- no traceback, ever -------------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PREFIXES = ["@article{k,\n", "@misc{", "[", "[{", "{\"title\": ", '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
            "<feed>", "TY  - JOUR\n", "TY  - JOUR\nTI  - "]
PIECES = st.sampled_from(["{", "}", "@", ",", "=", "\"", "\n", "and", "author = ", "title = {", "\\\"u", "{\\L}", "$",
                          "<entry>", "</entry>", "<title>", "</title>", "<id>", "http://arxiv.org/abs/1706.03762v7",
                          "&amp;", "&x;", "<!DOCTYPE", "]", "[", ":", "null", "1e999", "9" * 5000, "[" * 3000, "\"author\": [{", "ER  - ",
                          "AU  - ", "DO  - 10.1/x", "PY  - 2020/13/40", "month = jun", "year = 0", "\ufeff", "\r"])


@FUZZ
@given(st.sampled_from(PREFIXES), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40))
def test_any_text_imports_or_is_reported(prefix, pieces):
    text = prefix + "".join(pieces)
    result = parse_text(text, "fuzz")
    for p in result.problems:
        assert p.path == "fuzz" and isinstance(p.line, int) and 1 <= p.line <= text.count("\n") + text.count("\r") + 1
    for r in result.records:
        assert r.title and (r.abstract or not r.title_derived)
        # Whatever a parser read passes the entry rules, so import never writes an entry check refuses.
        for key in ("arxiv", "arxiv_category", "doi", "date", "venue", "authors"):
            value = getattr(r, key)
            if value:
                assert check_value(key, value)[1] is None, (key, value)


def _imported(tmp_path: Path, papercat, bibtex: str) -> Path:
    """A new catalog made by importing `bibtex` (as refs.bib): its content folder."""
    (tmp_path / "refs.bib").write_text(bibtex, encoding="utf-8")
    content = tmp_path / "content"
    papercat("import", tmp_path / "refs.bib", "--content", content)
    return content


def _built_with_a_site_url(content: Path, out: Path) -> Path:
    """`content`, imported, given a catalog.yml with a site URL and the shipped vocabulary, built into `out`."""
    (content / "catalog.yml").write_text("title: T\nsite_url: https://example.org/\n", encoding="utf-8")
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    build(content, out)
    return out


def test_an_exports_own_url_of_the_work_is_kept_as_its_web_or_pdf_link(tmp_path, papercat):
    """From a new user's review: import read URLs only for an arXiv id, so Dropout (JMLR), LoRA
    (OpenReview) and AlexNet (papers.nips.cc) had no link at all, and their citations pointed back at
    the catalog."""
    listings = {
        "refs.bib": "@article{srivastava2014,\n  title = {Dropout: A Simple Way to Prevent Neural Networks from Overfitting},\n"
                    "  author = {Srivastava, Nitish and Hinton, Geoffrey and Krizhevsky, Alex and Sutskever, Ilya and "
                    "Salakhutdinov, Ruslan},\n  journal = {Journal of Machine Learning Research},\n  year = {2014},\n"
                    "  url = {http://jmlr.org/papers/v15/srivastava14a.html}\n}\n"
                    "@misc{vaswani2017,\n  title = {Attention Is All You Need},\n  year = {2017},\n"
                    "  url = {https://arxiv.org/abs/1706.03762}\n}\n",
        "zotero.json": json.dumps([{"type": "paper-conference", "title": "LoRA: Low-Rank Adaptation of Large Language Models",
                                    "issued": {"date-parts": [[2022]]}, "URL": "https://openreview.net/forum?id=nZeVKeeFYf9",
                                    "author": [{"family": "Hu", "given": "Edward J."}]}]),
        "refs.ris": "TY  - CONF\nTI  - ImageNet Classification with Deep Convolutional Neural Networks\nPY  - 2012\n"
                    "AU  - Krizhevsky, Alex\nUR  - https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf\n"
                    "DO  - 10.1145/3065386\nER  - \n",
    }
    for name, text in listings.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    papercat("import", *(tmp_path / name for name in listings), "--content", content)
    links = {read_entry(p).meta["title"]: read_entry(p).meta.get("links") for p in entry_paths(content)}
    assert links["Dropout: A Simple Way to Prevent Neural Networks from Overfitting"] == {
        "web": "http://jmlr.org/papers/v15/srivastava14a.html"}
    assert links["LoRA: Low-Rank Adaptation of Large Language Models"] == {"web": "https://openreview.net/forum?id=nZeVKeeFYf9"}
    assert links["ImageNet Classification with Deep Convolutional Neural Networks"] == {
        "pdf": "https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf"}
    assert "web" not in links["Attention Is All You Need"]  # (arXiv's own, as `arxiv`)
    page = _built_with_a_site_url(content, tmp_path / "site") / "papers" / "dropout-a-simple-way-to-prevent-neural-networks-from"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert '<a class="button" href="http://jmlr.org/papers/v15/srivastava14a.html" rel="nofollow noopener">Web page</a>' in html
    assert "url = {http://jmlr.org/papers/v15/srivastava14a.html}" in (page / f"{page.name}.bib").read_text(encoding="utf-8")
    ld = json.loads(html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert ld["url"] == f"https://example.org/papers/{page.name}/" and ld["sameAs"] == "http://jmlr.org/papers/v15/srivastava14a.html"


def test_check_lists_names_that_may_be_one_person_and_no_book_as_a_venue(tmp_path, papercat):
    """From a new user's review: three spellings of Hinton from three tools were three author pages that
    nothing pointed out; and a chapter's book (`@incollection`'s booktitle) was listed as an unknown
    venue to add to venues.yml."""
    content = _imported(tmp_path, papercat, (
        "@article{dropout, title = {Dropout}, author = {Srivastava, Nitish and Hinton, Geoffrey E.}, year = {2014},\n"
        "  journal = {Journal of Machine Learning Research}}\n"
        "@inproceedings{alexnet, title = {ImageNet Classification with Deep Convolutional Neural Networks},\n"
        "  author = {Krizhevsky, Alex and Sutskever, Ilya and Hinton, G. E.}, year = {2012}, booktitle = {NIPS}}\n"
        "@article{dl, title = {Deep learning}, author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},\n"
        "  year = {2015}, journal = {Nature}}\n"
        "@incollection{backprop, title = {Efficient BackProp}, author = {LeCun, Yann and Bottou, L{\\'e}on},\n"
        "  booktitle = {Neural Networks: Tricks of the Trade}, year = {1998}, publisher = {Springer}}\n"))
    (content / "catalog.yml").write_text("title: T\n", encoding="utf-8")
    for name in ("tags.yml", "topics.yml", "venues.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    out = papercat("check", "--content", content).out
    assert "Names that may be one person (1): each spelling has an author page of its own; write one person's " \
           "name alike in every entry\n  G. E. Hinton (1), Geoffrey E. Hinton (1), Geoffrey Hinton (1)\n" in out
    assert "Tricks of the Trade" not in out


def test_a_chapter_keeps_its_books_editors_and_series(tmp_path, papercat):
    """From a new user's review: Efficient BackProp (LNCS 1524) lost its editors and series, and was
    shown and cited as "Neural Networks: Tricks of the Trade, vol. 1524", the volume the series'."""
    content = _imported(tmp_path, papercat, (
        "@incollection{lecun1998efficient,\n  title = {Efficient BackProp},\n"
        "  author = {LeCun, Yann and Bottou, L{\\'e}on and Orr, Genevieve B. and M{\\\"u}ller, Klaus-Robert},\n"
        "  booktitle = {Neural Networks: Tricks of the Trade},\n"
        "  editor = {Orr, Genevieve B. and M{\\\"u}ller, Klaus-Robert},\n"
        "  series = {Lecture Notes in Computer Science},\n  volume = {1524},\n  pages = {9--50},\n  year = {1998},\n"
        "  publisher = {Springer}\n}\n"))
    path = content / "papers" / "efficient-backprop.md"
    meta = read_entry(path).meta
    assert (meta["editors"], meta["series"], meta["volume"]) == (
        ["Genevieve B. Orr", "Klaus-Robert Müller"], "Lecture Notes in Computer Science", "1524")
    page = _built_with_a_site_url(content, tmp_path / "site") / "papers" / "efficient-backprop"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert "<dd>Neural Networks: Tricks of the Trade (Lecture Notes in Computer Science, vol. 1524), pp. 9–50</dd>" in html
    assert "<dt>Editors</dt><dd>Genevieve B. Orr, Klaus-Robert Müller</dd>" in html
    bib = (page / "efficient-backprop.bib").read_text(encoding="utf-8")
    assert "  editor = {Orr, Genevieve B. and Müller, Klaus-Robert},\n  series = {Lecture Notes in Computer Science}," in bib
    item = json.loads((page / "efficient-backprop.json").read_text(encoding="utf-8"))
    item = item[0] if isinstance(item, list) else item
    assert item["collection-title"] == "Lecture Notes in Computer Science" and item["volume"] == "1524"
    assert item["editor"] == [{"family": "Orr", "given": "Genevieve B."}, {"family": "Müller", "given": "Klaus-Robert"}]
    ld = json.loads(html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert [e["name"] for e in ld["editor"]] == ["Genevieve B. Orr", "Klaus-Robert Müller"]


def test_own_links_kinds_and_no_organisation_beside_authors(tmp_path, papercat):
    """From the review of this session's changes: OpenReview's `/pdf?id=` is a PDF, a GitHub URL is
    code; and an entry that names its authors gains no `organization` from an export that has the
    organisation alone (it had both)."""
    from generator.ingest.fields import own_links

    assert own_links(["https://openreview.net/pdf?id=nZeVKeeFYf9"]) == {"pdf": "https://openreview.net/pdf?id=nZeVKeeFYf9"}
    assert own_links(["https://github.com/karpathy/nanoGPT"]) == {"code": "https://github.com/karpathy/nanoGPT"}
    assert own_links(["https://example.org/papers/pdf"]) == {"web": "https://example.org/papers/pdf"}
    assert own_links(["https://github.com:443/karpathy/nanoGPT"]) == {"code": "https://github.com:443/karpathy/nanoGPT"}
    assert own_links(["https://doi.org/10.1038/nature14539", "https://arxiv.org/abs/1706.03762"]) == {}
    (tmp_path / "a.json").write_text('[{"title": "GPT-4 Technical Report", "author": [{"family": "OpenAI"}]}]',
                                     encoding="utf-8")
    (tmp_path / "b.bib").write_text("@misc{gpt4, title = {GPT-4 Technical Report}, author = {{OpenAI}}, year = {2023}}\n",
                                    encoding="utf-8")
    for n, runs in enumerate(((["a.json"], ["b.bib"]), (["b.bib"], ["a.json"]), (["a.json", "b.bib"],), (["b.bib", "a.json"],))):
        content = tmp_path / f"content{n}"
        for run in runs:
            papercat("import", *(tmp_path / name for name in run), "--content", content)
        meta = read_entry(content / "papers" / "gpt-4-technical-report.md").meta
        assert [meta.get("authors"), meta.get("organization")].count(None) == 1, runs  # (one of them, not both)
        assert meta["date"] == "2023"


@pytest.mark.parametrize("value, ok", [
    ("1706.03762", True), ("0704.0001", True), ("1412.6980", True), ("hep-th/9901001", True), ("math.GT/0309136", True),
    ("1706.3762", False),   # a digit lost: from 1501 on an id has five digits after the dot
    ("1412.69801", False),  # and four before
    ("0612.1234", False),   # new-style ids began in April 2007
    ("1713.01234", False), ("1706.03762v2", False), ("arXiv:1706.03762", False), ("hep-th/99010", False)])
def test_an_entry_s_arxiv_id_must_be_one_that_can_exist(value, ok):
    problem = check_value("arxiv", value)[1]
    assert (problem is None) == ok, problem
    if not ok:
        assert problem == f"is not an arXiv id (got {value!r})"
