"""Jinja environment and page rendering: returns strings, writes nothing.

Autoescape is on and undefined variables fail the build (StrictUndefined): a typo in a template
is an error at build time, not an empty spot on a published page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import urls
from generator.config import Config
from generator.markup import render_markdown
from generator.pages import KIND_NAMES, Page


@dataclass(frozen=True)
class Site:
    """What every template may know about the site as a whole."""

    config: Config
    nav: tuple[tuple[str, str], ...]
    topic_labels: dict
    items: dict  # slug -> the paper's list item, rendered once and reused by every list (`list_items`)
    # The parts of every page that do not depend on the page, rendered once per site: `head`,
    # `footer`, and `header` per nav section URL (its link is marked current), `*` for the rest.
    chrome: dict = field(default_factory=dict)

    def key(self) -> tuple:
        """Everything here that a page depends on; `items` derive from the papers themselves."""
        return (self.config, self.nav, sorted(self.topic_labels.items()))


class _Items(dict):
    """Each paper's list item, rendered on first use: a paper appears in a dozen lists, each in
    two orders, and an incremental build needs only the items of the lists it re-renders."""

    def __init__(self, env: jinja2.Environment, papers: dict):
        super().__init__()
        self.template = env.get_template("partials/paper_item.html")
        self.papers = papers
        self.site: Site | None = None

    def __missing__(self, slug: str) -> Markup:
        html = self[slug] = Markup(self.template.render(p=self.papers[slug], site=self.site))
        return html


def list_items(site: Site, known: dict[str, str], slugs: Iterable[str]) -> list[str]:
    """Take `known` items (slug -> HTML, as a previous build rendered them from the same paper and
    templates), then render those of `slugs` still missing; returns the slugs rendered. Done once,
    before rendering forks: adding a paper re-renders a thousand list pages, whose 10,000 items
    every worker would otherwise render again."""
    site.items.update((slug, Markup(html)) for slug, html in known.items())
    missing = [slug for slug in slugs if slug not in site.items]
    for slug in missing:
        site.items[slug]  # noqa: B018  (rendered and kept by _Items.__missing__)
    return missing


NAV = (("Papers", "all"), ("Topics", "topic"), ("Tags", "tag"), ("Authors", "authors"), ("Years", "year"))


def make_site(env: jinja2.Environment, catalog, cfg: Config) -> Site:
    items = _Items(env, catalog.papers)
    site = Site(cfg, tuple((label, urls.group_index(kind)) for label, kind in NAV) + (("Search", urls.SEARCH),),
                {k: g.label for k, g in catalog.topics.items()}, items)
    items.site = site
    context = {"site": site, "page": None}
    site.chrome["head"] = Markup(env.get_template("partials/site_head.html").render(context).rstrip("\n"))
    site.chrome["footer"] = Markup(env.get_template("partials/site_footer.html").render(context).rstrip("\n"))
    header = env.get_template("partials/site_header.html")
    site.chrome["header"] = {current: Markup(header.render(context, current=current).rstrip("\n"))
                             for current in ["*"] + [path for _, path in site.nav]}
    return site


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
    # Entry bodies are untrusted Markdown: rendered and sanitised by markup.render_markdown.
    env.filters["markdown"] = lambda text: Markup(render_markdown(text))
    return env


def render_page(env: jinja2.Environment, page: Page, site: Site) -> str:
    template = env.get_template(page.template)
    context = {"description": page.description, **page.context, **(page.lazy() if page.lazy else {})}
    return template.render(page=page, site=site, **context)
