#!/usr/bin/env python3
"""An adversarial probe of papercat (issue 14): hostile listings, entries, vocabularies and settings,
faults, `serve`, and what a pull request can do. Not a test: it prints a table of attempts per group
(tried / handled / defects) and one line per defect with a minimal reproduction.

    python bench/probe.py [--work DIR] [--seed N] [--out bench/probe.md] [--only GROUP,...]

Every attempt states what it expects; an attempt is "handled" when papercat did that. Most attempts
call `generator.cli.main` in this process (stderr captured, an escaping exception counts as a
traceback); kills, concurrency, full disks and `serve` run `python -m generator` as subprocesses with
PYTHONPATH set to this checkout. The work directory is thrown away at the end. Root is needed only
for the tmpfs attempts (a full disk, a read-only file system); without it they are skipped.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import html.parser
import io
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EPOCH = "1780000000"
os.environ["SOURCE_DATE_EPOCH"] = EPOCH
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, "PAPERCAT_JOBS": "1"}
GROUPS = ("listings", "entries", "faults", "serve", "pr")
TITLES = {"listings": "bad listings", "entries": "hostile entries, vocabularies, settings",
          "faults": "faults (kill, caches, concurrency, disk)", "serve": "serve (traversal, floods)",
          "pr": "a hostile pull request"}
PAYLOAD = '<script>alert(1337)</script>'
LOCATED = re.compile(r"^\S[^\n]*?:(\d+:)?\s", re.M)  # FILE:LINE: or FILE: at a line start
SAMPLE = ["2bp-2-stage-backpropagation.md", "a-closer-look-at-self-supervised-lightweight-vision.md",
          "a-multi-level-framework-for-accelerating-training.md"]


@dataclass
class Attempt:
    group: str
    name: str
    expect: str
    ok: bool
    detail: str = ""
    repro: str = ""
    note: str = ""


RESULTS: list[Attempt] = []


def attempt(group: str, name: str, expect: str, repro: str = "", note: str = ""):
    """Decorator-less helper: returns a function taking a callable that returns (ok, detail)."""
    def run(fn) -> Attempt:
        try:
            ok, detail = fn()
        except Exception:  # the probe's own failure is shown, and counts against the attempt
            ok, detail = False, "probe error: " + traceback.format_exc(limit=3)[-400:]
        a = Attempt(group, name, expect, bool(ok), str(detail)[:300], repro, note)
        RESULTS.append(a)
        mark = "ok " if a.ok else "DEF"
        print(f"  [{mark}] {group}: {name}" + ("" if a.ok else f" -- {a.detail[:160]}"), flush=True)
        return a
    return run


# ---------------------------------------------------------------- running papercat

class _Stderr:
    """Logging's stream: whatever sys.stderr is at the time (redirected while the CLI runs)."""

    def write(self, s: str) -> int:
        return sys.stderr.write(s)

    def flush(self) -> None:
        sys.stderr.flush()


logging.basicConfig(stream=_Stderr(), level=logging.WARNING, format="%(levelname)s: %(message)s")


def cli(*args: str | Path) -> tuple[object, str, str]:
    """`papercat ARGS` in this process: (exit status or 'traceback', stdout, stderr)."""
    from generator.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main([str(a) for a in args])
        except SystemExit as e:
            rc = e.code
        except BaseException:  # noqa: BLE001 - any escape is the finding
            rc = "traceback"
            err.write(traceback.format_exc())
    return rc, out.getvalue(), err.getvalue()


def sub(*args: str | Path, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], env=ENV, capture_output=True,
                          text=True, timeout=timeout, **kw)


def popen(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def clean_failure(rc, err: str, want=(1, 2)) -> str | None:
    """None when a failure is a clean one: an expected exit status, problems located, no traceback."""
    if "Traceback (most recent call last)" in err or rc == "traceback":
        return "traceback: " + err.strip().splitlines()[-1][:200]
    if rc not in want:
        return f"exit {rc}: {err.strip()[-200:]}"
    if not LOCATED.search(err):
        return f"no FILE:LINE on stderr: {err.strip()[:200]!r}"
    if len(err) > 400_000:  # (an echo blow-up; 500 located problems take about 100 KB)
        return f"stderr of {len(err)} characters"
    return None


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its bytes (symlinks by target)."""
    out = {}
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            p = Path(dirpath, f)
            rel = str(p.relative_to(folder))
            out[rel] = ("->" + os.readlink(p)) if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def tree_diff(a: dict, b: dict) -> str:
    changed = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    return f"{len(changed)} files differ, e.g. {changed[:3]}" if changed else ""


def scratch_left(folder: Path) -> list[str]:
    """`.site.new-*`, `.site.old-*`, `.site.stage-*` and `*.tmp` left beside or in `folder`."""
    names = [p.name for p in folder.parent.iterdir() if re.match(r"\.\w+\.(new|old|stage)-", p.name)]
    return names


# ---------------------------------------------------------------- checking a site

class _HTML(html.parser.HTMLParser):
    # The packaged theme's own inline scripts (trusted code), read from the templates so they never drift.
    SAFE_INLINE = set(re.findall(r"<script>(.*?)</script>", (ROOT / "templates" / "partials" / "site_head.html")
                                 .read_text(encoding="utf-8"), re.S))
    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.script: tuple[str, dict] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for k, v in a.items():
            if k.startswith("on"):
                self.bad.append(f"<{tag} {k}=...>")
            if k in self.URL_ATTRS:
                u = re.sub(r"[\x00-\x20]", "", v).lower()
                if u.startswith(("javascript:", "vbscript:", "data:text", "data:application")):
                    self.bad.append(f"<{tag} {k}={v[:40]!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):  # (the search box is a <form>)
            self.bad.append(f"<{tag}>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.bad.append("<meta refresh>")
        if tag == "script":
            self.script = (tag, a)
            self.text = []

    def handle_data(self, data):
        if self.script is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            a, body = self.script[1], "".join(self.text).strip()
            if a.get("type") == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError as e:
                    self.bad.append(f"JSON-LD does not parse: {e}")
            elif "src" in a:
                if re.match(r"(https?:)?//", a["src"]):
                    self.bad.append(f"remote script {a['src'][:40]}")
            elif body not in self.SAFE_INLINE:
                self.bad.append(f"inline script {body[:40]!r}")
            self.script = None


def check_site(site: Path, papers: int | None = None) -> list[str]:
    """What is wrong with a built site: outputs that do not parse, live markup in pages."""
    import bibtexparser
    bad: list[str] = []
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        rel = str(p.relative_to(site))
        try:
            if p.suffix in (".xml", ".opml"):
                ET.parse(p)
            elif p.suffix == ".json":
                json.loads(p.read_bytes())
            elif p.suffix == ".bib":
                lib = bibtexparser.parse_string(p.read_text("utf-8"))
                if lib.failed_blocks:
                    bad.append(f"{rel}: {len(lib.failed_blocks)} failed BibTeX blocks")
                if rel != "catalog.bib" and len(lib.entries) != 1:
                    bad.append(f"{rel}: {len(lib.entries)} BibTeX entries, not 1")
                if rel == "catalog.bib" and papers is not None and len(lib.entries) != papers:
                    bad.append(f"{rel}: {len(lib.entries)} BibTeX entries for {papers} papers")
            elif p.suffix == ".html":
                h = _HTML()
                h.feed(p.read_text("utf-8"))
                bad += [f"{rel}: {b}" for b in h.bad]
        except Exception as e:  # noqa: BLE001
            bad.append(f"{rel}: does not parse: {str(e)[:100]}")
    return bad[:5]


# ---------------------------------------------------------------- catalogs

def base_content(dest: Path, n: int = 3, site_url: bool = True) -> Path:
    """A small catalog: the shipped settings and vocabularies and the first `n` of SAMPLE."""
    c = dest / "content"
    (c / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, c / name)
    if site_url:
        with open(c / "catalog.yml", "a") as f:
            f.write("site_url: https://example.org/catalog/\n")
    for name in SAMPLE[:n]:
        shutil.copy2(ROOT / "content" / "papers" / name, c / "papers" / name)
    return c


def entry(title: str = "A hostile paper", body: str = "We study attention in transformers.", **fields) -> str:
    lines = ["---", f"title: {json.dumps(title)}", f"slug: {fields.pop('slug', 'hostile-paper')}", "added: '2026-01-01'"]
    for k, v in fields.items():
        lines.append(f"{k}: {v}")
    return "\n".join(lines) + "\n---\n\n" + body + "\n"


class Work:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.n = 0

    def new(self, tag: str) -> Path:
        self.n += 1
        d = self.root / f"{self.n:04d}-{re.sub(r'[^a-z0-9]+', '-', tag.lower())[:40]}"
        d.mkdir(parents=True)
        return d


def content_attempt(work: Work, group: str, name: str, files: dict[str, str | bytes], extra=None,
                    repro: str = "", note: str = "") -> Attempt:
    """Write `files` into a small catalog; `check` and `build` must agree: either both fail cleanly
    (FILE:LINE, no traceback, nothing written) or both succeed and every output parses with no live
    script. `extra(site, stderr)` may return more problems."""
    expect = "check+build agree: clean FILE:LINE failure and no site, or a site whose outputs parse and run no script"

    def run():
        d = work.new(name)
        c = base_content(d)
        for rel, text in files.items():
            p = c / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                p.write_bytes(text)
            else:
                p.write_text(text, "utf-8", newline="")
        rc, _o, err = cli("check", "--content", c)
        out = d / "site"
        brc, _bo, berr = cli("build", "--content", c, "--out", out, "--cache", d / "cache")
        if rc == 0:
            if brc != 0:
                return False, f"check passed, build exit {brc}: {berr.strip()[-200:]}"
            bad = check_site(out)
            if extra:
                bad += extra(out, err + berr, d) or []
            return not bad, "; ".join(bad)
        why = clean_failure(rc, err)
        if why:
            return False, "check " + why
        if brc == 0:
            return False, "check failed but build succeeded"
        why = clean_failure(brc, berr)
        if why:
            return False, "build " + why
        if out.exists():
            return False, "failed build left a site"
        if extra:
            bad = extra(None, err + berr, d) or []
            return not bad, "; ".join(bad)
        return True, err.strip().splitlines()[0][:120]
    return attempt(group, name, expect, repro or f"content file(s) {list(files)}: {str(list(files.values())[0])[:120]!r}",
                   note)(run)


# ---------------------------------------------------------------- group 1: listings

def seed_samples() -> dict[str, str]:
    raw = ROOT / "content" / "raw"
    def head(name, n):
        return "".join(open(raw / name, encoding="utf-8").readlines()[:n])
    return {"abstract-lines": head("000_9fa20906cb48805a.txt", 3),
            "arxiv-listing": head("001_83e77e0a996520f5.txt", 8),
            "hf-daily": head("002_38d8b95752046c16.txt", 45),
            "title-abstract": head("004_ef3a0a5c34ed2cd4.txt", 9)}


def listing_mutations(rng: random.Random) -> list[tuple[str, object]]:
    """(name, function text -> bytes)."""
    enc = lambda s: s.encode("utf-8")  # noqa: E731
    def at_random_lines(fn):
        def f(t):
            ls = t.split("\n")
            i = rng.randrange(len(ls))
            ls[i] = fn(ls[i])
            return enc("\n".join(ls))
        return f
    return [
        ("unchanged", enc),
        ("NUL bytes", at_random_lines(lambda l: l[:20] + "\x00\x00" + l[20:])),
        ("BOM", lambda t: b"\xef\xbb\xbf" + enc(t)),
        ("BOM on every line", lambda t: enc("\n".join("\ufeff" + l for l in t.split("\n")))),
        ("CRLF", lambda t: enc(t.replace("\n", "\r\n"))),
        ("CR only", lambda t: enc(t.replace("\n", "\r"))),
        ("10 MB line", lambda t: enc(t + "\n" + "attention " * 1_000_000 + "\n")),
        ("mixed scripts", at_random_lines(lambda l: l + " Внимание 注意力 الانتباه ध्यान 注意 ∑ 🙂")),
        ("right-to-left override", at_random_lines(lambda l: "\u202e" + l + "\u202c")),
        ("zero-width and soft hyphens", at_random_lines(lambda l: l.replace(" ", "\u200b \u00ad", 5))),
        ("control characters", at_random_lines(lambda l: l[:10] + "\x01\x1b[31m\x7f\x85" + l[10:])),
        ("arXiv id in the wrong place", lambda t: enc("arXiv:2401.00001\n" + t + "\narXiv:9999.99999v9")),
        ("arXiv id inside an abstract", at_random_lines(lambda l: l[:30] + " arXiv:2310.10769 " + l[30:])),
        ("LaTeX", at_random_lines(lambda l: l + r" $\frac{a}{b}$ \(x_1\) $$\sum_i$$ \textbf{bold} {it,es}->en \\")),
        ("unbalanced LaTeX", at_random_lines(lambda l: l + r" $\frac{a}{b \begin{align} }}}")),
        ("script tags", at_random_lines(lambda l: PAYLOAD + l + '<img src=x onerror="alert(1337)">')),
        ("markdown link tricks", at_random_lines(lambda l: l + " [x](javascript:alert(1337)) <javascript:alert(1)> ![i](data:text/html,1)")),
        ("YAML specials", at_random_lines(lambda l: "--- " + l + " : &a *a !!python/object:os.system [ { '")),
        ("front matter fence", lambda t: enc("---\ntitle: x\n---\n" + t)),
        ("truncated mid-line", lambda t: enc(t[: len(t) * 2 // 3])),
        ("invalid UTF-8", lambda t: enc(t)[:50] + b"\xff\xfe\xc3\x28" + enc(t)[50:]),
        ("UTF-16", lambda t: t.encode("utf-16")),
        ("Latin-1 bytes", lambda t: t.encode("latin-1", "replace") + "\ncafé naïve".encode("latin-1")),
        ("only whitespace", lambda t: b" \n\t\n\r\n   "),
        ("empty", lambda t: b""),
        ("binary noise", lambda t: bytes(rng.randrange(256) for _ in range(4000))),
        ("every line doubled", lambda t: enc("\n".join(l + "\n" + l for l in t.split("\n")))),
        ("100,000 blank lines", lambda t: enc("\n" * 100_000 + t)),
        ("very long title", at_random_lines(lambda l: l + " " + "x" * 5000)),
        ("Windows device name title", lambda t: enc(t.replace(t.split("\n")[0], "CON", 1))),
        ("title of emoji only", at_random_lines(lambda l: "🙂🙃🙂")),
        ("dates out of range", lambda t: enc(t.replace("Oct 30", "Feb 30").replace("2025", "99999"))),
        ("huge upvotes and authors", lambda t: enc(re.sub(r"\b\d{1,3}\b", "9" * 400, t, count=3))),
    ]


def group_listings(work: Work, rng: random.Random) -> None:
    samples = seed_samples()
    expect = "import exits 0/1 without traceback, locates problems as FILE:LINE, writes only papers/*.md, then check passes"
    hostile_dirs: list[Path] = []
    for fmt, text in samples.items():
        for mname, mut in listing_mutations(rng):
            def run(fmt=fmt, text=text, mut=mut, mname=mname):
                d = work.new(f"{fmt}-{mname}")
                c = base_content(d)
                lst = d / f"{fmt}.txt"
                lst.write_bytes(mut(text))
                before = set(os.listdir(c))
                rc, _o, err = cli("import", lst, "--content", c)
                if rc == "traceback" or "Traceback" in err:
                    return False, "import traceback: " + err.strip().splitlines()[-1][:200]
                if rc not in (0, 1, 2):
                    return False, f"import exit {rc}"
                if rc != 0 and not LOCATED.search(err):
                    return False, f"import exit {rc} without FILE:LINE: {err[:150]!r}"
                if set(os.listdir(c)) != before:
                    return False, f"import wrote outside papers/: {set(os.listdir(c)) ^ before}"
                stray = [p.name for p in (c / "papers").iterdir() if not p.name.endswith(".md") or p.name.startswith(".")]
                if stray:
                    return False, f"stray files {stray[:3]}"
                crc, _o, cerr = cli("check", "--content", c)
                if crc != 0:
                    return False, f"import wrote entries check rejects: {cerr.strip()[:200]}"
                if mname in ("unchanged", "script tags", "markdown link tricks", "mixed scripts", "LaTeX",
                             "control characters", "NUL bytes", "right-to-left override"):
                    hostile_dirs.append(lst)
                return True, f"import exit {rc}"
            attempt("listings", f"{fmt}: {mname}", expect,
                    f"papercat import L --content C, L = first lines of the {fmt} seed with {mname}")(run)
    # listings that are not files
    for name, make in [("a directory", lambda d: (d / "x.txt").mkdir() or d / "x.txt"),
                       ("a missing file", lambda d: d / "missing.txt"),
                       ("a dangling symlink", lambda d: os.symlink(d / "nowhere", d / "x.txt") or d / "x.txt"),
                       ("/dev/zero cut by size? (fifo)", lambda d: os.mkfifo(d / "x.txt") or d / "x.txt")]:
        def run(make=make, name=name):
            d = work.new(name)
            c = base_content(d)
            path = make(d)
            if "fifo" in name:  # a writer that never writes: import must not hang forever... give it a writer
                def feed():
                    with open(path, "w") as f:
                        f.write("Abstract:A fifo abstract about attention.\n")
                threading.Thread(target=feed, daemon=True).start()
            rc, _o, err = cli("import", path, "--content", c)
            if "Traceback" in err or rc == "traceback":
                return False, err.strip().splitlines()[-1][:200]
            return rc in (0, 1, 2), f"exit {rc}: {err.strip()[:100]}"
        attempt("listings", f"listing is {name}", "a FILE: error, no traceback", f"papercat import <{name}>")(run)
    # several scripts must not merge (issue 14, defect 3)
    def scripts():
        d = work.new("scripts")
        c = base_content(d, n=0)
        lines = ["Abstract:本文研究了注意力机制在视觉变换器中的作用。", "Abstract:Мы изучаем механизм внимания в трансформерах.",
                 "Abstract:ندرس آلية الانتباه في المحولات.", "Abstract:हम ट्रांसफॉर्मर में ध्यान तंत्र का अध्ययन करते हैं।",
                 "Abstract:Εξετάζουμε τον μηχανισμό προσοχής στους μετασχηματιστές.", "Abstract:🙂🙂🙂", "Abstract:!!! ??? ...",
                 "Abstract:トランスフォーマーにおける注意機構を研究する。"]
        (d / "s.txt").write_text("\n".join(lines) + "\n", "utf-8")
        rc, _o, err = cli("import", d / "s.txt", "--content", c)
        n = len(list((c / "papers").glob("*.md")))
        return n >= 7, f"exit {rc}, {n} entries from 8 abstracts in 7 scripts (+emoji, punctuation)"
    attempt("listings", "8 abstracts in 7 scripts stay 8 papers", "≥7 entries (emoji/punctuation-only may be refused), never merged",
            "Abstract: lines in Chinese, Russian, Arabic, Hindi, Greek, Japanese, emoji")(scripts)
    # re-import is idempotent, even of hostile listings
    def idempotent():
        d = work.new("idempotent")
        c = base_content(d, n=0)
        lst = d / "l.txt"
        lst.write_text(samples["hf-daily"] + "\n" + PAYLOAD + " title\n\n" + "abstract \x00 with NUL\n", "utf-8")
        cli("import", lst, "--content", c)
        first = tree(c)
        rc, _o, err = cli("import", lst, "--content", c)
        return tree(c) == first and rc in (0, 1), f"second import exit {rc}; {tree_diff(first, tree(c))}"
    attempt("listings", "re-import of a hostile listing is byte-identical", "no byte changes", "import L twice")(idempotent)
    # every hostile import builds, and its site parses and runs no script
    def build_all():
        d = work.new("build-all")
        c = base_content(d)
        rc, _o, err = cli("import", *hostile_dirs, "--content", c)
        if rc not in (0, 1) or "Traceback" in err:
            return False, f"import exit {rc}: {err.strip()[-200:]}"
        n = len(list((c / "papers").glob("*.md")))
        rc, _o, err = cli("build", "--content", c, "--out", d / "site", "--cache", d / "cache")
        if rc != 0:
            return False, f"build exit {rc}: {err.strip()[-200:]}"
        bad = check_site(d / "site", papers=n)
        return not bad, "; ".join(bad) or f"{n} imported papers built"
    attempt("listings", "the hostile imports together build a clean site",
            "build exit 0, every XML/JSON/BibTeX output parses, no live script", "import all mutated listings, build")(build_all)


# ---------------------------------------------------------------- group 2: entries, vocabularies, settings

HOSTILE_TEXT = [
    PAYLOAD, '"><script>alert(1337)</script>', "</script><script>alert(1337)</script>", "]]><x>&amp;</x><![CDATA[",
    "a}, title = {pwned", "a\\}\\", "{{ 7*7 }} {% raw %}", "%s %n %x", "x' onmouseover='alert(1337)",
    "<!-- -->--><img src=x onerror=alert(1337)>", "@misc{evil, title={x}}", "\\input{/etc/passwd}", "\\write18{id}",
    "&lt;script&gt;", "\u202eevil\u202c", "\U0001F600" * 50, "a" * 5000, "\\", "}", "{", "#%&~_^$",
]


def group_entries(work: Work, rng: random.Random) -> None:
    g = "entries"
    # YAML attacks on an entry
    yaml_attacks = {
        "python/object/apply tag": "tags: !!python/object/apply:os.system ['touch PWNED']",
        "python/name tag": "venue: !!python/name:os.system",
        "python/object/new tag": "venue: !!python/object/new:subprocess.Popen [['touch', 'PWNED']]",
        "binary tag": "venue: !!binary aGVsbG8=",
        "set tag": "tags: !!set {a, b}",
        "timestamp date": "date: 2024-01-01",
        "float authors": "authors_count: 3.5",
        "bool upvotes": "upvotes: yes",
        "huge int": "upvotes: " + "9" * 400,
        "negative count": "authors_count: -5",
        "hex int": "upvotes: 0x7fffffffffffffff",
        "infinity": "upvotes: .inf",
        "NaN": "pages: .nan",
        "anchor and alias": "venue: &v NeurIPS\ncomments: *v",
        "alias bomb": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntags: [*c,*c,*c,*c]",
        "merge key": "links: {<<: {code: 'https://github.com/a/b'}}",
        "duplicate key": "venue: ICLR\nvenue: NeurIPS",
        "duplicate title": "title: second",
        "deep nesting 5000": "tags: " + "[" * 5000 + "]" * 5000,
        "deep mapping nesting": "links: " + "{a: " * 2000 + "b" + "}" * 2000,
        "unknown key": "evil: true",
        "tags not a list": "tags: attention",
        "tags of mappings": "tags: [{a: b}]",
        "unknown tag slug": "tags: [no-such-tag]",
        "null title": "title_derived: ~",
        "date with newline": 'date: "2031-01-01\\n"',
        "date 9999-99-99": "date: '9999-99-99'",
        "date year 0": "date: '0000-01-01'",
        "added in future": "added: '2999-01-01'",
        "arxiv with newline": 'arxiv: "2310.10769\\n"',
        "arxiv hostile": "arxiv: '2310.10769\"><script>'",
        "sources traversal": "sources: ['../../etc/passwd:1']",
        "control char in venue": 'venue: "ICLR\\x01\\x1b"',
        "NUL in venue": 'venue: "a\\0b"',
        "non-character": 'venue: "a\\uFFFEb"',
        "lone surrogate": 'venue: "a\\uD800b"',
        "tab in venue": 'venue: "a\\tb"',
        "CR in venue": 'venue: "a\\rb"',
        "document separator": "venue: x\n---\nvenue: y",
        "two documents": "venue: x\n...\n",
    }
    for name, line in yaml_attacks.items():
        def marker(site, err, d):
            return [f"code ran: {p}" for p in (d / "PWNED", Path.cwd() / "PWNED") if p.exists()]
        content_attempt(work, g, f"entry YAML: {name}", {"papers/hostile-paper.md": entry().replace("added: '2026-01-01'", "added: '2026-01-01'\n" + line)},
                        extra=marker, repro=f"entry front matter line: {line[:80]!r}")
    # slugs
    for slug in ["../x", "../../etc/passwd", "/etc/x", ".", "..", "a/b", "con", "nul", "COM1", "x.md", "-", "a\\b",
                 "'%2e%2e'", "'x\\x00y'", "' '", "UPPER", "ünïcödé", "a" * 300, "'#frag'", "'?q=1'"]:
        def outside(site, err, d):
            return [f"wrote outside the site: {p}" for p in d.rglob("*") if p.name in ("x", "passwd", "index.html") and
                    "site" not in p.relative_to(d).parts and "cache" not in p.relative_to(d).parts]
        content_attempt(work, g, f"slug {slug[:20]}", {"papers/hostile-paper.md": entry(slug=slug)}, extra=outside,
                        repro=f"entry with slug: {slug[:40]}")
    # bibkeys
    for key in ["'a}'", "'a,b'", '"a\\nb"', "'a b'", "'a{b'", "'a%b'", "'@x'", "'é'", "'a\"b'", "'" + "k" * 500 + "'",
                "'2bp-2-stage-backpropagation'"]:
        content_attempt(work, g, f"bibkey {key[:16]}", {"papers/hostile-paper.md": entry(bibkey=key)},
                        repro=f"entry with bibkey: {key[:40]}")
    # hostile text in every field that reaches BibTeX, CSL-JSON, feeds, OPML, JSON-LD and meta tags
    for i, text in enumerate(HOSTILE_TEXT):
        field = ["title", "venue", "organization", "comments", "body"][i % 5]
        if field == "title":
            files = {"papers/hostile-paper.md": entry(title=text + " attention")}
        elif field == "body":
            files = {"papers/hostile-paper.md": entry(body="We study attention. " + text)}
        else:
            files = {"papers/hostile-paper.md": entry(**{field: json.dumps(text)})}
        content_attempt(work, g, f"hostile {field}: {text[:24]!r}", files, repro=f"entry {field}: {text[:60]!r}")
    # all hostile text in one entry, every field at once, venue as a journal
    content_attempt(work, g, "every field hostile at once", {"papers/hostile-paper.md": entry(
        title=PAYLOAD + "]]>&}{", venue=json.dumps("Journal of " + PAYLOAD + "}{"), organization=json.dumps("a}\"<b>"),
        comments=json.dumps("]]>\\}"), arxiv="'2310.10769'", date="'2023-10'", body="x " + PAYLOAD + " }{ ]]>")})
    # links
    for url in ["javascript:alert(1337)", "JaVaScRiPt:alert(1337)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "https://x\" onmouseover=\"alert(1)", "https://x/<script>", "file:///etc/passwd",
                "//evil.example/x", "https://", "http://a b", "https://example.org/\\x00"]:
        content_attempt(work, g, f"link {url[:24]}", {"papers/hostile-paper.md": entry(links=json.dumps({"code": url}))},
                        repro=f"links: {{code: {url!r}}}")
    # Markdown tricks in the body
    for md in ["[x](javascript:alert(1337))", "[x](JAVASCRIPT:alert(1337))", "[x](java&#115;cript:alert(1337))",
               "[x](&#x6A;avascript:alert(1))", "<javascript:alert(1337)>", "![i](javascript:alert(1))",
               "[x][r]\n\n[r]: javascript:alert(1337)", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<img src=x onerror=alert(1337)>",
               "<svg onload=alert(1337)>", "<a href='javascript:alert(1)'>x</a>", "[x](  javascript:alert(1) )",
               "[x](<javascript:alert(1)>)", "<iframe src=//evil>", "<style>body{display:none}</style>",
               "[x](https://ok \"t\\\" onmouseover=alert(1) x\")", "```\n<script>alert(1)</script>\n```",
               "$\\href{javascript:alert(1)}{x}$", "$$\\htmlData{onload=alert(1)}{x}$$", "\x1a7\x1a token *em*",
               "<meta http-equiv=refresh content='0;url=//evil'>", "[x](vbscript:1)", "text\x00nul"]:
        content_attempt(work, g, f"body {md[:28]!r}", {"papers/hostile-paper.md": entry(body="We study attention.\n\n" + md)},
                        repro=f"entry body: {md[:60]!r}")
    # size limits
    content_attempt(work, g, "entry of 2 MB", {"papers/hostile-paper.md": entry(body="attention " * 210_000)})
    content_attempt(work, g, "abstract of one 900 KB word", {"papers/hostile-paper.md": entry(body="a" * 900_000)})
    content_attempt(work, g, "entry not UTF-8", {"papers/hostile-paper.md": entry().encode() + b"\xff\xfe"})
    content_attempt(work, g, "entry with BOM and CRLF", {"papers/hostile-paper.md": b"\xef\xbb\xbf" + entry().replace("\n", "\r\n").encode()})
    content_attempt(work, g, "entry without front matter", {"papers/hostile-paper.md": "just text\n"})
    content_attempt(work, g, "entry with unclosed front matter", {"papers/hostile-paper.md": "---\ntitle: x\n"})
    content_attempt(work, g, "empty entry", {"papers/hostile-paper.md": ""})
    content_attempt(work, g, "file name and slug disagree", {"papers/other-name.md": entry()})
    content_attempt(work, g, "two entries, one slug", {"papers/hostile-paper.md": entry(), "papers/hostile-paper-2.md": entry()})
    content_attempt(work, g, "two entries, one arXiv id", {"papers/hostile-paper.md": entry(arxiv="'2310.10769'"),
                                                           "papers/b.md": entry(slug="b", title="B", arxiv="'2310.10769'")})
    # vocabularies
    vocab = {
        "topic cycle": ("topics.yml", "a:\n  label: A\n  parent: b\nb:\n  label: B\n  parent: a\n"),
        "topic is its own parent": ("topics.yml", "a:\n  label: A\n  parent: a\n"),
        "topics 7 deep": ("topics.yml", "".join(f"t{i}:\n  label: T{i}\n" + (f"  parent: t{i-1}\n" if i else "") for i in range(8))),
        "topics 300 deep": ("topics.yml", "".join(f"t{i}:\n  label: T{i}\n" + (f"  parent: t{i-1}\n" if i else "") for i in range(300))),
        "unknown parent": ("topics.yml", "a:\n  label: A\n  parent: nowhere\n"),
        "tags.yml not a mapping": ("tags.yml", "- a\n- b\n"),
        "tags.yml python tag": ("tags.yml", "a: !!python/object/apply:os.system ['touch PWNED']\n"),
        "tags.yml alias bomb": ("tags.yml", "x: &a [l,l,l,l,l,l,l,l,l]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"),
        "tags.yml duplicate key": ("tags.yml", "attention: [a]\nattention: [b]\n"),
        "tag with 20,000 aliases": ("tags.yml", "big:\n  label: Big\n  aliases: [" + ", ".join(f"w{i}" for i in range(20000)) + "]\n"),
        "tag alias regex specials": ("tags.yml", "re:\n  label: Re\n  aliases: ['(a+)+$', '.*', '[', '\\\\', '(?i)x']\n"),
        "tag alias empty": ("tags.yml", "e:\n  label: E\n  aliases: ['', ' ']\n"),
        "tag label script": ("tags.yml", f"x:\n  label: '{PAYLOAD}'\n  aliases: [attention]\n"),
        "tag slug traversal": ("tags.yml", "'../x':\n  label: X\n  aliases: [attention]\n"),
        "tag label control char": ("tags.yml", 'x:\n  label: "a\\x01b"\n  aliases: [attention]\n'),
        "tag label 100 KB": ("tags.yml", "x:\n  label: '" + "L" * 100_000 + "'\n  aliases: [attention]\n"),
        "topic label script": ("topics.yml", f"x:\n  label: '{PAYLOAD}'\n  aliases: [attention]\n"),
        "vocabulary deep nesting": ("tags.yml", "x: " + "[" * 3000 + "]" * 3000 + "\n"),
        "vocabulary empty": ("tags.yml", ""),
        "vocabulary binary": ("tags.yml", bytes(range(256))),
    }
    for name, (fname, text) in vocab.items():
        content_attempt(work, g, f"vocabulary: {name}", {fname: text}, repro=f"{fname}: {str(text)[:80]!r}")
    # catalog.yml
    def catalog(extra_lines: str) -> dict[str, str]:
        base = (ROOT / "content" / "catalog.yml").read_text("utf-8")
        return {"catalog.yml": base + extra_lines + "\n"}
    def no_etc(site, err, d):
        return [f"published a file from outside: {p}" for p in (site.rglob("*") if site else [])
                if p.name in ("passwd", "hostname", "secret.txt")] + \
               (["echoed /etc contents"] if "root:x:0:0" in err else [])
    settings = {
        "title script": f"title: '{PAYLOAD}'", "title CDATA end": "title: ']]>&<x'", "title control char": 'title: "a\\x01"',
        "title 100 KB": "title: '" + "T" * 100_000 + "'", "description script": f"description: '{PAYLOAD}'",
        "site_url javascript": "site_url: 'javascript:alert(1)//'", "site_url with quote": "site_url: 'https://x.org/\"><script>/'",
        "site_url with space": "site_url: 'https://x.org/a b/'", "site_url protocol-relative": "site_url: '//evil.example/'",
        "site_url with query": "site_url: 'https://x.org/?a=<b>'", "site_url data": "site_url: 'data:text/html,x'",
        "base_url javascript": "base_url: 'javascript:alert(1)//'", "base_url traversal": "base_url: '/../../'",
        "base_url newline": 'base_url: "/a\\n/"', "theme_dir /etc": "theme_dir: /etc", "theme_dir traversal": "theme_dir: ../../../../..",
        "theme_dir missing": "theme_dir: nowhere", "per_page 0": "per_page: 0", "per_page -1": "per_page: -1",
        "per_page huge": "per_page: 1000000000000", "per_page text": "per_page: many", "feed_size 10**9": "feed_size: 1000000000",
        "language script": "language: '\"><script>alert(1)</script>'", "unknown option": "plugins: [evil]",
        "python tag": "title: !!python/object/apply:os.system ['touch PWNED']", "alias": "x: &a t\ntitle: *a",
        "catalog.yml a list": None, "catalog.yml binary": None,
    }
    for name, line in settings.items():
        if line is None:
            files = {"catalog.yml": "- a\n- b\n" if "list" in name else bytes(range(256))}
        else:
            files = catalog(line)
            if "site_url" in name or "base_url" in name:  # (base_content appended one already)
                files["catalog.yml"] = files["catalog.yml"]
        extra = no_etc if "theme_dir" in name else None
        content_attempt(work, g, f"catalog.yml: {name}", files, extra=extra, repro=f"catalog.yml: {str(line)[:80]!r}")
    # a theme folder outside the repository, named by catalog.yml (untrusted data choosing trusted code)
    def theme_outside():
        d = work.new("theme-outside")
        c = base_content(d)
        outside = d.parent / f"outside-{d.name}"
        (outside / "static").mkdir(parents=True)
        (outside / "static" / "secret.txt").write_text("machine secret\n")
        with open(c / "catalog.yml", "a") as f:
            f.write(f"theme_dir: {outside}\n")
        rc, _o, err = cli("build", "--content", c, "--out", d / "site", "--cache", d / "cache")
        leaked = list((d / "site").rglob("secret.txt")) if (d / "site").exists() else []
        return not leaked, f"build exit {rc}; published {[str(p.relative_to(d)) for p in leaked]}"
    attempt(g, "catalog.yml theme_dir: an absolute folder outside the repository",
            "refused, or at least nothing outside the repository published",
            "catalog.yml `theme_dir: /abs/dir` where /abs/dir/static/secret.txt exists; papercat build; site/static/secret.txt",
            note="README: themes are trusted code, catalog.yml is untrusted data")(theme_outside)


# ---------------------------------------------------------------- group 3: faults

def group_faults(work: Work, rng: random.Random, root_ok: bool) -> None:
    g = "faults"
    d = work.new("faults")
    c = base_content(d, n=3)
    site, cache = d / "site", d / "cache"
    # cold reference sites: the catalog as is, and with one title edited
    ref_dir = work.new("ref")
    rc, _o, err = cli("build", "--content", c, "--out", ref_dir / "site", "--cache", ref_dir / "cache")
    assert rc == 0, err
    ref = tree(ref_dir / "site")
    edited = c / "papers" / SAMPLE[0]
    original = edited.read_text("utf-8")
    def edit(on: bool) -> None:
        edited.write_text(original.replace("title: '2BP:", "title: 'EDITED 2BP:") if on else original, "utf-8")
        st = edited.stat()
        os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns + (1_000_000 if on else 2_000_000)))
    edit(True)
    rc, _o, err = cli("build", "--content", c, "--out", ref_dir / "site2", "--cache", ref_dir / "cache2")
    assert rc == 0, err
    ref_edit = tree(ref_dir / "site2")
    edit(False)

    def settle(expect_tree) -> tuple[bool, str]:
        p = sub("build", "--content", c, "--out", site, "--cache", cache)
        if p.returncode != 0:
            return False, f"next build exit {p.returncode}: {p.stderr.strip()[-200:]}"
        left = scratch_left(site)
        diff = tree_diff(expect_tree, tree(site))
        return not diff and not left, diff or (f"left {left}" if left else "next build byte-identical to a cold build")

    # kill -9 / SIGTERM at random moments of cold and incremental builds
    for i in range(24):
        sig = signal.SIGKILL if i % 3 else signal.SIGTERM
        incremental = i % 2 == 1
        delay = rng.uniform(0.2, 2.2)
        def run(sig=sig, incremental=incremental, delay=delay):
            if not incremental:
                shutil.rmtree(site, ignore_errors=True)
            else:
                if not site.exists():
                    sub("build", "--content", c, "--out", site, "--cache", cache)
                edit(True)
            p = popen("build", "--content", c, "--out", site, "--cache", cache)
            time.sleep(delay)
            p.send_signal(sig)
            _out, err = p.communicate()
            if "Traceback" in err and sig == signal.SIGTERM:
                return False, "SIGTERM gave a traceback: " + err.strip().splitlines()[-1]
            ok, detail = settle(ref_edit if incremental else ref)
            if incremental:
                edit(False)
                ok2, detail2 = settle(ref)
                ok, detail = ok and ok2, detail if not ok else detail2
            return ok, f"killed after {delay:.2f}s (exit {p.returncode}); {detail}"
        attempt(g, f"{signal.Signals(sig).name} during {'an incremental' if incremental else 'a cold'} build #{i}",
                "next build exit 0, byte-identical to a cold build, no .site.* scratch left",
                f"papercat build & sleep {delay:.2f}; kill -{int(sig)} $!; papercat build; diff -r site cold-site")(run)

    # kills during import
    listing = ROOT / "content" / "raw" / "004_ef3a0a5c34ed2cd4.txt"
    imp_ref = work.new("import-ref")
    ci = base_content(imp_ref, n=0)
    p = sub("import", listing, "--content", ci)
    imp_tree = tree(ci)
    for i in range(10):
        sig = signal.SIGKILL if i % 2 else signal.SIGTERM
        delay = rng.uniform(0.3, 2.5)
        def run(sig=sig, delay=delay):
            dd = work.new("import-kill")
            cc = base_content(dd, n=0)
            p = popen("import", listing, "--content", cc)
            time.sleep(delay)
            p.send_signal(sig)
            _o, err = p.communicate()
            tmp = [q.name for q in (cc / "papers").iterdir() if not q.name.endswith(".md") or q.name.startswith(".")]
            if tmp and sig == signal.SIGTERM:
                return False, f"SIGTERM left {tmp[:3]}"
            chk = sub("check", "--content", cc)
            if chk.returncode != 0:
                return False, f"check after the kill: exit {chk.returncode}: {chk.stderr.strip()[:200]}"
            again = sub("import", listing, "--content", cc)
            tmp = [q.name for q in (cc / "papers").iterdir() if not q.name.endswith(".md")]
            diff = tree_diff(imp_tree, {k: v for k, v in tree(cc).items() if k.endswith((".md", ".yml"))})
            return again.returncode == 0 and not diff, f"killed after {delay:.2f}s; re-import exit {again.returncode}; {diff}; {len(tmp)} stray files after re-import"
        attempt(g, f"{signal.Signals(sig).name} during import #{i}",
                "every entry whole (check passes), SIGTERM leaves no temp file, re-import equals an uninterrupted import",
                f"papercat import 004 & sleep {delay:.2f}; kill -{int(sig)} $!; papercat check; papercat import 004")(run)

    # damaged and forged caches: a warm cache is damaged, one title edited, the build must equal a cold one
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    rc, _o, err = cli("build", "--content", c, "--out", site, "--cache", cache)
    assert rc == 0, err
    snap = work.new("snap")
    shutil.copytree(site, snap / "site", symlinks=True)
    shutil.copytree(cache, snap / "cache", symlinks=True)
    (key_dir,) = [p for p in cache.iterdir() if p.is_dir()]
    names = sorted(p.name for p in key_dir.iterdir())
    marker = d / "PWNED"

    def pickle_npz() -> bytes:
        import pickle
        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))
        import numpy as np
        buf = io.BytesIO()
        arr = np.empty(1, dtype=object)
        arr[0] = Evil()
        np.savez(buf, x=arr)
        return buf.getvalue() if pickle else b""

    def forged_json(p: Path) -> bytes:
        """The same header (version, checksum), the JSON below it changed but still valid."""
        header, _, body = p.read_bytes().partition(b"\n")
        return header + b"\n" + _forged(json.loads(body))

    def _forged(data) -> bytes:
        def poke(o):
            if isinstance(o, dict):
                for k in list(o)[:3]:
                    o[k] = poke(o[k])
            elif isinstance(o, list) and o:
                o[0] = poke(o[0])
            elif isinstance(o, str):
                return o + "x"
            elif isinstance(o, int) and not isinstance(o, bool):
                return o + 1
            return o
        return json.dumps(poke(data)).encode()

    damages = {
        "truncated": lambda p: p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)]),
        "garbage": lambda p: p.write_bytes(os.urandom(2000)),
        "empty": lambda p: p.write_bytes(b""),
        "a directory": lambda p: (p.unlink(), p.mkdir(), (p / "x").write_text("x")),
        "another cache file": lambda p: shutil.copy(key_dir / (names[(names.index(p.name) + 1) % len(names)]), p),
        "valid data, wrong checksum": lambda p: p.write_bytes(forged_json(p) if p.suffix == ".json" else p.read_bytes()[:-7] + b"\0" * 7),
        "an object array (pickle) npz": lambda p: p.write_bytes(pickle_npz()),
        "a symlink to /dev/zero": lambda p: (p.unlink(), os.symlink("/dev/zero", p)),
        "a dangling symlink": lambda p: (p.unlink(), os.symlink("/nonexistent", p)),
    }
    for fname in names:
        for dname, damage in damages.items():
            if dname == "a symlink to /dev/zero" and fname not in ("state.json", "search.npz"):
                continue
            def run(fname=fname, damage=damage):
                for x in (site, cache):
                    shutil.rmtree(x, ignore_errors=True)
                shutil.copytree(snap / "site", site, symlinks=True)
                shutil.copytree(snap / "cache", cache, symlinks=True)
                damage(key_dir / fname)
                edit(True)
                p = sub("build", "--content", c, "--out", site, "--cache", cache, timeout=60)
                edit(False)
                if marker.exists():
                    return False, "the cache ran code"
                if p.returncode != 0:
                    return False, f"build exit {p.returncode}: {p.stderr.strip()[-200:]}"
                diff = tree_diff(ref_edit, tree(site))
                return not diff, diff or "healed: equal to a cold build"
            attempt(g, f"cache {fname} replaced by {dname}", "build exit 0, no code run, site equals a cold build",
                    f"build; replace <cache>/{fname} by {dname}; edit a title; build; diff -r with a cold build")(run)
    # the cache dir is a file
    def cache_is_file():
        dd = work.new("cache-file")
        cc = base_content(dd)
        (dd / "cache").write_text("x")
        rc, _o, err = cli("build", "--content", cc, "--out", dd / "site", "--cache", dd / "cache")
        if rc == 0:
            return not check_site(dd / "site"), "built anyway"
        return clean_failure(rc, err) is None, clean_failure(rc, err) or err.strip()[:120]
    attempt(g, "--cache names a file", "a clean FILE: error or a build without cache", "papercat build --cache FILE")(cache_is_file)

    # concurrent builds into one site and one cache
    for i in range(10):
        def run(i=i):
            if i % 2 == 0:
                shutil.rmtree(site, ignore_errors=True)
            n = 2 + i % 3
            ps = [popen("build", "--content", c, "--out", site, "--cache", cache) for _ in range(n)]
            outs = [p.communicate() for p in ps]
            bad = [f"exit {p.returncode}: {e.strip()[-120:]}" for p, (_o, e) in zip(ps, outs)
                   if p.returncode != 0 and clean_failure(p.returncode, e, want=(1,))]
            if bad:
                return False, "; ".join(bad)
            tb = [e for _o, e in outs if "Traceback" in e]
            if tb:
                return False, "traceback: " + tb[0].strip().splitlines()[-1]
            if all(p.returncode == 0 for p in ps):
                diff = tree_diff(ref, tree(site)) if site.exists() else "no site"
                if diff:
                    return False, f"all {n} exited 0 but the site is not the cold one: {diff}"
            ok, detail = settle(ref)
            return ok, f"{n} builds, exits {[p.returncode for p in ps]}; {detail}"
        attempt(g, f"{2 + i % 3} concurrent {'cold' if i % 2 == 0 else 'warm'} builds into one site #{i}",
                "each exits 0 or cleanly 1; when all exit 0 the site equals a cold build; the next build does",
                "papercat build & papercat build & wait; diff -r site cold-site")(run)

    if not root_ok:
        attempt(g, "tmpfs attempts", "needs root", "")(lambda: (True, "skipped: not root"))
        return
    # a full disk and a read-only file system, on a small tmpfs
    mnt = Path(tempfile.mkdtemp(prefix="papercat-probe-mnt-"))
    site_bytes = sum(p.stat().st_size for p in (ref_dir / "site").rglob("*") if p.is_file())
    try:
        for i, frac in enumerate([0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.1, 1.3, 2.5, 4.0]):
            size = max(64 * 1024, int(site_bytes * frac))
            def run(size=size, i=i):
                subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], check=True)
                try:
                    out = mnt / "site"
                    old = None
                    if i % 2:  # incremental: fill the disk after a good build
                        p0 = sub("build", "--content", c, "--out", out, "--cache", mnt / "cache")
                        if p0.returncode == 0:
                            old = tree(out)
                            free = shutil.disk_usage(mnt).free
                            (mnt / "filler").write_bytes(b"\0" * max(0, free - rng.randrange(1, 40) * 4096))
                            edit(True)
                    p = sub("build", "--content", c, "--out", out, "--cache", mnt / "cache")
                    edit(False)
                    if "Traceback" in p.stderr:
                        return False, "traceback: " + p.stderr.strip().splitlines()[-1]
                    now = tree(out) if out.exists() else None
                    if p.returncode == 0:
                        want = ref_edit if old is not None else ref
                        diff = tree_diff(want, now or {})
                        return not diff, f"exit 0; {diff or 'site complete'}"
                    if clean_failure(p.returncode, p.stderr):
                        return False, clean_failure(p.returncode, p.stderr)
                    if old is not None and now != old:
                        return False, f"exit {p.returncode} but the site changed: {tree_diff(old, now or {})}"
                    return True, f"exit {p.returncode}: {p.stderr.strip().splitlines()[-1][:100]}"
                finally:
                    subprocess.run(["umount", str(mnt)], check=False)
            attempt(g, f"full disk: tmpfs of {size // 1024} KB, {'incremental' if i % 2 else 'cold'} build",
                    "exit 0 with a complete site, or a clean FILE: cause with the old site untouched",
                    f"mount -t tmpfs -o size={size} tmpfs M; papercat build --out M/site" + (" (after a good build and a filler file)" if i % 2 else ""))(run)
        for what in ("site", "cache"):
            def run(what=what):
                subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], check=True)
                try:
                    out, cch = mnt / "site", mnt / "cache"
                    p0 = sub("build", "--content", c, "--out", out, "--cache", cch)
                    old = tree(out)
                    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
                    edit(True)
                    p = sub("build", "--content", c, "--out", out, "--cache", cch)
                    edit(False)
                    if p0.returncode != 0:
                        return False, "first build failed"
                    if p.returncode == 0:
                        return False, "exit 0 on a read-only file system"
                    why = clean_failure(p.returncode, p.stderr)
                    return not why and tree(out) == old, why or p.stderr.strip().splitlines()[-1][:120]
                finally:
                    subprocess.run(["umount", str(mnt)], check=False)
            attempt(g, f"read-only file system under the {what} (both)", "a clean FILE: cause, exit 1, site unchanged",
                    "build into a tmpfs; mount -o remount,ro; edit; build")(run)
        def ro_cache_only():
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], check=True)
            try:
                dd = work.new("ro-cache")
                cch = mnt / "cache"
                p0 = sub("build", "--content", c, "--out", dd / "site", "--cache", cch)
                subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
                edit(True)
                p = sub("build", "--content", c, "--out", dd / "site", "--cache", cch)
                edit(False)
                if "Traceback" in p.stderr:
                    return False, "traceback"
                now = tree(dd / "site")
                if p.returncode == 0:
                    return now == ref_edit, "exit 0 (a warning about the cache): " + (tree_diff(ref_edit, now) or "site is the new one")
                return now == tree(dd / "site") and not clean_failure(p.returncode, p.stderr), p.stderr.strip()[-120:]
            finally:
                subprocess.run(["umount", str(mnt)], check=False)
        attempt(g, "read-only cache, writable site", "site and exit status agree (issue 14, defect 6)",
                "build; remount the cache's file system read-only; edit; build")(ro_cache_only)
    finally:
        subprocess.run(["umount", str(mnt)], check=False, capture_output=True)
        with contextlib.suppress(OSError):
            mnt.rmdir()


# ---------------------------------------------------------------- group 4: serve

def raw_request(port: int, data: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        with contextlib.suppress(socket.timeout, ConnectionResetError):
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
    return b"".join(chunks)


def group_serve(work: Work, rng: random.Random) -> None:
    g = "serve"
    d = work.new("serve")
    c = base_content(d, site_url=False)  # (served at /)
    site = d / "site"
    secret = d / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-SITE\n")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0", "--content", str(c), "--out", str(site)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    deadline = time.time() + 60
    while time.time() < deadline and port is None:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line or "")
        if m:
            port = int(m.group(1))
    if port is None:
        proc.kill()
        attempt(g, "serve starts", "serving line", "papercat serve --port 0")(lambda: (False, proc.stderr.read()[:200]))
        return
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    SECRETS = (b"SECRET-OUTSIDE-SITE", b"root:x:0:0", b"[build-system]", b"def main(")

    def status(resp: bytes) -> int:
        m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
        return int(m.group(1)) if m else 0

    def get(path: bytes, method: bytes = b"GET", extra: bytes = b"") -> bytes:
        return raw_request(port, method + b" " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + b"\r\n")

    traversals = [b"/../secret.txt", b"/../../../../etc/passwd", b"/%2e%2e/secret.txt", b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                  b"/..%2fsecret.txt", b"/..%2f..%2f..%2fetc%2fpasswd", b"/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", b"/..%5csecret.txt",
                  b"/..\\secret.txt", b"/papers/../../secret.txt", b"/papers/%2e%2e/%2e%2e/secret.txt", b"/%252e%252e/secret.txt",
                  b"/%c0%ae%c0%ae/secret.txt", b"/%c0%af..%c0%afsecret.txt", b"/./././../secret.txt", b"//etc/passwd",
                  b"///etc/passwd", b"/etc/passwd", b"/%00", b"/index.html%00.txt", b"/%00/../secret.txt", b"/secret.txt%00",
                  b"http://127.0.0.1/../secret.txt", b"http://evil.example/../../etc/passwd", b"/..;/secret.txt", b"/~/.bashrc",
                  b"/proc/self/environ", b"/static/../../secret.txt", b"/%2f%2fetc%2fpasswd", b"/.%2e/secret.txt",
                  b"/%u002e%u002e/secret.txt", b"/..././secret.txt", b"*", b"/" + b"../" * 50 + b"etc/passwd",
                  b"/../generator/cli.py", b"/../../pyproject.toml"]
    for t in traversals:
        def run(t=t):
            r = get(t)
            leaked = [s.decode() for s in SECRETS if s in r]
            st = status(r)
            if leaked:
                return False, f"{st}: served {leaked}"
            return st in (200, 301, 302, 400, 403, 404), f"{st}"
        attempt(g, f"GET {t[:40].decode(errors='replace')}", "403/404/400 (or the site's own page), never a file outside the site",
                f"curl --path-as-is 'http://127.0.0.1:PORT{t.decode(errors='replace')[:60]}'")(run)
    # open redirects: a folder without its slash is redirected; the Location must stay on this host
    for t in [b"//evil.example/%2e%2e/papers", b"//evil.example/..//papers", b"/\\evil.example/papers", b"/papers?x=//evil",
              b"/%2fevil.example/papers", b"/papers%0d%0aSet-Cookie:x=1"]:
        def run(t=t):
            r = get(t)
            loc = re.search(rb"\r\nLocation: ([^\r]*)", r)
            loc = loc.group(1) if loc else b""
            bad = loc.startswith((b"//", b"/\\", b"http")) or b"Set-Cookie" in r.split(b"\r\n\r\n")[0]
            return not bad, f"{status(r)} Location {loc[:60]!r}"
        attempt(g, f"redirect {t[:36].decode(errors='replace')}", "no redirect to another host, no header injection",
                f"curl -i --path-as-is 'http://127.0.0.1:PORT{t.decode(errors='replace')}'")(run)
    # symlinks placed in site/ by someone with access to the machine
    def symlink_in_site():
        link = site / "leak.txt"
        os.symlink(secret, link)
        try:
            r = get(b"/leak.txt")
            return b"SECRET-OUTSIDE-SITE" not in r, f"{status(r)} ({'served the target' if b'SECRET' in r else 'not served'})"
        finally:
            link.unlink()
    attempt(g, "a symlink in site/ to a file outside", "not served (a file outside the site)",
            "ln -s /outside/secret.txt site/leak.txt; curl http://127.0.0.1:PORT/leak.txt",
            note="needs write access to site/ on the machine")(symlink_in_site)
    # methods, bad requests
    for m, extra in [(b"HEAD", b""), (b"OPTIONS", b""), (b"POST", b"Content-Length: 5\r\n\r\nhello"), (b"PUT", b"Content-Length: 1\r\n\r\nx"),
                     (b"DELETE", b""), (b"TRACE", b""), (b"CONNECT", b""), (b"PATCH", b""), (b"GARBAGE", b""), (b"get", b"")]:
        def run(m=m, extra=extra):
            r = get(b"/index.html", m, extra)
            st = status(r)
            if m == b"HEAD":
                body_len = len(r.split(b"\r\n\r\n", 1)[-1])
                return st == 200 and body_len == 0, f"{st}, body of {body_len} bytes"
            return st in (400, 405, 501) or (m == b"OPTIONS" and st in (200, 204)), f"{st}"
        attempt(g, f"{m.decode()} /index.html", "HEAD: headers only; other methods 405/501, nothing written",
                f"curl -X {m.decode()} http://127.0.0.1:PORT/index.html")(run)
    for name, data in [("64 KB URL", b"GET /" + b"a" * 65536 + b" HTTP/1.1\r\n\r\n"),
                       ("1 MB header", b"GET / HTTP/1.1\r\nX: " + b"a" * 1_000_000 + b"\r\n\r\n"),
                       ("10,000 headers", b"GET / HTTP/1.1\r\n" + b"X: a\r\n" * 10000 + b"\r\n"),
                       ("HTTP/0.9", b"GET /\r\n"), ("HTTP/9.9", b"GET / HTTP/9.9\r\n\r\n"), ("binary", os.urandom(500)),
                       ("no request line", b"\r\n\r\n"), ("NUL in path", b"GET /\x00/../secret.txt HTTP/1.1\r\n\r\n"),
                       ("unicode path", "GET /papers/ü/../../secret.txt HTTP/1.1\r\n\r\n".encode()),
                       ("events stream opened and dropped", b"GET /__papercat/events HTTP/1.1\r\n\r\n")]:
        def run(data=data, name=name):
            try:
                r = raw_request(port, data, timeout=3)
            except OSError as e:
                r = str(e).encode()
            alive = status(get(b"/")) == 200
            leaked = any(s in r for s in SECRETS)
            return alive and not leaked, f"{status(r) or r[:30]!r}; server {'alive' if alive else 'DOWN'}"
        attempt(g, f"request: {name}", "no file outside the site, server still answers", f"printf {data[:40]!r} | nc 127.0.0.1 PORT")(run)
    # floods
    for threads, per in [(20, 25), (50, 20), (100, 10), (8, 200)]:
        def run(threads=threads, per=per):
            codes: list[int] = []
            lock = threading.Lock()
            paths = [b"/", b"/all/", b"/search/", b"/feed.xml", b"/papers/" + SAMPLE[0][:-3].encode() + b"/", b"/nope"]
            def worker():
                for _ in range(per):
                    try:
                        st = status(get(rng.choice(paths)))
                    except OSError:
                        st = -1
                    with lock:
                        codes.append(st)
            ts = [threading.Thread(target=worker) for _ in range(threads)]
            t0 = time.time()
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            bad = [x for x in codes if x not in (200, 404)]
            return not bad and status(get(b"/")) == 200, f"{len(codes)} requests in {time.time() - t0:.1f}s, {len(bad)} failed {sorted(set(bad))[:5]}"
        attempt(g, f"flood: {threads} threads x {per} requests", "every request 200/404, server alive after",
                f"{threads} threads each GET {per} pages")(run)
    def idle_connections():
        socks = []
        for _ in range(300):
            with contextlib.suppress(OSError):
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        try:
            t0 = time.time()
            st = status(get(b"/"))
            return st == 200, f"{len(socks)} idle connections open; a request took {time.time() - t0:.2f}s, {st}"
        finally:
            for s in socks:
                s.close()
    attempt(g, "300 idle connections (slowloris)", "a normal request is still answered", "open 300 sockets, send nothing, GET /")(idle_connections)
    def requests_during_rebuilds():
        errors, total = [], [0]
        stop = threading.Event()
        def worker():
            while not stop.is_set():
                try:
                    r = get(b"/")
                    total[0] += 1
                    if status(r) != 200:
                        errors.append(status(r))
                except OSError as e:
                    errors.append(str(e))
        ts = [threading.Thread(target=worker) for _ in range(6)]
        for t in ts:
            t.start()
        cat = c / "catalog.yml"
        text = cat.read_text()
        for k in range(4):  # a settings change makes each rebuild a cold one (a whole-site swap)
            cat.write_text(text + f"# {k}\nnewest_on_home: {10 + k}\n")
            time.sleep(2.5)
        cat.write_text(text)
        time.sleep(2.5)
        stop.set()
        for t in ts:
            t.join()
        return not errors, f"{total[0]} requests across 5 rebuilds, {len(errors)} not 200: {errors[:3]}"
    attempt(g, "requests while cold rebuilds swap the site", "every request 200", "GET / in a loop while catalog.yml changes")(requests_during_rebuilds)
    def bound():
        ips = set()
        for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and int(f[1].split(":")[1], 16) == port:
                ips.add(f[1].split(":")[0])
        return ips == {"0100007F"}, f"listening on {ips}"
    attempt(g, "serve listens on 127.0.0.1 only", "bound to localhost", "ss -ltn")(bound)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    attempt(g, "Ctrl-C stops serve", "exits within 20 s", "kill -INT")(lambda: (proc.returncode is not None and proc.returncode in (0, 130), f"exit {proc.returncode}"))


# ---------------------------------------------------------------- group 5: a hostile pull request

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=p@x", "-c", "user.name=p", *args], cwd=repo, check=True, capture_output=True)


def group_pr(work: Work, rng: random.Random) -> None:
    g = "pr"
    def repo_with(files: dict[str, bytes | str], cache_in_repo: bool = False) -> tuple[Path, Path]:
        d = work.new("pr")
        c = base_content(d)
        for rel, data in files.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data if isinstance(data, bytes) else data.encode())
        git(d, "init", "-q")
        git(d, "add", "-A")
        git(d, "add", "-f", ".")
        git(d, "commit", "-qm", "pr")
        return d, c
    marker_root = work.root / "PR-PWNED"

    def evil_npz() -> bytes:
        import numpy as np
        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {marker_root}",))
        arr = np.empty(1, dtype=object)
        arr[0] = Evil()
        buf = io.BytesIO()
        np.savez(buf, x=arr)
        return buf.getvalue()

    def evil_pickle() -> bytes:
        import pickle
        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {marker_root}",))
        return pickle.dumps(Evil())

    # a committed cache directory, used by --cache, by $PAPERCAT_CACHE, and as the old .papercat-cache
    for how in ("--cache", "PAPERCAT_CACHE", "XDG_CACHE_HOME"):
        for payload_name, files in [("pickle npz", {"search.npz": evil_npz()}), ("pickle as entries.pickle", {"entries.pickle": evil_pickle()}),
                                    ("forged state.json", {"state.json": json.dumps({"version": "x", "checksum": "0" * 64, "data": {}})})]:
            def run(how=how, files=files):
                cache_files = {f".papercat-cache/{k}/{n}": v for k in ("0" * 16, "x") for n, v in files.items()}
                d, c = repo_with(cache_files)
                env = dict(ENV)
                args = ["build", "--content", str(c), "--out", str(d / "site")]
                if how == "--cache":
                    args += ["--cache", str(d / ".papercat-cache")]
                elif how == "PAPERCAT_CACHE":
                    env["PAPERCAT_CACHE"] = str(d / ".papercat-cache")
                else:
                    env["XDG_CACHE_HOME"] = str(d / ".papercat-cache")
                p = subprocess.run([sys.executable, "-m", "generator", *args], env=env, capture_output=True, text=True, cwd=d, timeout=120)
                if marker_root.exists():
                    marker_root.unlink()
                    return False, "the committed cache ran code"
                if "Traceback" in p.stderr:
                    return False, "traceback: " + p.stderr.strip().splitlines()[-1]
                if p.returncode == 0:
                    return how == "XDG_CACHE_HOME" or "track" in p.stderr, f"exit 0: {p.stderr.strip()[-150:]}"
                return True, f"exit {p.returncode}: {p.stderr.strip().splitlines()[-1][:120]}"
            attempt(g, f"committed cache ({how}) with {payload_name}", "refused (tracked by git) or ignored; never runs code",
                    f"git add -f .papercat-cache/ with {payload_name}; papercat build {how}")(run)
    # the theme: trusted code by design
    def theme_script():
        d, c = repo_with({"templates/README.md": "x", "templates/partials/x.html": "x"})
        base = ROOT / "templates"
        tmpl = next(p for p in sorted(base.rglob("*.html")) if "base" in p.name or "layout" in p.name)
        rel = tmpl.relative_to(base)
        (d / "templates" / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / "templates" / rel).write_text(tmpl.read_text().replace("</body>", "<script>alert('theme')</script></body>"))
        rc, _o, err = cli("build", "--content", c, "--out", d / "site", "--cache", d / "cache")
        pages = list((d / "site").rglob("index.html"))
        live = sum("alert('theme')" in p.read_text() for p in pages)
        return True, f"build exit {rc}; the theme's script is on {live}/{len(pages)} pages (trusted code, README Security)"
    attempt(g, "a theme override with <script>", "by design: templates are trusted code, reviewed as code (documented)",
            "templates/<base>.html with a <script>", note="by design")(theme_script)
    # entries that try to leave the content
    for name, files in [
        ("slug ../x", {"content/papers/evil.md": entry(slug="../x")}),
        ("slug ../../outside", {"content/papers/evil.md": entry(slug="../../outside")}),
        ("entry symlink to /etc/passwd", None),
        ("tags.yml symlink to /etc/passwd", None),
        ("papers/ symlink outside", None),
        ("an entry that is a directory", {"content/papers/dir.md/x": "x"}),
        ("a committed site/ with a planted page", {"site/evil.html": PAYLOAD, "site/index.html": PAYLOAD}),
        ("a committed .site.old-1-x with a planted page", {".site.old-1-abc/index.html": PAYLOAD}),
        ("an entry of 1.5 MB", {"content/papers/big.md": entry(slug="big", body="x " * 750_000)}),
        ("500 copies of one arXiv id", {f"content/papers/e{i}.md": entry(slug=f"e{i}", title=f"E{i}", arxiv="'2310.10769'") for i in range(500)}),
        ("tag slug that is a path", {"content/tags.yml": "'../../x':\n  label: X\n  aliases: [attention]\n"}),
        ("theme_dir pointing at a committed folder with a symlink out", None),
    ]:
        def run(name=name, files=files):
            d = work.new("pr-entry")
            c = base_content(d)
            if files:
                for rel, data in files.items():
                    p = d / rel
                    p.parent.mkdir(parents=True, exist_ok=True)
                    p.write_text(data)
            elif name.startswith("entry symlink"):
                os.symlink("/etc/passwd", c / "papers" / "evil.md")
            elif name.startswith("tags.yml"):
                (c / "tags.yml").unlink()
                os.symlink("/etc/passwd", c / "tags.yml")
            elif name.startswith("papers/"):
                shutil.move(str(c / "papers"), str(d / "elsewhere"))
                os.symlink(d / "elsewhere", c / "papers")
            elif name.startswith("theme_dir"):
                (d / "theme" / "static").mkdir(parents=True)
                os.symlink("/etc/passwd", d / "theme" / "static" / "passwd")
                with open(c / "catalog.yml", "a") as f:
                    f.write("theme_dir: ../theme\n")
            site = d / "site"
            before = tree(site) if site.exists() else None
            rc, _o, err = cli("build", "--content", c, "--out", site, "--cache", d / "cache")
            if rc == "traceback" or "Traceback" in err:
                return False, "traceback: " + err.strip().splitlines()[-1]
            if "root:x:0:0" in err:
                return False, "echoed /etc/passwd"
            outside = [p for p in d.iterdir() if p.name in ("x", "outside")] + [p for p in d.parent.iterdir() if p.name in ("x", "outside")]
            if outside:
                return False, f"wrote {outside}"
            if site.exists() and any(b"root:x:0:0" in p.read_bytes() for p in site.rglob("*") if p.is_file()):
                return False, "published /etc/passwd"
            if rc == 0:
                if "planted" in name:
                    left = [p.name for p in site.rglob("evil.html")]
                    if (site / "index.html").read_text().startswith(PAYLOAD) or left:
                        return False, f"the planted files survived: {left}"
                bad = check_site(site)
                return not bad, "; ".join(bad) or "built; nothing left the content"
            why = clean_failure(rc, err)
            if why:
                return False, why
            if before is not None and tree(site) != before:
                return False, "failed, but changed the committed site"
            return True, f"refused: {err.strip().splitlines()[0][:110]}"
        attempt(g, name, "refused at FILE:LINE, or built with nothing read or written outside the content and site",
                f"a PR adding: {name}")(run)
    # the workflow
    wf = (ROOT / ".github" / "workflows" / "site.yml").read_text()
    twf = (ROOT / "tests" / "test_workflow.py").read_text()
    import yaml
    doc = yaml.safe_load(wf)
    on = doc.get(True) or doc.get("on")
    attempt(g, "workflow: no pull_request_target", "not a trigger", "grep pull_request_target .github/workflows/site.yml")(
        lambda: ("pull_request_target" not in (on or {}), f"triggers {list(on or {})}"))
    attempt(g, "tests/test_workflow.py covers pull_request_target", "a test refuses it", "grep tests/test_workflow.py")(
        lambda: ("pull_request_target" in twf, "mentioned" if "pull_request_target" in twf else "not mentioned"))
    def perms():
        jobs = doc["jobs"]
        top = doc.get("permissions", {})
        bad = []
        for name, job in jobs.items():
            p = job.get("permissions", top)
            writes = [k for k, v in (p or {}).items() if v == "write"] if isinstance(p, dict) else [p]
            runs_on_pr = "pull_request" not in str(job.get("if", "")) or "!=" not in str(job.get("if", ""))
            if writes and runs_on_pr and "github.event_name != 'pull_request'" not in str(job.get("if", "")):
                bad.append(f"{name}: {writes}")
        return not bad and top in ({}, {"contents": "read"}) or not bad, f"top {top}; {bad or 'no write permission on a PR job'}"
    attempt(g, "workflow: PR jobs have no write permission", "permissions contents: read; the deploy job skips PRs", "read site.yml")(perms)
    attempt(g, "workflow: no secrets in the PR build", "no ${{ secrets.* }}", "grep secrets site.yml")(
        lambda: ("secrets." not in wf, "no secrets referenced" if "secrets." not in wf else "secrets referenced"))
    attempt(g, "workflow: a PR's cache is never restored", "no actions/cache of a papercat cache", "grep cache site.yml")(
        lambda: (not re.search(r"actions/cache|papercat-cache|PAPERCAT_CACHE", wf), "only pip's cache" if not re.search(r"actions/cache|papercat-cache", wf) else "restores a cache"))
    attempt(g, "workflow: untrusted text never in a run: script", "no ${{ github.event.* }} inside run:",
            "grep 'github.event.pull_request' site.yml")(
        lambda: (not re.search(r"\$\{\{\s*github\.(event\.(pull_request|issue|comment|head_commit)|head_ref)", wf), "none"))
    attempt(g, "a changed workflow runs as changed in the PR itself", "by design: documented in README Security",
            "edit .github/workflows/site.yml in a PR", note="by design")(lambda: (True, "documented (README, Security: what a curator should review)"))


# ---------------------------------------------------------------- main

def table(started: float) -> str:
    rows = ["| group | tried | handled | defects |", "| --- | ---: | ---: | ---: |"]
    for grp in GROUPS:
        rs = [r for r in RESULTS if r.group == grp]
        if rs:
            rows.append(f"| {TITLES[grp]} | {len(rs)} | {sum(r.ok for r in rs)} | {sum(not r.ok for r in rs)} |")
    rows.append(f"| **total** | **{len(RESULTS)}** | **{sum(r.ok for r in RESULTS)}** | **{sum(not r.ok for r in RESULTS)}** |")
    out = "\n".join(rows) + "\n"
    defects = [r for r in RESULTS if not r.ok]
    if defects:
        out += "\nDefects (one line each: attempt; what happened; how to reproduce):\n\n"
        for r in defects:
            out += f"- **{r.group}: {r.name}**: {r.detail}. Expected: {r.expect}. Repro: `{r.repro}`\n"
    notes = [r for r in RESULTS if r.ok and r.note]
    if notes:
        out += "\nHandled by design or with a caveat:\n\n"
        for r in notes:
            out += f"- {r.group}: {r.name}: {r.detail} ({r.note})\n"
    out += f"\n{len(RESULTS)} attempts in {time.time() - started:.0f} s.\n"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, help="scratch directory (default: a new temporary one, removed after)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    ap.add_argument("--only", default=",".join(GROUPS), help="groups to run: " + ",".join(GROUPS))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    root = args.work or Path(tempfile.mkdtemp(prefix="papercat-probe-"))
    root.mkdir(parents=True, exist_ok=True)
    os.environ["PAPERCAT_CACHE"] = str(root / "default-cache")
    ENV["PAPERCAT_CACHE"] = os.environ["PAPERCAT_CACHE"]
    work = Work(root)
    started = time.time()
    old_cwd = os.getcwd()
    os.chdir(root)
    try:
        only = args.only.split(",")
        root_ok = os.geteuid() == 0 and shutil.which("mount") is not None
        groups = [("listings", "bad listings", group_listings),
                  ("entries", "hostile entries, vocabularies, settings", group_entries),
                  ("faults", "faults", lambda w, r: group_faults(w, r, root_ok=root_ok)),
                  ("serve", "serve", group_serve), ("pr", "a hostile pull request", group_pr)]
        for name, title, run in groups:
            if name in only:
                print(f"== {title}", flush=True)
                run(work, rng)
    finally:
        os.chdir(old_cwd)
        if not args.keep and not args.work:
            shutil.rmtree(root, ignore_errors=True)
    text = table(started)
    print("\n" + text)
    if args.out:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "generator"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        head = (f"# Adversarial probe (issue 14)\n\n`python bench/probe.py --out {args.out}` on "
                f"{datetime.date.today().isoformat()}, commit {commit}{' (generator/ modified)' if dirty else ''}, "
                f"seed {args.seed}, Python {sys.version.split()[0]}.\n\n")
        args.out.write_text(head + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
