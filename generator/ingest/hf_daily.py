"""Hugging Face "Daily Papers" pages: chrome, then blank-line separated title, abstract and
metadata block per paper."""

from __future__ import annotations

from generator.ingest.fields import parse_month_day
from generator.ingest.text import Line, lines_of, paragraphs_of
from generator.ingest.titled import AUTHORS, SEPARATOR, pair_up
from generator.model import ParseResult

FORMAT = "hf-daily"


def _units(text: str) -> list[Line]:
    # A metadata block is one paragraph of three lines; split it back into its lines. Only a
    # paragraph laid out as a block is split: an abstract that merely contains ` · ` stays whole.
    raw = {line.number: line.text for line in lines_of(text)}
    out: list[Line] = []
    for para in paragraphs_of(text):
        parts = para.text.split(f" {SEPARATOR} ")
        three_lines = raw.get(para.number + 1) == SEPARATOR and para.number + 3 not in raw
        one_line = bool(AUTHORS.match(parts[0])) or parse_month_day(parts[-1]) is not None
        if len(parts) == 2 and (three_lines or one_line):
            out += [Line(para.number, parts[0]), Line(para.number + 1, SEPARATOR), Line(para.number + 2, parts[1])]
        else:
            out.append(para)
    return out


def parse(text: str, name: str, year: int | None = None) -> ParseResult:
    return pair_up(_units(text), name, FORMAT, year)
