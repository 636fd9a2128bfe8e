"""The curated vocabulary, `content/tags.yml` and `content/topics.yml`: tags, a hierarchy of topics,
and the phrases that signal each, loaded with every problem reported by file and line.

What a phrase *means* when matched against a paper is taxonomy.py's business; this module knows
only the normal form that tells two phrases apart (`term_key`), to refuse an alias given twice."""

from __future__ import annotations

import difflib
import re

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.chars import HINT as CONTROL_HINT, described, first_control
from generator.errors import PapercatError, Problem, not_utf8, shown
from generator.store import digest
from generator.yaml_strict import yaml_problem

if TYPE_CHECKING:
    from generator.venues import Venues

# libyaml when present: twenty times as fast as the pure-Python parser, with the same nodes and lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAGS_FILE = "tags.yml"
TOPICS_FILE = "topics.yml"
OTHER = "other"
MAX_DEPTH = 6  # topic levels: a browsable tree, and a bound for everything that walks it
OTHER_LABEL = "Other"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SEPARATOR = r"[\s\-\u2010\u2011]+"  # whitespace and hyphens are interchangeable inside a phrase
SPLIT = re.compile(SEPARATOR)
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


@dataclass(frozen=True, eq=False)  # (hashed by identity: taxonomy caches its matcher per vocabulary)
class Vocabulary:
    """Tags and topics in file order. Treat the dicts as read-only: what is derived from them is cached."""

    tags: dict[str, Tag]
    topics: dict[str, Topic]
    venues: Venues | None = None  # venues.yml (venues.py); None: no venue is known
    # Of the bytes the vocabulary was read from (load_vocabulary): what a build keeps of entries and
    # groups is filed under it, so a file saved while a build reads it can never be taken for the
    # text that build read.
    digest: str = ""

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


# --- phrases ---------------------------------------------------------------------------------------

def words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in SPLIT.split(phrase.strip()) if w)


def is_acronym(word: str) -> bool:
    """`MoE`, `LLM`, `NeRF`, `3D`: an uppercase letter after the first character."""
    return any(c.isupper() for c in word[1:])


def term_key(phrase: str) -> tuple[str, ...]:
    """Two terms with the same key match exactly the same texts."""
    return tuple(w if is_acronym(w) else w.lower() for w in words(phrase))


# --- loading and validation -------------------------------------------------------------------------

class VocabularyFile:
    """One vocabulary file being checked: its path for messages and the problems found so far."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.data: bytes | None = None  # the bytes read, once `compose` has read them

    def problem(self, node: yaml.Node | None, message: str, field: str | None = None,
                hint: str | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(str(self.path), line, message, field=field, hint=hint))

    def compose(self) -> yaml.MappingNode | None:
        """The file's top-level mapping node, or None (with a problem) when there is none to read."""
        try:
            self.data = self.path.read_bytes()
            text = self.data.decode("utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(str(self.path), None, "file not found",
                                         hint=f"create it; the vocabulary is read from {TAGS_FILE} and {TOPICS_FILE}"))
            return None
        except UnicodeDecodeError as e:
            self.problems.append(not_utf8(self.path, self.data, e, "save the file as UTF-8"))
            return None
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError as e:  # (a ReaderError, for a control character, has no mark)
            self.problems.append(yaml_problem(e, str(self.path), text))
            return None
        if node is None:
            return yaml.MappingNode("tag:yaml.org,2002:map", [])
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"must be a mapping of slug: settings (got {_describe(node)})", hint=_top_hint(node))
            return None
        return node

    def entries(self, node: yaml.MappingNode, what: str,
                first: str = "label") -> list[tuple[str, yaml.Node, yaml.MappingNode]]:
        """(slug, key node, settings node) for each well-formed top-level entry; `first`: the setting
        an entry starts with, for hints."""
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
                self._not_settings(slug, key, value, first)
                continue
            out.append((slug, key, value))
        return out

    def _not_settings(self, slug: str, key: yaml.Node, value: yaml.Node, first: str) -> None:
        """An entry whose value is not a mapping of settings: what it is instead, and how to write it."""
        items = value.value if isinstance(value, yaml.SequenceNode) else []
        if items and all(isinstance(i, yaml.MappingNode) and i.value for i in items):
            name = items[0].value[0][0]
            shown_name = name.value if isinstance(name, yaml.ScalarNode) else "..."
            self.problem(value, f"its settings are written as a list (got `- {shown_name}: ...`)"[:120], field=slug,
                         hint=f"remove the `- ` before each setting and line them up, indented under `{slug}:`")
        elif _is_null(value):
            self.problem(key, "has no settings", field=slug,
                         hint=f"indent `{first}: ...` and the other settings on the lines under `{slug}:`")
        elif isinstance(value, yaml.ScalarNode):
            self.problem(value, f"must be a mapping of settings (got {_describe(value)})", field=slug,
                         hint=f"put `{slug}:` alone on its line and the settings under it, indented: "
                              f"`{first}: {value.value}`"[:200])
        else:
            self.problem(value, f"must be a mapping of settings (got {_describe(value)})", field=slug,
                         hint=f"indent its settings under `{slug}:`, one `key: value` a line, starting with "
                              f"`{first}: ...`")

    def settings(self, slug: str, key: yaml.Node, node: yaml.MappingNode, kinds: dict[str, str],
                 required: dict[str, str] | None = None) -> dict[str, tuple]:
        """Checked settings of one entry: name -> (value, node); items of lists come with their nodes.
        `required`: keys that must be there, with the hint that says how (a label, by default)."""
        out: dict[str, tuple] = {}
        seen: dict[str, yaml.Node] = {}  # key -> its first value
        for name_node, value in node.value:
            name = name_node.value if isinstance(name_node, yaml.ScalarNode) else None
            if name not in kinds:
                close = difflib.get_close_matches(str(name), kinds, n=1)
                self.problem(name_node, f"unknown key (got {_describe(name_node)})", field=f"{slug}.{name}",
                             hint=f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(kinds))
                continue
            if name in seen:
                line = seen[name].start_mark.line + 1
                self.problem(name_node, f"given twice (first at line {line})", field=f"{slug}.{name}",
                             hint=_merge_hint(name, seen[name], value) if kinds[name] == "list" else
                             "keep one of them")
                continue
            seen[name] = value
            checked = self._value(f"{slug}.{name}", value, kinds[name])
            if checked is not None:
                out[name] = checked
        for must, hint in (required or {"label": "add `label: Name shown on the site`"}).items():
            if must not in out and not any(getattr(k, "value", None) == must for k, _ in node.value):
                self.problem(key, f"missing required key {must!r}", field=slug, hint=hint)
        return out

    def _value(self, field: str, node: yaml.Node, kind: str) -> tuple | None:
        scalars = node.value if isinstance(node, yaml.SequenceNode) else [node]
        control = first_control([n.value for n in scalars if isinstance(n, yaml.ScalarNode)])
        if control:
            self.problem(node, f"contains {described(control)}", field=field, hint=CONTROL_HINT)
            return None
        if kind == "slug" and _is_null(node):
            return (None, node)
        if kind in ("text", "slug"):
            if _is_str(node) and node.value.strip():
                return (node.value.strip(), node)
            self.problem(node, f"must be {'a slug' if kind == 'slug' else 'non-empty text'} (got {_describe(node)})",
                         field=field, hint="write it as a plain string; quote it if YAML reads it as something else")
            return None
        if not isinstance(node, yaml.SequenceNode):
            commas = _is_str(node) and "," in node.value
            self.problem(node, f"must be a list (got {_describe(node)})", field=field,
                         hint=f"put the items in brackets: `[{node.value.strip()}]`"[:200] if commas else
                         f"write a list, even for one item: `[{node.value.strip()}]`"[:200] if _is_str(node) else
                         "write a list, e.g. [first, second], even for one item")
            return None
        items = []
        for item in node.value:
            if _is_str(item) and words(item.value):
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


def _top_hint(node: yaml.Node) -> str:
    """How to write entries that came as a list (`- neurips:`, `- slug: neurips`) or as one value."""
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    first = items[0].value[0] if items and isinstance(items[0], yaml.MappingNode) and items[0].value else None
    if first and _is_str(first[0]) and first[0].value == "slug" and _is_str(first[1]):
        return (f"start each entry with its slug as a key, `{first[1].value}:` at the beginning of a line, "
                f"instead of `- slug: {first[1].value}`, and indent its settings under it")[:200]
    if first and _is_str(first[0]) and isinstance(first[1], yaml.MappingNode):
        return (f"remove the `- ` before each entry: `{first[0].value}:` starts at the beginning of its line, "
                "its settings indented under it")[:200]
    return "start each entry with `some-slug:` at the beginning of a line"


def _merge_hint(name: str, first: yaml.Node, again: yaml.Node) -> str:
    """`aliases: [a, b, c]`: the items of a list given twice, as one list (when both are lists of text)."""
    nodes = [first, again]
    if all(isinstance(n, yaml.SequenceNode) and all(_is_str(i) for i in n.value) for n in nodes):
        merged = f"{name}: [{', '.join(i.value for n in nodes for i in n.value)}]"
        if len(merged) <= 100:
            return f"write one list with all the items: `{merged}`"
    return f"write one `{name}:` list with the items of both"


def _did_you_mean(name: str, names: Iterable[str], otherwise: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    return f"did you mean {close[0]!r}?" if close else otherwise


def _load_tags(f: VocabularyFile) -> tuple[dict[str, Tag], set[str]] | None:
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
            first = owners.setdefault(term_key(alias), (slug, line))
            if first[0] != slug:
                f.problem(alias_node, f"alias {shown(alias)} also belongs to tag {first[0]!r} (line {first[1]})",
                          field=f"{slug}.aliases",
                          hint="an alias must point to one tag: keep it in one of them")
        if "label" in s:
            tags[slug] = Tag(slug, s["label"][0], tuple(dict.fromkeys(a for a, _ in aliases)),
                             s.get("description", ("",))[0])
    return tags, declared


def _load_topics(f: VocabularyFile, tag_slugs: set[str] | None) -> dict[str, Topic]:
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
                    f.problem(ref_node, f"unknown tag (got {shown(ref)})", field=f"{slug}.tags",
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
            f.problem(parent_nodes[slug], f"unknown topic (got {shown(topic.parent)})", field=f"{slug}.parent",
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
        elif len(chain) == MAX_DEPTH + 1:  # (each branch reported once, where it first goes too deep)
            f.problem(parent_nodes[slug], f"topics nest at most {MAX_DEPTH} deep; this one is at depth "
                      f"{MAX_DEPTH + 1} ({' -> '.join(reversed(chain))})", field=f"{slug}.parent",
                      hint="give it a parent nearer the top")
    if OTHER not in topics and not any(p.field == OTHER for p in f.problems):
        topics[OTHER] = Topic(OTHER, OTHER_LABEL)  # the built-in fallback, when the file leaves it out
    return topics


def load_vocabulary(content_dir: Path) -> Vocabulary:
    """Read and check `tags.yml`, `topics.yml` and `venues.yml`; raise one PapercatError listing every problem."""
    from generator.venues import load_venues

    tag_file, topic_file = VocabularyFile(content_dir / TAGS_FILE), VocabularyFile(content_dir / TOPICS_FILE)
    loaded = _load_tags(tag_file)
    tags, tag_slugs = loaded if loaded is not None else ({}, None)
    topics = _load_topics(topic_file, tag_slugs)
    read: list[bytes] = []
    venues, venue_problems = load_venues(content_dir, read)
    problems = [p for f in (tag_file, topic_file)
                for p in sorted(f.problems, key=lambda p: p.line or 0)]  # stable: same-line problems keep order
    if problems or venue_problems:
        raise PapercatError(problems + venue_problems)
    return Vocabulary(tags, topics, venues,
                      digest(*[d for d in (tag_file.data, topic_file.data, *read) if d is not None]))
