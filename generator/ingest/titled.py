"""Listings that pair a title line with an abstract line, optionally followed by a
Hugging Face metadata block (`• N authors` or an organisation, `·`, `Mon D[, YYYY] [upvotes]`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.errors import Problem
from generator.ingest.fields import parse_month_day
from generator.ingest.text import Line, looks_like_abstract
from generator.model import ParseResult, Record

# Page chrome of scraped Hugging Face pages: known phrases only, so an unknown line is reported.
CHROME = re.compile(r"^(new|subscribe|daily papers|by\s*ak and the research community|"
                    r"get trending papers in your email inbox.*)$", re.IGNORECASE)
GLUED_CHROME = re.compile(r"^Subscribe(?=[A-Z0-9\"'])")
AUTHORS = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$", re.IGNORECASE)
SEPARATOR = "·"


def _strip_chrome(units: list[Line], name: str, result: ParseResult) -> list[Line]:
    """Drop the page chrome before the first paper; the first paper's title may be glued to it."""
    first_abstract = next((i for i, u in enumerate(units) if looks_like_abstract(u.text)), len(units))
    start = 0
    for i, unit in enumerate(units[: max(first_abstract - 1, 0)]):
        start = i + 1
        if not (CHROME.match(unit.text) or parse_month_day(unit.text)):
            result.problems.append(Problem(name, unit.number, f"unrecognised text before the first paper; skipped "
                                           f"(got {unit.text[:60]!r})", hint="remove page chrome or fix the paper's title"))
    units = units[start:]
    if units and GLUED_CHROME.match(units[0].text):
        units[0] = Line(units[0].number, GLUED_CHROME.sub("", units[0].text))
    return units


def _is_meta(units: list[Line], i: int) -> bool:
    return i + 1 < len(units) and units[i + 1].text == SEPARATOR or (i < len(units) and bool(AUTHORS.match(units[i].text)))


@dataclass
class _Date:
    record: Record
    line: int
    month: int
    day: int
    year: int | None
    upvotes: int | None


def _read_meta(units: list[Line], i: int, record: Record, name: str, result: ParseResult,
               dates: list[_Date]) -> int:
    """Apply the metadata block at `i` to `record`; return the index after it."""
    who = units[i].text
    m = AUTHORS.match(who)
    if m:
        record.authors_count = int(m.group(1))
    else:
        # Organisation lines read `handle Display Name`; the display name is what people recognise.
        parts = who.split(maxsplit=1)
        record.organization = parts[1] if len(parts) == 2 else parts[0]
    j = i + 1
    if j < len(units) and units[j].text == SEPARATOR:
        j += 1
    if j < len(units):
        date = parse_month_day(units[j].text)
        if date:
            dates.append(_Date(record, units[j].number, *date))
            return j + 1
    result.problems.append(Problem(name, units[i].number, "metadata block without a date; paper imported without one",
                                   field="date", hint="the block reads `• N authors`, `·`, `Mon D, YYYY`"))
    return j


def _apply_dates(dated: list[_Date], name: str, year: int | None, result: ParseResult) -> None:
    """Hugging Face omits the year of dates in the page's current year, so a year-less date lies
    after every explicit year on the page; `year` (from --year) overrides the inference."""
    explicit = [d.year for d in dated if d.year is not None]
    yearless = [d for d in dated if d.year is None]
    current = year if year is not None else (max(explicit) + 1 if explicit else None)
    if yearless:
        if year is not None:
            result.notes.append(f"{name}: {len(yearless)} dates without a year set to {year} (from --year)")
        elif current is not None:
            result.notes.append(f"{name}: {len(yearless)} dates without a year set to {current}, the year after the "
                                f"latest explicit year ({current - 1}); override with --year")
    for d in dated:
        d.record.upvotes = d.upvotes
        y = d.year if d.year is not None else current
        if y is None:
            result.problems.append(Problem(name, d.line, "date has no year and the listing gives none to infer it from; "
                                           "paper imported without a date", field="date", hint="pass --year YYYY"))
            continue
        try:
            d.record.date = dt.date(y, d.month, d.day).isoformat()
        except ValueError:
            result.problems.append(Problem(name, d.line, f"no such day {y}-{d.month:02d}-{d.day:02d}; "
                                           "paper imported without a date",
                                           field="date"))


def pair_up(units: list[Line], name: str, fmt: str, year: int | None = None) -> ParseResult:
    """Read `title, abstract[, metadata]` repeatedly; recover from a missing title or abstract."""
    result = ParseResult(fmt)
    units = _strip_chrome(units, name, result)
    dates: list[_Date] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if _is_meta(units, i):
            result.problems.append(Problem(name, unit.number, "metadata block with no paper before it; skipped"))
            i = _read_meta(units, i, Record(name, unit.number, ""), name, ParseResult(fmt), [])
            continue
        if looks_like_abstract(unit.text):
            record = Record(name, unit.number, unit.text)  # no title: a provisional one is derived later
            i += 1
        else:
            nxt = units[i + 1] if i + 1 < len(units) else None
            orphan = (nxt is None or _is_meta(units, i + 1)
                      or (not looks_like_abstract(nxt.text) and i + 2 < len(units)
                          and looks_like_abstract(units[i + 2].text)))
            if orphan:
                result.problems.append(Problem(name, unit.number, f"title with no abstract after it; skipped "
                                               f"(got {unit.text[:60]!r})", hint="put the abstract on the line after the title"))
                i += 1
                if i < len(units) and _is_meta(units, i):
                    i = _read_meta(units, i, Record(name, unit.number, ""), name, ParseResult(fmt), [])
                continue
            record = Record(name, unit.number, nxt.text, title=unit.text)
            i += 2
        if i < len(units) and _is_meta(units, i):
            i = _read_meta(units, i, record, name, result, dates)
        result.records.append(record)
    _apply_dates(dates, name, year, result)
    return result
