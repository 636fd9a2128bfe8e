"""Title/abstract pairs: page chrome glued to the first title, then a title line and an
abstract line per paper, with no blank lines between them."""

from __future__ import annotations

from generator.ingest.text import lines_of
from generator.ingest.titled import pair_up
from generator.model import ParseResult

FORMAT = "title-abstract"


def parse(text: str, name: str, year: int | None = None) -> ParseResult:
    return pair_up(lines_of(text), name, FORMAT, year)
