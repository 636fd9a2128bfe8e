"""Turn a papercat content dir into a buildable Hugo site (layout from bench/anchors/hugo/).

    python bench/anchors/to_hugo.py --content DIR --out SITE && hugo --source SITE

One page per paper in content/papers/<slug>.md, with YAML front matter carrying the taxonomies
papercat derives: `tags`, `topics`, `authors` (the author-count group: "3", "organization" or
"unknown") and `years`. Month-only dates get day 1 (Hugo needs a full date); the date as written is
kept in `date_text` for display."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import copy_layout, full_date, load_papers, write_files  # noqa: E402

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
    """Write the Hugo site for `papers` into `site`, replacing the papers of an earlier run."""
    copy_layout("hugo", site)
    shutil.rmtree(site / PAPERS, ignore_errors=True)
    write_files(site, [paper_file(p) for p in papers])


def convert(content: Path, site: Path) -> list[Paper]:
    """Write the Hugo site for `content` into `site`; returns the papers as papercat reads them."""
    papers = load_papers(content)
    write(papers, site)
    return papers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=Path("content"), help="papercat content dir")
    parser.add_argument("--out", type=Path, required=True, help="Hugo site dir to write")
    args = parser.parse_args(argv)
    print(f"wrote {len(convert(args.content, args.out))} papers into {args.out / PAPERS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
