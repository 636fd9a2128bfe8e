"""Orchestration, in a visible order: load -> validate -> derive -> render -> index -> write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.config import Config, load_config
from generator.entries import Entry, entry_paths, read_entry
from generator.errors import PapercatError, Problem
from generator.feeds import atom, robots, sitemap
from generator.groups import author_groups, newest_first, tag_groups, topic_groups, year_groups
from generator.markup import plain_text
from generator.model import Catalog, Paper
from generator.pages import plan_pages
from generator.render import Site, make_env, render_items, render_page
from generator.search_index import search_files
from generator.taxonomy import Vocabulary, load_vocabulary, paper_taxonomy
from generator.validate import check_entry, check_unique
from generator.writer import write_site

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
Progress = Callable[[Iterable, int, str], Iterable]


def _no_progress(it: Iterable, total: int, desc: str) -> Iterable:
    return it


@dataclass
class Loaded:
    config: Config
    vocab: Vocabulary
    papers: list[Paper]


def load(content: Path, base_url: str | None = None) -> Loaded:
    """Read and validate everything under `content`; raise once with every problem found."""
    problems: list[Problem] = []
    config = load_config(content, base_url)
    vocab = load_vocabulary(content)
    entries: list[Entry] = []
    for path in entry_paths(content):
        try:
            entries.append(read_entry(path))
        except PapercatError as e:
            problems += e.problems
    checked = []
    for entry in entries:
        values, found = check_entry(entry, set(vocab.tags), set(vocab.topics))
        problems += found
        if not found:
            checked.append((entry, values))
    problems += check_unique(checked)
    if problems:
        raise PapercatError(problems)
    papers = []
    for entry, v in checked:
        tags, topics = paper_taxonomy(v["title"], entry.body, v.get("tags", ()), v.get("tags_exclude", ()),
                                      v.get("topics", ()), vocab)
        papers.append(Paper(
            slug=v["slug"], title=v["title"], body=entry.body, path=str(entry.path),
            title_derived=v.get("title_derived", False), arxiv=v.get("arxiv"), date=v.get("date"),
            authors_count=v.get("authors_count"), organization=v.get("organization"), upvotes=v.get("upvotes"),
            venue=v.get("venue"), pages=v.get("pages"), figures=v.get("figures"), comments=v.get("comments"),
            links=v.get("links", ()), tags=tuple(tags), topics=tuple(topics), sources=v.get("sources", ())))
    return Loaded(config, vocab, newest_first(papers))


def derive(papers: list[Paper], vocab: Vocabulary) -> Catalog:
    return Catalog(
        papers={p.slug: p for p in papers},
        tags=tag_groups(papers, vocab.tags),
        topics=topic_groups(papers, vocab.topics),
        authors=author_groups(papers),
        years=year_groups(papers),
    )


def _static_files(templates: Path) -> Iterator[tuple[str, bytes]]:
    static = templates / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file() and path.name != "README.md":
            yield "static/" + path.relative_to(static).as_posix(), path.read_bytes()


def render_site(catalog: Catalog, cfg: Config, templates: Path = TEMPLATES,
                progress: Progress = _no_progress) -> Iterator[tuple[str, bytes]]:
    """Every output file as (relative path, bytes), in a stable order."""
    env = make_env(templates, cfg)
    site = Site(cfg, {"papers": len(catalog.papers), "tags": len(catalog.tags), "topics": len(catalog.topics)},
                (("Papers", urls.group_index("all")), ("Topics", urls.group_index("topic")),
                 ("Tags", urls.group_index("tag")), ("Authors", urls.group_index("authors")),
                 ("Years", urls.group_index("year")), ("Search", urls.SEARCH)),
                {k: g.label for k, g in catalog.topics.items()}, {})
    site.items.update(render_items(env, catalog.papers.values(), site))
    pages = plan_pages(catalog, cfg)
    for page in progress(pages, len(pages), "rendering"):
        yield urls.output_path(page.url), render_page(env, page, site).encode("utf-8")

    papers = list(catalog.papers.values())
    summaries = {p.slug: plain_text(p.body.split("\n\n")[0], 600) for p in papers}
    yield urls.feed(), atom(cfg.title, cfg.site_root, urls.feed(), papers[:cfg.feed_size], summaries,
                            urls.paper).encode()
    for key, group in catalog.topics.items():
        members = [catalog.papers[s] for s in group.papers[:cfg.feed_size]]
        yield urls.feed(key), atom(f"{cfg.title}: {group.label}", cfg.site_root, urls.feed(key), members,
                                   summaries, urls.paper).encode()
    yield from search_files(catalog, cfg)
    listed = [p.url for p in pages if p.url != urls.NOT_FOUND]
    yield urls.SITEMAP, sitemap(cfg.site_root, listed).encode()
    yield urls.ROBOTS, robots(cfg.site_root).encode()
    yield from _static_files(templates)


@dataclass
class BuildResult:
    files: int
    papers: int
    seconds: float


def build(content: Path, out: Path, base_url: str | None = None, templates: Path = TEMPLATES,
          progress: Progress = _no_progress) -> BuildResult:
    started = time.perf_counter()
    loaded = load(content, base_url)
    catalog = derive(loaded.papers, loaded.vocab)
    files = write_site(render_site(catalog, loaded.config, templates, progress), out)
    return BuildResult(files, len(catalog.papers), time.perf_counter() - started)
