"""What import has seen in a catalog, so that an entry the curator deleted stays deleted.

Deleting an entry's file is an edit like any other, but a later import of the same listing (to pick
up its new papers) made the entry again. Nothing runs when a file is deleted, so import keeps a
list of every paper the catalog held when it last ran, `content/imported.txt`: one line per entry,
its slug and the keys that identify the paper (arXiv id, DOI, normalised title, the opening of its
abstract hashed, the first author). A listing of a paper on that list whose entry is gone is kept
out, and said so; deleting the line lets the paper in again. A line keeps the titles, abstracts and
first authors its paper has had (a title the curator corrected still names the paper its listings
give), and follows an entry whose file was renamed. The list is plain text, sorted by slug, one
paper a line, so that it reads and merges well in version control."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from generator.errors import PapercatError, Problem
from generator.people import same_person

FILE = "imported.txt"
HEADER = ("# Papers this catalog held when `papercat import` last ran: a slug, then the keys that identify the\n"
          "# paper. Import keeps out a listing of a paper named here whose entry has been deleted (a deleted\n"
          "# entry stays deleted); delete its line to import that paper again. Written by import.\n")
KINDS = ("arxiv", "doi", "title", "abstract", "first")
ARXIV_DOI = "10.48550/"  # the DOI arXiv gives every paper, beside a published version's
_SLUG = re.compile(r"[^\s#][^\s]*")


def read(content: Path) -> dict[str, list[str]]:
    """slug -> its keys (`arxiv:2401.01234`, `title:sparse experts`); empty when there is no list.
    A line that is not `slug<TAB>key...` is left out (the list is rewritten whole by every import)."""
    path = content / FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as e:
        raise PapercatError(Problem(str(path), None, f"not UTF-8 text (byte {e.start})",
                                    hint="import writes this file itself: restore it from version control, or "
                                         "delete it (deleted entries may then come back once)")) from None
    seen: dict[str, list[str]] = {}
    for line in text.splitlines():
        slug, *keys = line.split("\t")
        keys = [k for k in keys if k.partition(":")[0] in KINDS and k.partition(":")[2]]
        if _SLUG.fullmatch(slug) and keys:
            seen[slug] = _union(seen.get(slug, []), keys)
    return seen


def text(seen: dict[str, list[str]]) -> str:
    return HEADER + "".join(f"{slug}\t" + "\t".join(keys) + "\n" for slug, keys in sorted(seen.items()))


def keys_of(keys: list[tuple[str, str]], first: tuple[str, str] | None) -> list[str]:
    """A paper's keys as the list writes them: importer._keys (places left out: a source names a line
    of a file, which another paper may take) and its first author's name and family name
    (people.name_forms), as `first:lucvangool vangool`. An abstract's opening is written as its
    hash: 250 letters a line made the list of the shipped catalog 136 KB, and the slug already names
    the paper."""
    out = []
    for kind, value in [*keys, ("first", " ".join(first) if first else "")]:
        value = " ".join(value.split())
        if kind in KINDS and value:
            out.append(f"{kind}:{_hashed(value) if kind == 'abstract' else value}")
    return out


def deleted(keys: list[str], seen: dict[str, list[str]], index: dict[str, list[str]],
            present: set[str]) -> str | None:
    """The slug of a paper on the list that `keys` identify and whose entry is not `present`, or None."""
    mine = _by_kind(keys)
    for slug in dict.fromkeys(s for k in keys for s in index.get(k, ())):
        if slug not in present and same(mine, _by_kind(seen[slug])):
            return slug
    return None


def updated(seen: dict[str, list[str]], now: dict[str, list[str]]) -> dict[str, list[str]]:
    """The list after an import: every entry now (`now`, slug -> keys) with the keys its line had,
    and the papers of the last list whose entries are gone. A line whose paper is now under another
    slug (its file renamed) joins that paper's line."""
    new = {slug: _union(keys, _kept(seen.get(slug, []))) for slug, keys in now.items() if keys}
    index = index_of(new)
    for slug, keys in seen.items():
        if slug in now:
            continue
        moved = deleted(keys, new, index, set(seen))  # (a paper the list did not name yet: a renamed file;
        if moved is not None:                          # one it did is a duplicate entry, deleted)
            new[moved] = _union(new[moved], _kept(keys))
        else:
            new[slug] = keys
    return new


def _kept(keys: list[str]) -> list[str]:
    """Of a line's keys, those an entry keeps after they have changed: its titles, abstracts and first
    authors as they were (a corrected title still names the paper its listings give). Not an arXiv
    id or DOI the curator corrected: the old one is another paper's."""
    return [k for k in keys if k.partition(":")[0] not in ("arxiv", "doi")]


def index_of(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    """key -> the slugs that have it, for `deleted`."""
    index: dict[str, list[str]] = {}
    for slug, keys in seen.items():
        for k in keys:
            index.setdefault(k, []).append(slug)
    return index


def names(keys: list[str], line: list[str]) -> bool:
    """Do a paper's keys (`keys_of`) name the paper of a line of the list (its keys, `line`)?"""
    return same(_by_kind(keys), _by_kind(line))


def same(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Whether two papers' keys name one paper, as import's own matching decides: an arXiv id or a
    DOI (not arXiv's own), when both have one, settles it; else a shared title or abstract, unless
    their first authors differ ("Deep Learning" by LeCun et al. and by Goodfellow et al. are two)."""
    for kind in ("arxiv", "doi"):
        if a.get(kind) and b.get(kind):
            return bool(a[kind] & b[kind])
    if a.get("first") and b.get("first") and not any(
            same_person(tuple(x.split(" ", 1)), tuple(y.split(" ", 1))) for x in a["first"] for y in b["first"]):
        return False
    return any(a.get(kind, set()) & b.get(kind, set()) for kind in ("title", "abstract"))


def _by_kind(keys: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for k in keys:
        kind, _, value = k.partition(":")
        if not (kind == "doi" and value.startswith(ARXIV_DOI)):
            out.setdefault(kind, set()).add(value)
    return out


def _union(a: list[str], b: list[str]) -> list[str]:
    return list(dict.fromkeys([*a, *b]))


def _hashed(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
