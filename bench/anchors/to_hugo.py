"""Turn a papercat content dir into a buildable Hugo site (layout from bench/anchors/hugo/).

    python bench/anchors/to_hugo.py --content DIR --out SITE && hugo --source SITE

One page per paper in content/papers/<slug>.md, with YAML front matter carrying the taxonomies
papercat derives: `tags`, `topics`, `authors` (the author-count group: "3", "organization" or
"unknown"), `years`, and where papercat makes their pages `people` (author names) and `venues`
(the venue and the venue-year). Month-only dates get day 1 (Hugo needs a full date); the date as written is
kept in `date_text` for display."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import full_date, main, write_site  # noqa: E402

from generator.model import Paper  # noqa: E402

PAPERS = "content/papers"


def front_matter(p: Paper) -> dict:
    meta: dict = {"title": p.title, "slug": p.slug}
    if p.date:
        meta["date"] = full_date(p)
        meta["date_text"] = p.date
    meta["tags"] = list(p.tags)
    meta["topics"] = list(p.topics)
    meta["authors"] = [p.author_group]
    if p.authors:  # (one term page per author and per venue, as papercat's people/ and venues/)
        meta["people"] = list(p.authors)
    if p.venue_slug:
        meta["venues"] = [p.venue_slug] + ([f"{p.venue_slug}-{p.year}"] if p.year else [])
    if p.year:
        meta["years"] = [str(p.year)]
    for key in ("upvotes", "arxiv"):
        if getattr(p, key) is not None:
            meta[key] = getattr(p, key)
    if p.links:
        meta["links"] = dict(p.links)
    return meta


def paper_file(p: Paper) -> tuple[str, str]:
    """(path inside the site, text) of one paper's content file."""
    front = yaml.safe_dump(front_matter(p), sort_keys=False, allow_unicode=True, width=4096)
    return f"{PAPERS}/{p.slug}.md", f"---\n{front}---\n\n{p.body.strip()}\n"


def write(papers: list[Paper], site: Path) -> None:
    write_site("hugo", PAPERS, paper_file, papers, site)


if __name__ == "__main__":
    sys.exit(main(__doc__, "hugo", PAPERS, paper_file))
