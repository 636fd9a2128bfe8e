"""Entry bodies (untrusted Markdown) -> safe HTML that shows abstracts exactly as written.

Abstracts are prose from listings, not Markdown authored for us: LaTeX (`$p_0*\\mathcal{N}$`,
`Fr\\'echet`, `\\{de,es\\}`), LaTeX quotes (`` `who' ``) and `<0.1%` must come out as the author
wrote them. So math spans are set aside for KaTeX, and the Markdown features that would eat
such text are switched off: raw HTML (escaped instead), backslash escapes and inline code.
Paragraphs, emphasis, links, lists and headings still work for a curator's notes. The result
is then cleaned by nh3 with an allow-list, so nothing from a listing can run script."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import nh3

from generator.text_urls import trim_url

class _Math:
    """Math spans, and so what KaTeX typesets (math.js typesets the spans the build marks, nothing
    else): `$$...$$`, `\\[...\\]`, `\\(...\\)`, and `$...$` within a paragraph by Pandoc's rule, which
    tells prices from formulas: the opening `$` has a character other than a space right after it,
    the closing one has one right before it and no digit right after it, and neither is escaped
    (`\\$` is a dollar sign). So "$5 and $10" is text, "$n$-gram" and "$\\beta$" are math.

    What one regex, `$$.+?$$|\\[.+?\\]|\\(.+?\\)|$...$`, finds (tests compare them), found in
    linear time: that regex tries every `\\[` against the rest of the text, so a listing's abstract of
    40 KB of `\\[` took 5.5 s, and an entry may hold 1 MB. A pair is tried at an opening only when its
    closing comes later; `finditer`, `search` and `sub` work as a compiled pattern's do."""

    _PAIRS = tuple((opening, closing, re.compile(re.escape(opening) + ".+?" + re.escape(closing), re.DOTALL))
                   for opening, closing in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)")))
    _DOLLAR = re.compile(r"(?<!\\)\$(?!\s)(?:[^$\n]|\n(?![ \t]*\n))*?[^$\s\\]\$(?!\d)")
    _OPENING = re.compile(r"\$|\\[\[(]")

    def finditer(self, text: str) -> Iterator[re.Match]:
        last = {closing: text.rfind(closing) for _, closing, _ in self._PAIRS}
        at = 0
        while (opening := self._OPENING.search(text, at)) is not None:
            at = opening.start()
            m = self._at(text, at, last)
            if m is None:
                at += 1
            else:
                yield m
                at = m.end()

    def _at(self, text: str, at: int, last: dict[str, int]) -> re.Match | None:
        for opening, closing, pattern in self._PAIRS:
            if text.startswith(opening, at) and last[closing] > at + len(opening):
                return pattern.match(text, at)
        return self._DOLLAR.match(text, at) if text.startswith("$", at) else None

    def search(self, text: str) -> re.Match | None:
        return next(self.finditer(text), None)

    def sub(self, repl: str | Callable[[re.Match], str], text: str) -> str:
        out, done = [], 0
        for m in self.finditer(text):
            out += [text[done:m.start()], repl(m) if callable(repl) else repl]
            done = m.end()
        return "".join(out) + text[done:] if out else text


MATH = _Math()
URL = re.compile(r"(?<![<(\[\"'=])\bhttps?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)

# Python-Markdown looks for the end of each `[` (and of each link's `(`) in the rest of its
# paragraph, one character at a time: 20 KB of `[` took 25 s, and an entry may hold 1 MB. That
# work is at most the brackets times the length, so a body beyond this is shown as plain
# paragraphs (its math still typeset, its URLs still links): 100 links in 20 KB of notes; the worst
# text under it takes about 0.3 s.
MARKDOWN_WORK = 2_000_000
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")

ALLOWED_TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "hr", "br", "span", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _md():
    import markdown  # (here: a build with nothing to render never needs it)

    md = markdown.Markdown(output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "backtick", "escape"):
        md.inlinePatterns.deregister(name)
    return md


def render_markdown(text: str) -> str:
    """Markdown -> sanitised HTML; each math span kept verbatim (escaped) in `<span class="math">`, for
    math.js to typeset with KaTeX."""
    kept: list[str] = []
    text, mark = _with_mark(text)

    def keep(fragment: str) -> str:
        kept.append(fragment)
        return f"{mark}{len(kept) - 1}{mark}"

    def put_back(html_text: str) -> str:
        return re.sub(f"{mark}(\\d+){mark}", lambda m: kept[int(m.group(1))], html_text) if kept else html_text

    # The patterns are slow to scan; most bodies have neither math nor a URL, which is cheap to see.
    if "$" in text or "\\" in text:
        text = MATH.sub(lambda m: keep(_math_span(m.group(0))), text)

    def link(m: re.Match) -> str:
        url = trim_url(m.group(0))
        tail = m.group(0)[len(url):]
        safe = html.escape(url)
        return keep(f'<a href="{safe}" rel="nofollow noopener">{safe}</a>') + tail

    if "://" in text:
        text = URL.sub(link, text)
    if _is_plain(text):
        return put_back("<p>" + html.escape(text.rstrip("\n"), quote=False) + "</p>")
    if text.count("[") * len(text) > MARKDOWN_WORK:  # (what is left of it: math and URLs are set aside)
        return put_back("".join(f"<p>{html.escape(part.strip(), quote=False)}</p>"
                                for part in _PARAGRAPHS.split(text) if part.strip()))
    md = _md()
    md.reset()
    out = put_back(md.convert(text))
    return nh3.clean(out, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="nofollow noopener")


def _with_mark(text: str) -> tuple[str, str]:
    """`text` and a private-use character it does not contain, to mark where set-aside fragments
    go back: a fixed marker could be typed into an entry, and then point at a fragment that is not
    there (or at the wrong one). A text holding all 6,400 of them loses the first."""
    mark = next((c for c in map(chr, range(0xE000, 0xF900)) if c not in text), None)
    return (text, mark) if mark is not None else (text.replace("\ue000", ""), "\ue000")


# One line of prose with nothing Markdown would act on (emphasis, links, entities, block markers,
# and `<...>` with no space inside, which may be an autolink: `<https://x.org>`, `<a@b.org>`).
_MARKDOWN_CHARS = re.compile(r"[*_\[\]&\n\xa0]|<[^\s<>]+>")
_BLOCK_START = re.compile(r"\s|[#>+=-]|\d+[.)]")


def _is_plain(text: str) -> bool:
    """True when Markdown would only wrap `text` in a paragraph and escape it: most abstracts are,
    and Python-Markdown plus nh3 cost a millisecond each (tests check both paths agree)."""
    text = text.rstrip("\n")
    return not (_MARKDOWN_CHARS.search(text) or _BLOCK_START.match(text) or text[-1:].isspace())


def math_marked(text: str) -> str:
    """Plain text escaped for HTML, each math span in `<span class="math">` (as render_markdown marks
    a body's): a title or a list item's snippet, for math.js to typeset."""
    if not has_math(text):
        return html.escape(text, quote=False)
    out, at = [], 0
    for m in MATH.finditer(text):
        out += [html.escape(text[at:m.start()], quote=False),
                _math_span(m.group(0))]
        at = m.end()
    return "".join(out) + html.escape(text[at:], quote=False)


def _math_span(tex: str) -> str:
    """A math span as the pages mark it for math.js: its TeX, delimiters and all, escaped."""
    return f'<span class="math">{html.escape(tex, quote=False)}</span>'


def has_math(text: str) -> bool:
    """Does `text` hold a math span (what KaTeX typesets)?"""
    return ("$" in text or "\\" in text) and MATH.search(text) is not None


def math_as_text(text: str) -> str:
    """`text` with each math span as Unicode text (`$\\beta$-VAE` -> `β-VAE`, `$O(n^2)$` -> `O(n^2)`):
    for what no KaTeX typesets, a title in a citation, a feed, a tab or a link preview, where the
    TeX itself was shown."""
    if not has_math(text):
        return text

    def one(m: re.Match) -> str:
        try:
            shown = " ".join(_latex_text().latex_to_text(m.group(0)).split())
        except Exception:  # noqa: BLE001 - pylatexenc fails on some macros (`$\\href{a}$`: IndexError)
            return m.group(0)
        return shown or m.group(0)  # (what pylatexenc makes nothing of stays TeX: `$\\begin{x}$`)
    return MATH.sub(one, text)


@lru_cache(maxsize=1)
def _latex_text():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def without_math_or_urls(text: str) -> str:
    """`text` with every math span and URL replaced by a space (what search does not index)."""
    if "$" in text or "\\" in text:
        text = MATH.sub(" ", text)
    return URL.sub(" ", text) if "://" in text else text


def plain_text(text: str, limit: int | None = None) -> str:
    """A one-line plain-text summary (for meta descriptions, feeds and snippets)."""
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def readable_text(text: str, limit: int | None = None) -> str:
    """`plain_text` with its math as Unicode text (`math_as_text`), for an abstract where no KaTeX
    typesets it: search results, feed summaries and link previews showed the TeX
    (`$\\mathcal{O}(n^2)$`). Cut after the math is made text, so that no span is cut in half."""
    return plain_text(math_as_text(text), limit)
