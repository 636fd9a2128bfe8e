"""Tags and topics: a paper matched against the curated vocabulary (vocabulary.py).

Tags are fine-grained (a method, a task); topics are a small hierarchy of broad areas, and every paper lands
in at least one (the fallback is `other`). Everything here is a pure function of text and vocabulary.

Matching rule, shared by tag aliases and topic keywords: a term matches when it occurs in the title or the
abstract as a whole word or phrase.

- Word boundaries on both sides: the characters just before and after the match are not letters, digits
  or `_`. So `attention` matches in `self-attention` and `attention-based`, never in `attentional`.
- Inside a phrase a hyphen and whitespace are interchangeable, and a run of them counts as one:
  `mixture of experts` matches `Mixture-of-Experts`. A hyphen never matches nothing (`multi-head` does not
  match `multihead`; list both if both are wanted).
- A word with an uppercase letter after its first character is an acronym-like token (`MoE`, `LLM`, `ViT`,
  `NeRF`, `3D`, `T2V`) and matches case-sensitively, exactly: `MoE` matches neither `MoEs` (list `MoEs` too
  if it is wanted), nor `DMoE`, nor `moe`. Every other word matches case-insensitively (`mamba`, `Mamba`
  and `MAMBA` alike), so an all-lowercase alias matches whatever the capitalisation.
- The last word may take a simple English plural, `s` or `es` (`diffusion model` matches `diffusion
  models`), unless it is acronym-like.

Matching runs on every paper of a catalog, perhaps 100,000 of them, so all terms of a vocabulary are
compiled once (`_matcher`, once per Vocabulary) into one regex shaped as a character trie: one scan per text,
never one search per alias.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from generator.vocabulary import OTHER, SEPARATOR, SPLIT, Vocabulary, is_acronym, words

# Topic scoring: a keyword in the title says more about a paper than one in the abstract; a keyword
# repeated all through an abstract counts at most ABSTRACT_CAP times, so one generic word cannot dominate.
TITLE_WEIGHT = 3
ABSTRACT_WEIGHT = 1
ABSTRACT_CAP = 2
TAG_WEIGHT = 2
# A subtopic takes over from its parent when its evidence reaches both of these.
CHILD_MIN_SCORE = 2
CHILD_SHARE = 0.5  # ... of the parent's own evidence
# The second topic is kept only when it scores at least this share of the first.
SECOND_TOPIC_RATIO = 0.5


class _Term:
    """One alias or keyword and who it belongs to: ("tag", slug) or ("topic", slug).

    Compared by identity: the same phrase under two owners is two terms."""

    __slots__ = ("owner", "phrase", "words", "exact", "has_exact", "keys")

    def __init__(self, owner: tuple[str, str], phrase: str):
        self.owner = owner
        self.phrase = phrase
        self.words = words(phrase)
        self.exact = tuple(is_acronym(w) for w in self.words)
        self.has_exact = any(self.exact)
        # Lowercased word tuples this term can match, plural forms of the last word included; exact
        # (acronym) words still have to be checked against the text's own case.
        head = tuple(w.lower() for w in self.words[:-1])
        last = self.words[-1].lower() if self.words else ""
        ends = (last,) if not self.words or self.exact[-1] else (last, last + "s", last + "es")
        self.keys = tuple(head + (e,) for e in ends) if self.words else ()

    def case_ok(self, found: Sequence[str]) -> bool:
        """Do the acronym words appear in exactly this case in `found` (the text's words)?"""
        return all(got == want for want, got, exact in zip(self.words, found, self.exact) if exact)

    def __repr__(self) -> str:
        return f"_Term({self.owner!r}, {self.phrase!r})"


class _Matcher:
    """All terms of a vocabulary as one trie-shaped regex, plus an index to tell which terms matched.

    The regex matches (zero-width) at each word start where some term begins and captures the longest
    term there; shorter terms starting at the same word are found by looking up the captured text's
    leading words in the index. Being zero-width, the scan also visits the word starts inside a match,
    so overlapping terms ("vision transformer", "transformer") are all found."""

    def __init__(self, terms: list[_Term]):
        terms = [t for t in terms if t.words]
        self.index: dict[tuple[str, ...], list[_Term]] = {}
        for term in terms:
            for key in term.keys:
                self.index.setdefault(key, []).append(term)
        self.longest = max((len(t.words) for t in terms), default=0)
        self.regex = re.compile(_trie_pattern(terms), re.IGNORECASE) if terms else None
        self.scan = lru_cache(maxsize=512)(self._scan)

    def _scan(self, text: str) -> Counter[_Term]:
        """How many times each term occurs in `text`."""
        found: Counter[_Term] = Counter()
        if self.regex is None:
            return found
        index, longest, split = self.index, self.longest, SPLIT.split
        for m in self.regex.finditer(text):
            words = split(m.group(1))
            lowered = tuple(w.lower() for w in words[:longest])
            for n in range(1, len(lowered) + 1):
                for term in index.get(lowered[:n], ()):
                    if not term.has_exact or term.case_ok(words):
                        found[term] += 1
        return found


@lru_cache(maxsize=4)
def _matcher(vocab: Vocabulary) -> _Matcher:
    terms = [_Term(("tag", t.slug), a) for t in vocab.tags.values() for a in t.aliases]
    terms += [_Term(("topic", t.slug), k) for t in vocab.topics.values() for k in t.keywords]
    return _Matcher(terms)


def _atoms(term: _Term) -> list[str]:
    """The regex pieces of a term, one per lowercased character (so they can share a trie), with
    `SEPARATOR` between words. The regex ignores case; acronyms' case is checked on each match
    (`_Term.case_ok`). Case classes (`[xX]`) for every letter made the regex twice as slow to
    compile, which every rebuild that reads an entry pays."""
    atoms: list[str] = []
    for i, word in enumerate(term.words):
        if i:
            atoms.append(SEPARATOR)
        atoms += [re.escape(c.lower()) for c in word]
    return atoms


def _trie_pattern(terms: list[_Term]) -> str:
    """`(?<!\\w)(?=(TRIE))`: a zero-width match at each word start where a term begins, capturing the
    longest one. Children are tried before a term's end, so longer terms win; each end carries its own
    boundary check (and the plural suffix when the term allows one)."""
    trie: dict = {}
    for term in terms:
        node = trie
        for atom in _atoms(term):
            node = node.setdefault(atom, {})
        plural = not is_acronym(term.words[-1])
        node[""] = node.get("", False) or plural  # "" marks an end; True if a plural may follow

    def render(node: dict) -> str:
        branches = [atom + render(child) for atom, child in node.items() if atom != ""]
        if "" in node:
            branches.append(("(?:e?s)?" if node[""] else "") + r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return r"(?<!\w)(?=(" + render(trie) + "))"


def _hits(title: str, abstract: str, vocab: Vocabulary) -> tuple[Counter[_Term], Counter[_Term]]:
    matcher = _matcher(vocab)
    return matcher.scan(title or ""), matcher.scan(abstract or "")


def match_tags(title: str, abstract: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Slugs (sorted) of the tags with an alias in the title or abstract."""
    title_hits, abstract_hits = _hits(title, abstract, vocab)
    return tuple(sorted({t.owner[1] for t in (*title_hits, *abstract_hits) if t.owner[0] == "tag"}))


def topic_scores(title: str, abstract: str, tags: Iterable[str], vocab: Vocabulary) -> dict[str, int]:
    """Each topic's own evidence: keywords in the title, keywords in the abstract (capped per keyword),
    and votes from the paper's tags. Topics without evidence are left out."""
    title_hits, abstract_hits = _hits(title, abstract, vocab)
    scores: Counter[str] = Counter()
    for term in title_hits:
        if term.owner[0] == "topic":
            scores[term.owner[1]] += TITLE_WEIGHT
    for term, n in abstract_hits.items():
        if term.owner[0] == "topic":
            scores[term.owner[1]] += ABSTRACT_WEIGHT * min(n, ABSTRACT_CAP)
    votes = vocab._votes
    for tag in set(tags):
        for slug in votes.get(tag, ()):
            scores[slug] += TAG_WEIGHT
    return {slug: s for slug, s in scores.items() if s > 0 and slug in vocab.topics}


def assign_topics(title: str, abstract: str, tags: Iterable[str], vocab: Vocabulary,
                  limit: int = 2) -> tuple[str, ...]:
    """The paper's most specific topics, best first; ("other",) when nothing in the vocabulary applies.

    Walking down from each top-level topic with evidence, a subtopic takes over from its parent when its
    evidence (its own plus its descendants') reaches CHILD_MIN_SCORE and CHILD_SHARE of the parent's own
    evidence: a video-generation paper that also talks about images belongs under video generation, an
    image paper that mentions video once stays a computer-vision paper. The deepest topics reached
    compete on the evidence along their path; the runner-up is kept when it reaches SECOND_TOPIC_RATIO of
    the winner. Never a topic and its own ancestor: the site already lists a child's papers under its
    parent. Ties go to the deeper topic, then to the slug, so the result never depends on dict order."""
    own = topic_scores(title, abstract, tags, vocab)
    children, ancestors = vocab._tree
    total: Counter[str] = Counter()  # own evidence plus the descendants'
    for slug, score in own.items():
        for t in (slug, *ancestors[slug]):
            total[t] += score

    leaves: list[tuple[int, int, str]] = []
    stack = [r for r in total if not ancestors[r]]
    while stack:
        slug = stack.pop()
        bar = max(CHILD_MIN_SCORE, CHILD_SHARE * own.get(slug, 0))
        taken = [c for c in children.get(slug, ()) if total[c] >= bar]
        if taken:
            stack.extend(taken)
        else:
            strength = total[slug] + sum(own.get(a, 0) for a in ancestors[slug])
            leaves.append((-strength, -len(ancestors[slug]), slug))
    leaves.sort()
    chosen = [slug for neg, _, slug in leaves[:limit] if -neg >= -leaves[0][0] * SECOND_TOPIC_RATIO]
    return tuple(chosen) or (OTHER,)


def paper_taxonomy(title: str, abstract: str, entry_tags: Iterable[str] | None,
                   entry_tags_exclude: Iterable[str] | None, entry_topics: Iterable[str] | None,
                   vocab: Vocabulary) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Final (tags, topics) of a paper. Tags: automatic ones plus the curator's `tags`, minus
    `tags_exclude` (exclusion wins, so a curator can always silence a wrong match). Topics: the curator's
    `topics` when given (in the curator's order), else the automatic ones, computed from the final tags."""
    excluded = set(entry_tags_exclude or ())
    tags = tuple(sorted((set(match_tags(title, abstract, vocab)) | set(entry_tags or ())) - excluded))
    curated = tuple(dict.fromkeys(entry_topics or ()))
    return tags, curated or assign_topics(title, abstract, tags, vocab)


def coverage_report(papers_tags_topics: Iterable[tuple[Sequence[str], Sequence[str]]],
                    vocab: Vocabulary) -> dict:
    """How well the vocabulary covers a catalog, from each paper's final (tags, topics).

    Keys: `papers`; `with_topic` and `with_tag` (shares of papers with a topic other than `other`, with at
    least one tag); `singleton_tags` and `unused_tags` (tags holding exactly one / no paper);
    `largest_top_level` (slug, share: a top-level topic counting its descendants' papers) and
    `largest_topic` (slug, share: papers assigned that very topic); `tag_counts` and `topic_counts`."""
    rows = [(tuple(tags), tuple(topics)) for tags, topics in papers_tags_topics]
    n = len(rows)
    tag_counts = Counter(t for tags, _ in rows for t in set(tags))
    topic_counts = Counter(t for _, topics in rows for t in set(topics))
    root_counts = Counter(r for _, topics in rows for r in {vocab.root(t) for t in topics if t in vocab.topics})

    def share(k: int) -> float:
        return k / n if n else 0.0

    def largest(counts: Counter[str]) -> tuple[str | None, float]:
        top = min(((-k, s) for s, k in counts.items() if s != OTHER), default=None)
        return (top[1], share(-top[0])) if top else (None, 0.0)

    return {
        "papers": n,
        "with_topic": share(sum(1 for _, topics in rows if any(t != OTHER for t in topics))),
        "with_tag": share(sum(1 for tags, _ in rows if tags)),
        "singleton_tags": sorted(t for t, k in tag_counts.items() if k == 1),
        "unused_tags": sorted(t for t in vocab.tags if not tag_counts[t]),
        "largest_top_level": largest(root_counts),
        "largest_topic": largest(topic_counts),
        "tag_counts": dict(sorted(tag_counts.items())),
        "topic_counts": dict(sorted(topic_counts.items())),
    }


