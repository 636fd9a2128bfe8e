"""The only module that writes into the output directory.

A build is written into a fresh sibling directory and swapped into place only when complete, so
a failed or interrupted build leaves the previous site exactly as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


@contextmanager
def new_site(out: Path) -> Iterator[Path]:
    """A fresh sibling directory to write a whole site into (with `put`, from any process), swapped
    into place as `out` when the block ends without error, removed when it fails."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "site")
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        remove_later(old)


def remove_later(path: Path) -> None:
    """Delete `path` in a detached process: the site a cold build replaces (32,000 files and
    directories at 10,000 papers) took 1.6 s to delete, which nobody needs to wait for. The process
    lets go of the caller's standard streams and files first, so that whoever reads the caller's
    output is not kept waiting either. Where processes cannot fork, here and now."""
    try:
        pid = os.fork()
    except (AttributeError, OSError):
        shutil.rmtree(path, ignore_errors=True)
        return
    if pid == 0:  # the child starts the deleting grandchild (which init adopts) and leaves at once
        try:
            if _fork_or_zero() == 0:  # (if the grandchild cannot be, the child deletes, and the caller waits)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 256)
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _fork_or_zero() -> int:
    try:
        return os.fork()
    except OSError:
        return 0


def put(root: Path, rel: str, data: bytes, made: set[str] | None = None) -> None:
    """One file of a site being written by `new_site`; `made` remembers directories already made."""
    target = os.path.join(root, rel)
    parent = os.path.dirname(target)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)  # several processes may make the same directory
        if made is not None:
            made.add(parent)
    with open(target, "wb") as f:
        f.write(data)
    if _UMASK & 0o644:  # only then does a new file need its mode set
        os.chmod(target, 0o644)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A scratch directory beside `out` (same file system) where worker processes write the pages
    of a rebuild (`put`, named by `staged_name`), for `update_site` to move into place; removed at
    the end. Flat: a directory per page would double the files the file system has to make."""
    out = out.resolve()
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.staged-", dir=out.parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def staged_name(rel: str) -> str:
    """A site path as one file name in a staging directory (and back: no two paths share one)."""
    return quote(rel, safe="")


def update_site(out: Path, changed: dict[str, bytes | None], removed: Iterable[str], staged: Path | None = None) -> int:
    """Apply an incremental build to an existing site: each changed file is replaced atomically
    (temp file + rename) and only if its bytes differ; files no longer produced are deleted.
    A file given as None was written to `staged` (by a worker) and is moved into place from there.
    Everything was rendered before this runs, so a failed build never gets here."""
    written = 0
    # A manifest names the other files of its folder (the search index): it goes last, so that no
    # reader meets a manifest pointing at a file not written yet.
    for rel, data in sorted(changed.items(), key=lambda kv: (kv[0].endswith("/manifest.json"), kv[0])):
        target = out / rel
        source = staged / staged_name(rel) if data is None and staged is not None else None
        new = source.read_bytes() if source is not None else data
        try:
            if target.read_bytes() == new:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        if source is not None:
            os.replace(source, target)  # (written whole by a worker, and not yet visible to anyone)
            written += 1
            continue
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written += 1
    for rel in sorted(removed):
        target = out / rel
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return written
