"""Books, chapters, theses and reports: an export says what a work is, import keeps it as `type` (with
the publisher, university or institution), and every citation output names it as its readers expect
(pybtex and bibtexparser for BibTeX, citeproc-py for CSL-JSON, Zotero's translator rules for the
page's <meta> tags). They were all cited as `@misc` preprints, their publisher lost; a journal whose
name does not say it is one (`Medical Image Analysis`) was cited as proceedings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
from pybtex.database import parse_string as pybtex_parse

from generator.build import build
from generator.entries import entry_paths, read_entry
from generator.validate import check_entry
from tests.test_cite import zotero_item

ROOT = Path(__file__).resolve().parent.parent


def catalog(root: Path, entries: dict[str, str] | None = None) -> Path:
    """A content folder under `root` with the shipped vocabulary and `entries` (file name -> text)."""
    content = root / "content"
    (content / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml", "venues.yml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    for name, text in (entries or {}).items():
        (content / "papers" / name).write_text(text, encoding="utf-8")
    return content

BIB = r"""
@phdthesis{sutskever2013,
  author = {Sutskever, Ilya},
  title = {Training Recurrent Neural Networks},
  school = {University of Toronto},
  year = {2013}
}
@book{goodfellow2016,
  author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},
  title = {Deep Learning},
  publisher = {MIT Press},
  year = {2016}
}
@techreport{krizhevsky2009,
  author = {Krizhevsky, Alex},
  title = {Learning Multiple Layers of Features from Tiny Images},
  institution = {University of Toronto},
  year = {2009}
}
@incollection{lecun1998efficient,
  author = {LeCun, Yann and Bottou, L{\'e}on and Orr, Genevieve B. and M{\"u}ller, Klaus-Robert},
  title = {Efficient BackProp},
  booktitle = {Neural Networks: Tricks of the Trade},
  publisher = {Springer},
  year = {1998}
}
@article{litjens2017survey,
  author = {Litjens, Geert and Kooi, Thijs and Bejnordi, Babak Ehteshami},
  title = {A survey on deep learning in medical image analysis},
  journal = {Medical Image Analysis},
  volume = {42},
  year = {2017},
  publisher = {Elsevier}
}
@inproceedings{vaswani2017attention,
  author = {Vaswani, Ashish and Shazeer, Noam},
  title = {Attention Is All You Need},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017}
}
"""

CSL = [
    {"id": "a", "type": "book", "title": "Pattern Recognition and Machine Learning", "publisher": "Springer",
     "author": [{"family": "Bishop", "given": "Christopher M."}], "issued": {"date-parts": [[2006]]}},
    {"id": "b", "type": "thesis", "genre": "Master's thesis", "title": "Learning to Learn with Gradients",
     "publisher": "University of California, Berkeley", "author": [{"family": "Finn", "given": "Chelsea"}],
     "issued": {"date-parts": [[2018]]}},
]

RIS = """TY  - THES
AU  - Sutskever, Ilya
TI  - Training Recurrent Neural Networks
PY  - 2013
PB  - University of Toronto
ER  -
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    from generator import cli

    content = catalog(tmp_path_factory.mktemp("types"))
    refs = content.parent / "refs.bib"
    refs.write_text(BIB, encoding="utf-8")
    zotero = content.parent / "zotero.json"
    zotero.write_text(json.dumps(CSL), encoding="utf-8")
    assert cli.main(["import", str(refs), str(zotero), "--content", str(content)]) == 0
    return content


def metas(content: Path) -> dict[str, dict]:
    return {e.meta["title"]: e.meta for e in (read_entry(p) for p in entry_paths(content))}


def test_import_keeps_what_each_work_is_and_its_publisher(imported):
    m = metas(imported)
    thesis = m["Training Recurrent Neural Networks"]
    assert (thesis["type"], thesis["publisher"]) == ("phdthesis", "University of Toronto")
    assert (m["Deep Learning"]["type"], m["Deep Learning"]["publisher"]) == ("book", "MIT Press")
    report = m["Learning Multiple Layers of Features from Tiny Images"]
    assert (report["type"], report["publisher"]) == ("techreport", "University of Toronto")
    chapter = m["Efficient BackProp"]
    assert (chapter["type"], chapter["venue"], chapter["publisher"]) == (
        "incollection", "Neural Networks: Tricks of the Trade", "Springer")
    # A journal whose name does not say so gets `type: article`; its publisher is no part of the entry.
    survey = m["A survey on deep learning in medical image analysis"]
    assert (survey["type"], survey["venue"]) == ("article", "Medical Image Analysis") and "publisher" not in survey
    # A conference paper cited by its venue needs no type.
    assert "type" not in m["Attention Is All You Need"] and "publisher" not in m["Attention Is All You Need"]
    assert (m["Pattern Recognition and Machine Learning"]["type"],
            m["Pattern Recognition and Machine Learning"]["publisher"]) == ("book", "Springer")
    finn = m["Learning to Learn with Gradients"]
    assert (finn["type"], finn["publisher"]) == ("mastersthesis", "University of California, Berkeley")


def test_an_ris_thesis_is_a_thesis(tmp_path):
    from generator import cli

    refs = tmp_path / "refs.ris"
    refs.write_text(RIS, encoding="utf-8")
    assert cli.main(["import", str(refs), "--content", str(tmp_path / "content")]) == 0
    (meta,) = metas(tmp_path / "content").values()
    assert (meta["type"], meta["publisher"], meta["authors"]) == ("phdthesis", "University of Toronto",
                                                                   ["Ilya Sutskever"])


@pytest.fixture(scope="module")
def site(imported) -> Path:
    out = imported.parent / "site"
    build(imported, out, base_url="https://example.org/", cache=imported.parent / "cache")
    return out


def slug_of(content: Path, title: str) -> str:
    return metas(content)[title]["slug"]


def test_bibtex_names_each_type_and_its_publisher(imported, site):
    text = (site / "catalog.bib").read_text(encoding="utf-8")
    pybtex_parse(text, "bibtex")  # (raises on what BibTeX could not read)
    entries = {e.fields_dict["title"].value.strip("{}"): e for e in bibtexparser.parse_string(text).entries}
    thesis = entries["Training Recurrent Neural Networks"]
    assert (thesis.entry_type, thesis.fields_dict["school"].value) == ("phdthesis", "University of Toronto")
    book = entries["Deep Learning"]
    assert (book.entry_type, book.fields_dict["publisher"].value) == ("book", "MIT Press")
    report = entries["Learning Multiple Layers of Features from Tiny Images"]
    assert (report.entry_type, report.fields_dict["institution"].value) == ("techreport", "University of Toronto")
    chapter = entries["Efficient BackProp"]
    assert chapter.entry_type == "incollection"
    assert chapter.fields_dict["booktitle"].value == "Neural Networks: Tricks of the Trade"
    survey = entries["A survey on deep learning in medical image analysis"]
    assert (survey.entry_type, survey.fields_dict["journal"].value) == ("article", "Medical Image Analysis")
    assert "booktitle" not in survey.fields_dict


def test_csl_json_gives_the_type_genre_and_publisher_citeproc_shows(imported, site):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    by_title = {i["title"]: i for i in items}
    finn = by_title["Learning to Learn with Gradients"]
    assert (finn["type"], finn["genre"], finn["publisher"]) == ("thesis", "Master's thesis",
                                                                "University of California, Berkeley")
    assert by_title["Deep Learning"]["type"] == "book" and by_title["Efficient BackProp"]["type"] == "chapter"
    assert by_title["Learning Multiple Layers of Features from Tiny Images"]["type"] == "report"
    bib = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), CiteProcJSON([finn]),
                                     formatter.plain)
    bib.register(Citation([CitationItem(finn["id"])]))
    (shown,) = [str(x) for x in bib.bibliography()]
    assert "University of California, Berkeley" in shown


@pytest.mark.parametrize("title, item_type, field, value", [
    ("Training Recurrent Neural Networks", "thesis", None, None),
    ("Learning Multiple Layers of Features from Tiny Images", "report", "institution", "University of Toronto"),
    ("Deep Learning", "book", "publisher", "MIT Press"),
    ("Efficient BackProp", "bookSection", None, None),
    ("A survey on deep learning in medical image analysis", "journalArticle", "publicationTitle",
     "Medical Image Analysis"),
])
def test_zotero_saves_each_page_as_its_type(imported, site, title, item_type, field, value):
    slug = slug_of(imported, title)
    item = zotero_item((site / "papers" / slug / "index.html").read_text(encoding="utf-8"))
    assert item["itemType"] == item_type
    if field:
        assert item[field] == value


def test_the_page_and_json_ld_say_what_the_work_is(imported, site):
    html = (site / "papers" / slug_of(imported, "Training Recurrent Neural Networks") / "index.html").read_text(
        encoding="utf-8")
    assert "<dt>Type</dt><dd>PhD thesis, University of Toronto</dd>" in html
    assert '"@type": "Thesis"' in html or '"@type":"Thesis"' in html


def test_an_unknown_type_is_refused_with_the_list(tmp_path):
    from generator.entries import parse_entry

    entry = parse_entry("---\ntitle: A thesis\nslug: a-thesis\ntype: dissertation\n---\n\nAbstract text here.\n",
                        tmp_path / "a-thesis.md")
    _, problems = check_entry(entry, set(), set())
    (problem,) = problems
    assert problem.field == "type" and "dissertation" in str(problem) and "phdthesis" in str(problem)


NATURE_BIB = r"""@article{lecun2015deep,
  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},
  title = {Deep learning},
  journal = {Nature},
  volume = {521},
  number = {7553},
  pages = {436--444},
  year = {2015},
  doi = {10.1038/nature14539}
}
"""

NATURE_RIS = """TY  - JOUR
AU  - LeCun, Yann
TI  - Deep learning
JO  - Nature
VL  - 521
IS  - 7553
SP  - 436
EP  - 444
PY  - 2015
DO  - 10.1038/nature14539
ER  -
"""

NATURE_CSL = [{"id": "x", "type": "article-journal", "title": "Deep learning", "container-title": "Nature",
               "volume": "521", "issue": "7553", "page": "436-444", "issued": {"date-parts": [[2015, 5, 28]]},
               "author": [{"family": "LeCun", "given": "Yann"}], "DOI": "10.1038/nature14539"}]


@pytest.mark.parametrize("name, text", [("refs.bib", NATURE_BIB), ("refs.ris", NATURE_RIS),
                                        ("refs.json", json.dumps(NATURE_CSL))])
def test_a_journal_article_keeps_its_volume_issue_and_pages_to_the_citation(tmp_path, name, text):
    """They were dropped on import, so citeproc's Harvard style printed every journal article as
    `Nature [Preprint]`."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from generator import cli

    content = catalog(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert cli.main(["import", str(tmp_path / name), "--content", str(content)]) == 0
    (meta,) = metas(content).values()
    assert (str(meta["volume"]), str(meta["issue"])) == ("521", "7553")
    out = tmp_path / "site"
    build(content, out, base_url="https://example.org/", cache=tmp_path / "cache")
    slug = meta["slug"]
    (item,) = json.loads((out / "papers" / slug / f"{slug}.json").read_text(encoding="utf-8"))
    assert (item["volume"], item["issue"], item["page"]) == ("521", "7553", "436-444")
    bib = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                     CiteProcJSON([item]), formatter.plain)
    bib.register(Citation([CitationItem(item["id"])]))
    (shown,) = [str(x) for x in bib.bibliography()]
    assert "521(7553), pp. 436–444" in shown and "Preprint" not in shown
    (entry,) = bibtexparser.parse_string((out / "papers" / slug / f"{slug}.bib").read_text(encoding="utf-8")).entries
    assert [entry.fields_dict[k].value for k in ("volume", "number", "pages")] == ["521", "7553", "436--444"]
    html = (out / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert "Nature 2015</a>, vol. 521, no. 7553, pp. 436–444</dd>" in html
    assert '<meta name="citation_firstpage" content="436">' in html and \
        '<meta name="citation_lastpage" content="444">' in html and '<meta name="citation_volume" content="521">' in html


def test_a_masters_thesis_from_ris_is_a_masters_thesis(tmp_path):
    """`TY  - THES` with `M3  - Master's Thesis` (Zotero, EndNote) was cited as a PhD thesis."""
    from generator import cli

    refs = tmp_path / "refs.ris"
    refs.write_text("TY  - THES\nAU  - Shannon, Claude E.\nTI  - A Symbolic Analysis of Relay and Switching Circuits\n"
                    "PY  - 1940\nPB  - Massachusetts Institute of Technology\nM3  - Master's Thesis\nER  -\n",
                    encoding="utf-8")
    assert cli.main(["import", str(refs), "--content", str(tmp_path / "content")]) == 0
    (meta,) = metas(tmp_path / "content").values()
    assert (meta["type"], meta["publisher"]) == ("mastersthesis", "Massachusetts Institute of Technology")


def test_math_in_a_title_is_text_where_no_katex_typesets_it(tmp_path):
    """`$\\beta$-VAE` was exported as TeX to CSL, citation_title, JSON-LD, the feeds and the tab's
    title; BibTeX keeps the TeX, which LaTeX typesets."""
    import feedparser

    content = catalog(tmp_path, {"beta-vae.md": (
        "---\ntitle: '$\\beta$-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework'\n"
        "slug: beta-vae\ndate: '2017'\nauthors:\n- Irina Higgins\n---\n\n"
        "Learning an interpretable factorised representation of the independent data generative factors.\n")})
    out = tmp_path / "site"
    build(content, out, base_url="https://example.org/", cache=tmp_path / "cache")
    plain = "β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework"
    (item,) = json.loads((out / "papers" / "beta-vae" / "beta-vae.json").read_text(encoding="utf-8"))
    assert item["title"] == plain
    html = (out / "papers" / "beta-vae" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="citation_title" content="{plain}">' in html and f"<title>{plain} · " in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["name"] == plain and ld["headline"].startswith("β-VAE")
    assert feedparser.parse((out / "feed.xml").read_bytes()).entries[0].title == plain
    assert json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"][0]["title"] == plain
    assert "{{$\\beta$-VAE:" in (out / "papers" / "beta-vae" / "beta-vae.bib").read_text(encoding="utf-8")


SCHOLAR_BIB = r"""@article{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam},
  journal={Advances in neural information processing systems},
  volume={30},
  year={2017}
}
@article{devlin2018bert,
  title={BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  author={Devlin, Jacob and Chang, Ming-Wei},
  journal={CoRR},
  volume={abs/1810.04805},
  year={2018},
  eprint={1810.04805},
  archivePrefix={arXiv}
}
"""


def test_google_scholars_article_at_a_conference_is_cited_at_the_conference(tmp_path):
    """Scholar exports NeurIPS papers as @article: import wrote `type: article`, which beat the
    venue's own kind (a NeurIPS paper cited in a journal); and DBLP's `volume = {abs/1810.04805}`
    of a CoRR preprint became its volume."""
    from generator import cli

    content = catalog(tmp_path)
    (tmp_path / "scholar.bib").write_text(SCHOLAR_BIB, encoding="utf-8")
    assert cli.main(["import", str(tmp_path / "scholar.bib"), "--content", str(content)]) == 0
    m = metas(content)
    attention, bert = m["Attention is all you need"], m["BERT: Pre-training of Deep Bidirectional Transformers for "
                                                           "Language Understanding"]
    assert (attention["venue"], attention.get("type"), attention["volume"]) == ("NeurIPS 2017", None, "30")
    assert "volume" not in bert and "venue" not in bert
    build(content, tmp_path / "site", base_url="https://example.org/", cache=tmp_path / "cache")
    (entry,) = bibtexparser.parse_string((tmp_path / "site" / "papers" / attention["slug"] /
                                          f"{attention['slug']}.bib").read_text(encoding="utf-8")).entries
    assert entry.entry_type == "inproceedings" and "booktitle" in entry.fields_dict


def test_an_unquoted_number_is_no_label():
    """`volume: 010` reached the site as 8, `page_range: 12:30` as 750 (YAML 1.1 numbers)."""
    from generator.entries import parse_entry

    for value in ("010", "0x1A", "12:30", "521"):
        entry = parse_entry(f"---\ntitle: A\nslug: a\nvolume: {value}\n---\n\nText.\n", Path("a.md"))
        _, problems = check_entry(entry, set(), set())
        assert [p.field for p in problems] == ["volume"] and "quote" in str(problems[0]), value
    entry = parse_entry("---\ntitle: A\nslug: a\nvolume: '010'\npage_range: 1 -- 9\n---\n\nText.\n", Path("a.md"))
    value, problems = check_entry(entry, set(), set())
    assert problems == [] and (value["volume"], value["page_range"]) == ("010", "1-9")


def test_math_that_makes_no_text_stays_tex():
    from generator.markup import math_as_text

    assert math_as_text("On $$x + y$$ sums") == "On x + y sums"
    assert math_as_text("A $\\begin{x}$ b") == "A $\\begin{x}$ b"


@pytest.mark.parametrize("genre, kind", [("Master's Thesis", "mastersthesis"), ("M.S. thesis", "mastersthesis"),
                                         ("MSc thesis", "mastersthesis"), ("M.Sc. thesis", "mastersthesis"),
                                         ("MPhil thesis", "mastersthesis"), ("PhD thesis", "phdthesis"),
                                         ("Doctoral dissertation", "phdthesis"), ("", "phdthesis")])
def test_a_thesis_says_which(genre, kind):
    """`M3  - M.S. thesis` and CSL `genre: M.Sc. thesis` were cited as PhD theses."""
    from generator.ingest import parse_text

    ris = f"TY  - THES\nTI  - A Thesis\nPY  - 2001\nPB  - MIT\nM3  - {genre}\nER  -\n"
    csl = json.dumps([{"type": "thesis", "title": "A Thesis", "genre": genre, "publisher": "MIT"}])
    for text, name in ((ris, "t.ris"), (csl, "t.json")):
        (record,) = parse_text(text, name).records
        assert record.type == kind, (name, genre)


def test_an_arxiv_report_is_a_preprint_not_a_report_by_arxiv():
    """RIS exports of arXiv papers say `TY  - RPRT`, `PB  - arXiv`: the entry became a technical report
    whose institution was arXiv."""
    from generator.ingest import parse_text

    ris = ("TY  - RPRT\nTI  - GPT-4 Technical Report\nAU  - OpenAI\nPY  - 2023\nPB  - arXiv\n"
           "UR  - https://arxiv.org/abs/2303.08774\nER  -\n")
    (record,) = parse_text(ris, "r.ris").records
    assert (record.type, record.publisher, record.arxiv) == (None, None, "2303.08774")


@pytest.mark.parametrize("written, problem", [("pp. 484-489", None), ("1149-1137", "is not a page range"),
                                              ("see the appendix", "is not a page range"), ("e1003285", None)])
def test_a_page_range_is_pages(written, problem):
    from generator.entries import parse_entry

    entry = parse_entry(f"---\ntitle: A\nslug: a\npage_range: '{written}'\n---\n\nText.\n", Path("a.md"))
    value, problems = check_entry(entry, set(), set())
    if problem is None:
        assert problems == [] and value["page_range"] == written.removeprefix("pp. ")
    else:
        assert [p.field for p in problems] == ["page_range"] and problem in str(problems[0])


def test_an_unlisted_venue_is_cited_without_the_year_it_ends_in(tmp_path, vocab=None):
    """`venue: Phys. Rev. Lett. 2016` was cited `journal = {Phys. Rev. Lett. 2016}` beside `year = 2016`."""
    from generator.cite import container
    from generator.model import Paper

    paper = Paper(slug="x", title="X", body="", path="x.md", venue="Phys. Rev. Lett. 2016", date="2016-02")
    assert container(paper) == "Phys. Rev. Lett."
    assert container(Paper(slug="x", title="X", body="", path="x.md", venue="Foo Workshop")) == "Foo Workshop"


def test_a_reports_number_is_cited_as_its_number(tmp_path):
    """A report's number (RIS `VL`, CSL `number`, BibTeX `number`) was cited as a volume, or lost."""
    from generator.cite import citation_meta, csl
    from generator.ingest import parse_text

    ris = ("TY  - RPRT\nAU  - Chen, Xi\nTI  - A Report\nPY  - 2009\nPB  - University of California, Berkeley\n"
           "VL  - UCB/EECS-2009-28\nER  -\n")
    bib = "@techreport{a, title = {A Report}, institution = {UC Berkeley}, number = {UCB/EECS-2009-28}, year = 2009}"
    js = json.dumps([{"type": "report", "title": "A Report", "publisher": "UC Berkeley", "number": "UCB/EECS-2009-28"}])
    for text, name in ((ris, "r.ris"), (bib, "r.bib"), (js, "r.json")):
        (record,) = parse_text(text, name).records
        assert (record.type, record.volume, record.issue) == ("techreport", None, "UCB/EECS-2009-28"), name
    from generator.model import Paper

    paper = Paper(slug="a", title="A Report", body="", path="a.md", type="techreport", publisher="UC Berkeley",
                  issue="UCB/EECS-2009-28")
    assert csl(paper, None, [])["number"] == "UCB/EECS-2009-28" and "issue" not in csl(paper, None, [])
    assert ("citation_technical_report_number", "UCB/EECS-2009-28") in citation_meta(paper, "", [])
    content = catalog(tmp_path, {"a-report.md": (
        "---\ntitle: A Report\nslug: a-report\ntype: techreport\nissue: UCB/EECS-2009-28\npublisher: UC Berkeley\n"
        "---\n\nWhat the report says.\n")})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    html = (tmp_path / "site" / "papers" / "a-report" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Technical report, UC Berkeley, no. UCB/EECS-2009-28</dd>" in html
