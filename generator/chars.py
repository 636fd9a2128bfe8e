"""Characters no catalog text may hold: C0 controls other than tab and line breaks, DEL, the C1
controls (U+0080-U+009F) and the Unicode non-characters (U+FDD0-U+FDEF and the last two code
points of every plane). They are invisible; XML 1.0 forbids most C0 controls, so one in a title
would make every feed and the sitemap unreadable to the parsers that fetch them, and HTML forbids
all of them, so a page showing one is invalid (tests/test_fuzz.py found a NEL, U+0085, there).
Nor the bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069): as invisible, they
change the order the text after them is shown in, so a listing could make a title, an author list
or a venue read as something else (right-to-left scripts need none of them)."""

from __future__ import annotations

import re

_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
_BIDI = "\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufdd0-\\ufdef" + _BIDI + _NONCHARACTERS + "]")


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


def described(code: str) -> str:
    """What is wrong with the character `code` (U+XXXX, as `first_control` gives it)."""
    if 0x202A <= int(code[2:], 16) <= 0x202E or 0x2066 <= int(code[2:], 16) <= 0x2069:
        return (f"the bidirectional formatting character {code}, which changes the order the text after it is "
                "shown in (the words would read other than they are)")
    return f"the control character {code}, which feeds and the sitemap cannot hold"


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)


HINT = "delete it; most editors do not show it, so search for it or retype the text around it"
