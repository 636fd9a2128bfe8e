"""Drafts (generator/drafts.py): which entries are drafts and why, and how `papercat check`
lists them. What a build leaves out is tested in test_build.py and test_incremental.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.drafts import MARKED, PLACEHOLDER_ABSTRACT, PLACEHOLDER_TITLE, draft_reasons
from generator.drafts import ABSTRACT_PLACEHOLDER
from tests.sitecheck import make_tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("marked, title, abstract, reasons", [
    (False, "A real title", "A real abstract.", ()),
    (True, "A real title", "A real abstract.", (MARKED,)),
    (False, "Untitled arXiv:2401.01234", "A real abstract.", (PLACEHOLDER_TITLE,)),
    (False, "A real title", ABSTRACT_PLACEHOLDER, (PLACEHOLDER_ABSTRACT,)),
    (True, "Untitled arXiv:2401.01234", ABSTRACT_PLACEHOLDER, (MARKED, PLACEHOLDER_TITLE, PLACEHOLDER_ABSTRACT)),
    # The placeholder must be the whole abstract: an abstract quoting it is the curator's text.
    (False, "A real title", ABSTRACT_PLACEHOLDER + " And more.", ()),
])
def test_draft_reasons(marked, title, abstract, reasons):
    assert draft_reasons(marked, title, abstract) == reasons


@pytest.fixture
def content(tmp_path) -> Path:
    root = make_tree(tmp_path / "content", {
        "catalog.yml": "title: Test catalog\n",
        "papers/done.md": "---\ntitle: Done\nslug: done\ndate: '2024-03-01'\ndraft: false\n---\n\nAn abstract.\n",
        "papers/later.md": "---\ntitle: Later\nslug: later\ndate: '2024-03-01'\ndraft: true\n---\n\nAn abstract.\n"})
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def test_check_lists_drafts_and_strict_fails_on_them(papercat, content):
    assert papercat("new", "--arxiv", "2401.01234", "--content", content).status == 0
    skeleton = content / "papers" / "arxiv-2401-01234.md"
    run = papercat("check", "--content", content)
    assert (run.status, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[0] == "3 entries, no problems"
    assert lines[-3:] == [
        "Drafts: 2 left out of the published site (shown by serve and build --drafts)",
        f"  {skeleton}: {PLACEHOLDER_TITLE}; {PLACEHOLDER_ABSTRACT}",
        f"  {content / 'papers' / 'later.md'}: {MARKED}"]
    strict = papercat("check", "--strict", "--content", content)
    assert strict.status == 1  # (and says so last: its first line, "no problems", read as a pass in a CI log)
    assert strict.out.splitlines()[-1] == "Failed (--strict): 2 drafts (listed above), which a build leaves out: " \
                                         "finish them, or remove them"

    skeleton.unlink()
    later = content / "papers" / "later.md"
    later.write_text(later.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    run = papercat("check", "--strict", "--content", content)
    assert run.status == 0 and "Drafts" not in run.out
