"""`papercat init DIR`: a new catalog that imports, builds and publishes with no other step.

The files are package data (`starter_files/`); `plan_init` says what goes where and refuses to
write over anything, the CLI writes each file atomically."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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
    requirement = pip_requirement()
    plan = {root / rel: _fill((FILES / name).read_text(encoding="utf-8"), title, requirement)
            for rel, name in LAYOUT.items()}
    taken = [p for p in plan if p.exists()]
    if taken:
        raise PapercatError([Problem(str(p), None, "already exists; papercat init never writes over a file",
                                     hint="choose an empty or new directory") for p in taken])
    return plan


def pip_requirement() -> str | None:
    """What pip installs this papercat from on another machine (a CI runner): `papercat @
    git+URL@COMMIT` when it was installed from a git repository, as PEP 610's direct_url.json
    records it; None when it came from a local directory or wheel, or runs from a checkout,
    none of which a runner can reach. papercat is not on PyPI: `papercat==VERSION` never works."""
    try:
        dist = metadata.distribution("papercat")
        origin = json.loads(dist.read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    if dist.version != __version__ or not isinstance(origin, dict):  # (another papercat than this one)
        return None
    vcs = origin.get("vcs_info")
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not vcs.get("commit_id"):
        return None
    url = urlsplit(str(origin.get("url", "")))
    if url.scheme not in ("https", "http", "ssh", "git") or not url.hostname:
        return None
    host = url.netloc.rpartition("@")[2]  # (never a token or password from the URL into a README)
    user = "git@" if url.username == "git" else ""
    subdirectory = origin.get("subdirectory")
    requirement = (f"papercat @ git+{urlunsplit((url.scheme, user + host, url.path, '', ''))}@{vcs['commit_id']}"
                   + (f"#subdirectory={subdirectory}" if subdirectory else ""))
    # (written into the workflow as a YAML "..." value: nothing that would end it or be expanded)
    return None if any(c in requirement for c in "'\"$`\\{}\t\n") else requirement


def _fill(text: str, title: str, requirement: str | None) -> str:
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    install = (f'pip install "{requirement}"' if requirement else
               f"pip install PATH                # PATH: a checkout of papercat {__version__}")
    return (text.replace("{version}", __version__)
            .replace("{pip_requirement}", requirement or "")
            .replace("{pip_install}", install)
            .replace("{workflow_default}",
                     f"`{requirement}`,\nthe papercat this catalog was started with (change the commit to upgrade)."
                     if requirement else "empty until you write\nwhere pip gets papercat, e.g. "
                     "`papercat @ git+https://github.com/OWNER/papercat@COMMIT`; until then the workflow\n"
                     "stops at that step and says so.")
            .replace("title: My paper catalog", f"title: {quoted}")
            .replace("# {title}", f"# {title}"))
