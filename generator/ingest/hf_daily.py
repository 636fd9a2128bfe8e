"""Hugging Face "Daily Papers" pages: chrome, then blank-line separated title, abstract and
metadata block per paper."""

from __future__ import annotations

from generator.ingest.text import Line, paragraphs_of
from generator.ingest.titled import SEPARATOR, pair_up
from generator.model import ParseResult

FORMAT = "hf-daily"


def _units(text: str) -> list[Line]:
    # A metadata block is one paragraph of three lines; split it back into its lines.
    out: list[Line] = []
    for para in paragraphs_of(text):
        parts = para.text.split(f" {SEPARATOR} ")
        if len(parts) == 2:
            out += [Line(para.number, parts[0]), Line(para.number + 1, SEPARATOR), Line(para.number + 2, parts[1])]
        else:
            out.append(para)
    return out


def parse(text: str, name: str, year: int | None = None) -> ParseResult:
    return pair_up(_units(text), name, FORMAT, year)
