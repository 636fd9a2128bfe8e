"""Every feed of a site: Atom for the whole catalog, each topic and each tag, the same newest papers
as a JSON Feed 1.1, and an OPML file listing them all (what a feed reader imports at once).

Ids and links are full URLs when the site URL is known, else `tag:` URIs and paths (feeds.py)."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator import urls
from generator.cite import cited_abstract
from generator.config import Config
from generator.entries import slugify
from generator.groups import by_added
from generator.feeds import NO_DATE, atom, escape, iri, quoteattr, stamp, tag_uri
from generator.markup import math_as_text, readable_text
from generator.model import Catalog, Paper
from generator.store import code_version, digest

JSON_FEED, OPML = "feed.json", "feeds.opml"


class _Entries:
    """What every feed says of a paper, worked out once per build however many feeds list it."""

    def __init__(self, cfg: Config, catalog_id: str) -> None:
        self.cfg, self.catalog_id = cfg, catalog_id
        self.summaries: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def add(self, papers: list[Paper]) -> list[Paper]:
        for p in papers:
            if p.slug not in self.summaries:
                url = urls.paper(p.slug)
                self.summaries[p.slug] = readable_text(cited_abstract(p), 600)  # (`87\%` as `87%`)
                self.ids[p.slug] = self.cfg.absolute(url) or tag_uri(self.catalog_id, url)
                self.links[p.slug] = self.cfg.absolute(url) or self.cfg.base_path + url
        return papers


def site_feeds(catalog: Catalog, cfg: Config, ids: dict[int, str]) -> list[tuple[str, str, Callable[[], bytes]]]:
    """(path, digest, make) of every feed file: Atom feeds (site, topics, tags), feed.json and
    feeds.opml. A feed's digest is its papers' (`ids`: plan.object_ids) with the settings: most
    builds change none of the hundred feeds, and none is made then."""
    papers = list(catalog.papers.values())
    catalog_id = slugify(cfg.title, 40) if cfg.title.strip() else "catalog"
    undated = stamp(papers[0].date if papers else None, NO_DATE)  # (the newest date: papers are newest first)
    entries = _Entries(cfg, catalog_id)
    settings = digest(code_version(), repr(cfg), undated)
    listed: list[tuple[str, str, str]] = []  # (title, feed URL, page URL) for the OPML file
    out = []

    def feed(url: str, page: str, members: list[Paper], title: str) -> None:
        def make() -> bytes:
            return atom(title, cfg.title, cfg.absolute(url) or tag_uri(catalog_id, url),
                        cfg.absolute(page) or cfg.base_path + page, _link(cfg, url), entries.add(members),
                        entries.summaries, entries.ids, entries.links, undated).encode()

        out.append((url, digest(settings, url, title, *[ids[id(p)] for p in members]), make))
        listed.append((title, url, page))

    # Recently added first, as the lists: a subscriber hears of an old paper the day it is added.
    added = by_added(papers)
    newest = added[:cfg.feed_size]
    feed(urls.feed(), urls.HOME, newest, cfg.title)
    # A group's papers in that order: by their places in it, in C (a hundred sorts with Python keys
    # were a sixth of planning an edit at 10,000 papers). Groups list papers newest first, and so
    # does `added` where it ties, so this is `by_added` of the group's papers.
    place = {p.slug: i for i, p in enumerate(added)}
    for kind, groups in (("topic", catalog.topics), ("tag", catalog.tags)):
        for key, group in groups.items():
            members = list(map(catalog.papers.__getitem__, sorted(group.papers, key=place.__getitem__)[:cfg.feed_size]))
            feed(urls.feed(key, kind), urls.group(kind, key), members, f"{cfg.title}: {group.label}")
    out.append((JSON_FEED, digest(settings, *[ids[id(p)] for p in newest]),
                lambda: json_feed(cfg, newest, entries, undated)))
    out.append((OPML, digest(settings, repr(listed)), lambda: opml(cfg, listed)))
    return out


def _link(cfg: Config, url: str) -> str:
    return cfg.absolute(url) or cfg.base_path + url


def json_feed(cfg: Config, papers: list[Paper], entries: _Entries, undated: str) -> bytes:
    """JSON Feed 1.1 (jsonfeed.org/version/1.1) of the newest papers. Its URLs must be full ones, so
    without a site URL the feed gives ids (tag: URIs) but no URLs."""
    feed: dict = {"version": "https://jsonfeed.org/version/1.1", "title": cfg.title, "description": cfg.description,
                  "language": cfg.language, "authors": [{"name": cfg.title}]}
    if cfg.site_url:
        feed.update(home_page_url=cfg.absolute(urls.HOME), feed_url=cfg.absolute(JSON_FEED))
    items = []
    for p in entries.add(papers):
        # (content_text even when empty: JSON Feed requires it or content_html)
        item = {"id": entries.ids[p.slug], "title": math_as_text(p.title),
                "content_text": readable_text(cited_abstract(p)), "date_published": stamp(p.added or p.date, undated)}
        if entries.summaries[p.slug]:
            item["summary"] = entries.summaries[p.slug]
        if p.authors or p.organization:  # (JSON Feed 1.1: an item's authors, else the feed's)
            item["authors"] = [{"name": a} for a in (p.shown_authors or (p.organization,))]
        if cfg.site_url:
            item["url"] = entries.links[p.slug]
        if p.tags:
            item["tags"] = list(p.tags)
        items.append(item)
    feed["items"] = items
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode()


def opml(cfg: Config, feeds: list[tuple[str, str, str]]) -> bytes:
    """OPML 2.0: every Atom feed of the site, for a feed reader to subscribe to at once."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">',
             f"<head><title>{escape(cfg.title)}: feeds</title></head>", "<body>"]
    for title, url, page in feeds:
        lines.append(f'<outline type="rss" text={quoteattr(title)} title={quoteattr(title)} '
                     f'xmlUrl={quoteattr(iri(_link(cfg, url)))} htmlUrl={quoteattr(iri(_link(cfg, page)))}/>')
    lines += ["</body>", "</opml>"]
    return ("\n".join(lines) + "\n").encode()
