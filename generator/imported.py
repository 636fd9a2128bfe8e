"""What import has seen in a catalog, so that an entry the curator deleted stays deleted.

Deleting an entry's file is an edit like any other, but a later import of the same listing (to pick
up its new papers) made the entry again. Nothing runs when a file is deleted, so import keeps a
list of every paper the catalog held when it last ran, `content/imported.txt`: one line per entry,
its slug and the keys that identify the paper (arXiv id, DOI, normalised title, the opening of its
abstract hashed). A listing of a paper on that list whose entry is gone is kept out, and said so;
deleting the line lets the paper in again. The list is plain text, sorted by slug, one paper a
line, so that it reads and merges well in version control."""

from __future__ import annotations

import hashlib
from pathlib import Path

FILE = "imported.txt"
HEADER = ("# Papers this catalog held when `papercat import` last ran: a slug, then the keys that identify the\n"
          "# paper. Import keeps out a listing of a paper named here whose entry has been deleted (a deleted\n"
          "# entry stays deleted); delete its line to import that paper again. Written by import.\n")
KINDS = ("arxiv", "doi", "title", "abstract")  # the keys importer._keys gives, but places (sources)
ARXIV_DOI = "10.48550/"  # the DOI arXiv gives every paper, beside a published version's


def read(content: Path) -> dict[str, list[str]]:
    """slug -> its keys (`arxiv:2401.01234`, `title:sparse experts`); empty when there is no list.
    A line that is not `slug<TAB>key...` is left out (the list is rewritten whole by every import)."""
    try:
        text = (content / FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    seen: dict[str, list[str]] = {}
    for line in text.splitlines():
        slug, *keys = line.split("\t")
        keys = [k for k in keys if k.partition(":")[0] in KINDS and k.partition(":")[2]]
        if slug and not slug.startswith("#") and keys:
            seen[slug] = keys
    return seen


def text(seen: dict[str, list[str]]) -> str:
    return HEADER + "".join(f"{slug}\t" + "\t".join(keys) + "\n" for slug, keys in sorted(seen.items()))


def keys_of(keys: list[tuple[str, str]]) -> list[str]:
    """A paper's keys as the list writes them, from importer._keys (places left out: a source names a
    line of a file, which another paper may take). An abstract's opening is written as its hash: 250
    letters a line made the list of the shipped catalog 136 KB, and the slug already names the paper."""
    out = []
    for kind, value in keys:
        value = " ".join(value.split())
        if kind in KINDS and value:
            out.append(f"{kind}:{_hashed(value) if kind == 'abstract' else value}")
    return out


def _hashed(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def deleted(keys: list[str], seen: dict[str, list[str]], index: dict[str, list[str]]) -> str | None:
    """The slug of a paper on the list that `keys` identify, or None. The strongest key both have
    decides, as import's own matching does: the arXiv id, then the DOI (not arXiv's own), then the
    title, then the abstract's opening; "Deep Learning" with another arXiv id is another paper."""
    for slug in dict.fromkeys(s for k in keys for s in index.get(k, ())):
        if _same(_by_kind(keys), _by_kind(seen[slug])):
            return slug
    return None


def index_of(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    """key -> the slugs that have it, for `deleted`."""
    index: dict[str, list[str]] = {}
    for slug, keys in seen.items():
        for k in keys:
            index.setdefault(k, []).append(slug)
    return index


def _by_kind(keys: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k in keys:
        kind, _, value = k.partition(":")
        if kind == "doi" and value.startswith(ARXIV_DOI):
            continue
        out.setdefault(kind, value)
    return out


def _same(a: dict[str, str], b: dict[str, str]) -> bool:
    for kind in KINDS:
        if kind in a and kind in b:
            return a[kind] == b[kind]
    return False
