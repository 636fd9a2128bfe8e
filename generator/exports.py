"""Citation files: each paper's BibTeX and CSL-JSON beside its page, and the whole catalog's
(`catalog.bib`, `catalog.json`), for reference managers and LaTeX.

Planned like every output (a digest per file, from the paper's own digest). The catalog-wide files
hold every paper: made from scratch they took 1.2 s at 10,000 papers and 8 s at 100,000, after any
edit. So each paper's two entries are kept between builds (`export_files`' memo), and after an edit
the two files are the kept entries joined, with only the changed papers' entries made again."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from generator import urls
from generator.cite import bibtex, csl, keywords
from generator.config import Config
from generator.model import Catalog, Paper, paper_digest
from generator.store import code_version, digest

CATALOG_BIB, CATALOG_JSON = "catalog.bib", "catalog.json"
IN_PIECES = (CATALOG_BIB, CATALOG_JSON)  # what `export_files` gives in pieces, to be appended one to the last


def paper_files(slug: str) -> tuple[str, str]:
    """A paper's .bib and .json, named after it (a download keeps a telling name)."""
    return urls.paper(slug) + f"{slug}.bib", urls.paper(slug) + f"{slug}.json"


def planned(catalog: Catalog, cfg: Config, ids: dict[int, str]) -> list[tuple[str, str]]:
    """(path, digest) of every citation file: each paper's two, then the catalog's two."""
    common = _common(catalog, cfg)
    each = []
    for p in catalog.papers.values():
        d = f"{common}:{ids[id(p)]}"
        each += [(path, d) for path in paper_files(p.slug)]
    whole = digest(*[d for _, d in each[::2]])
    return each + [(CATALOG_BIB, whole), (CATALOG_JSON, whole)]


def _common(catalog: Catalog, cfg: Config) -> str:
    """What every citation file depends on besides its paper: papercat's code, the site URL and the
    labels keywords come from. A paper's files are known by that and its own digest, joined, not
    hashed again (10,000 papers, every build)."""
    return digest(code_version(), cfg.absolute(urls.HOME) or "",
                  *[g.label for g in (*catalog.tags.values(), *catalog.topics.values())])


def export_files(catalog: Catalog, cfg: Config, paths: list[str], memo: dict | None = None,
                 ) -> Iterator[tuple[str, bytes]]:
    """The bytes of the citation files at `paths` (some of those `planned` gave), made in one pass
    over the papers. A paper's own files come whole; the catalog's two come in pieces, in order,
    each to be appended to the last: held whole, with every paper's entries, they took several
    hundred megabytes at 100,000 papers.

    `memo` (kept between builds by the caller, plain strings) holds each paper's BibTeX entry and
    compact CSL-JSON item under the key of what they are made from; entries whose key still holds
    are reused. It is replaced by this build's when the catalog's files are made."""
    wanted = set(paths)
    whole = [path for path in IN_PIECES if path in wanted]
    memo = memo if memo is not None else {}
    kept, fresh = memo.get("papers") or {}, {}
    common = _common(catalog, cfg)
    for n, p in enumerate(catalog.papers.values()):
        bib_path, json_path = paper_files(p.slug)
        own = bib_path in wanted or json_path in wanted
        if not (whole or own):
            continue
        key = f"{common}:{catalog.digests.get(p.slug) or paper_digest(p)}"
        hit = kept.get(p.slug)
        if own or hit is None or hit[0] != key:
            url = cfg.absolute(urls.paper(p.slug))
            bib, item = bibtex(p, url), csl(p, url, _keywords(p, catalog))
            hit = (key, bib, orjson.dumps(item).decode())
            if bib_path in wanted:
                yield bib_path, bib.encode()
            if json_path in wanted:
                yield json_path, orjson.dumps([item], option=orjson.OPT_INDENT_2) + b"\n"
        fresh[p.slug] = hit
        if CATALOG_BIB in wanted:  # (entries one blank line apart)
            yield CATALOG_BIB, ("\n" + hit[1] if n else hit[1]).encode()
        if CATALOG_JSON in wanted:  # (one JSON array, as orjson writes it: no spaces)
            yield CATALOG_JSON, (("," if n else "[") + hit[2]).encode()
    if CATALOG_BIB in wanted and not catalog.papers:  # (an empty file: a rebuild that wrote no piece left
        yield CATALOG_BIB, b""                          # the last build's, listing papers no longer published)
    if CATALOG_JSON in wanted:
        yield CATALOG_JSON, (b"]" if catalog.papers else b"[]") + b"\n"
    if whole:
        memo["papers"] = fresh


def _keywords(p: Paper, catalog: Catalog) -> list[str]:
    """Tag and topic labels, as citation keywords."""
    return keywords([(t, catalog.tags[t].label) for t in p.tags if t in catalog.tags] +
                    [(t, catalog.topics[t].label) for t in p.topics if t in catalog.topics])
