"""The Atom feed the arXiv API returns for a query or an id list. The XML is untrusted: defusedxml
refuses entity declarations (the billion-laughs bomb) and external references."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from generator.errors import Problem
from generator.ingest.arxiv_listing import add_comment
from generator.ingest.fields import CATEGORY, clean_doi, find_arxiv, journal_ref, locate, work_type
from generator.model import ParseResult, Record

FORMAT = "arxiv-atom"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ENTRY_TAG = re.compile(r"<(?:[\w.-]+:)?entry[\s>/]")


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return head.startswith("<") and re.search(r"<(?:[\w.-]+:)?feed[\s>]", head) is not None


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _record(entry: ET.Element, line: int, name: str, result: ParseResult) -> Record | None:
    raw_id, title = _text(entry.find(f"{ATOM}id")), _text(entry.find(f"{ATOM}title"))
    summary = _text(entry.find(f"{ATOM}summary"))
    if "/api/errors" in raw_id:  # (the API's way of saying a query was bad)
        result.problems.append(Problem(name, line, f"the arXiv API reported an error: {summary[:200] or title}"))
        return None
    if not title:
        result.problems.append(Problem(name, line, "entry without a title; skipped", field="title",
                                       hint="an arXiv API entry has <title>"))
        return None
    record = Record(name, line, summary, title=title, arxiv=find_arxiv(raw_id))
    if raw_id and record.arxiv is None:
        result.problems.append(Problem(name, line, f"unreadable arXiv id {raw_id[:60]!r}; imported without one",
                                       field="arxiv", hint="ids read http://arxiv.org/abs/1706.03762v7"))
    published = _text(entry.find(f"{ATOM}published"))
    if re.match(r"\d{4}-\d{2}-\d{2}", published):
        record.date = published[:10]
    record.authors = [n for n in (_text(a.find(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")) if n]
    category = entry.find(f"{ARXIV}primary_category")
    if category is not None and CATEGORY.match(category.get("term", "").strip()):
        record.arxiv_category = category.get("term", "").strip()
    record.doi = clean_doi(_text(entry.find(f"{ARXIV}doi")))
    journal = _text(entry.find(f"{ARXIV}journal_ref"))
    if journal:  # (raw: the venue vocabulary names it; a venue in the comment comes second)
        record.venue, *where = journal_ref(journal)
        if where[0]:  # (a volume: a journal's reference; venues.yml still decides for a venue it lists)
            record.type = work_type("article", record.venue)
        locate(record, *where)
    pdf = next((link.get("href", "") for link in entry.findall(f"{ATOM}link") if link.get("title") == "pdf"), "")
    if re.match(r"https?://", pdf):
        # (the unversioned URL, as the id: a catalog links the latest version)
        record.links["pdf"] = re.sub(r"v\d+$", "", re.sub(r"^http://", "https://", pdf))
    comment = _text(entry.find(f"{ARXIV}comment"))
    if comment:
        add_comment(record, comment)
    return record


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    try:
        root = SafeET.fromstring(text.lstrip("\ufeff"), forbid_dtd=True)
    except ET.ParseError as e:
        result.problems.append(Problem(name, e.position[0], f"not well-formed XML ({str(e).split(':')[0]}); "
                                       "nothing imported", hint="save the API response exactly as it came"))
        return result
    except (DefusedXmlException, ValueError) as e:
        result.problems.append(Problem(name, 1, f"XML refused: {type(e).__name__}; nothing imported",
                                       hint="an arXiv API response has no DTD or entity declarations"))
        return result
    if root.tag != f"{ATOM}feed":
        result.problems.append(Problem(name, 1, f"not an Atom feed (the root element is {root.tag[:60]!r}); nothing imported",
                                       hint="save the arXiv API response exactly as it came"))
        return result
    # ElementTree keeps no line numbers: the n-th <entry> tag in the text is the n-th entry element.
    lines = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY_TAG.finditer(text)]
    for i, entry in enumerate(root.findall(f"{ATOM}entry")):
        record = _record(entry, lines[i] if i < len(lines) else 1, name, result)
        if record is not None:
            result.records.append(record)
    return result
