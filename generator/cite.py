"""Citation data for a paper: BibTeX, CSL-JSON, Highwire `citation_*` meta tags and schema.org JSON-LD.

What reference managers and LaTeX read, so each format follows its consumers' rules: BibTeX keys
are the paper's own (its slug, or the curator's `bibkey:`), so adding or removing another paper
never changes one; months are bare macros; LaTeX specials are escaped outside math."""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.markup import MATH, math_as_text, plain_text
from generator.model import Paper
from generator.people import Name, person, split_name
from generator.venues import journal_by_name
from generator.vocabulary import OTHER

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "\\": r"\textbackslash{}", "{": r"\textbraceleft{}",
                  "}": r"\textbraceright{}"}
_SPECIAL = re.compile(r"[&%#_$~^\\{}]")
_TEX_ESCAPE = re.compile(r"\\([&%#_$])")
_TEX_ESCAPE_BUT_DOLLAR = re.compile(r"\\([&%#_])")


def keywords(groups) -> list[str]:
    """Tags' and topics' labels, from (slug, label) pairs, as citation keywords, each once (a topic
    and a tag of one label, as 79 of the shipped papers have, were listed twice); never the
    catch-all topic, which says nothing of the paper (Zotero made it a tag, "Other")."""
    seen: set[str] = set()
    return [x for slug, x in groups if slug != OTHER and not (x.casefold() in seen or seen.add(x.casefold()))]


def bib_key(paper: Paper) -> str:
    """The curator's `bibkey:`, else the slug: unique (validated) and the paper's own."""
    return paper.bibkey or paper.slug


def untex(text: str, dollars: bool = True) -> str:
    """Stray TeX escapes (`\\&`, `\\%`, `\\_`) decoded, outside math: what a title shows. Without
    `dollars`, `\\$` stays: in text that `math_as_text` reads next, `$5 and $10` would be math."""
    if "\\" not in text:
        return text
    escapes = _TEX_ESCAPE if dollars else _TEX_ESCAPE_BUT_DOLLAR
    out, last = [], 0
    for m in MATH.finditer(text):
        out += [escapes.sub(r"\1", text[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join(out + [escapes.sub(r"\1", text[last:])])


def cited_abstract(paper: Paper) -> str:
    """The abstract as citations, meta tags and JSON-LD give it: one line, its stray TeX escapes
    decoded outside math as a title's are (CSL-JSON, Scholar and JSON-LD showed `87\\%`). The page
    shows it as written, as arXiv does."""
    return untex(plain_text(paper.abstract), dollars=False)


def latex(text: str) -> str:
    """`text` for a BibTeX field: LaTeX specials escaped outside math (`$...$`, `\\(...\\)`), which is
    kept as written but for `%`, `&` and `#` (a comment and an alignment tab in math too); non-ASCII
    stays UTF-8 (biber and pdflatex's utf8 inputenc read it). BibTeX counts every brace, escaped or
    not, so a brace of the text is `\\textbraceleft{}`, and math with a stray brace is escaped as text:
    one unbalanced brace made all of catalog.bib unreadable to pybtex. So is math that would read or
    write a file or redefine TeX (`$\\input{/etc/passwd}$` from a listing put a file of whoever cites
    the paper into their PDF: pdflatex reads any file)."""
    out, last = [], 0
    for m in MATH.finditer(text):
        math = m.group(0)
        out += [_text_latex(text[last:m.start()]), _MATH_SPECIAL.sub(r"\\\1", math)
                if _balanced(math) and not _UNSAFE_TEX.search(math) else _text_latex(math)]
        last = m.end()
    out.append(_text_latex(text[last:]))
    return "".join(out)


_MATH_SPECIAL = re.compile(r"(?<!\\)([%&#])")
# Primitives and commands no formula needs that read or write files, run programs or change how TeX
# reads what follows (and `^^5c`, a backslash in hex): a deny-list, since math is kept as written.
_UNSAFE_TEX = re.compile(
    r"\^\^|\\(?:input|include|endinput|openin|openout|closeout|read|readline|write|immediate|special|directlua|"
    r"latelua|catcode|csname|expandafter|def|edef|gdef|xdef|let|futurelet|scantokens|primitive|pdfprimitive|"
    r"usepackage|RequirePackage|documentclass|newcommand|renewcommand|providecommand|DeclareRobustCommand|"
    r"newenvironment|renewenvironment|InputIfFileExists|IfFileExists|verbatiminput|lstinputlisting|"
    r"includegraphics|includepdf|ShellEscape|uppercase|lowercase)(?![A-Za-z@])")


def _text_latex(text: str) -> str:
    return _SPECIAL.sub(lambda s: _LATEX_SPECIAL[s.group(0)], text)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _bib_part(text: str) -> str:
    """One part of a BibTeX name, escaped; braced when a comma or the word "and" in it would
    otherwise split the name or the list."""
    escaped = latex(text)
    return "{" + escaped + "}" if "," in text or re.search(r"\band\b", text, re.IGNORECASE) else escaped


def bib_name(name: Name) -> str:
    """`Family, Given` (`von Last, Jr., First`): the form BibTeX and biber parse without guessing,
    particles and all."""
    if name.literal:  # (braced whole: BibTeX would split "Gemini Team and Google DeepMind" into two people)
        return "{" + latex(name.family) + "}"
    parts = [_bib_part(name.family)] + ([_bib_part(name.suffix)] if name.suffix else [])
    return ", ".join(parts + ([_bib_part(name.given)] if name.given else []))


def highwire_name(name: Name) -> str:
    """`Family, Given` for `citation_author`: Google Scholar reads it, and Zotero splits a name with
    a comma at the comma instead of guessing where the family name starts."""
    if name.literal:
        return name.family
    family = f"{name.family} {name.suffix}" if name.suffix else name.family
    return f"{family}, {name.given}" if name.given else family


def csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.family}
    return {k: v for k, v in (("family", name.family), ("given", name.given), ("suffix", name.suffix)) if v}


def kind(paper: Paper) -> str:
    """What the paper is cited as: the entry's `type` (validate.TYPES; `misc` is `preprint`) when
    it has one (but for `article` and `inproceedings` at a venue venues.yml lists, whose own kind
    decides: Google Scholar calls NeurIPS papers articles), else from its venue: `article` (a
    journal), `inproceedings` (a conference or workshop) or `preprint` (none), by the kind
    venues.yml gives the venue. A venue it does not list
    is a journal when its name says so (`Journal of ...`, `Nucleic Acids Research`: these were cited
    as proceedings, `booktitle = {Nucleic Acids Research}`), else proceedings; a journal whose name
    does not say so (`Medical Image Analysis`) needs `type: article`, which import writes."""
    if paper.type and not (paper.venue_kind and paper.type in ("article", "inproceedings")):
        return "preprint" if paper.type == "misc" else paper.type  # (a listed venue's kind beats these two)
    if not paper.venue:
        return "preprint"
    if paper.venue_kind:
        return "article" if paper.venue_kind == "journal" else "inproceedings"
    return "article" if journal_by_name(paper.venue) else "inproceedings"


class _Kind(NamedTuple):
    """How each output names one kind of work. Zotero's Embedded Metadata translator takes the item
    type from the Highwire tags (tests/fixtures/zotero_embedded_metadata.json)."""

    bibtex: str  # the entry type
    venue_field: str | None  # BibTeX's field for the venue (None: a thesis or report names none)
    publisher_field: str  # BibTeX's field for the publisher
    csl: str  # CSL's type
    genre: str | None  # CSL's genre
    venue_tag: str | None  # Highwire's tag for the venue
    publisher_tag: str | None  # Highwire's tag for the publisher
    schema: str  # schema.org's @type


_KINDS = {
    "article": _Kind("article", "journal", "publisher", "article-journal", None, "citation_journal_title",
                     "citation_publisher", "ScholarlyArticle"),
    "inproceedings": _Kind("inproceedings", "booktitle", "publisher", "paper-conference", None,
                           "citation_conference_title", "citation_publisher", "ScholarlyArticle"),
    "incollection": _Kind("incollection", "booktitle", "publisher", "chapter", None, "citation_book_title",
                          "citation_publisher", "Chapter"),
    "book": _Kind("book", "series", "publisher", "book", None, None, "citation_publisher", "Book"),
    "phdthesis": _Kind("phdthesis", None, "school", "thesis", "PhD thesis", None, "citation_dissertation_institution",
                       "Thesis"),
    "mastersthesis": _Kind("mastersthesis", None, "school", "thesis", "Master's thesis", None,
                           "citation_dissertation_institution", "Thesis"),
    "techreport": _Kind("techreport", None, "institution", "report", None, None,
                        "citation_technical_report_institution", "Report"),
    # (`type: misc`, no venue, or no author: a venue it names after all is `howpublished`)
    "preprint": _Kind("misc", "howpublished", "publisher", "article", None, None, None, "ScholarlyArticle"),
}


def container(paper: Paper) -> str | None:
    """What a citation names as the paper's journal or proceedings: the venue's full name from
    venues.yml (`Advances in Neural Information Processing Systems`; the year is cited on its own),
    or the venue as the entry gives it when venues.yml does not list it, without the year it ends in
    (`Phys. Rev. Lett. 2016` is `journal = {Phys. Rev. Lett.}, year = 2016`)."""
    if paper.venue_full or not paper.venue:
        return paper.venue_full
    year = paper.venue_own_year
    name = paper.venue[:-len(year)].rstrip(" ,") if year else paper.venue
    return name or paper.venue  # (a venue that is a year alone stays as it is)


def cited_date(paper: Paper) -> str | None:
    """The date a citation gives: the venue's year for a paper at a venue of a year (BERT's entry
    is dated 2018, its arXiv preprint; cited at NAACL 2019, it is cited as 2019, and with no month:
    the entry's month is the preprint's, not the conference's), but the whole date for a journal
    of the same year; else the paper's own date. YYYY, YYYY-MM or YYYY-MM-DD."""
    year = paper.venue_own_year
    if year is None:  # (a venue without a year of its own: `Nature`)
        return paper.date
    if kind(paper) == "article" and (paper.date or "").startswith(year):
        return paper.date  # (a journal's issue date is the paper's own, when the years agree)
    return year


# A title papercat made from the abstract (the listing gave none) is cited with this, so that a
# bibliography does not pass it off as the authors' own.
DERIVED_NOTE = "Title derived from the abstract; the source listing gave none"


def bibtex(paper: Paper, url: str | None) -> str:
    """One BibTeX entry. `url`: the page's full URL, None when unknown (a path is no use in a
    bibliography); an arXiv paper's abstract page wins over it."""
    of = _KINDS[kind(paper)]
    cited = _cited(paper)
    if not cited and not (of.bibtex == "book" and paper.editors):
        # No author named (most of the shipped catalog): `@misc`, the one BibTeX type that needs
        # none (pybtex refused the whole file). CSL and the Highwire tags keep the real kind.
        of = _KINDS["preprint"]
    entry_type = of.bibtex
    fields: list[tuple[str, str]] = [("title", "{{" + latex(paper.title) + "}}")]
    if cited:
        names = [bib_name(name) for name, _ in cited] + (["others"] if paper.et_al else [])
        fields.append(("author", "{" + " and ".join(names) + "}"))
    if paper.venue and of.venue_field:
        fields.append((of.venue_field, "{" + latex(container(paper)) + "}"))
    if paper.editors:  # (the book's or proceedings': with `series` and `volume`, "volume 1524 of LNCS")
        fields.append(("editor", "{" + " and ".join(bib_name(split_name(e)) for e in paper.editors) + "}"))
    if paper.series:
        fields.append(("series", "{" + latex(paper.series) + "}"))
    if paper.publisher:
        fields.append((of.publisher_field, "{" + latex(paper.publisher) + "}"))
    fields += [(k, "{" + latex(v) + "}") for k, v in (("volume", paper.volume), ("number", paper.issue),
                                                     ("pages", paper.page_range and paper.page_range.replace("-", "--")))
               if v]
    date = cited_date(paper)
    if date:
        fields.append(("year", date[:4]))
    if date and len(date) >= 7:
        fields.append(("month", _MONTHS[int(date[5:7]) - 1]))  # (a bare macro: biber warns on {oct})
    if paper.arxiv:
        fields += [("eprint", "{" + paper.arxiv + "}"), ("archivePrefix", "{arXiv}")]
        if paper.arxiv_category:
            fields.append(("primaryClass", "{" + paper.arxiv_category + "}"))
    if doi(paper):
        fields.append(("doi", "{" + doi(paper) + "}"))
    if entry_type == "misc" and paper.arxiv and not any(k == "howpublished" for k, _ in fields):
        fields.append(("howpublished", "{arXiv preprint}"))
    link = cited_url(paper, url)
    if link:
        fields.append(("url", "{" + link + "}"))
    if paper.title_derived:
        fields.append(("note", "{" + DERIVED_NOTE + "}"))
    body = ",\n".join(f"  {k} = {v}" for k, v in fields)
    return f"@{entry_type}{{{bib_key(paper)},\n{body}\n}}\n"


def cited_url(paper: Paper, url: str | None) -> str | None:
    """The URL a citation gives: the paper's arXiv page (its link, or made from its id), else its own
    web page (`links.web`: a journal's or OpenReview's), else its DOI's address, else the catalog's
    page for it (a reference list citing a catalog's page for a paper with a DOI sent readers to
    a third party's page rather than the paper)."""
    links = dict(paper.links)
    if links.get("arxiv") or paper.arxiv:
        return links.get("arxiv") or f"https://arxiv.org/abs/{paper.arxiv}"
    return links.get("web") or (f"https://doi.org/{paper.doi}" if paper.doi else url)


def arxiv_doi(arxiv: str) -> str:
    """The DOI arXiv registers for every paper (DataCite, 10.48550)."""
    return f"10.48550/arXiv.{arxiv}"


def doi(paper: Paper) -> str | None:
    """The DOI to cite: the entry's own (the version of record, from an import or the curator),
    else, for a preprint, the one arXiv registers. A paper cited at its venue without a DOI of
    its own gets none: arXiv's identifies the preprint, and a NeurIPS citation carrying it sent
    readers (and Zotero) to another version."""
    return paper.doi or (arxiv_doi(paper.arxiv) if paper.arxiv and kind(paper) == "preprint" else None)


def csl(paper: Paper, url: str | None, keywords: list[str]) -> dict:
    """One CSL-JSON item, as Zotero and citeproc read it."""
    of = _KINDS[kind(paper)]
    item: dict = {"id": bib_key(paper), "type": of.csl, "title": math_as_text(paper.title)}
    if of.genre:
        item["genre"] = of.genre
    if paper.abstract:  # (an entry imported without one has an empty body)
        item["abstract"] = cited_abstract(paper)
    cited = _cited(paper)
    if cited:
        item["author"] = [csl_name(name) for name, _ in cited]
    cited = cited_date(paper)
    if cited:
        item["issued"] = {"date-parts": [[int(x) for x in cited.split("-")]]}
    if paper.venue:
        item["collection-title" if kind(paper) == "book" else "container-title"] = container(paper)
    if paper.series:  # (a book's series, or the series of the book a chapter is in)
        item["collection-title"] = paper.series
    if paper.editors:
        item["editor"] = [csl_name(split_name(e)) for e in paper.editors]
    if paper.publisher:
        item["publisher"] = paper.publisher
    issue = "number" if kind(paper) == "techreport" else "issue"  # (a report's number)
    item.update({k: v for k, v in (("volume", paper.volume), (issue, paper.issue), ("page", paper.page_range)) if v})
    if paper.arxiv and kind(paper) == "preprint":  # (a conference paper is not published by arXiv)
        item.update({"number": f"arXiv:{paper.arxiv}", "publisher": paper.publisher or "arXiv"})
    if doi(paper):
        item["DOI"] = doi(paper)
    link = cited_url(paper, url)
    if link:
        item["URL"] = link
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if paper.title_derived:
        item["note"] = DERIVED_NOTE
    return item


def citation_meta(paper: Paper, abstract: str, keywords: list[str]) -> list[tuple[str, str]]:
    """Highwire Press tags, read by Google Scholar and Zotero's Embedded Metadata translator (whose
    rules tests/test_cite.py follows: tests/fixtures/zotero_embedded_metadata.json).

    A title cut from the abstract's first sentence (derived, ending in "…") is no title to cite by,
    and Scholar wants one: no tags at all (the abstract and keywords alone invited indexing the page
    under its <title>, the same cut sentence). Dates are
    a full date or a year (Scholar takes no year/month). An arXiv paper is marked a preprint with
    Zotero's own `z:itemType`, which the translator ranks first, and gets its DOI and PDF."""
    if paper.title_derived and paper.title.endswith("…"):
        return []
    meta = [("citation_title", math_as_text(paper.title))]
    meta += [("citation_author", highwire_name(name)) for name, _ in _cited(paper)]  # (one each, in order)
    cited = cited_date(paper)
    if cited:
        date = cited.replace("-", "/") if len(cited) == 10 else cited[:4]
        meta += [("citation_publication_date", date), ("citation_date", date)]
    if abstract:
        meta.append(("citation_abstract", abstract))
    if keywords:
        meta.append(("citation_keywords", "; ".join(keywords)))
    links = dict(paper.links)
    venue_kind = kind(paper)
    of = _KINDS[venue_kind]
    if of.venue_tag and paper.venue:
        meta.append((of.venue_tag, container(paper)))
    if of.publisher_tag and paper.publisher:
        meta.append((of.publisher_tag, paper.publisher))
    first, _, last = (paper.page_range or "").partition("-")
    issue = "citation_technical_report_number" if venue_kind == "techreport" else "citation_issue"
    meta += [(k, v) for k, v in (("citation_volume", paper.volume), (issue, paper.issue),
                                 ("citation_firstpage", first), ("citation_lastpage", last)) if v]
    if venue_kind == "book":
        meta.append(("z:itemType", "book"))  # (a book has no Highwire type tag of its own)
    if paper.arxiv:
        meta.append(("citation_arxiv_id", paper.arxiv))
    if doi(paper):
        meta.append(("citation_doi", doi(paper)))
    if paper.arxiv:
        if venue_kind == "preprint":
            meta += [("z:itemType", "preprint"), ("citation_publisher", paper.publisher or "arXiv"),
                     ("citation_technical_report_number", f"arXiv:{paper.arxiv}")]
    pdf = links.get("pdf") or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else None)
    if pdf:
        meta.append(("citation_pdf_url", pdf))
    return meta


def _headline(title: str, limit: int = 110) -> str:
    """schema.org's headline (at most 110 characters): a longer title cut at a word, with an ellipsis."""
    if len(title) <= limit:
        return title
    return title[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,:;-") + "…"


# schema.org's type for what a paper of each kind is part of; `isPartOf` wants a CreativeWork, and
# proceedings are books. (A preprint's `howpublished`, a thesis's school: not a work it is part of.)
_PART_OF = {"article": "Periodical", "inproceedings": "Book", "incollection": "Book"}


def json_ld(paper: Paper, url: str | None, abstract: str, keywords: list[str]) -> dict:
    """schema.org data; `url` (the page's full URL) is left out when unknown: schema.org wants a full URL."""
    title = math_as_text(paper.title)
    data: dict = {"@context": "https://schema.org", "@type": _KINDS[kind(paper)].schema, "headline": _headline(title),
                  "name": title}
    if paper.publisher:
        data["publisher"] = {"@type": "Organization", "name": paper.publisher}
    if paper.page_range:
        data["pagination"] = paper.page_range
    part_of, venue = _PART_OF.get(kind(paper)), container(paper)
    if part_of and venue:  # (the journal or proceedings, as BibTeX, CSL and Highwire name it)
        data["isPartOf"] = {"@type": part_of, "name": venue}
    if abstract:
        data["abstract"] = abstract
    if url:
        data["url"] = url
    cited = cited_date(paper)
    if cited:
        data["datePublished"] = cited
    if paper.arxiv:
        data["identifier"] = f"arXiv:{paper.arxiv}"
    same = ([f"https://arxiv.org/abs/{paper.arxiv}"] if paper.arxiv else []) + \
        ([f"https://doi.org/{doi(paper)}"] if doi(paper) else []) + [v for k, v in paper.links if k == "web"]
    if same:
        data["sameAs"] = same[0] if len(same) == 1 else same
    cited = _cited(paper)
    if cited:
        data["author"] = [_person(name, text) for name, text in cited]
    if paper.editors:
        data["editor"] = [_person(split_name(e), e) for e in paper.editors]
    if keywords:
        data["keywords"] = keywords
    return data


def _cited(paper: Paper) -> list[tuple[Name, str]]:
    """Who a citation names, split, beside the text the entry gives: the authors, else the
    organisation a listing gives in their place (`organization: DeepSeek`), cited whole. JSON-LD
    and the feeds named it while BibTeX, CSL and `citation_author` did not."""
    if paper.authors:
        return [(split_name(a), a) for a in paper.authors]
    return [(Name("", paper.organization, literal=True), paper.organization)] if paper.organization else []


def _person(name: Name, text: str) -> dict:
    if name.literal:
        return {"@type": "Organization", "name": name.family}
    out = {"@type": "Person", "name": person(text)}  # (the name as shown: `Luc Van Gool`)
    if name.given:
        out["givenName"] = name.given
    out["familyName"] = name.family
    if name.suffix:  # (Martin Luther King Jr.: "King" and "Jr.", not a family name "King")
        out["honorificSuffix"] = name.suffix
    return out
