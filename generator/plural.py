"""Counts in words: `1 paper`, `2 papers` (messages and pages said `1 papers`)."""

from __future__ import annotations


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """`n` and the noun, singular for one; `nouns` where adding an s is not the plural."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"
