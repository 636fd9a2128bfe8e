"""Catalog -> the list of pages to render: which template, at which URL, with which objects.

Pure: no Jinja, no files. Each page gets explicit objects, never a shared mutable context."""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from generator import chunks, urls
from generator.charts import Bar, bar_chart, column_chart
from generator.cite import bibtex, citation_meta, cited_abstract, json_ld, keywords
from generator.config import Config
from generator.groups import all_related, by_added, by_upvotes, venue_year
from generator.markup import has_math, math_as_text, plain_text, readable_text
from generator.model import Catalog, Group, Paper
from generator.people import OTHER, initial, person
from generator.plural import counted
from generator.store import digest
from generator.vocabulary import OTHER as OTHER_TOPIC

KIND_NAMES = {"tag": ("Tag", "Tags"), "topic": ("Topic", "Topics"), "authors": ("Author count", "Author counts"),
              "person": ("Author", "Authors"), "year": ("Year", "Years"), "all": ("All papers", "All papers"),
              "venue": ("Venue", "Venues"), "venue-year": ("Venue", "Venues")}
VENUE_KINDS = {"conference": "Conferences", "journal": "Journals", "workshop": "Workshops"}


class Ref(NamedTuple):
    """A link to a group by key and label: what a paper page shows of its tags and topics, and
    all its digest depends on (not on who else is in the group)."""

    key: str
    label: str


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    urls: tuple[str, ...]  # URL of every page, 1-based order

    @property
    def prev(self) -> str | None:
        return self.urls[self.page - 2] if self.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.page] if self.page < self.pages else None

    def window(self, around: int = 3) -> list[tuple[int, str] | None]:
        """Page numbers to link: the first, the last and `around` either side of this one, with
        None where numbers are left out. Linking all of them made every page of a 200-page list
        carry 200 links (and rendering them was a fifth of a 10,000-paper build)."""
        shown = sorted({1, self.pages, *range(max(1, self.page - around), min(self.pages, self.page + around) + 1)})
        out: list[tuple[int, str] | None] = []
        for n in shown:
            if out and out[-1] is not None and n - out[-1][0] > 1:
                out.append(None)
            out.append((n, self.urls[n - 1]))
        return out


SNIPPET_CHARS = 240  # as long as the search results' excerpts (EXCERPT in search.js)


def snippet(p: Paper) -> str:
    """What a list item shows of the abstract."""
    return plain_text(p.abstract, SNIPPET_CHARS)


def math_papers(papers: list[Paper]) -> frozenset[str]:
    """Slugs of the papers whose list item (title and snippet) holds math: only pages that show
    math load KaTeX (its CSS, fonts and scripts are most of a page's weight). Worked out once per
    build: a paper is in a dozen lists, and most texts have no `$` or `\\` to look at twice."""
    return frozenset(p.slug for p in papers if ("$" in p.title or "\\" in p.title or "$" in p.body or "\\" in p.body)
                     and (has_math(p.title) or has_math(snippet(p))))


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    description: str = ""
    # What the page shows, for its digest, when that is much smaller than the context: papers and
    # groups stand for themselves, everything else derives from them and the site settings.
    deps: tuple | None = None
    # More context that derives from `deps` alone (and may hold the description), made only when the
    # page is rendered: every build plans every page, but most builds render few of them.
    lazy: Callable[[], dict] | None = None
    # The URL this page defers to in search engines (a list in another order: its default order),
    # None for itself. Such pages stay out of the sitemap.
    canonical: str | None = None


@dataclass(frozen=True)
class Unit:
    """Pages made from `deps` alone: one group's list pages, the authors' A–Z index, a run of paper
    pages, or a run of authors' units (`plan` may give units). A build whose last build planned a
    unit with the same deps takes those pages' digests (and sitemap dates) from it without planning
    them again (plan.plan_outputs): at 10,000 papers 20,000 authors and 10,000 papers have pages,
    and an edit changes a few."""

    deps: tuple
    plan: Callable[[], list[Page | Unit]]


def _paper_page(p: Paper, catalog: Catalog, related_slugs: list[str], cfg: Config, with_math: frozenset[str],
                tag_refs: dict[str, Ref], topic_refs: dict[str, Ref], person_refs: dict[str, Ref]) -> Page:
    url = urls.paper(p.slug)
    ctx = {
        "paper": p,
        "tags": [tag_refs[t] for t in p.tags if t in tag_refs],
        "topics": [topic_refs[t] for t in p.topics if t in topic_refs],
        "people": [person_refs[person(a)] for a in p.authors],  # (their slugs depend on other papers' names)
        "related": [catalog.papers[s] for s in related_slugs],
        "venue_url": venue_url(p, catalog),
    }
    deps = (p, *ctx["related"], *ctx["tags"], *ctx["topics"], ctx["venue_url"], *ctx["people"])
    return Page(url, "paper.html", math_as_text(p.title), ctx, "", deps, partial(_paper_extras, p, cfg.absolute(url), ctx, with_math))


PAPERS_PER_UNIT = 256  # paper pages planned together (see `_paper_units`)


def _paper_units(papers: list[Paper], catalog: Catalog, related_slugs: dict[str, list[str]], cfg: Config,
                 with_math: frozenset[str], tag_refs: dict[str, Ref], topic_refs: dict[str, Ref],
                 person_refs: dict[str, Ref]) -> list[Unit]:
    """The paper pages in runs of about `PAPERS_PER_UNIT` (papers by a hash of their slug, in catalog
    order within a run), each run a unit. A run's deps cover what each of its pages shows, more
    coarsely and so more cheaply: its papers and each one's related papers, every tag's and topic's
    label, the venues that have a page per year, and every author's page (as one digest of the
    name -> page table). Planning every paper's page took a third of an edit's planning at 10,000
    papers; a run with the same deps is taken as the last build planned it."""
    venue_years = tuple(catalog.venue_years)
    people = _people_key(person_refs)
    runs: list[list[Paper]] = [[] for _ in range(max(1, math.ceil(len(papers) / PAPERS_PER_UNIT)))]
    for p in papers:  # (by a hash of the slug: an added paper changes its own run, not every later one)
        runs[zlib.crc32(p.slug.encode()) % len(runs)].append(p)
    units = []
    for run in runs:
        related = [tuple(catalog.papers[s] for s in related_slugs[p.slug]) for p in run]  # (each its own list)
        deps = (*run, *related, *tag_refs.values(), *topic_refs.values(), venue_years, people)
        units.append(Unit(deps, partial(_paper_pages, run, catalog, related_slugs, cfg, with_math, tag_refs,
                                        topic_refs, person_refs)))
    return units


def _people_key(person_refs: dict[str, Ref]) -> str:
    """Every author's name and page, digested once as one string: as Refs in every run's deps, 20,000
    of them would be digested again for each of 40 runs at 10,000 papers."""
    return digest("\0".join(f"{name}\0{ref.key}" for name, ref in person_refs.items()))


def _paper_pages(run: list[Paper], catalog: Catalog, related_slugs: dict[str, list[str]], cfg: Config,
                 with_math: frozenset[str], tag_refs: dict[str, Ref], topic_refs: dict[str, Ref],
                 person_refs: dict[str, Ref]) -> list[Page]:
    return [_paper_page(p, catalog, related_slugs[p.slug], cfg, with_math, tag_refs, topic_refs, person_refs)
            for p in run]


def venue_url(p: Paper, catalog: Catalog) -> str | None:
    """Where a paper's venue links: its venue-year page, else its venue's page; None for a venue
    venues.yml does not list."""
    if not p.venue_slug:
        return None
    key = f"{p.venue_slug}/{venue_year(p)}"
    return urls.group("venue-year", key) if key in catalog.venue_years else urls.group("venue", p.venue_slug)


def _paper_extras(p: Paper, url: str | None, ctx: dict, with_math: frozenset[str]) -> dict:
    """What a paper page shows that derives from its deps alone (made when the page is rendered):
    its tag chips, whether it shows math, and its citation data."""
    labels = keywords([(r.key, r.label) for r in (*ctx["tags"], *ctx["topics"])])
    return {**_citation(p, url, labels), "tag_chips": tag_chips(ctx["tags"], ctx["topics"]),
            "comments": p.comments if says_more(p) else None,
            "math": p.slug in with_math or has_math(p.body) or not with_math.isdisjoint(r.slug for r in ctx["related"])}


_LENGTH = re.compile(r"\b\d+\s*(?:pages?|pp\.?|figures?|figs?\.?)|[\s,;.+()]", re.IGNORECASE)


def says_more(p: Paper) -> bool:
    """Does the paper's arXiv comment say more than the length its page shows under Length (`15
    pages, 5 figures` was shown twice)?"""
    return bool(p.comments and (not (p.pages or p.figures) or _LENGTH.sub("", p.comments)))


def tag_chips(tags: list[Ref], topics: list[Ref]) -> list[Ref]:
    """The tags a paper shows as chips: those whose label does not repeat one of its topics' labels
    (a paper in the topic "Knowledge distillation" and with the tag "Knowledge distillation" shows
    it once, as the topic). The citation data keep every tag."""
    shown = {t.label.casefold() for t in topics}
    return [t for t in tags if t.label.casefold() not in shown]


def _citation(p: Paper, url: str | None, keywords: list[str]) -> dict:
    """A paper page's description and citation data (from the paper, its full URL, None when the
    site URL is unknown, and its tag and topic labels)."""
    abstract = cited_abstract(p)
    return {"description": readable_text(abstract, 200), "bibtex": bibtex(p, url).rstrip("\n"),
            "citation_meta": citation_meta(p, abstract, keywords), "json_ld": json_ld(p, url, abstract, keywords)}


# The orders a list can be read in, by URL name, with their labels (list.html). A new order is one
# more entry here and one more line in `_sorts`; its URLs, digests and sort links follow.
SORT_LABELS = {"added": "recently added", "newest": "newest", "upvotes": "most upvoted"}


@dataclass(frozen=True)
class Orders:
    """Every paper's place in each order but newest first (the catalog's own), worked out once per
    build: a group's slugs are then sorted by those places in C, where sorting a hundred groups'
    papers with Python keys took a tenth of planning at 10,000 papers. Groups list their papers
    newest first, so ties keep that order, as `by_added` and `by_upvotes` do."""

    added: dict[str, int] | None  # None when recently added is newest first
    upvotes: dict[str, int]
    voted: frozenset[str]  # papers with upvotes
    keys: dict[str, int]  # where list pages may end (chunks.key_of)

    @classmethod
    def of(cls, papers: list[Paper], added: list[Paper]) -> Orders:
        """`added`: by_added(papers)."""
        return cls(None if added == papers else {p.slug: i for i, p in enumerate(added)},
                   {p.slug: i for i, p in enumerate(by_upvotes(papers))},
                   frozenset(p.slug for p in papers if p.upvotes is not None),
                   {p.slug: chunks.key_of(p.slug) for p in papers})


def _sorts(slugs: tuple[str, ...], papers: dict[str, Paper], orders: Orders) -> dict[str, list[Paper]]:
    """A group's papers (`slugs`, newest first) in each order that makes sense for them: recently
    added first (the default: an old paper added today is news to the reader), newest first when
    that is another order, and the papers with upvotes, most upvoted first, when any has them."""
    get = papers.__getitem__
    newest = list(map(get, slugs))
    if orders.added is None:
        sorts = {"added": newest}
    else:
        sorts = {"added": list(map(get, sorted(slugs, key=orders.added.__getitem__)))}
        if sorts["added"] != newest:
            sorts["newest"] = newest
    voted = orders.voted.intersection(slugs)
    if voted:  # (only papers with upvotes: the others, after them by date, repeated the newest order)
        sorts["upvotes"] = list(map(get, sorted(voted, key=orders.upvotes.__getitem__)))
    return sorts


def sort_labels(sorts: dict[str, list[Paper]]) -> dict[str, str]:
    """What each of a list's orders is called: recently added first is called newest first where it
    is that (papers added on one day, or with no day: "recently added" beside "most upvoted" then
    promised an order the list did not have)."""
    if "added" in sorts and "newest" not in sorts:
        return {**SORT_LABELS, "added": SORT_LABELS["newest"]}
    return SORT_LABELS


def _list_pages(kind: str, group: Group, catalog: Catalog, orders: Orders, cfg: Config,
                with_math: frozenset[str], extra: dict | None = None) -> list[Page]:
    """A group's papers, paginated, in every order `_sorts` gives; an author's newest first only (most
    authors have a paper or two, and there are more of them than of any other group).

    Pages stay put when a paper comes or goes: they end where their papers' slugs say (about
    `per_page` papers a page, chunks.runs), and only the first page shows what every paper changes
    (the list's total, a topic's subtopics and a venue's years with their counts). Cut every
    `per_page` papers, with the total on each page, one paper added to a 10,000-paper catalog
    changed every page of every list it joined (650 pages)."""
    if kind == "person":
        sorts = {"newest": list(map(catalog.papers.__getitem__, group.papers))}
    else:
        sorts = _sorts(group.papers, catalog.papers, orders)
    total = len(group.papers)
    labels = sort_labels(sorts)
    extra = extra or {}
    first_only = {k: extra[k] for k in ("children",) if k in extra}
    every = {k: v for k, v in extra.items() if k not in first_only}
    shown = Ref(group.key, group.label)  # (what a page shows of the group itself, with its description)
    out = []
    # (A list in one order only is at the group's own URL, whichever order that is.)
    at = (lambda s: s) if len(sorts) > 1 else (lambda s: urls.SORTS[0])
    sort_urls = {s: urls.group(kind, group.key, 1, at(s)) for s in sorts}
    for sort, ordered in sorts.items():
        parts = chunks.cut(ordered, chunks.runs(map(orders.keys.__getitem__, (p.slug for p in ordered)),
                                                cfg.per_page)) or [[]]
        n_pages = len(parts)
        page_urls = tuple(urls.group(kind, group.key, i, at(sort)) for i in range(1, n_pages + 1))
        for i, chunk in enumerate(parts):
            title = group.label if kind == "all" else f"{KIND_NAMES[kind][0]}: {group.label}"
            if at(sort) != urls.SORTS[0]:  # (a tab's title and a bookmark tell the orders apart)
                title += f", {SORT_LABELS[sort]} first"
            if i:
                title += f" (page {i + 1})"
            ctx = {"kind": kind, "group": group, "papers": chunk, "pager": Pager(i + 1, n_pages, page_urls),
                   "sort": sort, "sort_urls": sort_urls, "sort_labels": labels, **every,
                   **({k: [] for k in first_only} if i else {"total": total, "shown": len(ordered), **first_only})}
            if sort == "upvotes":  # (pages of a list by votes are not newer or older than each other)
                ctx["pager_labels"] = ("← Previous", "Next →")
            deps = (kind, shown, group.description, sort, i, n_pages, *chunk, *sorts, *every.values(),
                    *((total, len(ordered), *first_only.values(), *first_only.get("children", ())) if not i else ()))
            count = counted(total, "paper") if not i else f"Page {i + 1} of {n_pages}"
            description = count + (f" — {group.description}" if group.description else "")
            out.append(Page(page_urls[i], "list.html", title, ctx, description, deps, partial(_shows_math, chunk, with_math),
                            canonical=None if at(sort) == urls.SORTS[0] else urls.group(kind, group.key)))
    return out


def _shows_math(papers: list[Paper], with_math: frozenset[str]) -> dict:
    return {"math": not with_math.isdisjoint(p.slug for p in papers)}


PEOPLE_PER_PAGE = 500  # names on a page of the A–Z index (a name is a link and a count: about 50 KB a page)
PROLIFIC = 20  # the authors with the most papers, on the A–Z index's first page


def _list_unit(kind: str, group: Group, catalog: Catalog, orders: Orders, cfg: Config,
               with_math: frozenset[str], extra: dict | None = None) -> Unit:
    """A group's list pages as a unit: they show its papers in the orders `_sorts` gives, which
    depend on those papers alone (`Orders` only spares sorting with Python keys), and `extra`."""
    extra = extra or {}
    deps = (kind, group, *map(catalog.papers.__getitem__, group.papers), *extra.values(),
            *extra.get("children", ()))
    return Unit(deps, partial(_list_pages, kind, group, catalog, orders, cfg, with_math, extra))


PEOPLE_PER_UNIT = 256  # authors' list units planned together (see `_people_units`)


def _people_units(catalog: Catalog, orders: Orders, cfg: Config, with_math: frozenset[str]) -> list[Unit]:
    """The authors' list units, in A–Z runs of `PEOPLE_PER_UNIT`, each run itself a unit: one digest of
    a run's authors and their papers stands for all of them when none changed. Each of 20,000 authors'
    units took 25 µs to check even when unchanged, half the planning of an edit at 10,000 papers."""
    people = list(catalog.people.values())
    runs = []
    for start in range(0, len(people), PEOPLE_PER_UNIT):
        run = people[start:start + PEOPLE_PER_UNIT]
        deps = (*run, *[catalog.papers[slug] for g in run for slug in g.papers])
        runs.append(Unit(deps, partial(_person_units, run, catalog, orders, cfg, with_math)))
    return runs


def _person_units(run: list[Group], catalog: Catalog, orders: Orders, cfg: Config,
                  with_math: frozenset[str]) -> list[Unit]:
    return [_list_unit("person", g, catalog, orders, cfg, with_math) for g in run]


def people_index(catalog: Catalog) -> list[Page]:
    """The authors A–Z: `people/` links the letters and lists the most prolific authors; each
    letter has its own pages (`people/k/`, `people/other/`), in catalog.people's order.

    Pages per letter, not one long paginated list: a new name then shifts only the later pages of
    its own letter, not every page after it (at 100,000 papers there are some 200,000 names). A
    page's deps are what it shows: its rows, and the letters that have pages."""
    by_letter: dict[str, list[tuple[str, str, int]]] = {}
    for g in catalog.people.values():
        by_letter.setdefault(initial(g.filed_as), []).append((g.key, g.label, len(g.papers)))
    keys = {letter: "other" if letter == OTHER else letter.lower() for letter in by_letter}
    letters = tuple((letter, urls.people_letter(keys[letter]) if letter in by_letter else None)
                    for letter in (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", OTHER) if letter != OTHER or letter in by_letter)
    prolific = tuple(sorted((row for rows in by_letter.values() for row in rows), key=lambda r: -r[2])[:PROLIFIC])
    pages = [Page(urls.group_index("person"), "people.html", "Authors",
                  {"letters": letters, "prolific": prolific, "total": len(catalog.people)},
                  f"{len(catalog.people)} authors, A–Z by family name")]
    for letter, rows in by_letter.items():
        n_pages = math.ceil(len(rows) / PEOPLE_PER_PAGE)
        page_urls = tuple(urls.people_letter(keys[letter], i) for i in range(1, n_pages + 1))
        label = "Other scripts" if letter == OTHER else letter
        for i in range(n_pages):
            chunk = tuple(rows[i * PEOPLE_PER_PAGE:(i + 1) * PEOPLE_PER_PAGE])
            ctx = {"letter": letter, "label": label, "rows": chunk, "letters": letters, "total": len(rows),
                   "pager": Pager(i + 1, n_pages, page_urls), "pager_labels": ("← Previous", "Next →")}
            title = f"Authors: {label}" + (f" (page {i + 1})" if i else "")
            pages.append(Page(page_urls[i], "people_letter.html", title, ctx,
                              f"{len(rows)} authors under {label}", (letter, chunk, letters, len(rows), i, n_pages)))
    return pages


def related_papers(catalog: Catalog, limit: int, memo: dict | None = None) -> dict[str, list[str]]:
    """Every paper's related papers (slugs); `memo`, kept by the caller between builds, spares
    rescoring papers whose related papers cannot have changed (see `all_related`). Not through the
    catch-all topic, which says only that no topic claimed them: a paper with no tag and that topic
    alone was "related" to the newest papers nothing else linked it to (DQN to GPT-4 and Gemini)."""
    return all_related(catalog.papers, {k: g.papers for k, g in catalog.tags.items()},
                       {k: g.papers for k, g in catalog.topics.items() if k != OTHER_TOPIC}, limit, memo)


def plan_pages(catalog: Catalog, cfg: Config, related_memo: dict | None = None) -> list[Page | Unit]:
    papers = list(catalog.papers.values())
    related_slugs = related_papers(catalog, cfg.related, related_memo)
    with_math = math_papers(papers)
    charts = _Charts.of(catalog, cfg.base_path)
    added = by_added(papers)
    pages: list[Page | Unit] = [_home(catalog, cfg, papers, added, with_math, charts)]
    # One Ref per group, shared by every page that links to it (page digests meet each object once).
    tag_refs = {k: Ref(k, g.label) for k, g in catalog.tags.items()}
    topic_refs = {k: Ref(k, g.label) for k, g in catalog.topics.items()}
    person_refs = {g.label: Ref(k, g.label) for k, g in catalog.people.items()}
    pages += _paper_units(papers, catalog, related_slugs, cfg, with_math, tag_refs, topic_refs, person_refs)
    pages += _group_units(catalog, cfg, Orders.of(papers, added), with_math)
    pages += _index_pages(catalog, papers, charts)
    return pages


@dataclass(frozen=True)
class _Charts:
    """The bars the home page and the group indexes chart."""

    years: list[Bar]
    author_counts: list[Bar]
    # Papers with an organisation or no author count at all (three in four of the shipped catalog)
    # get a chart of their own beside: on one scale with the counts, they squashed every count bar.
    other_authors: list[Bar]
    top_topics: list[Group]
    topics: list[Bar]  # the top-level topics', most papers first

    @classmethod
    def of(cls, catalog: Catalog, base: str) -> _Charts:
        def bar(kind: str, g: Group) -> Bar:
            return Bar(g.label, len(g.papers), base + urls.group(kind, g.key))

        top = [g for g in catalog.topics.values() if g.parent is None]
        return cls([bar("year", g) for _, g in sorted(catalog.years.items())],
                   [bar("authors", g) for k, g in catalog.authors.items() if k.isdigit()],
                   [bar("authors", g) for k, g in catalog.authors.items() if not k.isdigit()],
                   top, [bar("topic", g) for g in sorted(top, key=lambda g: -len(g.papers))])


def _home(catalog: Catalog, cfg: Config, papers: list[Paper], added: list[Paper], with_math: set[str],
          charts: _Charts) -> Page:
    recent = added[:cfg.newest_on_home]
    return Page(urls.HOME, "home.html", cfg.title, {
        "recent": recent,
        "recent_heading": "Newest" if added == papers else "Recently added",  # (one day for all, or none)
        "math": any(p.slug in with_math for p in recent),
        "year_chart": column_chart(charts.years, "Papers per year"),
        "topic_chart": bar_chart(charts.topics, "Papers per topic", label_width=250),
        "undated": sum(1 for p in papers if not p.date),
        "counts": {"papers": len(papers), "tags": len(catalog.tags), "topics": len(catalog.topics),
                   "years": len(catalog.years), "people": len(catalog.people), "venues": len(catalog.venues)},
        "top_topics": charts.top_topics,
    }, cfg.description)


def _group_units(catalog: Catalog, cfg: Config, orders: Orders, with_math: set[str]) -> list[Unit]:
    """Every group's list pages: all papers, tags, topics, author counts, authors, years, venues and
    venue-years."""
    units = [_list_unit("all", Group("all", "", "All papers", tuple(catalog.papers)), catalog, orders, cfg,
                        with_math)]
    for kind, groups in (("tag", catalog.tags), ("topic", catalog.topics), ("authors", catalog.authors)):
        for g in groups.values():
            extra = {}
            if kind == "topic":
                parent = catalog.topics.get(g.parent) if g.parent else None  # (by Ref: its name, not its papers)
                extra = {"parent": Ref(parent.key, parent.label) if parent else None,
                         "children": [catalog.topics[c] for c in g.children], "feed": urls.feed(g.key)}
            elif kind == "tag":
                extra = {"feed": urls.feed(g.key, "tag")}
            units.append(_list_unit(kind, g, catalog, orders, cfg, with_math, extra))
    units += _people_units(catalog, orders, cfg, with_math)
    units += [_list_unit("year", g, catalog, orders, cfg, with_math) for g in catalog.years.values()]
    for g in catalog.venues.values():  # a venue's page links its years; a year's page its venue
        units.append(_list_unit("venue", g, catalog, orders, cfg, with_math,
                                {"children": [catalog.venue_years[k] for k in g.children],
                                 "venue_url": catalog.venue_urls.get(g.key, "")}))
    for g in catalog.venue_years.values():
        parent = catalog.venues[g.parent]  # (by Ref: a year's page shows its venue's name, not its papers)
        units.append(_list_unit("venue-year", g, catalog, orders, cfg, with_math,
                                {"parent": Ref(parent.key, parent.label)}))
    return units


def _index_pages(catalog: Catalog, papers: list[Paper], charts: _Charts) -> list[Page | Unit]:
    """The indexes of tags, topics, author counts, authors, years and venues; search; the 404 page."""
    pages: list[Page | Unit] = [Page(urls.group_index("tag"), "tags.html", "Tags",
                                     {"tags": list(catalog.tags.values())},
                                     f"All {len(catalog.tags)} tags with their paper counts")]
    pages.append(Page(urls.group_index("topic"), "topics.html", "Topics", {
        "roots": charts.top_topics, "topics": catalog.topics,
        "chart": bar_chart(charts.topics, "Papers per top-level topic", label_width=250)},
        "Topics as a tree"))
    pages.append(Page(urls.group_index("authors"), "authors.html", "Papers by number of authors", {
        "groups": list(catalog.authors.values()),
        "chart": bar_chart(charts.author_counts, "Papers per author count", label_width=110),
        "other_chart": bar_chart(charts.other_authors, "Papers without an author count", label_width=110),
        "people": bool(catalog.people)},  # (a link to the A–Z index, when there is one)
        "Papers grouped by how many authors they have"))
    if catalog.people:  # (without a single author's name, an A–Z index would be an empty page)
        pages.append(Unit(tuple(catalog.people.values()), partial(people_index, catalog)))
    pages.append(Page(urls.group_index("year"), "years.html", "Years", {
        "groups": list(catalog.years.values()), "chart": column_chart(charts.years, "Papers per year"),
        "undated": sum(1 for p in papers if not p.date)},
        "Papers per year"))
    venue_kinds = {k: [] for k in VENUE_KINDS}
    for g in catalog.venues.values():
        venue_kinds[catalog.papers[g.papers[0]].venue_kind].append(g)
    pages.append(Page(urls.group_index("venue"), "venues.html", "Venues", {
        "kinds": [(VENUE_KINDS[k], gs) for k, gs in venue_kinds.items() if gs], "years": catalog.venue_years},
        "Papers by conference, journal and workshop",
        deps=(*catalog.venues.values(), *catalog.venue_years.values(),
              *[catalog.papers[g.papers[0]].venue_kind for g in catalog.venues.values()])))
    # (What the search box offers to find: a catalog whose entries name no author has no `author:`.)
    pages.append(Page(urls.SEARCH, "search.html", "Search", {
        "authors": any(p.authors for p in papers), "venues": bool(catalog.venues)},
        "Search the catalog"))
    pages.append(Page(urls.NOT_FOUND, "404.html", "Page not found", {}, ""))
    return pages
