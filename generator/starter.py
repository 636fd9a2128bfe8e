"""`papercat init DIR`: a new catalog that imports, builds and publishes with no other step.

The files are package data (`starter_files/`); `plan_init` says what goes where and refuses to
write over anything, the CLI writes each file atomically."""

from __future__ import annotations

from pathlib import Path

from generator import __version__
from generator.errors import PapercatError, Problem

FILES = Path(__file__).resolve().parent / "starter_files"

# Where each starter file goes in the new catalog (dotted names are not package data: renamed here).
LAYOUT = {
    "content/catalog.yml": "catalog.yml",
    "content/tags.yml": "tags.yml",
    "content/topics.yml": "topics.yml",
    "content/venues.yml": "venues.yml",
    ".github/workflows/site.yml": "site.yml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}
FOLDERS = ("content/papers", "content/raw")


def plan_init(root: Path, title: str | None = None) -> dict[Path, str]:
    """Every file of a new catalog in `root`, with its text. Raises, naming each one, when any of
    them exists already: init never writes over a file."""
    title = title or root.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Paper catalog"
    plan = {root / rel: _fill((FILES / name).read_text(encoding="utf-8"), title) for rel, name in LAYOUT.items()}
    taken = [p for p in plan if p.exists()]
    if taken:
        raise PapercatError([Problem(str(p), None, "already exists; papercat init never writes over a file",
                                     hint="choose an empty or new directory") for p in taken])
    return plan


def _fill(text: str, title: str) -> str:
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (text.replace("{version}", __version__)
            .replace("title: My paper catalog", f"title: {quoted}")
            .replace("# {title}", f"# {title}"))
