"""The one exception family: every problem a user sees names a place and says how to fix it."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, printed as `path:line: field: message (hint)`."""

    path: str
    line: int | None
    message: str
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}" + (f" (hint: {self.hint})" if self.hint else "")


def shown(value: object, limit: int = 60) -> str:
    """A value as an error message echoes it: its repr, cut to `limit` characters (a value can be
    megabytes long, or the expansion of a YAML alias bomb)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


class PapercatError(Exception):
    """Raised by library code; only the CLI turns it into a message and an exit status."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("papercat", None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # (raised in a worker process, it arrives with its problems intact)
        return PapercatError, (self.problems,)


def near(problem: Problem) -> Problem:
    """A problem with its path as the user would write it: relative to the current folder when it is
    inside it (build resolves its paths, and said `/home/me/cat/content/papers/x.md` where check
    said `content/papers/x.md`)."""
    path = str(problem.path)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # (another drive, on Windows)
            return problem
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            return dataclasses.replace(problem, path=rel)
    return problem


def not_utf8(path: object, data: bytes, e: UnicodeDecodeError, hint: str) -> Problem:
    """A file that is not UTF-8, at the line of its first bad byte (an entry, a vocabulary file,
    catalog.yml and a listing all say it the same way)."""
    return Problem(str(path), data[:e.start].count(b"\n") + 1, f"not UTF-8 text (byte {data[e.start]:#x})", hint=hint)
