"""Make a realistic synthetic content dir of N papers from the shipped catalog, for benchmarks.

    python bench/make_catalog.py 10000 --out /tmp/catalog-10000

Every synthetic entry reuses a real abstract from content/papers (cycled, so the text the tagger and
the search index see is real), with a title combined from fragments of two real titles plus a counter
(titles and slugs stay unique), a date in 2015-2025, 1-6 tags from content/tags.yml in `tags:`, chosen
`topics` on about a third of the entries (the rest get automatic topics), 1-15 named authors on most
(an author count alone on some, an organisation instead on a few), a venue such as `NeurIPS 2021` on
a quarter, and the optional fields (arXiv id, links, upvotes, comments) present on some entries only,
in proportions close to the shipped catalog's.

Authors are skewed as authorship is: a few prolific people, a crowd with one paper. Each author
slot is one of `STARS` prolific people with probability `STAR_SLOT` (by Zipf weights 1/rank), else
follows Simon's preferential-attachment model: a new person with probability `NEW_AUTHOR` (a
plausible generated name), else the author of an earlier slot picked uniformly (so in proportion
to their papers so far). 10,000 papers give about 24,000 people, four in five of them on one paper,
the most prolific on a few hundred.

The output is a function of N and of the shipped content alone (`random.Random(N)`, entries read in
file-name order), so two runs give identical bytes. catalog.yml, tags.yml, topics.yml and venues.yml are copied
unchanged, and the entries are written with `generator.entries.render_entry`, so they pass
`papercat check --content DIR`."""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's generator, installed or not

from generator import entries  # noqa: E402
from generator.entries import entry_paths, read_entry, render_entry, slugify  # noqa: E402

SOURCE = REPO / "content"
VOCABULARIES = ("catalog.yml", "tags.yml", "topics.yml", "venues.yml")
# Written into every generated dir: what made it, so that run.py can reuse it and so that this script
# never deletes entries from a directory it did not make.
MARKER = ".bench-catalog.json"
MAX_N = 100_000  # synthetic arXiv ids use the counter (0 to N-1) as their 5-digit number

ORGANIZATIONS = ("Google DeepMind", "Meta AI", "Microsoft Research", "NVIDIA", "Allen Institute for AI",
                 "Hugging Face", "Apple", "Alibaba Group", "ByteDance Seed", "Mila")
VENUES = ("NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "AAAI", "Interspeech", "KDD")
# Author counts in listings are mostly small with a long tail; weights for 1..15.
AUTHOR_WEIGHTS = (6, 12, 16, 16, 14, 11, 8, 6, 4, 3, 2, 2, 1, 1, 1)
NEW_AUTHOR = 0.75  # chance that an author slot is a new person (Simon's model; see the docstring)
STARS, STAR_SLOT = 40, 0.04  # prolific people, and the share of author slots that go to them
# Generated names: given name, a middle initial on some, family name (a few accented, a few with
# particles), about 250,000 combinations.
GIVEN = ("Wei", "Yu", "Jing", "Xin", "Hao", "Yi", "Jun", "Lei", "Min", "Tao", "Hui", "Chen", "Yang", "Fei", "Ling",
         "Ming", "Hiroshi", "Yuki", "Kenji", "Aiko", "Takumi", "Ji-ho", "Min-jun", "Seo-yeon", "Hyun", "Priya",
         "Arjun", "Rahul", "Ananya", "Vikram", "Deepa", "Sanjay", "Kavya", "Rohan", "Neha", "Amit", "Aisha",
         "Omar", "Fatima", "Yusuf", "Layla", "Hassan", "Leila", "Mehmet", "Elif", "Emre", "Anna", "Maria",
         "Sofia", "Elena", "Laura", "Julia", "Sarah", "Emma", "Clara", "Marta", "Ines", "Chiara", "Giulia",
         "Francesca", "Lucía", "José", "Ángel", "Javier", "Pablo", "Diego", "Carlos", "Miguel", "Luis", "João",
         "Thiago", "Lucas", "Mateus", "Pierre", "Julien", "Hélène", "Amélie", "Chloé", "François", "Théo",
         "Jürgen", "Lukas", "Felix", "Jonas", "Katrin", "Sören", "Björn", "Åsa", "Lars", "Ingrid", "Mikko",
         "Aino", "Łukasz", "Piotr", "Agnieszka", "Tomasz", "Zuzana", "Ondřej", "Dmitry", "Ivan", "Olga",
         "Natalia", "Sergey", "Alexei", "Yaroslav", "Oksana", "Nikos", "Eleni", "John", "David", "Michael",
         "James", "Robert", "Daniel", "Matthew", "Andrew", "Emily", "Jessica", "Ashley", "Hannah", "Olivia",
         "Noah", "Ethan", "Samuel", "Benjamin", "Grace", "Chloe", "Kwame", "Ama", "Chinedu", "Ngozi", "Tendai")
FAMILY = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
          "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng",
          "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng",
          "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Tan", "Sato", "Suzuki", "Takahashi", "Tanaka",
          "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kim", "Lee", "Park", "Choi", "Jung", "Kang",
          "Cho", "Yoon", "Sharma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Rao", "Mehta",
          "Agarwal", "Banerjee", "Chatterjee", "Das", "Khan", "Rahman", "Hussain", "Ahmed", "Ali", "Yilmaz",
          "Kaya", "Demir", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
          "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
          "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
          "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Müller",
          "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Krüger",
          "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard", "Rousseau", "Bernard", "García",
          "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz",
          "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Rossi", "Russo", "Ferrari", "Esposito",
          "Bianchi", "Romano", "Colombo", "Ricci", "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Novák",
          "Dvořák", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Petrov", "Sokolov", "Papadopoulos", "Nielsen",
          "Jensen", "Hansen", "Andersson", "Johansson", "Karlsson", "Virtanen", "Korhonen", "Okafor", "Mensah",
          "Abubakar", "Mwangi", "van der Berg", "van Dijk", "de Vries", "de Jong", "van den Broek", "de Silva",
          "dos Santos", "von Braun", "Van Gool", "O'Brien", "Murphy", "Kelly", "Nguyen", "Tran", "Pham")


@dataclass(frozen=True)
class Seed:
    """What the generator takes from one real entry."""

    title: str
    body: str


def load_seeds(source: Path) -> list[Seed]:
    seeds = []
    for path in entry_paths(source):
        entry = read_entry(path)
        seeds.append(Seed(str(entry.meta.get("title") or path.stem), entry.body.strip()))
    if not seeds:
        raise SystemExit(f"error: no entries in {source / 'papers'} to make a catalog from")
    return seeds


def vocabulary(source: Path, name: str) -> list[str]:
    with open(source / name, encoding="utf-8") as f:
        data = yaml.load(f, Loader=entries.Loader) or {}
    return sorted(data)


def split_title(title: str) -> tuple[str, str, bool]:
    """(head, tail, named): ('AMT', 'All-Pairs Multi-Field Transforms ...', True) for a title that names
    its method before a colon, else the two halves of its words and False."""
    if ": " in title:
        head, tail = title.split(": ", 1)
        if 0 < len(head) <= 40 and tail:
            return head, tail, True
    words = title.split()
    cut = max(1, len(words) // 2)
    return " ".join(words[:cut]), " ".join(words[cut:]) or words[-1], False


def make_title(rng: random.Random, parts: list[tuple[str, str, bool]], i: int) -> tuple[str, str]:
    """(title, slug): the head of one real title and the tail of another, with the counter added
    to both so that they stay unique."""
    head, _, named = rng.choice(parts)
    tail = rng.choice(parts)[1]
    title = f"{head}-{i}: {tail}" if named else f"{head} {tail} ({i})"
    return title, f"{slugify(f'{head} {tail}', 50)}-{i}"


def make_date(rng: random.Random) -> str | None:
    if rng.random() < 0.08:
        return None
    year, month = rng.randint(2015, 2025), rng.randint(1, 12)
    if rng.random() < 0.12:  # month only, as for an arXiv id without a listing date
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


class Authors:
    """Author names for synthetic papers, drawn by Simon's model (module docstring) from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.slots: list[str] = []  # every author slot so far, a name once per paper it is on
        self.stars = [self.new_name() for _ in range(STARS)]
        self.star_weights = [1 / rank for rank in range(1, STARS + 1)]

    def new_name(self) -> str:
        middle = f" {self.rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.rng.random() < 0.3 else ""
        return f"{self.rng.choice(GIVEN)}{middle} {self.rng.choice(FAMILY)}"

    def draw(self, k: int) -> list[str]:
        """`k` distinct names for one paper (a name drawn twice is drawn again, a few times at most)."""
        names: list[str] = []
        for _ in range(k * 3):
            if len(names) == k:
                break
            rng = self.rng
            if rng.random() < STAR_SLOT:
                name = rng.choices(self.stars, self.star_weights)[0]
            elif not self.slots or rng.random() < NEW_AUTHOR:
                name = self.new_name()
            else:
                name = rng.choice(self.slots)
            if name not in names:
                names.append(name)
        self.slots += names
        return names


def make_meta(rng: random.Random, i: int, title: str, slug: str, tags: list[str], topics: list[str], n: int,
              people: Authors) -> dict:
    meta: dict = {"title": title}
    if rng.random() < 0.05:
        meta["title_derived"] = True
    meta["slug"] = slug
    date = make_date(rng)
    if rng.random() < 0.4:
        yymm = date[2:4] + date[5:7] if date else f"{rng.randint(15, 25)}{rng.randint(1, 12):02d}"
        meta["arxiv"] = f"{yymm}.{i:05d}"
    if date:
        meta["date"] = date
    r = rng.random()
    if r < 0.04:
        meta["organization"] = rng.choice(ORGANIZATIONS)
    elif r < 0.70:
        meta["authors"] = people.draw(rng.choices(range(1, 16), AUTHOR_WEIGHTS)[0])
    elif r < 0.80:
        meta["authors_count"] = rng.choices(range(1, 16), AUTHOR_WEIGHTS)[0]
    if rng.random() < 0.2:
        meta["upvotes"] = min(999, int(rng.paretovariate(1.1) * 4) - 4)
    if rng.random() < 0.25:
        meta["venue"] = f"{rng.choice(VENUES)} {date[:4] if date else rng.randint(2015, 2025)}"
    if rng.random() < 0.04:
        pages, figures = rng.randint(4, 40), rng.randint(1, 12)
        meta.update(pages=pages, figures=figures, comments=f"{pages} pages, {figures} figures")
    links = {}
    if "arxiv" in meta:
        links["arxiv"] = f"https://arxiv.org/abs/{meta['arxiv']}"
        links["pdf"] = f"https://arxiv.org/pdf/{meta['arxiv']}"
    if rng.random() < 0.25:
        links["code"] = f"https://github.com/bench-lab/{meta['slug'][:40].rstrip('-')}"
    if rng.random() < 0.05:
        links["project"] = f"https://bench-lab.example.org/{i}/"
    if links:
        meta["links"] = links
    meta["tags"] = rng.sample(tags, rng.randint(1, 6))
    if rng.random() < 0.35:
        meta["topics"] = rng.sample(topics, rng.randint(1, 2))
    meta["sources"] = [f"bench-{n}.txt:{i + 1}"]
    return meta


def fingerprint(n: int, source: Path = SOURCE) -> str:
    """Changes when N, this script, the entry format or the shipped content changes."""
    h = hashlib.sha256(f"{n}\n".encode())
    for path in (Path(__file__), Path(entries.__file__), *(source / v for v in VOCABULARIES), *entry_paths(source)):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def prepare(out: Path) -> None:
    """An empty or missing dir, or one this script made (its old entries are removed)."""
    if out.resolve() == SOURCE.resolve():
        raise SystemExit(f"error: refusing to write into the shipped catalog {out}")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"error: {out} is not empty and was not made by make_catalog.py; "
                             "give a new or empty directory")
        for path in (out / "papers").glob("*.md"):
            path.unlink()
    (out / "papers").mkdir(parents=True, exist_ok=True)


def _write(jobs: list[tuple[str, dict, str]]) -> int:
    # Plain writes: the dir is scratch space, and an fsync per file would dominate the run time.
    for path, meta, body in jobs:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(render_entry(meta, body))
    return len(jobs)


def make_catalog(n: int, out: Path, source: Path = SOURCE, workers: int | None = None) -> int:
    """Write a catalog of `n` papers into `out`; returns the number of entries written.

    All random draws happen here, in order; only rendering and writing (PyYAML's pure-Python emitter
    is 90% of the time) is spread over `workers` processes, so the bytes never depend on them."""
    if not 1 <= n <= MAX_N:
        raise SystemExit(f"error: N must be between 1 and {MAX_N} (got {n})")
    seeds = load_seeds(source)
    tags = vocabulary(source, "tags.yml")
    topics = [t for t in vocabulary(source, "topics.yml") if t != "other"]  # `other` is the fallback
    parts = [split_title(s.title) for s in seeds]
    prepare(out)
    rng = random.Random(n)
    people = Authors(rng)
    jobs = []
    slugs: set[str] = set()
    for i in range(n):
        meta = make_meta(rng, i, *make_title(rng, parts, i), tags, topics, n, people)
        assert meta["slug"] not in slugs, meta["slug"]  # the counter suffix makes this impossible
        slugs.add(meta["slug"])
        jobs.append((str(out / "papers" / f"{meta['slug']}.md"), meta, seeds[i % len(seeds)].body))
    workers = workers or min(4, os.cpu_count() or 1)
    if workers > 1 and n >= 500 and "fork" in multiprocessing.get_all_start_methods():
        chunks = [jobs[k::workers] for k in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            written = sum(pool.map(_write, chunks))
    else:
        written = _write(jobs)
    for name in VOCABULARIES:
        shutil.copyfile(source / name, out / name)
    (out / MARKER).write_text(json.dumps({"n": n, "fingerprint": fingerprint(n, source)}, indent=1) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, metavar="N", help="number of papers")
    parser.add_argument("--out", type=Path, required=True,
                        help="content dir to write (new, empty, or made by this script)")
    parser.add_argument("--source", type=Path, default=SOURCE, help="catalog to take entries and vocabularies from")
    args = parser.parse_args(argv)
    count = make_catalog(args.n, args.out, args.source)
    print(f"wrote {count} entries to {args.out / 'papers'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
