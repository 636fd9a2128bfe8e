"""Read and write `content/papers/*.md`: YAML front matter in a fixed key order, then the body.

The key order and YAML style are fixed so that imports produce small, readable git diffs."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.chars import CONTROL, HINT as CONTROL_HINT, described
from generator.errors import PapercatError, Problem, not_utf8
from generator.matching import normalise
from generator.model import first_paragraph
from generator.yaml_strict import MAX_DEPTH, StrictLoader, too_deep, yaml_problem

KEY_ORDER = ("title", "title_derived", "slug", "bibkey", "draft", "arxiv", "arxiv_category", "doi", "date", "added",
             "authors", "authors_count", "organization",
             "upvotes", "type", "venue", "series", "volume", "issue", "page_range", "editors", "publisher", "pages",
             "figures", "comments",
             "links", "tags", "tags_exclude", "topics",
             "sources", "distinct_from")
LINK_ORDER = ("arxiv", "pdf", "web", "code", "project")
FENCE = "---"


@dataclass
class Entry:
    """An entry file as text: its front matter (a plain mapping), its body, and where it lives."""

    path: Path
    meta: dict
    body: str
    meta_line: int = 2  # line of the first front-matter key, for error messages
    text: str = ""  # the file as read (`rewrite_entry` keeps what it holds besides the data: comments)

    @property
    def abstract(self) -> str:
        return first_paragraph(self.body)


PAPERS_DIR = "papers"  # under the content directory: one Markdown file per paper


# Names Windows reserves for devices, whatever the extension: a `con.md` cannot be checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens. Letters and digits that have no ASCII form
    (Chinese, Cyrillic, Arabic, emoji ...) are not transliterated; when a title loses most of
    them, the slug ends in the first 8 hex digits of the SHA-256 of its normalised text (or of
    the title, if that is empty), so `三维重建` and `图像生成` get different slugs that stay the
    same on every run, while a Latin title with a Greek letter or two keeps its plain slug.
    A Windows device name gains `-paper`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # (ASCII text loses nothing: every letter and digit is in the slug. Seen first, as normalise's
    # first use lists Unicode's marks, 17 ms of a rebuild that names its feeds by the catalog's title.)
    lost = not text.isascii() and len(normalise(text).replace(" ", "")) > 2 * len(re.sub(r"[^a-z0-9]", "", slug))
    if not text.strip():
        return "paper"
    if lost or not slug:
        digest = hashlib.sha256((normalise(text) or text.strip()).encode()).hexdigest()[:8]
        limit -= len(digest) + 1
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    if lost or not slug:
        slug = f"{slug}-{digest}" if slug else f"paper-{digest}"
    return f"{slug}-paper" if slug in WINDOWS_RESERVED else slug


def free_slug(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, else `base-2`, `base-3` ... : the first slug not `taken` (how import and `new` name
    a paper whose title's slug another paper has, or had)."""
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


class Loader(StrictLoader):
    """Safe YAML without aliases or repeated keys, dates as text (yaml_strict.py), in a front matter
    that starts on the file's second line."""

    line_offset = 1
MAX_BYTES = 1_000_000  # an entry is a page of text: anything larger is a mistake (or an attack)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter YAML, body, line number where the body starts)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith(FENCE + "\n"):
        raise PapercatError(Problem(str(path), 1, "no front matter: the file must start with a `---` line",
                                    hint="start with a `---` line, `title: ...` and `slug: ...`, a `---` line, then the "
                                         "abstract (README.md, section 'Entries')"))
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end < 0:
        end = len(text) - len(FENCE) - 1 if text.endswith("\n" + FENCE) else -1
    if end < 0:
        raise PapercatError(Problem(str(path), 1, "front matter never closed: add a `---` line after the last key"))
    yaml_text = text[len(FENCE) + 1: end + 1]
    body = text[end + len(FENCE) + 2:]
    body_line = yaml_text.count("\n") + 3
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return yaml_text, body, body_line


def parse_entry(text: str, path: Path) -> Entry:
    yaml_text, body, _ = split_front_matter(text, path)
    try:
        meta = yaml.load(yaml_text, Loader=Loader)
    except yaml.YAMLError as e:
        raise PapercatError(yaml_problem(e, str(path), yaml_text, Loader.line_offset)) from None
    if too_deep(meta):
        raise PapercatError(Problem(str(path), 2, f"values nested more than {MAX_DEPTH} levels deep",
                                    hint="an entry holds text, lists of text and a mapping of links"))
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PapercatError(Problem(str(path), 2, "front matter must be a mapping of `key: value` lines"))
    return Entry(path, meta, body, text=text)


def read_entry(path: Path) -> Entry:
    return decode_entry(path.read_bytes(), path)


def decode_entry(data: bytes, path: Path) -> Entry:
    if len(data) > MAX_BYTES:
        raise PapercatError(Problem(str(path), None, f"the file is {len(data):,} bytes; an entry may have at most "
                                    f"{MAX_BYTES:,}", hint="keep the abstract and notes; move anything longer out"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise PapercatError(not_utf8(path, data, e, "save the entry as UTF-8")) from None
    control = CONTROL.search(text)
    if control:
        raise PapercatError(Problem(str(path), text.count("\n", 0, control.start()) + 1,
                                    f"contains {described(f'U+{ord(control.group(0)):04X}')}", hint=CONTROL_HINT))
    return parse_entry(text, path)


def ordered(meta: dict) -> dict:
    """Known keys in KEY_ORDER, links in LINK_ORDER, then any other keys as the curator wrote them."""
    out = {k: meta[k] for k in KEY_ORDER if k in meta}
    if isinstance(out.get("links"), dict):
        links = meta["links"]
        out["links"] = {**{k: links[k] for k in LINK_ORDER if k in links},
                        **{k: v for k, v in links.items() if k not in LINK_ORDER}}
    out.update({k: v for k, v in meta.items() if k not in out})
    return out


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # PyYAML writes NEL (U+0085) raw in plain, quoted and block styles and reads it back as a line
    # break; only double quotes escape it (`\N`), so a value containing one keeps its text.
    style = '"' if "\x85" in value else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render_entry(meta: dict, body: str) -> str:
    front = _render_front(meta)
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"{FENCE}\n{front}{FENCE}\n\n{body}"


def rewrite_entry(entry: Entry, before: dict) -> str:
    """`entry` (its meta and body now) written over the file it was read from, whose front matter
    said `before`: the lines that changed between the two renderings are changed in the file's own
    lines, so a curator's comments and blank lines stay (an import that filled a field used to
    write the whole file afresh, and a `# checked with the library copy` was gone). Falls back to
    the fresh rendering when a changed line is not in the file as papercat writes it, or when the
    result would not read back as the same entry."""
    fresh = render_entry(entry.meta, entry.body)
    if not entry.text:
        return fresh
    try:
        own, _, _ = split_front_matter(entry.text, entry.path)
    except PapercatError:
        return fresh
    merged = _merge_lines(own.splitlines(), _front(before), _front(entry.meta))
    if merged is None:
        return fresh
    tail = fresh[len(FENCE) + 1 + len(_render_front(entry.meta)):]  # (the closing fence and the body)
    text = f"{FENCE}\n" + "".join(line + "\n" for line in merged) + tail
    try:
        same = parse_entry(text, entry.path)
    except PapercatError:
        return fresh
    return text if (same.meta, same.body) == (entry.meta, entry.body) else fresh


def _render_front(meta: dict) -> str:
    return yaml.dump(ordered(meta), Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=4096)


def _front(meta: dict) -> list[str]:
    return _render_front(meta).splitlines()


def _merge_lines(own: list[str], base: list[str], new: list[str]) -> list[str] | None:
    """`own` (the file's lines, `base` as papercat would write them plus the curator's) with the
    edits from `base` to `new` applied; None when an edited line is not one of `own`'s."""
    import difflib

    at: dict[int, int] = {}  # a base line -> the same line in `own`
    # (`venue: X  # journal` is the line `venue: X`; `  - a.txt:1`, a list indented by hand, is `- a.txt:1`)
    bare = [re.sub(r"\s+#.*$", "", line).strip() if line.lstrip().startswith("- ") else re.sub(r"\s+#.*$", "", line)
            for line in own]
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, base, bare, autojunk=False).get_opcodes():
        if tag == "equal":
            at.update((i1 + k, j1 + k) for k in range(i2 - i1))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lines = new[j1:j2]
        if i1 == i2:  # an insertion: right after the line before it (a comment above the next key stays with it),
            # else right before the line after it, else (new keys, the curator's keys in another order) at the end
            start = end = (at[i1 - 1] + 1 if i1 and i1 - 1 in at else 0 if not i1 else at[i1] if i1 in at
                           else len(own) if not new[j1].startswith(("-", " ")) else None)
            if start and base[i1 - 1].startswith("- "):  # (more items of a list indented by hand: indented alike)
                indent = own[start - 1][:len(own[start - 1]) - len(own[start - 1].lstrip())]
                lines = [indent + line if line.startswith("- ") else line for line in lines]
        elif all(i in at for i in range(i1, i2)) and at[i2 - 1] - at[i1] == i2 - i1 - 1:
            start, end = at[i1], at[i2 - 1] + 1
        else:
            return None
        if start is None:
            return None
        edits.append((start, end, lines))
    out = list(own)
    for start, end, lines in reversed(edits):
        out[start:end] = lines
    return out


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        _same_mode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _temporary(path: Path) -> Path:
    """A new file's temporary name beside it. Made with open(), as an editor makes a file, so it
    gets the mode the user's umask gives (tempfile's are private, 0600: `papercat init` and `new`
    made files no other user, nor a build run as another user, could read)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")


def _same_mode(path: Path, tmp: Path) -> None:
    """Give a rewritten file's new version the old one's permissions (a rewrite changes its text
    only), once it is written and synced: a read-only entry's new version is read-only too."""
    try:
        os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
    except FileNotFoundError:
        pass


def _remove(tmp: Path) -> None:
    """Remove a temporary file left by a write that failed or was stopped (made writable first:
    Windows deletes no read-only file), without hiding why it failed."""
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        try:
            os.chmod(tmp, stat.S_IWRITE | stat.S_IREAD)
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def write_all(files: dict[Path, str]) -> None:
    """Write many files so that each is either its old or its new version, never half, even
    after a crash or an interrupt: all go to temporary files in their own directories, those are
    fsynced, and only then renamed into place; the directories are fsynced last.

    Writing everything before the first fsync lets the file system write the batch back together
    instead of one file per journal commit, as write_atomic does: 20,000 entries on a journaled
    ext4 (loop mount, 2 shared cores, median of 3) took 11.6 s instead of 21.7 s. On Ctrl-C or
    SIGTERM (which the CLI turns into KeyboardInterrupt) or any error, the temporary files are
    removed; renames already done stay."""
    pending: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(path)
            pending.append((tmp, path))  # (before the file exists: an interrupt can never orphan it)
            with open(tmp, "x", encoding="utf-8", newline="\n") as f:
                f.write(text)
        for tmp, _ in pending:
            _fsync(tmp, os.O_WRONLY)
        for tmp, path in pending:
            _same_mode(path, tmp)
            os.replace(tmp, path)
        if hasattr(os, "O_DIRECTORY"):  # (Windows cannot open a directory; its renames are journaled)
            for folder in sorted({path.parent for _, path in pending}):
                _fsync(folder, os.O_RDONLY | os.O_DIRECTORY)
    except BaseException:
        for tmp, _ in pending:
            _remove(tmp)
        raise


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def page_range(text: str) -> str | None:
    """A page range as entries keep it, `436-444`, or one page or article number (`e1003285`,
    `L12`): BibTeX's `436--444`, an en dash (what LaTeX decoding makes of `--`), spaces and a
    leading `pp.` read the same. None for what reads as no pages (`see the appendix`) or a range
    that ends before it starts."""
    text = re.sub(r"\s*(?:-+|\u2013|\u2014)\s*", "-", " ".join(text.split()))
    text = re.sub(r"^pp?\.\s*", "", text, flags=re.IGNORECASE)
    m = _PAGES.fullmatch(text)
    if not m or (m.group(2) and m.group(1).isdigit() and m.group(2).isdigit() and int(m.group(2)) < int(m.group(1))):
        return None
    return text


_PAGES = re.compile(r"([A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdm]+)(?:-([A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdm]+))?")


def _is_entry(e: os.DirEntry) -> bool:
    return e.name.endswith(".md") and e.is_file()


def entry_names(content: Path) -> list[str]:
    """The file name of every entry, sorted. (Names, not Paths: making and comparing 10,000 Paths
    was a fifth of a rebuild with nothing changed.)"""
    try:
        with os.scandir(content / PAPERS_DIR) as found:
            return sorted(e.name for e in found if _is_entry(e))
    except FileNotFoundError:
        return []


def unread(content: Path) -> list[str]:
    """What is in the papers folder but is no entry, that a curator may think is one: a subfolder
    (`papers/2024/`), `X.MD` or `x.markdown`, a `.md` that is no regular file (passed over
    without a word: "3 entries, no problems")."""
    try:
        with os.scandir(content / PAPERS_DIR) as found:
            entries = sorted(found, key=lambda e: e.name)
            return [e.name + ("/" if e.is_dir() else "") for e in entries if not e.name.startswith(".") and (
                e.is_dir() or (e.name.lower().endswith((".md", ".markdown")) and not _is_entry(e)))]
    except (FileNotFoundError, NotADirectoryError):
        return []


def entry_paths(content: Path) -> list[Path]:
    return [content / PAPERS_DIR / name for name in entry_names(content)]
