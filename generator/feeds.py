"""Atom feeds, sitemap.xml and robots.txt, as strings. Dates come from papers, never from the
clock, so two builds of the same content are byte-identical.

Every file here must be valid whether or not the catalog states its full site URL: without one
there is no sitemap and no Sitemap line (both require full URLs), and feeds and their entries are
identified by `tag:` URIs (RFC 4151), which need no site URL and stay the same from build to build."""

from __future__ import annotations

import re
from urllib.parse import quote

from generator.markup import math_as_text
from generator.model import Paper

# Characters XML 1.0 does not allow in a document at all (not even as &#...; references): C0
# controls but tab, newline and return, lone surrogates, and U+FFFE/U+FFFF. Dropped from any text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The tagging entity of papercat's tag: URIs (RFC 4151: authority, then a date it held the name).
# Fixed, not the build's date: an id must never change between builds.
TAG_AUTHORITY = "papercat,2026"
# The date of undated papers in a catalog where no paper has a date (else the newest paper's date):
# a fixed day, not the clock, and not 1970.
NO_DATE = "2026-01-01T00:00:00Z"

# sitemaps.org: at most 50,000 URLs in one sitemap file; more go into several, listed by an index.
SITEMAP_LIMIT = 50_000


def escape(text: str) -> str:
    """XML character data, as xml.sax.saxutils.escape writes it (that module imports urllib and
    http: a twentieth of a rebuild's start-up), without characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes, as xml.sax.saxutils.quoteattr writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def iri(url: str) -> str:
    """A URL with anything outside URI syntax percent-encoded (the sitemap schema's anyURI, and
    feed ids, which must be URIs)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def tag_uri(catalog_id: str, url: str) -> str:
    """`tag:papercat,2026:<catalog>/<url>`: a feed's or entry's id when the site URL is unknown."""
    return iri(f"tag:{TAG_AUTHORITY}:{catalog_id}/{url}")


def stamp(date: str | None, fallback: str) -> str:
    """An RFC 3339 timestamp for a paper's `YYYY[-MM[-DD]]` date (the first day of a month or year
    that is all it gives); `fallback` (already a timestamp) for an undated one."""
    if not date:
        return fallback
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def atom(title: str, author: str, feed_id: str, home: str, self_url: str, papers: list[Paper],
         summaries: dict[str, str], entry_ids: dict[str, str], entry_urls: dict[str, str], undated: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of `papers` (already in order and cut to size). An entry is
    `updated` the day it joined the catalog (`added`), else on its own date, and `published` on its
    own date: a feed of what is new in the catalog, where a reader sorting by date buried a 2018
    paper added today. Each entry names its authors (else the feed's author stands for them).

    `home`, `self_url` and `entry_urls` are full URLs when the site URL is known, else paths from the
    server's root (IRI references, resolved against the feed's own address: allowed by RFC 4287, and
    an entry without content needs its alternate link). `undated`: the timestamp of undated papers,
    the catalog's newest date (a date of the content, the same in every build)."""
    stamps = [stamp(p.added or p.date, undated) for p in papers]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title>",
           f"<id>{escape(iri(feed_id))}</id>",
           f'<link rel="self" type="application/atom+xml" href={quoteattr(iri(self_url))}/>',
           f'<link rel="alternate" type="text/html" href={quoteattr(iri(home))}/>',
           f"<updated>{max(stamps, default=undated)}</updated>",
           # A feed-level author covers every entry (listings give no author names).
           f"<author><name>{escape(author)}</name></author>"]
    for p, updated in zip(papers, stamps):
        out += ["<entry>",
                f"<title>{escape(math_as_text(p.title))}</title>",
                f"<id>{escape(iri(entry_ids[p.slug]))}</id>",
                f'<link rel="alternate" type="text/html" href={quoteattr(iri(entry_urls[p.slug]))}/>',
                f"<updated>{updated}</updated>",
                *([f"<published>{stamp(p.date, undated)}</published>"] if p.date else []),
                *[f"<author><name>{escape(a)}</name></author>" for a in (p.shown_authors or
                                                                         ((p.organization,) if p.organization else ()))],
                *([f"<summary>{escape(summaries[p.slug])}</summary>"] if summaries[p.slug] else [])]  # (no abstract)
        out += [f"<category term={quoteattr(t)}/>" for t in p.tags]
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemaps(site_url: str, urls: list[tuple[str, str | None]], name: str = "sitemap.xml") -> dict[str, str]:
    """`name` and, beyond SITEMAP_LIMIT URLs, `sitemap-<n>.xml` beside it, by path: one sitemap, or a
    sitemap index and the sitemaps it lists. `urls`: (URL, last modified as YYYY[-MM[-DD]] or None).
    `site_url` must be a full URL (sitemaps.org)."""
    if len(urls) <= SITEMAP_LIMIT:
        return {name: _urlset(site_url, urls)}
    parts = {path: urls[i * SITEMAP_LIMIT:(i + 1) * SITEMAP_LIMIT]
             for i, path in enumerate(sitemap_paths(len(urls), name)[1:])}
    index = "\n".join(f"<sitemap><loc>{escape(iri(site_url + path))}</loc></sitemap>" for path in parts)
    out = {name: '<?xml version="1.0" encoding="utf-8"?>\n'
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + index + "\n</sitemapindex>\n"}
    out.update({path: _urlset(site_url, chunk) for path, chunk in parts.items()})
    return out


def sitemap_paths(n: int, name: str = "sitemap.xml") -> list[str]:
    """The files `sitemaps` makes for `n` URLs: `name`, then the parts an index lists, if any."""
    if n <= SITEMAP_LIMIT:
        return [name]
    stem = name.rsplit(".", 1)[0]
    return [name] + [f"{stem}-{i + 1}.xml" for i in range((n + SITEMAP_LIMIT - 1) // SITEMAP_LIMIT)]


def _urlset(site_url: str, urls: list[tuple[str, str | None]]) -> str:
    body = "\n".join(f"<url><loc>{escape(iri(site_url + u))}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
                     for u, m in urls)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "\n</urlset>\n")


def robots(sitemap_url: str | None) -> str:
    """Allow everything; name the sitemap when there is one (the Sitemap line needs a full URL)."""
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {iri(sitemap_url)}\n" if sitemap_url else "")
