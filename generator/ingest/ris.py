"""RIS, the tagged format of EndNote, Mendeley and Zotero: `TY  - JOUR` opens a record, `ER  -`
closes it, and every line between is `XX  - value`."""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.ingest.fields import (clean_doi, find_arxiv, join_name, locate, make_date, publisher, venue_text,
                                     work_type)
from generator.ingest.text import lines_of
from generator.model import ParseResult, Record

FORMAT = "ris"
TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_VENUE_TAGS = ("T2", "JO", "JF", "BT", "J2", "T3")


def looks_like(text: str) -> bool:
    lines = lines_of(text)
    return bool(lines) and lines[0].text.startswith("TY  -") and any(x.text.startswith("ER  -") for x in lines)


def _author(text: str) -> str:
    """`Family, Given[, Suffix]` -> `Given Family[, Suffix]` (fields.join_name: `Family, Given` for a
    family name of several words that would split wrong); a name without a comma stays as it is."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return parts[0]
    return join_name(parts[1], parts[0], parts[2] if len(parts) > 2 else "")


def _record(tags: list[tuple[str, str]], line: int, name: str, result: ParseResult) -> Record | None:
    first: dict[str, str] = {}
    for tag, value in tags:
        first.setdefault(tag, value)
    title = first.get("TI") or first.get("T1")
    if not title:
        result.problems.append(Problem(name, line, "record without a title (TI); skipped", field="title"))
        return None
    abstract = " ".join(v for t, v in tags if t in ("AB", "N2"))
    record = Record(name, line, abstract, title=title,
                    authors=[_author(v) for t, v in tags if t in ("AU", "A1") and v])
    date = first.get("DA") or first.get("PY") or first.get("Y1") or ""
    m = re.match(r"(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?", date)
    record.date = make_date(*m.groups()) if m else None
    record.doi = clean_doi(first.get("DO", ""))
    urls = [v for t, v in tags if t in ("UR", "L1", "L2")]
    record.arxiv = next(filter(None, (find_arxiv(u) for u in urls + [first.get("DO", "")])), None)
    record.urls = urls
    # Editors: `ED`, and a chapter's `A2` (its book's editors; elsewhere A2 is another kind of author).
    chapter = first.get("TY") in ("CHAP", "ECHAP")
    record.editors = [_author(v) for t, v in tags if v and (t == "ED" or (t == "A2" and chapter))]
    record.series = first.get("T3") or None
    record.venue = venue_text(next((first[t] for t in _VENUE_TAGS if first.get(t)), ""))
    # (`M3  - Master's Thesis`, `M.S. thesis`: Zotero's and EndNote's word for what a thesis is)
    record.type = work_type(_TYPES.get(first.get("TY", "")), record.venue, first.get("M3", ""))
    locate(record, first.get("VL"), first.get("IS"), "-".join(first[t] for t in ("SP", "EP") if first.get(t)))
    publisher(record, first.get("PB"))
    return record


# RIS's reference types, as validate.TYPES names them.
_TYPES = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "CONF": "inproceedings", "CPAPER": "inproceedings",
          "BOOK": "book", "EBOOK": "book", "CHAP": "incollection", "ECHAP": "incollection", "THES": "phdthesis",
          "RPRT": "techreport"}


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    tags: list[tuple[str, str]] | None = None
    start = 0
    for line in lines_of(text):
        m = TAG.match(line.text)
        if m is None:
            if tags:  # (a value continued on the next line)
                tags[-1] = (tags[-1][0], f"{tags[-1][1]} {line.text}")
            else:
                result.problems.append(Problem(name, line.number, f"not an RIS line (got {line.text[:60]!r}); skipped",
                                               hint="RIS lines read `TI  - Title`"))
            continue
        tag, value = m.group(1), " ".join((m.group(2) or "").split())
        if tag == "TY":
            if tags is not None:
                # (a note, not a problem: the record is imported, and "skipped 1" said it was not)
                result.notes.append(f"{name}:{start}: record not closed with `ER  -` before the next `TY`; "
                                    "imported as it is (end each record with an `ER  -` line)")
                record = _record(tags, start, name, result)
                if record is not None:
                    result.records.append(record)
            tags, start = [("TY", value)], line.number
        elif tag == "ER":
            if tags is None:
                result.problems.append(Problem(name, line.number, "`ER  -` without a `TY  -` before it; skipped"))
                continue
            record = _record(tags, start, name, result)
            if record is not None:
                result.records.append(record)
            tags = None
        elif tags is None:
            result.problems.append(Problem(name, line.number, f"{tag} line outside a record; skipped",
                                           hint="a record starts with `TY  - JOUR` and ends with `ER  -`"))
        else:
            tags.append((tag, value))
    if tags is not None:
        result.notes.append(f"{name}:{start}: the last record is not closed with `ER  -`; imported as it is "
                            "(the file may be cut short)")
        record = _record(tags, start, name, result)
        if record is not None:
            result.records.append(record)
    return result
