"""The files a catalog is read from, looked at before any of them is opened.

A catalog arrives by pull request, and git stores symbolic links. A link that leaves the folder it
is in would make the machine that builds the site read one of its own files: publish it
(`papers/x.md -> ~/.ssh/id_ed25519`, `templates/static/k.txt -> /etc/passwd`) or echo it into the
log (`tags.yml -> ~/.netrc`, whose keys would be reported as bad tags). So:

- a link in the content folder (`catalog.yml`, `tags.yml`, `topics.yml`, `papers/`, an entry) must
  end inside the content folder, and one in the catalog's theme folder inside the theme folder;
  links that stay inside are followed (an entry shared under two names, one stylesheet for two
  files);
- a broken link or a loop is a problem at the link's path, not a traceback;
- `papers` must be a folder, and a file that cannot be read is a problem at its path (`read_problem`).

`check`, `build`, `import` and `serve` call `check_content` before reading anything, and `check`
and `build` call `check_theme` once they know the theme. Both report every problem at once. The
packaged theme is papercat's own code and is not checked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from typing import TYPE_CHECKING

from generator.errors import PapercatError, Problem, shown

if TYPE_CHECKING:
    from generator.theme import Theme

# The names config.py, vocabulary.py and entries.py read (written out, not imported: a build with
# nothing to do runs this and imports nothing more; tests/test_inputs.py checks they agree).
CONTENT_FILES = ("catalog.yml", "tags.yml", "topics.yml", "venues.yml")
PAPERS_DIR = "papers"
_CONTENT = "the content folder"
_THEME = "the theme folder"
_READ_HINTS = {errno.EACCES: "make it readable (chmod 644), then run the command again",
               errno.EPERM: "make it readable (chmod 644), then run the command again",
               errno.EISDIR: "entries are files: move the folder out of papers/"}


def check_content(content: Path) -> None:
    """Raise with every link that leaves `content`, is broken or loops, and a `papers` that is not
    a folder. (The content folder itself may be a link: whoever runs papercat named it.)"""
    problems = content_problems(content)
    if problems:
        raise PapercatError(problems)


def check_theme(theme: Theme) -> None:
    """Raise with every link in the catalog's own theme folder that leaves it, is broken or loops."""
    problems = [p for folder in theme.dirs[:-1] for p in theme_problems(folder)]  # (the last is the packaged one)
    if problems:
        raise PapercatError(problems)


def content_problems(content: Path) -> list[Problem]:
    if not content.is_dir():
        return []  # (reported by whoever reads it: no catalog.yml, no entries)
    root = os.path.realpath(content)
    problems = [p for name in CONTENT_FILES if (p := link_problem(content / name, root, _CONTENT))]
    papers = content / PAPERS_DIR
    found = link_problem(papers, root, _CONTENT)
    if found is not None:
        return problems + [found]
    if not os.path.lexists(papers):
        return problems  # (a catalog without entries yet)
    if not papers.is_dir():
        return problems + [Problem(str(papers), None, "is a file, not a folder",
                                   hint=f"entries live in the folder {PAPERS_DIR}/, one file each: move the file "
                                        "away and make the folder")]
    try:
        with os.scandir(papers) as entries:  # (the entry types spare a stat per entry: only links cost one)
            links = sorted(e.name for e in entries if e.name.endswith(".md") and e.is_symlink())
    except OSError as e:
        return problems + [read_problem(papers, e)]
    return problems + [p for name in links if (p := link_problem(papers / name, root, _CONTENT))]


def theme_problems(folder: Path) -> list[Problem]:
    root = os.path.realpath(folder)
    problems: list[Problem] = []
    folders = [str(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as found:
                for e in sorted(found, key=lambda e: e.name):
                    if e.is_symlink():
                        problem = link_problem(Path(e.path), root, _THEME)
                        if problem is not None:
                            problems.append(problem)
                    elif e.is_dir(follow_symlinks=False):
                        folders.append(e.path)
        except OSError as e:
            problems.append(read_problem(Path(e.filename or folder), e))
    return sorted(problems, key=lambda p: p.path)


def link_problem(path: Path, root: str, where: str) -> Problem | None:
    """What is wrong with `path` when it is a link that leaves `root`, is broken or loops (else None)."""
    if not os.path.islink(path):
        return None
    try:
        target = os.readlink(path)
    except OSError as e:
        return read_problem(path, e)
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Problem(str(path), None, "a symbolic link that loops", hint="remove the link; a link must end at a file")
        return Problem(str(path), None, f"a symbolic link to {shown(target)}, which does not exist",
                       hint=f"remove the link, or point it at a file inside {where}")
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        return Problem(str(path), None, f"a symbolic link to {shown(target)}, outside {where}: papercat does not "
                       "read it", hint=f"copy the file into {where} instead of linking to it")
    return None


def read_problem(path: Path, error: OSError) -> Problem:
    """A file that exists but cannot be read, as a problem at its path."""
    return Problem(str(path), None, f"cannot read: {error.strerror or error}",
                   hint=_READ_HINTS.get(error.errno or 0, "fix the cause, then run the command again"))
