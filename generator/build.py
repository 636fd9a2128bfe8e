"""Build a site, in a visible order: load -> derive -> plan -> diff -> render and index -> write.

Every output has a digest of everything it is made from (plan.py); the state of the last build
into the same output directory (state.py) says which digests changed, and only those outputs are
made again, so a rebuild is byte-identical to a cold build. Without a usable state (first build,
other settings, a site changed by hand, a build killed while moving files in) the whole site is
made into a new directory and swapped in (writer.py). Big builds read entries and render pages
on worker processes (parallel.py), which are joined before `build` returns: nothing papercat
starts outlives the command."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import state, writer
from generator.catalog import derive, load, read_papers
from generator.config import Config, load_config
from generator.model import Catalog
from generator.parallel import Workers, default_jobs
from generator.plan import SEARCH, Output, plan_outputs
from generator.pages import Page
from generator.render import Renderer, Site, make_env, make_site
from generator.search_index import MANIFEST_FILE, search_files
from generator.search_weights import postings_from_data, postings_to_data
from generator.state import State
from generator.store import Store, code_version, digest
from generator.taxonomy import load_vocabulary

__all__ = ["TEMPLATES", "BuildResult", "Progress", "build", "derive", "load"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
Progress = Callable[[Iterable, int, str], Iterable]
PARALLEL_MIN = 400  # below this many pages, worker processes cost more than they save
COMMITTING = "committing"  # marked while a rebuild moves files into the site


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
    timings: dict[str, float] = field(default_factory=dict)


def build(content: Path, out: Path, base_url: str | None = None, templates: Path = TEMPLATES,
          progress: Progress = _no_progress, cache: Path | None = None, jobs: int | None = None) -> BuildResult:
    """Build `content` into `out`."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:  # (BuildResult.timings: where the time went, for the benchmark)
        timings[name] = time.perf_counter() - started - sum(timings.values())

    content, out, templates = content.resolve(), out.resolve(), templates.resolve()
    store = Store.for_site(content, out, cache)
    writer.clear_leftovers(out)
    key = digest(code_version(), str(content), str(out), str(templates), repr(base_url))
    old = _usable_state(store, key, out)
    inputs = state.input_stats(content, templates)
    if old is not None and old.inputs == inputs:
        return BuildResult(len(old.files()), old.papers, time.perf_counter() - started, mode="unchanged")

    cfg = load_config(content, base_url)
    vocab = load_vocabulary(content)
    jobs = jobs or default_jobs()
    with Workers(jobs, {"vocab": vocab}) as readers:
        papers = read_papers(content, vocab, store, readers)
    catalog = derive(papers, vocab)
    lap("load")
    gc.freeze()  # (the catalog lives as long as the build: no collection need walk it again)
    try:
        env = make_env(templates, cfg)
        site = make_site(env, catalog, cfg)
        related = store.load("related") or {}
        outputs = plan_outputs(catalog, cfg, templates, site, related)
        todo = state.diff(old, outputs)
        lap("plan")
        new = State(key, inputs, {o.path: o.digest for o in outputs if not o.group},
                    {o.path: old.groups[o.path] for o in outputs if o.group and old and o not in todo},
                    len(catalog.papers))
        if old is None:
            written, removed = _write_new(out, todo, catalog, cfg, site, env, jobs, store, new, progress), 0
        else:
            written, removed = _write_changes(out, old, todo, catalog, cfg, site, env, jobs, store, new, progress)
        lap("make")
        store.save("related", related)
    finally:
        gc.unfreeze()
    state.save(store, new)
    store.mark(COMMITTING, False)
    lap("save")
    return BuildResult(len(new.files()), len(catalog.papers), time.perf_counter() - started, written, removed,
                       "cold" if old is None else "incremental", len(todo), timings)


def _usable_state(store: Store, key: str, out: Path) -> State | None:
    """The last build's state, if the site is still exactly what it wrote (as far as a count of
    its files tells): a file removed by hand, or a build killed while moving files in, makes the
    next build a cold one."""
    if store.marked(COMMITTING) or not out.is_dir():
        return None
    old = state.load(store, key)
    if old is None or state.count_files(out) != len(old.files()):
        return None
    return old


def _write_new(out: Path, todo: list[Output], catalog: Catalog, cfg: Config, site: Site, env, jobs: int,
               store: Store, new: State, progress: Progress) -> int:
    """A whole site, into a new directory swapped in at the end."""
    with writer.new_site(out) as tmp:
        _make(todo, catalog, cfg, site, env, jobs, store, new, tmp, None, progress)
    return len(new.files())


def _write_changes(out: Path, old: State, todo: list[Output], catalog: Catalog, cfg: Config, site: Site, env,
                   jobs: int, store: Store, new: State, progress: Progress) -> tuple[int, int]:
    """The changed files, staged beside the site and then moved in; files no longer made, taken out."""
    update = writer.Update(out)
    try:
        _make(todo, catalog, cfg, site, env, jobs, store, new, update.dir, out, progress)
        removed = old.files() - new.files()
        store.mark(COMMITTING, True)
        written = update.commit(removed)
    finally:
        update.close()
    return written, len(removed)


def _make(todo: list[Output], catalog: Catalog, cfg: Config, site: Site, env, jobs: int, store: Store,
          new: State, into: Path, site_dir: Path | None, progress: Progress) -> None:
    """Make the outputs in `todo` into the directory `into`. With many pages or papers, worker
    processes render the pages and one of them makes the search index meanwhile. They are given
    the pages and the catalog once, when they start, and each task says which pages to render."""
    search = next((o for o in todo if o.group), None)
    pages = [(o.path, o.page) for o in todo if o.page is not None]
    given = {"templates": env.loader.searchpath[0], "cfg": cfg, "site": site, "pages": pages, "catalog": catalog,
             "store": str(store.root), "into": str(into), "site_dir": str(site_dir) if site_dir else None}
    many = len(pages) >= PARALLEL_MIN or (search is not None and len(catalog.papers) >= PARALLEL_MIN)
    with Workers(jobs if many else 1, given) as workers:
        indexing = None
        if search is not None:
            if workers.jobs > 1:
                indexing = workers.submit(index_into, ())
            else:
                new.groups[search.path] = [search.digest, index_into(given)]
        if workers.jobs > 1 and len(pages) >= PARALLEL_MIN:
            size = max(20, len(pages) // (workers.jobs * 32))  # small enough that no worker waits long at the end
            parts = [(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
            for _ in progress(workers.map(render_into, parts), len(parts), "rendering"):
                pass
        else:
            given["renderer"] = Renderer(env, site)
            for i in progress(range(len(pages)), len(pages), "rendering"):
                render_into(given, i, i + 1)
        made: set[str] = set()
        for o in todo:
            if o.data is not None:
                writer.put(into, o.path, o.data, made)
        if indexing is not None:
            new.groups[search.path] = [search.digest, indexing.get()]


def render_into(given: dict, start: int, end: int) -> int:
    """Render `given["pages"][start:end]` into `given["into"]` (the renderer is kept for the next task)."""
    renderer = given.get("renderer")
    if renderer is None:
        renderer = given["renderer"] = Renderer(make_env(Path(given["templates"]), given["cfg"]), given["site"])
    made = given.setdefault("made", set())
    for path, page in given["pages"][start:end]:
        writer.put(given["into"], path, renderer.page(page), made)
    return end - start


def index_into(given: dict) -> list[str]:
    """The search index's files, written into `given["into"]` (leaving out those the site has: their
    names are hashes of their content), with each paper's postings kept in the store for the next
    build. Returns the paths of all its files."""
    catalog, cfg, into, site_dir = given["catalog"], given["cfg"], given["into"], given["site_dir"]
    store = Store(Path(given["store"]))
    memo: dict = {}
    lists, arrays = store.load("search"), store.load_arrays("search")
    if isinstance(lists, dict) and arrays is not None:
        prior = postings_from_data(arrays, lists)
        if prior is not None:
            memo = {"postings": prior, "snippets": lists.get("snippets", {})}
    paths, made = [], set()
    for path, data in search_files(catalog, cfg, memo):
        paths.append(path)
        if site_dir is None or path == MANIFEST_FILE or not os.path.exists(os.path.join(site_dir, path)):
            writer.put(into, path, data, made)
    arrays, lists = postings_to_data(memo["postings"])
    store.save_arrays("search", arrays)
    store.save("search", {**lists, "snippets": memo["snippets"]})
    return paths
