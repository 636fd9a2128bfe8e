"""Records -> entry files. Folds duplicates into one entry and merges into existing entries
without ever overwriting what a curator wrote: pure planning here, writing in the CLI."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import imported
from generator.drafts import ABSTRACT_PLACEHOLDER, PLACEHOLDER_TITLE_PREFIX
from generator.entries import MAX_BYTES, Entry, free_slug, render_entry, rewrite_entry, slugify
from generator.errors import Problem
from generator.ingest.fields import derive_title
from generator.matching import abstract_key, normalise
from generator.model import NO_ABSTRACT_LINE, Record, notes
from generator.people import fold, is_et_al, name_forms, person, same_person

Progress = Callable[[Iterable, int, str], Iterable]

SCALARS = ("arxiv", "arxiv_category", "doi", "date", "authors_count", "organization", "upvotes", "type", "venue",
           "series", "volume", "issue", "page_range", "publisher", "pages", "figures", "comments")
FILLED = SCALARS + ("authors", "editors")  # what a listing fills in when an entry lacks it (the author list as a whole)


@dataclass
class Summary:
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)      # "source -> slug (matched on ...)"
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept_out: list[str] = field(default_factory=list)  # "source (slug)": papers whose entries were deleted (imported.py)


@dataclass
class Plan:
    writes: dict[Path, str]
    summary: Summary
    listed: str | None = None  # imported.txt brought up to date, when it changed (imported.py)


@dataclass
class _Group:
    """Listings of one paper found in this run, merged field by field (first listing wins)."""

    abstract: str
    meta: dict


def _record_meta(r: Record) -> dict:
    meta: dict = {"title": r.title}
    if r.title_derived:
        meta["title_derived"] = True
    meta.update({k: getattr(r, k) for k in SCALARS if getattr(r, k) is not None})
    if r.authors:
        meta["authors"] = list(r.authors)
    if r.editors:
        meta["editors"] = list(r.editors)
    if r.links:
        meta["links"] = dict(r.links)
    meta["sources"] = [r.source]
    return meta


def _keys(meta: dict, abstract: str) -> list[tuple[str, str]]:
    """Match on sources first (a re-import), then arXiv id, then DOI (which is case-insensitive),
    then normalised title, then abstract.
    A title or abstract that normalises to "" (only emoji or punctuation) gives no key: it would
    match every other such text and fold different papers into one."""
    keys = [("source", s) for s in meta.get("sources") or []]
    if meta.get("arxiv"):
        keys.append(("arxiv", str(meta["arxiv"])))
    if meta.get("doi"):
        keys.append(("doi", str(meta["doi"]).strip().lower()))
    if meta.get("title") and not meta.get("title_derived"):
        keys.append(("title", normalise(str(meta["title"]))))
    keys.append(("abstract", abstract_key(abstract)))
    return [k for k in keys if k[1]]


def _compatible(a: dict, b: dict, key: str = "title") -> bool:
    """Whether two listings that share a `key` (its kind: `_keys`) may be one paper. The same arXiv
    id settles it, and so does a shared DOI or source (a curator who corrected the first author's
    spelling must not get a second entry). Shared only a title or an abstract's start, a different
    DOI (other than arXiv's own) or first author says they are two works: "Deep Learning" by LeCun et
    al. (Nature, 2015) and by Goodfellow et al. (the book) were folded into one entry, and the book
    was lost. Two entries for one paper are a review item (`check` lists suspected duplicates); one
    entry for two papers loses one."""
    if a.get("arxiv") and b.get("arxiv"):
        return str(a["arxiv"]) == str(b["arxiv"])
    if key in ("doi", "source"):
        return True
    dois = [str(m.get("doi") or "").strip().lower() for m in (a, b)]
    if all(dois) and dois[0] != dois[1] and not any(d.startswith(ARXIV_DOI) for d in dois):
        return False
    return _same_first_author(a, b)


ARXIV_DOI = "10.48550/"  # the DOI arXiv gives every paper: a preprint's, beside its published version's


def _same_first_author(a: dict, b: dict) -> bool:
    """True unless both name a first author and neither name ends with the other's family name
    (folded, spaces gone: `Yann LeCun`, `Y. Lecun`, `Yann Le Cun` and `Le Cun, Yann` are one; a name
    written family name first is compared as shown, given names first)."""
    firsts = [first_author(meta) for meta in (a, b)]
    return None in firsts or same_person(*firsts)


def first_author(meta: dict) -> tuple[str, str] | None:
    """The first author as people.name_forms gives it; None without one (an `- others` alone is none)."""
    names = meta.get("authors")
    if not isinstance(names, list) or not names or not isinstance(names[0], str) or is_et_al(names[0]):
        return None
    return name_forms(names[0])


def _matched_on(keys: list[tuple[str, str]], index: dict[tuple[str, str], list], item: object) -> str:
    """The kind of the first of `keys` under which `index` holds `item` (what a merge was made on)."""
    return next(k[0] for k in keys if any(x is item for x in index.get(k, ())))


def _add(index: dict[tuple[str, str], list], key: tuple[str, str], item: object) -> None:
    """`item` among those with `key`, once (by identity), after those found first."""
    found = index.setdefault(key, [])
    if not any(x is item for x in found):
        found.append(item)


def _same_listing(entry: Entry, group: _Group) -> bool:
    """A source (`file:line`) names a place, not a paper: the file may have been edited since, or
    another file has the same name. A shared source counts only while the title or the abstract
    still agrees, so a curator may edit either one and re-import without getting a duplicate."""
    title, new_title = (normalise(str(t)) if t else "" for t in (entry.meta.get("title"), group.meta.get("title")))
    abstract, new_abstract = abstract_key(entry.abstract), abstract_key(group.abstract)
    if not (title or abstract):  # (text of symbols alone normalises to nothing: the same place, the same text)
        return entry.abstract.strip() == group.abstract.strip()
    return bool(title and title == new_title) or bool(abstract and abstract == new_abstract)


def _fold(into: dict, new: dict) -> None:
    """Union of two listings of the same paper in one run: fill gaps, prefer a real title and a full date."""
    if into.get("title_derived") and not new.get("title_derived"):
        into["title"] = new["title"]
        into.pop("title_derived")
    for k in FILLED:
        if k not in into and k in new and not _restates(into, new, k):
            into[k] = new[k]
    _refine_date(into, new)
    _complete_authors(into, new)
    _accent_authors(into, new)
    if new.get("links"):
        into["links"] = {**new["links"], **into.get("links", {})}
    into["sources"] = into["sources"] + [s for s in new["sources"] if s not in into["sources"]]


def _restates(have: dict, new: dict, key: str) -> bool:
    """Would `new`'s `authors` or `organization` only say again what `have` says with the other? One
    export names `OpenAI` as the author (`- OpenAI`), another as the organisation (`{{OpenAI}}`): the
    entry kept both. (An organisation beside a real author list, as a daily listing gives one, stays.)"""
    def alone(authors, organization) -> bool:
        return isinstance(authors, list) and len(authors) == 1 and str(authors[0]) == str(organization)

    if key == "organization":
        return alone(have.get("authors"), new["organization"])
    return key == "authors" and alone(new["authors"], have.get("organization"))


def _complete_authors(meta: dict, new: dict) -> None:
    """A list that names the first authors only (`- others`) is replaced by a whole list that starts
    with the same names (Scholar's `Jumper and ... and others`, then Zotero's 34 names): like a date
    made precise, it says the same and more. Names are people (people.person): `Luc Van Gool` is
    `Van Gool, Luc`."""
    have, more = meta.get("authors"), new.get("authors")
    if not (isinstance(have, list) and isinstance(more, list) and have and more):
        return
    named = [str(a) for a in have[:-1]]
    if is_et_al(have[-1]) and not is_et_al(more[-1]) and len(more) > len(named) \
            and list(map(_same_but_accents, more[:len(named)])) == list(map(_same_but_accents, named)):
        meta["authors"] = _accented(more[:len(named)], named) + list(more[len(named):])  # (accents kept either way)


def _accent_authors(into: dict, new: dict) -> None:
    """Listings of one paper in one run: a name written without its accents (`Lukasz Kaiser`, as
    arXiv gives it) takes the spelling another gives with them (`Kaiser, {\\L}ukasz`, Zotero's
    `Łukasz`), whichever came first. Name by name, in lists of one length whose names are the same
    people but for accents. Not into an entry already written: its names may be a curator's."""
    have, more = into.get("authors"), new.get("authors")
    if not (isinstance(have, list) and isinstance(more, list) and len(have) == len(more)):
        return
    if [_same_but_accents(a) for a in have] == [_same_but_accents(b) for b in more]:
        into["authors"] = _accented(have, more)


def _same_but_accents(name: object) -> str:
    return fold(person(str(name)))


def _accented(have: list, more: list) -> list:
    """`have`'s names, each in `more`'s spelling where that one has accents and `have`'s has none."""
    return [b if str(a).isascii() and not str(b).isascii() else a for a, b in zip(have, more)]


def _refine_date(meta: dict, new: dict) -> None:
    """A date made more precise by another listing (`2021-08` -> `2021-08-26`): a value that is there
    changed, since it says the same and more (as `_complete_authors` does with a list). In one run
    and across runs alike: two files imported together gave the full date, one after the other the
    month only."""
    have, more = str(meta.get("date", "")), str(new.get("date", ""))
    if have and len(more) > len(have) and more.startswith(have + "-"):
        meta["date"] = new["date"]


def _fill(entry: Entry, new: dict) -> bool:
    """Fill what an existing entry lacks; never change a value that is there, but to refine it as the
    README says (a provisional title, a date made precise, a `- others` list made whole). True if
    anything was added."""
    meta, before = entry.meta, repr(entry.meta)
    if (meta.get("title_derived") and not new.get("title_derived")
            and (meta.get("title") == derive_title(entry.abstract)
                 or str(meta.get("title", "")).startswith(PLACEHOLDER_TITLE_PREFIX))):
        meta["title"] = new["title"]  # still the provisional title we (or `papercat new`) wrote: a real one replaces it
        meta.pop("title_derived")
    for k in ("title",) + FILLED:
        if k not in meta and k in new and not _restates(meta, new, k):
            meta[k] = new[k]
    _refine_date(meta, new)
    _complete_authors(meta, new)
    if new.get("links"):
        links = meta.get("links") if isinstance(meta.get("links"), dict) else None
        if links is None and "links" not in meta:
            meta["links"] = links = {}
        if links is not None:
            for k, v in new["links"].items():
                links.setdefault(k, v)
    sources = meta.get("sources") if isinstance(meta.get("sources"), list) else None
    if sources is None and "sources" not in meta:
        meta["sources"] = sources = []
    if sources is not None:
        sources.extend(s for s in new["sources"] if s not in sources)
    return repr(meta) != before


YEARS_APART = 2  # a preprint's journal version may come a year later; more is worth a look


def _years_apart(have: dict, new: dict, how: str, where: str | None = None) -> list[str]:
    """A note when two listings taken for one paper by title (and first author) are dated years
    apart: the arXiv GAN paper (2014) and the CACM article of the same title and authors (2020)
    are two works, but nothing in their metadata says so. One entry for two works loses one, so
    the curator hears of it."""
    if how not in ("title", "abstract"):
        return []
    years = [int(m["date"][:4]) for m in (have, new) if re.match(r"\d{4}", str(m.get("date") or ""))]
    if len(years) < 2 or abs(years[0] - years[1]) < YEARS_APART:
        return []
    first, later = have["sources"][0] if have.get("sources") else where, new["sources"][0]
    return [f"{later} was taken for the paper of {where or first} (same {how}), but they are dated "
            f"{years[1]} and {years[0]}: if they are two works (a later article with the same title), "
            f"add the later one with `papercat new` and take its venue, DOI and date out of the first"]


def _file(source: object) -> str:
    """The file name of a source (`refs.bib:7` -> `refs.bib`)."""
    return str(source).rpartition(":")[0]


def _too_big(sources: list[str], size: int) -> Problem:
    """An entry import would write that `read_entry` refuses: reported at its first listing line."""
    path, _, line = sources[0].rpartition(":")
    return Problem(path or sources[0], int(line) if line.isdigit() else None,
                   f"the entry would be {size:,} bytes; an entry may have at most {MAX_BYTES:,}", field="abstract",
                   hint="the listing's text is too long for one paper: split or shorten it; nothing was written for it")


def plan_import(records: list[Record], existing: list[Entry], papers_dir: Path,
                progress: Progress = lambda it, total, desc: it, added: str | None = None,
                seen: dict[str, list[str]] | None = None) -> Plan:
    """What importing `records` writes. A new entry records `added` (the day, YYYY-MM-DD); an
    existing one keeps its own: the day a paper joined the catalog never changes. `seen`: the papers
    the catalog held at the last import (imported.read); a paper among them whose entry is gone was
    deleted by the curator, and stays out. The list brought up to date is `Plan.listed`."""
    summary = Summary()
    seen = seen or {}
    groups = _merged(records, summary, progress)
    entry_index, slugs = _entry_index(existing, seen)
    present = {e.path.stem for e in existing}
    seen_index, made = imported.index_of(seen), []
    writes: dict[Path, str] = {}
    for group in progress(groups, len(groups), "planning"):
        if "authors" in group.meta and not is_et_al(group.meta["authors"][-1]):
            group.meta.pop("authors_count", None)  # the whole list gives the count: never write both
        entry = next((e for k in _keys(group.meta, group.abstract) for e in entry_index.get(k, ())
                      if _compatible(e.meta, group.meta, k[0]) and (k[0] != "source" or _same_listing(e, group))), None)
        if entry is None:
            gone = imported.deleted(_ledger_keys(group.meta, group.abstract), seen, seen_index, present)
            if gone is not None:
                summary.kept_out.append(f"{group.meta['sources'][0]} ({gone})")
                continue
            entry = _new_entry(group, slugs, papers_dir, added)
            text = render_entry(entry.meta, entry.body)
            if not _fits(text, group, summary):  # (check would refuse it: never write one)
                continue
            writes[entry.path] = text
            summary.added.append(entry.path.stem)
            made.append(entry)
        else:
            kept, text = _updated(entry, group, entry_index, summary)
            if not kept:
                continue
            if text is not None:
                writes[entry.path] = entry.text = text
                if entry.path.stem not in summary.added:
                    summary.updated.append(entry.path.stem)
        for k in _keys(entry.meta, entry.abstract):
            _add(entry_index, k, entry)
    listed = _listed(seen, [*existing, *made])
    return Plan(writes, summary, listed if listed != imported.text(seen) else None)


def _merged(records: list[Record], summary: Summary, progress: Progress) -> list[_Group]:
    """The records as papers: those that are the same paper (by arXiv id, DOI, title ...) merged."""
    groups: list[_Group] = []
    index: dict[tuple[str, str], list[_Group]] = {}  # (a title may be two works': `_compatible`)
    for r in progress(records, len(records), "merging"):
        meta = _record_meta(r)
        # Within one run a shared source only means two files with the same name: not a match.
        keys = [k for k in _keys(meta, r.abstract) if k[0] != "source"]
        group = next((g for k in keys for g in index.get(k, ()) if _compatible(g.meta, meta, k[0])), None)
        if group is None:
            group = _Group(r.abstract, meta)
            groups.append(group)
        else:
            how = _matched_on(keys, index, group)
            summary.merged.append(f"{r.source} is the same paper as {group.meta['sources'][0]} (same {how})")
            summary.notes += _years_apart(group.meta, meta, how)
            _fold(group.meta, meta)
            if not group.abstract.strip():
                group.abstract = r.abstract  # (a BibTeX record without one, then an arXiv listing)
        for k in _keys(group.meta, r.abstract):
            _add(index, k, group)
    return groups


def _entry_index(existing: list[Entry], seen: dict[str, list[str]]
                 ) -> tuple[dict[tuple[str, str], list[Entry]], set[str]]:
    """The catalog's entries by every key a record may match them on, and the slugs taken."""
    entry_index: dict[tuple[str, str], list[Entry]] = {}
    slugs: set[str] = set(seen)  # (a deleted entry's slug is not given to another paper: its line names it)
    for e in existing:
        slugs.update({e.path.stem, str(e.meta.get("slug", ""))})
        for k in _keys(e.meta, e.abstract):
            _add(entry_index, k, e)
        for k in seen.get(e.path.stem, ()):  # (titles it had: a listing of the title the curator corrected
            if k.startswith("title:"):          # is this paper, not a new one)
                _add(entry_index, ("title", k.partition(":")[2]), e)
    return entry_index, slugs


def _new_entry(group: _Group, slugs: set[str], papers_dir: Path, added: str | None) -> Entry:
    """A paper the catalog lacks, under a slug of its title that no other paper has (taken here)."""
    slug = free_slug(slugify(group.meta["title"]), slugs.__contains__)
    slugs.add(slug)
    meta = {**group.meta, "slug": slug, **({"added": added} if added else {})}
    body = group.abstract if group.abstract.strip() else NO_ABSTRACT_LINE  # (so notes stay notes)
    return Entry(papers_dir / f"{slug}.md", meta, body + "\n")


def _updated(entry: Entry, group: _Group, entry_index: dict[tuple[str, str], list[Entry]],
             summary: Summary) -> tuple[bool, str | None]:
    """A paper the catalog has, with what `group` adds to it (never over a curator's edit): whether
    it is still to be matched on (False: left alone), and its new text (None: unchanged)."""
    before = copy.deepcopy(entry.meta)
    known = entry.meta.get("sources") if isinstance(entry.meta.get("sources"), list) else []
    files = {_file(s) for s in known}
    if all(s in known or _file(s) in files for s in group.meta["sources"]):
        # Already imported from this file, at this line or at another (a re-export with records
        # added or moved): a field the curator removed stays removed. Only a new place is noted.
        moved = [s for s in group.meta["sources"] if s not in known]
        if not moved or not isinstance(entry.meta.get("sources"), list):
            summary.unchanged += 1
            return False, None
        entry.meta["sources"] = known + moved
        filled = True
    else:
        how = _matched_on(_keys(group.meta, group.abstract), entry_index, entry)
        summary.notes += _years_apart(entry.meta, group.meta, how, str(entry.path))
        filled = _fill(entry, group.meta)
        if group.abstract.strip() and entry.abstract in ("", ABSTRACT_PLACEHOLDER):
            # An empty body, or `papercat new`'s placeholder, is a gap too (notes after it stay).
            kept = notes(entry.body)
            entry.body, filled = group.abstract + "\n" + (f"\n{kept}\n" if kept else ""), True
    if not filled:
        return True, None
    text = rewrite_entry(entry, before)  # (the curator's comments stay)
    return (True, text) if _fits(text, group, summary) else (False, None)


def _fits(text: str, group: _Group, summary: Summary) -> bool:
    """Is an entry's text within `MAX_BYTES` (else it is reported skipped: check would refuse it)?"""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        summary.skipped.append(_too_big(group.meta["sources"], size))
    return size <= MAX_BYTES


def _listed(seen: dict[str, list[str]], entries: list[Entry]) -> str:
    """The list of papers the catalog has held (imported.py), brought up to date with `entries`."""
    return imported.text(imported.updated(seen, {e.path.stem: _ledger_keys(e.meta, e.abstract) for e in entries}))


def _ledger_keys(meta: dict, abstract: str) -> list[str]:
    """A paper's keys in imported.txt: `_keys` (but `papercat new`'s placeholder abstract, which every
    new entry has) and its first author (`first_author`)."""
    return imported.keys_of(_keys(meta, "" if abstract == ABSTRACT_PLACEHOLDER else abstract), first_author(meta))
