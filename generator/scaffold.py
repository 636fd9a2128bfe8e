"""`papercat new`: the skeleton of a new entry, from an arXiv id and/or a title.

Pure planning, like the importer: `plan_new` returns the path and text and raises when the paper
is already there; the CLI writes the file (atomically) and prints where."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import imported
from generator.drafts import ABSTRACT_PLACEHOLDER, PLACEHOLDER_TITLE_PREFIX
from generator.entries import PAPERS_DIR, entry_paths, free_slug, read_entry, render_entry, slugify
from generator.errors import PapercatError, Problem
from generator.arxiv_ids import arxiv_month, split_arxiv_id
from generator.ingest.fields import arxiv_links
from generator.matching import fold, normalise
from generator.validate import key_lines


# (arXiv's DOI too, as a DOI or its URL: `10.48550/arXiv.2303.08774`, which import reads as the id)
_ARXIV_PREFIX = re.compile(r"^\s*(?:arxiv:|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/|(?:https?://(?:dx\.)?doi\.org/)?"
                           r"10\.48550/arxiv\.)", re.IGNORECASE)


@dataclass
class NewEntry:
    path: Path
    text: str


def parse_arxiv_id(text: str) -> str:
    """`2401.01234`, `arXiv:2401.01234v2`, an arxiv.org abs/pdf URL or arXiv's DOI -> `2401.01234`."""
    raw = _ARXIV_PREFIX.sub("", text).strip().removesuffix(".pdf")
    found = split_arxiv_id(raw)
    if found is None or found[2]:
        raise PapercatError(Problem("papercat new", None, f"not an arXiv id (got {text!r})",
                                    field="--arxiv", hint="e.g. --arxiv 2401.01234"))
    return found[0]


def _entry_with_arxiv(content: Path, arxiv: str) -> Path | None:
    """The entry that already has this arXiv id. Only files that mention the id are parsed, so this
    stays fast on a large catalog; an entry that cannot be read is left to `papercat check`."""
    for path in entry_paths(content):
        try:
            if arxiv not in path.read_text(encoding="utf-8"):
                continue
            if str(read_entry(path).meta.get("arxiv", "")).strip() == arxiv:
                return path
        except (PapercatError, UnicodeDecodeError, OSError):
            continue
    return None


def _entry_with_title(content: Path, title: str) -> Path | None:
    """The entry whose title normalises to the same words as `title` (as the importer matches
    duplicates). A title with no letters or digits to compare (all punctuation, or a script that
    normalises to nothing) matches none: it would otherwise match every other such title. Only
    files whose text contains the title's longest word are parsed."""
    wanted = normalise(title)
    if not wanted:
        return None
    longest = max(wanted.split(), key=len)
    for path in entry_paths(content):
        try:
            if longest not in fold(path.read_text(encoding="utf-8")):
                continue
            found = read_entry(path).meta.get("title")
            if isinstance(found, str) and normalise(found) == wanted:
                return path
        except (PapercatError, UnicodeDecodeError, OSError):
            continue
    return None


def _unlisted(slug: str, content: Path, meta: dict) -> str:
    """`slug`, or `slug-2`, `-3` ... when a paper the curator deleted had it (imported.txt lists it)
    and is not this one: the next import takes a listing of a title that paper had for the entry
    under its slug, and would fill this other paper's entry with its fields (two long titles can
    share a slug: it is cut at 60 characters). The same paper takes its slug, and its URL, back."""
    seen = imported.read(content)
    title = "" if meta.get("title_derived") else normalise(meta["title"])
    mine = imported.keys_of([k for k in (("arxiv", meta.get("arxiv") or ""), ("title", title)) if k[1]], None)
    return free_slug(slug, lambda s: (s in seen and not imported.names(mine, seen[s]))
                     or (content / PAPERS_DIR / f"{s}.md").exists())


def plan_new(content: Path, arxiv: str | None = None, title: str | None = None, added: str | None = None) -> NewEntry:
    """The new entry's path and text; raises PapercatError if it would replace or repeat an entry:
    one with the same arXiv id or the same normalised title, whatever its slug, is named."""
    if arxiv is None and not (title and title.strip()):
        raise PapercatError(Problem("papercat new", None, "give --arxiv ID, --title TEXT, or both"))
    meta: dict = {}
    if title and title.strip():
        meta["title"] = " ".join(title.split())
        slug = slugify(meta["title"])
    if arxiv is not None:
        arxiv = parse_arxiv_id(arxiv)
        if "title" not in meta:
            meta["title"] = f"{PLACEHOLDER_TITLE_PREFIX}{arxiv}"
            meta["title_derived"] = True
            slug = slugify(f"arxiv {arxiv}")
        meta["arxiv"] = arxiv
        meta["date"] = arxiv_month(arxiv)
        meta["links"] = arxiv_links(arxiv)
    path = content / PAPERS_DIR / f"{slug}.md"
    if not path.exists():
        slug = _unlisted(slug, content, meta)
        path = content / PAPERS_DIR / f"{slug}.md"
    meta["slug"] = slug
    if added:
        meta["added"] = added
    if arxiv is not None:
        other = _entry_with_arxiv(content, arxiv)
        if other is not None:
            raise PapercatError(Problem(str(other), key_lines(other).get("arxiv"),
                                        f"{arxiv!r} is already in this entry: no second entry written",
                                        field="arxiv", hint="edit that entry instead"))
    if path.exists():
        raise PapercatError(Problem(str(path), None, "already exists: not overwritten",
                                    hint="edit that entry, or give the new paper a different --title"))
    if "title_derived" not in meta:  # (a placeholder title names no paper: the arXiv id was checked)
        other = _entry_with_title(content, meta["title"])
        if other is not None:
            raise PapercatError(Problem(str(other), key_lines(other).get("title"),
                                        f"{meta['title']!r} matches this entry's title: no second entry written",
                                        field="title", hint="edit that entry instead, or give a title that "
                                        "tells the two papers apart"))
    return NewEntry(path, render_entry(meta, ABSTRACT_PLACEHOLDER + "\n"))
