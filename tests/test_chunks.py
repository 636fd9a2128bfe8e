"""Content-defined runs (generator/chunks.py): list pages and search document files."""

from __future__ import annotations

import pytest

from generator.chunks import cut, key_of, runs


def _runs(names: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(r) for r in cut(names, runs(map(key_of, names), size))]


@pytest.mark.parametrize("size, n, sizes, changed", [(3, 3_000, (2, 4), 3), (50, 20_000, (34, 66), 2.5)])
def test_an_item_added_or_removed_moves_only_the_runs_around_it(size, n, sizes, changed):
    """Runs of a fixed size each took the next one's first item: one paper added in the middle of
    10,000 rewrote 1,600 search document files, and changed every list page after it."""
    names = [f"paper-{i}" for i in range(n)]
    before = _runs(names, size)
    assert [s for r in before for s in r] == names
    assert {len(r) for r in before[:-1]} <= set(range(sizes[0], sizes[1] + 1))
    # About `size` items for the run a given item is in (a result's document file, a linked page).
    assert 0.9 * size <= sum(len(r) ** 2 for r in before) / n <= 1.1 * size
    moved = []
    for at in range(0, n + 1, n // 80):
        for after in (names[:at] + [f"added-{at}"] + names[at:], names[:at] + names[at + 1:]):
            new = set(_runs(after, size))
            moved.append(len(new - set(before)))
            assert len(set(before) - new) <= 10, at
    assert max(moved) <= 10 and sum(moved) / len(moved) <= changed


@pytest.mark.parametrize("size", [1, 2])
def test_small_sizes_are_exact(size):
    """`per_page: 1` means one paper a page."""
    assert runs(map(key_of, [f"p{i}" for i in range(9)]), size) == [size] * (9 // size) + ([9 % size] if 9 % size else [])


def test_keys_are_the_same_in_every_process():
    """(Not Python's hash(), which differs from one process to the next: cold and incremental builds,
    and builds on two machines, must cut the same pages.)"""
    import os
    import subprocess
    import sys

    code = "from generator.chunks import key_of; print(key_of('attention-is-all-you-need'))"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert int(got.stdout) == key_of("attention-is-all-you-need")
