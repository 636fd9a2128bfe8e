"""The curator's review list: valid entries that still deserve a human look. Pure functions over
loaded papers; `papercat check` prints the list. It is advice, never an error.

Suspected duplicates are found without comparing every pair (a catalog may hold 100,000 papers):
titles are blocked on their rarest words and compared only within a block and a length window,
and abstracts are bucketed on their opening."""

from __future__ import annotations

import datetime
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.matching import normalise
from generator.model import Paper
from generator.drafts import ABSTRACT_PLACEHOLDER, PLACEHOLDER_TITLE_PREFIX

TITLE_RATIO = 0.9      # difflib ratio of two normalised titles at or above which they look like one paper
ABSTRACT_CHARS = 200   # normalised abstract characters that must agree
MIN_ABSTRACT = 60      # shorter abstracts are too generic to call a duplicate on their opening alone
BLOCK_WORDS = 3        # each title is indexed under this many of its rarest words



@dataclass(frozen=True)
class Reason:
    """Why an entry wants a look: `label` names its group in `papercat check`, `advice` says what to do."""

    label: str
    advice: str


PLACEHOLDER_TITLE = Reason("placeholder title", "write the title over `papercat new`'s placeholder, then delete "
                           "`title_derived: true`")
PLACEHOLDER_BODY = Reason("placeholder abstract", "paste the abstract over `papercat new`'s placeholder")
NO_ABSTRACT = Reason("no abstract", "paste it below the front matter, in place of the line `(No abstract yet: ...)`")
DERIVED = Reason("title derived from the abstract", "check the title, then delete `title_derived: true`")
DUPLICATE = Reason("possible duplicate", "merge the two entries; if they are different papers, say so in either "
                   "one: `distinct_from: [other-slug]`")
NOT_A_SLUG = Reason("distinct_from names no entry", "write the other entry's `slug:`")
NO_TAGS = Reason("no tags", "add one to `tags` (see content/tags.yml)")
NO_DATE = Reason("no date", "add `date: YYYY-MM-DD`, or `YYYY-MM` when only the month is known")
ODD_DATE = Reason("date in the future or before 1900", "check `date:` (a typo such as 2203 for 2023 files the "
                  "paper under a year no one browses)")
EARLIEST = "1900"  # (research papers older than this are possible, but rarer than a typo)
# Every reason, in the order `check` lists its groups (and one entry's items): the most pressing first.
# A new reason goes here and gets its test in review(); `check` groups and prints it with no other change.
REASONS = (PLACEHOLDER_TITLE, PLACEHOLDER_BODY, NO_ABSTRACT, DERIVED, DUPLICATE, NOT_A_SLUG, NO_TAGS, NO_DATE, ODD_DATE)


@dataclass(frozen=True)
class Item:
    """One entry to look at, and why; `detail` adds what is particular to it (the other duplicate)."""

    path: str
    reason: Reason
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.reason.label}" + (f" {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Group:
    """The items of one reason, sorted by path."""

    reason: Reason
    items: tuple[Item, ...]


def _is_placeholder_title(paper: Paper) -> bool:
    return paper.title_derived and paper.title.startswith(PLACEHOLDER_TITLE_PREFIX)


def _is_placeholder_body(paper: Paper) -> bool:
    return paper.abstract == ABSTRACT_PLACEHOLDER


def title_blocks(titles: list[str], words: int = BLOCK_WORDS) -> dict[tuple[str, ...], list[int]]:
    """Index each normalised title under a few keys; near-duplicates share at least one.

    - its skeleton, the words run together: `pre training` and `pretraining`, `PatchNorm` and
      `Patch Norm` meet there;
    - every pair of its `words` rarest words (ties broken alphabetically): a title whose ratio
      to another is at least 0.9 differs by a few characters, so it keeps most words and almost
      always two of its rarest ones. Pairs of rare words make small blocks, which keeps the work
      close to linear in the number of titles even where single words are common."""
    tokens = [sorted(set(t.split())) for t in titles]
    df = Counter(w for ws in tokens for w in ws)
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, ws in enumerate(tokens):
        blocks[("",) + (titles[i].replace(" ", ""),)].append(i)
        rare = sorted(sorted(ws, key=lambda w: (df[w], w))[:words])
        if len(rare) == 1:
            blocks[(rare[0],)].append(i)
        for a in range(len(rare)):
            for b in range(a + 1, len(rare)):
                blocks[(rare[a], rare[b])].append(i)
    return blocks


def candidate_pairs(titles: list[str], words: int = BLOCK_WORDS,
                    ratio: float = TITLE_RATIO) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth a full comparison: same block, and lengths that allow the ratio.

    difflib's ratio is 2*M/(len(a)+len(b)) with M <= min(len(a), len(b)), so titles whose lengths
    differ by more than that allows can never reach it; within a block sorted by length only a
    sliding window needs comparing."""
    seen: set[tuple[int, int]] = set()
    for members in title_blocks(titles, words).values():
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda i: len(titles[i]))
        start = 0
        for k, j in enumerate(members):
            lj = len(titles[j])
            while 2 * len(titles[members[start]]) < ratio * (len(titles[members[start]]) + lj):
                start += 1
            for i in members[start:k]:
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def similar_titles(titles: list[str], ratio: float = TITLE_RATIO) -> Iterator[tuple[int, int, float]]:
    """(i, j, ratio) for every pair of titles at least `ratio` alike."""
    for i, j in candidate_pairs(titles, ratio=ratio):
        a, b = titles[i], titles[j]
        if a == b:
            yield i, j, 1.0
            continue
        m = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if m.real_quick_ratio() >= ratio and m.quick_ratio() >= ratio:
            r = m.ratio()
            if r >= ratio:
                yield i, j, r


def same_abstract_opening(abstracts: list[str], chars: int = ABSTRACT_CHARS,
                          minimum: int = MIN_ABSTRACT) -> Iterator[tuple[int, int]]:
    """(i, j) for abstracts whose first `chars` normalised characters agree; each later one is
    paired with the first of its bucket."""
    first: dict[str, int] = {}
    for j, text in enumerate(abstracts):
        key = normalise(text)[:chars]
        if len(key) < minimum:
            continue
        if key in first:
            yield first[key], j
        else:
            first[key] = j


def review(papers: Iterable[Paper], today: str | None = None) -> list[Item]:
    """Every item a curator should look at, sorted by path, then in REASONS order. `today`
    (YYYY-MM-DD, by default the system's) is what a date may not be after.

    A suspected duplicate pair is listed once, on the entry whose path sorts later, naming the other."""
    papers = sorted(papers, key=lambda p: p.path)
    today = today or datetime.date.today().isoformat()
    items: list[Item] = []
    slugs = {p.slug for p in papers}
    for p in papers:
        items += [Item(p.path, NOT_A_SLUG, f"({s})") for s in p.distinct_from if s not in slugs]
        if p.title_derived:
            items.append(Item(p.path, PLACEHOLDER_TITLE if _is_placeholder_title(p) else DERIVED))
        if _is_placeholder_body(p):
            items.append(Item(p.path, PLACEHOLDER_BODY))
        elif not p.abstract:
            items.append(Item(p.path, NO_ABSTRACT))
        if not p.date:
            items.append(Item(p.path, NO_DATE))
        elif p.date[:len(today)] > today or p.date[:4] < EARLIEST:
            items.append(Item(p.path, ODD_DATE, f"({p.date})"))
        if not p.tags:
            items.append(Item(p.path, NO_TAGS))

    why: dict[tuple[int, int], list[str]] = defaultdict(list)
    # Placeholders from `papercat new` look alike by construction: they say nothing about the paper.
    # A title of only emoji or punctuation normalises to "": it says nothing either.
    keyed = [(i, normalise(p.title)) for i, p in enumerate(papers) if not _is_placeholder_title(p)]
    titled = [i for i, key in keyed if key]
    titles = [key for _, key in keyed if key]
    for a, b, r in similar_titles(titles):
        i, j = titled[a], titled[b]
        why[(i, j)].append("same title" if r == 1.0 else f"titles {int(r * 100)}% alike")
    with_abstract = [i for i, p in enumerate(papers) if p.abstract and not _is_placeholder_body(p)]
    for a, b in same_abstract_opening([papers[i].abstract for i in with_abstract]):
        i, j = with_abstract[a], with_abstract[b]
        why[(min(i, j), max(i, j))].append("same abstract opening")
    items += [Item(papers[j].path, DUPLICATE, f"of {papers[i].path} ({', '.join(reasons)})")
              for (i, j), reasons in why.items()
              if papers[j].slug not in papers[i].distinct_from and papers[i].slug not in papers[j].distinct_from]
    return sorted(items, key=lambda item: (item.path, REASONS.index(item.reason), item.detail))


def grouped(items: Iterable[Item]) -> list[Group]:
    """The items by reason, groups in REASONS order, each sorted by path; no empty groups."""
    by_reason: dict[Reason, list[Item]] = defaultdict(list)
    for item in items:
        by_reason[item.reason].append(item)
    return [Group(r, tuple(sorted(by_reason[r], key=lambda i: (i.path, i.detail)))) for r in REASONS if by_reason[r]]
