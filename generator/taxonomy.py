"""Tags and topics: a curated vocabulary (`content/tags.yml`, `content/topics.yml`) matched against papers.

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
compiled once (cached on the Vocabulary) into one regex shaped as a character trie: one scan per text,
never one search per alias.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from generator.errors import PapercatError, Problem

# libyaml when present: twenty times as fast as the pure-Python parser, with the same nodes and lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAGS_FILE = "tags.yml"
TOPICS_FILE = "topics.yml"
OTHER = "other"
OTHER_LABEL = "Other"

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

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_SEPARATOR = r"[\s\-\u2010\u2011]+"  # whitespace and hyphens are interchangeable inside a phrase
_SPLIT = re.compile(_SEPARATOR)
_TAG_KEYS = {"label": "text", "aliases": "list", "description": "text"}
_TOPIC_KEYS = {"label": "text", "parent": "slug", "keywords": "list", "tags": "list", "description": "text"}


@dataclass(frozen=True)
class Tag:
    """A fine-grained label (method, task, setting) with the phrases that signal it."""

    slug: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Topic:
    """A broad area; `parent` builds the hierarchy, and `tags` are tags whose presence votes for it."""

    slug: str
    label: str
    parent: str | None = None
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Tags and topics in file order. Treat the dicts as read-only: the compiled matcher is cached."""

    tags: dict[str, Tag]
    topics: dict[str, Topic]

    def children(self, slug: str) -> tuple[str, ...]:
        return tuple(s for s, t in self.topics.items() if t.parent == slug)

    def ancestors(self, slug: str) -> tuple[str, ...]:
        """Parent first, root last. Stops at an unknown or repeated topic, so that even a vocabulary built
        without load_vocabulary's checks cannot loop forever."""
        out: list[str] = []
        topic = self.topics.get(slug)
        while topic is not None and topic.parent in self.topics and topic.parent not in out and topic.parent != slug:
            out.append(topic.parent)
            topic = self.topics.get(topic.parent)
        return tuple(out)

    def descendants(self, slug: str) -> tuple[str, ...]:
        return tuple(s for s in self.topics if slug in self.ancestors(s))

    def root(self, slug: str) -> str:
        chain = self.ancestors(slug)
        return chain[-1] if chain else slug

    @cached_property
    def _tree(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """(children, ancestors) of every topic, computed once: topics are ranked for every paper."""
        children: dict[str, list[str]] = {}
        for slug, topic in self.topics.items():
            if topic.parent in self.topics:
                children.setdefault(topic.parent, []).append(slug)
        return {k: tuple(v) for k, v in children.items()}, {s: self.ancestors(s) for s in self.topics}

    @cached_property
    def _votes(self) -> dict[str, tuple[str, ...]]:
        """Tag slug -> the topics its presence votes for."""
        votes: dict[str, list[str]] = {}
        for slug, topic in self.topics.items():
            for tag in topic.tags:
                votes.setdefault(tag, []).append(slug)
        return {k: tuple(v) for k, v in votes.items()}

    @cached_property
    def _matcher(self) -> _Matcher:
        terms = [_Term(("tag", t.slug), a) for t in self.tags.values() for a in t.aliases]
        terms += [_Term(("topic", t.slug), k) for t in self.topics.values() for k in t.keywords]
        return _Matcher(terms)


# --- matching ---------------------------------------------------------------------------------------

def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in _SPLIT.split(phrase.strip()) if w)


def _is_acronym(word: str) -> bool:
    """`MoE`, `LLM`, `NeRF`, `3D`: an uppercase letter after the first character."""
    return any(c.isupper() for c in word[1:])


def _term_key(phrase: str) -> tuple[str, ...]:
    """Two terms with the same key match exactly the same texts."""
    return tuple(w if _is_acronym(w) else w.lower() for w in _words(phrase))


class _Term:
    """One alias or keyword and who it belongs to: ("tag", slug) or ("topic", slug).

    Compared by identity: the same phrase under two owners is two terms."""

    __slots__ = ("owner", "phrase", "words", "exact", "has_exact", "keys")

    def __init__(self, owner: tuple[str, str], phrase: str):
        self.owner = owner
        self.phrase = phrase
        self.words = _words(phrase)
        self.exact = tuple(_is_acronym(w) for w in self.words)
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
        index, longest, split = self.index, self.longest, _SPLIT.split
        for m in self.regex.finditer(text):
            words = split(m.group(1))
            lowered = tuple(w.lower() for w in words[:longest])
            for n in range(1, len(lowered) + 1):
                for term in index.get(lowered[:n], ()):
                    if not term.has_exact or term.case_ok(words):
                        found[term] += 1
        return found


def _atoms(term: _Term) -> list[str]:
    """The regex pieces of a term, one per lowercased character (so they can share a trie), with
    `_SEPARATOR` between words. The regex ignores case; acronyms' case is checked on each match
    (`_Term.case_ok`). Case classes (`[xX]`) for every letter made the regex twice as slow to
    compile, which every rebuild that reads an entry pays."""
    atoms: list[str] = []
    for i, word in enumerate(term.words):
        if i:
            atoms.append(_SEPARATOR)
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
        plural = not _is_acronym(term.words[-1])
        node[""] = node.get("", False) or plural  # "" marks an end; True if a plural may follow

    def render(node: dict) -> str:
        branches = [atom + render(child) for atom, child in node.items() if atom != ""]
        if "" in node:
            branches.append(("(?:e?s)?" if node[""] else "") + r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return r"(?<!\w)(?=(" + render(trie) + "))"


def _hits(title: str, abstract: str, vocab: Vocabulary) -> tuple[Counter[_Term], Counter[_Term]]:
    matcher = vocab._matcher
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


# --- loading and validation -------------------------------------------------------------------------

class _File:
    """One vocabulary file being checked: its path for messages and the problems found so far."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message: str, field: str | None = None,
                hint: str | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(str(self.path), line, message, field=field, hint=hint))

    def compose(self) -> yaml.MappingNode | None:
        """The file's top-level mapping node, or None (with a problem) when there is none to read."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(str(self.path), None, "file not found",
                                         hint=f"create it; the vocabulary is read from {TAGS_FILE} and {TOPICS_FILE}"))
            return None
        except UnicodeDecodeError:
            self.problems.append(Problem(str(self.path), None, "not UTF-8 text", hint="save the file as UTF-8"))
            return None
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            self.problems.append(Problem(str(self.path), mark.line + 1 if mark else None,
                                         f"unreadable YAML: {e.problem or e}",
                                         hint="quote values that contain ': ' or start with a special character"))
            return None
        if node is None:
            return yaml.MappingNode("tag:yaml.org,2002:map", [])
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"must be a mapping of slug: settings (got {_describe(node)})",
                         hint="start each entry with `some-slug:` at the beginning of a line")
            return None
        return node

    def entries(self, node: yaml.MappingNode, what: str) -> list[tuple[str, yaml.Node, yaml.MappingNode]]:
        """(slug, key node, settings node) for each well-formed top-level entry."""
        out, seen = [], {}
        for key, value in node.value:
            slug = key.value if isinstance(key, yaml.ScalarNode) else None
            if not isinstance(slug, str) or not _SLUG.match(slug):
                self.problem(key, f"not a valid {what} slug (got {_describe(key)})",
                             hint="use lowercase letters, digits and single hyphens, e.g. 'speech-recognition'")
                continue
            if slug in seen:
                self.problem(key, f"defined twice (first at line {seen[slug]})", field=slug,
                             hint="merge the two entries")
                continue
            seen[slug] = key.start_mark.line + 1
            if not isinstance(value, yaml.MappingNode):
                self.problem(value, f"must be a mapping of settings (got {_describe(value)})", field=slug,
                             hint="indent `label: ...` and the other settings under the slug")
                continue
            out.append((slug, key, value))
        return out

    def settings(self, slug: str, key: yaml.Node, node: yaml.MappingNode, kinds: dict[str, str]) -> dict[str, tuple]:
        """Checked settings of one entry: name -> (value, node); items of lists come with their nodes."""
        out: dict[str, tuple] = {}
        for name_node, value in node.value:
            name = name_node.value if isinstance(name_node, yaml.ScalarNode) else None
            if name not in kinds:
                close = difflib.get_close_matches(str(name), kinds, n=1)
                self.problem(name_node, f"unknown key (got {_describe(name_node)})", field=f"{slug}.{name}",
                             hint=f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(kinds))
                continue
            if name in out:
                self.problem(name_node, "given twice", field=f"{slug}.{name}", hint="keep one of them")
                continue
            checked = self._value(f"{slug}.{name}", value, kinds[name])
            if checked is not None:
                out[name] = checked
        if "label" not in out and not any(getattr(k, "value", None) == "label" for k, _ in node.value):
            self.problem(key, "missing required key 'label'", field=slug,
                         hint="add `label: Name shown on the site`")
        return out

    def _value(self, field: str, node: yaml.Node, kind: str) -> tuple | None:
        if kind == "slug" and _is_null(node):
            return (None, node)
        if kind in ("text", "slug"):
            if _is_str(node) and node.value.strip():
                return (node.value.strip(), node)
            self.problem(node, f"must be {'a slug' if kind == 'slug' else 'non-empty text'} (got {_describe(node)})",
                         field=field, hint="write it as a plain string; quote it if YAML reads it as something else")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"must be a list (got {_describe(node)})", field=field,
                         hint="write a list, e.g. [first, second], even for one item")
            return None
        items = []
        for item in node.value:
            if _is_str(item) and _words(item.value):
                items.append((item.value.strip(), item))
            else:
                self.problem(item, f"list items must be non-empty text (got {_describe(item)})", field=field,
                             hint="quote items that YAML reads as numbers, booleans or dates")
        return (tuple(items), node)


def _is_str(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    return repr(node.value) if _is_str(node) else str(node.value)


def _did_you_mean(name: str, names: Iterable[str], otherwise: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    return f"did you mean {close[0]!r}?" if close else otherwise


def _load_tags(f: _File) -> tuple[dict[str, Tag], set[str]] | None:
    """The valid tags, and every slug the file declares (so that one broken tag is reported once, not
    again by each topic naming it); None when the file cannot be read at all."""
    root = f.compose()
    if root is None:
        return None
    tags: dict[str, Tag] = {}
    declared: set[str] = set()
    owners: dict[tuple[str, ...], tuple[str, int]] = {}  # alias key -> (tag slug, line)
    for slug, key, node in f.entries(root, "tag"):
        declared.add(slug)
        s = f.settings(slug, key, node, _TAG_KEYS)
        aliases = s.get("aliases", ((), None))[0]
        for alias, alias_node in aliases:
            line = alias_node.start_mark.line + 1
            first = owners.setdefault(_term_key(alias), (slug, line))
            if first[0] != slug:
                f.problem(alias_node, f"alias {alias!r} also belongs to tag {first[0]!r} (line {first[1]})",
                          field=f"{slug}.aliases",
                          hint="an alias must point to one tag: keep it in one of them")
        if "label" in s:
            tags[slug] = Tag(slug, s["label"][0], tuple(dict.fromkeys(a for a, _ in aliases)),
                             s.get("description", ("",))[0])
    return tags, declared


def _load_topics(f: _File, tag_slugs: set[str] | None) -> dict[str, Topic]:
    """The valid topics (plus the built-in `other`); `tag_slugs` is None when tags.yml was unreadable,
    and then references to tags go unchecked rather than all reported as unknown."""
    root = f.compose()
    if root is None:
        return {}
    topics: dict[str, Topic] = {}
    declared: set[str] = set()
    parent_nodes: dict[str, yaml.Node] = {}
    for slug, key, node in f.entries(root, "topic"):
        declared.add(slug)
        s = f.settings(slug, key, node, _TOPIC_KEYS)
        tag_refs = s.get("tags", ((), None))[0]
        if tag_slugs is not None:
            for ref, ref_node in tag_refs:
                if ref not in tag_slugs:
                    f.problem(ref_node, f"unknown tag (got {ref!r})", field=f"{slug}.tags",
                              hint=_did_you_mean(ref, tag_slugs, f"define it in {TAGS_FILE} or remove it here"))
        parent, parent_node = s.get("parent", (None, None))
        if parent_node is not None:
            parent_nodes[slug] = parent_node
        keywords = tuple(dict.fromkeys(k for k, _ in s.get("keywords", ((), None))[0]))
        if slug == OTHER and (parent or keywords or tag_refs):
            f.problem(key, "the fallback topic takes only a label and a description", field=OTHER,
                      hint="`other` collects papers no other topic claims; remove its parent, keywords and tags")
            continue
        if "label" in s:
            topics[slug] = Topic(slug, s["label"][0], parent, keywords,
                                 tuple(dict.fromkeys(r for r, _ in tag_refs)), s.get("description", ("",))[0])
    for slug, topic in topics.items():
        if topic.parent is not None and topic.parent not in declared:
            f.problem(parent_nodes[slug], f"unknown topic (got {topic.parent!r})", field=f"{slug}.parent",
                      hint=_did_you_mean(topic.parent, topics, "use a topic slug from this file, or omit `parent`"))
    reported: set[str] = set()
    for slug in topics:
        chain, node = [slug], topics[slug]
        while node.parent in topics and node.parent not in chain:
            chain.append(node.parent)
            node = topics[node.parent]
        if node.parent in chain and node.parent not in reported:
            loop = chain[chain.index(node.parent):]
            reported.update(loop)
            f.problem(parent_nodes[loop[0]], "parents form a cycle: " + " -> ".join(loop + [loop[0]]),
                      field=f"{loop[0]}.parent", hint="a topic cannot be its own ancestor; make one of them top-level")
    if OTHER not in topics and not any(p.field == OTHER for p in f.problems):
        topics[OTHER] = Topic(OTHER, OTHER_LABEL)  # the built-in fallback, when the file leaves it out
    return topics


def load_vocabulary(content_dir: Path) -> Vocabulary:
    """Read and check `tags.yml` and `topics.yml`; raise one PapercatError listing every problem."""
    tag_file, topic_file = _File(content_dir / TAGS_FILE), _File(content_dir / TOPICS_FILE)
    loaded = _load_tags(tag_file)
    tags, tag_slugs = loaded if loaded is not None else ({}, None)
    topics = _load_topics(topic_file, tag_slugs)
    problems = [p for f in (tag_file, topic_file)
                for p in sorted(f.problems, key=lambda p: p.line or 0)]  # stable: same-line problems keep order
    if problems:
        raise PapercatError(problems)
    return Vocabulary(tags, topics)
