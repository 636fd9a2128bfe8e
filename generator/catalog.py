"""Content directory -> a validated, tagged `Catalog`: config, vocabulary, one Paper per entry.

Reading, validating and tagging 10,000 entries takes seconds (YAML and tag matching), so valid
entries are remembered in the build's store as plain data, by file name with the file's size and
modification time, and only new or changed files are read again (on the build's workers when
there are many)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from generator import urls
from generator.cite import untex
from generator.config import Config, load_config
from generator.drafts import draft_reasons
from generator.entries import PAPERS_DIR, decode_entry, entry_names
from generator.errors import PapercatError, Problem
from generator.groups import (Maker, Order, author_groups, author_order, newest_first, person_groups, person_order,
                              regroup, sharing_slugs, tag_groups, tag_order, topic_groups, topic_order, venue_groups,
                              venue_order, venue_year_groups, venue_year_order, year_groups, year_order)
from generator.inputs import check_content, check_theme, read_problem
from generator.model import Catalog, Group, Paper, paper_digest, restored
from generator.parallel import Workers, chunks, processes_for
from generator.people import NameFacts, is_et_al
from generator.store import Store
from generator.taxonomy import paper_taxonomy
from generator.theme import theme_for
from generator.venues import NO_VENUES
from generator.vocabulary import Vocabulary, load_vocabulary
from generator.validate import check_entry, check_unique

ENTRIES = "entries"  # the store's name for the remembered entries


@dataclass
class Loaded:
    config: Config
    vocab: Vocabulary
    papers: list[Paper]  # newest first
    digests: dict[str, str]  # slug -> paper_digest


def load(content: Path, base_url: str | None = None, store: Store | None = None,
         workers: Workers | None = None) -> Loaded:
    """Read and validate everything under `content`; raise once with every problem found. (Links
    that leave the content or theme folder are refused first, as `build` refuses them: inputs.py.)"""
    check_content(content)
    config = load_config(content, base_url)
    check_theme(theme_for(content, config.theme_dir))
    vocab = load_vocabulary(content)
    return Loaded(config, vocab, *read_papers(content, vocab, store, workers))


def read_papers(content: Path, vocab: Vocabulary, store: Store | None = None, workers: Workers | None = None,
                stats: dict[str, list[int]] | None = None) -> tuple[list[Paper], dict[str, str]]:
    """Every entry as a Paper (newest first), and each paper's digest by slug. `stats` (path ->
    [size, mtime_ns], state.input_stats) spares looking at every file again. Entries are kept
    under the digest of the vocabulary they were tagged with (`vocab.digest`)."""
    scope = vocab.digest
    head, rows = store.load_table(ENTRIES) if store else (None, {})
    known = rows if head == scope else {}
    folder = content / PAPERS_DIR
    papers: dict[str, tuple[str, Paper, str]] = {}  # file name -> (size:mtime, paper, digest)
    missing: list[str] = []
    stats = stats or {}
    for name in entry_names(content):
        path = os.path.join(folder, name)
        size, mtime = stats.get(path) or _stat(path)
        hit = known.get(name)
        if hit is not None and hit[0] == f"{size}:{mtime}":
            try:
                papers[name] = (hit[0], paper_from_data(hit[1]), hit[2])
                continue
            except (ValueError, TypeError, AttributeError):  # (not a paper's row: the entry is read again)
                pass
        missing.append(str(folder / name))
    problems: list[Problem] = []
    if workers is not None and processes_for(workers.processes, len(missing)):
        read = [r for part in workers.map(read_chunk, [(c,) for c in chunks(missing, 100)]) for r in part]
    else:
        read = [read_entry(Path(p), vocab) for p in missing]
    for name, stamp, paper, found in read:
        problems += found
        if paper is not None:
            papers[name] = (stamp, paper, paper_digest(paper))
    papers = dict(sorted(papers.items()))
    problems += check_unique([(p.path, p.slug, p.arxiv, p.bibkey, p.doi) for _, p, _ in papers.values()])
    if problems:
        raise PapercatError(problems)
    if store is not None and (missing or len(papers) != len(known)):  # (orjson writes dataclasses and tuples)
        store.save_table(ENTRIES, scope, papers, {os.path.basename(p) for p in missing} | (known.keys() - papers.keys()))
    return newest_first(p for _, p, _ in papers.values()), {p.slug: d for _, p, d in papers.values()}


def _stat(path: str) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def derive(papers: list[Paper], vocab: Vocabulary, digests: dict[str, str] | None = None,
           names: NameFacts | None = None, people: bool = True,
           groups: dict[str, dict[str, Group]] | None = None) -> Catalog:
    """Group the papers. `names`: what the last build worked out of author names (people.NameFacts).
    Without `people`, no author's group: `with_people` adds them (a build starts its search index,
    which needs none, before making them). `groups`: the groups already made, by Catalog field (the
    last build's, kept_groups.py; or `regrouped`'s)."""
    if groups is None:
        groups = {kind: make(papers) for kind, (make, _) in _makers(vocab).items()}
    catalog = Catalog(papers={p.slug: p for p in papers}, digests=digests or {}, venue_urls=_venue_urls(vocab),
                      **groups)
    return with_people(catalog, names) if people and "people" not in groups else catalog


def regrouped(papers: list[Paper], vocab: Vocabulary, digests: dict[str, str],
              groups: dict[str, dict[str, Group]], changed: set[str]) -> Catalog:
    """`derive`'s catalog without the authors' groups (`with_people`), from `groups`, which it made
    of the last build's papers, when only the papers `changed` (added, removed, or with other
    grouping facts: kept_groups.py) differ: only the groups holding those papers, before or after,
    are made again (groups.regroup)."""
    by_slug = {p.slug: p for p in papers}
    made = {kind: regroup(groups[kind], by_slug, changed, make, order)
            for kind, (make, order) in _makers(vocab).items()}
    return derive(papers, vocab, digests, people=False, groups=made)


def _makers(vocab: Vocabulary) -> dict[str, tuple[Maker, Order]]:
    """Each Catalog field's groups but the authors': how they are made from papers (groups.py), and
    their order."""
    return {"tags": (lambda papers: tag_groups(papers, vocab.tags), tag_order(vocab.tags)),
            "topics": (lambda papers: topic_groups(papers, vocab.topics), topic_order(vocab.topics)),
            "authors": (author_groups, author_order),
            "years": (year_groups, year_order),
            "venues": (venue_groups, venue_order),
            "venue_years": (venue_year_groups, venue_year_order)}


def _venue_urls(vocab: Vocabulary) -> dict[str, str]:
    return {slug: v.url for slug, v in (vocab.venues or NO_VENUES).venues.items() if v.url}


def with_people(catalog: Catalog, names: NameFacts | None = None, before: dict[str, Group] | None = None,
                changed: set[str] | None = None) -> Catalog:
    """`catalog` with one group per author (groups.person_groups): from `before`, the last build's,
    when given, made again only where the papers `changed` (as `regrouped`)."""
    names = names or NameFacts()

    def make(papers: list[Paper]) -> dict[str, Group]:
        return person_groups(papers, urls.RESERVED_PEOPLE, names)

    if before is None:
        return replace(catalog, people=make(list(catalog.papers.values())))
    return replace(catalog, people=regroup(before, catalog.papers, changed or set(), make, person_order(names),
                                           lambda g: g.label, sharing_slugs(names)))


def read_chunk(given: dict, paths: list[str]) -> list:
    return [read_entry(Path(p), given["vocab"]) for p in paths]


def read_entry(path: Path, vocab: Vocabulary) -> tuple[str, str, Paper | None, list[Problem]]:
    """Parse, validate and tag one entry file: (name, size:mtime, paper or None, problems)."""
    try:
        data = path.read_bytes()
        st = os.stat(path)
    except OSError as e:  # (unreadable: reported with the other entries' problems)
        return path.name, "", None, [read_problem(path, e)]
    stamp = f"{st.st_size}:{st.st_mtime_ns}"
    try:
        entry = decode_entry(data, path)
    except PapercatError as e:
        return path.name, stamp, None, e.problems
    v, found = check_entry(entry, set(vocab.tags), set(vocab.topics))
    if found:
        return path.name, stamp, None, found
    # Tags and topics come from the title and the abstract only: a curator's notes add none.
    tags, topics = paper_taxonomy(v["title"], entry.abstract, v.get("tags", ()), v.get("tags_exclude", ()),
                                  v.get("topics", ()), vocab)
    # `NIPS 2017` is shown as `NeurIPS 2017`; a venue venues.yml does not list stays as written.
    venue, listed = (vocab.venues or NO_VENUES).resolved(v["venue"], int(v["date"][:4]) if v.get("date") else None) \
        if v.get("venue") else (None, None)
    authors, et_al = v.get("authors", ()), False
    if authors and is_et_al(authors[-1]):  # (`- others` ends a list that names the first authors only)
        authors, et_al = authors[:-1], True
    paper = Paper(
        slug=v["slug"], title=untex(v["title"]), body=entry.body, path=str(entry.path), bibkey=v.get("bibkey"),
        title_derived=v.get("title_derived", False), arxiv=v.get("arxiv"), arxiv_category=v.get("arxiv_category"),
        doi=v.get("doi"), date=v.get("date"), added=v.get("added"), authors=authors, et_al=et_al,
        # A whole list of names is the count: a count written beside it (from an older listing) gives way.
        authors_count=len(authors) if authors and not et_al else v.get("authors_count"), organization=v.get("organization"), upvotes=v.get("upvotes"),
        venue=venue, venue_slug=listed and listed.slug, venue_kind=listed and listed.kind,
        venue_full=listed and listed.full_name, type=v.get("type"), publisher=v.get("publisher"), volume=v.get("volume"),
        series=v.get("series"), editors=tuple(v.get("editors", ())),
        issue=v.get("issue"), page_range=v.get("page_range"), pages=v.get("pages"),
        figures=v.get("figures"), comments=v.get("comments"),
        links=v.get("links", ()), tags=tuple(tags), topics=tuple(topics), sources=v.get("sources", ()),
        draft_reasons=draft_reasons(v.get("draft", False), v["title"], entry.abstract),
        distinct_from=tuple(v.get("distinct_from", ())))
    return path.name, stamp, paper, []


_TUPLES = ("authors", "tags", "topics", "sources", "draft_reasons", "distinct_from", "editors")
_FIELDS = frozenset(f.name for f in fields(Paper))


def paper_from_data(d: dict) -> Paper:
    """A Paper from `asdict` as JSON gave it back (lists where the Paper has tuples), taking over
    `d`; a row with other keys is refused (ValueError)."""
    if d.keys() != _FIELDS:
        raise ValueError(f"not a paper's fields: {sorted(d.keys() ^ _FIELDS)}")
    for key in _TUPLES:
        d[key] = tuple(d[key])
    d["links"] = tuple(map(tuple, d["links"]))
    return restored(Paper, d)
