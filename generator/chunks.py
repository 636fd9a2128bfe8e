"""A list cut into runs of about a given size at places its items' keys choose (content-defined
chunking, as backup tools cut files), so that an item added or removed moves the cuts next to it and
no others. List pages and search document files are cut this way: cut every N items, one paper
added to a list changed every page after it, and every document file after it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def key_of(name: str) -> int:
    """An item's key: a hash of its name (a slug), the same in every process and on every machine."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")


def runs(keys: Iterable[int], size: int) -> list[int]:
    """How many items each run holds, in order: a run of at least `size - size // 3` items ends
    after an item whose key is 0 modulo `size // 3 + 1`, and one of `size + size // 3` ends anyway.
    Runs are `size` long on average, near enough: 3 gives 2-4 (2.7 on average, and 3 for the run a
    given item is in), 50 gives 34-66 (about 48); 1 and 2 give exactly that (what someone who asks
    for one paper a page means)."""
    spread = size // 3
    least, most, one_in = size - spread, size + spread, spread + 1
    out, n = [], 0
    for key in keys:
        n += 1
        if n >= most or (n >= least and key % one_in == 0):
            out.append(n)
            n = 0
    return out + [n] if n else out


def cut(items: list, sizes: list[int]) -> list[list]:
    """`items` in consecutive runs of `sizes`."""
    out, at = [], 0
    for n in sizes:
        out.append(items[at:at + n])
        at += n
    return out
