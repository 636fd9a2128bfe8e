"""BibTeX (`.bib`) exports, read with bibtexparser v2 and its LaTeX-decoding middleware, so that
`{\\L}ukasz` arrives as `Łukasz` and `{BERT}` as `BERT`. A block bibtexparser cannot read is
reported at its line and the blocks around it still import."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser import model as bib
from pylatexenc.latex2text import LatexNodes2Text

from generator.arxiv_ids import split_arxiv_id
from generator.errors import Problem
from generator.ingest.fields import (CATEGORY, clean_doi, find_arxiv, join_name, make_date, publisher,
                                     locate, venue_text, work_type)
from generator.model import ParseResult, Record
from generator.people import ET_AL

FORMAT = "bibtex"
START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
# bibtexparser logs each block it cannot read; papercat reports those blocks itself, at their line.
logging.getLogger("bibtexparser").propagate = False
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def _decoder() -> LatexNodes2Text:
    """bibtexparser's own decoder (URLs as written, math kept verbatim), which also knows the TeX
    logos: pylatexenc drops `\\TeX`, `\\LaTeX` and `\\BibTeX`, so `The {\\TeX}book` was `The book`."""
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category("papercat", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        *[MacroTextSpec(logo, simplify_repl=text) for logo, text in
          (("TeX", "TeX"), ("LaTeX", "LaTeX"), ("LaTeXe", "LaTeX2e"), ("BibTeX", "BibTeX"))]])
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode="verbatim")


class _Concatenate(mw.BlockMiddleware):
    """`booktitle = nips # " 30"` and `month = "8~" # dec`: bibtexparser v2 resolves a lone string
    macro but leaves a concatenation as written (so the venue was `nips # " 30"`). Joined here, each
    part a quoted or braced text, a number, an @string or a month macro, before LaTeX is decoded."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform_entry(self, entry: bib.Entry, library) -> bib.Entry:
        strings = {s.key.lower(): str(s.value) for s in library.strings}
        for f in entry.fields:
            if isinstance(f.value, str) and "#" in f.value and getattr(f, "enclosing", None) == "no-enclosing":
                f.value = "".join(_part(p.strip(), strings) for p in _concatenated(f.value))
        return entry


def _concatenated(value: str) -> list[str]:
    """The parts of `a # "b" # {c}`: split at each `#` outside quotes and braces."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == '"' and depth == 0 and (i == 0 or value[i - 1] != "\\"):
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
    return parts + [value[start:]]


def _part(part: str, strings: dict[str, str]) -> str:
    if len(part) >= 2 and (part[0], part[-1]) in (('"', '"'), ("{", "}")):
        return part[1:-1]
    return strings.get(part.lower(), part)  # (a month macro, `dec`, stays a month name)


def _middleware() -> list:
    # Names are split first, on the raw `and`: decoding first would turn `{Barack and Michelle}` into
    # two people. The decoding middleware then leaves the split names alone, so `_decode` does them.
    return [_Concatenate(), mw.SeparateCoAuthors(), mw.SplitNameParts(), _Decoding(decoder=_LATEX)]


class _Decoding(mw.LatexDecodingMiddleware):
    """LaTeX decoded to text, and a value the decoder cannot read kept as written: pylatexenc fails on
    some commands without their arguments (`\\href`: IndexError), which skipped the whole entry as
    "Middleware could not be fully applied: list index out of range"."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        return _latex_text(python_string), ""


_LATEX = _decoder()


def _latex_text(text: str) -> str:
    try:
        return _LATEX.latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc's failures have no common type
        return text


def _decode(parts: list[str]) -> str:
    return " ".join(map(_latex_text, parts))


def _authors(names: object) -> list[str]:
    """"Given von Family, Jr" for each name ("Von Family, Given, Jr" when that would split wrong:
    fields.join_name); `and others` as a last `others` (the entry's et al.)."""
    out, more = [], False
    for n in names if isinstance(names, list) else []:
        if not isinstance(n, mw.NameParts):
            continue
        family = _decode(n.von + n.last)
        if not n.first and family.lower() == "others":
            more = True
            continue
        name = join_name(_decode(n.first), family, _decode(n.jr))
        if name.strip(" ,"):
            out.append(name.strip(" ,"))
    return out + [ET_AL[0]] if more and out else out


def _organization(names: object) -> str | None:
    """The name of an organisation that is the only author, as BibTeX writes one: braced whole
    (`author = {{OpenAI}}`), where a person would be split into given and family names. It is the
    entry's `organization`: cited whole, as JSON-LD's Organization (it was a Person, family name
    "OpenAI")."""
    if not isinstance(names, list) or len(names) != 1 or not isinstance(names[0], mw.NameParts):
        return None
    n = names[0]
    if n.first or n.von or n.jr or len(n.last) != 1 or not (n.last[0].startswith("{") and n.last[0].endswith("}")):
        return None
    return _decode(n.last).strip() or None


def _text(value: object) -> str:
    """A decoded field as one line: braces the decoder kept and runs of white space go."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if fields.get("eprint") and prefix == "arxiv":
        parsed = split_arxiv_id(fields["eprint"].strip().removeprefix("arXiv:"))
        if parsed and not parsed[2].strip():
            return parsed[0]
    for key in ("journal", "url", "doi", "note"):
        found = find_arxiv(fields.get(key, ""))
        if found:
            return found
    return None


def _record(entry: bib.Entry, name: str, result: ParseResult) -> Record | None:
    line = (entry.start_line or 0) + 1  # (bibtexparser counts lines from 0)
    fields = {f.key.lower(): f.value for f in entry.fields}
    names = fields.pop("author", None)
    authors, organization = _authors(names), _organization(names)
    editors = [e for e in _authors(fields.pop("editor", None)) if e != ET_AL[0]]
    fields = {k: _text(v) for k, v in fields.items() if isinstance(v, str)}
    title = fields.get("title") or None
    abstract = " ".join(str(fields.get("abstract", "")).split())
    if not title:
        result.problems.append(Problem(name, line, f"@{entry.entry_type}{{{entry.key}: no title; entry skipped",
                                       field="title", hint="every entry needs `title = {...}`"))
        return None
    record = Record(name, line, abstract, title=title, authors=[] if organization else authors, arxiv=_arxiv(fields),
                    organization=organization)
    record.doi = clean_doi(fields.get("doi", ""))
    record.urls = [fields["url"]] if fields.get("url") else []
    record.editors, record.series = editors, fields.get("series") or None
    category = fields.get("primaryclass", "").strip()
    if record.arxiv and CATEGORY.match(category):
        record.arxiv_category = category
    record.venue = venue_text(fields.get("booktitle") or fields.get("journal") or "")
    record.type = work_type(_TYPES.get(entry.entry_type.lower()), record.venue)
    locate(record, *(fields.get(k) for k in ("volume", "number", "pages")))
    publisher(record, fields.get("school") or fields.get("institution") or fields.get("publisher"))
    year = fields.get("year") or fields.get("date", "")[:4]
    if year:
        record.date = make_date(year, *_month_day(fields.get("month"), fields.get("day")))
        if record.date is None:
            result.problems.append(Problem(name, line, f"@{entry.entry_type}{{{entry.key}: year {year[:20]!r} is not "
                                           "a year; imported without a date", field="date", hint="write year = 2017"))
        elif fields.get("month", "").strip() and len(record.date) == 4:  # (the entry still imports: a note, not a problem)
            result.notes.append(f"{name}:{line}: @{entry.entry_type}{{{entry.key}: month {fields['month'][:20]!r} is not "
                                "a month (write month = jun or month = 6); imported with the year only")
    if record.date and len(record.date) == 4 and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", fields.get("date", "")):
        record.date = make_date(*fields["date"].split("-")) or record.date  # (biblatex: date = {2019-06-02})
    return record


# BibTeX's and biblatex's entry types, as validate.TYPES names them.
_TYPES = {"article": "article", "inproceedings": "inproceedings", "conference": "inproceedings", "book": "book",
          "inbook": "incollection", "incollection": "incollection", "phdthesis": "phdthesis", "thesis": "phdthesis",
          "mastersthesis": "mastersthesis", "techreport": "techreport", "report": "techreport"}


def _month_day(month: str | None, day: str | None) -> tuple[str | None, str | None]:
    """`month = "8~" # dec` (the day in the month field, a common BibTeX habit) as month and day."""
    found = re.fullmatch(r"\s*(?:([0-9]{1,2})\s+([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+([0-9]{1,2}))\s*", month or "")
    if found and not day:
        return found.group(2) or found.group(3), found.group(1) or found.group(4)
    return month, day


def _failed(block: bib.Block) -> str:
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        return f"a field appears twice ({', '.join(sorted(block.duplicate_keys))}); entry skipped"
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        return f"the key {block.key!r} is used by an earlier entry; entry skipped"
    error = getattr(block, "error", None)
    why = str(getattr(error, "abort_reason", None) or error or "").strip()
    return f"cannot read this entry ({why.splitlines()[0][:120] if why else 'unreadable'}); entry skipped"


INHERITED = ("booktitle", "year", "month", "publisher", "editor", "series", "volume", "address", "organization",
             "journal")


def _crossrefs(entries: list[bib.Entry]) -> tuple[dict[str, dict[str, bib.Field]], set[str]]:
    """DBLP's way: a paper names its proceedings (`crossref = {iclr2021}`), an entry of its own that
    holds the booktitle and year. Returns what each paper inherits (the target's fields, its title
    as the booktitle), by paper key; and the keys of the targets, which are volumes, not papers."""
    by_key = {e.key.lower(): e for e in entries}
    inherited, targets = {}, set()
    for e in entries:
        ref = e.fields_dict.get("crossref")
        target = by_key.get(str(ref.value).strip().lower()) if ref is not None else None
        if target is None or target is e:
            continue
        targets.add(target.key.lower())
        # (what a volume says of its papers: never its DOI, ISBN, URL or abstract, which are its own)
        fields = {f.key.lower(): f for f in target.fields if f.key.lower() in INHERITED}
        if "title" in target.fields_dict:
            fields.setdefault("booktitle", bib.Field("booktitle", target.fields_dict["title"].value))
        inherited[e.key] = fields
    return inherited, targets


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    library = bibtexparser.parse_string(text, append_middleware=_middleware())
    inherited, targets = _crossrefs(library.entries)
    for block in library.blocks:
        if isinstance(block, bib.Entry):
            if block.key.lower() in targets and block.entry_type.lower() in ("proceedings", "book", "collection"):
                continue  # (a volume that papers cross-reference: not a paper of its own)
            for key, field in inherited.get(block.key, {}).items():
                if key not in {f.key.lower() for f in block.fields}:
                    block.set_field(field)
            record = _record(block, name, result)
            if record is not None:
                result.records.append(record)
        elif isinstance(block, bib.ParsingFailedBlock):
            result.problems.append(Problem(name, (block.start_line or 0) + 1, _failed(block),
                                           hint="check the braces and commas of this entry"))
    result.problems.sort(key=lambda p: p.line or 0)
    return result
