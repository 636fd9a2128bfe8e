"""Orchestration, in a visible order: load -> validate -> derive -> plan -> render -> write.

Builds are incremental. Valid entries are cached by content hash. Every output file gets a digest
of everything it is made from (the papers it shows, the templates, the site settings, papercat's
own code). Only outputs whose digest changed are rendered and written, so the result is
byte-identical to a cold build. A cold build (no usable cache, or a new output directory) renders
on every core and swaps the whole directory into place."""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator import urls
from generator.cache import Cache, cache_dir, code_version, digest
from generator.config import Config, load_config
from generator.entries import PAPERS_DIR, decode_entry, entry_names
from generator.errors import PapercatError, Problem
from generator.feeds import atom, robots, sitemap
from generator.groups import author_groups, newest_first, tag_groups, topic_groups, year_groups
from generator.markup import plain_text
from generator.model import Catalog, Group, Paper
from generator.pages import Page, Ref, plan_pages
from generator.render import Site, list_items, make_env, make_site, render_page
from generator.search_index import MANIFEST_FILE, search_files
from generator.taxonomy import Vocabulary, load_vocabulary, paper_taxonomy
from generator.validate import check_entry, check_unique
from generator.writer import Spares, empty, fill, move_in, new_site, put, restore, update_site

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
Progress = Callable[[Iterable, int, str], Iterable]
PARALLEL_MIN = 400  # below this many pages or entries, worker processes cost more than they save
# A cold build leaves this fraction of its files' count as spare files for the rebuilds to come
# (`writer.Spares`): adding a paper to 10,000 rewrites about one file in eleven.
SPARES = 8
BATCH = 100  # pages a rebuild moves into the site at a time, as they are rendered
_WORK: dict = {}  # what forked workers inherit: the vocabulary, or the environment, site and outputs


def _no_progress(it: Iterable, total: int, desc: str) -> Iterable:
    return it


# --- load ----------------------------------------------------------------------------------


@dataclass
class Loaded:
    config: Config
    vocab: Vocabulary
    papers: list[Paper]
    idents: dict[str, str] = field(default_factory=dict)  # slug -> digest of the paper (see _object_ids)
    unsaved: dict | None = None  # the entries cache to store, when load() was told to leave it to the caller


@dataclass(frozen=True)
class _Known:
    """A valid entry as the last build saw it: reused while the file's bytes are the same."""

    stat: tuple[int, int]
    sha: str
    paper: Paper
    ident: str  # digest(repr(paper)): made once, where the entry is read, and kept with it


def _vocab_key(content: Path) -> str:
    return digest(*[p.read_bytes() for p in (content / "tags.yml", content / "topics.yml") if p.exists()])


def _paper(entry, v: dict, vocab: Vocabulary) -> Paper:
    tags, topics = paper_taxonomy(v["title"], entry.body, v.get("tags", ()), v.get("tags_exclude", ()),
                                  v.get("topics", ()), vocab)
    return Paper(
        slug=v["slug"], title=v["title"], body=entry.body, path=str(entry.path),
        title_derived=v.get("title_derived", False), arxiv=v.get("arxiv"), date=v.get("date"),
        authors_count=v.get("authors_count"), organization=v.get("organization"), upvotes=v.get("upvotes"),
        venue=v.get("venue"), pages=v.get("pages"), figures=v.get("figures"), comments=v.get("comments"),
        links=v.get("links", ()), tags=tuple(tags), topics=tuple(topics), sources=v.get("sources", ()))


def _read_one(path: Path, vocab: Vocabulary) -> tuple[str, str, _Known | None, list[Problem]]:
    """Parse, validate and tag one entry file: (name, sha, known entry or None, problems)."""
    data = path.read_bytes()
    st = path.stat()
    sha = digest(data)
    try:
        entry = decode_entry(data, path)
    except PapercatError as e:
        return path.name, sha, None, e.problems
    values, found = check_entry(entry, set(vocab.tags), set(vocab.topics))
    if found:
        return path.name, sha, None, found
    paper = _paper(entry, values, vocab)
    return path.name, sha, _Known((st.st_size, st.st_mtime_ns), sha, paper, digest(repr(paper))), []


def _read_chunk(paths: list[Path]) -> list:
    return [_read_one(p, _WORK["vocab"]) for p in paths]


def _read_all(paths: list[Path], vocab: Vocabulary, jobs: int) -> list:
    """_read_one over `paths`, on `jobs` processes when there are many (YAML and tagging are
    most of a cold load)."""
    if jobs > 1 and len(paths) >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
        _WORK["vocab"] = vocab
        size = max(50, len(paths) // (jobs * 4))
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return [r for chunk in pool.map(_read_chunk, [paths[i:i + size] for i in range(0, len(paths), size)])
                        for r in chunk]
        finally:
            _WORK.clear()
    return [_read_one(p, vocab) for p in paths]


def load(content: Path, base_url: str | None = None, cache: Cache | None = None, jobs: int = 1,
         save: bool = True) -> Loaded:
    """Read and validate everything under `content`; raise once with every problem found. With
    `save=False` a changed entries cache is left in `Loaded.unsaved` for the caller to store when
    it has time (a build does while it waits for the search index)."""
    problems: list[Problem] = []
    config = load_config(content, base_url)
    vocab = load_vocabulary(content)
    scope = (str(content.resolve()), _vocab_key(content))
    stored = cache.load("entries") if cache else None
    known: dict[str, _Known] = stored["files"] if stored and stored.get("scope") == scope else {}
    fresh: dict[str, _Known] = {}
    missing: list[Path] = []
    folder = content / PAPERS_DIR
    for name in entry_names(content):
        st = os.stat(os.path.join(folder, name))
        hit = known.get(name)
        if hit is not None and hit.stat == (st.st_size, st.st_mtime_ns):
            fresh[name] = hit
        else:
            missing.append(folder / name)
    for name, _sha, read, found in _read_all(missing, vocab, jobs):
        problems += found
        if read is not None:
            fresh[name] = read
    fresh = dict(sorted(fresh.items()))
    problems += check_unique([(k.paper.path, k.paper.slug, k.paper.arxiv) for k in fresh.values()])
    if problems:
        raise PapercatError(problems)
    unsaved = None
    if cache is not None and (missing or len(fresh) != len(known)):
        unsaved = {"scope": scope, "files": fresh}
        if save:
            cache.save("entries", unsaved)
            unsaved = None
    return Loaded(config, vocab, newest_first(k.paper for k in fresh.values()),
                  {k.paper.slug: k.ident for k in fresh.values()}, unsaved)


def derive(papers: list[Paper], vocab: Vocabulary) -> Catalog:
    return Catalog(
        papers={p.slug: p for p in papers},
        tags=tag_groups(papers, vocab.tags),
        topics=topic_groups(papers, vocab.topics),
        authors=author_groups(papers),
        years=year_groups(papers),
    )


# --- plan: every output with the digest of its inputs ------------------------------------------


@dataclass
class Output:
    """One file of the site (or, for the search index, a set of files under one prefix)."""

    path: str
    digest: str
    page: Page | None = None
    data: bytes | None = None
    multi: Callable[[], Iterator[tuple[str, bytes]]] | None = None
    memo: dict | None = None  # what `multi` remembers for the next build (filled where it runs)
    local: bool = False  # `multi` must run in this process (it collects work already under way)


_PLAIN = frozenset({str, int, float, bool, type(None)})  # repr() is their canonical text


def _canonical(x, ids: dict[int, str]) -> str:
    """A page context as text that is the same in every process: papers and groups by their
    digests, containers element by element, everything else by repr()."""
    if isinstance(x, (list, tuple)) and type(x) is not Ref:  # most deps: a flat tuple of papers and groups, known by id
        parts = list(map(ids.get, map(id, x)))
        if None in parts:
            for i, v in enumerate(x):
                if parts[i] is None:
                    if type(v) is Ref:  # shared between pages (and alive as long as they are): remembered
                        parts[i] = ids[id(v)] = repr(v)
                    else:
                        parts[i] = repr(v) if type(v) in _PLAIN else _canonical(v, ids)
        return "[" + ",".join(parts) + "]"
    if isinstance(x, (Paper, Group)):
        return ids.get(id(x)) or _identity(x, ids)
    if isinstance(x, dict):
        return "{" + ",".join(f"{k!r}:{_canonical(v, ids)}" for k, v in x.items()) + "}"
    return repr(x)


def _object_ids(catalog: Catalog, idents: dict[str, str] | None = None) -> dict[int, str]:
    """Content digests of every paper and group (papers' from `idents` when known). From repr(),
    not pickle: a pickle's bytes depend on which equal strings happen to be one object, which
    differs between a paper read from its file and the same paper read back from the cache."""
    idents = idents or {}
    ids = {id(p): idents.get(slug) or digest(repr(p)) for slug, p in catalog.papers.items()}
    for groups in (catalog.tags, catalog.topics, catalog.authors, catalog.years):
        for g in groups.values():
            ids[id(g)] = digest(repr(g))
    return ids


def _identity(x, ids: dict[int, str]) -> str:
    """A digest for an object of a page's deps; papers and groups made outside the catalog (the
    full list) are digested once and remembered."""
    if isinstance(x, (Paper, Group)):
        ids[id(x)] = digest(repr(x))
        return ids[id(x)]
    return repr(x)


def _templates_key(templates: Path) -> str:
    files = sorted(p for p in templates.rglob("*") if p.is_file())
    return digest(*[x for p in files for x in (p.relative_to(templates).as_posix(), p.read_bytes())])


def look_key(templates: Path, site: Site) -> str:
    """What every page's look depends on besides its own content: papercat's code, the templates
    and the site settings."""
    return digest(code_version(), _templates_key(templates), repr(site.key()))


def plan_outputs(catalog: Catalog, cfg: Config, templates: Path, site: Site, search_memo: dict | None = None,
                 related_memo: dict | None = None, idents: dict[str, str] | None = None,
                 look: str | None = None) -> list[Output]:
    ids = _object_ids(catalog, idents)
    base = look or look_key(templates, site)
    outputs: list[Output] = []
    pages = plan_pages(catalog, cfg, related_memo)
    for page in pages:
        head = (page.template, page.url, page.title, page.description)
        deps = page.deps if page.deps is not None else page.context
        key = digest(base, repr(head), _canonical(deps, ids))
        outputs.append(Output(urls.output_path(page.url), key, page=page))

    papers = list(catalog.papers.values())
    summaries = {p.slug: plain_text(p.body.split("\n\n")[0], 600) for p in papers[:cfg.feed_size]}

    def add(path: str, data: bytes) -> None:
        outputs.append(Output(path, digest(data), data=data))

    add(urls.feed(), atom(cfg.title, cfg.site_root, urls.feed(), papers[:cfg.feed_size], summaries, urls.paper).encode())
    for key, group in catalog.topics.items():
        members = [catalog.papers[s] for s in group.papers[:cfg.feed_size]]
        summaries.update({p.slug: plain_text(p.body.split("\n\n")[0], 600) for p in members if p.slug not in summaries})
        add(urls.feed(key), atom(f"{cfg.title}: {group.label}", cfg.site_root, urls.feed(key), members,
                                 summaries, urls.paper).encode())
    add(urls.SITEMAP, sitemap(cfg.site_root, [p.url for p in pages if p.url != urls.NOT_FOUND]).encode())
    add(urls.ROBOTS, robots(cfg.site_root).encode())
    static = templates / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file() and path.name != "README.md":
            add("static/" + path.relative_to(static).as_posix(), path.read_bytes())
    search_key = digest(base, *[ids[id(p)] for p in papers], *[ids[id(g)] for g in catalog.tags.values()],
                        *[ids[id(g)] for g in catalog.topics.values()])
    outputs.append(Output("search/", search_key, multi=lambda: search_files(catalog, cfg, search_memo, idents),
                          memo=search_memo))
    return outputs


# --- render ---------------------------------------------------------------------------------



def _render_chunk(indices: list[int]) -> list[tuple[str, bytes | None]]:
    """Pages rendered in a worker. Into a new site (`into`) or a rebuild's spare files (`staged`:
    path -> the spare file to write), the worker writes them itself and sends back only their
    paths: sending every page's bytes to one writing process made that process the bottleneck of
    a cold build."""
    env, site, outs, into, staged = _WORK["env"], _WORK["site"], _WORK["outputs"], _WORK.get("into"), _WORK.get("staged")
    done: list[tuple[str, bytes | None]] = []
    for i in indices:
        path = outs[i].path
        data = render_page(env, outs[i].page, site).encode("utf-8")
        if into is not None:
            put(into, path, data, _WORK.setdefault("made", set()))
            data = None
        elif staged is not None and path in staged:
            fill(staged[path], data)
            data = None
        done.append((path, data))
    return done


def _run_multi(i: int) -> tuple[list[tuple[str, bytes]], dict | None]:
    """A multi-file output (the search index) in a worker, with what it filled in its memo."""
    o = _WORK["outputs"][i]
    return list(o.multi()), o.memo


def _produce(todo: list[Output], env, site: Site, progress: Progress, jobs: int, into: Path | None = None,
             staged: dict[str, str] | None = None) -> Iterator[tuple[Output, str, bytes | str | None]]:
    """(output, path, bytes) for everything in `todo`; pages render on `jobs` processes when many.
    Workers write their pages themselves, into a new site (`into`, and the bytes are None) or into
    the spare files of a rebuild (`staged`: path -> spare file, and the bytes are that file's path)."""
    pages = [i for i, o in enumerate(todo) if o.page is not None]
    if jobs > 1 and len(pages) >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
        _WORK.update(env=env, site=site, outputs=todo, into=into, staged=staged)
        size = max(20, len(pages) // (jobs * 32))  # small enough that no worker waits long at the end
        chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
        multis = [i for i, o in enumerate(todo) if o.multi is not None and not o.local]
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                # The search index is one long task: start it first so it runs beside the pages.
                pending = [(i, pool.apply_async(_run_multi, (i,))) for i in multis]
                for chunk, rendered in zip(chunks, progress(pool.imap(_render_chunk, chunks), len(chunks), "rendering")):
                    for i, (path, data) in zip(chunk, rendered):
                        yield todo[i], path, staged[path] if data is None and into is None else data
                for i, result in pending:
                    files, memo = result.get()
                    if todo[i].memo is not None and memo is not None:
                        todo[i].memo.clear()
                        todo[i].memo.update(memo)
                    for path, data in files:
                        yield todo[i], path, data
        finally:
            _WORK.clear()
        todo = [o for o in todo if o.multi is None or o.local]
    else:
        for i in progress(pages, len(pages), "rendering"):
            path, data = todo[i].path, render_page(env, todo[i].page, site).encode("utf-8")
            if staged is not None and path in staged:
                fill(staged[path], data)
                data = staged[path]
            yield todo[i], path, data
    for o in todo:
        if o.data is not None:
            yield o, o.path, o.data
        elif o.multi is not None:
            for path, data in o.multi():
                yield o, path, data


def render_site(catalog: Catalog, cfg: Config, templates: Path = TEMPLATES,
                progress: Progress = _no_progress, jobs: int = 1) -> Iterator[tuple[str, bytes]]:
    """Every output file as (relative path, bytes): a cold build without any cache."""
    env = make_env(templates, cfg)
    site = make_site(env, catalog, cfg)
    for _, path, data in _produce(plan_outputs(catalog, cfg, templates, site), env, site, progress, jobs):
        yield path, data


class _SearchAhead:
    """The search index, made in a process of its own from the moment the catalog is known, so it
    runs beside planning and rendering (on a rebuild it is most of the work, and the second core
    would otherwise idle). Whether it is needed is known only after planning; if not, it is dropped.

    The process writes its files into spare files (`spares`, its own share of the pool, see
    writer.Spares), their list into a scratch directory, says so down a pipe, and only then saves its memo
    and the caches in `saves` (this process meanwhile writes the site; a build about to exit need
    not wait for them, `finish`). Sending 20 MB back through a pipe took longer than making them,
    because the receiving thread shares the interpreter with planning and rendering. Files whose
    content-hashed names the site already has are listed, not written (`KEPT`): an edit changes a
    few of the 270 files of a 10,000-paper index. A plain Process (no pool) starts no threads
    here, so forking the render workers later stays safe. Each cache it saves is checked against
    what it describes (papers by content digest, entry files by size and time), so whichever
    build's copy a later build reads is right."""

    def __init__(self, catalog: Catalog, cfg: Config, idents: dict[str, str], store: Cache, out: Path,
                 spares: Spares, saves: dict[str, object]) -> None:
        self.store = store
        self.meanwhile: list[Callable[[], None]] = []
        self.detached = False
        store.root.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(tempfile.mkdtemp(prefix=".search-", dir=store.root))
        self.ready, done = os.pipe()
        _WORK["search"] = (catalog, cfg, idents, self.scratch, store, out, spares, saves, done)
        try:
            self.process = multiprocessing.get_context("fork").Process(target=_search_in_worker, daemon=True)
            self.process.start()
        except BaseException:
            os.close(self.ready)
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise
        finally:
            _WORK.pop("search")
            os.close(done)

    def files(self) -> Iterator[tuple[str, str | object]]:
        """(path, the spare file holding it, or KEPT) for every file of the index."""
        _run(self.meanwhile)  # this process's chores, while the other one finishes
        if os.read(self.ready, 1) != b"1":  # the process ended without saying its files are written
            self.process.join()
            raise RuntimeError(f"the search index process failed (exit code {self.process.exitcode})")
        listed = json.loads((self.scratch / _DONE).read_text(encoding="utf-8"))
        for rel, spare in listed["written"]:
            yield rel, spare
        for rel in listed["kept"]:
            yield rel, KEPT

    def finish(self, wait: bool = True) -> None:
        """Wait for the process to save its caches, or (`wait=False`: this process is about to exit)
        let it finish alone. Only caches: if saving failed, the next build makes them again."""
        if not wait:
            self.detached = True
            return
        self.process.join()
        if self.process.exitcode != 0:
            log.warning("the search index process could not save its caches (exit code %s)", self.process.exitcode)

    def close(self) -> None:
        if not self.detached:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
        os.close(self.ready)
        shutil.rmtree(self.scratch, ignore_errors=True)  # (after the pipe said so, the process has no use for it)


KEPT = object()  # in place of a file's bytes: the site has this file already (its name is its content's hash)


def _batches(items: Iterable[tuple[str, object]]) -> Iterator[dict]:
    batch: dict = {}
    for path, data in items:
        batch[path] = data
        if len(batch) == BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


def _run(chores: list[Callable[[], None]]) -> None:
    """Each chore once, however often this is called with the same list."""
    while chores:
        chores.pop(0)()


_DONE = ".files.json"  # in the scratch directory: the files written, and those kept


def _search_in_worker() -> None:
    catalog, cfg, idents, scratch, store, out, spares, saves, done = _WORK["search"]  # (out: the site being rebuilt)
    memo = store.load("search-terms") or {}  # here, not in the parent: it is on this process's path only
    written, kept = [], []
    for rel, data in search_files(catalog, cfg, memo, idents):
        if rel != MANIFEST_FILE and _has(out / rel, len(data)):
            kept.append(rel)
        else:
            spare = spares.take()[0]
            fill(spare, data)
            written.append((rel, spare))
    (scratch / _DONE).write_text(json.dumps({"written": written, "kept": kept}), encoding="utf-8")
    os.write(done, b"1")
    spares.release()  # (its spares are written: a build after this one may reuse the pool)
    null = os.open(os.devnull, os.O_RDWR)  # the build may exit now: hold none of its output open (`| tee`)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:  # (and a failure here must not print into the user's terminal)
        store.save("search-terms", memo)
        for name, obj in saves.items():
            store.save(name, obj)
    except Exception:
        os._exit(1)


def _has(path: Path, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


# --- build ----------------------------------------------------------------------------------


@contextmanager
def _collector_paused(resume: bool = True) -> Iterator[None]:
    """A build makes tens of thousands of long-lived objects and almost no cycles: the cyclic
    garbage collector would only walk them again and again (and, in forked workers, copy every
    memory page it touches). Without `resume` it stays paused: the first collection after a build
    walks every object the build made (a tenth of a one-paper rebuild), which a process about to
    exit has no use for."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting and resume:
            gc.enable()


@dataclass
class _State:
    """What the last build into one output directory wrote, and from which inputs."""

    key: tuple
    inputs: dict[str, tuple[int, int]]
    outputs: dict[str, str]  # relative path -> digest of its inputs
    multi: dict[str, tuple[str, list[str]]]  # multi-file output -> (digest, the paths it wrote)
    papers: int

    def paths(self) -> set[str]:
        return set(self.outputs) | {p for _, paths in self.multi.values() for p in paths}


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


def _reuse_items(site: Site, store: Cache, look: str, idents: dict[str, str]) -> dict | None:
    """Every paper's list item in `site`: those the last build rendered from the same paper and
    look, from the cache, the rest rendered now. Returns the cache to save, or None if unchanged."""
    stored = store.load("items")
    known = stored["items"] if stored and stored.get("look") == look else {}
    same = {slug: html for slug, (ident, html) in known.items() if idents.get(slug) == ident}
    if not list_items(site, same, idents) and len(same) == len(known):
        return None
    return {"look": look, "items": {slug: (ident, str(site.items[slug])) for slug, ident in idents.items()}}


def spare_dir(cache: Path, out: Path) -> Path:
    """Where the spare files of the site `out` live (`writer.Spares`): in the cache directory, if
    that is on the site's file system (files move between the two by rename), else beside the site."""
    cache.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if os.stat(cache).st_dev == os.stat(out.parent).st_dev:
        return cache / f"spare-{digest(str(out))[:16]}"
    return out.parent / f".{out.name}.spare"


def _input_stats(*roots: Path) -> dict[str, tuple[int, int]]:
    stats = {}
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for name in files:
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                stats[path] = (st.st_size, st.st_mtime_ns)
    return stats


def _count_files(root: Path) -> int:
    """Files under `root` (scandir's entry types spare os.walk's per-entry work: 16,000 files)."""
    n, folders = 0, [root]
    while folders:
        with os.scandir(folders.pop()) as found:
            for e in found:
                if e.is_dir(follow_symlinks=False):
                    folders.append(e.path)
                else:
                    n += 1
    return n


class _Counting:
    """`_count_files(root)` in a forked child, so that a rebuild reads and plans meanwhile: on
    a 16,000-file site the count is a tenth of a one-paper rebuild. `result()` waits for it."""

    def __init__(self, root: Path) -> None:
        self.root, self.pid, self.n = root, 0, None
        if not hasattr(os, "fork"):
            return
        read, write = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if self.pid == 0:  # the child: count, report, and leave without running any cleanup
            code = 1
            try:
                os.close(read)
                os.write(write, str(_count_files(root)).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pipe = read

    def result(self) -> int:
        if self.n is None:
            if not self.pid:
                self.n = _count_files(self.root)
            else:
                try:
                    data = b""
                    while chunk := os.read(self.pipe, 64):
                        data += chunk
                finally:
                    os.close(self.pipe)
                    _, status = os.waitpid(self.pid, 0)
                self.n = int(data) if status == 0 and data else _count_files(self.root)
        return self.n


def _jobs(jobs: int | None) -> int:
    return jobs if jobs else max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                        else os.cpu_count() or 1, 8))


def build(content: Path, out: Path, base_url: str | None = None, templates: Path = TEMPLATES,
          progress: Progress = _no_progress, cache: Path | None = None, jobs: int | None = None,
          keep: list | None = None) -> BuildResult:
    """Build `content` into `out`. `keep`, when given, receives what the build made, so that a
    process about to exit need not free it object by object (nor have the garbage collector,
    paused for the build, walk it once more)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        timings[name] = time.perf_counter() - started - sum(timings.values())

    out = out.resolve()
    store = Cache(cache_dir(content, cache))
    key = (str(out), str(content.resolve()), str(templates.resolve()), base_url)
    state_name = "site-" + digest(str(out))
    state: _State | None = store.load(state_name)
    # Usable only if the output is exactly what the last build left: a file removed by hand, or a
    # build that died while writing, forces a cold build that rewrites everything. Its files are
    # counted meanwhile, and the count awaited only where it decides something.
    writing = state_name + ".writing"  # marked while a rebuild writes into the site
    counting = _Counting(out) if state is not None and state.key == key and not store.marked(writing) \
        and out.is_dir() else None

    def usable() -> bool:
        return counting is not None and counting.result() == len(state.paths())

    with ExitStack() as cleanup:  # (run in reverse order on the way out, whichever way that is)
        if counting is not None:
            cleanup.callback(counting.result)  # reaps the child, when nothing asked for the count
        inputs = _input_stats(content.resolve(), templates.resolve())  # (the same paths, however given)
        if counting is not None and state.inputs == inputs and usable():
            return BuildResult(len(state.paths()), state.papers, time.perf_counter() - started, mode="unchanged")
        lap("check")

        n = _jobs(jobs)
        cleanup.enter_context(_collector_paused(resume=keep is None))  # (`keep`: the caller is about to exit)
        loaded = load(content, base_url, store, n, save=False)
        catalog = derive(loaded.papers, loaded.vocab)
        cfg = loaded.config
        lap("load")
        env = make_env(templates, cfg)
        site = make_site(env, catalog, cfg)
        parallel = n > 1 and len(catalog.papers) >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods()
        spares = Spares.claim(spare_dir(store.root, out))
        cleanup.callback(spares.release)
        if parallel:  # (its share of spare files: as many as the index had; the entries cache to save)
            share = spares.split(len(state.multi.get("search/", ("", ()))[1]) if state is not None else 0)
            ahead = _SearchAhead(catalog, cfg, loaded.idents, store, out, share,
                                 {"entries": loaded.unsaved} if loaded.unsaved is not None else {})
        else:
            ahead = None
        if ahead is not None:
            cleanup.callback(ahead.close)
        search_memo = {} if ahead is not None else store.load("search-terms") or {}
        related_memo = store.load("related") or {}
        related_before = related_memo.get("related")
        look = look_key(templates, site)
        outputs = plan_outputs(catalog, cfg, templates, site, search_memo, related_memo, loaded.idents, look)
        # Cache writes, done while the search process finishes (or at the end, if it never ran).
        chores: list[Callable[[], None]] = []
        items = _reuse_items(site, store, look, loaded.idents)
        if items is not None:
            chores.append(partial(store.save, "items", items))
        if related_memo.get("related") is not related_before:  # (replaced only when something changed)
            chores.append(partial(store.save, "related", related_memo))
        if ahead is not None:
            ahead.meanwhile = chores
            for i, o in enumerate(outputs):
                if o.multi is not None and o.path == "search/":
                    outputs[i] = replace(o, multi=ahead.files, memo=None, local=True)
        lap("plan")
        incremental = usable()
        old = state if incremental else _State(key, {}, {}, {}, 0)
        todo = [o for o in outputs
                if (old.multi.get(o.path, ("",))[0] if o.multi else old.outputs.get(o.path)) != o.digest]
        new = _State(key, inputs, {o.path: o.digest for o in outputs if o.multi is None},
                     {o.path: old.multi[o.path] for o in outputs if o.multi and o not in todo}, len(catalog.papers))
        searching = any(o.multi is not None for o in todo)
        if loaded.unsaved is not None and not (ahead is not None and searching):  # (else the search process saves it)
            chores.append(partial(store.save, "entries", loaded.unsaved))

        def produced(outs: list[Output], into: Path | None = None, staged: dict[str, str] | None = None
                     ) -> Iterator[tuple[str, bytes | str | object | None]]:
            for o, path, data in _produce(outs, env, site, progress, n, into, staged):
                if o.multi is not None:
                    new.multi.setdefault(o.path, (o.digest, []))[1].append(path)
                yield path, data

        if not incremental:
            written, removed = 0, 0
            with new_site(out, spares.dir, len(outputs) // SPARES) as tmp:
                made: set[str] = set()
                for path, data in produced(todo, tmp):
                    if data is KEPT:  # (out is not swapped for tmp before the end)
                        data = (out / path).read_bytes()
                    if isinstance(data, str):
                        move_in(tmp, path, data, made)
                    elif data is not None:
                        put(tmp, path, data, made)
                    written += 1
        else:
            # Pages first, moved in while the search process finishes; then the index.
            last = [o for o in todo if o.multi is not None and o.local]
            first = [o for o in todo if o not in last]
            pages = [o.path for o in first if o.page is not None]
            staged = dict(zip(pages, spares.take(len(pages))))
            # Pages are moved in as they come, while the workers render the next ones. A render
            # that fails puts back what was replaced; a crash while writing forces a cold build.
            written, journal = 0, []
            try:
                for batch in _batches((path, data) for path, data in produced(first, staged=staged) if data is not KEPT):
                    store.mark(writing, True)
                    written += update_site(out, batch, (), spares, journal)
                changed = {path: data for path, data in produced(last) if data is not KEPT}
                gone = old.paths() - new.paths()
                store.mark(writing, True)
                written += update_site(out, changed, gone, spares, journal)
            except BaseException:
                if restore(out, journal):
                    store.mark(writing, False)
                raise
            removed = len(gone)
            # Replaced files beyond twice a cold build's pool keep their inodes, not their bytes (a
            # template change replaces every page: the pool would hold a second copy of the site).
            empty([was for target, was in journal if was is not None and was != target][2 * len(outputs) // SPARES:])
        _run(chores)
        store.save(state_name, new)
        store.mark(writing, False)
        if searching:
            if ahead is None:
                store.save("search-terms", search_memo)
            else:
                ahead.finish(wait=keep is None)  # (it saves its own)
        lap("render+write")
        if keep is not None:
            keep.append((loaded, catalog, outputs, old, new, env, site))
        return BuildResult(len(new.paths()), len(catalog.papers), time.perf_counter() - started, written, removed,
                           "incremental" if incremental else "cold", len(todo), timings)
