"""Which entries are drafts, and why: an entry marked `draft: true`, or one that `papercat new`
wrote and that still has its placeholder title or abstract. Drafts are left out of the published
site (pages, lists, feeds, sitemap, search); `papercat serve` and `build --drafts` show them."""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Paper

# What `papercat new` (scaffold.py) writes for the curator to replace; `papercat check` lists entries
# that still have it. Here, not in scaffold.py, so that a build does not import the importers.
ABSTRACT_PLACEHOLDER = "TODO: paste the abstract here, replacing this line. Notes of your own go after a blank line."
PLACEHOLDER_TITLE_PREFIX = "Untitled arXiv:"

MARKED = "marked `draft: true`"
PLACEHOLDER_TITLE = "title is still the placeholder from `papercat new`"
PLACEHOLDER_ABSTRACT = "abstract is still the placeholder from `papercat new`"


def draft_reasons(marked: bool, title: str, abstract: str) -> tuple[str, ...]:
    """Why an entry is a draft; empty when it is to be published. The title counts as the
    placeholder whether or not `title_derived` is still there: deleting that line alone must not
    publish an `Untitled arXiv:...` page."""
    reasons = []
    if marked:
        reasons.append(MARKED)
    if title.startswith(PLACEHOLDER_TITLE_PREFIX):
        reasons.append(PLACEHOLDER_TITLE)
    if abstract == ABSTRACT_PLACEHOLDER:
        reasons.append(PLACEHOLDER_ABSTRACT)
    return tuple(reasons)


def published(papers: Iterable[Paper], drafts: bool = False) -> list[Paper]:
    """The papers a site shows: all of them with `drafts`, else all but the drafts (order kept)."""
    return list(papers) if drafts else [p for p in papers if not p.draft]
