"""Catalog configuration (`content/catalog.yml`) as a typed, validated dataclass.

Every option is declared here with its type; an unknown or mistyped key is an error that names
the line, because a silently ignored typo is worse than a failed build."""

from __future__ import annotations

import re

from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

import yaml

from generator.chars import HINT as CONTROL_HINT, described, first_control
from generator.errors import PapercatError, Problem, not_utf8, shown
from generator.yaml_strict import StrictLoader, too_deep, yaml_problem

# libyaml when present: twenty times as fast as the pure-Python parser, with the same nodes and lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONFIG_FILE = "catalog.yml"


@dataclass(frozen=True)
class Config:
    title: str = "Paper catalog"
    description: str = "A curated catalog of research papers."
    # The full URL of the site's home page (https://example.org/catalog/), or "" when unknown: the
    # sitemap, canonical links and feed ids need it. `load_config` resolves it with `base_url`.
    site_url: str = ""
    # Where the site is served: the path every internal link starts with (/catalog/).
    base_url: str = "/"
    per_page: int = 50
    newest_on_home: int = 12
    feed_size: int = 30
    related: int = 6
    language: str = "en"
    # A paper page's "Found in" line (the listings its entry came from, `file:line`): the curator's
    # file names mean nothing to a visitor, so it is left out unless asked for.
    show_sources: bool = False
    # The catalog's own templates and static files, over the packaged ones (theme.py); relative to
    # the content folder. Empty: `templates/` beside the content folder, when there is one.
    theme_dir: str = ""

    @property
    def base_path(self) -> str:
        """The path prefix every internal link starts with, always ending in `/`."""
        path = urlparse(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, url: str) -> str | None:
        """A site URL (`papers/x/`) as a full URL, or None without a site URL: a path would be a
        wrong value wherever a full one is required (sitemap, canonical link, JSON-LD)."""
        return self.site_url + url if self.site_url else None


_TYPES = {f.name: f.type for f in fields(Config)}
_PY = {"str": str, "int": int, "bool": bool}
_WANTED = {"str": "text", "int": "a whole number", "bool": "true or false"}
_MAY_BE_NONE = ("related",)  # `related: 0` leaves related papers out


def _example(key: str) -> str | None:
    """`key: its default` as catalog.yml writes it, for a hint (none for an option empty by default)."""
    value = getattr(Config(), key)
    if value == "":
        return None
    return f"e.g. {key}: {str(value).lower() if isinstance(value, bool) else value} (the default)"


def load_config(content: Path, base_url: str | None = None) -> Config:
    path = content / CONFIG_FILE
    values: dict = {}
    lines: dict = {}
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise PapercatError(not_utf8(path, path.read_bytes(), e, "save catalog.yml as UTF-8")) from None
        try:
            node = yaml.compose(text, Loader=_LOADER)
            raw = yaml.load(text, Loader=StrictLoader) or {}
        except yaml.YAMLError as e:
            raise PapercatError(yaml_problem(e, str(path), text)) from None
        if not isinstance(raw, dict) or too_deep(raw, 2):
            raise PapercatError(Problem(str(path), 1, "must be a mapping of `option: value` lines",
                                        hint="every option is text or a number, e.g. per_page: 50"))
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}
        problems = []
        for key, value in raw.items():
            want = _TYPES.get(key)
            if want is None:
                problems.append(Problem(str(path), lines.get(key), f"unknown option (got {shown(key)})", field=str(key),
                                        hint="options: " + ", ".join(sorted(_TYPES))))
            elif not isinstance(value, _PY[want]) or isinstance(value, bool) != (want == "bool"):
                problems.append(Problem(str(path), lines.get(key), f"must be {_WANTED[want]} (got {shown(value)})",
                                        field=key, hint=_example(key)))
            elif want == "str" and first_control(value):
                problems.append(Problem(str(path), lines.get(key), f"contains {described(first_control(value))}",
                                        field=key, hint=CONTROL_HINT))
            elif key == "language" and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
                problems.append(Problem(str(path), lines.get(key), f"must be a language tag such as en, en-GB or "
                                        f"pt-BR (got {shown(value)})", field=key,
                                        hint="it becomes the pages' <html lang> and the feeds' language"))
            elif want == "int" and value < (0 if key in _MAY_BE_NONE else 1):
                least = "0 (none)" if key in _MAY_BE_NONE else "1"
                problems.append(Problem(str(path), lines.get(key), f"must be a whole number of at least {least} "
                                        f"(got {shown(value)})", field=key, hint=_example(key)))
            else:
                values[key] = value
        if values.get("theme_dir") and not _inside(content / values["theme_dir"], content.parent):
            problems.append(Problem(str(path), lines.get("theme_dir"), f"must be a folder inside the catalog "
                                    f"({content.parent.resolve()}), not {shown(values['theme_dir'])}",
                                    field="theme_dir", hint="a theme is code that builds run: keep it in the "
                                    "catalog's repository, e.g. theme_dir: ../my-theme"))
        elif values.get("theme_dir") and not (content / values["theme_dir"]).is_dir():
            problems.append(Problem(str(path), lines.get("theme_dir"), f"no such folder: {content / values['theme_dir']}",
                                    field="theme_dir", hint="give a folder relative to the content folder, "
                                    "e.g. ../my-theme, or leave theme_dir out"))
        if problems:
            raise PapercatError(problems)
    if "site_url" in values:
        _check_url(values["site_url"], str(path), lines.get("site_url"), "site_url")
    if "base_url" in values:
        _check_url(values["base_url"], str(path), lines.get("base_url"), "base_url")
    if "site_url" in values and "base_url" in values and \
            _address(values["site_url"], values["base_url"]) != _address(values["site_url"]):
        raise PapercatError(Problem(str(path), lines.get("base_url"), f"disagrees with site_url (got "
                                    f"{shown(values['base_url'])})", field="base_url",
                                    hint="give only site_url: its path is where the site is served"))
    if base_url is not None:
        _check_url(base_url, "--base-url", None, "base_url")
    site_url, base_path = _address(values.pop("site_url", ""), values.pop("base_url", None), base_url)
    return Config(**values, site_url=site_url, base_url=base_path)


def _address(site_url: str, *bases: str | None) -> tuple[str, str]:
    """(full site URL or "", base path), each ending in `/`. Later settings win: `--base-url` over
    catalog.yml's `base_url` over `site_url`. A full URL sets both; a path moves the site to that
    path and keeps the scheme and host of the site URL, if any (a preview served under /pr-7/)."""
    scheme_host, path = "", "/"
    for url in (site_url, *bases):
        if not url:
            continue
        u = urlparse(url)
        if u.scheme:
            scheme_host = f"{u.scheme}://{u.netloc}"
        path = u.path or "/"
    path = path if path.endswith("/") else path + "/"
    return (scheme_host + path if scheme_host else ""), path


def _inside(path: Path, root: Path) -> bool:
    """Is `path` (links followed) `root` or below it?"""
    real, top = path.resolve(), root.resolve()
    return real == top or top in real.parents


def _check_url(url: str, where: str, line: int | None, key: str) -> None:
    """Refuse a `site_url` (a full URL) or `base_url` (a full URL or a path) naming what is wrong."""
    fault = _url_fault(url, full=key == "site_url")
    if fault:
        raise PapercatError(Problem(where, line, f"{fault} (got {shown(url)})", field=key,
                                    hint="e.g. https://example.org/catalog/" + (" or /catalog/" if key != "site_url"
                                                                                else "")))


def _url_fault(url: str, full: bool = False) -> str | None:
    """What is wrong with a site address, or None: `https://host/path/`, or `/path/` unless `full`.
    Nothing that could run as a script (`javascript:`), no query or fragment (every page URL is
    appended to it), and no whitespace or control characters, which would break the sitemap,
    robots.txt and feeds. No backslash either: browsers read it as a slash, so `/\\evil.example/` is
    `//evil.example/`, another host, whence every page would load its scripts (and
    `https://evil.example\\@a.org/` is on evil.example)."""
    wanted = "must be a full http(s) URL" if full else "must be an http(s) URL or a path starting with /"
    if "\\" in url:
        return f"{wanted}, without a backslash (browsers read it as a slash, so it could name another host)"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return f"{wanted}, without spaces or control characters"
    try:
        parts = urlparse(url)
        port_ok = parts.port is None or 0 < parts.port  # (raises for `https://a:b/` and `:99999`)
    except ValueError:  # (`http://[bad/`: "Invalid IPv6 URL", a traceback)
        return wanted
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return f"{wanted}, without a query or fragment (`?`, `#`): every page's address is added to it"
    if parts.scheme or parts.netloc:  # (a host, and no user: `https://@/` and `https://:80/` have none)
        good = parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc and port_ok
        return None if good else wanted
    return None if not full and url.startswith("/") and not url.startswith("//") else wanted