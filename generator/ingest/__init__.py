"""Raw listings -> Records. One parser per format; `detect` picks it; `enrich` adds what every
format derives the same way (dates and links from arXiv ids, links from URLs, provisional titles)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from generator.chars import strip_control
from generator.errors import PapercatError, Problem, not_utf8
from generator.ingest.detect import PARSERS, detect
from generator.arxiv_ids import arxiv_month
from generator.ingest.fields import arxiv_links, classify_links, venue_text, derive_title, find_urls, own_links
from generator.model import ParseResult, Record

FORMATS = sorted(PARSERS)


def read_listing(path: Path) -> str:
    """The file's text, without control characters (invisible, and fatal to feeds: an entry holding
    one is refused, so import never writes one); a file that is not UTF-8 is an error naming the
    first bad line."""
    data = path.read_bytes()
    try:
        return strip_control(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise PapercatError(not_utf8(path, data, e, "save the listing as UTF-8 and import it again")) from None


# Words a title may end on with their own full stop (`... et al.`, `... Inc.`): kept whole.
ABBREVIATIONS = frozenset("al etc inc ltd co corp vs jr sr st no vol fig eq approx resp cf dept univ".split())


def title_text(title: str) -> str | None:
    """A title on one line, without the full stop PubMed (and some journals' exports) end every title
    with (`Deep learning.`): no citation style keeps it, and BibTeX and CSL processors add their
    own punctuation after the title. A stop that ends an abbreviation or initials (`U.S.`, `et
    al.`) or an ellipsis stays."""
    title = re.sub(r"\s+", " ", title).strip()
    last = title.rpartition(" ")[2]
    if last.endswith(".") and last.count(".") == 1 and len(last) > 2 and last[:-1].lower() not in ABBREVIATIONS:
        title = title[:-1].rstrip()
    return title or None


def _without_control(record: Record) -> None:
    """Every text of `record` without control characters: read_listing drops those the file holds,
    but JSON's `\\u0000` and XML's `&#x80;` decode to them after it (an entry holding one is refused).
    A value of nothing else is no value (an empty `issue: ''` is refused too)."""
    def clean(v):
        return (strip_control(v) or None) if isinstance(v, str) else v

    for name, value in vars(record).items():
        if isinstance(value, str) and name != "abstract":
            setattr(record, name, clean(value))
        elif isinstance(value, list):
            setattr(record, name, [c for c in map(clean, value) if c is not None])
        elif isinstance(value, dict):
            setattr(record, name, {k: c for k, c in ((k, clean(v)) for k, v in value.items()) if c is not None})
    record.abstract = strip_control(record.abstract)


def enrich(record: Record) -> Record:
    _without_control(record)
    record.abstract = record.abstract.strip()
    if record.title is not None:
        record.title = title_text(record.title)
    if record.arxiv:
        first = arxiv_month(record.arxiv)
        # A preprint's export dates its latest version (Zotero gave "Attention Is All You Need"
        # August 2023); its id says when it first appeared. A published version keeps its own date,
        # which its venue takes its year from.
        if record.date is None or (record.date[:7] > first and (record.venue is None or venue_text(record.venue) is None)):
            record.date = first
        for kind, url in arxiv_links(record.arxiv).items():
            record.links.setdefault(kind, url)
    for kind, url in (*own_links(record.urls).items(), *classify_links(find_urls(record.abstract)).items()):
        record.links.setdefault(kind, url)
    if record.title is None:
        record.title = derive_title(record.abstract)
        record.title_derived = True
    return record


def parse_text(text: str, name: str, year: int | None = None) -> ParseResult:
    """Detect the format of `text` and parse it; `name` is what sources and problems cite."""
    text = text.removeprefix("\ufeff")  # (a byte-order mark hid a .bib file's first `@`: read as plain text)
    fmt = detect(text)
    if fmt is None:
        if not text.strip():
            return ParseResult("empty", notes=[f"{name}: empty listing, nothing to import"])
        return ParseResult("unknown", problems=[Problem(
            name, 1, "cannot tell this listing's format; nothing imported",
            hint="supported: " + ", ".join(FORMATS))])
    parser = PARSERS[fmt]
    kwargs = {"year": year} if "year" in inspect.signature(parser).parameters else {}
    result = parser(text, name, **kwargs)
    # A paper needs an abstract or a title of its own: exports (BibTeX, RIS ...) often carry no
    # abstract, and such a paper is imported with an empty body (validate.py allows it then). Asked
    # once control characters are gone (`enrich`): an abstract of `\x1b` alone was a paper of no text.
    result.records = [r for r in map(enrich, result.records) if r.abstract or (r.title and not r.title_derived)]
    return result
