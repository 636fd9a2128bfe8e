"""What both anchor converters share: papercat's own reading of a content dir, so that Hugo and
Pelican get exactly the tags, topics, author counts and years papercat derives (automatic ones included)."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

ANCHORS = Path(__file__).resolve().parent
sys.path.insert(0, str(ANCHORS.parent.parent))  # this checkout's generator, installed or not

from generator.catalog import load  # noqa: E402
from generator.model import Paper  # noqa: E402


def load_papers(content: Path) -> list[Paper]:
    """Every paper of `content`, validated and with its final tags and topics, newest first."""
    return load(content).papers


def full_date(p: Paper) -> str | None:
    """YYYY-MM-DD for the other tools, which need a full date: a month-only date gets day 1."""
    if not p.date:
        return None
    parts = (p.date.split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def author_label(p: Paper) -> str:
    if p.authors_count is not None:
        return f"{p.authors_count} author{'s' if p.authors_count != 1 else ''}"
    return "Organisation" if p.organization else "Unknown"


def copy_layout(name: str, site: Path) -> None:
    """bench/anchors/<name>/ (the tool's configuration and layout) into `site`, replacing older copies."""
    site.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ANCHORS / name, site, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def write_files(root: Path, files: list[tuple[str, str]]) -> None:
    made: set[Path] = set()
    for rel, text in files:
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8", newline="\n")


PaperFile = Callable[[Paper], tuple[str, str]]


def write_site(tool: str, papers_dir: str, paper_file: PaperFile, papers: list[Paper], site: Path) -> None:
    """The tool's project for `papers` in `site`: its layout, and one content file per paper
    (replacing the papers of an earlier run)."""
    copy_layout(tool, site)
    shutil.rmtree(site / papers_dir, ignore_errors=True)
    write_files(site, [paper_file(p) for p in papers])


def main(doc: str, tool: str, papers_dir: str, paper_file: PaperFile, argv: list[str] | None = None) -> int:
    """The command line of a converter: papercat content dir in, the tool's project out."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=Path("content"), help="papercat content dir")
    parser.add_argument("--out", type=Path, required=True, help=f"{tool} project dir to write")
    args = parser.parse_args(argv)
    papers = load_papers(args.content)
    write_site(tool, papers_dir, paper_file, papers, args.out)
    print(f"wrote {len(papers)} papers into {args.out / papers_dir}")
    return 0
