"""Catalog -> every output of the site, each with a path, a digest of what it is made from, and
how to make it: a page to render, bytes already made (feeds, sitemap, static files), or the
search index (several files made together, under one path prefix).

An output whose digest is the one the last build recorded is not made again (state.diff), so a
digest must cover everything the output's bytes depend on: papercat's code, the templates, the
site settings (`look_key`) and the page's own objects (`Page.deps`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from generator import artwork, exports, urls
from generator.config import Config
from generator.errors import PapercatError, Problem
from generator.feeds import robots, sitemap_paths, sitemaps
from generator.model import Catalog, Group, Paper, paper_digest
from generator.pages import Page, Ref, Unit, plan_pages
from generator.render import Site
from generator.store import code_version, digest
from generator.syndication import site_feeds
from generator.theme import Theme

SEARCH = "search/"  # the search index's files, made together (search_index.search_files)


@dataclass
class Output:
    """One file (or, with `group`, files) of the site. One with no page, data or make is made
    elsewhere: the citation files (`citation_outputs`), beside the search index."""

    path: str
    digest: str
    page: Page | None = None
    data: bytes | None = None
    group: bool = False  # several files under `path`, made together (the search index)
    make: Callable[[], bytes] | None = None  # bytes made only when the output changed (images)


@dataclass
class Planned:
    outputs: list[Output]
    # What the next build may take without planning again (pages.Unit): unit digest -> its pages'
    # [URL, listed in the sitemap, sitemap date or None]. Their digests are in the state beside it.
    units: dict[str, list[list]]


def plan_outputs(catalog: Catalog, cfg: Config, theme: Theme, site: Site, look: str,
                 related_memo: dict | None = None, ids: dict[int, str] | None = None,
                 before: tuple[dict[str, list[list]], dict[str, str]] | None = None,
                 made: Callable[[Output], Output] | None = None,
                 progress: Callable[[Iterable, int, str], Iterable] | None = None) -> Planned:
    """Every page and file of the site but the search index and the citation files (`search_output`,
    `citation_outputs`: made on a worker of their own, known before planning). `ids`: object_ids.
    `before`: the last build's units and output digests (state.State), for the units planned the
    same way again. `made`: given each page's output as soon as it is planned (to render it there
    and then), it returns what is kept of it, so that a build rendering in one process never holds
    every page at once (at 100,000 papers they were a third of its memory). `progress` shows the
    page plan's items as they are planned."""
    ids = ids if ids is not None else object_ids(catalog)
    plan = _Plan(look, ids, before, made)
    items = plan_pages(catalog, cfg, related_memo)
    items.reverse()  # (taken from the end, each let go once planned)
    for item in (progress or _quiet)((items.pop() for _ in range(len(items))), len(items), "rendering"):
        plan(item)
    outputs, units, listed = plan.outputs, plan.units, plan.listed

    def add(path: str, data: bytes) -> None:
        outputs.append(Output(path, digest(data), data=data))

    def lazy(path: str, key: str, make: Callable[[], bytes]) -> None:
        """An output made only when its digest changed; XML is checked as it is made."""
        checked = (lambda: well_formed(path, make())) if path.endswith((".xml", ".opml")) else make
        outputs.append(Output(path, key, make=checked))

    for path, key, make in site_feeds(catalog, cfg, ids):  # (most builds change none of them)
        lazy(path, key, make)
    if cfg.site_url:  # (a sitemap and its robots.txt line require full URLs)
        key = digest(code_version(), cfg.site_url, *[u + " " + (m or "") for u, m in listed])
        made: dict[str, str] = {}

        def sitemap(path: str) -> bytes:  # (all of its files are made at once, the first time one is wanted)
            if not made:
                made.update(sitemaps(cfg.site_url, listed, urls.SITEMAP))
            return made[path].encode()

        for path in sitemap_paths(len(listed), urls.SITEMAP):
            lazy(path, key, partial(sitemap, path))
    add(urls.ROBOTS, robots(cfg.absolute(urls.SITEMAP)).encode())
    for rel, path in theme.static().items():
        add(rel, path.read_bytes())
    card = digest(code_version(), cfg.title, cfg.description)
    outputs += [Output(artwork.SOCIAL, card, make=lambda: artwork.social_card(cfg.title, cfg.description)),
                Output(artwork.FAVICON, digest(code_version(), "favicon"), make=artwork.favicon)]
    return Planned(outputs, units)


def _quiet(it: Iterable, total: int, desc: str) -> Iterable:
    return it


@dataclass
class _Plan:
    """Planning in progress: each item of the page plan into `outputs`, its unit's pages into
    `units` and its sitemap pages into `listed`, in order."""

    look: str
    ids: dict[int, str]
    before: tuple[dict[str, list[list]], dict[str, str]] | None
    made: Callable[[Output], Output] | None
    outputs: list[Output] = field(default_factory=list)
    units: dict[str, list[list]] = field(default_factory=dict)
    listed: list[tuple[str, str | None]] = field(default_factory=list)  # the sitemap's pages and dates
    alive: list = field(default_factory=list)  # (see `_canonical`)

    def __call__(self, item: Page | Unit) -> list[list]:
        """Plan one item: a page; or a unit (whose parts may be units), taken as the last build
        planned it when its deps are the same, else planned part by part. Returns its pages' [URL,
        listed in the sitemap, sitemap date]."""
        if isinstance(item, Page):
            head = (item.template, item.url, item.title, item.description, item.canonical)
            deps = item.deps if item.deps is not None else item.context
            key = digest(self.look, repr(head), _canonical(deps, self.ids, self.alive))
            out = Output(urls.output_path(item.url), key, page=item)
            self.outputs.append(self.made(out) if self.made is not None else out)
            shown, lastmod = _in_sitemap(item), _lastmod(item)
            if shown:
                self.listed.append((item.url, lastmod))
            return [[item.url, shown, lastmod]]
        key = digest(self.look, _canonical(item.deps, self.ids, self.alive))
        kept = _kept(self.before, key)
        if kept is not None:
            self.outputs += kept
            self.listed += [(url, lastmod) for url, shown, lastmod in self.before[0][key] if shown]
            self.units[key] = self.before[0][key]
            return self.units[key]
        pages: list[list] = []
        for part in item.plan():
            pages += self(part)
        self.units[key] = pages
        return pages


def _kept(before: tuple[dict[str, list[list]], dict[str, str]] | None, key: str) -> list[Output] | None:
    """A unit's outputs as the last build planned them (their digests unchanged, so none is made
    again), or None when it planned no such unit."""
    if before is None or key not in before[0]:
        return None
    paths = [urls.output_path(page[0]) for page in before[0][key]]
    if not all(path in before[1] for path in paths):
        return None
    return [Output(path, before[1][path]) for path in paths]


def _in_sitemap(page: Page) -> bool:
    """Pages that defer to another (a list in another order) and the search and not-found pages stay
    out of the sitemap."""
    return page.canonical is None and page.url not in (urls.NOT_FOUND, urls.SEARCH)


def _lastmod(page: Page) -> str | None:
    """A paper page's date in the sitemap: the day its paper joined the catalog, when its page was
    made (the paper's own date, which it was, says nothing of the page; and with only a month known
    it fell back to this, so the field meant two things). A full date, as the schema requires, or
    none."""
    paper = page.context.get("paper")
    return paper.added if paper is not None else None


def well_formed(path: str, data: bytes) -> bytes:
    """Refuse XML that parsers would reject, before anything is written: a feed reader or a search
    engine fetching a broken feed or sitemap gets nothing at all (entries are validated so that this
    never happens; this is the net under that). Parsed by expat alone, which is what refuses
    malformed XML: a tree of the 10,000-paper sitemap's elements took 45 ms of a rebuild, this 9 ms."""
    from xml.parsers import expat

    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError as e:
        raise PapercatError(Problem(path, None, f"papercat made malformed XML ({e}); nothing was written",
                                    hint="please report it, with the entries this output lists")) from None
    return data


def citation_outputs(catalog: Catalog, cfg: Config, ids: dict[int, str]) -> list[Output]:
    """Each paper's BibTeX and CSL-JSON files and the catalog's two, made by `exports.export_files`."""
    return [Output(path, d) for path, d in exports.planned(catalog, cfg, ids)]


def search_output(catalog: Catalog, look: str, ids: dict[int, str] | None = None) -> Output:
    """The search index: it shows papers' text and tag and topic labels, in catalog order."""
    ids = ids if ids is not None else object_ids(catalog)
    return Output(SEARCH, digest(look, *[ids[id(p)] for p in catalog.papers.values()],
                                 *[ids[id(g)] for g in catalog.tags.values()],
                                 *[ids[id(g)] for g in catalog.topics.values()]), group=True)


def look_key(theme: Theme, site: Site) -> str:
    """What every page's look depends on besides its own content: papercat's code, the theme's
    files (the ones used: a catalog's override, not the packaged file it replaces) and the site
    settings."""
    return digest(code_version(), *[x for rel, p in theme.files().items() for x in (rel, p.read_bytes())],
                  repr(site.key()))


# --- page digests ---------------------------------------------------------------------------------
# A page's digest is made from its deps: papers and groups by their own digests (made once per
# build), the rest by repr(). 16,000 pages at 10,000 papers share the same few thousand objects,
# so objects are known by id() within one build.

_PLAIN = frozenset({str, int, float, bool, type(None)})  # repr() is their canonical text


def object_ids(catalog: Catalog, kept: dict[str, str] | None = None) -> dict[int, str]:
    """Content digests of every paper and group. From repr(), which is the same in every process
    and for a paper read from its file or from the cache. `kept`: groups' digests as the last build
    made them, by `kind:key` (kept_groups.py)."""
    ids = {id(p): catalog.digests.get(slug) or paper_digest(p) for slug, p in catalog.papers.items()}
    for groups in (catalog.tags, catalog.topics, catalog.authors, catalog.people, catalog.years, catalog.venues,
                   catalog.venue_years):
        ids.update(group_ids(groups.values(), kept))
    return ids


def group_ids(groups: Iterable[Group], kept: dict[str, str] | None = None) -> dict[int, str]:
    """Content digests of groups (as `object_ids` gives them)."""
    if kept:
        return {id(g): kept.get(f"{g.kind}:{g.key}") or digest(repr(g)) for g in groups}
    return {id(g): digest(repr(g)) for g in groups}


def _canonical(x, ids: dict[int, str], alive: list) -> str:
    """A page's deps as text: papers and groups by digest, containers element by element. An object
    outside the catalog remembered by id() is kept in `alive` for as long as `ids` is used: a plan
    that lets its pages go would otherwise free it, and a later object at its address would take
    its digest."""
    if isinstance(x, (list, tuple)) and type(x) is not Ref:
        parts = list(map(ids.get, map(id, x)))
        if None in parts:
            for i, v in enumerate(x):
                if parts[i] is None:
                    if type(v) is Ref:  # shared between pages: remembered
                        parts[i] = ids[id(v)] = repr(v)
                        alive.append(v)
                    else:
                        parts[i] = repr(v) if type(v) in _PLAIN else _canonical(v, ids, alive)
        return "[" + ",".join(parts) + "]"
    if isinstance(x, (Paper, Group)):
        known = ids.get(id(x))
        if known is None:  # made outside the catalog (the group of all papers): digested once
            known = ids[id(x)] = digest(repr(x))
            alive.append(x)
        return known
    if isinstance(x, dict):
        return "{" + ",".join(f"{k!r}:{_canonical(v, ids, alive)}" for k, v in x.items()) + "}"
    return repr(x)
