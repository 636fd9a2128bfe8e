"""The YAML papercat reads from curators' files (entries, catalog.yml): safe, and stricter.

- no aliases (`*name`): nine levels of anchors in 469 bytes expand to gigabytes ("billion laughs"),
  and nothing a curator writes needs them;
- no key given twice in one mapping: YAML would silently keep the last one;
- dates stay text: `2024-13-45` is then a validation error with a line number instead of a crash,
  and `2024-05` and `2024-05-14` are the same kind of value.

`yaml_problem` turns a parse error into a `Problem` at the line where the mistake starts, with a
hint for that mistake: PyYAML and libyaml both report an unclosed `[` or quote where the text ends,
often the entry's closing `---`, and word their messages differently."""

from __future__ import annotations

import re

import yaml
from yaml.constructor import ConstructorError

from generator.errors import Problem, shown

_Base = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader  # (libyaml: twenty times as fast)


class Strict:
    """The rules, as a mixin over a safe loader (libyaml's or pure PyYAML's: tests use both)."""

    line_offset = 0  # lines of the file before the YAML (an entry's `---`), for messages that name a line

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "the value anchored here (&name) is repeated by an alias (*name); "
                                   "papercat does not accept aliases: write the value out where it is used",
                                   node.start_mark)
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise ConstructorError(None, None, f"the key {key!r} is given twice (first on line "
                                           f"{seen[key] + 1 + self.line_offset}); keep one", key_node.start_mark)
                seen.setdefault(key, key_node.start_mark.line)
        return super().construct_mapping(node, deep)


Strict.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class StrictLoader(Strict, _Base):  # type: ignore[misc,valid-type]
    pass


def _int(loader, node):
    """An integer; one longer than Python converts (4300 digits) is a problem at its line, not a
    ValueError traceback (found by tests/test_fuzz.py)."""
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise ConstructorError(None, None, "this number has too many digits; quote it if it is text",
                               node.start_mark) from None


StrictLoader.add_constructor("tag:yaml.org,2002:int", _int)

MAX_DEPTH = 20  # lists and mappings inside each other: an entry needs three


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Are lists or mappings nested more than `limit` deep in `value`? Looked at without recursion:
    `[[[...]]]` 5,000 deep once crashed check (every recursive walk, repr() included, hit Python's
    limit), so files are refused at once instead."""
    stack = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, (list, dict)):
            if depth >= limit:
                return True
            stack += [(x, depth + 1) for x in (v.values() if isinstance(v, dict) else v)]
    return False


GENERIC_HINT = "quote values that contain ': ' or start with a special character"
_OPENERS = {"[": ("list", "]"), "{": ("mapping", "}")}


def _quote_hint(line: str) -> str:
    """`key: 'value'` for a `key: value` line, as a hint to quote the value; the generic hint otherwise."""
    key, sep, value = line.strip().partition(": ")
    if not sep or not value:
        return GENERIC_HINT
    return f"quote the whole value: `{key}: '{value.replace(chr(39), chr(39) * 2)}'`"


def _opener(lines: list[str], last: int) -> tuple[int, str] | None:
    """(line index, bracket) of the last `[` or `{` at or before line `last` that no bracket closes on its line."""
    for i in range(min(last, len(lines) - 1), -1, -1):
        text = lines[i]
        for bracket, (_, closer) in _OPENERS.items():
            if text.count(bracket) > text.count(closer):
                return i, bracket
    return None


def _is_item(text: str) -> bool:
    return text.rstrip() == "-" or text.startswith("- ")


def _stray_item(lines: list[str], index: int, line_offset: int) -> tuple[str, str]:
    """(message, hint) for a `- item` line where YAML expected a key: most often an item added to a
    list above it that does not take one there (written in brackets, or indented differently)."""
    item = lines[index].strip()
    before = next((i for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                  None)
    above = lines[before] if before is not None else ""
    key, colon, value = above.strip().partition(":")
    value = value.strip()
    pair = re.match(r"-\s+([^\s:#'\"\[{][^:#]*):(\s|$)", item)
    if pair:  # (`- icml:` or `- name: ICML`: a key where the lines around it have keys)
        return (f"a `key: value` line written as a list item (got {shown(item)})",
                f"remove the `- `: start `{pair.group(1)}:` in the same column as the keys around it")
    if colon and value.startswith("[") and value.endswith("]") and not _is_item(above.strip()):
        inside = value[1:-1].strip()
        merged = f"[{inside}, {item[1:].strip()}]" if inside else f"[{item[1:].strip()}]"
        return (f"a `- item` line after a list written in brackets (got {shown(item)})",
                f"add the item inside the brackets: `{key}: {merged}`"[:160])
    if _is_item(above.strip()):
        column = len(above) - len(above.lstrip()) + 1
        return (f"a `- item` line indented differently from the list above it (got {shown(item)})",
                f"start it in the same column as the `-` on line {before + 1 + line_offset} (column {column})")
    return (f"a `- item` line among `key: value` lines (got {shown(item)})",
            "a list goes under its key: `key:` alone on its line, then the `- item` lines indented below "
            "it, or `key: [a, b]` on one line")


def _open_quote_above(lines: list[str], end: int) -> tuple[int, str] | None:
    """The line above `end` whose `key: value` opens a quote it does not close, and that quote: a
    quoted value runs on over lines, so `title: 'Deep learning` was reported where the quote happened
    to close, at `date: '2015'` three lines on (from a new user's review). None when there is none."""
    for i in range(end - 1, -1, -1):
        key, colon, value = lines[i].partition(": ")
        value = value.strip()
        if not colon or key.startswith((" ", "-", "#")) or value[:1] not in ("'", '"'):
            continue
        quote = value[0]
        if quote in _unescaped(value[1:], quote):
            return None
        # (a value that goes on over lines and is closed before `end` is not the one that ran on)
        return None if any(quote in _unescaped(line, quote) for line in lines[i + 1:end]) else (i, quote)
    return None


def _unescaped(text: str, quote: str) -> str:
    """`text` without the escaped quotes of a value in `quote`s ('' in '...', \\" in "...")."""
    return text.replace("''", "") if quote == "'" else re.sub(r'\\.', "", text)


def yaml_problem(error: yaml.YAMLError, path: str, text: str, line_offset: int = 0) -> Problem:
    """The `Problem` for a YAML error in `text` (read from `path` after `line_offset` other lines):
    at the line where the mistake starts, worded the same for libyaml and pure PyYAML."""
    lines = text.splitlines()
    context = getattr(error, "context", None) or ""
    problem = getattr(error, "problem", None) or str(error)
    start, mark = getattr(error, "context_mark", None), getattr(error, "problem_mark", None)

    def at(m, message: str, hint: str | None = GENERIC_HINT) -> Problem:
        line = None if m is None else m.line + 1 + line_offset
        return Problem(path, line, f"unreadable YAML: {message}", hint=hint)

    def line_of(m) -> str:
        return lines[m.line] if m is not None and m.line < len(lines) else ""

    def char_at(m) -> str:
        text = line_of(m)
        return text[m.column] if m is not None and m.column < len(text) else ""

    if isinstance(error, ConstructorError):  # the strict rules above: their messages say what to do
        return at(mark, problem, hint=None)
    flow = re.match(r"while parsing a flow (sequence|mapping|node)", context)
    if flow:
        found = (start.line, char_at(start)) if flow.group(1) != "node" else \
            _opener(lines, mark.line if mark else len(lines) - 1)
        if found and found[1] in _OPENERS:
            kind, closer = _OPENERS[found[1]]
            return Problem(path, found[0] + 1 + line_offset,
                           f"unreadable YAML: the {kind} opened with `{found[1]}` on this line is never closed",
                           hint=f"end it with `{closer}` on the same line" +
                           (", or write one `- item` per line" if closer == "]" else ""))
    if context.startswith("while scanning a quoted scalar"):
        quote = char_at(start) or "'"
        return at(start, f"the value opened with {quote} on this line is never closed",
                  hint=f"end the value with {quote}" + (" (inside '...', write '' for ')" if quote == "'" else ""))
    if context.startswith("while scanning a simple key"):
        got = line_of(start).strip()
        key, colon, value = got.partition(":")
        hint = (f"put a space after the colon: `{key}: {value}`" if colon and value else
                "write `key: value`, or indent the line if it continues the value above")
        return at(start, f"expected `key: value` (got {shown(got)})", hint=hint)
    if problem.startswith("mapping values are not allowed"):
        before = line_of(mark)[:mark.column] if mark else ""
        if ": " in before:
            return at(mark, "a value contains ': ', which starts a key", hint=_quote_hint(line_of(mark)))
        return at(mark, "this key is indented more than the line above",
                  hint="start it in the same column as the keys around it")
    if "tab" in problem or char_at(mark) == "\t":
        return at(mark, "a tab character", hint="indent with spaces: YAML does not allow tabs there")
    if "cannot start any token" in problem or "undefined alias" in problem:
        value = line_of(mark).partition(": ")[2].lstrip()[:1] or char_at(mark)
        return at(mark, f"a value cannot start with {value!r}", hint=_quote_hint(line_of(mark)))
    if context.startswith("while parsing a block") and mark is not None and _is_item(line_of(mark)[mark.column:]):
        message, hint = _stray_item(lines, mark.line, line_offset)
        return at(mark, message, hint=hint)
    if context.startswith("while parsing a block") and mark is not None:
        return _after_value(lines, mark.line, mark.column, line_offset, path)
    return at(mark or start, problem)


def _after_value(lines: list[str], line: int, column: int, line_offset: int, path: str) -> Problem:
    """Text after the end of a value, at `column` of `line` (0-based): most often a quote that ended
    the value early, or one opened on a line above and never closed there."""
    opened = _open_quote_above(lines, line)
    if opened is not None:  # (the value ran on to the quote that ends it here)
        above, quote = opened
        return Problem(path, above + 1 + line_offset, f"unreadable YAML: the value opened with {quote} on this "
                       f"line is not closed on it (it ran on to line {line + 1 + line_offset})",
                       hint=f"end the value with {quote} on this line" +
                       (" (inside '...', write '' for ')" if quote == "'" else ""))
    text = lines[line] if line < len(lines) else ""
    value = text.partition(": ")[2].lstrip()
    if value[:1] in ("'", '"'):
        hint = f"a value that starts with {value[0]} ends at the next {value[0]}: " + \
            ("write '' for ' inside it" if value[0] == "'" else "quote the whole value with ' instead")
    elif value[:1] in ("[", "{"):
        hint = "a list or mapping ends at its closing bracket: remove the text after it"
    else:
        hint = _quote_hint(text)
    return Problem(path, line + 1 + line_offset, f"unreadable YAML: text after the end of a value "
                   f"(got {shown(text[column:])})", hint=hint)
