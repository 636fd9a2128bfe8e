"""Jinja environment and page rendering: returns strings, writes nothing.

Autoescape is on and undefined variables fail the build (StrictUndefined): a typo in a template
is an error at build time, not an empty spot on a published page."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import urls
from generator.config import Config
from generator.errors import PapercatError, Problem
from generator.finders import find_links
from generator.markup import math_marked, render_markdown
from generator.pages import KIND_NAMES, SORT_LABELS, Page, snippet
from generator.plural import counted, noun, number


@dataclass(frozen=True)
class Site:
    """What every template may know about the site as a whole: plain data, sent to render workers."""

    config: Config
    nav: tuple[tuple[str, str], ...]
    topic_labels: dict
    # The parts of every page that do not depend on the page, rendered once per site: `head`,
    # `footer`, and `header` per nav section URL (its link is marked current), `*` for the rest.
    chrome: dict = field(default_factory=dict)

    def key(self) -> tuple:
        """Everything here that a page depends on."""
        return (self.config, self.nav, sorted(self.topic_labels.items()))


class Renderer:
    """Pages of one site, rendered to bytes. Each paper's list item is rendered once and reused:
    a paper appears in a dozen lists, each in two orders."""

    def __init__(self, env: jinja2.Environment, site: Site, items: dict[str, str] | None = None) -> None:
        self.env, self.site = env, site
        with _naming(None):
            self.item_template = env.get_template("partials/paper_item.html")
        # Slug -> the item's HTML, as plain text: marked safe when used (a copy), so that the text read
        # from the store is the only copy held (at 100,000 papers, 100 MB in every process).
        self.items: dict[str, str] = items if items is not None else {}

    def item(self, p) -> Markup:
        html = self.items.get(p.slug)
        if html is None:
            with _naming(p.path):
                html = self.items[p.slug] = self.item_template.render(p=p, site=self.site)
        return Markup(html)

    def page(self, page: Page) -> bytes:
        paper = page.context.get("paper")
        with _naming(paper.path if paper is not None else page.template):
            template = self.env.get_template(page.template)
            context = {"description": page.description, **page.context, **(page.lazy() if page.lazy else {})}
            return template.render(page=page, site=self.site, item=self.item, **context).encode("utf-8")


def check_bodies(papers) -> None:
    """Render every entry's body as a build does; raise with every entry that fails, by file."""
    problems = []
    for p in papers:
        try:
            with _naming(p.path):
                render_markdown(p.body)
        except PapercatError as e:
            problems += e.problems
    if problems:
        raise PapercatError(problems)


@contextmanager
def _naming(source: str | None):
    """An unexpected error while rendering names the template line it came from, else the entry: the
    bare error alone (or a traceback, for a broken override of a partial) left a curator of 10,000
    entries nowhere to look, and an error in `paper.html` was laid on the first entry."""
    try:
        yield
    except PapercatError:
        raise
    except Exception as e:  # noqa: BLE001 - re-raised with the place it happened
        raise PapercatError(template_problem(e, source)) from e


def template_problem(e: Exception, source: str | None = None) -> Problem:
    """A rendering error at its template's file and line (jinja gives them for a syntax error, and
    puts template lines in the traceback of any other), with the entry being rendered if known."""
    where, line = None, None
    if isinstance(e, jinja2.TemplateSyntaxError) and e.filename:
        where, line = e.filename, e.lineno
    else:
        import traceback

        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith((".html", ".xml"))]
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    message = getattr(e, "message", None) or str(e)
    if where is None:
        return Problem(source or "papercat", None, f"cannot be rendered: {type(e).__name__}: {message}",
                       hint="a bug in papercat or in a template override; please report it with this entry")
    if isinstance(e, jinja2.TemplateSyntaxError):  # (any entry would have met it: naming one misleads)
        source = None
    return Problem(where, line, f"{type(e).__name__}: {message}" + (f" (while rendering {source})" if source else ""),
                   hint="fix this template (a catalog's override of a packaged one); if it is papercat's own, "
                        "please report it")


LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "web": "Web page", "code": "Code", "project": "Project page"}

# "Authors" are people (their A–Z index); "Author count" groups papers by how many authors they have.
# A catalog without author names has no "Authors" link (its index would be empty), nor one without
# venues a "Venues" link.
NAV = (("Papers", "all"), ("Topics", "topic"), ("Tags", "tag"), ("Authors", "person"), ("Author count", "authors"),
       ("Years", "year"), ("Venues", "venue"))


def make_site(env: jinja2.Environment, catalog, cfg: Config) -> Site:
    # (Authors when a paper names one: they have groups then, made after the site is (build.py).)
    shown = {"person": any(p.authors for p in catalog.papers.values()), "venue": bool(catalog.venues)}
    nav = tuple((label, urls.group_index(kind)) for label, kind in NAV if shown.get(kind, True))
    site = Site(cfg, nav + (("Search", urls.SEARCH),), {k: g.label for k, g in catalog.topics.items()})
    context = {"site": site, "page": None}
    with _naming(None):  # (partials every page shows: an error in one is no one entry's)
        site.chrome["head"] = Markup(env.get_template("partials/site_head.html").render(context).rstrip("\n"))
        site.chrome["footer"] = Markup(env.get_template("partials/site_footer.html").render(context).rstrip("\n"))
        header = env.get_template("partials/site_header.html")
        site.chrome["header"] = {current: Markup(header.render(context, current=current).rstrip("\n"))
                                 for current in ["*"] + [path for _, path in site.nav]}
    return site


class _Compiled(jinja2.BytecodeCache):
    """Templates compiled once per process, by name and source (an edited template is compiled
    again), for every environment `make_env` makes: all are set up alike. `papercat serve` rebuilds
    in one process, and compiling 19 templates was half of a 40-paper build. Held in memory only:
    what papercat saves on disk is data, never code."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _Compiled()


def make_env(templates: Path | Sequence[Path], cfg: Config) -> jinja2.Environment:
    """`templates`: one folder, or folders searched in order (a catalog's theme over the packaged one)."""
    folders = [templates] if isinstance(templates, Path) else list(templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lives for one build, in which templates do not change: without this, every
        # page's templates and partials were looked at on disk again (17,000 stats at 1,000 papers).
        auto_reload=False,
        bytecode_cache=_COMPILED,
    )
    base = cfg.base_path

    def url(path: str) -> str:
        return base + path

    env.globals.update(
        url=url,
        paper_url=lambda slug: url(urls.paper(slug)),
        group_url=lambda kind, key="", sort=urls.SORTS[0]: url(urls.group(kind, key, 1, sort)),
        index_url=lambda kind: url(urls.group_index(kind)),
        feed_url=lambda topic=None: url(urls.feed(topic)),
        asset=lambda path: url("static/" + path),
        absolute=cfg.absolute,  # a full URL, or None without a site URL
        kind_names=KIND_NAMES,
        sort_labels=SORT_LABELS,
        link_labels=LINK_LABELS,
        find_links=find_links,  # title searches, for a paper whose entry links to no copy of it
        counted=counted,  # `1 paper`, `2 papers`
        noun=noun,  # `paper` or `papers`, for a count shown apart
    )
    # Entry bodies are untrusted Markdown: rendered and sanitised by markup.render_markdown.
    env.filters["markdown"] = lambda text: Markup(render_markdown(text))
    env.filters["number"] = number  # `10,000`, as `counted` writes counts in words
    # A list item's snippet: plain text, escaped like any other entry text (never marked safe).
    env.filters["snippet"] = snippet
    # A title or snippet with its math spans marked for math.js (escaped text otherwise).
    env.filters["math"] = lambda text: Markup(math_marked(text))
    return env
