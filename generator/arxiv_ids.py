"""arXiv identifiers: what one looks like, and the month it was first submitted in.

New-style ids (0704.0001 on) have four digits after the dot until 1412 and five from 1501 on;
old-style ones name an archive (`hep-th/9901001`). Knowing the width matters twice: listings glue
the id straight onto the next abstract, and an entry's `1706.3762` (a digit lost) is no paper at all."""

from __future__ import annotations

import re

_NEW_ID = re.compile(r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})(?P<version>v\d+)?")
_OLD_ID = re.compile(r"(?P<archive>[a-z][a-z-]*(?:\.[A-Z]{2})?)/(?P<yymm>\d{4})(?P<num>\d{3})(?P<version>v\d+)?")


def split_arxiv_id(text: str) -> tuple[str, str | None, str] | None:
    """Read an arXiv id at the start of `text`: (id without version, version, rest of text)."""
    m = _NEW_ID.match(text)
    if m:
        yymm, num = m["yymm"], m["num"]
        if not 1 <= int(yymm[2:]) <= 12 or int(yymm) < 704:
            return None
        width = 5 if int(yymm) >= 1501 else 4
        if len(num) < width:
            return None
        num = num[:width]
        rest = text[len(yymm) + 1 + width:]
        v = re.match(r"v\d+", rest)
        version = v.group(0) if v else None
        rest = rest[len(version):] if version else rest
        return f"{yymm}.{num}", version, rest
    m = _OLD_ID.match(text)
    if m and 1 <= int(m["yymm"][2:]) <= 12:
        return f"{m['archive']}/{m['yymm']}{m['num']}", m["version"], text[m.end():]
    return None


def is_arxiv_id(text: str) -> bool:
    """Is `text` exactly one arXiv id, without a version?"""
    return split_arxiv_id(text) == (text, None, "")


def arxiv_month(arxiv_id: str) -> str:
    """The submission month an arXiv id encodes, as YYYY-MM."""
    yymm = arxiv_id.split("/")[-1][:4]
    yy, mm = int(yymm[:2]), yymm[2:]
    return f"{(1900 if yy >= 91 else 2000) + yy}-{mm}"
