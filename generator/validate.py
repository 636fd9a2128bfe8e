"""Entry rules: per-entry types and values, then cross-entry uniqueness. All problems are
collected so a curator sees every one in a single run; each names its file and line."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.arxiv_ids import is_arxiv_id
from generator.chars import HINT as CONTROL_HINT, described, first_control
from generator.entries import KEY_ORDER, LINK_ORDER, WINDOWS_RESERVED, Entry, page_range, split_front_matter
from generator.errors import Problem, shown
from generator.people import SUFFIXES, family_first, is_et_al, is_organisation, split_name

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?\Z")
BIBKEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+/-]*\Z")  # what BibTeX, biber and LaTeX's \cite accept
URL = re.compile(r"^https?://[^\s]+\Z", re.IGNORECASE)
DOI = re.compile(r"^10\.\d{4,9}/[^\s{}\\\"]+\Z")  # (no braces, quotes or backslashes: BibTeX holds it verbatim)
CATEGORY = re.compile(r"^[a-z][a-z-]*(\.[A-Za-z-]{2,})?\Z")  # cs.CL, stat.ML, hep-th, astro-ph.GA

KINDS = {
    "title": "text", "title_derived": "bool", "slug": "text", "bibkey": "text", "draft": "bool", "arxiv": "text",
    "arxiv_category": "text", "doi": "text", "date": "date", "added": "day", "authors": "list", "authors_count": "count", "organization": "text", "upvotes": "number", "venue": "text", "type": "text", "volume": "label", "issue": "label",
    "page_range": "label", "publisher": "text", "pages": "count",
    "figures": "number", "comments": "text", "links": "links", "tags": "list", "tags_exclude": "list",
    "topics": "list", "sources": "list", "distinct_from": "list", "series": "text", "editors": "list",
}
assert set(KINDS) == set(KEY_ORDER)


# What a work may be, by the names of BibTeX's entry types (what a BibTeX, CSL or RIS export says
# is mapped to them on import); `misc` is a preprint or anything else.
TYPES = ("article", "inproceedings", "book", "incollection", "phdthesis", "mastersthesis", "techreport", "misc")

MAX_NUMBER = 1_000_000_000  # counts and upvotes above this are mistakes, and overflow the cache's JSON

def key_lines(path: Path) -> dict[str, int]:
    """Line of each top-level front-matter key; only computed when there is something to report."""
    try:
        yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except Exception:  # the entry already parsed once; a line number is a nicety
        return {}
    if node is None or not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 2 for k, _ in node.value}


Checked = tuple[object, str | None, str | None]  # (normalised value, problem, hint)


def _check_value(key: str, value: object) -> Checked:
    """(normalised value, problem, hint) for one field, by its kind (`KINDS`)."""
    if key == "arxiv" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, f"must be quoted text (got the number {value!r})", \
            "write arxiv: '2310.10770' in quotes: unquoted, YAML reads a number and drops trailing zeros"
    return _CHECKS[KINDS[key]](key, value)


def _text(key: str, value: object) -> Checked:
    """Text, and the forms a slug, BibTeX key, arXiv id, DOI, type or category must have."""
    if not isinstance(value, str) or not value.strip():
        return None, f"must be non-empty text (got {shown(value)})", "quote it if it starts with a special character"
    if key == "slug" and not SLUG.match(value):
        return None, f"must be lower-case words joined by hyphens (got {shown(value)})", "e.g. slug: my-paper-title"
    if key == "bibkey" and not BIBKEY.match(value):
        return None, f"must be letters, digits and _:.+/- (got {shown(value)})", "e.g. bibkey: vaswani2017attention"
    if key == "slug" and value in WINDOWS_RESERVED:
        return None, f"is a device name on Windows, where {value}.md cannot be checked out (got {shown(value)})", \
            f"e.g. slug: {value}-paper, and rename the file to match"
    if key == "arxiv" and not is_arxiv_id(value):
        return None, f"is not an arXiv id (got {shown(value)})", "write it as '2310.10769', without 'arXiv:' or a version"
    if key == "doi" and not DOI.match(value.strip()):
        return None, f"is not a DOI (got {shown(value)})", "write it as 10.18653/v1/N19-1423, without https://doi.org/"
    if key == "type" and value.strip() not in TYPES:
        return None, f"is not a type of work (got {shown(value)})", \
            "one of " + ", ".join(TYPES) + " (BibTeX's entry types); leave it out for a paper cited by its venue"
    if key == "arxiv_category" and not CATEGORY.match(value.strip()):
        return None, f"is not an arXiv category (got {shown(value)})", "e.g. arxiv_category: cs.CL"
    return value.strip(), None, None


def _label(key: str, value: object) -> Checked:
    """A short label (a volume, an issue, a page range), which YAML must not have read as a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # (what YAML made of it is not what was written)
        return None, f"must be quoted text (got the number {value!r})", \
            f"write {key}: '...' in quotes: unquoted, YAML reads 010 as 8 and 12:30 as 750"
    if not isinstance(value, str) or not value.strip() or len(value) > 40 or "\n" in value:
        return None, f"must be a short label such as '521', '3A' or '436-444' (got {shown(value)})", None
    if key == "page_range":
        pages = page_range(value)
        if pages is None:
            return None, f"is not a page range (got {shown(value)})", \
                "the first and last page, `436-444`, or one page or article number, `e1003285`"
        return pages, None, None
    return value.strip(), None, None


def _bool(key: str, value: object) -> Checked:
    """true or false."""
    if isinstance(value, bool):
        return value, None, None
    return None, f"must be true or false (got {shown(value)})", f"write {key}: true or {key}: false, without quotes"


def _number(key: str, value: object) -> Checked:
    """A whole number: at least 1 for a count, at least 0 for a number."""
    low = 1 if KINDS[key] == "count" else 0
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        return None, f"must be a whole number of at least {low} (got {shown(value)})", None
    if value > MAX_NUMBER:  # (the cache is JSON of 64-bit integers; no paper has a billion upvotes)
        return None, f"must be at most {MAX_NUMBER:,} (got {shown(value)})", None
    return value, None, None


def _day(key: str, value: object) -> Checked:
    """The day an entry joined the catalog (import and new write it)."""
    value = value.isoformat() if isinstance(value, dt.date) else value
    if not isinstance(value, str) or not DAY.match(value):
        return None, f"must be YYYY-MM-DD (got {shown(value)})", "e.g. added: '2024-05-14'"
    return _date(key, value)


def _date(key: str, value: object) -> Checked:
    """A date, a month or a year, as text."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not DATE.match(value):
        return None, f"must be YYYY-MM-DD, YYYY-MM or YYYY (got {shown(value)})", "e.g. date: '2024-05-14'"
    parts = [int(x) for x in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None, f"is not a real date (got {shown(value)})", None
    return value, None, None


def _list(key: str, value: object) -> Checked:
    """A list of text items (a single line is one item); names given first."""
    if isinstance(value, str):
        if key in ("authors", "editors") and _several_names(value):
            return None, f"is one line of text that reads as several names (got {shown(value)})", \
                "write one name per line, given names first: `- Alice Smith` (a list item is taken as " \
                "written: `- Gemini Team and Google DeepMind` is one author)"
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        return None, f"must be a list of text items (got {shown(value)})", "write one `- item` per line"
    if key == "editors" and any(map(is_et_al, value)):
        return None, "has `others`, which stands for authors not named", \
            "list the editors by name (import leaves BibTeX's `and others` out of editors)"
    if key == "authors" and any(map(is_et_al, value[:-1])):
        return None, "has `others` before its last item", \
            "`- others` (et al.) may only end the list: it stands for the authors not named"
    backwards = next((x for x in value if key in ("authors", "editors") and _family_first(x)), None)
    if backwards is not None:
        return None, f"has a name written family name first (got {shown(backwards)})", \
            "write given names first, `- Shaquille O'Neal`; a family name of several words may come first, " \
            "before a comma: `- Van Gool, Luc`"
    return tuple(x.strip() for x in value), None, None


def _links(key: str, value: object) -> Checked:
    """Link kinds to http(s) URLs, in `LINK_ORDER`."""
    if not isinstance(value, dict):
        return None, f"must be a mapping of link kinds to URLs (got {shown(value)})", "kinds: " + ", ".join(LINK_ORDER)
    for k, url in value.items():
        if k not in LINK_ORDER:
            return None, f"unknown link kind {shown(k)}", "kinds: " + ", ".join(LINK_ORDER)
        if not isinstance(url, str) or not URL.match(url):
            return None, f"{k} must be an http(s) URL (got {shown(url)})", None
    return tuple((k, value[k]) for k in LINK_ORDER if k in value), None, None


_CHECKS: dict[str, Callable[[str, object], Checked]] = {
    "text": _text, "label": _label, "bool": _bool, "count": _number, "number": _number, "day": _day,
    "date": _date, "list": _list, "links": _links}
assert set(KINDS.values()) <= set(_CHECKS)  # (a field of a kind with no check would fail on every entry)


def _family_first(name: str) -> bool:
    """`- O'Neal, Shaquille`: read as given names "O'Neal," and family name "Shaquille", so every
    citation got it wrong. A family name of several words may come first (`- Van Gool, Luc`), as
    people.split_name reads it: "Luc Van Gool" would be cited "Gool, Luc Van". A comma before a
    suffix (`Martin Luther King, Jr.`) or in an organisation's name (`Google, Inc.`, `Meta AI, FAIR`:
    people.GIVEN) is fine."""
    return family_first(name) is not None and not is_organisation(name) and not split_name(name).family_first


def _several_names(name: str) -> bool:
    """`authors: Alice Smith, Bob Jones and Carol White` (or `Smith; Jones`) written as one line of
    text, which would be one person, with a page and a BibTeX name of their own. A comma is a
    name's only before a suffix (`John Smith, Jr.`)."""
    if " and " in f" {name} " or ";" in name:
        return True
    head, comma, tail = name.rpartition(",")
    return bool(comma) and ("," in head or tail.strip().lower() not in SUFFIXES)


def _suggest(name: str, names: set[str]) -> list[str]:
    """The vocabulary slug nearest to a mistyped one, also matching single words of multi-word
    slugs (`difusion` -> `diffusion-models`, which whole-slug similarity ranks below `3d-vision`)."""
    def score(slug: str) -> tuple[float, float]:
        whole = difflib.SequenceMatcher(None, name, slug).ratio()
        return max([whole] + [difflib.SequenceMatcher(None, name, w).ratio() for w in slug.split("-")]), whole

    best = max(sorted(names), key=score, default=None)
    return [best] if best is not None and score(best)[0] >= 0.75 else []


def check_entry(entry: Entry, tag_names: set[str], topic_names: set[str]) -> tuple[dict, list[Problem]]:
    """Normalised field values and the problems of one entry."""
    found: list[tuple[str | None, str, str | None]] = []
    values: dict = {}
    for key, value in entry.meta.items():
        key = str(key)
        if key not in KINDS:
            close = difflib.get_close_matches(key, KINDS, n=1)
            found.append((key, f"unknown key (got {shown(key)})",
                          f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(KEY_ORDER)))
            continue
        if value is None:
            found.append((key, "is empty", "remove the key or give it a value"))
            continue
        control = first_control(value)
        if control:
            found.append((key, f"contains {described(control)}", CONTROL_HINT))
            continue
        norm, problem, hint = _check_value(key, value)
        if problem:
            found.append((key, problem, hint))
        else:
            values[key] = norm
    for key in ("title", "slug"):
        if key not in entry.meta:
            found.append((None, f"missing required key {key!r}", f"add `{key}: ...` to the front matter"))
    for key, names, what in (("tags", tag_names, "content/tags.yml"), ("tags_exclude", tag_names, "content/tags.yml"),
                             ("topics", topic_names, "content/topics.yml")):
        for name in values.get(key, ()):
            if name not in names:
                close = _suggest(name, names)
                found.append((key, f"{shown(name)} is not in the vocabulary",
                              f"did you mean {close[0]!r}?" if close else f"add it to {what}"))
    # A paper known by its own title may wait for its abstract (a BibTeX record often has none);
    # a title derived from the abstract has nothing to stand on without it.
    if not entry.abstract and (values.get("title_derived") or "title" not in values):
        found.append((None, "the body is empty: the abstract goes below the front matter", None))
    problems = []
    if found:
        lines = key_lines(entry.path)
        problems = sorted((Problem(str(entry.path), lines.get(key, 1) if key else 1, msg, field=key, hint=hint)
                           for key, msg, hint in found), key=lambda p: p.line or 0)
    return values, problems


def check_unique(entries: list[tuple[str, str | None, str | None, str | None, str | None]]) -> list[Problem]:
    """Slugs, arXiv ids, DOIs (in any case, as DOIs are) and BibTeX keys identify a paper: each may
    appear in one entry only. `entries` are (path, slug, arXiv id, bibkey, DOI); a paper without a
    bibkey is cited by its slug. Paths stay strings, as making 10,000 Paths cost a tenth of a rebuild."""
    problems = []
    for column, key in ((1, "slug"), (2, "arxiv"), (3, "bibkey"), (4, "doi")):
        first: dict[str, str] = {}
        for entry in entries:
            value = entry[column]
            if value is None:
                continue
            same = value.casefold() if key == "doi" else value
            if same in first:
                problems.append(Problem(entry[0], key_lines(Path(entry[0])).get(key, 1),
                                        f"{value!r} is also used by {first[same]}",
                                        field=key, hint="merge the two entries or change one"))
            else:
                first[same] = entry[0]
    slugs = {e[1]: e[0] for e in entries if e[1]}
    for path, slug, _, bibkey, _ in entries:
        if bibkey and bibkey != slug and bibkey in slugs:
            problems.append(Problem(path, key_lines(Path(path)).get("bibkey", 1),
                                    f"{bibkey!r} is the BibTeX key of {slugs[bibkey]} (its slug)", field="bibkey",
                                    hint="choose another key"))
    for path, slug, *_ in entries:
        stem = os.path.splitext(os.path.basename(path))[0]
        if slug and slug != stem:
            problems.append(Problem(path, key_lines(Path(path)).get("slug", 1),
                                    f"differs from the file name ({stem!r})", field="slug",
                                    hint=f"rename the file to {slug}.md" + (f", or set slug: {stem}" if SLUG.match(stem) else "")))
    return problems
