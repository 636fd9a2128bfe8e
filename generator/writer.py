"""The only module that writes into the output directory.

A cold build is written into a fresh sibling directory and swapped into place only when complete.
A rebuild replaces files one at a time (each atomically, by rename) and, if it fails, puts back
what it replaced (`restore`). Either way a failed build leaves the previous site as it was; one
killed while writing leaves a mark that makes the next build cold (see build.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()
_BINARY = getattr(os, "O_BINARY", 0)  # (Windows: no newline translation)


@contextmanager
def new_site(out: Path, spares: Path, wanted: int) -> Iterator[Path]:
    """A fresh sibling directory to write a whole site into (with `put`, from any process), swapped
    into place as `out` when the block ends without error, removed when it fails. Afterwards, in a
    detached process, the old site is taken apart and the pool of spare files in `spares` filled
    up to `wanted` files (`Spares.top_up`), for the rebuilds to come."""
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
    if old is not None or wanted:  # (without fork: the old site deleted here, and no pool filled)
        in_background(partial(Spares(spares).top_up, wanted, old),
                      fallback=partial(shutil.rmtree, old, ignore_errors=True) if old is not None else None)


def in_background(work: Callable[[], object], fallback: Callable[[], object] | None = None) -> None:
    """Run `work` in a detached process: deleting the site a cold build replaced (32,000 files and
    directories at 10,000 papers) took 1.6 s, which nobody needs to wait for. The process lets go
    of the caller's standard streams and files first, so that whoever reads the caller's output is
    not kept waiting either. Where processes cannot fork, `fallback` runs here and now instead."""
    try:
        pid = os.fork()
    except (AttributeError, OSError):
        if fallback is not None:
            fallback()
        return
    if pid == 0:  # the child starts the working grandchild (which init adopts) and leaves at once
        try:
            if _fork_or_zero() == 0:  # (if the grandchild cannot be, the child works, and the caller waits)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 256)
                work()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _fork_or_zero() -> int:
    try:
        return os.fork()
    except OSError:
        return 0


def move_in(root: Path, rel: str, spare: str, made: set[str]) -> None:
    """One file of a site being written by `new_site`, from a spare file written elsewhere."""
    target = os.path.join(root, rel)
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    os.replace(spare, target)


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


class Spares:
    """Spare files in a directory on the site's file system (`dir`) whose inodes a rebuild writes
    its files into, and where the files it replaces or removes go, rather than being deleted.

    Why: on ext4 without a journal (as on this project's build machines), the kernel avoids reusing
    an inode for a minute or more after it is freed, and every new file makes it step over each
    such inode again: a rebuild that replaced 1,500 files made the next one's new files take 1 ms
    each, more than rendering them. A rebuild that frees no inodes and takes none keeps every
    rebuild as fast as the first. Spares hold old bytes until reused (a spare kept by `keep` is
    still the site's file until the replace that follows), and the directory is safe to delete
    when no build, nor the clean-up a cold build leaves running, is under way.

    Files are handed out by path (`take`), written with `fill` (from any process), and moved into
    the site by `update_site`. Names are unique to this pool object, so two processes may both
    add files. Only a build holding the pool's lock (`claim`, an flock that its worker processes
    inherit, so it outlives a parent killed while they write) reuses the files already there;
    another build at the same time, or one on a system without flock, only adds new ones."""

    def __init__(self, dir: Path) -> None:
        self.dir = dir
        try:
            self.free = [e.name for e in os.scandir(self.dir) if e.is_file(follow_symlinks=False)
                         and not e.name.startswith(".")]
        except FileNotFoundError:
            self.free = []
        self.token = f"{os.getpid():x}{time.time_ns():x}"  # (names this object makes start with it)
        self.made = 0
        self.lock: int | None = None

    @classmethod
    def claim(cls, dir: Path) -> Spares:
        """The pool in `dir`, locked for this build: its files may be written over."""
        try:
            import fcntl
        except ImportError:  # (no flock: reuse nothing)
            fcntl = None
        lock = None
        if fcntl is not None:
            dir.mkdir(parents=True, exist_ok=True)
            lock = os.open(os.path.join(dir, ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(lock)
                lock = None
        pool = cls(dir)
        if lock is None:
            pool.free = []
        pool.lock = lock
        return pool

    def release(self) -> None:
        """Let go of the lock (this process's hold on it: forked ones keep theirs until they exit)."""
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None

    def _new_name(self) -> str:
        self.made += 1
        return os.path.join(self.dir, f"{self.token}.{self.made}")

    def split(self, n: int) -> Spares:
        """A pool of `n` of these spares (fewer if there are not so many), for another process."""
        other = Spares.__new__(Spares)
        other.dir, other.free, other.token, other.made = self.dir, self.free[-n:] if n else [], self.token + "s", 0
        other.lock = self.lock  # (the same lock: a forked process lets go of its hold with `release`)
        del self.free[len(self.free) - len(other.free):]
        return other

    def take(self, n: int = 1) -> list[str]:
        """`n` paths to write into: spare files first, then new ones."""
        self.dir.mkdir(parents=True, exist_ok=True)
        given = [os.path.join(self.dir, self.free.pop()) for _ in range(min(n, len(self.free)))]
        return given + [self._new_name() for _ in range(n - len(given))]

    def top_up(self, wanted: int, old: Path | None = None) -> None:
        """Fill the pool up to `wanted` files: with the files of `old` (a replaced site, the rest
        of which is deleted), then with new empty ones. Only adds files, each under a new name,
        so a build that starts meanwhile may take them as they come."""
        have = len(self.free)
        try:
            if have < wanted:
                self.dir.mkdir(parents=True, exist_ok=True)
            if old is not None:
                for folder, _, names in os.walk(old):
                    for name in names[:max(0, wanted - have)]:
                        os.replace(os.path.join(folder, name), self._new_name())
                        have += 1
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        for _ in range(wanted - have):
            os.close(os.open(self._new_name(), os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644))

    def keep(self, path: str) -> str | None:
        """`path` (a site file about to be replaced, or one no longer produced) becomes a spare:
        linked here, so replacing it frees nothing. Returns the spare's path (None if it could
        not be linked: no hard links here; replacing it then simply frees it)."""
        spare = self._new_name()
        try:
            os.link(path, spare)
        except OSError:
            return None
        return spare


def empty(paths: Iterable[str]) -> None:
    """Cut spare files to nothing: their blocks freed, their inodes kept for later rebuilds."""
    for path in paths:
        try:
            os.truncate(path, 0)
        except OSError:
            pass


def fill(path: str, data: bytes) -> None:
    """Write `data` into the spare file at `path`: over the old bytes in place (truncating first
    would free its blocks and take new ones), then cut to length."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | _BINARY, 0o644)
    if os.fstat(fd).st_nlink > 1:  # linked elsewhere too (a replace that failed, a backup by hard links): not ours
        os.close(fd)
        os.unlink(path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
        if _UMASK & 0o644:  # a new file's mode is cut by the umask; the site's files are 0644
            os.fchmod(fd, 0o644)
    finally:
        os.close(fd)


Journal = list[tuple[str, "str | None"]]  # (site file, the spare holding what it was; None: it was new)


def update_site(out: Path, changed: dict[str, bytes | str], removed: Iterable[str], spares: Spares,
                journal: Journal | None = None) -> int:
    """Apply an incremental build to an existing site: each changed file is replaced atomically
    (written into a spare file, which is renamed over it) and only if its bytes differ; files no
    longer produced are taken out. A change given as a str is the path of the spare file a worker
    wrote it into. The files replaced or taken out become spares (`Spares`), and `journal` says
    where each went, so that `restore` can put them back. Returns the files written."""
    journal = journal if journal is not None else []
    written = 0
    # A manifest names the other files of its folder (the search index): it goes last, so that no
    # reader meets a manifest pointing at a file not written yet.
    for rel, data in sorted(changed.items(), key=lambda kv: (kv[0].endswith("/manifest.json"), kv[0])):
        target = os.path.join(out, rel)
        staged = data if isinstance(data, str) else None
        if staged is not None:
            with open(staged, "rb") as f:
                data = f.read()
        try:
            with open(target, "rb") as f:
                if f.read() == data:
                    continue  # (a staged file stays a spare)
            journal.append((target, spares.keep(target) or target))  # (itself: it cannot be put back)
        except OSError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            journal.append((target, None))
        if staged is None:
            staged = spares.take()[0]
            fill(staged, data)
        os.replace(staged, target)
        written += 1
    for rel in sorted(removed):
        target = out / rel
        if target.exists():
            journal.append((str(target), spares.keep(str(target)) or str(target)))
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return written


def restore(out: Path, journal: Journal) -> bool:
    """Undo `update_site`: every replaced or removed file back from its spare, every new one
    deleted, last change first. False if some file could not be put back (the site is then a mix
    of two builds, and the caller must not trust it)."""
    whole = True
    for target, was in reversed(journal):
        try:
            if was is None:
                if not os.path.exists(target):  # (the replace it was journalled for never happened)
                    continue
                os.unlink(target)
                parent = Path(target).parent
                while parent != out and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
            elif was == target:
                whole = False
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(was, target)
        except OSError:
            whole = False
    return whole
