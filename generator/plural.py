"""Counts in words: `1 paper`, `2 papers` (messages and pages said `1 papers`)."""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun for `n` of them: singular for one; `plural` where adding an s is not the plural."""
    return singular if n == 1 else plural or singular + "s"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and its noun: `1 paper`, `2 papers`, `10,000 papers` (page titles, meta descriptions and
    messages said `10000 papers`)."""
    return f"{n:,} {noun(n, singular, plural)}"
