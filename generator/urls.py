"""The one place that knows where each page lives (output path) and what its URL is.

URLs are directory-style (`papers/<slug>/`) so they stay stable and pretty on any static host;
every internal URL is prefixed with the configured base path, so a site under `/catalog/` works."""

from __future__ import annotations

SORTS = ("added", "newest", "upvotes")  # the first is a list's default order


def paper(slug: str) -> str:
    return f"papers/{slug}/"


# The full list is `all/`, not `papers/`: its sort and page URLs would share `papers/<slug>/`.
# `authors/` groups papers by author count (older than author pages, and kept); people are `people/`.
# A venue and its years share a folder: `venues/neurips/`, `venues/neurips/2017/` (key `neurips/2017`).
_INDEXES = {"tag": "tags/", "topic": "topics/", "authors": "authors/", "person": "people/", "year": "years/",
            "all": "all/", "venue": "venues/", "venue-year": "venues/"}
# The A–Z index has a page per letter, `people/k/` (`people/other/` for names in other scripts): no
# person may have one of those slugs.
RESERVED_PEOPLE = frozenset("abcdefghijklmnopqrstuvwxyz") | {"other"}


def group_index(kind: str) -> str:
    return _INDEXES[kind]


def group(kind: str, key: str, page: int = 1, sort: str = SORTS[0]) -> str:
    """`tags/diffusion/`, page 2 `tags/diffusion/page/2/`, by upvotes `tags/diffusion/upvotes/`."""
    base = group_index(kind) + ("" if kind == "all" else f"{key}/")
    if sort != SORTS[0]:
        base += f"{sort}/"
    return base if page == 1 else f"{base}page/{page}/"


def people_letter(key: str, page: int = 1) -> str:
    """The authors under one letter of the A–Z index: `people/k/`, then `people/k/page/2/`..."""
    return f"{group_index('person')}{key}/" + ("" if page == 1 else f"page/{page}/")


def feed(key: str | None = None, kind: str = "topic") -> str:
    """The site's Atom feed, or a topic's or tag's (beside its list pages)."""
    return f"{group_index(kind)}{key}/feed.xml" if key else "feed.xml"


HOME, SEARCH, NOT_FOUND, SITEMAP, ROBOTS = "", "search/", "404.html", "sitemap.xml", "robots.txt"


def output_path(url: str) -> str:
    """Where a URL's file lives under site/: directory URLs get an index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url
