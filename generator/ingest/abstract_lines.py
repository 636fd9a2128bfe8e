"""`Abstract:`-prefixed listings: one paper per line, no title, no metadata."""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.ingest.text import lines_of
from generator.model import ParseResult, Record

FORMAT = "abstract-lines"
PREFIX = re.compile(r"^abstract\s*:\s*", re.IGNORECASE)


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult(FORMAT)
    for line in lines_of(text):
        m = PREFIX.match(line.text)
        if m:
            abstract = line.text[m.end():].strip()
            if abstract:
                result.records.append(Record(name, line.number, abstract))
            else:
                result.problems.append(Problem(name, line.number, "`Abstract:` with no text after it; skipped",
                                               hint="put the abstract on the same line"))
        elif result.records:
            # A wrapped abstract: the line continues the paper above it.
            result.records[-1].abstract += " " + line.text
        else:
            result.problems.append(Problem(name, line.number, f"text before the first `Abstract:` line; skipped "
                                           f"(got {line.text[:60]!r})", hint="start each paper with `Abstract:`"))
    return result
