"""The Markdown fast path must give exactly what Python-Markdown and nh3 give."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.markup as markup
from generator.entries import read_entry
from generator.pages import Pager

ROOT = Path(__file__).resolve().parent.parent
REAL = [read_entry(p).body for p in sorted((ROOT / "content" / "papers").glob("*.md"))]
CRAFTED = [
    "a < b > c and \"quotes\" 'x' `y' \\% $x_1*y$ https://a.org/x_(y).", "x\u00a0y  ", "Plain.\n", "Plain.",
    "50% <0.1% {it,es,de}->en", "a & b &amp; c", "* list", "- list", "1. x", "    code", "# heading", "> quote",
    "<script>alert(1)</script> x", "see https://x.org/\"onmouseover=alert(1)", "two\n\nparagraphs", "trailing  ",
    "emphasis *here*", "under_score", "[link](javascript:alert(1))", "===", "x\ny",
    "code at <https://github.com/x/y> here", "mail <a@b.org> now", "a <b>bold</b> word", "x <javascript:alert(1)> y",
]


@pytest.mark.parametrize("body", REAL + CRAFTED)
def test_fast_path_equals_markdown(body, monkeypatch):
    fast = markup.render_markdown(body)
    monkeypatch.setattr(markup, "_is_plain", lambda text: False)
    assert fast == markup.render_markdown(body)


def test_fast_path_is_taken_for_most_real_abstracts():
    assert sum(markup._is_plain(b) for b in REAL) > 0.9 * len(REAL)


def test_pager_window_links_first_last_and_neighbours():
    urls = tuple(f"p{i}/" for i in range(1, 21))
    shown = lambda page: [x[0] if x else "…" for x in Pager(page, 20, urls).window()]  # noqa: E731
    assert shown(1) == [1, 2, 3, 4, "…", 20]
    assert shown(10) == [1, "…", 7, 8, 9, 10, 11, 12, 13, "…", 20]
    assert shown(20) == [1, "…", 17, 18, 19, 20]
    assert [x[0] for x in Pager(2, 3, urls[:3]).window()] == [1, 2, 3]


@pytest.mark.parametrize("title", ["A $\\href{javascript:alert(1)}{x}$ link", "$\\href$", "B $\\href{a}$ c"])
def test_math_pylatexenc_cannot_read_stays_tex_not_a_crash(title):
    """A title is untrusted listing text: math that pylatexenc fails on (its `\\href` wants two
    arguments and raised IndexError) is shown as the TeX it is, not a traceback halfway through a build."""
    assert markup.math_as_text(title) == title


@pytest.mark.parametrize("text, spans", [
    ("$5 and $10 a month", []),  # prices (Pandoc's rule: a space before a closing `$`)
    ("costs $5, not $10", []),
    ("a $x$2 b", []),  # (a digit right after the closing `$`)
    ("$ for the score function of $", []),  # (a space right after the opening `$`)
    ("an escaped \\$5$ here", []),
    ("$n$-gram and $\\beta$-VAE", ["$n$", "$\\beta$"]),
    ("$t$", ["$t$"]),
    ("error $2.3 \\%$ lower", ["$2.3 \\%$"]),
    ("display $$a + b$$ and \\(x\\) and \\[y\\]", ["$$a + b$$", "\\(x\\)", "\\[y\\]"]),
])
def test_math_is_told_from_prices_by_pandocs_rule(text, spans):
    """What is math is decided once, here (MATH), and the browser typesets just the spans marked:
    KaTeX's auto-render, which found `$` pairs itself, typeset "5 and " in "$5 and $10"."""
    assert [m.group(0) for m in markup.MATH.finditer(text)] == spans
    assert markup.has_math(text) == bool(spans)
    marked = markup.math_marked(text)
    assert marked.count('<span class="math">') == len(spans)
    assert re.sub(r'</?span[^>]*>', "", marked) == html.escape(text, quote=False)
    body = markup.render_markdown(text)
    assert [s for s in re.findall(r'<span class="math">(.*?)</span>', body)] == [html.escape(s, quote=False)
                                                                              for s in spans]


def test_marked_math_and_text_are_escaped():
    marked = markup.math_marked("<b>$a<b$</b> & $x$")
    assert marked == '&lt;b&gt;<span class="math">$a&lt;b$</span>&lt;/b&gt; &amp; <span class="math">$x$</span>'


def test_inline_math_may_run_over_a_line_break_but_not_a_paragraph():
    """A hand-wrapped note breaks lines inside `$...$` (Pandoc allows it); a blank line ends any span."""
    assert [m.group(0) for m in markup.MATH.finditer("a $x +\ny$ b")] == ["$x +\ny$"]
    assert not markup.has_math("a $x\n\ny$ b") and not markup.has_math("costs $5\nand $10")
    assert markup.render_markdown("Note: $x +\ny$ here.\n\nNext.").count('<span class="math">') == 1


# The rule as one regex: what `markup.MATH` finds, by a scan that never tries a pair with no closing
# after it (this regex tried every `\[` of a text against the whole rest of it).
ONE_REGEX = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|(?<!\\)\$(?!\s)(?:[^$\n]|\n(?![ \t]*\n))*?[^$\s\\]\$(?!\d)",
                       re.DOTALL)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["$", "$$", "\\[", "\\]", "\\(", "\\)", "\\", " ", "\n", "a", "1", "x"]), max_size=16))
def test_math_spans_are_the_one_regexs(pieces):
    text = "".join(pieces)
    assert [m.span() for m in markup.MATH.finditer(text)] == [m.span() for m in ONE_REGEX.finditer(text)]
    assert markup.MATH.sub("#", text) == ONE_REGEX.sub("#", text)


@pytest.mark.parametrize("hostile", ["\\[" * 100_000, "\\)" + "\\(" * 100_000, "$$" + " x" * 100_000,
                                     "[" * 10_000 + "]" * 10_000, "[a](" * 50_000, "[" * 10_000 + "\n\n" + "]" * 10_000],
                         ids=["brackets", "parentheses", "dollars", "nested", "links", "paragraphs"])
def test_an_abstract_of_openings_alone_is_read_in_one_pass(hostile):
    """200 KB of `\\[` with no `\\]`: the one regex tried each against the rest of the text (about
    2 minutes; an entry may hold 1 MB, an hour), and Python-Markdown each `[` and link (20 KB of
    nested brackets took 16 s). A guard against that blow-up, not a speed target: the alarm is a
    hundred times what one pass takes."""
    import signal

    def late(*_):
        raise TimeoutError("math spans were looked for in quadratic time")

    old = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        assert not markup.has_math(hostile) and markup.render_markdown(hostile).startswith("<p>")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_a_body_markdown_would_take_too_long_over_is_plain_paragraphs_with_its_math_and_links():
    body = "[" * 3_000 + " a $x$ https://example.org/a\n\nNext paragraph [link](https://b.org)."
    assert body.count("[") * len(body) > markup.MARKDOWN_WORK
    html_ = markup.render_markdown(body)
    assert html_.startswith("<p>[[[") and html_.count("<p>") == 2 and '<span class="math">$x$</span>' in html_
    assert '<a href="https://example.org/a" rel="nofollow noopener">' in html_ and "[link](" in html_
    assert "<script>" not in markup.render_markdown("[" * 3_000 + " <script>alert(1)</script>")
    notes = "See [the code](https://c.org) and [the data](https://d.org).\n\n" * 40  # (under it: Markdown)
    assert notes.count("[") * len(notes) < markup.MARKDOWN_WORK
    assert markup.render_markdown(notes).count('<a href="https://c.org"') == 40
