"""What a build remembers between runs: plain data files in one directory per (content, output) pair.

Files are JSON, or numpy arrays saved without pickle (`allow_pickle=False`): a cache holds data,
never code. Each starts with a line naming the papercat code that wrote it and a CRC-32 of the
rest, so a cache from other code, or a damaged one, is ignored and made again. (A CRC finds damage
at 2.5 times the speed of BLAKE2, and a build reads and writes some 150 MB of these at 10,000
papers; forging is not what it guards against: see below.) The directory lives outside the catalog
by default (`$PAPERCAT_CACHE`, else `$XDG_CACHE_HOME/papercat`, else `~/.cache/papercat`), under a
name made from the content and output paths, so two catalogs never share one, tests never write
into the repository, and a pull request cannot bring one along. It is safe to delete whenever no
build is running: the next build is then a cold one."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import orjson

from generator import __version__
from generator.errors import PapercatError, Problem

log = logging.getLogger(__name__)

ENV = "PAPERCAT_CACHE"
_MAGIC = b"papercat-cache"
_JSON = "_json"  # the array that holds `save_arrays`' JSON value (as UTF-8 bytes)
PARTS = 32  # the files a table is kept in (`Store.save_table`)


@lru_cache(maxsize=1)
def code_version() -> str:
    """papercat's version plus a hash of its source: data written by other code is never reused."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return f"{__version__}-{h.hexdigest()[:16]}"


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def cache_root(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "papercat"


class Store:
    """One site's cache directory: `Store.for_site(content, out)`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._heads: dict[str, object] = {}  # table name -> the head all its parts were read with

    @classmethod
    def for_site(cls, content: Path, out: Path, root: Path | None = None) -> Store:
        where = cache_root(root).resolve()
        refuse_tracked(where)
        return cls(where / digest(str(content.resolve()), str(out.resolve()))[:16])

    def has(self, name: str) -> bool:
        """Is there a file for `name` (whatever it holds)? A look, not a read."""
        return (self.root / f"{name}.json").is_file()

    def load(self, name: str):
        """The stored value, or None when absent, damaged or written by other papercat code."""
        data = self._read(f"{name}.json")
        if data is None:
            return None
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as e:
            log.warning("ignoring cache file %s (%s); it will be made again", self.root / f"{name}.json", e)
            return None

    def save(self, name: str, value) -> None:
        """A dict is written a slice of its items at a time: at 100,000 papers the citation entries'
        JSON is 273 MB, which the side process held whole beside the entries themselves."""
        self._write(f"{name}.json", lambda f: f.writelines(_json_pieces(value)))

    def load_table(self, name: str) -> tuple[object, dict]:
        """(head, rows) as `save_table` saved them; (None, {}) when there is no such table or its
        parts disagree on the head. Rows of a damaged or missing part are just not there."""
        heads, rows = [], {}
        for i in range(PARTS):
            part = self.load(f"{name}.{i}")
            if isinstance(part, dict) and isinstance(part.get("rows"), dict):
                heads.append(part.get("head"))
                rows.update(part["rows"])
        if not heads or any(h != heads[0] for h in heads):
            return None, {}
        if len(heads) == PARTS:  # (else the next save writes every part)
            self._heads[name] = heads[0]
        return heads[0], rows

    def save_table(self, name: str, head, rows: dict, changed: Iterable[str] | None = None) -> None:
        """A dict of many rows (one per entry or paper), in `PARTS` files by a hash of each key, with
        `head` (what the rows are valid for) in each. `changed`: the keys whose rows differ from what
        `load_table` gave, removed ones included; only their parts are written again (all of them
        without `changed`, or when the head is not the one read). An edit at 10,000 papers wrote
        all 25 MB of the entries again, 0.13 s of a 3 s rebuild."""
        if changed is None or name not in self._heads or self._heads[name] != head:
            parts: Iterable[int] = range(PARTS)
        else:
            parts = sorted({_part(key) for key in changed})
        split: dict[int, dict] = {i: {} for i in parts}
        for key, row in rows.items():
            got = split.get(_part(key))
            if got is not None:
                got[key] = row
        for i, part in split.items():
            self.save(f"{name}.{i}", {"head": head, "rows": part})
        self._heads[name] = head
        (self.root / f"{name}.json").unlink(missing_ok=True)  # (one file before parts: a cache from then)

    def load_arrays(self, name: str) -> tuple[dict, object] | None:
        """(arrays, JSON value) as `save_arrays` saved them (numpy's own format; pickled objects
        are refused)."""
        import io

        import numpy as np

        body = self._read(f"{name}.npz")
        if body is None:
            return None
        # Read where it starts in the whole file, as it was written (`save_arrays`): the archive's
        # offsets count from the file's start, and the file's bytes are not copied.
        whole = io.BytesIO(body.obj)
        whole.seek(len(body.obj) - len(body))
        try:
            with np.load(whole, allow_pickle=False) as f:
                arrays = {k: f[k] for k in f.files}
            return arrays, orjson.loads(arrays.pop(_JSON).tobytes())
        except Exception as e:  # noqa: BLE001 - any damage means: start afresh
            log.warning("ignoring cache file %s (%s); it will be made again", self.root / f"{name}.npz", e)
            return None

    def save_arrays(self, name: str, arrays: dict, value) -> None:
        """Arrays and a JSON-able value that belong together, in one file: written at once, so that
        a build killed between two writes cannot leave the arrays of one build beside the value of
        another (seen: a search index made from one build's postings and the last one's vocabulary)."""
        import numpy as np

        # Straight into the file, after the header: at 100,000 papers a buffer held all 313 MB of it
        # beside the arrays.
        self._write(f"{name}.npz", lambda f: np.savez(f, **arrays, **{_JSON: np.frombuffer(orjson.dumps(value), np.uint8)}))

    def _read(self, name: str) -> memoryview | None:
        """A file's body, if its header names this papercat code and its checksum matches."""
        path = self.root / name
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # (a link to /dev/zero would be read forever)
                return None
            data = path.read_bytes()
        except OSError:
            return None
        end = data.find(b"\n")
        head, body = data[:max(end, 0)], memoryview(data)[end + 1:]  # (the body is not copied)
        parts = head.split(b" ")
        if len(parts) != 3 or parts[0] != _MAGIC or parts[1] != code_version().encode():
            return None  # (written by other papercat code: not a problem, just not reusable)
        if parts[2] != b"%08x" % zlib.crc32(body):
            log.warning("ignoring cache file %s (checksum mismatch); it will be made again", path)
            return None
        return body

    def _write(self, name: str, fill: Callable[[BinaryIO], object]) -> None:
        """`fill` writes the body after a header; the header's checksum is filled in from the file
        once the body is there (it has the same length whatever the checksum), so no body is ever
        held whole in memory to be written."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}-", dir=self.root)
        try:
            with os.fdopen(fd, "w+b") as f:
                f.write(_header(b"0" * 8))
                start = f.tell()
                fill(f)
                f.seek(start)
                check = 0
                while chunk := f.read(1 << 20):
                    check = zlib.crc32(chunk, check)
                f.seek(0)
                f.write(_header(b"%08x" % check))
            if (self.root / name).is_dir():  # (a damaged cache: whatever is there is not ours to keep)
                shutil.rmtree(self.root / name)
            os.replace(tmp, self.root / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear_leftovers(self) -> None:
        """Remove the half-written files of builds that were killed while saving (their temporary
        names carry their process id): at 100,000 papers one can be 300 MB, and nothing else would
        ever remove it."""
        from generator.writer import alive

        try:
            found = [e.name for e in os.scandir(self.root) if e.name.startswith(".")]
        except OSError:
            return
        for name in found:
            pid = name.rsplit(".", 1)[-1].split("-", 1)[0]
            if pid.isdigit() and not alive(int(pid)):
                (self.root / name).unlink(missing_ok=True)

    def claim(self, name: str, on: bool) -> None:
        """Say (or stop saying) that this process is at `name` with this site (as: serving it): a
        file `.{name}.{pid}`, which `clear_leftovers` removes once that process is gone."""
        self._flag(f".{name}.{os.getpid()}", on)

    def claimed(self, name: str) -> int | None:
        """Another live process that claimed `name`, if one did."""
        from generator.writer import alive

        try:
            found = [e.name for e in os.scandir(self.root) if e.name.startswith(f".{name}.")]
        except OSError:
            return None
        pids = [int(n.rsplit(".", 1)[1]) for n in found if n.rsplit(".", 1)[1].isdigit()]
        return next((pid for pid in pids if pid != os.getpid() and alive(pid)), None)

    def mark(self, name: str, on: bool) -> None:
        """Set or clear an empty marker file (as: a build is moving files into its site)."""
        self._flag(f"{name}.mark", on)

    def _flag(self, file: str, on: bool) -> None:
        path = self.root / file
        if on:
            self.root.mkdir(parents=True, exist_ok=True)
            path.touch()
        else:
            path.unlink(missing_ok=True)

    def marked(self, name: str) -> bool:
        return (self.root / f"{name}.mark").exists()


def _part(key: str) -> int:
    return zlib.crc32(key.encode()) % PARTS


def _header(checksum: bytes) -> bytes:
    return b"%s %s %s\n" % (_MAGIC, code_version().encode(), checksum)


def _json_pieces(value, size: int = 10_000) -> Iterator[bytes]:
    """`orjson.dumps(value)` in pieces: a dict of more than `size` items `size` items at a time, one
    of a few items (the citation entries are one dict inside another) item by item. The same
    bytes, never all at once."""
    if isinstance(value, dict) and len(value) > size:
        items, sep = iter(value.items()), b"{"
        while part := dict(islice(items, size)):
            yield sep + orjson.dumps(part)[1:-1]
            sep = b","
        yield b"}"
    elif isinstance(value, dict) and any(isinstance(v, dict) and len(v) > size for v in value.values()):
        sep = b"{"
        for key, v in value.items():
            yield sep + orjson.dumps(key) + b":"
            yield from _json_pieces(v, size)
            sep = b","
        yield b"}"
    else:
        yield orjson.dumps(value)


def refuse_tracked(root: Path) -> None:
    """A cache directory that git tracks came with the repository: whoever committed it chose its
    contents, so a build refuses to read it."""
    if not root.is_dir() or not any((d / ".git").exists() for d in (root, *root.parents)):
        return  # (not in a git work tree: nothing to ask git, which costs a process per build)
    try:
        found = subprocess.run(["git", "ls-files", "-z", "--", "."], cwd=root, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return  # no git here: nothing can be tracked
    if found.returncode == 0 and found.stdout:
        raise PapercatError(Problem(str(root), None, "the cache directory is tracked by git, so a commit chose its "
                                    "contents; papercat will not read it",
                                    hint=f"`git rm -r --cached {root}` and add it to .gitignore, or choose "
                                         "another with --cache or $PAPERCAT_CACHE"))
