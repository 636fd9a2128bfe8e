"""Counts in words: `1 paper`, `2 papers` (messages and pages said `1 papers`), and numbers as the
site writes them: `10,000`."""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun for `n` of them: singular for one; `plural` where adding an s is not the plural."""
    return singular if n == 1 else plural or singular + "s"


def number(n: int) -> str:
    """`10,000`, not `10000` (page titles, charts and lists said `10000 papers`, `4413`). The search
    page writes them alike (search.js's `num`)."""
    return f"{n:,}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and its noun: `1 paper`, `2 papers`, `10,000 papers`."""
    return f"{number(n)} {noun(n, singular, plural)}"
