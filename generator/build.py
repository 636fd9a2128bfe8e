"""Build a site, in a visible order: load -> derive -> plan -> render and index -> write.

Every output has a digest of everything it is made from (plan.py); the state of the last build
into the same output directory (state.py) says which digests changed, and only those outputs are
made again, so a rebuild is byte-identical to a cold build. Without a usable state (first build,
other settings, a site changed by hand, a build killed while moving files in) the whole site is
made into a new directory and swapped in (writer.py). Big builds read entries, index and render
on worker processes (parallel.py), which are joined before `build` returns: nothing papercat
starts outlives the command."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from generator import state, writer
from generator.errors import PapercatError, Problem
from generator.parallel import Alone, First, Workers, default_jobs, one_at_a_time, processes_for, start_method
from generator.state import State
from generator.store import Store, code_version, digest
from generator.theme import PACKAGED, Theme

if TYPE_CHECKING:
    from generator.config import Config
    from generator.model import Catalog, Group
    from generator.plan import Output
    from generator.render import Site

__all__ = ["TEMPLATES", "BuildResult", "Progress", "build", "check_out"]

TEMPLATES = PACKAGED  # the packaged theme (a catalog's own templates/ override it file by file: theme.py)
Progress = Callable[[Iterable, int, str], Iterable]
COMMITTING = "committing"  # marked while a rebuild moves files into the site
SERVING = "serving"  # claimed by `papercat serve` while it serves the site (store.Store.claim)
NAMES = "names"  # the store's name for what is known of author names (people.NameFacts)
CITED = "cited"  # the store's name for each paper's citation entries (exports.export_files)
ITEMS = "items"  # the store's name for each paper's list item (`_list_items`)
SEARCH_POSTINGS, SEARCH_PLACES = "search-postings", "search-places"  # the store's names for the index's columns
SEARCH_DOCS = "search-docs"  # ... and for the names of its document files, by what each is made from


def _no_progress(it: Iterable, total: int, desc: str) -> Iterable:
    return it


@dataclass
class BuildResult:
    files: int
    papers: int
    seconds: float
    written: int = 0
    removed: int = 0
    mode: str = "cold"  # "cold" | "incremental" | "unchanged"
    rendered: int = 0  # outputs made again because something they are made from changed
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, for the benchmark
    warnings: list[str] = field(default_factory=list)  # for the CLI to show once per build (none of them fatal)


def build(content: Path, out: Path, base_url: str | None = None, templates: Path = TEMPLATES,
          progress: Progress = _no_progress, cache: Path | None = None, jobs: int | None = None,
          drafts: bool = False) -> BuildResult:
    """Build `content` into `out`; with `drafts`, drafts too (drafts.py), as `papercat serve` does."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    mark = [started]

    def lap(name: str, seconds: float | None = None) -> None:
        """The time since the last lap, or `seconds` of a step that ran alongside (on a worker)."""
        if seconds is None:
            now = time.perf_counter()
            seconds, mark[0] = now - mark[0], now
        timings[name] = seconds

    from generator.config import load_config  # (the rest of the pipeline is imported when there is work)
    from generator.inputs import check_content, check_theme
    from generator.theme import theme_for

    given = content  # (as the user wrote it, for messages)
    content, out = content.resolve(), out.resolve()
    check_content(content)  # (links that leave the content or theme folder, broken ones, loops: refused)
    cfg = load_config(content, base_url)
    theme = theme_for(content, cfg.theme_dir, templates)
    check_theme(theme)
    job = _Job(content, out, theme, cfg, Store.for_site(content, out, cache),
               digest(code_version(), str(content), str(out), repr(base_url)),
               jobs or default_jobs(), start_method(), progress, drafts)
    check_out(content, out, theme, job.store)
    writer.clear_leftovers(out)
    job.store.clear_leftovers()
    serving = job.store.claimed(SERVING)  # (its preview would change under it: drafts gone until the next save)
    told = [f"`papercat serve` (process {serving}) is serving {out}: this build replaces its preview until a file is "
            "next saved (drafts left out); give this build another --out to keep both"] if serving is not None else []
    stamp, inputs = _last_build(job)
    if stamp is not None and stamp.inputs == inputs and stamp.drafts == drafts:
        if not state.lacks_files(job.out, stamp.files):
            return BuildResult(len(stamp.files), stamp.papers, time.perf_counter() - started, mode="unchanged",
                               warnings=_warnings(cfg, given) + told)
        stamp = None  # (a file of the site removed by hand: it is made whole)
    old = state.load_digests(job.store, stamp) if stamp is not None else None
    # A build makes a million long-lived objects and almost no cycles: the collector would walk them
    # again and again (at 100,000 papers it took most of planning). Paused until the build ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:  # (whether the site still has every file is checked beside the work: `side_work`)
            made = _site(job, old, inputs, lap, stamp.files if old is not None else None)
        except _Lacking:  # (a file of the site removed by hand: it is made whole)
            old, made = None, _site(job, None, inputs, lap, None)
        catalog, new, todo, written, removed, related = made
        unsaved = _remember(job.store, new, related)
        lap("write")
    finally:
        gc.unfreeze()  # (parallel.Workers froze what existed when it forked)
        if collecting:
            gc.enable()
    return BuildResult(len(new.files), len(catalog.papers), time.perf_counter() - started, written, removed,
                       "cold" if old is None else "incremental", len(todo), timings,
                       _warnings(cfg, given) + told + unsaved)


class _Lacking(Exception):
    """The site lacks a file the last build wrote (removed by hand): its state cannot be trusted."""


def _site(job: _Job, old: State | None, inputs: dict[str, list[int]], lap: Callable[[str], None],
          check: list[str] | None) -> tuple[Catalog, State, list[Output], int, int, dict | None]:
    """Load, plan, render and index, write: into the site a new or changed file at a time (`old`,
    the last build's state), or into a new site swapped in (`old` None). `check`: the site's files,
    which the index's process checks are all there (raising _Lacking before anything is moved in:
    60,000 access() calls at 10,000 papers, which the build's own process would wait for)."""
    with writer.SiteWriter(job.out, fresh=old is None) as files:
        apart = _apart(job, old, inputs, files.dir, check)  # (a big catalog's index and citation files)
        if apart is not None:
            lap("index and citation files, apart")
            if apart.made.lacking:
                raise _Lacking
        catalog, grouped = _load(job, inputs)
        lap("load")
        return catalog, *_make(job, old, inputs, catalog, grouped, files, apart, lap, check)


def check_out(content: Path, out: Path, theme: Theme, store: Store) -> None:
    """Refuse an output folder a full build would destroy something in (writer.check_out): the
    content, the catalog's theme and the cache must stay. And refuse a cache inside the content or
    the theme, which builds read: `serve` rebuilt for ever after the cache files it had just saved.
    (`serve` checks before it serves.)"""
    inputs = [(content, "the content folder"), *[(d.resolve(), "the theme folder") for d in theme.dirs[:-1]]]
    cache = store.root.resolve()
    for folder, what in inputs:
        if cache == folder or folder in cache.parents:
            raise PapercatError(Problem(str(store.root.parent), None, f"the cache is inside {what} ({folder}), "
                                        "which every build reads: each build would change what the next one reads",
                                        hint="choose a cache outside it with build's --cache or $PAPERCAT_CACHE (by "
                                             "default $XDG_CACHE_HOME/papercat, else ~/.cache/papercat)"))
    writer.check_out(out, [*inputs, (cache, "the cache")], built=store.has(state.NAME))


@dataclass(frozen=True)
class _Job:
    """One build's settings, as every step needs them."""

    content: Path
    out: Path
    theme: Theme
    config: Config
    store: Store
    key: str  # what the site's state is valid for: papercat's code, the paths and the base URL (the
    # theme's files are in every page's digest: plan.look_key)
    jobs: int
    method: str  # how worker processes start (parallel.start_method)
    progress: Progress
    # Shows drafts. Not part of `key`: every digest covers the papers an output shows, so a rebuild
    # that turns drafts on or off makes only what they appear in (the state records the setting,
    # so that such a build is never taken for one with nothing to do).
    drafts: bool = False


def _warnings(cfg: Config, content: Path) -> list[str]:
    """What the curator should hear about on every build, even one with nothing to do."""
    if cfg.site_url:
        return []
    return [str(Problem(str(content / "catalog.yml"), None,
                        "not set, so the site has no sitemap.xml, no Sitemap line in robots.txt and no canonical "
                        "links, and its feeds are identified by tag: URIs", field="site_url",
                        hint="add `site_url: https://example.org/catalog/` to catalog.yml or pass a full --base-url"))]


def _last_build(job: _Job) -> tuple[state.Stamp | None, dict[str, list[int]]]:
    """What the last build into the same output left (None when it cannot be trusted: a build
    killed while moving files in), and the size and time of every input file now. (Whether the site
    still has every file it lists is checked after.)"""
    stamp = state.load(job.store, job.key) if not job.store.marked(COMMITTING) else None
    return stamp, state.input_stats(job.content, *job.theme.dirs)


@dataclass
class _Grouped:
    """What the catalog's groups are made from (kept_groups.key and .facts); the digests, by
    `kind:key`, of the groups taken as the last build made them (None: none taken); whether the
    authors' groups are still to be made (`_people`), and then the last build's to make them from
    (None: all made anew), the last build's digests (`person:key` among them), and the papers
    changed since; and whether the groups differ from those saved."""

    key: str
    facts: dict[str, str]
    kept: dict[str, str] | None
    save: bool
    people_later: bool
    people_before: dict[str, Group] | None = None
    people_ids: dict[str, str] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)


def _load(job: _Job, inputs: dict[str, list[int]]) -> tuple[Catalog, _Grouped]:
    """Load the vocabulary and every entry, validated (all problems raised at once); leave out
    drafts unless the job shows them; group them: from the last build's groups when few papers'
    grouping facts changed (kept_groups.py: only the groups holding those papers are made again),
    else derive tags, topics, author-count, year and venue groups. The authors' groups come later
    (`_people`), unless the last build's are taken whole: the search index does not need them."""
    from generator import kept_groups                  # (the pipeline's modules are imported here, when
    from generator.catalog import derive, read_papers  # there is work: a build with nothing to do
    from generator.drafts import published             # starts in a third of the time)
    from generator.vocabulary import load_vocabulary

    vocab = load_vocabulary(job.content)
    with Workers(job.jobs if job.jobs > 1 else 0, {"vocab": vocab}, job.method) as readers:  # (used when many entries need reading)
        papers, digests = read_papers(job.content, vocab, job.store, readers, inputs)
    papers = published(papers, job.drafts)
    digests = {p.slug: digests[p.slug] for p in papers}
    key, facts = kept_groups.key(vocab.digest), kept_groups.facts(papers)
    kept = kept_groups.load(job.store, key, facts)
    if kept is None or len(kept.changed) * 10 > len(papers):  # (many changed: all are made again)
        return derive(papers, vocab, digests, people=False), _Grouped(key, facts, None, True, people_later=True)
    if not kept.changed:
        return derive(papers, vocab, digests, groups=kept.groups), _Grouped(key, facts, kept.ids, False, False)
    from generator.catalog import regrouped

    catalog = regrouped(papers, vocab, digests, kept.groups, kept.changed)
    before = kept.groups["people"]
    taken = kept_groups.unchanged(kept.ids, kept.groups, catalog)
    return catalog, _Grouped(key, facts, taken, True, people_later=True, people_before=before, people_ids=kept.ids,
                             changed=kept.changed)


def _people(job: _Job, catalog: Catalog, grouped: _Grouped, ids: dict[int, str]) -> Catalog:
    """The catalog with its authors' groups, when they are still to be made (from the last build's
    where few papers changed: groups.regroup; and with what the last build worked out of their
    names), their digests put in `ids` (plan.object_ids); the groups saved when they changed."""
    from generator import kept_groups
    from generator.catalog import with_people
    from generator.people import NameFacts
    from generator.plan import group_ids

    if grouped.people_later:
        known = job.store.load(NAMES)
        names = NameFacts(known if isinstance(known, dict) else {})
        catalog = with_people(catalog, names, grouped.people_before, grouped.changed)
        if names.added or len(names.known) != len(catalog.people):  # (saved for the names in use only)
            job.store.save(NAMES, {g.filed_as: names.of(g.filed_as) for g in catalog.people.values()})
        taken = kept_groups.unchanged(grouped.people_ids, {"people": grouped.people_before or {}}, catalog)
        ids.update(group_ids(catalog.people.values(), taken))
    if grouped.save:
        kept_groups.save(job.store, grouped.key, grouped.facts, catalog, ids)
    return catalog


def _make(job: _Job, old: State | None, inputs: dict[str, list[int]], catalog: Catalog, grouped: _Grouped,
          files: writer.SiteWriter, apart: _Apart | None, lap: Callable[[str], None], check: list[str] | None
          ) -> tuple[State, list[Output], int, int, dict | None]:
    """Plan, render and index, write into `files`: (the new state, the outputs made, files written,
    files removed, the related-paper memo to save if it changed). `apart`: the index and citation
    files, when a process of their own made them (`_apart`)."""
    from generator.plan import citation_outputs, look_key, object_ids, plan_outputs, search_output
    from generator.render import Renderer, make_env, make_site

    cfg = job.config
    env = make_env(job.theme.dirs, cfg)
    site = make_site(env, catalog, cfg)
    look = look_key(job.theme, site)
    store = job.store
    ids = object_ids(catalog, grouped.kept)
    if apart is None:
        index, cites = search_output(catalog, look, ids), citation_outputs(catalog, cfg, ids)
    else:  # (as the process that made them read the catalog: the state then says what was made)
        index, cites = apart.index, apart.cites
    side, alone = _side(job, old, catalog, files.dir, index, cites, wanted=apart is None,
                        check=check if apart is None else None)  # (`_apart` checked)
    # This process renders every page itself, each as soon as it is planned: when there is little
    # to share, and for a big catalog, after the index and the citation files (parallel.one_at_a_time).
    one = one_at_a_time(len(catalog.papers)) or not processes_for(job.jobs, len(catalog.papers))
    with Alone(side_work, side, alone, job.method, str(store.root)) as aside:
        if not alone and aside.get().lacking:  # (found here and now: nothing more is made)
            raise _Lacking
        catalog = _people(job, catalog, grouped, ids)
        # Plan: every page and file, each with the digest of its inputs; keep the changed ones.
        related = store.load("related")
        related = related if isinstance(related, dict) else {}
        related_before = related.get("related")
        made: set[str] = set()  # (folders made so far)
        now = _render_now(old, files.dir, Renderer(env, site, _list_items(store, look, catalog, env, site)),
                          made) if one else None
        planned = plan_outputs(catalog, cfg, job.theme, site, look, related, ids,
                               (old.units, old.outputs) if old is not None else None,
                               now, job.progress if one else None)
        outputs = planned.outputs + cites + [index]
        todo = state.diff(old, outputs)
        lap("plan")
        # Write the changed files that are not pages (feeds, sitemaps, static files), then render the
        # changed pages (unless rendered as planned). In that order, this process makes the files
        # while the index's process still holds the second core, instead of after the pages while a
        # render worker waits.
        for o in todo:
            if o.data is not None or o.make is not None:
                writer.put(files.dir, o.path, o.data if o.data is not None else o.make(), made)
        pages = [o for o in todo if o.page is not None]
        items = _list_items(store, look, catalog, env, site) if pages else {}  # (home, lists, related papers)
        _render(pages, files.dir, site, env, items, job, aside)
        index_files, seconds, lacking = _side_done(side, aside, apart)
        if lacking:
            raise _Lacking
        if index_files is None:
            index_files = old.groups[index.path][1]
        else:
            lap("index", seconds)  # (within render+index, on the worker)
    lap("render+index")
    # Write: swap the new site in, or move the changed files into it.
    new = State(job.key, inputs, {o.path: o.digest for o in outputs if not o.group},
                {index.path: [index.digest, index_files]}, len(catalog.papers), job.drafts, planned.units)
    removed = old.files - new.files if old is not None else set()
    store.mark(COMMITTING, True)  # (until the new state is saved, the next build is a cold one)
    written = files.finish(removed)
    return new, todo, written, len(removed), related if related.get("related") is not related_before else None


@dataclass
class _Apart:
    """The search index and the citation files as a process of their own made them (`_apart`): their
    outputs, digested from the catalog as that process read it, and what `side_work` gave."""

    index: Output
    cites: list[Output]
    made: Sided


def _apart(job: _Job, old: State | None, inputs: dict[str, list[int]], into: Path, check: list[str] | None
           ) -> _Apart | None:
    """For a big catalog (parallel.one_at_a_time) and more than one job: the search index and the
    citation files, made into `into` by a process that reads the catalog itself and ends before this
    one reads it (from the entries it leaves in the cache). Made here after the catalog, they left
    0.4 GB of this process's heap that it could not give back, and 0.4 GB more at 100,000 papers
    than a process sharing this one's catalog, which copies every memory page of it that it reads
    (bench/history.md, session 17). None: made in `_make`."""
    from generator.catalog import entry_names

    if job.jobs < 2 or not one_at_a_time(len(entry_names(job.content))):
        return None
    given = {"job": job if job.method == "fork" else replace(job, progress=_no_progress), "old": old,
             "inputs": inputs, "into": str(into), "check": check}
    with Alone(index_apart, given, 1, job.method, str(job.store.root)) as process:
        return process.get()


def index_apart(given: dict) -> _Apart:
    """(`_apart`'s process) Read the catalog, then make its search index and citation files."""
    from generator.plan import citation_outputs, look_key, object_ids, search_output
    from generator.render import make_env, make_site

    job = given["job"]
    catalog, grouped = _load(job, given["inputs"])
    ids = object_ids(catalog, grouped.kept)
    look = look_key(job.theme, make_site(make_env(job.theme.dirs, job.config), catalog, job.config))
    index, cites = search_output(catalog, look, ids), citation_outputs(catalog, job.config, ids)
    side, _ = _side(job, given["old"], catalog, Path(given["into"]), index, cites, check=given["check"])
    return _Apart(index, cites, side_work(side))


def _side(job: _Job, old: State | None, catalog: Catalog, into: Path, index: Output, cites: list[Output],
          wanted: bool = True, check: list[str] | None = None) -> tuple[dict, int]:
    """What the index's process is given (`side_work`), and how many processes it has (0: it runs
    here, first). The search index, then the citation files that changed (`catalog.bib` holds every
    paper), in a process of their own while the authors' groups are made (neither needs them) and
    pages are planned and rendered; it ends with them, and with it the heap they leave, as big as
    the catalog. The citation files go to whichever process is free first (`First`): after an edit,
    the build's own, which renders a few pages while the index takes a second."""
    side = {"catalog": catalog, "cfg": job.config, "store": str(job.store.root), "into": str(into),
            "site": str(job.out) if old is not None else None, "index": wanted and bool(state.diff(old, [index])),
            "cited": [o.path for o in state.diff(old, cites)] if wanted else [], "exports": None,
            "check": check}
    alone = processes_for(job.jobs, len(catalog.papers)) if side["index"] or side["cited"] else 0
    if one_at_a_time(len(catalog.papers)):
        alone = 0  # (first, in this process: `_apart`'s, or with one job the build's own)
    if alone:  # (else it all runs here, now: nothing to share, and no lock that some systems lack)
        side["exports"] = First(job.method)
    return side, alone


def _side_done(side: dict, aside: Alone, apart: _Apart | None) -> Sided:
    """The citation files, made here if the index's process has not taken them (`side_work`), then
    that process's result: the index's files (None: unchanged), the seconds it took, and whether
    the site lacks a file."""
    if side["cited"] and side["exports"] and side["exports"].take():
        export_into(side, side["cited"])
    return aside.get() if apart is None else apart.made


def _remember(store: Store, new: State, related: dict | None) -> list[str]:
    """Save what the next build starts from. The new site is in place by now, so a failure here (a
    full disk) is a warning, not an error: the command's status then agrees with the site, and the
    mark left behind makes the next build a cold one."""
    try:
        if related is not None:  # (replaced only when something changed)
            store.save("related", related)
        state.save(store, new)
        store.mark(COMMITTING, False)
    except OSError as e:
        return [f"{e.filename or store.root}: the site was built, but what the next build reuses could not be saved "
                f"({e.strerror or e}); the next build will be a full one"]
    return []


def _render(outputs: list[Output], into: Path, site: Site, env, items: dict, job: _Job, aside: Alone) -> None:
    """Render pages into `into`: here, and on workers too when there are many (given the pages and
    list items when they start, and told by each task which pages to render), one fewer while the
    index's process (`aside`) runs."""
    from generator.render import Renderer

    pages = [(o.path, o.page) for o in outputs]
    processes = processes_for(job.jobs, len(pages))  # (this process renders too, beside processes - 1 workers)
    given = {"templates": [str(d) for d in job.theme.dirs], "cfg": site.config, "site": site, "pages": pages,
             "into": str(into), "items": items}
    if not processes:
        given["renderer"] = Renderer(env, site, items)
    size = max(20, len(pages) // (processes * 32)) if processes else 1  # no worker waits long at the end
    parts = [(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
    with Workers(max(processes - 1, 0), given, job.method) as renderers:
        rendered = (None for count in renderers.share(render_into, parts, aside) for _ in range(count))  # (a page at a time:
        for _ in job.progress(rendered, len(pages), "rendering"):  # 64 batches were too few to show a bar)
            pass


def _render_now(old: State | None, into: Path, renderer, made: set[str]) -> Callable[[Output], Output]:
    """For a build that renders in this process alone: each page rendered as soon as it is planned,
    if it changed, and let go (plan.plan_outputs)."""
    def now(o: Output) -> Output:
        if state.diff(old, [o]):
            writer.put(into, o.path, renderer.page(o.page), made)
        return replace(o, page=None)
    return now


def _list_items(store: Store, look: str, catalog: Catalog, env, site: Site) -> dict[str, str]:
    """Every paper's list item (the HTML every list shows it as): kept from the last build where the
    paper and the look are the same, rendered here for the rest. Done before the pages are given to
    workers, each of which would otherwise render all of them again: adding a paper re-renders a
    thousand list pages (at 10,000 papers, journaled ext4: rendering and indexing took 0.7 s with
    the kept items, 1.26 s without)."""
    from generator.render import Renderer

    head, known = store.load_table(ITEMS)
    if head != look:
        known = {}  # (another look's items, as many as these: let go before these are rendered)
    items: dict[str, str] = {}
    renderer, fresh = Renderer(env, site, items), []
    for slug, p in catalog.papers.items():
        hit = known.get(slug)
        if hit is not None and hit[0] == catalog.digests.get(slug):
            items[slug] = hit[1]
        else:
            renderer.item(p)  # (which keeps it in `items`)
            fresh.append(slug)
    if fresh or len(known) != len(items):
        store.save_table(ITEMS, look, {s: [catalog.digests.get(s), h] for s, h in items.items()},
                         [*fresh, *(known.keys() - items.keys())])
    return items


def render_into(given: dict, start: int, end: int) -> int:
    """Render `given["pages"][start:end]` into `given["into"]` (the renderer is kept for the next task)."""
    from generator.render import Renderer, make_env

    renderer = given.get("renderer")
    if renderer is None:
        env = make_env([Path(d) for d in given["templates"]], given["cfg"])
        renderer = given["renderer"] = Renderer(env, given["site"], given["items"])
    made = given.setdefault("made", set())
    for path, page in given["pages"][start:end]:
        writer.put(given["into"], path, renderer.page(page), made)
    return end - start


class Sided(NamedTuple):
    """What the index's process gives back (`side_work`)."""

    files: list[str] | None  # the search index's files (None: unchanged)
    seconds: float  # the index's own time
    lacking: bool  # the site lacks a file the last build wrote (nothing else was made)


def side_work(given: dict) -> Sided:
    """Whether the site lacks one of the files `given["check"]` (then nothing else: the build is
    made again whole), the search index (`index_into`), when it changed, then the citation files
    `given["cited"]` unless the build's own process, done with its pages first, made them
    (`given["exports"]`: a rebuild after an edit renders a few pages while the index takes a second)."""
    if given["check"] is not None and state.lacks_files(Path(given["site"]), given["check"]):
        return Sided(None, 0.0, True)
    index = index_into(given) if given["index"] else (None, 0.0)
    if given["cited"] and (given["exports"] is None or given["exports"].take()):
        export_into(given, given["cited"])
    return Sided(*index, False)


def export_into(given: dict, paths: list[str]) -> int:
    """Write the citation files at `paths` into `given["into"]`: each paper's whole, the catalog's two
    as their pieces come (from each paper's entries as the store keeps them, `CITED`)."""
    from generator.exports import IN_PIECES, export_files

    made = given.setdefault("made", set())
    pieced: dict[str, BinaryIO] = {}
    count = 0
    store = Store(Path(given["store"]))
    whole = any(path in IN_PIECES for path in paths)
    kept = store.load_table(CITED)[1] if whole else {}
    memo = {"papers": kept}
    try:
        for path, data in export_files(given["catalog"], given["cfg"], paths, memo):
            if path not in IN_PIECES:
                writer.put(given["into"], path, data, made)
                count += 1
                continue
            if path not in pieced:
                pieced[path] = writer.open_new(given["into"], path, made)
            pieced[path].write(data)
    finally:
        for f in pieced.values():
            f.close()
    if whole:
        made = memo["papers"]  # (a row kept is the very list read: any other was made again)
        store.save_table(CITED, None, made, [s for s, row in made.items() if kept.get(s) is not row]
                         + list(kept.keys() - made.keys()))
    return count + len(pieced)


def index_into(given: dict) -> tuple[list[str], float]:
    """The search index's files, written into `given["into"]` (leaving out those the site has: their
    names are hashes of their content), with each paper's postings kept in the store for the next
    build. Returns the paths of all its files, and the seconds it took (it runs alongside rendering,
    so the build's own laps cannot tell)."""
    started = time.perf_counter()
    from generator import urls
    from generator.search_index import MANIFEST_FILE, search_files
    from generator.search_positions import places_from_data, places_to_data
    from generator.search_weights import postings_from_data, postings_to_data

    catalog, cfg, into, site_dir = given["catalog"], given["cfg"], given["into"], given["site"]
    store = Store(Path(given["store"]))
    memo: dict = {}
    postings_saved, places_saved = store.load_arrays(SEARCH_POSTINGS), store.load_arrays(SEARCH_PLACES)
    if postings_saved is not None and places_saved is not None and isinstance(postings_saved[1], dict) \
            and isinstance(places_saved[1], dict):
        memo = {"postings": postings_from_data(*postings_saved), "places": places_from_data(*places_saved)}
    del postings_saved, places_saved  # (search_files lets them go once it has what it needs of them)
    docs = store.load(SEARCH_DOCS) if site_dir is not None else None
    if isinstance(docs, dict):  # (those the site has: a build that failed after saving them never moved them in)
        memo["docs"] = {k: name for k, name in docs.items()
                        if isinstance(name, str) and os.path.exists(os.path.join(site_dir, urls.SEARCH, name))}

    def keep(name: str, columns) -> None:  # (saved as soon as made, not held while the shards are made)
        if name == "postings":
            store.save_arrays(SEARCH_POSTINGS, *postings_to_data(columns))
        elif name == "places":
            store.save_arrays(SEARCH_PLACES, *places_to_data(columns))
        elif columns != docs:
            store.save(SEARCH_DOCS, columns)

    paths, made = [], set()
    for path, data in search_files(catalog, cfg, memo, keep):
        paths.append(path)
        if data is not None and (site_dir is None or path == MANIFEST_FILE
                                 or not os.path.exists(os.path.join(site_dir, path))):
            writer.put(into, path, data, made)
    return paths, time.perf_counter() - started
