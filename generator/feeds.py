"""Atom feeds, sitemap.xml and robots.txt, as strings. Dates come from papers, never from the
clock, so two builds of the same content are byte-identical."""

from __future__ import annotations

from generator.model import Paper


def escape(text: str) -> str:
    """XML character data, as xml.sax.saxutils.escape writes it (that module imports urllib and
    http: a twentieth of a rebuild's start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes, as xml.sax.saxutils.quoteattr writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def _stamp(date: str | None) -> str:
    if not date:
        return "1970-01-01T00:00:00Z"
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def atom(title: str, site_root: str, self_url: str, papers: list[Paper], summaries: dict[str, str],
         paper_url) -> str:
    """An Atom 1.0 feed of `papers` (already newest first and cut to size)."""
    updated = _stamp(papers[0].date if papers else None)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title>",
           f"<id>{escape(site_root + self_url)}</id>",
           f'<link rel="self" href={quoteattr(site_root + self_url)}/>',
           f"<link href={quoteattr(site_root)}/>",
           f"<updated>{updated}</updated>",
           "<author><name>papercat</name></author>"]
    for p in papers:
        url = site_root + paper_url(p.slug)
        out += ["<entry>",
                f"<title>{escape(p.title)}</title>",
                f"<id>{escape(url)}</id>",
                f"<link href={quoteattr(url)}/>",
                f"<updated>{_stamp(p.date)}</updated>",
                f"<summary>{escape(summaries[p.slug])}</summary>"]
        out += [f"<category term={quoteattr(t)}/>" for t in p.tags]
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemap(site_root: str, urls: list[str]) -> str:
    body = "\n".join(f"<url><loc>{escape(site_root + u)}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "\n</urlset>\n")


def robots(site_root: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {site_root}sitemap.xml\n"
