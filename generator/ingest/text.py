"""Turning a listing's bytes into numbered lines, and telling titles from abstracts."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers; CRLF, CR and a BOM are all accepted."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [Line(i, line.strip()) for i, line in enumerate(text.split("\n"), 1) if line.strip()]


def paragraphs_of(text: str) -> list[Line]:
    """Blank-line separated paragraphs, each joined into one line and numbered by its first line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    out: list[Line] = []
    start, buf = 0, []
    for i, line in enumerate(text.split("\n") + [""], 1):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
        elif buf:
            out.append(Line(start, " ".join(buf)))
            buf = []
    return out


# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer): there a
# word is about two characters, so a Chinese abstract is not taken for a one-word title.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "\u061f", "\u0964")  # 。！？ ؟ ।


def looks_like_abstract(text: str) -> bool:
    """Abstracts are prose: long, or at least a full sentence. Titles are short and unpunctuated."""
    words = len(text.split()) + len(_UNSPACED.findall(text)) // 2
    return words >= 25 or (words >= 12 and text.rstrip().endswith(_SENTENCE_END))
