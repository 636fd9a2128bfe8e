"""Citation data for a paper page: BibTeX, Highwire `citation_*` meta tags and schema.org JSON-LD."""

from __future__ import annotations

import re

from generator.model import Paper

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_STOP = {"the", "and", "for", "with", "from", "towards", "toward", "via", "are", "our", "this", "that", "study",
         "novel", "new", "paper", "work", "introduce", "propose", "present", "recently", "over", "into", "all"}


def bibtex(paper: Paper, url: str | None) -> str:
    """A @misc entry (listings give no author names); the arXiv eprint fields when there is an id.
    `url`: the page's full URL, None when unknown (a path is no use in a bibliography)."""
    words = [w for w in paper.slug.split("-") if len(w) > 2 and w not in _STOP] or paper.slug.split("-")
    key = re.sub(r"[^a-z0-9]", "", words[0]) + (str(paper.year) if paper.year else "")
    title = paper.title.replace("{", "\\{").replace("}", "\\}")
    fields = [("title", "{" + title + "}")]
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.date and len(paper.date) >= 7:
        fields.append(("month", _MONTHS[int(paper.date[5:7]) - 1]))
    if paper.venue:
        fields.append(("note", paper.venue))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    url = dict(paper.links).get("arxiv", url)
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{key},\n{body}\n}}"


def citation_meta(paper: Paper) -> list[tuple[str, str]]:
    """Highwire Press tags, read by Google Scholar and reference managers."""
    meta = [("citation_title", paper.title)]
    if paper.date:
        meta.append(("citation_publication_date", paper.date.replace("-", "/")))
        meta.append(("citation_date", paper.date.replace("-", "/")))
    if paper.arxiv:
        meta.append(("citation_arxiv_id", paper.arxiv))
    links = dict(paper.links)
    if "pdf" in links:
        meta.append(("citation_pdf_url", links["pdf"]))
    if paper.venue:
        meta.append(("citation_conference_title", paper.venue))
    return meta


def json_ld(paper: Paper, url: str | None, abstract: str, keywords: list[str]) -> dict:
    """schema.org data; `url` (the page's full URL) is left out when unknown: schema.org wants a full URL."""
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper.title[:110],
                  "name": paper.title, "abstract": abstract}
    if url:
        data["url"] = url
    if paper.date:
        data["datePublished"] = paper.date
    if paper.arxiv:
        data["identifier"] = f"arXiv:{paper.arxiv}"
        data["sameAs"] = f"https://arxiv.org/abs/{paper.arxiv}"
    if paper.organization:
        data["author"] = {"@type": "Organization", "name": paper.organization}
    if keywords:
        data["keywords"] = keywords
    return data
