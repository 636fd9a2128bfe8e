"""generator.entries: entry files round-trip exactly, keep a fixed key order, and are written atomically."""

from __future__ import annotations

import hashlib

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yaml

from generator import entries, yaml_strict
from generator.entries import Entry, entry_paths, ordered, parse_entry, read_entry, render_entry, slugify, write_atomic
from generator.errors import PapercatError
from generator.chars import CONTROL

# (the Basic Multilingual Plane's, and every other plane's two noncharacters: U+1FFFE was generated)
CONTROL_CHARS = "".join(chr(c) for c in [*range(0x10000), *(p * 0x10000 + e for p in range(1, 17) for e in (0xFFFE, 0xFFFF))]
                        if CONTROL.match(chr(c)))

from conftest import LIBYAML

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TRICKY_ABSTRACTS = [
    r"A rate of $\widetilde{O}\left(n^{-1} t^{-\frac{d+2}{2}}\right)$ for $p_0*\mathcal{N}(0,t\boldsymbol{I}_d)$.",
    r"The Fr\'echet Inception Distance drops with only a few labels (e.g., <0.1%) and `simpler' ops.",
    "Experiments on {it,es,de}->en prove it; see https://example.org/speech_translation/direct_s2st.",
    "t-ReX* matches the **best** model; we use __dunder__ names, a_b_c and ``what or how to generate\" & more.",
    "---",
    "key: value # not YAML, just text",
    "| > - * [ ] { } ! % @ ` ' \" \\ 数据 é ü \t tab",
]


def test_render_entry_fixed_key_order_and_style():
    meta = {"sources": ["a.txt:1"], "curator_note": "mine", "title": "LAMP: Few-shot tuning", "slug": "lamp",
            "links": {"project": "https://p", "extra": "https://e", "arxiv": "https://a"}, "arxiv": "2310.10769",
            "date": "2023-10-01", "comments": "line one\nline two", "pages": 25, "title_derived": True}
    assert render_entry(meta, "The abstract.") == (
        "---\n"
        "title: 'LAMP: Few-shot tuning'\n"
        "title_derived: true\n"
        "slug: lamp\n"
        "arxiv: '2310.10769'\n"
        "date: '2023-10-01'\n"
        "pages: 25\n"
        "comments: |-\n"
        "  line one\n"
        "  line two\n"
        "links:\n"
        "  arxiv: https://a\n"
        "  project: https://p\n"
        "  extra: https://e\n"
        "sources:\n"
        "- a.txt:1\n"
        "curator_note: mine\n"
        "---\n"
        "\n"
        "The abstract.\n")


def test_ordered_keeps_unknown_keys_after_known_ones_in_their_order():
    assert list(ordered({"z": 1, "sources": [], "a": 2, "title": "t"})) == ["title", "sources", "z", "a"]


@pytest.mark.parametrize("abstract", TRICKY_ABSTRACTS)
def test_abstract_round_trips_through_a_file(tmp_path, abstract):
    path = tmp_path / "papers" / "x.md"
    write_atomic(path, render_entry({"title": abstract, "comments": abstract + "\n" + abstract}, abstract + "\n"))
    entry = read_entry(path)
    assert entry.abstract == abstract
    assert entry.body == abstract + "\n"
    assert entry.meta == {"title": abstract, "comments": abstract + "\n" + abstract}


@pytest.mark.parametrize("value", ["\x85", "Title \x85 with NEL", "two\nlines \x85", "a\u2028b", "\ufeffx", "x\r"])
def test_front_matter_strings_round_trip_with_unicode_line_breaks(value):
    # PyYAML reads a raw NEL (U+0085) as a line break; render_entry must escape it.
    entry = parse_entry(render_entry({"title": value, "comments": value}, "A.\n"), Path("x.md"))
    assert entry.meta == {"title": value, "comments": value}


def test_abstract_is_the_first_paragraph_and_curator_notes_follow():
    entry = parse_entry("---\ntitle: T\n---\n\nThe abstract.\n\nMy notes.\n\nMore notes.\n", Path("x.md"))
    assert entry.abstract == "The abstract."
    assert entry.body == "The abstract.\n\nMy notes.\n\nMore notes.\n"


def test_parse_entry_accepts_crlf_and_bom():
    entry = parse_entry("\ufeff---\r\ntitle: T\r\n---\r\n\r\nAbstract.\r\n", Path("x.md"))
    assert (entry.meta, entry.body, entry.abstract) == ({"title": "T"}, "Abstract.\n", "Abstract.")


@pytest.mark.parametrize("text, message", [
    ("title: x\n", "x.md:1: no front matter: the file must start with a `---` line (hint: start with a `---` line, `title: ...` and `slug: ...`, a `---` line, then the abstract (README.md, section 'Entries'))"),
    ("---\ntitle: x\n", "x.md:1: front matter never closed: add a `---` line after the last key"),
    ("---\ntitle: ok\nkey: : x\n---\n\nbody\n",
     "x.md:3: unreadable YAML: a value contains ': ', which starts a key (hint: quote the whole value: `key: ': x'`)"),
    ("---\n- a\n---\nbody", "x.md:2: front matter must be a mapping of `key: value` lines"),
])
def test_parse_entry_errors(text, message):
    with pytest.raises(PapercatError) as e:
        parse_entry(text, Path("x.md"))
    assert str(e.value) == message


class _PureLoader(yaml_strict.Strict, yaml.SafeLoader):
    line_offset = entries.Loader.line_offset


@pytest.fixture(params=["libyaml", "pure"])
def loader(request, monkeypatch):
    """Entries read by libyaml (the default when installed) and by pure PyYAML, whose messages and
    marks differ: papercat's must not."""
    if request.param == "pure":
        monkeypatch.setattr(entries, "Loader", _PureLoader)
    elif not LIBYAML:
        pytest.skip("libyaml is not installed")
    return request.param


ENTRY_TOP = "---\ntitle: A paper\nslug: a-paper\ndate: '2024-03-01'\nauthors_count: 3\nupvotes: 2\n"  # lines 1-6
BAD_YAML = [
    # An unclosed `[` is reported where it opens, not where the text ends (the closing `---`).
    ("tags: [attention, transformers\nvenue: ICLR 2024\n", 7,
     "the list opened with `[` on this line is never closed",
     "end it with `]` on the same line, or write one `- item` per line"),
    ("tags: [attention\n", 7, "the list opened with `[` on this line is never closed",
     "end it with `]` on the same line, or write one `- item` per line"),
    ("tags:\n- [\n", 8, "the list opened with `[` on this line is never closed",
     "end it with `]` on the same line, or write one `- item` per line"),
    ("links: {arxiv: https://arxiv.org/abs/2401.00001\nvenue: ICLR\n", 7,
     "the mapping opened with `{` on this line is never closed", "end it with `}` on the same line"),
    # No space after the colon: read as a key without a value, reported at its own line.
    ("venue:ICLR\nsources:\n- a.txt:1\n", 7, "expected `key: value` (got 'venue:ICLR')",
     "put a space after the colon: `venue: ICLR`"),
    ("venue:ICLR\n", 7, "expected `key: value` (got 'venue:ICLR')", "put a space after the colon: `venue: ICLR`"),
    ("venue\n", 7, "expected `key: value` (got 'venue')",
     "write `key: value`, or indent the line if it continues the value above"),
    ("venue: 'ICLR\nsources:\n- a.txt:1\n", 7, "the value opened with ' on this line is never closed",
     "end the value with ' (inside '...', write '' for ')"),
    ('venue: "ICLR\n', 7, 'the value opened with " on this line is never closed', 'end the value with "'),
    # ... or closed by the next value's quote, lines later: reported where it opens (it was at `comments`).
    ("venue: 'ICLR 2024\npages: 9\ncomments: '3 figures'\n", 7,
     "the value opened with ' on this line is not closed on it (it ran on to line 9)",
     "end the value with ' on this line (inside '...', write '' for ')"),
    ('venue: "ICLR 2024\npages: 9\ncomments: "3 figures"\n', 7,
     'the value opened with " on this line is not closed on it (it ran on to line 9)', 'end the value with " on this line'),
    # (a value written over two lines, as PyYAML writes a long one, is not blamed for a later mistake)
    ("comments: 'A study\n  of things'\nvenue: 'Alice's venue'\n", 9, 'text after the end of a value (got "s venue\'")',
     "a value that starts with ' ends at the next ': write '' for ' inside it"),
    ("venue: Workshop: ICLR\n", 7, "a value contains ': ', which starts a key",
     "quote the whole value: `venue: 'Workshop: ICLR'`"),
    ("venue: ICLR\n  pages: 9\n", 8, "this key is indented more than the line above",
     "start it in the same column as the keys around it"),
    ("venue: ICLR\n\tpages: 9\n", 8, "a tab character", "indent with spaces: YAML does not allow tabs there"),
    ("venue: @ICLR\n", 7, "a value cannot start with '@'", "quote the whole value: `venue: '@ICLR'`"),
    ("venue: *ICLR\n", 7, "a value cannot start with '*'", "quote the whole value: `venue: '*ICLR'`"),
    ("venue: 'ICLR's best'\n", 7, 'text after the end of a value (got "s best\'")',
     "a value that starts with ' ends at the next ': write '' for ' inside it"),
    ("tags: [a, b]]\n", 7, "text after the end of a value (got ']')",
     "a list or mapping ends at its closing bracket: remove the text after it"),
    # An item added below a list that takes none there.
    ("tags: [attention, transformers]\n- moe\n", 8, "a `- item` line after a list written in brackets (got '- moe')",
     "add the item inside the brackets: `tags: [attention, transformers, moe]`"),
    ("sources:\n  - a.txt:1\n- b.txt:2\n", 9,
     "a `- item` line indented differently from the list above it (got '- b.txt:2')",
     "start it in the same column as the `-` on line 8 (column 3)"),
    ("venue: ICLR\n- doi: 10.1/x\n", 8, "a `key: value` line written as a list item (got '- doi: 10.1/x')",
     "remove the `- `: start `doi:` in the same column as the keys around it"),
    ("venue: ICLR\n- ICML\n", 8, "a `- item` line among `key: value` lines (got '- ICML')",
     "a list goes under its key: `key:` alone on its line, then the `- item` lines indented below it, "
     "or `key: [a, b]` on one line"),
]


@pytest.mark.parametrize("yaml_lines, line, message, hint", BAD_YAML)
def test_yaml_errors_point_at_the_line_where_the_mistake_starts(loader, yaml_lines, line, message, hint):
    text = ENTRY_TOP + yaml_lines + "---\n\nThe abstract.\n"
    with pytest.raises(PapercatError) as e:
        parse_entry(text, Path("x.md"))
    assert str(e.value) == f"x.md:{line}: unreadable YAML: {message} (hint: {hint})"


def test_strict_yaml_rules_read_the_same_with_either_loader(loader):
    with pytest.raises(PapercatError) as e:
        parse_entry(ENTRY_TOP + "title: Again\n---\n\nx\n", Path("x.md"))
    assert str(e.value) == "x.md:7: unreadable YAML: the key 'title' is given twice (first on line 2); keep one"
    assert parse_entry(ENTRY_TOP + "---\n\nx\n", Path("x.md")).meta["date"] == "2024-03-01"  # dates stay text


def test_read_entry_rejects_non_utf8(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(PapercatError) as e:
        read_entry(path)
    assert str(e.value) == f"{path}:2: not UTF-8 text (byte 0xe9) (hint: save the entry as UTF-8)"  # (the bad byte's line)


@pytest.mark.parametrize("title, slug", [
    ("LAMP: Few-shot-based tuning framework", "lamp-few-shot-based-tuning-framework"),
    ("Fréchet  Distance —  Über Alles", "frechet-distance-uber-alles"),
    ("", "paper"),
    # No ASCII form: a stable hash of the normalised title keeps slugs distinct (sha256("数据")[:8]) ...
    ("数据", "paper-5440f742"),
    ("数据!", "paper-5440f742"),  # (punctuation is not part of the title's words)
    ("图像", "paper-" + hashlib.sha256("图像".encode()).hexdigest()[:8]),
    ("Обучение с подкреплением", "paper-" + hashlib.sha256("обучение с подкреплением".encode()).hexdigest()[:8]),
    ("🚀🚀", "paper-" + hashlib.sha256("🚀🚀".encode()).hexdigest()[:8]),
    # ... also when most of it is lost, so two such titles do not become `gpt-4` and `gpt-4-2`;
    ("GPT-4 в русском", "gpt-4-" + hashlib.sha256("gpt 4 в русском".encode()).hexdigest()[:8]),
    # a Greek letter or two in a Latin title leaves it a plain slug
    ("DεpS: Delayed ε-Shrinking", "dps-delayed-shrinking"),
    ("GPT-4 在中文上的评测", "gpt-4-" + hashlib.sha256("gpt 4 在中文上的评测".encode()).hexdigest()[:8]),
    ("x" * 70 + " 数据", "x" * 60),
    ("word " * 20 + "数" * 200, "word-" * 9 + "word-" + hashlib.sha256(("word " * 20 + "数" * 200).encode()).hexdigest()[:8]),
    # Windows device names, which no checkout there can create
    ("Con", "con-paper"), ("NUL", "nul-paper"), ("aux", "aux-paper"), ("COM1", "com1-paper"),
    ("LPT9", "lpt9-paper"), ("prn!", "prn-paper"), ("Con Artists", "con-artists"),
    ("a" * 70, "a" * 60),
    ("word " * 20, "word-word-word-word-word-word-word-word-word-word-word-word"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_entry_paths_sorted_markdown_only(tmp_path):
    for name in ["b.md", "a.md", "notes.txt", ".a.md.123.tmp"]:
        (tmp_path / "papers").mkdir(exist_ok=True)
        (tmp_path / "papers" / name).write_text("x")
    assert [p.name for p in entry_paths(tmp_path)] == ["a.md", "b.md"]


# --- atomic writes --------------------------------------------------------------------------

OLD = "---\ntitle: Old\n---\n\nOld abstract.\n\nCurator notes.\n"


def _crash(*args, **kwargs):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("target", ["replace", "fsync"])
def test_write_atomic_crash_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch, target):
    path = tmp_path / "papers" / "x.md"
    path.parent.mkdir()
    path.write_text(OLD)
    monkeypatch.setattr(entries.os, target, _crash)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomic(path, "---\ntitle: New\n---\n\nNew.\n")
    assert path.read_text() == OLD
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.md"]


def test_write_atomic_crash_half_way_through_the_text(tmp_path, monkeypatch):
    path = tmp_path / "x.md"
    path.write_text(OLD)
    real_open = open

    class HalfWriter:
        """Writes half the text to the temporary file, then the process is interrupted."""

        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, text):
            self.f.write(text[: len(text) // 2])
            self.f.flush()
            raise KeyboardInterrupt

    monkeypatch.setattr(entries, "open", lambda *a, **kw: HalfWriter(real_open(*a, **kw)), raising=False)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "---\ntitle: New\n---\n\nNew abstract, long enough to be cut in half.\n")
    assert path.read_text() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]


def test_write_atomic_creates_directories_and_writes_lf(tmp_path):
    path = tmp_path / "a" / "b" / "x.md"
    write_atomic(path, "one\ntwo\n")
    assert path.read_bytes() == b"one\ntwo\n"
    assert [p.name for p in path.parent.iterdir()] == ["x.md"]


# --- properties -------------------------------------------------------------------------------

# Any text but control characters (an entry holding one is refused: test_hardening.py).
TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROL_CHARS)
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROL_CHARS + "\n\r"),
                    min_size=1).map(str.strip).filter(bool)


@FAST
@given(LINE_TEXT, st.dictionaries(st.sampled_from(["title", "venue", "comments", "organization", "x-note"]),
                                  st.one_of(st.text(TEXT), st.integers(), st.none()), max_size=5))
def test_property_any_abstract_and_meta_round_trip(tmp_path, abstract, meta):
    path = tmp_path / "x.md"
    write_atomic(path, render_entry(meta, abstract + "\n"))
    entry = read_entry(path)
    assert entry.abstract == abstract
    assert entry.meta == ordered(meta)
    assert render_entry(entry.meta, entry.body) == path.read_text(encoding="utf-8")  # stable on rewrite
    assert isinstance(entry, Entry)
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]
    os.unlink(path)


@pytest.mark.parametrize("fail_at", ["write", "fsync", "rename"])
def test_write_all_interrupted_leaves_each_file_old_or_new_and_no_temp_files(tmp_path, monkeypatch, fail_at):
    """Ctrl-C (or SIGTERM, which the CLI turns into KeyboardInterrupt) at any step of a batch."""
    old = {tmp_path / "papers" / f"p{i}.md": f"old {i}\n" for i in range(6)}
    for path, text in old.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    new = {path: f"new {i}\n" for i, path in enumerate(old)} | {tmp_path / "papers" / "added.md": "added\n"}
    calls = {"n": 0}

    def third_call(real):
        def interrupted(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt
            return real(*args, **kwargs)
        return interrupted

    if fail_at == "write":
        monkeypatch.setattr("builtins.open", third_call(open))
    else:
        target = {"fsync": "fsync", "rename": "replace"}[fail_at]
        monkeypatch.setattr(entries.os, target, third_call(getattr(os, target)))
    with pytest.raises(KeyboardInterrupt):
        entries.write_all(new)
    monkeypatch.undo()
    left = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "papers").iterdir()}
    assert not [name for name in left if name.endswith(".tmp")]
    renamed = 2 if fail_at == "rename" else 0
    assert left == {f"p{i}.md": f"new {i}\n" if i < renamed else f"old {i}\n" for i in range(6)}
    entries.write_all(new)
    assert {p.name for p in (tmp_path / "papers").iterdir()} == {p.name for p in new}


def test_editors_are_named_not_et_al(tmp_path):
    """From a newcomer's read of the README: `- others` among editors was shown as a person "others"."""
    from generator.validate import check_entry

    path = tmp_path / "x.md"
    path.write_text("---\ntitle: T\nslug: x\neditors:\n- Jane Doe\n- others\n---\n\nAn abstract.\n", encoding="utf-8")
    _, problems = check_entry(read_entry(path), set(), set())
    assert [str(p) for p in problems] == [f"{path}:4: editors: has `others`, which stands for authors not named "
                                          "(hint: list the editors by name (import leaves BibTeX's `and others` out of editors))"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_entry_written_again_keeps_its_permissions(tmp_path):
    """A rewrite (import filling a field, one at a time or many at once) changes an entry's text,
    not who may read it; a new entry gets the umask's mode."""
    from generator import entries

    kept, shared = tmp_path / "kept.md", tmp_path / "shared.md"
    for path, mode in ((kept, 0o600), (shared, 0o664)):
        path.write_text("old\n", encoding="utf-8")
        path.chmod(mode)
    entries.write_atomic(kept, "new\n")
    entries.write_all({shared: "new\n", tmp_path / "fresh.md": "new\n"})
    old = os.umask(0)
    os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {"kept.md": 0o600, "shared.md": 0o664, "fresh.md": 0o666 & ~old}
    assert {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {"new\n"}


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_read_only_entry_is_written_again_then_made_read_only(tmp_path, monkeypatch):
    """write_all syncs each new version by opening it for writing: given a read-only entry's mode
    before that, the import of a user other than root failed on it (root is let through, so the
    mode at that moment is what is checked here)."""
    from generator import entries

    path = tmp_path / "read-only.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)
    modes = []
    real = entries._fsync

    def fsync(p, flags):
        modes.append(p.stat().st_mode & 0o777)
        return real(p, flags)

    monkeypatch.setattr(entries, "_fsync", fsync)
    entries.write_all({path: "new\n"})
    assert modes[0] & 0o200 and path.stat().st_mode & 0o777 == 0o444 and path.read_text(encoding="utf-8") == "new\n"
    path.chmod(0o644)
