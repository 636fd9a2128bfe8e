"""bench/make_catalog.py: the synthetic catalog the benchmark builds is valid, varied and deterministic."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.entries import read_entry

REPO = Path(__file__).resolve().parent.parent
N = 300


def make(n: int, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "bench" / "make_catalog.py"), str(n), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "content"
    result = make(N, out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {N} entries to {out / 'papers'}"
    return out


def test_passes_papercat_check(catalog: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(catalog)],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"{N} entries, no problems"


def test_two_runs_give_identical_bytes(catalog: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert make(N, again).returncode == 0
    assert tree(again) == tree(catalog)


def test_rerun_into_the_same_dir_replaces_the_entries(tmp_path: Path) -> None:
    out = tmp_path / "content"
    assert make(20, out).returncode == 0
    assert make(5, out).returncode == 0
    assert len(list((out / "papers").glob("*.md"))) == 5


def test_refuses_a_dir_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = make(5, tmp_path)
    assert result.returncode != 0
    assert "was not made by make_catalog.py" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_entries_are_varied_like_the_real_catalog(catalog: Path) -> None:
    for name in ("catalog.yml", "tags.yml", "topics.yml", "venues.yml"):
        assert (catalog / name).read_bytes() == (REPO / "content" / name).read_bytes()
    entries = [read_entry(p) for p in sorted((catalog / "papers").glob("*.md"))]
    assert len(entries) == N
    metas = [e.meta for e in entries]
    assert len({m["slug"] for m in metas}) == N
    assert len({m["title"] for m in metas}) == N
    assert all(e.path.stem == m["slug"] for e, m in zip(entries, metas, strict=True))
    assert all(1 <= len(m["tags"]) <= 6 for m in metas)
    years = Counter(m["date"][:4] for m in metas if "date" in m)
    assert set(years) <= {str(y) for y in range(2015, 2026)} and len(years) >= 8
    counts = [m["authors_count"] for m in metas if "authors_count" in m]
    assert min(counts) >= 1 and max(counts) <= 16 and len(set(counts)) >= 10
    has = Counter(k for m in metas for k in m)
    # Optional fields on some entries only: chosen topics, organisations, upvotes, dates, arXiv ids.
    for key in ("topics", "organization", "upvotes", "date", "arxiv", "links"):
        assert 0 < has[key] < N, key
    assert N - has["authors_count"] - has["organization"] > 0  # some with neither
    # Abstracts are real ones, cycled.
    real = {read_entry(p).body.strip() for p in (REPO / "content" / "papers").glob("*.md")}
    assert all(e.body.strip() in real for e in entries)
