"""The authors' groups updated for the papers that changed (generator/kept_people.py) are the groups
made anew from every paper (groups.person_groups), or it declines."""

from __future__ import annotations

import random

from generator import urls
from generator.groups import person_groups
from generator.kept_groups import LastPeople
from generator.kept_people import updated
from generator.model import Catalog, Paper, paper_digest
from generator.people import NameFacts
from generator.store import digest

# Names that share a slug ("José García", "Jose Garcia"), take a reserved one ("A", "Other"), are
# written family first, or look like another's hashed slug.
NAMES = ["Ada Lovelace", "Alan Turing", "José García", "Jose Garcia", "Grace Hopper", "Van Gool, Luc", "Luc Van Gool",
         "A", "Other", "Wei Li", "Wei  Li", "Łukasz Kaiser", "Lukasz Kaiser", "Ada Lovelace King", "Noam Shazeer",
         "Claude Shannon", "John von Neumann", "Emmy Noether", "Kurt Gödel", "Kurt Godel"] + [f"Author {i}" for i in range(40)]


def _catalog(papers: list[Paper]) -> Catalog:
    ordered = sorted(papers, key=lambda p: (p.date or "", p.slug), reverse=True)  # (newest first, as catalogs are)
    return Catalog(papers={p.slug: p for p in ordered}, tags={}, topics={}, authors={}, years={},
                   digests={p.slug: paper_digest(p) for p in ordered})


def _paper(rng: random.Random, n: int) -> Paper:
    return Paper(f"paper-{n}", f"Paper {n}", "x", f"paper-{n}.md", date=f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-01",
                 authors=tuple(rng.sample(NAMES, rng.randint(1, 4))))


def test_updated_groups_are_the_groups_made_anew():
    rng = random.Random(7)
    papers = [_paper(rng, n) for n in range(120)]
    made, declined, count = 0, 0, 120
    for step in range(300):
        names = NameFacts()
        before = _catalog(papers)
        groups = person_groups(list(before.papers.values()), urls.RESERVED_PEOPLE, names)
        last = LastPeople(groups, {f"person:{k}": digest(repr(g)) for k, g in groups.items()}, dict(before.digests))
        what = rng.random()
        if what < 0.5:
            papers = papers + [_paper(rng, count)]
            count += 1
        elif what < 0.75:
            victim = rng.choice(papers)
            papers = [p for p in papers if p is not victim]
        else:
            i = rng.randrange(len(papers))
            papers = papers[:i] + [_paper(rng, int(papers[i].slug.split("-")[1]))] + papers[i + 1:]
        after = _catalog(papers)
        got = updated(last, after, names, urls.RESERVED_PEOPLE)
        want = person_groups(list(after.papers.values()), urls.RESERVED_PEOPLE, NameFacts())
        if got is None:
            declined += 1
            continue
        made += 1
        assert list(got[0].items()) == list(want.items()), step
        assert all(groups[k] == want[k] for k in (key.split(":", 1)[1] for key in got[1])), step  # (digests kept: unchanged)
    assert made > 100 and declined > 10  # (both ways taken)
