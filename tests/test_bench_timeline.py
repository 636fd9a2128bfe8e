"""bench/timeline.py: the README's "Where a rebuild's time goes" comes from it, so it must still time
the steps build.py has, and its table must read in time order, ending with the command's exit."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import timeline  # noqa: E402


def test_every_step_the_timeline_names_is_in_the_code():
    """A step renamed in build.py would drop out of the table without a word (`timeline._wrap`)."""
    for module, attribute, _ in timeline.STEPS:
        owner = importlib.import_module(module)
        for part in attribute.split("."):
            owner = getattr(owner, part, None)
        assert callable(owner), f"{module}.{attribute} is gone: bench/timeline.py's STEPS name it"


def test_the_timeline_of_a_small_catalog(tmp_path):
    content = tmp_path / "content"
    made = subprocess.run([sys.executable, str(REPO / "bench" / "make_catalog.py"), "120", "--out", str(content)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert made.returncode == 0, made.stderr
    done = subprocess.run([sys.executable, str(REPO / "bench" / "timeline.py"), str(content), "--runs", "1",
                           "--work", str(tmp_path / "work")], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in done.stdout.splitlines()[2:]]
    labels = [row[0] for row in rows]
    for step in ("entries read back and grouped", "planning", "moving the files in", "the state saved"):
        assert step in labels, done.stdout
    assert labels[-1] == "the command has exited"
    ends = [float(row[2].split("-")[-1]) for row in rows if row[2]]  # (the addition's latest ends)
    assert all(0 < end <= ends[-1] for end in ends), done.stdout
