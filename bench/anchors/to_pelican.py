"""Turn a papercat content dir into a buildable Pelican project (settings and theme from
bench/anchors/pelican/).

    python bench/anchors/to_pelican.py --content DIR --out SITE
    pelican SITE/content -s SITE/pelicanconf.py -o OUTPUT

One Markdown article per paper, content/<slug>.md, whose metadata header carries what papercat
derives. Pelican allows one category per article and has no custom taxonomies, so `Category` is the
first topic, `Tags` are the tags, and `Authors` is the author-count group ("3 authors",
"Organisation", "Unknown"), which makes Pelican's author pages the author-count pages. Month-only
dates get day 1; undated papers take DEFAULT_DATE from pelicanconf.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import author_label, full_date, main, write_site  # noqa: E402

from generator.model import Paper  # noqa: E402

CONTENT = "content"


def _one_line(value: str) -> str:
    """A metadata value is one `Key: value` line; papercat titles never hold a line break, but be safe."""
    return " ".join(value.split())


def metadata(p: Paper) -> list[tuple[str, str]]:
    meta = [("Title", _one_line(p.title)), ("Slug", p.slug)]
    if p.date:
        meta.append(("Date", full_date(p) or ""))
    meta.append(("Category", p.topics[0] if p.topics else "other"))
    if p.tags:
        meta.append(("Tags", ", ".join(p.tags)))
    meta.append(("Authors", author_label(p)))
    if p.upvotes is not None:
        meta.append(("Upvotes", str(p.upvotes)))
    return meta


def paper_file(p: Paper) -> tuple[str, str]:
    """(path inside the project, text) of one paper's article."""
    header = "".join(f"{key}: {value}\n" for key, value in metadata(p))
    return f"{CONTENT}/{p.slug}.md", f"{header}\n{p.body.strip()}\n"


def write(papers: list[Paper], site: Path) -> None:
    write_site("pelican", CONTENT, paper_file, papers, site)


if __name__ == "__main__":
    sys.exit(main(__doc__, "pelican", CONTENT, paper_file))
