"""CSL-JSON: the list of items Zotero (and Better BibTeX) export. Items are decoded one at a time
so that each is reported at its own line, and a syntax error loses only the items after it."""

from __future__ import annotations

import json
import re

from generator.errors import Problem
from generator.ingest.fields import (clean_doi, find_arxiv, join_name, locate, make_date, publisher, venue_text,
                                     work_type)
from generator.model import ParseResult, Record

FORMAT = "csl-json"
_SPACE = re.compile(r"\s*")
_DECODER = json.JSONDecoder()


def looks_like(text: str) -> bool:
    """A JSON list of objects (or one object) that carries CSL's keys."""
    head = text.lstrip("\ufeff \t\r\n")
    return (head.startswith("[") and re.match(r"\[\s*(\{|\])", head) is not None) or \
        (head.startswith("{") and re.search(r'"(type|title|issued|author|container-title)"\s*:', head[:4000]) is not None)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _items(text: str, name: str, result: ParseResult) -> list[tuple[int, object]]:
    """(line, decoded value) of each top-level item, in order; a file holding one object is one item."""
    def skip(pos: int) -> int:
        return _SPACE.match(text, pos).end()

    def problem(pos: int, message: str, hint: str = "export the library again") -> list[tuple[int, object]]:
        result.problems.append(Problem(name, _line(text, pos), message, hint=hint))
        return items

    items: list[tuple[int, object]] = []
    pos = skip(0)
    single = text.startswith("{", pos)
    if not single:
        pos = skip(pos + 1)  # (past the `[`)
        if text.startswith("]", pos):
            return items
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            # (json says "Unterminated string starting at" and gives the place apart)
            where = f"{e.msg.removesuffix(' at')} at line {e.lineno}, column {e.colno}"
            return problem(pos, f"not valid JSON ({where}); this item and the rest of the file not imported",
                           hint="export the library again, or fix the JSON here")
        except (RecursionError, ValueError) as e:  # (nested too deeply; a number of more than 4,300 digits)
            why = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(":")[0][:80]
            return problem(pos, f"unreadable JSON ({why}); this item and the rest of the file not imported")
        items.append((_line(text, pos), value))
        pos = skip(end)
        if single or text.startswith("]", pos):
            after = skip(pos + (not single))
            return problem(after, "text after the end of the JSON; ignored") if after < len(text) else items
        if not text.startswith(",", pos):
            if pos >= len(text):
                return problem(pos, "the list is never closed with `]`", hint="the file may be cut short: export it again")
            return problem(pos, "expected `,` or `]` after an item; the rest of the file not imported")
        pos = skip(pos + 1)


def _text(value: object) -> str:
    if isinstance(value, list):  # (some exporters give a one-item list)
        value = value[0] if value else ""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _authors(value: object) -> list[str]:
    out = []
    for a in value if isinstance(value, list) else []:
        if not isinstance(a, dict):
            continue
        if _text(a.get("literal")):
            out.append(_text(a["literal"]))
            continue
        family = " ".join(_text(a.get(k)) for k in ("dropping-particle", "non-dropping-particle", "family"))
        name = join_name(_text(a.get("given")), family, _text(a.get("suffix")))
        if name:
            out.append(name)
    return out


def _organization(value: object) -> str | None:
    """An organisation that is the only author (`[{"literal": "OpenAI"}]`, as Zotero exports one):
    the entry's `organization`, cited whole (bibtex.py's `_organization`)."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) and set(value[0]) == {"literal"}:
        return _text(value[0]["literal"]) or None
    return None


def _date(issued: object) -> str | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return make_date(*[str(p) for p in parts[0][:3]])
    raw = _text(issued.get("raw") or issued.get("literal"))
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw)
    return make_date(*m.groups()) if m else None


def _record(item: object, line: int, name: str, result: ParseResult) -> Record | None:
    if not isinstance(item, dict):
        result.problems.append(Problem(name, line, f"an item must be a JSON object (got {type(item).__name__}); skipped"))
        return None
    title = _text(item.get("title"))
    if not title:
        result.problems.append(Problem(name, line, "item without a title; skipped", field="title",
                                       hint='every item needs "title"'))
        return None
    organization = _organization(item.get("author"))
    record = Record(name, line, " ".join(_text(item.get("abstract")).split()), title=title,
                    authors=[] if organization else _authors(item.get("author")), date=_date(item.get("issued")),
                    organization=organization)
    url, doi = _text(item.get("URL")), _text(item.get("DOI"))
    record.arxiv = find_arxiv(url) or find_arxiv(doi) or find_arxiv(_text(item.get("number")))
    record.urls = [url] if url else []
    record.editors, record.series = _authors(item.get("editor")), _text(item.get("collection-title")) or None
    record.doi = clean_doi(doi)
    record.venue = venue_text(_text(item.get("container-title")))
    record.type = work_type(_TYPES.get(_text(item.get("type"))), record.venue, _text(item.get("genre")))
    locate(record, _text(item.get("volume")), _text(item.get("issue")) or _text(item.get("number")),
           _text(item.get("page")))
    publisher(record, _text(item.get("publisher")))
    return record


# CSL's item types, as validate.TYPES names them.
_TYPES = {"article-journal": "article", "paper-conference": "inproceedings", "book": "book", "chapter": "incollection",
          "thesis": "phdthesis", "report": "techreport"}


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    for line, item in _items(text.lstrip("\ufeff"), name, result):
        record = _record(item, line, name, result)
        if record is not None:
            result.records.append(record)
    result.problems.sort(key=lambda p: p.line or 0)
    return result
