"""Bytes of the search index alone, at several catalog sizes: the whole index (raw and each file
gzipped at level 9) and what a first one-word query fetches from search/ (manifest, the word's shard,
and the document files of its first 10 results, the first step search.js shows). Builds only the index, not the site.

    PYTHONPATH=. python3 bench/search_size.py --sizes 1000,10000 --query attention

Catalogs come from bench/.work/n<N>/content (made by make_catalog, as run.py does)."""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: ensure_catalog)

from generator.catalog import derive, read_papers  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.search_index import doc_places, load_index, merge_shards, search_files, stem  # noqa: E402
from generator.vocabulary import load_vocabulary  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure(n: int, work: Path, query: str) -> dict:
    import json

    (work / f"n{n}").mkdir(parents=True, exist_ok=True)
    content = run.ensure_catalog(n, work / f"n{n}")
    vocab = load_vocabulary(content)
    papers, digests = read_papers(content, vocab)
    catalog = derive(papers, vocab, digests)
    cfg = load_config(content, None)
    started = time.perf_counter()
    files = dict(search_files(catalog, cfg))
    seconds = time.perf_counter() - started
    manifest = json.loads(files["search/manifest.json"])
    shards = [json.loads(files["search/" + name]) for _, name, _ in manifest["shards"]]
    term = stem(query.lower())
    shard = [name for first, name, _ in manifest["shards"] if first <= term][-1]
    index = load_index(merge_shards(shards))
    refs = [int(r["ref"]) for r in sorted(index.search(query), key=lambda r: (-r["score"], int(r["ref"])))][:10]
    places = doc_places(manifest)
    docs = sorted({places[r][0] for r in refs})
    first = ["search/manifest.json", "search/" + shard, *("search/" + d for d in docs)]
    return {"n": n, "seconds": seconds, "files": len(files), "shards": len(manifest["shards"]),
            "raw": sum(map(len, files.values())), "gzip": sum(gz(d) for d in files.values()),
            "index_raw": sum(len(d) for p, d in files.items() if "/index/" in p),
            "index_gzip": sum(gz(d) for p, d in files.items() if "/index/" in p),
            "first_raw": sum(len(files[p]) for p in first), "first_gzip": sum(gz(files[p]) for p in first),
            "shard_gzip": gz(files["search/" + shard]), "manifest_gzip": gz(files["search/manifest.json"])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--query", default="attention")
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    args = ap.parse_args()
    print("| papers | files | shards | all raw | all gzip | shards gzip | first query gzip (manifest, shard) | index time |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in map(int, args.sizes.split(",")):
        m = measure(n, args.work, args.query)
        k = lambda b: f"{b / 1000:,.0f} KB"  # noqa: E731
        print(f"| {n:,} | {m['files']} | {m['shards']} | {k(m['raw'])} | {k(m['gzip'])} | {k(m['index_gzip'])} | "
              f"{k(m['first_gzip'])} ({k(m['manifest_gzip'])}, {k(m['shard_gzip'])}) | {m['seconds']:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
