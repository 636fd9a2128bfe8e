"""Jinja environment and page rendering: returns strings, writes nothing.

Autoescape is on and undefined variables fail the build (StrictUndefined): a typo in a template
is an error at build time, not an empty spot on a published page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import urls
from generator.config import Config
from generator.pages import KIND_NAMES, Page


@dataclass(frozen=True)
class Site:
    """What every template may know about the site as a whole."""

    config: Config
    counts: dict
    nav: tuple[tuple[str, str], ...]
    topic_labels: dict
    items: dict  # slug -> the paper's list item, rendered once and reused by every list


def make_env(templates: Path, cfg: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base = cfg.base_path

    def url(path: str) -> str:
        return base + path

    env.globals.update(
        url=url,
        paper_url=lambda slug: url(urls.paper(slug)),
        group_url=lambda kind, key="", sort="newest": url(urls.group(kind, key, 1, sort)),
        index_url=lambda kind: url(urls.group_index(kind)),
        feed_url=lambda topic=None: url(urls.feed(topic)),
        asset=lambda path: url("static/" + path),
        kind_names=KIND_NAMES,
    )
    return env


def render_items(env: jinja2.Environment, papers, site: Site) -> dict:
    """Each paper's list item, rendered once: a paper appears in a dozen lists, each in two orders."""
    template = env.get_template("partials/paper_item.html")
    return {p.slug: Markup(template.render(p=p, site=site)) for p in papers}


def render_page(env: jinja2.Environment, page: Page, site: Site) -> str:
    template = env.get_template(page.template)
    return template.render(page=page, site=site, **page.context)
