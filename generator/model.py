"""Plain data flowing one way: raw text -> Record -> entry file -> Paper -> Catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from generator.people import shown


T = TypeVar("T")

# What import writes where a listing gave no abstract. Without it, notes a curator wrote in the empty
# body were the first paragraph, so published as the abstract (citations, feeds, link previews),
# and no later import filled the real one in.
NO_ABSTRACT_LINE = "(No abstract yet: paste it in place of this line. Notes of your own go after a blank line.)"


def first_paragraph(body: str) -> str:
    """An entry's abstract: the first paragraph of its body ("" for `NO_ABSTRACT_LINE`). Everything after
    the first blank line is the curator's notes, shown on the paper page but never used for tags,
    topics, snippets, feeds or search."""
    first = body.strip().split("\n\n", 1)[0].strip()
    return "" if first == NO_ABSTRACT_LINE else first


def notes(body: str) -> str:
    """The curator's notes: what follows the body's first paragraph."""
    return body.strip().partition("\n\n")[2].strip()


@dataclass
class Record:
    """One paper as a listing describes it; parsers fill what their format carries."""

    source_file: str
    line: int
    abstract: str
    title: str | None = None
    title_derived: bool = False
    arxiv: str | None = None
    arxiv_category: str | None = None  # primary category, e.g. cs.CL
    doi: str | None = None
    date: str | None = None
    # "Given Family" (or "Family, Given" for a family name of several words: fields.join_name), in
    # author order, LaTeX decoded
    authors: list[str] = field(default_factory=list)
    authors_count: int | None = None
    organization: str | None = None
    upvotes: int | None = None
    venue: str | None = None
    type: str | None = None  # a work type (validate.TYPES) when the listing says what its venue's name does not
    volume: str | None = None
    issue: str | None = None
    page_range: str | None = None  # `436-444` (in the venue); `pages` is a count
    publisher: str | None = None  # the publisher, or a thesis's university, or a report's institution
    series: str | None = None  # a book's or proceedings' series (`Lecture Notes in Computer Science`)
    editors: list[str] = field(default_factory=list)  # of the book or proceedings the work is in
    pages: int | None = None
    figures: int | None = None
    comments: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)  # the export's own URLs of the work (fields.own_links)

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


@dataclass(frozen=True)
class Paper:
    """A validated entry, ready for the site. `tags` and `topics` are final (automatic + curated)."""

    slug: str
    title: str
    body: str
    path: str
    title_derived: bool = False
    bibkey: str | None = None  # the curator's BibTeX key; cite.bib_key falls back to the slug
    arxiv: str | None = None
    arxiv_category: str | None = None
    doi: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    added: str | None = None  # YYYY-MM-DD: the day the entry joined the catalog
    # Names in author order, as the entry writes them (`Van Gool, Luc`: people.split_name reads it,
    # people.shown shows it); when given, authors_count is their number.
    authors: tuple[str, ...] = ()
    authors_count: int | None = None
    # The list names the first authors only (an entry's list ended `- others`, BibTeX's `and others`):
    # cited "and others", shown "et al.", and the count is not the list's length.
    et_al: bool = False
    organization: str | None = None
    upvotes: int | None = None
    venue: str | None = None  # `NeurIPS 2017` (resolved: venues.py), or as the entry wrote it when not in venues.yml
    # The vocabulary venue's slug, kind and full name; None for a venue venues.yml does not list.
    venue_slug: str | None = None
    venue_kind: str | None = None
    venue_full: str | None = None
    # What kind of work it is (validate.TYPES: `book`, `phdthesis` ...), when the entry says; else a
    # citation goes by the venue (cite.kind). The publisher: a book's, a thesis's university, a
    # report's institution.
    type: str | None = None
    publisher: str | None = None
    # The series a book or proceedings is in (with `volume`, its volume in the series: LNCS 1524), and
    # the editors of the book or proceedings that hold the work.
    series: str | None = None
    editors: tuple[str, ...] = ()
    # Where in its venue: volume, issue, page range (`436-444`; `pages` is a count, from arXiv comments).
    volume: str | None = None
    issue: str | None = None
    page_range: str | None = None
    pages: int | None = None
    figures: int | None = None
    comments: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    draft_reasons: tuple[str, ...] = ()  # why it is a draft (drafts.py); empty when it is published
    distinct_from: tuple[str, ...] = ()  # slugs `check` must not call duplicates of this paper (review.py)

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)

    @property
    def abstract(self) -> str:
        return first_paragraph(self.body)

    @property
    def notes(self) -> str:
        return notes(self.body)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def venue_own_year(self) -> str | None:
        """The year the venue names (`NeurIPS 2017`: 2017; `Nature`: None)."""
        last = (self.venue or "").rpartition(" ")[2]
        return last if len(last) == 4 and last.isdigit() else None

    @property
    def shown_authors(self) -> tuple[str, ...]:
        """The authors as pages, feeds and search show them, given names first (people.shown:
        `Van Gool, Luc` is `Luc Van Gool`); citations read `authors` (people.split_name)."""
        return tuple(map(shown, self.authors))

    @property
    def shown_editors(self) -> tuple[str, ...]:
        return tuple(map(shown, self.editors))

    @property
    def byline(self) -> str:
        """The authors as a list shows them: the first three, `et al.` for more (or for a list that
        names the first only), else the organisation; search results show the same."""
        if self.authors:
            more = len(self.authors) > 3 or self.et_al
            return ", ".join(map(shown, self.authors[:3])) + (" et al." if more else "")
        return self.organization or ""

    @property
    def author_group(self) -> str:
        """`1`, `2`, ... by author count; `organization` or `unknown` otherwise."""
        if self.authors_count is not None:
            return str(self.authors_count)
        return "organization" if self.organization else "unknown"


@dataclass(frozen=True)
class Group:
    """A browsable set of papers: a tag, a topic, an author count, a year, a venue or a venue's year."""

    kind: str  # "tag" | "topic" | "authors" (an author count) | "person" (an author) | "year" | "venue" | "venue-year"
    key: str
    label: str
    papers: tuple[str, ...]  # slugs, newest first
    description: str = ""
    parent: str | None = None
    children: tuple[str, ...] = ()
    # A person's name as the A–Z index files and sorts it (people.filed_as): family name first when
    # an entry wrote it so (`Van Gool, Luc`), else `label`, the name as pages show it. Other kinds: "".
    filed_as: str = ""


@dataclass(frozen=True)
class Catalog:
    papers: dict[str, Paper]  # by slug, newest first
    tags: dict[str, Group]
    topics: dict[str, Group]
    authors: dict[str, Group]
    years: dict[str, Group]
    # slug -> digest of the paper (`paper_digest`), made where the entry is read and kept with it:
    # what page digests and the search index know a paper by.
    digests: dict[str, str] = field(default_factory=dict)
    venues: dict[str, Group] = field(default_factory=dict)  # by venue slug, in short-name order
    venue_years: dict[str, Group] = field(default_factory=dict)  # by `slug/year`, newest first per venue
    # One group per author name, by slug, A–Z (groups.person_groups).
    people: dict[str, Group] = field(default_factory=dict)
    # The `url` venues.yml gives a venue with a page, by venue slug (linked from that page).
    venue_urls: dict[str, str] = field(default_factory=dict)


def restored(cls: type[T], values: dict) -> T:
    """An instance of the frozen dataclass `cls` holding `values` (all its fields' and no more, as
    this code saved them), made without its __init__, which sets each field through
    object.__setattr__: 10,000 papers from a build's cache took 0.20 s, a tenth of an edit's
    rebuild, and take 0.03 s."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


def paper_digest(p: Paper) -> str:
    import hashlib

    return hashlib.blake2b(repr(p).encode(), digest_size=16).hexdigest()
