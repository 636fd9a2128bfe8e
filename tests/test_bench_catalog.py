"""bench/make_catalog.py: the synthetic catalog the benchmark builds is valid, varied and deterministic."""

from __future__ import annotations

import re
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
    counts = [m["authors_count"] if "authors_count" in m else len(m["authors"]) for m in metas
              if "authors_count" in m or "authors" in m]
    assert min(counts) >= 1 and max(counts) <= 15 and len(set(counts)) >= 10
    has = Counter(k for m in metas for k in m)
    # Optional fields on some entries only: chosen topics, organisations, upvotes, dates, arXiv ids,
    # author names (most), a count alone (some), venues.
    for key in ("topics", "organization", "upvotes", "date", "arxiv", "links", "authors", "authors_count", "venue"):
        assert 0 < has[key] < N, key
    assert has["authors"] > N / 2 and not any("authors" in m and "authors_count" in m for m in metas)
    assert N - has["authors"] - has["authors_count"] - has["organization"] > 0  # some with none of them
    venues = Counter(m["venue"].rsplit(" ", 1)[0] for m in metas if "venue" in m)
    assert set(venues) <= {"NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "AAAI",
                           "Interspeech", "KDD"} and len(venues) >= 6
    assert all(re.fullmatch(r"20(1[5-9]|2[0-5])", m["venue"].rsplit(" ", 1)[1]) for m in metas if "venue" in m)
    # Abstracts are real ones, cycled.
    real = {read_entry(p).body.strip() for p in (REPO / "content" / "papers").glob("*.md")}
    assert all(e.body.strip() in real for e in entries)


def test_authors_are_skewed_like_real_authorship(tmp_path: Path) -> None:
    """Most people on one paper, a few on many; names distinct within a paper; plausible names."""
    out = tmp_path / "content"
    assert make(2000, out).returncode == 0
    papers = [read_entry(p).meta.get("authors", []) for p in sorted((out / "papers").glob("*.md"))]
    assert all(len(set(names)) == len(names) <= 15 for names in papers)
    people = Counter(name for names in papers for name in names)
    singletons = sum(1 for c in people.values() if c == 1)
    assert 3_000 < len(people) < 6_000  # (about 2.4 people a paper: 24,000 at 10,000 papers)
    assert singletons > len(people) / 2
    top = people.most_common(3)
    assert top[0][1] >= 40 and sum(c for _, c in top) > 60, top
    assert all(re.fullmatch(r"\S+( [A-Z]\.)? \S+( \S+)*", name) for name in people)
    assert any(not name.isascii() for name in people)  # (accents: Müller, Łukasz ...)
