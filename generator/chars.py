"""Characters no catalog text may hold: C0 controls other than tab and line breaks, DEL, and the
two non-characters U+FFFE/U+FFFF. They are invisible, and XML 1.0 forbids most of them, so one in
a title would make every feed and the sitemap unreadable to the parsers that fetch them."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def first_control(value: object) -> str | None:
    """The first forbidden character in `value` (text, or lists and mappings of text), as U+XXXX."""
    if isinstance(value, str):
        m = CONTROL.search(value)
        return f"U+{ord(m.group(0)):04X}" if m else None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        return next((c for c in map(first_control, value) if c), None)
    return None


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)


HINT = "delete it; most editors do not show it, so search for it or retype the text around it"
