"""Incremental builds must equal cold builds byte for byte, and a damaged cache must never leak
into the site."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.build import TEMPLATES, build
from generator.entries import read_entry, render_entry
from tests.sitecheck import snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def tree(tmp_path, monkeypatch):
    """A 40-paper copy of the real catalog, its own templates and cache; its paper pages planned in
    runs of 4 (pages.Unit), so that rebuilds take some runs from the last build and plan others."""
    from generator import pages

    monkeypatch.setattr(pages, "PAPERS_PER_UNIT", 4)
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml", "venues.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for path in sorted((ROOT / "content" / "papers").glob("*.md"))[::9]:
        shutil.copy(path, content / "papers" / path.name)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return content, templates, tmp_path / "cache", tmp_path / "site"


def _build(tree, **kw):
    content, templates, cache, out = tree
    return build(content, out, templates=templates, cache=cache, jobs=1, **kw)


def _cold(tree, tmp_path, **kw) -> dict[str, bytes]:
    content, templates, _, _ = tree
    fresh = tmp_path / "cold-site"
    shutil.rmtree(fresh, ignore_errors=True)
    build(content, fresh, templates=templates, cache=tmp_path / "cold-cache", jobs=1, **kw)
    shutil.rmtree(tmp_path / "cold-cache")  # (a cache is safe to delete the moment a build returns)
    return snapshot(fresh)


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


def test_timings_give_each_step_and_the_index_on_its_worker(tree):
    result = _build(tree)
    steps = {name: seconds for name, seconds in result.timings.items() if name != "index"}
    assert list(steps) == ["load", "plan", "render+index", "write"] and sum(steps.values()) <= result.seconds
    # the index starts on its worker during planning and is done before rendering and indexing end
    assert 0 < result.timings["index"] <= steps["plan"] + steps["render+index"]


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


@pytest.mark.parametrize("change", ["add", "delete", "template", "item", "vocabulary", "config", "site_url", "tags",
                                    "static"])
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
    elif change == "site_url":  # a sitemap appears, feed ids and canonical links change
        assert not (out / "sitemap.xml").exists()
        cfg = content / "catalog.yml"
        cfg.write_text(cfg.read_text() + "site_url: https://example.org/c/\n")
    elif change == "tags":
        _edit(papers[1], tags_exclude=[t for t in ("transformers", "attention")], upvotes=99)
    elif change == "static":
        css = templates / "static" / "style.css"
        css.write_text(css.read_text() + "\n/* changed */\n")
    result = _build(tree)
    assert result.mode == "incremental", result
    assert snapshot(out) == _cold(tree, tmp_path)
    if change == "site_url":  # and back: the sitemap is taken out
        assert (out / "sitemap.xml").is_file()
        cfg.write_text(cfg.read_text().replace("site_url: https://example.org/c/\n", ""))
        assert _build(tree).mode == "incremental"
        assert snapshot(out) == _cold(tree, tmp_path) and not (out / "sitemap.xml").exists()


def test_venue_changes_equal_cold(tree, tmp_path):
    """venues.yml is read with the entries (their venues resolve through it): a change to it, and to
    an entry's venue, rebuild the venue pages, the paper pages and the citations as a cold build does."""
    content, _, _, out = tree
    papers = sorted((content / "papers").glob("*.md"))
    _edit(papers[2], venue="NIPS 2019")
    _edit(papers[6], venue="Foo 2025")
    _build(tree)
    slug = read_entry(papers[2]).meta["slug"]
    assert "NeurIPS 2019" in (out / "venues" / "neurips" / "2019" / "index.html").read_text()
    assert not (out / "venues" / "foo").exists()
    venues = content / "venues.yml"
    venues.write_text(venues.read_text().replace("  name: NeurIPS\n", "  name: NeurIPS Conf\n")
                      + "foo:\n  name: Foo\n  full_name: Foo Workshop on Bars\n  kind: workshop\n")
    result = _build(tree)
    assert result.mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
    assert "Foo Workshop on Bars" in (out / "venues" / "foo" / "index.html").read_text()
    assert "NeurIPS Conf 2019" in (out / "papers" / slug / "index.html").read_text()
    _edit(papers[2], venue="Transactions on Machine Learning Research")
    result = _build(tree)
    assert result.mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
    assert not (out / "venues" / "neurips").exists()
    cited = json.loads((out / "papers" / slug / f"{slug}.json").read_text())  # (BibTeX: @misc, as no author is named)
    assert [item["type"] for item in cited] == ["article-journal"]


def test_turning_drafts_on_and_off_equals_cold(tree, tmp_path):
    """`build --drafts` (and `serve`) into the same site as `build`: with the same input files, a
    build that shows drafts is not one with nothing to do, and each equals its cold build."""
    content, _, _, out = tree
    papers = sorted((content / "papers").glob("*.md"))
    _edit(papers[4], draft=True)
    slug = read_entry(papers[4]).meta["slug"]
    assert _build(tree).mode == "cold"
    without = _cold(tree, tmp_path)
    assert snapshot(out) == without and not (out / "papers" / slug).exists()

    shown = _build(tree, drafts=True)
    assert (shown.mode, shown.papers) == ("incremental", len(papers))
    assert 0 < shown.rendered < shown.files / 2  # (what the draft appears in, not the whole site)
    assert snapshot(out) == _cold(tree, tmp_path, drafts=True)
    assert "badge-draft" in (out / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert _build(tree, drafts=True).mode == "unchanged"

    hidden = _build(tree)
    assert (hidden.mode, hidden.papers) == ("incremental", len(papers) - 1)
    assert snapshot(out) == without
    # Editing a draft while drafts are hidden changes nothing published.
    _edit(papers[4], title="A new title for the draft")
    assert _build(tree).written == 0 and snapshot(out) == without


def _cache_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".json", ".npz")]


def test_corrupted_cache_is_detected_and_rebuilt(tree, tmp_path, caplog):
    _build(tree)
    files = _cache_files(tree[2])
    assert {p.name for p in files} >= {"state.json", "entries.0.json", "search-postings.npz", "search-places.npz",
                                       "related.json", "cited.0.json", "items.0.json"}
    for f in files:
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0xFF  # one byte flipped
        f.write_bytes(bytes(data))
    papers = sorted((tree[0] / "papers").glob("*.md"))
    _edit(papers[2], title="After the cache broke")
    _build(tree)
    assert "ignoring cache file" in caplog.text
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_garbage_and_missing_cache_files(tree, tmp_path):
    _build(tree)
    for f in _cache_files(tree[2]):
        f.write_bytes(b"not a cache at all")
    assert _build(tree).mode == "cold"
    shutil.rmtree(tree[2])
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


@pytest.mark.parametrize("way", ["one process", "beside", "one at a time"])
def test_stale_output_is_detected_in_a_rebuild_with_work_to_do(tree, tmp_path, monkeypatch, way):
    """The same with an entry edited too: the whole site is made, and nothing of a first try is left.
    Whether the site lacks a file is then checked by the index's process (build.side_work): in one
    process; in a process beside the build's own; or, as for a big catalog, before the catalog is
    read (parallel.one_at_a_time)."""
    import generator.parallel as parallel_module

    jobs = 1 if way == "one process" else 2
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 1)
    if way == "one at a time":
        monkeypatch.setattr(parallel_module, "ONE_AT_A_TIME_FROM", 1)
    content, templates, cache, out = tree
    build(content, out, templates=templates, cache=cache, jobs=jobs)
    victim = next((out / "tags").glob("*/index.html"))
    victim.unlink()
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Edited while a page was gone")
    result = build(content, out, templates=templates, cache=cache, jobs=jobs)
    assert result.mode == "cold" and victim.is_file()
    assert snapshot(out) == _cold(tree, tmp_path)
    assert _leftovers(out) == []
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Edited once the page was back")
    assert build(content, out, templates=templates, cache=cache, jobs=jobs).mode == "incremental"


def _leftovers(out: Path) -> list[str]:
    """Scratch directories a build left beside its site."""
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def test_a_rebuild_that_dies_while_moving_files_in_forces_a_cold_build(tree, tmp_path, monkeypatch):
    """Half of a rebuild's files moved in, then a crash: the site is a mix of two builds, so the
    next build must not trust it (nor call it unchanged), and rebuilds it whole."""
    import generator.writer as writer

    _build(tree)
    paper = next((tree[0] / "papers").glob("*.md"))
    _edit(paper, title="Crashed halfway")
    real = writer.os.replace
    calls = []

    def dies(src, dst):
        if str(dst).startswith(str(tree[3]) + "/"):  # (a file moved into the site)
            calls.append(dst)
            if len(calls) == 3:
                raise KeyboardInterrupt
        real(src, dst)

    with monkeypatch.context() as m:
        m.setattr(writer.os, "replace", dies)
        with pytest.raises(KeyboardInterrupt):
            _build(tree)
    assert len(calls) == 3 and _leftovers(tree[3]) == []  # (the staging directory went with the failed build)
    result = _build(tree)
    assert result.mode == "cold"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)
    assert _build(tree).mode == "unchanged"


def test_a_rebuild_that_fails_while_rendering_leaves_the_site_as_it_was(tree, tmp_path, monkeypatch):
    import generator.render as render

    _build(tree)
    before = snapshot(tree[3])
    _edit(sorted((tree[0] / "papers").glob("*.md"))[4], title="Never published")
    real = render.Renderer.page
    count = iter(range(1_000_000))

    def fails_late(self, page):
        if next(count) == 5:
            raise RuntimeError("template blew up")
        return real(self, page)

    with monkeypatch.context() as m:
        m.setattr(render.Renderer, "page", fails_late)
        with pytest.raises(RuntimeError):
            _build(tree)
    assert snapshot(tree[3]) == before
    assert _leftovers(tree[3]) == []
    assert _build(tree).mode == "incremental"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


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


@pytest.mark.parametrize("one_at_a_time", [False, True])
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_builds_equal_a_one_process_build(tree, tmp_path, monkeypatch, method, one_at_a_time):
    """Entries read, pages rendered and the index made on worker processes, started by fork or by
    spawn (as on macOS and Windows): the same site as one process makes, cold and after an edit.
    `one_at_a_time`: as a big catalog is built (from `ONE_AT_A_TIME_FROM` papers), the index and
    the citation files by a process that reads the catalog itself and ends first, then every page
    rendered as soon as it is planned (and let go)."""
    import generator.parallel as parallel_module

    monkeypatch.setenv("PAPERCAT_START_METHOD", method)
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 1)
    if one_at_a_time:
        monkeypatch.setattr(parallel_module, "ONE_AT_A_TIME_FROM", 1)
    content, templates, cache, out = tree
    assert build(content, out, templates=templates, cache=cache, jobs=2).mode == "cold"
    assert snapshot(out) == _cold(tree, tmp_path)
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Zebrafish locomotion decoded")
    result = build(content, out, templates=templates, cache=cache, jobs=2)
    assert result.mode == "incremental" and result.rendered > 1
    assert snapshot(out) == _cold(tree, tmp_path)
    manifest = json.loads((out / "search" / "manifest.json").read_text())
    assert "zebrafish" in json.loads((out / "search" / manifest["terms"]).read_text())
    assert _leftovers(out) == []


def test_search_files_the_site_has_are_kept_not_rewritten(tree, tmp_path, monkeypatch):
    """An index file whose content-hashed name the site has already is left alone by a rebuild."""
    import generator.search_index as search_index

    monkeypatch.setattr(search_index, "SHARD_BYTES", 2_000)  # many small files, as a large catalog has
    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 4)
    content, templates, cache, out = tree
    _build(tree)
    before = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    _edit(sorted((content / "papers").glob("*.md"))[3], title="Zebrafish locomotion decoded")
    assert _build(tree).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
    after = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    untouched = [p for p in after if before.get(p) == after[p]]
    assert untouched and len(untouched) < len(after)


def test_paper_digests_kept_with_cached_entries_match_the_papers(tree, tmp_path):
    """Page digests use each paper's digest as computed when its entry was read; read again from
    the cache, it must still be the digest of exactly that paper."""
    from generator.catalog import load
    from generator.model import paper_digest
    from generator.store import Store

    store = Store(tmp_path / "digests")
    for _ in range(2):  # fresh, then from the cache
        loaded = load(tree[0], store=store)
        assert loaded.digests == {p.slug: paper_digest(p) for p in loaded.papers}
    assert (tmp_path / "digests" / "entries.0.json").is_file()


def test_a_curators_note_adds_no_tag_or_topic(tree, tmp_path):
    """Tags and topics come from the title and abstract only: a note below the abstract that names
    diffusion models and GANs changes neither, but is shown on the paper page."""
    from generator.catalog import derive, load

    content = tree[0]
    path = next(p for p in sorted((content / "papers").glob("*.md"))
                if "diffusion" not in p.read_text().lower() and "gan" not in p.read_text().lower())
    before = {p.slug: (p.tags, p.topics) for p in load(content).papers}
    entry = read_entry(path)
    note = "Curator's note: unlike diffusion models and GANs, this needs no sampling."
    path.write_text(render_entry(entry.meta, entry.body.rstrip("\n") + "\n\n" + note + "\n"), encoding="utf-8")
    loaded = load(content)
    assert {p.slug: (p.tags, p.topics) for p in loaded.papers} == before
    catalog = derive(loaded.papers, loaded.vocab)
    assert catalog.papers[entry.meta["slug"]].abstract == entry.abstract
    _build(tree)
    assert "unlike diffusion models and GANs" in (tree[3] / "papers" / entry.meta["slug"] / "index.html").read_text()


def test_a_cache_never_runs_code(tree, tmp_path):
    """Cache files someone else wrote (a pickle that would run a command, an array file holding
    objects) are data papercat ignores: the build succeeds, nothing runs."""
    import pickle
    import zipfile

    import numpy as np

    from generator.store import _MAGIC, code_version, digest

    _build(tree)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for f in _cache_files(tree[2]):
        body = pickle.dumps(Payload())
        if f.suffix == ".npz":
            buffer = tmp_path / "objects.npz"
            np.savez(buffer, postings=np.array([Payload()], dtype=object))
            body = buffer.read_bytes()
            assert zipfile.is_zipfile(buffer)
        # (with this papercat's own header and a right checksum: anyone can write those)
        f.write_bytes(b"%s %s %s\n" % (_MAGIC, code_version().encode(), digest(body).encode()) + body)
    _edit(sorted((tree[0] / "papers").glob("*.md"))[1], title="After the cache was forged")
    _build(tree)
    assert not marker.exists()
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_a_cache_directory_tracked_by_git_is_refused(tree, tmp_path):
    import subprocess

    from generator.errors import PapercatError

    content, templates, _, out = tree
    repo = tmp_path / "repo"
    cache = repo / ".papercat-cache"
    cache.mkdir(parents=True)
    (cache / "state.json").write_text("{}")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-f", "."], check=True)
    with pytest.raises(PapercatError, match="tracked by git"):
        build(content, out, templates=templates, cache=cache, jobs=1)
    assert not out.exists()


def test_two_catalogs_sharing_a_parent_and_a_cache_root_never_collide(tmp_path):
    from tests.conftest import build_tree

    root = tmp_path / "cache-root"
    sites = {}
    for name, title in (("one", "Alpha paper on graphs"), ("two", "Beta paper on speech")):
        content = build_tree(tmp_path / "shared" / name, {
            "tags.yml": (ROOT / "content" / "tags.yml").read_text(), "topics.yml": (ROOT / "content" / "topics.yml").read_text(),
            "papers/p.md": f"---\ntitle: {title}\nslug: p\n---\n\nAn abstract about {title.lower()}.\n"})
        sites[name] = tmp_path / "shared" / f"site-{name}"
        build(content, sites[name], cache=root, jobs=1)
    for name, title in (("one", "Alpha paper on graphs"), ("two", "Beta paper on speech")):
        content = tmp_path / "shared" / name
        assert build(content, sites[name], cache=root, jobs=1).mode == "unchanged"
        assert title in (sites[name] / "papers" / "p" / "index.html").read_text()
    assert len([p for p in root.iterdir() if p.is_dir()]) == 2


@pytest.mark.parametrize("damage", ["directory", "another cache file"])
def test_cache_files_replaced_by_something_else_heal(tree, tmp_path, damage):
    """Each cache file replaced by a directory, or by another (valid) cache file: the build falls back
    to making what it needs afresh, and the site equals a cold build."""
    _build(tree)
    files = sorted(_cache_files(tree[2]))
    contents = [f.read_bytes() for f in files]
    for i, f in enumerate(files):
        f.unlink()
        if damage == "directory":
            f.mkdir()
        else:
            f.write_bytes(contents[(i + 1) % len(files)])
    _edit(sorted((tree[0] / "papers").glob("*.md"))[2], title="After the cache was swapped around")
    _build(tree)
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_an_interrupt_between_the_two_renames_of_a_swap_puts_the_old_site_back(tree, tmp_path, monkeypatch):
    import generator.writer as writer

    _build(tree)
    before = snapshot(tree[3])
    shutil.rmtree(tree[2])  # (no state: the next build writes a new site and swaps it in)
    real = writer.os.replace

    def interrupted(src, dst):
        real(src, dst)
        if str(dst).endswith("/site") and ".site.old-" in str(dst):  # the old site just moved aside
            raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(writer.os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            _build(tree)
    assert snapshot(tree[3]) == before
    assert _leftovers(tree[3]) == []


def test_a_full_disk_is_reported_without_a_traceback_and_the_site_stays(tree, monkeypatch, capsys):
    import errno

    import generator.writer as writer
    from generator.cli import main

    content, templates, cache, out = tree
    _build(tree)
    before = snapshot(out)
    _edit(sorted((content / "papers").glob("*.md"))[1], title="Written to a full disk")
    real = writer.put

    def full(root, rel, data, made=None):
        if rel.startswith("papers/"):
            raise OSError(errno.ENOSPC, "No space left on device", str(Path(root) / rel))
        real(root, rel, data, made)

    monkeypatch.setattr(writer, "put", full)
    status = main(["build", "--content", str(content), "--out", str(out), "--cache", str(cache), "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 2 and "No space left on device (hint: free some space" in err and "Traceback" not in err
    assert snapshot(out) == before and _leftovers(out) == []


def test_a_cache_that_cannot_be_saved_after_the_site_changed_is_a_warning(tree, tmp_path, monkeypatch, capsys):
    """The disk fills up after the new pages are in place, while the state is saved: the command's
    status must agree with the site (changed, so success, with a warning), and the next build must
    not trust the old state (it is a cold one)."""
    import errno

    import generator.state as state
    from generator import cli

    _build(tree)
    paper = sorted((tree[0] / "papers").glob("*.md"))[1]
    _edit(paper, title="Saved on a full disk")

    def full(store, new):
        raise OSError(errno.ENOSPC, "No space left on device", str(store.root / "state.json"))

    with monkeypatch.context() as m:
        m.setattr(state, "save", full)
        content, templates, cache, out = tree
        status = cli.main(["build", "--content", str(content), "--out", str(out), "--cache", str(cache)])
    err = capsys.readouterr().err
    assert status == 0 and "the site was built, but what the next build reuses could not be saved" in err
    assert "Saved on a full disk" in (tree[3] / "papers" / paper.stem / "index.html").read_text()
    result = _build(tree)
    assert result.mode == "cold"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


def test_a_cache_file_linked_to_a_device_is_ignored_not_read_forever(tree, tmp_path):
    """Found by bench/probe.py: state.json linked to /dev/zero made the build read until it was
    killed for memory."""
    _build(tree)
    for f in _cache_files(tree[2]):
        f.unlink()
        f.symlink_to("/dev/zero")
    assert _build(tree).mode == "cold"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)


@pytest.mark.parametrize("run", [256, 1])
def test_lists_kept_from_the_last_plan_equal_cold_through_a_chain_of_edits(tree, tmp_path, monkeypatch, run):
    """A group's list pages (and the authors A–Z) are taken from the last build's plan while what
    they show is unchanged (pages.Unit), authors' pages by runs of `run` authors: each step below
    changes what some of them show, or their order, or the sitemap, and the site must still equal a
    cold build's."""
    from generator import pages

    monkeypatch.setattr(pages, "PEOPLE_PER_UNIT", run)
    content, _, _, out = tree
    cfg = content / "catalog.yml"
    cfg.write_text(cfg.read_text() + "site_url: https://example.org/c/\n")
    papers = sorted((content / "papers").glob("*.md"))
    _edit(papers[0], authors=["Ada Lovelace", "Grace Hopper"])
    _edit(papers[1], authors=["Grace Hopper"])
    _edit(papers[4], authors=["Alan Turing", "Ada Lovelace"])
    _build(tree)
    steps = [
        lambda: _edit(papers[1], title="A new title for Grace Hopper's paper"),
        lambda: _edit(papers[2], upvotes=7),  # (lists gain a by-upvotes order)
        lambda: _edit(papers[3], added="2031-01-01"),  # (recently added is no longer newest first)
        lambda: _edit(papers[0], authors=["Grace Hopper", "Ada Lovelace"]),
        lambda: _edit(papers[4], title="Computing machinery"),  # (one author's run changes, not the others')
        lambda: papers[1].unlink(),
    ]
    for i, change in enumerate(steps):
        change()
        assert _build(tree).mode == "incremental", i
        assert snapshot(out) == _cold(tree, tmp_path), i


def test_the_digests_of_an_earlier_build_never_meet_a_later_builds_stamp(tree, tmp_path):
    """The state is two files: what a build with nothing to do reads, and each output's digest. A
    digests file left from the build before (a damaged or half-restored cache) would have pages that
    the later build changed taken as up to date the moment they are changed back."""
    content, _, cache, out = tree
    paper = sorted((content / "papers").glob("*.md"))[2]
    title = read_entry(paper).meta["title"]
    _build(tree)
    (digests,) = cache.rglob("digests.json")
    earlier = digests.read_bytes()
    _edit(paper, title="A title changed, and changed back")
    assert _build(tree).mode == "incremental"
    digests.write_bytes(earlier)
    _edit(paper, title=title)
    assert _build(tree).mode == "cold"
    assert snapshot(out) == _cold(tree, tmp_path)


def test_cache_files_a_killed_build_saved_never_make_a_wrong_site(tree, tmp_path):
    """A build killed after saving some of its cache files leaves them beside the last build's
    others (seen in CI: the search postings of the killed build's catalog read with the vocabulary
    of the build before, which made an index unlike a cold build's). Each cache file of a build of
    the edited catalog, put alone into the last build's cache, still gives the cold build's site."""
    content, templates, cache, out = tree
    _build(tree)
    kept_cache, kept_site = tmp_path / "kept-cache", tmp_path / "kept-site"
    shutil.copytree(cache, kept_cache)
    shutil.copytree(out, kept_site)
    papers = sorted((content / "papers").glob("*.md"))
    # A title of words the catalog has (no new term), while the old title's own words go.
    words = read_entry(papers[4]).meta["title"].split()
    _edit(papers[3], title=" ".join(reversed(words)))
    other = tmp_path / "other-cache"
    build(content, tmp_path / "other-site", templates=templates, cache=other, jobs=1)
    want = _cold(tree, tmp_path)
    (kept_folder,) = [p for p in kept_cache.iterdir() if p.is_dir()]
    tried = 0
    for saved in _cache_files(other):
        if (kept_folder / saved.name).is_file() and (kept_folder / saved.name).read_bytes() == saved.read_bytes():
            continue  # (the same bytes as the last build's: putting it in changes nothing; most of a
            # table's 32 parts are so, and trying each took 47 s of the suite)
        tried += 1
        shutil.rmtree(cache)
        shutil.copytree(kept_cache, cache)
        shutil.rmtree(out)
        shutil.copytree(kept_site, out)
        (folder,) = [p for p in cache.iterdir() if p.is_dir()]
        shutil.copy(saved, folder / saved.name)
        _build(tree)
        assert snapshot(out) == want, f"{saved.name} of another build made a different site"
    assert tried >= 5  # (the entries', list items' and citations' changed parts, the state, the index ...)


def test_a_catalog_left_without_published_papers_keeps_no_stale_catalog_bib(tree, tmp_path):
    """With no paper to publish (the last one made a draft, or deleted), `catalog.bib` has no entry
    to write: it was never opened, so a rebuild left the last build's file in place, listing the
    paper (a draft's citation on the published site), where a cold build had none."""
    content = tree[0]
    papers = sorted((content / "papers").glob("*.md"))
    for path in papers[1:]:
        path.unlink()
    _build(tree)
    _edit(papers[0], draft=True)
    assert _build(tree).mode == "incremental"
    assert snapshot(tree[3]) == _cold(tree, tmp_path)
    assert (tree[3] / "catalog.bib").read_bytes() == b""


def test_search_document_files_a_failed_build_named_are_made_again(tree, tmp_path, monkeypatch):
    """A build that fails after its search index was made has saved the names of that index's
    document files (build.SEARCH_DOCS), which never reached the site: the next build makes them
    again rather than take them for the site's own."""
    import generator.build as build_module

    content, _, _, out = tree
    papers = sorted((content / "papers").glob("*.md"))
    _build(tree)
    _edit(papers[5], title="A title the failed build indexed")
    with monkeypatch.context() as m:
        m.setattr(build_module, "_render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("stopped")))
        with pytest.raises(RuntimeError):
            _build(tree)
    _edit(papers[20], title="Another paper's new title")
    assert _build(tree).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
    manifest = json.loads((out / "search" / "manifest.json").read_text())
    assert all((out / "search" / name).is_file() for name in manifest["docs"]["files"])


def _organisation(path: Path, name: str) -> None:
    """The entry's authors given as an organisation (no count)."""
    entry = read_entry(path)
    meta = {k: v for k, v in entry.meta.items() if k not in ("authors", "authors_count")}
    path.write_text(render_entry({**meta, "organization": name}, entry.body), encoding="utf-8")


def test_each_fact_groups_are_made_from_rebuilds_them_as_cold(tree, tmp_path):
    """A rebuild takes the last build's groups while no paper's grouping facts changed
    (kept_groups.py): after each edit below, of such a fact or of none, the site equals a cold build's."""
    content, _, _, out = tree
    papers = sorted((content / "papers").glob("*.md"))
    _build(tree)
    steps = [
        lambda: _edit(papers[1], title="Only the title changes"),  # (groups kept)
        lambda: _edit(papers[1], date="1999-03-04"),  # (a year's page, and the order of every list)
        lambda: _edit(papers[2], authors=["Ada Lovelace", "Grace Hopper"]),
        lambda: _organisation(papers[3], "Example Lab"),
        lambda: _edit(papers[2], venue="ICML 2021"),
        lambda: _edit(papers[4], tags=["reinforcement-learning"]),
        lambda: _edit(papers[2], upvotes=3),  # (groups kept)
    ]
    for i, change in enumerate(steps):
        change()
        assert _build(tree).mode == "incremental", i
        assert snapshot(out) == _cold(tree, tmp_path), i


def test_cached_rows_of_another_shape_are_made_again(tree, tmp_path):
    """Rows the store holds under a valid checksum but not in the shape this code reads (a paper
    with a field missing, groups that are not lists) are made again, not a traceback."""
    from generator import kept_groups
    from generator.catalog import ENTRIES
    from generator.store import Store

    content, _, cache, out = tree
    _build(tree)
    store = Store(next(p for p in cache.iterdir() if p.is_dir()))
    head, rows = store.load_table(ENTRIES)
    name = sorted(rows)[3]
    del rows[name][1]["title"]
    store.save_table(ENTRIES, head, rows)
    saved = store.load(kept_groups.NAME)
    store.save(kept_groups.NAME, {"key": saved["key"], "groups": {"tags": 7}})
    _edit(content / "papers" / sorted((content / "papers").glob("*.md"))[5].name, upvotes=11)
    assert _build(tree).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)


def test_an_authors_page_moved_by_another_paper_relinks_every_paper_of_theirs(tree, tmp_path):
    """`José García` has the plain page slug until a `Jose Garcia` comes (the ASCII spelling keeps
    it: people.person_slugs); José's paper did not change, but its page links elsewhere now."""
    content, _, _, out = tree
    cfg = content / "catalog.yml"
    cfg.write_text(cfg.read_text() + "related: 1\n")  # (few related papers: the link is what changes)
    papers = sorted((content / "papers").glob("*.md"))
    _edit(papers[0], authors=["José García", "Ada Lovelace"])
    _build(tree)
    _edit(papers[30], authors=["Jose Garcia"])
    assert _build(tree).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)
    # Jose goes again: José takes the plain slug back, and with it a page of his own, not the digest
    # the last build gave Jose's page (groups are made again only where papers changed: kept_groups.py).
    _edit(papers[30], authors=["Ada Lovelace"])
    assert _build(tree).mode == "incremental"
    assert snapshot(out) == _cold(tree, tmp_path)


TOPICS = """\
p1:
  label: Topic one
  keywords: [zzzqqq]
p2:
  label: Topic two
  keywords: [zzzqqw]
c:
  label: Child
  parent: {parent}
  keywords: [zzzqqe]
other:
  label: Other
"""


def test_a_topic_moved_to_another_parent_moves_related_papers_as_cold(tmp_path, monkeypatch):
    """No paper and no label changes, but which paper shows `xxx` as related does (topics hold their
    subtopics' papers): runs of paper pages must tell each page's related papers apart (a review)."""
    from generator import pages

    monkeypatch.setattr(pages, "PAPERS_PER_UNIT", 256)
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    (content / "catalog.yml").write_text("title: T\nsite_url: https://example.org/\n")
    (content / "tags.yml").write_text("{}\n")
    (content / "topics.yml").write_text(TOPICS.format(parent="p1"))
    for slug, date, topic in [("aaa", "2024-03-01", "p2"), ("bbb", "2024-02-01", "p1"), ("xxx", "2023-01-01", "c")]:
        (content / "papers" / f"{slug}.md").write_text(
            f"---\ntitle: Paper {slug}\nslug: {slug}\ndate: '{date}'\nadded: '2024-01-01'\ntopics: [{topic}]\n---\n\n"
            f"Abstract of paper {slug}.\n")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache=cache, jobs=1)
    assert "Paper xxx" in (out / "papers/bbb/index.html").read_text()
    (content / "topics.yml").write_text(TOPICS.format(parent="p2"))
    assert build(content, out, cache=cache, jobs=1).mode == "incremental"
    assert "Paper xxx" in (out / "papers/aaa/index.html").read_text()
    assert snapshot(out) == _cold((content, TEMPLATES, cache, out), tmp_path)


def test_a_vocabulary_saved_while_entries_are_read_is_taken_by_the_next_build(tree, tmp_path, monkeypatch):
    """tags.yml saved while a build reads the entries: that build used the vocabulary it read, and
    what it keeps (groups, entries) is filed under that one, so the next build reads the new one (a
    review found groups kept under the new file's digest, and stale ever after)."""
    from generator import catalog

    content, _, _, out = tree
    real = catalog.read_papers

    def read_then_save(*a, **kw):
        got = real(*a, **kw)
        tags = content / "tags.yml"
        tags.write_text(tags.read_text().replace("label: Transformers", "label: Transformer models"))
        return got

    monkeypatch.setattr(catalog, "read_papers", read_then_save)
    _build(tree)
    monkeypatch.setattr(catalog, "read_papers", real)
    _build(tree)
    assert b"Transformer models" in snapshot(out)["tags/transformers/index.html"]
    assert snapshot(out) == _cold(tree, tmp_path)


def test_a_one_process_build_needs_no_lock(tree, monkeypatch):
    """Systems without named semaphores (Termux, AWS Lambda) have no multiprocessing locks: a build
    with one job takes none (a review found every build asking for one)."""
    import sys

    monkeypatch.setitem(sys.modules, "multiprocessing.synchronize", None)
    _build(tree)
    papers = sorted((tree[0] / "papers").glob("*.md"))
    _edit(papers[3], title="Edited without a lock")
    assert _build(tree).mode == "incremental"


def test_a_vocabulary_saved_as_it_is_read_and_put_back_equals_cold(tree, tmp_path, monkeypatch):
    """tags.yml saved just as a build reads it, then put back before the next build: what that build
    kept (an edited entry, tagged with the file it read) is filed under the digest of the very bytes
    it read, never under the other text's (a second review)."""
    from generator import vocabulary

    content, _, _, out = tree
    _build(tree)
    tags = content / "tags.yml"
    before = tags.read_text()
    target = next(p for p in sorted((content / "papers").glob("*.md")) if "ransformer" in p.read_text())
    _edit(target, upvotes=5)  # (read again by the next build)
    real = vocabulary.load_vocabulary

    def saved_as_it_is_read(content_dir):
        tags.write_text(before.replace("label: Transformers", "label: Transformers X")
                        .replace("aliases: [transformer", "aliases: [zzzzqqq"))
        return real(content_dir)

    monkeypatch.setattr(vocabulary, "load_vocabulary", saved_as_it_is_read)
    _build(tree)
    monkeypatch.setattr(vocabulary, "load_vocabulary", real)
    tags.write_text(before)
    _build(tree)
    assert snapshot(out) == _cold(tree, tmp_path)
