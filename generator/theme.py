"""Which template and static files a site is made from: a catalog's own theme folder over the
packaged theme, file by file (like MkDocs' `custom_dir` and Hugo's layout lookup).

A catalog overrides `partials/site_footer.html` by putting its own copy in `templates/partials/`
beside `content/` (or in the folder `theme_dir:` names in catalog.yml); every file it does not
have comes from the package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Inside an installed wheel the templates are package data (pyproject.toml maps the repository's
# top-level templates/ there); in a source checkout they are the repository's own folder.
PACKAGED = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
OVERRIDES = "templates"  # the catalog's own theme folder, beside its content folder, by default
STATIC = "static"


@dataclass(frozen=True)
class Theme:
    dirs: tuple[Path, ...]  # searched in this order: the catalog's folder first, the packaged theme last

    def files(self) -> dict[str, Path]:
        """Every file by its path in the theme (`partials/site_footer.html`), from the first folder
        that has it."""
        found: dict[str, Path] = {}
        for root in reversed(self.dirs):
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[path.relative_to(root).as_posix()] = path
        return dict(sorted(found.items()))

    def static(self) -> dict[str, Path]:
        """The files copied into the site as they are: `static/...`, but the folder's README."""
        return {rel: path for rel, path in self.files().items()
                if rel.startswith(STATIC + "/") and rel != f"{STATIC}/README.md"}


def theme_for(content: Path, theme_dir: str | None = None, packaged: Path = PACKAGED) -> Theme:
    """The theme of the catalog in `content`: `theme_dir` (relative to `content`, from catalog.yml)
    or else `templates/` beside `content`, when it exists, over the packaged one."""
    packaged = packaged.resolve()
    own = (content / theme_dir) if theme_dir else content.parent / OVERRIDES
    own = own.resolve()
    dirs = (own, packaged) if own.is_dir() and own != packaged else (packaged,)
    return Theme(dirs)
