"""Pick a listing's format from its text, so that a user never has to name it."""

from __future__ import annotations

import re

from generator.ingest import abstract_lines, arxiv_atom, arxiv_listing, bibtex, csl_json, hf_daily, ris, title_abstract
from generator.ingest.text import lines_of, looks_like_abstract, paragraphs_of
from generator.ingest.titled import AUTHORS, SEPARATOR

PARSERS = {
    abstract_lines.FORMAT: abstract_lines.parse,
    arxiv_atom.FORMAT: arxiv_atom.parse,
    bibtex.FORMAT: bibtex.parse,
    csl_json.FORMAT: csl_json.parse,
    ris.FORMAT: ris.parse,
    arxiv_listing.FORMAT: arxiv_listing.parse,
    hf_daily.FORMAT: hf_daily.parse,
    title_abstract.FORMAT: title_abstract.parse,
}


def detect(text: str) -> str | None:
    """The format name, or None when no format fits (empty text counts as none)."""
    lines = lines_of(text)
    if not lines:
        return None
    # Exports first: each announces itself in its opening characters (a `[` or `{`, a `<feed`, a
    # `TY  -` line) or with an `@type{` line, which no prose listing starts a line with.
    if csl_json.looks_like(text):
        return csl_json.FORMAT
    if arxiv_atom.looks_like(text):
        return arxiv_atom.FORMAT
    if ris.looks_like(text):
        return ris.FORMAT
    if bibtex.START.search(text):
        return bibtex.FORMAT
    if sum(bool(abstract_lines.PREFIX.match(x.text)) for x in lines) * 2 >= len(lines):
        return abstract_lines.FORMAT
    if any(re.match(r"arxiv:\s*(\d{4}\.\d{4}|[a-z-]+/\d{7})", x.text, re.IGNORECASE) for x in lines):
        return arxiv_listing.FORMAT
    if any(x.text == SEPARATOR or AUTHORS.match(x.text) for x in lines):
        return hf_daily.FORMAT
    paragraphs = paragraphs_of(text)
    if len(paragraphs) == len(lines) and len(lines) > 1 and "\n\n" in text.replace("\r\n", "\n"):
        return hf_daily.FORMAT  # blank-line separated title/abstract blocks, none with metadata
    if any(looks_like_abstract(x.text) for x in lines):
        return title_abstract.FORMAT
    return None
