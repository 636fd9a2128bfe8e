"""URLs in running text: shared by the importer (links for entries) and the renderer (links in
abstracts), so that both agree on where a URL ends."""

from __future__ import annotations


def trim_url(url: str) -> str:
    """A URL matched in prose without the sentence punctuation after it: `https://x.org/a.` ->
    `https://x.org/a`, and `(see https://x.org/a)` keeps only balanced parentheses."""
    url = url.rstrip(".,;:!?")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url
