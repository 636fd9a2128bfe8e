"""The golden catalog builds into exactly the checked-in site (see tests/golden.py to regenerate)."""

from __future__ import annotations

from tests.golden import build_golden, differences, expected


def test_the_golden_catalog_builds_into_the_golden_site(tmp_path):
    got, want = build_golden(tmp_path / "site"), expected()
    assert want, "tests/fixtures/golden/site is empty: run `python -m tests.golden`"
    assert got == want, "the built site differs from the golden site (regenerate with " \
                        "`python -m tests.golden` if the change is meant):\n" + differences(got, want)


def test_a_difference_is_shown_as_a_readable_diff():
    want = {"a/index.html": b"<p>one</p>\n<p>two</p>\n", "gone.xml": b"x"}
    got = {"a/index.html": b"<p>one</p>\n<p>2</p>\n", "new.json": b"{}"}
    text = differences(got, want)
    assert "missing: gone.xml" in text and "extra: new.json" in text
    assert "-<p>two</p>\n+<p>2</p>" in text
