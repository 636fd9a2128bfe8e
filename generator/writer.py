"""The only module that writes into the output directory. Nothing half-written is ever visible.
Both ways are `SiteWriter`:

- a cold build writes a whole site into a fresh sibling directory and swaps it in when it is
  complete; the old site is then deleted;
- a rebuild writes the files that changed into a staging directory beside the site, then moves
  each into place with `os.replace` (atomic: a reader sees the old file or the new one) and takes
  out files no longer produced.

No speed trick lives here: on an ordinary journaled file system a temporary file and a rename cost
little (the spare-file pool that was here bought about 10% on one unjournaled kernel setup).

Render workers write into the new or staging directory themselves (`put`): sending every page's
bytes back to one process made that process the bottleneck of a cold build. Both directories are
named `.<site>.<kind>-<pid>-<random>`, so the next build removes those of a build that was killed
(`clear_leftovers`). A build killed before it moves anything leaves the old site as it was; one
killed while moving files in leaves a mark (build.py) that makes the next build a cold one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

KINDS = ("new", "old", "stage")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _scratch(out: Path, kind: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-{os.getpid()}-", dir=out.parent))


_SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # (what file browsers leave in an empty folder)
SITE_MARK = "search/manifest.json"  # a file every site papercat builds has (search_index.MANIFEST_FILE: tests check)


def check_out(out: Path, keep: Iterable[tuple[Path, str]], built: bool = False) -> None:
    """Refuse an output folder that a build would destroy something in: a full build replaces the
    whole folder with the new site. `out` must not be or hold a folder of `keep` ((path, what it is):
    the content, the catalog's theme, the cache); and if it is there, it must be an empty folder or
    a site papercat built: one with the search index's manifest, or, when `built` (the cache holds a
    build's state for it), one whose manifest was removed by hand."""
    from generator.errors import PapercatError, Problem

    hint = "choose a new or empty folder for the site (papercat replaces the whole folder with it)"
    for folder, what in keep:
        if out == folder or out in folder.parents:
            where = "is" if out == folder else "holds"
            raise PapercatError(Problem(str(out), None, f"cannot be the output folder: it {where} {what} ({folder})",
                                        hint=hint))
    if out.is_dir():
        with os.scandir(out) as entries:
            empty = all(e.name in _SYSTEM_FILES for e in entries)
        if not empty and not built and not (out / SITE_MARK).is_file():
            raise PapercatError(Problem(str(out), None, "holds files, and not a site papercat built: a build would "
                                        "replace them all", hint=hint + ", or remove this one first if nothing "
                                        "in it is needed"))
    elif out.exists() or out.is_symlink():
        raise PapercatError(Problem(str(out), None, "is not a folder, so it cannot be the output folder", hint=hint))


def alive(pid: int) -> bool:
    """Is process `pid` running (or can we not tell)? Scratch files named after a dead one are leftovers."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: leave its files alone
    return True


def clear_leftovers(out: Path) -> list[Path]:
    """Remove the scratch directories that builds of `out` left when they were killed. If one died
    between moving the old site aside and the new one in, the old site is put back first."""
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for entry in sorted(out.parent.iterdir()):
        name = entry.name
        for kind in KINDS:
            prefix = f".{out.name}.{kind}-"
            if not name.startswith(prefix) or not entry.is_dir():
                continue
            pid = name[len(prefix):].split("-", 1)[0]
            if not pid.isdigit() or alive(int(pid)):
                continue
            if kind == "old" and not out.exists() and (entry / "site").is_dir():
                os.replace(entry / "site", out)
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def busy(out: Path) -> bool:
    """Is a build at work beside `out` (one of its scratch directories is there)? While `out` is
    missing, that means a cold build is about to swap its site in: `papercat serve` waits for it
    rather than answer that there is no site. (A killed build's leftovers, until the next build
    clears them, make a request for a missing site wait out serve's limit.)"""
    try:
        with os.scandir(out.parent) as found:
            return any(e.name.startswith(f".{out.name}.{kind}-") for e in found for kind in KINDS)
    except OSError:
        return False


def put(root: Path | str, rel: str, data: bytes, made: set[str] | None = None) -> None:
    """One file of a directory being filled (a new site, or a rebuild's staging directory);
    `made` remembers the directories already made."""
    with open_new(root, rel, made) as f:
        f.write(data)


def open_new(root: Path | str, rel: str, made: set[str] | None = None) -> BinaryIO:
    """A file of a directory being filled, open for writing (`put`, for a file made in pieces)."""
    target = os.path.join(root, rel)
    parent = os.path.dirname(target)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)  # (several processes may make the same directory)
        if made is not None:
            made.add(parent)
    f = open(target, "wb")
    if _UMASK & 0o644:  # only then does a new file need its mode set
        os.chmod(target, 0o644)
    return f


class SiteWriter:
    """Where a build puts its files (`dir`, with `put`, from any process) until `finish`:

    - `fresh`: `dir` is a whole new site, swapped in for `out` by `finish`;
    - otherwise `dir` holds only changed files, which `finish` moves into `out` one by one (only
      those whose bytes differ), taking out the files listed as removed.

    Leaving the `with` block removes `dir` (the site is untouched unless `finish` ran)."""

    def __init__(self, out: Path, fresh: bool) -> None:
        self.out, self.fresh = out, fresh
        self.dir = _scratch(out, "new" if fresh else "stage")

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *_) -> None:
        _remove(self.dir)

    def finish(self, removed: Iterable[str] = ()) -> int:
        """Put the files in place; returns how many files of the site changed."""
        if self.fresh:
            return self._swap()
        return self._move_in(removed)

    def _swap(self) -> int:
        os.chmod(self.dir, 0o755)
        old = _scratch(self.out, "old") if self.out.exists() else None
        try:
            if old is not None:
                os.replace(self.out, old / "site")
            os.replace(self.dir, self.out)
        except BaseException:  # (Ctrl-C or SIGTERM between the two renames: the old site goes back)
            if old is not None and (old / "site").is_dir() and not self.out.exists():
                os.replace(old / "site", self.out)
            raise
        finally:
            if old is not None:
                _remove(old)
        return sum(len(files) for _, _, files in os.walk(self.out))

    def _move_in(self, removed: Iterable[str]) -> int:
        staged = []
        for folder, _, names in os.walk(self.dir):
            staged += [os.path.relpath(os.path.join(folder, n), self.dir) for n in names]
        # A manifest names the other files of its folder (the search index): it goes last, so that no
        # reader meets a manifest naming a file not there yet.
        staged.sort(key=lambda rel: (rel.endswith("manifest.json"), rel))
        written = 0
        made: set[str] = set()
        for rel in staged:
            source, target = os.path.join(self.dir, rel), os.path.join(self.out, rel)
            if _same(source, target):
                continue
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            os.replace(source, target)
            written += 1
        emptied: set[Path] = set()
        for rel in sorted(removed):
            target = self.out / rel
            target.unlink(missing_ok=True)
            emptied.update(p for p in target.parents if p != self.out and self.out in p.parents)
        # Folders left empty go too, deepest first: one rmdir each, which leaves a folder that is not
        # empty alone (looking into each folder once per removed file took 0.3 s when an addition
        # renamed 500 of the 2,000 search document files of one folder).
        for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass
        return written


def _remove(path: Path) -> None:
    """Delete a scratch directory, finishing even if Ctrl-C or SIGTERM interrupts it once."""
    try:
        shutil.rmtree(path, ignore_errors=True)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def _same(a: str, b: str) -> bool:
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False
