"""Catalog configuration (`content/catalog.yml`) as a typed, validated dataclass.

Every option is declared here with its type; an unknown or mistyped key is an error that names
the line, because a silently ignored typo is worse than a failed build."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

import yaml

from generator.chars import HINT as CONTROL_HINT, first_control
from generator.errors import PapercatError, Problem, shown
from generator.yaml_strict import StrictLoader, yaml_problem

# libyaml when present: twenty times as fast as the pure-Python parser, with the same nodes and lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONFIG_FILE = "catalog.yml"


@dataclass(frozen=True)
class Config:
    title: str = "Paper catalog"
    description: str = "A curated catalog of research papers."
    # Where the site is published: a full URL (https://example.org/catalog/) or a path (/catalog/).
    base_url: str = "/"
    per_page: int = 50
    newest_on_home: int = 12
    feed_size: int = 30
    related: int = 6
    language: str = "en"
    # The catalog's own templates and static files, over the packaged ones (theme.py); relative to
    # the content folder. Empty: `templates/` beside the content folder, when there is one.
    theme_dir: str = ""

    @property
    def base_path(self) -> str:
        """The path prefix every internal link starts with, always ending in `/`."""
        path = urlparse(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def site_root(self) -> str:
        """Absolute site URL for feeds and the sitemap; just the path when no host is known."""
        u = urlparse(self.base_url)
        return f"{u.scheme}://{u.netloc}{self.base_path}" if u.scheme and u.netloc else self.base_path


_TYPES = {f.name: f.type for f in fields(Config)}
_PY = {"str": str, "int": int}


def load_config(content: Path, base_url: str | None = None) -> Config:
    path = content / CONFIG_FILE
    values: dict = {}
    lines: dict = {}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=_LOADER)
            raw = yaml.load(text, Loader=StrictLoader) or {}
        except yaml.YAMLError as e:
            raise PapercatError(yaml_problem(e, str(path), text)) from None
        if not isinstance(raw, dict):
            raise PapercatError(Problem(str(path), 1, "must be a mapping of `option: value` lines"))
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}
        problems = []
        for key, value in raw.items():
            want = _TYPES.get(key)
            if want is None:
                problems.append(Problem(str(path), lines.get(key), f"unknown option (got {shown(key)})", field=str(key),
                                        hint="options: " + ", ".join(sorted(_TYPES))))
            elif not isinstance(value, _PY[want]) or isinstance(value, bool):
                problems.append(Problem(str(path), lines.get(key), f"must be {want} (got {shown(value)})", field=key))
            elif want == "str" and first_control(value):
                problems.append(Problem(str(path), lines.get(key), f"contains the control character "
                                        f"{first_control(value)}, which feeds and the sitemap cannot hold", field=key,
                                        hint=CONTROL_HINT))
            elif want == "int" and value < 1:
                problems.append(Problem(str(path), lines.get(key), f"must be at least 1 (got {shown(value)})", field=key))
            else:
                values[key] = value
        if values.get("theme_dir") and not (content / values["theme_dir"]).is_dir():
            problems.append(Problem(str(path), lines.get("theme_dir"), f"no such folder: {content / values['theme_dir']}",
                                    field="theme_dir", hint="give a folder relative to the content folder, "
                                    "e.g. ../my-theme, or leave theme_dir out"))
        if problems:
            raise PapercatError(problems)
    if base_url is not None:
        values["base_url"] = base_url
    if "base_url" in values and not _good_base_url(values["base_url"]):
        where = (str(path), lines.get("base_url")) if base_url is None else ("--base-url", None)
        raise PapercatError(Problem(*where, f"must be an http(s) URL or a path starting with / (got "
                                    f"{shown(values['base_url'])})", field="base_url",
                                    hint="e.g. https://example.org/catalog/ or /catalog/"))
    return Config(**values)


def _good_base_url(url: str) -> bool:
    """`https://host/path/` or `/path/`: nothing that could run as a script (`javascript:`), and no
    whitespace or control characters, which would break the sitemap, robots.txt and feeds."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    parts = urlparse(url)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return url.startswith("/") and not url.startswith("//")
