"""Test helpers that look at a built site the way a browser and a link checker would."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import html5lib

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def parse_strict(html: str, name: str):
    """Parse as HTML5; any parse error (bad nesting, stray end tag, ...) fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(html)
    except html5lib.html5parser.ParseError as e:
        raise AssertionError(f"{name}: invalid HTML: {e}") from None


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def references(doc) -> list[str]:
    refs = []
    for el in doc.iter():
        for attr in ("href", "src"):
            value = el.get(attr)
            if value:
                refs.append(value)
    return refs


def resolve(site: Path, base_path: str, page_url: str, ref: str) -> Path | None:
    """The file an internal reference points at, or None for external references."""
    ref, _ = urldefrag(ref)
    u = urlparse(ref)
    if u.scheme or u.netloc or ref.startswith(("mailto:", "data:")) or not ref:
        return None
    path = unquote(u.path)
    if not path.startswith("/"):
        path = page_url.rsplit("/", 1)[0] + "/" + path
    assert path.startswith(base_path), f"{ref!r} escapes the base path {base_path!r}"
    rel = path[len(base_path):]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target


def page_url(site: Path, base_path: str, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


class _References(HTMLParser):
    """href and src values in document order, as html5lib's tree gives them (attribute values
    unescaped), four to five times as fast: enough where the page's validity is checked elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]

    handle_startendtag = handle_starttag


def page_references(site: Path, base_path: str = "/", strict: bool = False) -> dict[Path, tuple[str, list[str]]]:
    """Every page's URL and href/src references, each page parsed once (html5lib is slow: the
    shipped site's 580 pages take 7 s); `strict`: any page that is not valid HTML fails."""
    out = {}
    for file in html_pages(site):
        text = file.read_text(encoding="utf-8")
        if strict:
            refs = references(parse_strict(text, str(file.relative_to(site))))
        else:
            parser = _References()
            parser.feed(text)
            parser.close()
            refs = parser.found
        out[file] = (page_url(site, base_path, file), refs)
    return out


def broken_links(site: Path, base_path: str = "/", strict: bool = False,
                 pages: dict[Path, tuple[str, list[str]]] | None = None) -> list[str]:
    """Every internal href/src in every page, and every url() in every stylesheet, must exist.
    `strict`: every page must also be valid HTML. `pages`: `page_references` already made."""
    broken = []
    for file, (here, refs) in (pages if pages is not None else page_references(site, base_path, strict)).items():
        for ref in refs:
            target = resolve(site, base_path, here, ref)
            if target is not None and not target.is_file():
                broken.append(f"{file.relative_to(site)} -> {ref}")
    for css in site.rglob("*.css"):
        for ref in CSS_URL.findall(css.read_text(encoding="utf-8")):
            if ref.startswith("data:"):
                continue
            if not (css.parent / urldefrag(ref)[0]).resolve().is_file():
                broken.append(f"{css.relative_to(site)} -> {ref}")
    return broken


def make_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a throwaway tree from {relative path: text}."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def links_in(file: Path, prefix: str) -> list[str]:
    """Internal hrefs on a page that start with `prefix`, in document order."""
    doc = html5lib.parse(file.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return [el.get("href") for el in doc.iter("a") if (el.get("href") or "").startswith(prefix)]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes by path, and every empty folder (as `path/`: a build that takes out a page
    must take out its folder too)."""
    found: dict[str, bytes] = {}
    for folder, subfolders, files in os.walk(root):  # (a third of the time of rglob and a stat per path)
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if prefix and not subfolders and not files:
            found[prefix] = b""
        for name in files:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    found[prefix + name] = f.read()
    return dict(sorted(found.items()))


# A small valid entry: `ENTRY.format(title=..., slug=...)`.
ENTRY = """---
title: {title}
slug: {slug}
date: '2024-03-01'
---

We study attention in transformers for speech recognition with a simple method that works well.
"""
