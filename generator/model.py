"""Plain data flowing one way: raw text -> Record -> entry file -> Paper -> Catalog."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Record:
    """One paper as a listing describes it; parsers fill what their format carries."""

    source_file: str
    line: int
    abstract: str
    title: str | None = None
    title_derived: bool = False
    arxiv: str | None = None
    date: str | None = None
    authors_count: int | None = None
    organization: str | None = None
    upvotes: int | None = None
    venue: str | None = None
    pages: int | None = None
    figures: int | None = None
    comments: str | None = None
    links: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"{self.source_file}:{self.line}"


@dataclass
class ParseResult:
    """What one parser made of one file: records, problems it skipped, and notes for the summary."""

    format: str
    records: list[Record] = field(default_factory=list)
    problems: list = field(default_factory=list)  # list[errors.Problem]
    notes: list[str] = field(default_factory=list)
