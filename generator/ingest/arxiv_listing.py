"""arXiv-style listings: abstract, optional comment lines, then `arXiv:ID`, which closes the
paper before it and is glued to the start of the next abstract."""

from __future__ import annotations

from generator.errors import Problem
from generator.arxiv_ids import split_arxiv_id
from generator.ingest.fields import classify_links, parse_comment
from generator.ingest.text import lines_of, looks_like_abstract
from generator.model import ParseResult, Record

FORMAT = "arxiv-listing"
MARK = "arxiv:"


def add_comment(record: Record, text: str) -> None:
    """Pages, figures, venue and links of an arXiv comment line, where the record lacks them."""
    record.comments = f"{record.comments}\n{text}" if record.comments else text
    found = parse_comment(text)
    for key in ("pages", "figures", "venue"):
        if key in found and getattr(record, key) is None:
            setattr(record, key, found[key])
    for kind, url in classify_links(found.get("urls", [])).items():
        record.links.setdefault(kind, url)


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    current: Record | None = None
    for line in lines_of(text):
        rest, glued = line.text, False
        if rest.lower().startswith(MARK):
            parsed = split_arxiv_id(rest[len(MARK):].strip())
            if parsed is None:
                result.problems.append(Problem(name, line.number, f"unreadable arXiv id in {rest[:40]!r}; line skipped",
                                               hint="write ids as arXiv:2310.10769 or arXiv:hep-th/9901001"))
                continue
            arxiv_id, _version, rest = parsed
            if current is None:
                result.problems.append(Problem(name, line.number, f"arXiv:{arxiv_id} has no abstract before it; id ignored",
                                               hint="an id belongs to the abstract above it"))
            else:
                current.arxiv = arxiv_id
                result.records.append(current)
                current = None
            rest, glued = rest.strip(), True
            if not rest:
                continue
        if looks_like_abstract(rest) or glued:
            if current is not None:
                result.records.append(current)  # an abstract with no id: imported without one
            current = Record(name, line.number, rest)
        elif current is None:
            result.problems.append(Problem(name, line.number, f"short line with no abstract before it; skipped "
                                           f"(got {rest[:60]!r})", hint="comment lines follow the abstract they describe"))
        else:
            add_comment(current, rest)
    if current is not None:
        result.records.append(current)
    return result
