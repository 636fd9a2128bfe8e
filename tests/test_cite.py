"""Citation files as their consumers read them: bibtexparser (v2) for BibTeX, citeproc-py for CSL-JSON,
and bibtex + pdflatex when they are installed (they are not on CI: that test skips there)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from generator.build import build
from generator.catalog import load
from generator.catalog import read_entry as read_paper
from generator.cite import bibtex, citation_meta, cited_abstract, csl, json_ld, latex, untex
from generator.entries import read_entry
from generator.errors import PapercatError
from generator.markup import readable_text
from generator.model import Paper
from generator.vocabulary import load_vocabulary
from tests.sitecheck import make_tree

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/catalog/"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cite") / "site"
    build(ROOT / "content", out, base_url=SITE_URL, cache=out.parent / "cache")
    return out


def _parse(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks][:3]
    return library


def test_every_bib_file_parses_and_the_catalogs_keys_are_unique(shipped):
    slugs = sorted(p.stem for p in (ROOT / "content" / "papers").glob("*.md"))
    whole = _parse((shipped / "catalog.bib").read_text(encoding="utf-8"))
    assert sorted(e.key for e in whole.entries) == slugs  # one entry per paper, none lost to a shared key
    for slug in slugs:
        one = _parse((shipped / "papers" / slug / f"{slug}.bib").read_text(encoding="utf-8"))
        assert [e.key for e in one.entries] == [slug]
        assert one.entries[0].fields_dict["url"].value.startswith(("https://arxiv.org/abs/", SITE_URL))


def test_months_are_bare_macros_and_preprints_carry_their_eprint(shipped):
    text = (shipped / "catalog.bib").read_text(encoding="utf-8")
    assert "month = {" not in text and "month = oct" in text
    arxiv = next(read_entry(p) for p in sorted((ROOT / "content" / "papers").glob("*.md"))
                 if "arxiv" in read_entry(p).meta and "venue" not in read_entry(p).meta)
    slug = arxiv.meta["slug"]
    entry = _parse((shipped / "papers" / slug / f"{slug}.bib").read_text(encoding="utf-8")).entries[0]
    assert entry.entry_type == "misc"
    assert entry.fields_dict["eprint"].value == arxiv.meta["arxiv"]
    assert entry.fields_dict["archivePrefix"].value == "arXiv"
    assert entry.fields_dict["doi"].value == f"10.48550/arXiv.{arxiv.meta['arxiv']}"


def test_every_csl_item_renders_with_citeproc(shipped):
    items = json.loads((shipped / "catalog.json").read_text(encoding="utf-8"))
    assert len(items) == len(list((ROOT / "content" / "papers").glob("*.md")))
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source,
                                              formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert all(item["title"][:20] in "".join(rendered) for item in items[:20])


def test_the_paper_page_and_the_home_page_link_their_citation_files(shipped):
    slug = sorted(p.stem for p in (ROOT / "content" / "papers").glob("*.md"))[0]
    page = (shipped / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert f'href="/catalog/papers/{slug}/{slug}.bib"' in page and f'href="/catalog/papers/{slug}/{slug}.json"' in page
    home = (shipped / "index.html").read_text(encoding="utf-8")
    assert 'href="/catalog/catalog.bib"' in home and 'href="/catalog/catalog.json"' in home


def _paper(**kw) -> Paper:
    return Paper(**{"slug": "x", "title": "T", "body": "An abstract.", "path": "x.md", **kw})


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary(ROOT / "content")


def _entry_paper(tmp_path: Path, vocab, venue: str) -> Paper:
    """A paper as the build reads it from an entry whose venue is `venue` (resolved with the shipped venues.yml)."""
    path = make_tree(tmp_path, {"x.md": f"---\ntitle: T\nslug: x\ndate: 2023-12\nvenue: '{venue}'\nauthors: [Ada Lovelace]\n"
                                        "---\n\nAn abstract.\n"})
    return read_paper(path / "x.md", vocab)[2]


@pytest.mark.parametrize("venue, kind, field, name, csl_type", [
    ("NIPS 2023", "inproceedings", "booktitle", "Advances in Neural Information Processing Systems", "paper-conference"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "article", "journal",
     "IEEE Transactions on Pattern Analysis and Machine Intelligence", "article-journal"),
    ("TMLR", "article", "journal", "Transactions on Machine Learning Research", "article-journal"),
    ("Workshop on Efficient Systems at ICML 2024", "inproceedings", "booktitle",
     "International Conference on Machine Learning Workshops", "paper-conference"),
    # (not in venues.yml: named as the entry gives it, the year it ends in cited as the year alone)
    ("Foo Symposium 2023", "inproceedings", "booktitle", "Foo Symposium", "paper-conference"),
    # (not in venues.yml, a journal by its name: it was a booktitle)
    ("Nucleic Acids Research", "article", "journal", "Nucleic Acids Research", "article-journal"),
    ("IEEE Transactions on Medical Imaging", "article", "journal", "IEEE Transactions on Medical Imaging",
     "article-journal")])
def test_the_venues_kind_makes_a_conference_or_journal_entry(tmp_path, vocab, venue, kind, field, name, csl_type):
    paper = _entry_paper(tmp_path, vocab, venue)
    entry = _parse(bibtex(paper, None)).entries[0]
    assert entry.entry_type == kind and entry.fields_dict[field].value == name
    assert (csl(paper, None, [])["type"], csl(paper, None, [])["container-title"]) == (csl_type, name)
    meta = dict(citation_meta(paper, "An abstract.", []))
    assert meta["citation_journal_title" if kind == "article" else "citation_conference_title"] == name
    assert json_ld(paper, None, "", [])["isPartOf"] == {"@type": "Periodical" if kind == "article" else "Book",
                                                        "name": name}


def test_json_ld_names_no_work_a_preprint_is_part_of_but_keeps_an_uncredited_papers_proceedings(tmp_path, vocab):
    """`isPartOf` names a journal or proceedings only: a preprint has none. A paper with no author
    is `@misc` in BibTeX, which requires one, but like its CSL item it is still part of its proceedings."""
    assert "isPartOf" not in json_ld(Paper(slug="p", title="P", body="A.", path="p.md", arxiv="2401.00001"), None, "", [])
    uncredited = dataclasses.replace(_entry_paper(tmp_path, vocab, "NIPS 2023"), authors=(), authors_count=None)
    assert json_ld(uncredited, None, "", [])["isPartOf"] == {
        "@type": "Book", "name": csl(uncredited, None, [])["container-title"]}


def test_a_paper_no_listing_credits_is_cited_as_misc_with_its_venue_and_every_style_formats_the_catalog(
        shipped, tmp_path, vocab):
    """Every BibTeX type but @misc needs an author (a book, an author or an editor), and most listings
    name none: two shipped NeurIPS papers were `@inproceedings` without one, and pybtex refused to
    format catalog.bib at all ("missing author"). Such a paper is `@misc`, its venue `howpublished`;
    its CSL item and Highwire tags still say what it is."""
    import pybtex

    uncredited = dataclasses.replace(_entry_paper(tmp_path, vocab, "NIPS 2023"), authors=(), authors_count=None)
    entry = _parse(bibtex(uncredited, None)).entries[0]
    assert entry.entry_type == "misc" and "booktitle" not in entry.fields_dict
    assert entry["howpublished"] == "Advances in Neural Information Processing Systems" and entry["year"] == "2023"
    assert csl(uncredited, None, [])["type"] == "paper-conference"
    assert dict(citation_meta(uncredited, "", []))["citation_conference_title"] == entry["howpublished"]
    preprint = dataclasses.replace(uncredited, arxiv="2310.17153")  # (one `howpublished`: the venue's)
    assert _parse(bibtex(preprint, None)).entries[0]["howpublished"] == entry["howpublished"]
    other = _paper(type="misc", venue="Foo Symposium 2023", authors=("Ada Lovelace",))  # (credited: the same)
    assert _parse(bibtex(other, None)).entries[0]["howpublished"] == "Foo Symposium"
    edited = _paper(type="book", editors=("Grégoire Montavon",), publisher="Springer")
    assert _parse(bibtex(edited, None)).entries[0].entry_type == "book"
    text = (shipped / "catalog.bib").read_text(encoding="utf-8")
    for style in ("plain", "unsrt", "alpha"):
        formatted = pybtex.format_from_string(text, style, output_backend="text")
        assert formatted.count("\n[") + 1 == len(list((ROOT / "content" / "papers").glob("*.md")))


@pytest.mark.parametrize("title, want", [
    ("Cost & speed: 100% of $O(n^2)$ at #1 with a_b ~ c^d {e} \\f",
     r"Cost \& speed: 100\% of $O(n^2)$ at \#1 with a\_b \textasciitilde{} c\textasciicircum{}d \textbraceleft{}e\textbraceright{} \textbackslash{}f"),
    ("Übersetzung für Zürich", "Übersetzung für Zürich"),
])
def test_latex_specials_are_escaped_outside_math(title, want):
    assert latex(title) == want
    entry = _parse(bibtex(_paper(title=title), None)).entries[0]
    assert entry.fields_dict["title"].value == "{" + want + "}"



@pytest.mark.parametrize("title", ["Leak $\\input{/etc/passwd}$ now", "Run $\\immediate\\write18{rm -rf ~}$",
                                   "Write $\\immediate\\openout1=x.tex$", "Hide $\\csname input\\endcsname{a}$",
                                   "Hex $^^5cinput{/etc/passwd}$", "Redefine $\\def\\x{y}\\catcode`\\^^M=13$"])
def test_math_that_reads_or_writes_files_or_redefines_tex_is_escaped_as_text(title):
    """Math goes into catalog.bib as written, and a title is listing text: `$\\input{/etc/passwd}$`
    there put a file of the machine of whoever cites the paper into their PDF (pdflatex reads any
    file). Math holding such a primitive is escaped as text, as math with a stray brace is."""
    entry = _parse(bibtex(_paper(title=title), None)).entries[0]
    value = entry.fields_dict["title"].value
    for primitive in ("input", "write", "openout", "csname", "def", "catcode"):
        assert "\\" + primitive not in value
    assert "^^" not in value
    assert latex("Math $O(n^2)$ and $\\mathcal{N}_{\\text{in}}$ stays") == "Math $O(n^2)$ and $\\mathcal{N}_{\\text{in}}$ stays"


AUTHORS = ("Łukasz Kaiser", "Jan van der Berg", "Martin Luther King Jr.", "Tom O'Brien & Co_op", "Plato")


def test_bibtex_lists_every_author_as_family_given_and_latex_escaped():
    text = bibtex(_paper(authors=AUTHORS), None)
    assert "author = {Kaiser, Łukasz and van der Berg, Jan and King, Jr., Martin Luther and " \
           "{Tom O'Brien \\& Co\\_op} and Plato}" in text  # (an organisation: cited whole)
    from bibtexparser import middlewares as m

    library = bibtexparser.parse_string(text, append_middleware=[m.LatexDecodingMiddleware(), m.SeparateCoAuthors(),
                                                                 m.SplitNameParts()])
    names = [(n.first, n.von, n.last, n.jr) for n in library.entries[0]["author"]]
    assert names == [(["Łukasz"], [], ["Kaiser"], []), (["Jan"], ["van", "der"], ["Berg"], []),
                     (["Martin", "Luther"], [], ["King"], ["Jr."]), (["Tom", "O'Brien", "&"], [], ["Co_op"], []),
                     ([], [], ["Plato"], [])]


def test_a_comma_or_the_word_and_inside_a_name_cannot_split_it():
    text = bibtex(_paper(authors=("Ada Lovelace", "Research and Development Team")), None)
    from bibtexparser import middlewares as m

    entry = bibtexparser.parse_string(text, append_middleware=[m.SeparateCoAuthors()]).entries[0]
    assert len(entry["author"]) == 2


def test_csl_authors_are_family_and_given_and_citeproc_renders_them():
    from generator.cite import csl

    item = csl(_paper(authors=AUTHORS[:3], date="2017-06"), None, [])
    assert item["author"] == [{"family": "Kaiser", "given": "Łukasz"}, {"family": "van der Berg", "given": "Jan"},
                              {"family": "King", "given": "Martin Luther", "suffix": "Jr."}]
    plato = csl(_paper(slug="p", authors=("Plato",), date="2017"), None, [])
    assert plato["author"] == [{"family": "Plato"}]
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON([item, plato]), formatter.plain)
    bibliography.register(Citation([CitationItem("x")]))
    bibliography.register(Citation([CitationItem("p")]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert rendered[0].startswith("Kaiser, Ł., van der Berg, J. and King, M.L.") and rendered[1].startswith("Plato")


def test_a_paper_page_cites_each_author_once_in_order(tmp_path):
    names = ["Łukasz Kaiser", "Jan van der Berg", "Ada Lovelace"]
    content = _catalog(tmp_path / "c", {"a": "authors:\n" + "".join(f"- {n}\n" for n in names)})
    build(content, tmp_path / "site", base_url=SITE_URL, cache=tmp_path / "cache")
    page = (tmp_path / "site" / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    import html5lib

    doc = html5lib.parse(page, namespaceHTMLElements=False)
    assert [m.get("content") for m in doc.iter("meta") if m.get("name") == "citation_author"] == \
        ["Kaiser, Łukasz", "van der Berg, Jan", "Lovelace, Ada"]
    data = json.loads(next(s.text for s in doc.iter("script") if s.get("type") == "application/ld+json"))
    assert [(a["@type"], a["name"], a.get("givenName"), a["familyName"]) for a in data["author"]] == [
        ("Person", "Łukasz Kaiser", "Łukasz", "Kaiser"), ("Person", "Jan van der Berg", "Jan", "van der Berg"),
        ("Person", "Ada Lovelace", "Ada", "Lovelace")]
    links = [(a.get("href"), a.text) for a in doc.iter("a")
             if (a.get("href") or "").startswith("/catalog/people/") and a.text != "Authors"]  # (not the nav's)
    assert links == [("/catalog/people/lukasz-kaiser/", "Łukasz Kaiser"), ("/catalog/people/jan-van-der-berg/",
                                                                         "Jan van der Berg"),
                     ("/catalog/people/ada-lovelace/", "Ada Lovelace")]
    csl_item = json.loads((tmp_path / "site" / "papers" / "a" / "a.json").read_text(encoding="utf-8"))[0]
    assert csl_item["author"][1] == {"family": "van der Berg", "given": "Jan"}


def test_stray_tex_escapes_are_decoded_in_titles_but_not_in_math():
    assert untex(r"Fast \& Furious: 10\% on $a\_b$") == r"Fast & Furious: 10% on $a\_b$"


def _catalog(root: Path, papers: dict[str, str]) -> Path:
    files = {"catalog.yml": "title: T\n"}
    files.update({f"papers/{slug}.md": f"---\ntitle: Paper {slug}\nslug: {slug}\n{extra}---\n\nAn abstract.\n"
                  for slug, extra in papers.items()})
    make_tree(root, files)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def test_a_curators_bibkey_is_used_and_must_be_unique(tmp_path):
    content = _catalog(tmp_path / "c", {"a": "bibkey: vaswani2017attention\n", "b": ""})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    assert "@misc{vaswani2017attention," in (tmp_path / "site" / "papers" / "a" / "a.bib").read_text(encoding="utf-8")
    for extra, message in (("bibkey: vaswani2017attention\n", "'vaswani2017attention' is also used by"),
                           ("bibkey: a\n", "'a' is the BibTeX key of"), ("bibkey: 'has space'\n", "must be letters")):
        bad = _catalog(tmp_path / f"bad{len(message)}", {"a": "bibkey: vaswani2017attention\n", "b": extra}
                       if "also" in message else {"a": "", "b": extra})
        with pytest.raises(PapercatError) as e:
            build(bad, tmp_path / "bad-site", cache=tmp_path / "bad-cache")
        assert any(message in str(p) and "bibkey" in str(p) for p in e.value.problems), e.value.problems


def test_keys_do_not_change_when_other_papers_come_and_go(tmp_path):
    content = _catalog(tmp_path / "c", {s: "" for s in ("dual-a", "dual-b", "dual-c")})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    before = (tmp_path / "site" / "papers" / "dual-b" / "dual-b.bib").read_text(encoding="utf-8")
    (content / "papers" / "dual-a.md").unlink()
    _catalog(content, {"dual-d": ""})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    assert (tmp_path / "site" / "papers" / "dual-b" / "dual-b.bib").read_text(encoding="utf-8") == before


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("bibtex")),
                    reason="pdflatex and bibtex are not installed (Debian: texlive-latex-base); CI has neither")
def test_the_catalog_compiles_with_bibtex_and_pdflatex(shipped, tmp_path):
    shutil.copy(shipped / "catalog.bib", tmp_path / "catalog.bib")
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\n"
                                      "\\begin{document}\\nocite{*}\\bibliographystyle{plain}\\bibliography{catalog}"
                                      "\\end{document}\n", encoding="utf-8")
    for cmd in (["pdflatex", "-interaction=nonstopmode", "doc"], ["bibtex", "doc"],
                ["pdflatex", "-interaction=nonstopmode", "doc"]):
        done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:]


# --- what Zotero reads from a paper page ------------------------------------------------------------

ZOTERO = json.loads((Path(__file__).resolve().parent / "fixtures" / "zotero_embedded_metadata.json").read_text())


def zotero_item(html: str) -> dict:
    """The item Zotero's Embedded Metadata translator makes of a page's <meta> tags, following the
    rules in the fixture: Highwire fields, the item type (a Highwire type tag, else Zotero's own
    `z:itemType`, else a guess), keywords split on `;`, the PDF attachment."""
    import html5lib

    doc = html5lib.parse(html, namespaceHTMLElements=False)
    metas = [(m.get("name") or m.get("property"), m.get("content")) for m in doc.iter("meta")
             if (m.get("name") or m.get("property")) and m.get("content")]
    item: dict = {"tags": [], "attachments": []}
    hw_type = guess = z_type = None
    for name, value in metas:
        prefix = re.split(r"[.:_]", name, maxsplit=1)[0].lower()
        if prefix in ZOTERO["prefixes"] and prefix != "citation":
            if name.lower() in ("z:itemtype", "z:type"):
                z_type = value
            continue
        hw_type = ZOTERO["hw_type"].get(name, hw_type)
        guess = guess or ZOTERO["hw_type_guess"].get(name)
        if name in ZOTERO["highwire_mappings"]:
            item[ZOTERO["highwire_mappings"][name]] = " ".join(value.split())
        elif name == "citation_keywords":
            item["tags"] += [t.strip() for t in value.split(ZOTERO["keywords_split"]) if t.strip()]
        elif name == ZOTERO["pdf"]:
            item["attachments"].append(value)
    item["itemType"] = hw_type or z_type or guess or "webpage"
    for base, field in ZOTERO["base_fields"].get(item["itemType"], {}).items():
        if base in item:
            item[field] = item.pop(base)
    return item


def _entry_with(pred) -> dict:
    return next(e.meta for e in map(read_entry, sorted((ROOT / "content" / "papers").glob("*.md"))) if pred(e.meta))


def test_zotero_saves_an_arxiv_paper_as_a_preprint_with_its_abstract_keywords_and_pdf(shipped):
    meta = _entry_with(lambda m: "arxiv" in m and "venue" not in m and not m["title"].endswith("…")
                       and len(str(m.get("date", ""))) == 7)
    item = zotero_item((shipped / "papers" / meta["slug"] / "index.html").read_text(encoding="utf-8"))
    paper = next(p for p in load(ROOT / "content").papers if p.slug == meta["slug"])
    assert item["itemType"] == "preprint"
    assert item["title"] == paper.title and item["repository"] == "arXiv"
    assert item["archiveID"] == f"arXiv:{meta['arxiv']}" and item["DOI"] == f"10.48550/arXiv.{meta['arxiv']}"
    assert item["date"] == str(meta["date"])[:4]  # a month alone is no date Scholar takes: the year
    assert item["abstractNote"] == " ".join(paper.abstract.split())
    assert item["tags"] and set(item["tags"]) <= {g.label for g in (*load_vocabulary(ROOT / 'content').tags.values(),
                                                                     *load_vocabulary(ROOT / 'content').topics.values())}
    assert item["attachments"] == [f"https://arxiv.org/pdf/{meta['arxiv']}"]


def test_zotero_saves_a_venue_paper_as_a_conference_paper(shipped):
    meta = _entry_with(lambda m: "venue" in m)
    item = zotero_item((shipped / "papers" / meta["slug"] / "index.html").read_text(encoding="utf-8"))
    assert meta["venue"] == "NeurIPS 2023"  # the conference's full name (venues.yml) is cited
    assert item["itemType"] == "conferencePaper"
    assert item["conferenceName"] == "Advances in Neural Information Processing Systems"


def test_a_derived_title_is_not_sent_as_the_citation_title(shipped):
    meta = _entry_with(lambda m: m.get("title_derived") and m["title"].endswith("…"))
    page = (shipped / "papers" / meta["slug"] / "index.html").read_text(encoding="utf-8")
    assert "title" not in zotero_item(page) and 'name="citation_' not in page  # (no partial set: Scholar needs a title)


def test_a_derived_title_is_cited_with_a_note_that_says_so():
    derived = _paper(title="We study the asymptotic error of score-based diffusion…", title_derived=True)
    entry = _parse(bibtex(derived, None)).entries[0]
    assert entry["note"] == "Title derived from the abstract; the source listing gave none"
    assert csl(derived, None, [])["note"] == entry["note"]
    assert "note" not in _parse(bibtex(_paper(), None)).entries[0] and "note" not in csl(_paper(), None, [])


def test_a_tex_escape_in_a_real_title_is_decoded_where_it_is_shown(shipped):
    slug = "tpla-tensor-parallel-latent-attention-for-efficient"
    assert "\\&" in read_entry(ROOT / "content" / "papers" / f"{slug}.md").meta["title"]
    page = (shipped / "papers" / slug / "index.html").read_text(encoding="utf-8")
    shown = page.split("<pre", 1)[0]  # (the BibTeX block below escapes it again, for LaTeX)
    assert "Prefill &amp; Decode" in shown and "\\&" not in shown
    assert zotero_item(page)["title"].endswith("Prefill & Decode Inference")
    bib = (shipped / "papers" / slug / f"{slug}.bib").read_text(encoding="utf-8")
    assert "Prefill \\& Decode" in bib


def test_tex_escapes_in_a_real_abstract_are_decoded_in_citations_and_meta_but_shown_as_written(shipped):
    """From an audit: `87\\%` went out to CSL-JSON, `citation_abstract` and JSON-LD, and on to Zotero
    and Scholar. They get `87%`, as a title's escapes are decoded; the page shows the abstract as
    written (as arXiv does); math keeps its TeX."""
    slug = "bytetransformer-a-high-performance-transformer-boosted-for"
    body = read_entry(ROOT / "content" / "papers" / f"{slug}.md").body
    assert "87\\%" in body
    page = (shipped / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert "87\\%" in page.split("<head", 1)[1].split("</head>", 1)[1]  # (the abstract shown)
    head = page.split("</head>", 1)[0]
    assert "87\\%" not in head and 'name="citation_abstract" content="' in head
    abstract = re.search(r'name="citation_abstract" content="([^"]*)"', head).group(1)
    assert "by 87%, 131%" in abstract
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))
    assert "by 87%, 131%" in ld["abstract"]
    item = json.loads((shipped / "papers" / slug / f"{slug}.json").read_text(encoding="utf-8"))
    assert "by 87%, 131%" in (item[0] if isinstance(item, list) else item)["abstract"]
    math = _paper(body="Error $O(n^{-1/2})$ and 5\\% of $\\%$ cases.\n")
    assert csl(math, None, [])["abstract"] == "Error $O(n^{-1/2})$ and 5% of $\\%$ cases."
    money = _paper(body="It costs \\$5 and saves \\$10 a run, 5\\% less.\n")  # (no `$5 ... $` math made of it)
    assert dict(citation_meta(money, cited_abstract(money), []))["citation_abstract"] == \
        "It costs \\$5 and saves \\$10 a run, 5% less."
    assert "5 and saves" in readable_text(cited_abstract(money)) and "$10 a run" in readable_text(cited_abstract(money))


# --- sharing, canonical links, KaTeX ----------------------------------------------------------------

def _heads(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8").split("</head>", 1)[0]
            for p in sorted(site.rglob("*.html"))}


def test_every_page_has_one_canonical_link_and_sort_variants_point_at_the_default_order(shipped):
    heads = _heads(shipped)
    for path, head in heads.items():
        links = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
        if path == "404.html":
            assert links == []
            continue
        own = SITE_URL + path.removesuffix("index.html")
        want = own.replace("/upvotes/", "/").split("page/")[0] if "/upvotes/" in path else own
        assert links == [want], path
    assert any("/upvotes/" in p for p in heads)


def test_the_sitemap_lists_exactly_the_pages_that_are_their_own_canonical(shipped):
    locs = set(re.findall(r"<loc>([^<]+)</loc>", (shipped / "sitemap.xml").read_text(encoding="utf-8")))
    own = {SITE_URL + p.removesuffix("index.html") for p, head in _heads(shipped).items()
           if f'<link rel="canonical" href="{SITE_URL + p.removesuffix("index.html")}">' in head}
    assert locs == own - {SITE_URL + "search/"}
    assert not any("/upvotes/" in u for u in locs) and SITE_URL + "search/" not in locs


def test_link_previews_get_open_graph_and_twitter_tags_and_a_real_image(shipped):
    from PIL import Image

    heads = _heads(shipped)
    paper = next(h for p, h in heads.items() if p.startswith("papers/"))
    for head in (paper, heads["index.html"]):
        for prop in ("og:title", "og:type", "og:url", "og:image", "og:site_name"):
            assert f'property="{prop}"' in head, prop
        assert 'name="twitter:card" content="summary_large_image"' in head
        assert 'name="theme-color"' in head and 'href="/catalog/favicon.png" type="image/png"' in head
    assert 'property="og:type" content="article"' in paper
    assert f'property="og:image" content="{SITE_URL}social.png"' in paper
    with Image.open(shipped / "social.png") as card:
        assert card.size == (1200, 630)
    with Image.open(shipped / "favicon.png") as icon:
        assert icon.size == (32, 32)


def test_katex_is_loaded_only_on_pages_that_show_math(shipped):
    from generator.markup import has_math

    heavy = {p for p in (q.relative_to(shipped).as_posix() for q in shipped.rglob("*.html"))
             if "katex.min.js" in (shipped / p).read_text(encoding="utf-8")}
    papers = {p.slug: p for p in load(ROOT / "content").papers}
    with_math = {f"papers/{s}/index.html" for s, p in papers.items() if has_math(p.title) or has_math(p.body)}
    assert with_math and with_math <= heavy  # (every paper with math typesets it ...)
    assert len(heavy) < len(papers) / 10  # (... and most pages load none of it)
    for path in heavy:  # (... and every page that loads it has some)
        text = (shipped / path).read_text(encoding="utf-8")
        assert '<span class="math">' in text or re.search(r'math-scope[^>]*>(<a [^>]*>)?[^<]*(\$|\\\()', text), path


def test_an_entrys_own_doi_is_cited_everywhere_and_an_arxiv_paper_keeps_its_eprint():
    from generator.cite import json_ld

    bert = Paper(slug="bert", title="BERT", body="Pre-training.", path="bert.md", arxiv="1810.04805",
                 doi="10.18653/v1/N19-1423", date="2019-06")
    fields = _parse(bibtex(bert, None)).entries[0].fields_dict
    assert fields["doi"].value == "10.18653/v1/N19-1423" and fields["eprint"].value == "1810.04805"
    assert csl(bert, None, [])["DOI"] == "10.18653/v1/N19-1423"
    assert ("citation_doi", "10.18653/v1/N19-1423") in citation_meta(bert, "Pre-training.", [])
    assert json_ld(bert, None, "", [])["sameAs"] == ["https://arxiv.org/abs/1810.04805",
                                                     "https://doi.org/10.18653/v1/N19-1423"]
    preprint = Paper(slug="p", title="P", body="A.", path="p.md", arxiv="2401.00001")
    assert _parse(bibtex(preprint, None)).entries[0].fields_dict["doi"].value == "10.48550/arXiv.2401.00001"
    assert json_ld(preprint, None, "", [])["sameAs"] == ["https://arxiv.org/abs/2401.00001",  # (as CSL and
                                                         "https://doi.org/10.48550/arXiv.2401.00001"]  # the tags)
    assert "doi" not in _parse(bibtex(Paper(slug="q", title="Q", body="A.", path="q.md"), None)).entries[0].fields_dict


def test_the_catalogs_files_reuse_kept_entries_only_while_their_paper_is_unchanged(tmp_path):
    from generator.config import load_config
    from generator.exports import CATALOG_BIB, CATALOG_JSON, export_files
    from generator.catalog import derive, read_papers

    content = _catalog(tmp_path / "c", {"keep": "", "edit": ""})

    def catalog_files(memo: dict) -> dict[str, bytes]:
        vocab = load_vocabulary(content)
        papers, digests = read_papers(content, vocab)
        out: dict[str, bytes] = {}
        for path, data in export_files(derive(papers, vocab, digests), load_config(content), [CATALOG_BIB, CATALOG_JSON],
                                       memo):
            out[path] = out.get(path, b"") + data
        return out

    memo: dict = {}
    first = catalog_files(memo)
    assert sorted(memo["papers"]) == ["edit", "keep"] and b"Paper edit" in first[CATALOG_BIB]
    memo = json.loads(json.dumps(memo))  # (as the store keeps it)
    # A kept entry stands in for its paper's (the memo's text is what the file holds)...
    memo["papers"]["keep"][1] = memo["papers"]["keep"][1].replace("Paper keep", "Kept text")
    # ...but not once the paper changed, even when only the catalog's files are asked for.
    text = (content / "papers" / "edit.md").read_text(encoding="utf-8")
    (content / "papers" / "edit.md").write_text(text.replace("Paper edit", "Edited title"), encoding="utf-8")
    second = catalog_files(memo)
    assert b"Kept text" in second[CATALOG_BIB] and b"Edited title" in second[CATALOG_BIB]
    assert b"Paper edit" not in second[CATALOG_BIB] + second[CATALOG_JSON]
    assert {item["title"] for item in json.loads(second[CATALOG_JSON])} >= {"Edited title"}


@pytest.mark.parametrize("date, venue, cited, month", [
    ("2018-10-11", "NAACL 2019", "2019", None),  # a preprint's date, its published version's venue
    ("2017-06-12", "NeurIPS 2017", "2017", None),  # the same year: the venue's year, no (arXiv) month
    (None, "ICML 2020", "2020", None),  # no date: the venue's year
    ("2021-03", None, "2021-03", "mar"),  # no venue: the paper's date
    ("2015-05-28", "Nature", "2015-05-28", "may"),  # a venue of no year: the paper's date
    ("2020-05-28", "JMLR 2020", "2020-05-28", "may"),  # a journal of the date's year: its whole date
    ("2019-10", "JMLR 2020", "2020", None),  # a journal of another year: that year
])
def test_a_paper_cited_at_a_venue_is_cited_with_the_venues_year(tmp_path, vocab, date, venue, cited, month):
    """BERT's entry is dated 2018 (arXiv) and published at NAACL 2019: its BibTeX said
    `booktitle = {... North American Chapter ...}, year = 2018, month = oct`, a citation of a
    proceedings that never was."""
    from generator.cite import json_ld

    paper = _entry_paper(tmp_path, vocab, venue) if venue else Paper(slug="x", title="X", body="A.", path="x.md")
    paper = dataclasses.replace(paper, date=date)
    if venue and not any(c.isdigit() for c in venue):  # (the entry's date gave the resolved venue a year)
        paper = dataclasses.replace(paper, venue=venue)
    fields = _parse(bibtex(paper, None)).entries[0].fields_dict
    assert fields["year"].value == cited[:4]
    assert (fields["month"].value if "month" in fields else None) == month
    assert csl(paper, None, [])["issued"] == {"date-parts": [[int(x) for x in cited.split("-")]]}
    meta = dict(citation_meta(paper, "An abstract.", []))
    assert meta["citation_publication_date"] == (cited.replace("-", "/") if len(cited) == 10 else cited[:4])
    assert json_ld(paper, None, "", [])["datePublished"] == cited



@pytest.mark.parametrize("title", ["Sparse attention and a {brace", "Closing $a}$ early", "Overhead below $0.1%$ at 100%",
                                   "Matrix $a & b$ alignment #1", r"Sets $\{x\}$ and $\frac{a}{b}$"])
def test_a_stray_brace_or_a_comment_sign_in_a_title_keeps_every_field_for_pybtex(title):
    """BibTeX counts every brace, escaped or not: one `{` in a title made catalog.bib unreadable to
    pybtex, and `$a}$` ended the title early, the rest of the entry lost. In math, `%` still starts
    a comment and `&` is an alignment tab."""
    from pybtex.database import parse_string

    paper = _paper(title=title, date="2017-06", arxiv="1706.03762")
    text = bibtex(paper, None) + bibtex(dataclasses.replace(paper, slug="y"), None)
    entries = parse_string(text, "bibtex").entries
    assert list(entries) == ["x", "y"]
    assert {"year", "month", "eprint", "url"} <= {k.lower() for k in entries["x"].fields}
    assert "%" not in re.sub(r"\\%", "", text) and "&" not in re.sub(r"\\&", "", text)
    assert untex_bib(entries["x"].fields["title"]).replace("{", "").replace("}", "") == \
        title.replace("{", "").replace("}", "").replace("\\", "")


def untex_bib(value: str) -> str:
    """A BibTeX title as pybtex gives it, with papercat's escapes undone (to compare with the entry)."""
    for escaped, plain in ((r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"), ("\\", "")):
        value = value.replace(escaped, plain)
    return value


def test_citations_of_an_arxiv_paper_at_a_venue_keywords_headline_and_url(tmp_path, vocab):
    """A NeurIPS paper with an arXiv id was `"publisher": "arXiv"` in CSL; a tag and a topic of one
    label were two keywords; a long headline was cut mid-word; an entry with an arXiv id but no
    arXiv link cited the catalog's page; the arXiv category was not exported."""
    from generator.cite import json_ld, keywords

    at_venue = dataclasses.replace(_entry_paper(tmp_path, vocab, "NeurIPS 2023"), arxiv="2305.00001",
                                   arxiv_category="cs.LG")
    item = csl(at_venue, "https://example.org/c/papers/x/", [])
    assert "publisher" not in item and "number" not in item and item["URL"] == "https://arxiv.org/abs/2305.00001"
    fields = _parse(bibtex(at_venue, "https://example.org/c/papers/x/")).entries[0].fields_dict
    assert fields["primaryClass"].value == "cs.LG" and fields["url"].value == "https://arxiv.org/abs/2305.00001"
    preprint = dataclasses.replace(at_venue, venue=None, venue_slug=None, venue_kind=None, venue_full=None)
    assert csl(preprint, None, [])["publisher"] == "arXiv"
    assert keywords([("knowledge-distillation", "Knowledge distillation"), ("vision", "Vision"),
                     ("distillation", "knowledge distillation"), ("other", "Other")]) == ["Knowledge distillation", "Vision"]
    # A paper at a venue with no DOI of its own is not given arXiv's (which names the preprint).
    assert "DOI" not in item and "doi" not in fields and ("citation_doi", "10.48550/arXiv.2305.00001") not in \
        citation_meta(at_venue, "", [])
    assert csl(preprint, None, [])["DOI"] == "10.48550/arXiv.2305.00001"
    long = dataclasses.replace(at_venue, title="Attentive WaveBlock: Complementarity-enhanced Mutual Networks for "
                                               "Unsupervised Domain Adaptation in Person Re-identification and Beyond")
    headline = json_ld(long, None, "", [])["headline"]
    assert len(headline) <= 110 and headline.endswith("Person…")


def test_an_organisation_author_is_cited_whole_in_every_format():
    """README's own example `- Gemini Team and Google DeepMind` was `DeepMind, {Gemini Team and
    Google}` in BibTeX, a Person with familyName DeepMind in JSON-LD, "DeepMind, G. T. and G." in APA."""
    from pybtex.database import parse_string

    from generator.cite import json_ld

    paper = _paper(authors=("Gemini Team and Google DeepMind", "Rohan Anil", "The CMS Collaboration"), date="2023-12")
    persons = parse_string(bibtex(paper, None), "bibtex").entries["x"].persons["author"]
    assert [str(p) for p in persons] == ["{Gemini Team and Google DeepMind}", "Anil, Rohan", "{The CMS Collaboration}"]
    assert csl(paper, None, [])["author"] == [{"literal": "Gemini Team and Google DeepMind"},
                                              {"family": "Anil", "given": "Rohan"}, {"literal": "The CMS Collaboration"}]
    assert [v for k, v in citation_meta(paper, "", []) if k == "citation_author"] == [
        "Gemini Team and Google DeepMind", "Anil, Rohan", "The CMS Collaboration"]
    assert [a["@type"] for a in json_ld(paper, None, "", [])["author"]] == ["Organization", "Person", "Organization"]
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON([csl(paper, None, [])]), formatter.plain)
    bibliography.register(Citation([CitationItem("x")]))
    assert str(bibliography.bibliography()[0]).startswith("Gemini Team and Google DeepMind, Anil, R.")


def test_a_list_of_the_first_authors_only_is_cited_and_shown_as_such(tmp_path, vocab):
    """GPT-3 from BibTeX (`... and Melanie Subbiah and others`) was a paper of 4 authors, in the
    `authors/4/` group and cited with 4 names: `- others` now ends such a list."""
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    (content / "papers" / "gpt3.md").write_text(
        "---\ntitle: Language Models are Few-Shot Learners\nslug: gpt3\ndate: '2020-05'\nauthors:\n- Tom B. Brown\n"
        "- Benjamin Mann\n- others\n---\n\nWe train a large language model and test it on many tasks.\n", encoding="utf-8")
    paper = read_paper(content / "papers" / "gpt3.md", vocab)[2]
    assert (paper.authors, paper.et_al, paper.authors_count, paper.author_group) == (
        ("Tom B. Brown", "Benjamin Mann"), True, None, "unknown")
    assert _parse(bibtex(paper, None)).entries[0].fields_dict["author"].value == "Brown, Tom B. and Mann, Benjamin and others"
    out = tmp_path / "site"
    build(content, out, cache=tmp_path / "cache")
    page = (out / "papers" / "gpt3" / "index.html").read_text(encoding="utf-8")
    assert "Benjamin Mann</a> et al.</span>" in page and not (out / "authors" / "2").exists()
    assert not (out / "people" / "others").exists()


def test_json_ld_keeps_a_name_suffix():
    from generator.cite import json_ld

    (king,) = json_ld(_paper(authors=("Martin Luther King Jr.",)), None, "", [])["author"]
    assert king == {"@type": "Person", "name": "Martin Luther King Jr.", "givenName": "Martin Luther",
                    "familyName": "King", "honorificSuffix": "Jr."}


def test_a_family_name_written_first_is_cited_whole_in_every_format():
    """Exports say `Van Gool, Luc`; written "Luc Van Gool" the paper was cited `Gool, Luc Van`.
    An entry writes `- Van Gool, Luc`, and every format gets the family name it says."""
    from bibtexparser import middlewares as m

    from generator.cite import json_ld

    paper = _paper(authors=("Van Gool, Luc", "Laurens van der Maaten", "Le Cun, Y.", "Van Gool, Luc, Jr."),
                   date="2017-06")
    text = bibtex(paper, None)
    assert "author = {Van Gool, Luc and van der Maaten, Laurens and Le Cun, Y. and Van Gool, Jr., Luc}" in text
    library = bibtexparser.parse_string(text, append_middleware=[m.SeparateCoAuthors(), m.SplitNameParts()])
    assert [(n.first, n.von + n.last) for n in library.entries[0]["author"]] == [
        (["Luc"], ["Van", "Gool"]), (["Laurens"], ["van", "der", "Maaten"]), (["Y."], ["Le", "Cun"]),
        (["Luc"], ["Van", "Gool"])]
    item = csl(paper, None, [])
    assert item["author"] == [{"family": "Van Gool", "given": "Luc"}, {"family": "van der Maaten", "given": "Laurens"},
                              {"family": "Le Cun", "given": "Y."},
                              {"family": "Van Gool", "given": "Luc", "suffix": "Jr."}]
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem("x")]))
    assert str(bibliography.bibliography()[0]).startswith("Van Gool, L. et al. (2017)")  # (not "Gool, L.V.")
    assert [v for k, v in citation_meta(paper, "", []) if k == "citation_author"] == [
        "Van Gool, Luc", "van der Maaten, Laurens", "Le Cun, Y.", "Van Gool Jr., Luc"]
    assert [(a["name"], a["givenName"], a["familyName"]) for a in json_ld(paper, None, "", [])["author"]] == [
        ("Luc Van Gool", "Luc", "Van Gool"), ("Laurens van der Maaten", "Laurens", "van der Maaten"),
        ("Y. Le Cun", "Y.", "Le Cun"), ("Luc Van Gool, Jr.", "Luc", "Van Gool")]


def test_an_organisation_given_in_place_of_authors_is_cited_as_the_author(tmp_path, vocab):
    """`organization: DeepSeek` was the JSON-LD and feed author but absent from BibTeX, CSL and
    citation_author (Google Scholar's inclusion rules want one)."""
    paper = dataclasses.replace(_entry_paper(tmp_path, vocab, None), authors=(), organization="DeepSeek")
    assert _parse(bibtex(paper, None)).entries[0].fields_dict["author"].value == "{DeepSeek}"
    assert csl(paper, None, [])["author"] == [{"literal": "DeepSeek"}]
    assert ("citation_author", "DeepSeek") in citation_meta(paper, "", [])


def test_a_citation_s_url_is_the_paper_s_own_before_the_catalog_s_page(tmp_path, vocab):
    """From a review: a paper with a DOI and no arXiv id or web page was cited at the catalog's page."""
    page = "https://example.org/c/papers/x/"
    paper = dataclasses.replace(_entry_paper(tmp_path, vocab, "NeurIPS 2023"), arxiv=None, links=())
    with_doi = dataclasses.replace(paper, doi="10.1038/nature14539")
    on_the_web = dataclasses.replace(with_doi, links=(("web", "https://www.nature.com/articles/nature14539"),))
    for p, want in ((paper, page), (with_doi, "https://doi.org/10.1038/nature14539"),
                    (on_the_web, "https://www.nature.com/articles/nature14539")):
        assert _parse(bibtex(p, page)).entries[0].fields_dict["url"].value == want
        assert csl(p, page, [])["URL"] == want
