"""Incremental builds must equal cold builds byte for byte, and a damaged cache must never leak
into the site."""

from __future__ import annotations

import json
import time
import shutil
from pathlib import Path

import pytest

from generator.build import TEMPLATES, build, spare_dir
from generator.entries import read_entry, render_entry
from tests.sitecheck import snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def tree(tmp_path):
    """A 40-paper copy of the real catalog, its own templates and cache."""
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for path in sorted((ROOT / "content" / "papers").glob("*.md"))[::9]:
        shutil.copy(path, content / "papers" / path.name)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return content, templates, tmp_path / "cache", tmp_path / "site"


def _build(tree, **kw):
    content, templates, cache, out = tree
    return build(content, out, templates=templates, cache=cache, jobs=1, **kw)


def _cold(tree, tmp_path) -> dict[str, bytes]:
    content, templates, _, _ = tree
    fresh = tmp_path / "cold-site"
    shutil.rmtree(fresh, ignore_errors=True)
    build(content, fresh, templates=templates, cache=tmp_path / "cold-cache", jobs=1)
    _delete_cache(tmp_path / "cold-cache")
    return snapshot(fresh)


def _delete_cache(cache: Path) -> None:
    """Delete a cache directory as soon as the cold build before has finished filling its pool of
    spare files (in a detached process: until then, deleting may meet files still being made)."""
    for _ in range(200):
        try:
            shutil.rmtree(cache)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.05)
    shutil.rmtree(cache)


def _edit(path: Path, **changes) -> None:
    entry = read_entry(path)
    entry.meta.update(changes)
    path.write_text(render_entry(entry.meta, entry.body), encoding="utf-8")


def test_nothing_changed_writes_nothing(tree):
    assert _build(tree).mode == "cold"
    before = {p: p.stat().st_mtime_ns for p in tree[3].rglob("*")}
    result = _build(tree)
    assert (result.mode, result.written) == ("unchanged", 0)
    assert {p: p.stat().st_mtime_ns for p in tree[3].rglob("*")} == before


def test_title_edit_rewrites_only_pages_that_show_it(tree, tmp_path):
    _build(tree)
    papers = sorted((tree[0] / "papers").glob("*.md"))
    _edit(papers[3], title="A completely new title")
    result = _build(tree)
    assert result.mode == "incremental"
    # Papers come back from the cache as other objects than freshly read ones: their digests must
    # still agree, or every page would be rendered again (and only byte comparison would hide it).
    assert 0 < result.written and 0 < result.rendered < result.files / 5
    assert snapshot(tree[3]) == _cold(tree, tmp_path)
    assert "A completely new title" in (tree[3] / "papers" / papers[3].stem / "index.html").read_text()


def test_added_paper_renders_only_what_shows_it(tree, tmp_path):
    """Nothing site-wide may depend on how many papers there are: once the paper count was part of
    every page's digest, so adding one paper rendered the whole site again (writing only what
    changed, which hid it)."""
    content = tree[0]
    _build(tree)
    source = ROOT / "content" / "papers"
    new = next(p for p in sorted(source.glob("*.md")) if not (content / "papers" / p.name).exists())
    shutil.copy(new, content / "papers" / new.name)
    result = _build(tree)
    assert result.mode == "incremental"
    assert 0 < result.written and 0 < result.rendered < result.files / 2
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


@pytest.mark.parametrize("change", ["add", "delete", "template", "item", "vocabulary", "config", "tags", "static"])
def test_incremental_equals_cold(tree, tmp_path, change):
    content, templates, _, out = tree
    _build(tree)
    papers = sorted((content / "papers").glob("*.md"))
    if change == "add":
        source = ROOT / "content" / "papers"
        new = next(p for p in sorted(source.glob("*.md")) if not (content / "papers" / p.name).exists())
        shutil.copy(new, content / "papers" / new.name)
    elif change == "delete":
        papers[5].unlink()
    elif change == "template":
        page = templates / "paper.html"
        page.write_text(page.read_text().replace("<h2 id=\"abstract-h\">Abstract</h2>", "<h2 id=\"abstract-h\">Summary</h2>"))
    elif change == "item":  # the list item every list page shows, kept between builds (`_reuse_items`)
        meta = templates / "partials" / "paper_meta.html"
        meta.write_text(meta.read_text().replace('<span class="venue">', '<span class="venue" title="venue">'))
    elif change == "vocabulary":
        tags = content / "tags.yml"
        tags.write_text(tags.read_text().replace("label: Diffusion models", "label: Diffusion (generative) models"))
    elif change == "config":
        cfg = content / "catalog.yml"
        cfg.write_text(cfg.read_text().replace("per_page: 50", "per_page: 7"))
    elif change == "tags":
        _edit(papers[1], tags_exclude=[t for t in ("transformers", "attention")], upvotes=99)
    elif change == "static":
        css = templates / "static" / "style.css"
        css.write_text(css.read_text() + "\n/* changed */\n")
    result = _build(tree)
    assert result.mode == "incremental", result
    assert snapshot(out) == _cold(tree, tmp_path)


def test_corrupted_cache_is_detected_and_rebuilt(tree, tmp_path, caplog):
    _build(tree)
    cache = tree[2]
    for f in cache.glob("*.pickle"):
        data = bytearray(f.read_bytes())
        data[-10] ^= 0xFF  # flip a byte in the payload: the checksum no longer matches
        f.write_bytes(bytes(data))
    papers = sorted((tree[0] / "papers").glob("*.md"))
    _edit(papers[2], title="After the cache broke")
    result = _build(tree)
    assert result.mode == "cold"
    assert "checksum mismatch" in caplog.text
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_garbage_and_missing_cache_files(tree, tmp_path):
    _build(tree)
    for f in tree[2].glob("*.pickle"):
        f.write_bytes(b"not a cache at all")
    assert _build(tree).mode == "cold"
    _delete_cache(tree[2])
    assert _build(tree).mode == "cold"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_stale_output_is_detected(tree, tmp_path):
    """A file deleted from the site by hand is noticed and the site rebuilt whole."""
    _build(tree)
    victim = next((tree[3] / "papers").glob("*/index.html"))
    victim.unlink()
    result = _build(tree)
    assert result.mode == "cold"
    assert victim.is_file()
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def _leftovers(out: Path) -> list[str]:
    """Scratch directories a build left beside its site."""
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def test_a_rebuild_that_dies_while_writing_forces_a_cold_build(tree, tmp_path, monkeypatch):
    """Half of a rebuild's files written, then a crash: the site is a mix of two builds, so the next
    build must not trust it (nor call it unchanged), and rebuilds it whole."""
    import generator.build as build_module

    _build(tree)
    paper = next((tree[0] / "papers").glob("*.md"))
    paper.write_text(paper.read_text(encoding="utf-8").replace("title: ", "title: Crashed ", 1), encoding="utf-8")

    def dies(out, changed, gone, spares, journal):
        for rel, data in list(changed.items())[: len(changed) // 2]:
            (out / rel).write_bytes(Path(data).read_bytes() if isinstance(data, str) else data)  # (str: a staged file)
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(build_module, "update_site", dies)
        m.setattr(build_module, "restore", lambda out, journal: False)  # a process that died puts nothing back
        with pytest.raises(KeyboardInterrupt):
            _build(tree)
    result = _build(tree)
    assert result.mode == "cold"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)
    assert _build(tree).mode == "unchanged"


def test_broken_entry_keeps_site_and_cache_usable(tree, tmp_path):
    from generator.errors import PapercatError

    _build(tree)
    before = snapshot(tree[3])
    bad = tree[0] / "papers" / "zz-broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(PapercatError):
        _build(tree)
    assert snapshot(tree[3]) == before
    bad.unlink()
    assert _build(tree).mode == "unchanged"


def test_parallel_cold_build_equals_serial_and_keeps_search_memo(tree, tmp_path, monkeypatch):
    """Pages and the search index render in worker processes; the terms the worker computed for
    the index come back to be cached, and the site equals a one-process build."""
    import generator.build as build_module
    from generator.cache import Cache

    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    content, templates, cache, out = tree
    result = build(content, out, templates=templates, cache=cache, jobs=2)
    assert result.mode == "cold"
    memo = Cache(cache).load("search-terms")
    assert len(memo["postings"].keys) == len(memo["snippets"]) == len(list((content / "papers").glob("*.md")))
    assert snapshot(out) == _cold(tree, tmp_path)


def test_parallel_rebuild_with_the_search_index_made_ahead_equals_cold(tree, tmp_path, monkeypatch):
    """With two processes the search index starts in its own process before planning; a rebuild
    after an edit collects it, keeps its memo, and equals a cold build."""
    import generator.build as build_module
    from generator.cache import Cache

    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    content, templates, cache, out = tree
    assert build(content, out, templates=templates, cache=cache, jobs=2).mode == "cold"
    path = sorted((content / "papers").glob("*.md"))[3]
    _edit(path, title="Zebrafish locomotion decoded")
    result = build(content, out, templates=templates, cache=cache, jobs=2)
    assert result.mode == "incremental"
    memo = Cache(cache).load("search-terms")
    assert len(memo["postings"].keys) == len(memo["snippets"]) == len(list((content / "papers").glob("*.md")))
    assert snapshot(out) == _cold(tree, tmp_path)
    manifest = json.loads((out / "search" / "manifest.json").read_text())
    assert "zebrafish" in json.loads((out / "search" / manifest["terms"]).read_text())
    assert result.rendered > 1  # pages rendered by the workers, moved in from the spare files they wrote
    assert _leftovers(out) == []


@pytest.mark.parametrize("then", ["incremental", "cold"])
def test_search_files_the_site_has_are_kept_not_rewritten(tree, tmp_path, monkeypatch, then):
    """The search process writes only the index files whose content-hashed names the site lacks. A
    rebuild leaves the others alone; a cold build (here: a page was deleted by hand) copies them
    from the old site into the new one."""
    import generator.build as build_module
    import generator.search_index as search_index

    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(search_index, "SHARD_BYTES", 2_000)  # many small files, as a large catalog has
    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 4)
    content, templates, cache, out = tree
    build(content, out, templates=templates, cache=cache, jobs=2)
    before = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Zebrafish locomotion decoded")
    if then == "cold":
        next((out / "papers").iterdir()).joinpath("index.html").unlink()
    result = build(content, out, templates=templates, cache=cache, jobs=2)
    assert result.mode == then
    assert snapshot(out) == _cold(tree, tmp_path)
    after = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    untouched = [p for p in after if before.get(p) == after[p]]
    if then == "incremental":
        assert untouched and len(untouched) < len(after)
    else:
        assert not untouched  # a new site: every file is new, kept ones copied
        assert set(after) & set(before)  # ... and some carry the names they had


def test_paper_digests_kept_with_cached_entries_match_the_papers(tree, tmp_path):
    """Page digests use each paper's digest as computed when its entry was read; read again from
    the cache, it must still be the digest of exactly that paper."""
    from generator.build import load
    from generator.cache import Cache, digest

    content = tree[0]
    store = Cache(tmp_path / "idents")
    for _ in range(2):  # fresh, then from the cache
        loaded = load(content, cache=store)
        assert loaded.idents == {p.slug: digest(repr(p)) for p in loaded.papers}


def test_a_replaced_site_is_deleted_in_the_background(tree, tmp_path):
    """A cold build into an existing site swaps the new one in and leaves deleting the old one to a
    detached process: the new site is complete at once, and the old one is gone soon after."""
    content, templates, cache, out = tree
    _build(tree)
    _delete_cache(cache)  # no usable state: the next build is cold and replaces the whole site
    (out / "stray.txt").write_text("left in the old site", encoding="utf-8")
    assert _build(tree).mode == "cold"
    assert not (out / "stray.txt").exists()
    assert snapshot(out) == _cold(tree, tmp_path)

    for _ in range(400):
        if not _leftovers(out):
            break
        time.sleep(0.05)
    assert _leftovers(out) == []


def test_without_fork_the_count_and_the_old_site_are_done_in_process(tree, tmp_path, monkeypatch):
    """Where processes cannot fork, the site's files are counted and a replaced site deleted by the
    build itself, with the same results."""
    import os

    content, templates, cache, out = tree
    _build(tree)
    monkeypatch.delattr(os, "fork")
    assert _build(tree).mode == "unchanged"
    next((out / "papers").iterdir()).joinpath("index.html").unlink()  # the site is not what was built
    assert _build(tree).mode == "cold"
    assert snapshot(out) == _cold(tree, tmp_path)
    assert _leftovers(out) == []  # deleted already


def test_list_items_are_rendered_once_and_kept_between_builds(tree, monkeypatch):
    """Every list page shows papers as the same list item: each is rendered once per build, and a
    rebuild renders only the items of papers that changed (adding a paper re-renders a thousand
    list pages at 10,000 papers, which would otherwise render every item again)."""
    from generator import render

    rendered: list[str] = []
    original = render._Items.__missing__
    monkeypatch.setattr(render._Items, "__missing__", lambda items, slug: rendered.append(slug) or original(items, slug))
    content = tree[0]
    papers = sorted((content / "papers").glob("*.md"))
    _build(tree)
    assert sorted(rendered) == sorted(read_entry(p).meta["slug"] for p in papers)
    rendered.clear()
    _edit(papers[3], title="A title only the item shows anew")
    assert _build(tree).mode == "incremental"
    assert rendered == [read_entry(papers[3]).meta["slug"]]


def _inodes(*roots: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for root in roots for p in root.rglob("*") if p.is_file()}


def _inodes_of_spares(pool: Path) -> dict[Path, int]:
    return {p: ino for p, ino in _inodes(pool).items() if not p.name.startswith(".")}  # (not its .lock)


def test_rebuilds_write_into_spare_files_and_free_no_inodes(tree, tmp_path):
    """A rebuild writes its files into spare files beside the site and keeps the files it replaces
    as spares, so it neither frees inodes nor takes new ones: on ext4 without a journal, freed
    inodes made every new file of the next builds slow (`writer.Spares`)."""
    content, _, _, out = tree
    spares = spare_dir(tree[2], out)  # (in the cache directory)
    paper = sorted((content / "papers").glob("*.md"))[3]
    _build(tree)
    _edit(paper, title="First new title")
    assert _build(tree).mode == "incremental"  # the pool starts with the files this replaced
    site_before, pool = _inodes(out), set(_inodes_of_spares(spares).values())
    _edit(paper, title="Other new title")
    result = _build(tree)
    assert result.mode == "incremental" and result.written > 5
    site_after = _inodes(out)
    rewritten = {ino for path, ino in site_after.items() if site_before.get(path) != ino}
    assert len(rewritten) == result.written and rewritten <= pool
    assert set(site_after.values()) | set(_inodes_of_spares(spares).values()) == set(site_before.values()) | pool
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_spare_file_linked_elsewhere_is_never_written_over(tree, tmp_path):
    """A spare that is also a file elsewhere (a hard-link backup of the site, a replace that failed
    halfway) is not written in place: the other name keeps its bytes."""
    import os

    content, _, _, out = tree
    spares = spare_dir(tree[2], out)  # (in the cache directory)
    paper = sorted((content / "papers").glob("*.md"))[3]
    _build(tree)
    _edit(paper, title="First new title")
    _build(tree)
    kept, *others = sorted(spares.iterdir())
    for other in others:  # only one spare left: the next rebuild takes it first
        other.unlink()
    backup = tmp_path / "backup.html"
    os.link(kept, backup)
    saved = backup.read_bytes()
    _edit(paper, title="Other new title")
    assert _build(tree).mode == "incremental"
    assert backup.read_bytes() == saved
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_cold_build_leaves_spare_files_for_the_rebuilds_to_come(tree, tmp_path):
    """After a cold build, a detached process fills the pool of spares with files of the site it
    replaced (new empty ones when there was none), so the rebuilds that follow take no new inodes."""
    import generator.build as build_module

    content, _, cache, out = tree
    spares = spare_dir(tree[2], out)  # (in the cache directory)
    _build(tree)
    replaced = set(_inodes(out).values())
    _delete_cache(cache)  # (and the spares in it)
    result = _build(tree)
    assert result.mode == "cold"
    for _ in range(400):
        if not _leftovers(out) and len(_inodes_of_spares(spares)) >= result.files // build_module.SPARES // 2:
            break
        time.sleep(0.05)
    pool = set(_inodes_of_spares(spares).values())
    assert len(pool) >= result.files // build_module.SPARES // 2 and pool <= replaced
    before = _inodes(out)
    _edit(sorted((content / "papers").glob("*.md"))[3], title="A new title")
    result = _build(tree)
    assert result.mode == "incremental"
    rewritten = {ino for path, ino in _inodes(out).items() if before.get(path) != ino}
    assert rewritten and rewritten <= pool
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_rebuild_whose_rendering_fails_midway_puts_back_what_it_had_replaced(tree, tmp_path, monkeypatch):
    """A rebuild moves pages into the site as they are rendered. If rendering then fails (a
    template error on some page), every file it had replaced is put back from the spares and every
    new one removed: the site is exactly the last build's, and the next build may trust it."""
    import generator.build as build_module

    content, templates, _, out = tree
    _build(tree)
    before = snapshot(out)
    new = ROOT / "content" / "papers"
    added = next(p for p in sorted(new.glob("*.md")) if not (content / "papers" / p.name).exists())
    shutil.copy(added, content / "papers" / added.name)  # a new page, and new list pages
    page = templates / "partials" / "paper_meta.html"
    page.write_text(page.read_text().replace('<p class="meta">', '<p class="meta" data-x="1">'))  # every list page
    calls = {"n": 0}
    render = build_module.render_page

    def fails_late(env, page, site):
        calls["n"] += 1
        if calls["n"] == 60:
            raise RuntimeError("a template error on the 60th page")
        return render(env, page, site)

    with monkeypatch.context() as m:
        m.setattr(build_module, "BATCH", 10)
        m.setattr(build_module, "render_page", fails_late)
        with pytest.raises(RuntimeError, match="60th page"):
            _build(tree)
    assert calls["n"] == 60
    assert snapshot(out) == before
    result = _build(tree)
    assert result.mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_pool_another_build_holds_is_not_written_over(tree, tmp_path):
    """While another build holds the pool of spare files (its lock), a rebuild writes new files
    and leaves the pool's own files as they are: two builds must never fill the same spare."""
    from generator.writer import Spares

    content, _, _, out = tree
    spares = spare_dir(tree[2], out)
    paper = sorted((content / "papers").glob("*.md"))[3]
    _build(tree)
    _edit(paper, title="First new title")
    _build(tree)
    pool = {p: (p.stat().st_ino, p.read_bytes()) for p in spares.iterdir() if not p.name.startswith(".")}
    other = Spares.claim(spares)
    try:
        assert other.lock is not None
        _edit(paper, title="Other new title")
        result = _build(tree)
        assert result.mode == "incremental" and result.written > 5
        assert {p: (p.stat().st_ino, p.read_bytes()) for p in pool} == pool
        assert not {ino for ino, _ in pool.values()} & set(_inodes(out).values())
    finally:
        other.release()
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_rebuild_of_every_page_keeps_the_bytes_of_few_spares(tree, tmp_path):
    """A template change replaces every page; the pool keeps them all as spares (inodes), but only
    twice a cold build's pool worth of them keep their old bytes."""
    import generator.build as build_module

    content, templates, _, out = tree
    _build(tree)
    page = templates / "base.html"
    page.write_text(page.read_text().replace("<body", "<body data-x=\"1\"", 1))
    result = _build(tree)
    assert result.mode == "incremental" and result.written > 150
    sizes = [p.stat().st_size for p in spare_dir(tree[2], out).iterdir() if not p.name.startswith(".")]
    assert len(sizes) >= result.written
    assert 0 < sum(1 for n in sizes if n) <= 2 * result.files // build_module.SPARES + result.files // build_module.SPARES
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_build_about_to_exit_leaves_the_search_process_to_save_its_caches(tree, tmp_path, monkeypatch):
    """The command (`keep` given: it exits right after) does not wait for the search process to
    save its caches; the process saves them alone, and the next build uses them."""
    import gc

    import generator.build as build_module
    from generator.cache import Cache

    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    content, templates, cache, out = tree
    build(content, out, templates=templates, cache=cache, jobs=2)
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Zebrafish locomotion decoded")
    save = Cache.save

    def slow(self, name, obj):  # (in the search process: still saving when the build returns)
        if name == "search-terms":
            time.sleep(0.5)
        save(self, name, obj)

    monkeypatch.setattr(Cache, "save", slow)
    try:
        result = build(content, out, templates=templates, cache=cache, jobs=2, keep=[])
    finally:
        gc.enable()  # (a build told it is about to exit leaves the collector paused)
    assert result.mode == "incremental"
    for _ in range(400):
        memo = Cache(cache).load("search-terms")
        if memo is not None and "zebrafish" in memo["postings"].vocab:
            break
        time.sleep(0.05)
    assert "zebrafish" in memo["postings"].vocab
    assert build(content, out, templates=templates, cache=cache, jobs=2).mode == "unchanged"
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Zebrafish locomotion decoded again")
    assert build(content, out, templates=templates, cache=cache, jobs=2).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
