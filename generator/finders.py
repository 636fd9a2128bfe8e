"""Where a reader can look a paper up when its entry links to no copy of it: a search for its
title on Google Scholar, Semantic Scholar and arXiv. Most listings a catalog starts from give a
title and an abstract only (256 of the 352 shipped papers link nowhere), and a page that names a
paper without a way to read it is a dead end."""

from __future__ import annotations

from urllib.parse import quote_plus

from generator.markup import math_as_text, plain_text
from generator.model import Paper

# A link of one of these kinds, an arXiv id or a DOI leads to the paper itself.
_READABLE = frozenset({"arxiv", "pdf", "web", "project"})

FINDERS = (("Google Scholar", "https://scholar.google.com/scholar?q={}"),
           ("Semantic Scholar", "https://www.semanticscholar.org/search?q={}"),
           ("arXiv", "https://arxiv.org/search/?searchtype=title&query={}"))


def find_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of a title search on each of `FINDERS`; none when the entry already leads to the
    paper, or when its title is one papercat made up from the abstract (a search for it finds
    nothing)."""
    if paper.arxiv or paper.doi or paper.title_derived or _READABLE.intersection(k for k, _ in paper.links):
        return []
    title = plain_text(math_as_text(paper.title))
    return [(label, url.format(quote_plus(title))) for label, url in FINDERS]
