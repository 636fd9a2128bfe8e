"""Shared test helpers: the real raw listings, throwaway trees built from {path: text} dicts,
byte snapshots of a tree, and a way to run the `papercat` command in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator import cli, entries
from generator.store import ENV as CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent

# Builds that take the default cache (most tests name none) keep it in a folder of this test run,
# which goes with it: they filled the user's ~/.cache/papercat with a folder per site (600 MB over
# a day's runs). Made by the first process of the run (pytest, or xdist's controller) and inherited
# by its workers and by the commands tests start, which import this file too.
_RUN_CACHE = "PAPERCAT_TEST_RUN_CACHE"
_OWNS_CACHE = _RUN_CACHE not in os.environ
if _OWNS_CACHE:
    os.environ[_RUN_CACHE] = tempfile.mkdtemp(prefix="papercat-test-cache-")
os.environ[CACHE_ENV] = os.environ[_RUN_CACHE]


def pytest_unconfigure(config) -> None:
    if _OWNS_CACHE:  # (after the workers have ended)
        shutil.rmtree(os.environ[_RUN_CACHE], ignore_errors=True)
RAW = ROOT / "content" / "raw"
LISTINGS = Path(__file__).resolve().parent / "fixtures" / "listings"

# Entries are read with libyaml when it is installed; its error messages differ from pure PyYAML's.
LIBYAML = issubclass(entries.Loader, getattr(yaml, "CSafeLoader", ()))

# The five real listings shipped in content/raw, by their three-digit prefix.
RAW_FILES = {p.name[:3]: p for p in sorted(RAW.glob("*.txt"))}


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `root/<path>` for every {path: text} item (bytes are written as they are); return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden temp files included) with its exact bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Run:
    def __init__(self, status: int, out: str, err: str):
        self.status, self.out, self.err = status, out, err

    @property
    def summary(self) -> str:
        """The last line on stdout: `added N, merged N duplicate listings, ...`."""
        return self.out.rstrip("\n").rsplit("\n", 1)[-1]


@pytest.fixture
def raw_files() -> dict[str, Path]:
    assert sorted(RAW_FILES) == ["000", "001", "002", "003", "004"], "content/raw should hold the five seed listings"
    return RAW_FILES


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """`tree({"a/b.txt": "..."})` builds the files under a fresh directory and returns it."""
    counter = iter(range(1_000_000))

    def make(files: dict[str, str | bytes]) -> Path:
        return build_tree(tmp_path / f"tree{next(counter)}", files)

    return make


@pytest.fixture
def papercat(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`papercat("import", FILE, "--content", DIR)` runs the CLI in-process: (status, stdout, stderr)."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        status = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(status, out, err)

    return run


# The day `import` and `new` record as `added` (cli._today): fixed, so entries they write are the
# same on any day.
ADDED = "2025-12-01"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01T00:00:00Z


# The slowest test files (each minutes of builds, or of a browser), handed out first. xdist gives a
# worker a whole file at a time (--dist loadfile) and by default hands out files with the most tests
# first: test_processes.py, with few tests and the longest run, went last and ran alone at the end.
# pyproject's addopts keep this order (--no-loadscope-reorder).
SLOW_FIRST = ("test_processes.py", "test_incremental.py", "browser/test_search_browser.py", "test_build.py",
              "test_install.py", "test_ingest.py", "browser/test_layout.py", "test_cli_import.py")


def pytest_collection_modifyitems(config, items) -> None:
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0].removeprefix("tests/"), len(rank)))
