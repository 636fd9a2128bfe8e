"""One cache directory for everything a build can reuse, safe to delete at any time.

Every file in it is a checksummed pickle whose key includes the papercat version and a hash of
papercat's own source, so a cache written by other code is never trusted; a corrupt or stale file
is detected, reported in the log, and rebuilt from scratch. (Folders `spare-*` hold a site's spare
files, `writer.Spares`: no content of theirs is ever reused.)"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from generator import __version__

log = logging.getLogger(__name__)

ENV = "PAPERCAT_CACHE"
DEFAULT_NAME = ".papercat-cache"
_MAGIC = b"papercat-cache\n"


@lru_cache(maxsize=1)
def code_version() -> str:
    """papercat's version plus a hash of its source: a cache from other code is never reused."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return f"{__version__}-{h.hexdigest()[:16]}"


def cache_dir(content: Path, explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return content.resolve().parent / DEFAULT_NAME


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class Cache:
    def __init__(self, root: Path):
        self.root = root

    def load(self, name: str):
        """The stored object, or None when absent, corrupt or written by other papercat code."""
        path = self.root / f"{name}.pickle"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        end = data.find(b"\n\n")
        body = memoryview(data)[end + 2:]  # a view, not a copy: the search memo is 0.5 GB at 100,000 papers
        try:
            magic, version, checksum = data[:end].split(b" ")
            if magic + b"\n" != _MAGIC or version.decode() != code_version():
                raise ValueError("other papercat code")
            if hashlib.sha256(body).hexdigest() != checksum.decode():
                raise ValueError("checksum mismatch")
            return pickle.loads(body)
        except Exception as e:  # any damage means: start afresh
            (log.info if "other papercat code" in str(e) else log.warning)("ignoring cache file %s (%s); it will be rebuilt", path, e)
            return None

    def mark(self, name: str, on: bool) -> None:
        """Set or clear an empty marker file `name` (as: a build is writing into its site)."""
        path = self.root / f"{name}.mark"
        if on:
            self.root.mkdir(parents=True, exist_ok=True)
            path.touch()
        else:
            path.unlink(missing_ok=True)

    def marked(self, name: str) -> bool:
        return (self.root / f"{name}.mark").exists()

    def save(self, name: str, obj) -> None:
        """Pickled straight into the file (the checksum made on the way, its header written last), so
        no copy of the whole pickle is ever held in memory."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as f:
                checksum = hashlib.sha256()
                f.write(self._head("0" * 64))
                pickle.dump(obj, _Hashing(f, checksum), protocol=pickle.HIGHEST_PROTOCOL)
                f.seek(0)
                f.write(self._head(checksum.hexdigest()))
            os.replace(tmp, self.root / f"{name}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _head(checksum: str) -> bytes:
        return b"%s %s %s\n\n" % (_MAGIC.strip(), code_version().encode(), checksum.encode())


class _Hashing:
    """A file's write() that also feeds a checksum."""

    def __init__(self, f, checksum) -> None:
        self.f, self.checksum = f, checksum

    def write(self, data) -> int:
        self.checksum.update(data)
        return self.f.write(data)
