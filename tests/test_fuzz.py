"""Fuzzing the whole pipeline (issue 14): hypothesis makes tiny catalogs (1-5 entries, a vocabulary,
catalog.yml) from plausible and hostile values, and every one must keep four promises:

1. `papercat check` clean implies `papercat build` succeeds (with and without drafts);
2. every XML output parses (feeds; the sitemap exactly when there is a site URL), every HTML page
   parses as HTML5 with html5lib in strict mode, and every JSON output parses;
3. no text from an entry, a vocabulary or catalog.yml becomes markup: an injected `<script>`, an
   `<img onerror>` or a made-up element never becomes an element, no attribute is an event
   handler, no link is a `javascript:` URL, and every inline script is one of the templates' own;
4. check and build agree: when check fails, build fails with exactly the same problems and writes
   nothing (no site, and the content is left as it was).

In the normal test run the examples are few and derandomized, so CI is reproducible and the file
takes seconds. A longer, random run (see bench/README.md):

    PAPERCAT_FUZZ_EXAMPLES=2000 python3 -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.config import load_config
from generator.entries import LINK_ORDER
from generator.validate import KINDS
from generator.vocabulary import term_key
from tests.sitecheck import parse_strict

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {name: (ROOT / "content" / name).read_text(encoding="utf-8") for name in ("tags.yml", "topics.yml")}

# --- profiles ----------------------------------------------------------------------------------------
# "fuzz-ci": few examples, derandomized (the same ones on every run), no example database: CI is
# reproducible and quick. "fuzz-long": PAPERCAT_FUZZ_EXAMPLES random examples per property, with the
# database in .hypothesis/ (git-ignored) so that a failure found once is tried first next time.
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])
# CI does not shrink: a build per step makes shrinking take minutes, and the derandomized failing
# example is reproducible as it is (run the long profile to shrink it).
settings.register_profile("fuzz-ci", max_examples=12, derandomize=True, database=None,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate], **_COMMON)
settings.register_profile("fuzz-long", max_examples=int(os.environ.get("PAPERCAT_FUZZ_EXAMPLES") or 0) or 12,
                          **_COMMON)
FUZZ = settings.get_profile("fuzz-long" if os.environ.get("PAPERCAT_FUZZ_EXAMPLES") else "fuzz-ci")

# --- values ------------------------------------------------------------------------------------------
# The marker every injection carries: if it ever shows up inside a script, an event handler or an
# element of its own, text became markup.
MARK = "PCXSS"
INJECTIONS = [
    f'<script>alert("{MARK}")</script>',
    f'</script><script>{MARK}()</script>',
    f'<img src=x onerror=alert("{MARK}")>',
    f'"><img src=x onerror={MARK}()>',
    f"'><pcx onmouseover={MARK}()>",
    f"<pcx>{MARK}</pcx>",
    f"<!--{MARK}-->",
    f"</textarea></title><svg onload={MARK}()>",
    f"[click](javascript:{MARK}())",
    f"![pic](javascript:{MARK}())",
    f"<javascript:{MARK}()>",
    f'<a href="javascript:{MARK}()">x</a>',
    f"&lt;script&gt;{MARK}&lt;/script&gt;",
    f"&#x3C;script&#x3E;{MARK}",
    f"\\u003cscript\\u003e{MARK}",
    f"]]><pcx>{MARK}</pcx>",
]
PROSE = [
    "We study attention in transformers for video generation.",
    "Attention", "vidéo", "Überprüfung", "注意力机制的研究", "Трансформер", "الانتباه الذاتي", "מנגנון קשב",
    "ध्यान तंत्र", "μηχανισμός προσοχής", "주의 메커니즘", "ความสนใจ", "🤖🔥", "e\u0301", "a\u200db", "\u202eabc",
    "ｆｕｌｌｗｉｄｔｈ", "ﬁne", "line\u2028sep", "no\xa0break", "next\x85line",
    "$x^2 < y$", "$$\\int_0^1 f(x)\\,dx$$", "\\(a<b\\)", "\\[x\\]", "$p_0*\\mathcal{N}(0,t)$", "Fr\\'echet",
    "$<script>$", "{it,es,de}->en", "<0.1%", "a & b", "&amp;", "&", "AT&T", "`quoted'", '"double"', "'single'",
    "https://example.org/a?b=1&c=<d>", "http://x.y/\"onmouseover=alert(1)", "javascript:alert(1)", "<https://e.org>",
    "*em*", "**strong**", "_u_", "__dunder__", "# Heading", "> quote", "- item", "1. item", "---", "===",
    "    indented", "```", "~~~", "| a | b |", "[^1]", "[ref]: https://e.org", "***", "<br>", "\\",
    ": colon", " #hash", "- dash", "? q", "!!python/object:os.system", "%YAML 1.1", "@at", "|", ">", "{a: b}",
    "[x, y]", "*alias", "&anchor", "null", "true", "~", "0x10", "1e3", "2024-01-01", "-", "'", '"',
    "w" * 300, "Supercalifragilistic" * 40,
]
CONTROLS = ["\x00", "\x01", "\x1a", "\x1b[31m", "\x7f", "\ufffe"]

_chars = st.characters(blacklist_categories=("Cs", "Cc"))
_piece = st.one_of(st.sampled_from(PROSE), st.sampled_from(INJECTIONS), st.text(_chars, max_size=12))
# One line of text: pieces joined by spaces or nothing.
line = st.lists(st.tuples(_piece, st.sampled_from([" ", " ", ""])), min_size=1, max_size=6).map(
    lambda parts: "".join(p + s for p, s in parts).strip() or "x")
# Text that may also hold line breaks (a paragraph of a body; a comment).
para = st.lists(line, min_size=1, max_size=3).map("\n".join)
control_text = st.tuples(line, st.sampled_from(CONTROLS), line).map("".join)

URLS = ["https://arxiv.org/abs/2310.10769", "https://example.org/a?b=1&c=2#frag", "http://x.y/\"onmouseover=alert(1)",
        "https://e.org/<script>alert(1)</script>", "https://例え.jp/パス", "http://a.b/'><img src=x onerror=alert(1)>",
        "https://e.org/" + "p" * 300]
BAD_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://e.org/", "https://e.org/ a",
            "//e.org", "https://e.org/\n"]

TAG_SLUGS = ["attention", "video", "t-3", "x"]
TOPIC_SLUGS = ["vision", "video-gen", "deep-a", "deep-b", "deep-c", "deep-d", "deep-e", "deep-f", "other"]
PAPER_STEMS = ["p0", "p1", "a-b-c", "x9", "paper-" + "z" * 50]
ALIASES = ["attention", "Attention", "video", "ViT", "注意力", "Трансформер", "a+b", "(x", "[y]", "c.*d", "\\d",
           "e$", "^f", "multi-task", "x|y", "vidéo", "$x^2", "<script>", "&amp;"]


ARXIV_IDS = ["2310.10769", "2401.01234", "hep-th/9901001", "math.AG/0601001", "2312.99999"]  # one per entry


def _valid_value(key: str, stem: str, arxiv: str, tag_slugs: list[str], topic_slugs: list[str]):
    """A well-typed (possibly hostile) value for each front-matter key."""
    kind = KINDS[key]
    if key == "slug":
        return st.just(stem)
    if key == "arxiv":
        return st.just(arxiv)
    if key == "draft":
        return st.sampled_from([False, False, True])
    pool = tag_slugs if key.startswith("tags") else topic_slugs if key == "topics" else ["a.txt:1", "<x>.txt:3"]
    return {
        "text": line, "bool": st.booleans(), "date": st.sampled_from(["2024-05-14", "2023-02", "1999", "2031-12-31"]),
        "day": st.sampled_from(["2024-05-14", "2031-12-31"]),
        "count": st.integers(1, 5000), "number": st.integers(0, 10**6),
        "label": st.sampled_from(["3A", "436-444", "436--444", "e1234", "521"]),
        "links": st.dictionaries(st.sampled_from(LINK_ORDER), st.sampled_from(URLS), max_size=4),
        "list": st.lists(st.sampled_from(pool), max_size=3) if pool else st.just([]),
    }[kind]


def _bad_value(key: str):
    """A value check must refuse (or, for text, one it may take: hostile text is not wrong)."""
    kind = KINDS[key]
    common = [st.none(), st.sampled_from([[], {}, "", "  "]), control_text]
    specific = {
        "text": [st.integers(), st.lists(line, max_size=2)],
        "bool": [st.sampled_from(["yes", "true", 1, 0, "no"])],
        "date": [st.sampled_from(["2024-13-45", "2031-01-01\n", "24-1-1", "2024-02-30", "yesterday"])],
        "day": [st.sampled_from(["2024-13-45", "2024-05", "2024", "2024-02-30", "yesterday"])],
        "count": [st.sampled_from([0, -1, True, "many", 1.5, 10**30])],
        "number": [st.sampled_from([-1, False, "3", 2.0])],
        "label": [st.sampled_from([-1, 521, True, 2.5, "x" * 41, "1\n2"])],
        "links": [st.dictionaries(st.sampled_from([*LINK_ORDER, "evil"]), st.sampled_from(BAD_URLS), min_size=1,
                                  max_size=2), st.just(["https://e.org"])],
        "list": [st.lists(st.sampled_from(["nope", "Attention", "", 3, "../x", "t" * 3000]), min_size=1, max_size=2)],
    }[kind]
    extra = [st.sampled_from(["../etc/passwd", "P0", "with space", "p0-", "-p0"])] if key == "slug" else []
    extra += [st.sampled_from([2310.1077, "arXiv:2310.10769", "2310.10769v2", "2310.10769\n"])] if key == "arxiv" else []
    return st.one_of(*common, *specific, *extra)


def _yaml(meta: dict, style: str) -> str:
    """Front matter: dumped by PyYAML, or written line by line as a careless curator might (which may
    not even be YAML: that is the point)."""
    if style == "dump":
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    lines = []
    for k, v in meta.items():
        if isinstance(v, (dict, list)):
            v = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10**6).strip()
        lines.append(f"{k}: {v}")
    return "\n".join(lines) + "\n"


@st.composite
def entries(draw, stem: str, arxiv: str, tag_slugs: list[str], topic_slugs: list[str], hostile: bool) -> str | bytes:
    """One entry file. `hostile`: keys may be missing or mistyped, values wrong, files malformed."""
    keys = ["title", "slug"] + draw(st.lists(st.sampled_from(sorted(set(KINDS) - {"title", "slug"})), unique=True,
                                             max_size=8))
    meta: dict = {}
    for key in keys:
        bad = hostile and draw(st.integers(0, 5)) == 0
        meta[key] = draw(_bad_value(key) if bad else _valid_value(key, stem, arxiv, tag_slugs, topic_slugs))
    if hostile and draw(st.integers(0, 5)) == 0:
        meta.pop(draw(st.sampled_from(["title", "slug"])))
    if hostile and draw(st.integers(0, 7)) == 0:
        meta[draw(st.sampled_from(["tittle", "tag", "Title", "x" * 80]))] = draw(line)
    style = draw(st.sampled_from(["dump", "dump", "lines"])) if hostile else "dump"
    body = "\n\n".join(draw(st.lists(para, min_size=0 if hostile else 1, max_size=4)))
    text = f"---\n{_yaml(meta, style)}---\n\n{body}\n"
    if hostile:
        wreck = draw(st.sampled_from(["none"] * 8 + ["crlf", "bom", "no-fence", "unclosed", "control", "latin1"]))
        if wreck == "crlf":
            text = text.replace("\n", "\r\n")
        elif wreck == "bom":
            text = "\ufeff" + text
        elif wreck == "no-fence":
            text = text[4:]
        elif wreck == "unclosed":
            text = text.replace("---\n\n", "\n", 1)
        elif wreck == "control":
            text += draw(control_text) + "\n"
        elif wreck == "latin1":
            return text.encode("utf-8") + "caf\xe9\n".encode("latin-1")
    return text


@st.composite
def vocabularies(draw, hostile: bool) -> tuple[str, str, list[str], list[str]]:
    """(tags.yml, topics.yml, tag slugs, topic slugs): the shipped vocabulary or a small one made
    up, with hostile labels, aliases and descriptions, and topics nested through `parent:`."""
    if draw(st.integers(0, 3)) == 0:
        tags, topics = (yaml.safe_load(SHIPPED[n]) for n in ("tags.yml", "topics.yml"))
        return SHIPPED["tags.yml"], SHIPPED["topics.yml"], list(tags), [*topics, "other"]
    tags = {}
    owned: set[tuple[str, ...]] = set()  # an alias may belong to one tag only (unless hostile)
    for slug in draw(st.lists(st.sampled_from(TAG_SLUGS), unique=True, max_size=4)):
        aliases = draw(st.lists(st.one_of(st.sampled_from(ALIASES), line), max_size=4))
        if not hostile:
            aliases = [a for a in aliases if term_key(a) not in owned]
            owned.update(map(term_key, aliases))
        tag = {"label": draw(line), "aliases": aliases}
        if draw(st.booleans()):
            tag["description"] = draw(para)
        if hostile and draw(st.integers(0, 4)) == 0:
            tag[draw(st.sampled_from(["label", "aliases", "colour"]))] = draw(st.one_of(st.none(), control_text,
                                                                                       st.integers()))
        tags[slug] = tag
    # Each topic's parent comes before it; well-typed chains stay within the allowed depth of 6,
    # hostile ones may go deeper, name unknown topics or loop.
    slugs = draw(st.lists(st.sampled_from(TOPIC_SLUGS), unique=True, max_size=8))
    topics: dict = {}
    depth: dict[str, int] = {}
    for i, slug in enumerate(slugs):
        topic = {"label": draw(line)}
        depth[slug] = 1
        if slug != "other":
            earlier = [s for s in slugs[:i] if s != "other" and (hostile or depth[s] < 6)]
            parent = draw(st.sampled_from([None, *earlier, *(["nowhere", slug, *slugs[i + 1:]] if hostile else [])]))
            if parent is not None:
                topic["parent"] = parent
                depth[slug] = depth.get(parent, 0) + 1
            topic["keywords"] = draw(st.lists(st.one_of(st.sampled_from(ALIASES), line), max_size=3))
            refs = [*tags, *(["nope"] if hostile else [])]
            topic["tags"] = draw(st.lists(st.sampled_from(refs), unique=True, max_size=2)) if refs else []
        if draw(st.booleans()):
            topic["description"] = draw(para)
        if hostile and draw(st.integers(0, 4)) == 0:
            topic[draw(st.sampled_from(["label", "keywords", "parent"]))] = draw(st.one_of(st.none(), control_text,
                                                                                          st.integers()))
        topics[slug] = topic
    dump = lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=10**6) if d else ""  # noqa: E731
    return dump(tags), dump(topics), list(tags), [*topics, *([] if "other" in topics else ["other"])]


@st.composite
def catalog_yml(draw, hostile: bool) -> str:
    options = {
        "title": line, "description": para, "language": st.sampled_from(["en", "zh-Hans", "ar", '"><pcx>']),
        "site_url": st.sampled_from(["https://example.org/cat/", "http://例え.jp", "https://e.org"]),
        "base_url": st.sampled_from(["/", "/catalog/", "/ä/", "/x/"]),
        "per_page": st.integers(1, 4), "newest_on_home": st.integers(1, 4), "feed_size": st.integers(1, 4),
        "related": st.integers(1, 3),
    }
    bad = {"site_url": st.sampled_from(["javascript:alert(1)//", "/relative/", "https://e.org/?q=1", "https://e.org/\n"]),
           "base_url": st.sampled_from(["//evil.org/", "javascript:alert(1)", "/a b/\n", "relative"]),
           "per_page": st.sampled_from([0, -1, "2", True]), "title": st.one_of(control_text, st.integers()),
           "theme_dir": st.sampled_from(["../nowhere", "/etc"]), "colour": line}
    out = {}
    for key in draw(st.lists(st.sampled_from(sorted(options) + (sorted(bad) if hostile else [])), unique=True,
                             max_size=6)):
        wrong = hostile and key in bad and (key not in options or draw(st.integers(0, 2)) == 0)
        out[key] = draw(bad[key] if wrong else options[key])
    if hostile and draw(st.integers(0, 6)) == 0:
        return f"title: {draw(line)}\n"  # written by hand: perhaps not YAML at all
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=10**6) if out else ""


class Spec:
    """A catalog to build: {file name: text} under content/ and whether to build drafts too."""

    def __init__(self, files: dict[str, str | bytes], drafts: bool = False) -> None:
        self.files, self.drafts = files, drafts

    def __repr__(self) -> str:  # (the shipped vocabulary is 30 KB: named, not shown, in a failure)
        files = {k: f"<shipped {k}>" if SHIPPED.get(k) == v else v for k, v in self.files.items()}
        return f"Spec({files!r}, drafts={self.drafts})"

    def _repr_pretty_(self, p, cycle) -> None:  # (how hypothesis prints a falsifying example)
        p.text(repr(self))


@st.composite
def catalogs(draw, hostile: bool) -> Spec:
    stems = draw(st.lists(st.sampled_from(PAPER_STEMS), min_size=1, max_size=5, unique=True))
    tags, topics, tag_slugs, topic_slugs = draw(vocabularies(hostile))
    files: dict[str, str | bytes] = {"catalog.yml": draw(catalog_yml(hostile)), "tags.yml": tags, "topics.yml": topics}
    if hostile:  # slugs the vocabulary may not have, and a tags.yml from one vocabulary with another's topics
        tag_slugs, topic_slugs = [*tag_slugs, *TAG_SLUGS], [*topic_slugs, *TOPIC_SLUGS]
        if draw(st.integers(0, 9)) == 0:
            files[draw(st.sampled_from(["tags.yml", "topics.yml"]))] = draw(vocabularies(hostile))[0]
        if draw(st.integers(0, 9)) == 0:
            files.pop(draw(st.sampled_from(["tags.yml", "topics.yml"])))
    for i, stem in enumerate(stems):
        files[f"papers/{stem}.md"] = draw(entries(stem, ARXIV_IDS[i], tag_slugs, topic_slugs, hostile))
    return Spec(files, draw(st.booleans()))


# --- the properties ------------------------------------------------------------------------------------

def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


ALLOWED_SCHEMES = {"http", "https", "mailto"}
# The one inline script the templates write (the colour theme); JSON-LD is checked as JSON.
# (The "js" class lets style.css set formulas that wait for KaTeX in a compact form: see math.js.)
THEME_SCRIPT = ('document.documentElement.dataset.theme = localStorage.getItem("papercat-theme") || ""; '
                'document.documentElement.classList.add("js");')


def _no_markup_from_content(doc, page: str) -> None:
    """Property 3 on one parsed page."""
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        assert tag != "pcx", f"{page}: an injected <pcx> became an element"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{page}: <{tag} {name}={value!r}>: an event handler"
            if name in ("href", "src", "action", "formaction"):
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                assert scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES, \
                    f"{page}: <{tag} {name}={value!r}>: a {scheme.group(1)}: URL"
        if tag == "img":
            assert el.get("src") != "x", f"{page}: an injected <img> became an element"
        if tag == "script":
            text = el.text or ""
            if el.get("src"):
                assert not text.strip(), f"{page}: a script with both src and text"
            elif el.get("type") == "application/ld+json":
                json.loads(text)  # whole JSON: nothing broke out of it
                assert "</" not in text and "<!--" not in text, f"{page}: JSON-LD holds {text!r}"
            else:
                assert text == THEME_SCRIPT, f"{page}: an unexpected inline script {text[:200]!r}"
        if tag in ("style", "iframe", "object", "embed", "svg", "math", "form", "base", "textarea"):
            assert MARK not in ET.tostring(el, encoding="unicode"), f"{page}: injected text inside <{tag}>"


def _check_site(site: Path, content: Path) -> None:
    """Properties 2 and 3 on a built site."""
    cfg = load_config(content)
    assert (site / "sitemap.xml").exists() == bool(cfg.site_url)
    assert (site / "feed.xml").is_file()
    for path in sorted(site.rglob("*")):
        if path.is_dir() or "static" in path.relative_to(site).parts:
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".xml":
            ET.fromstring(data)  # well-formed, or ParseError names the line
        elif path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".html":
            text = data.decode("utf-8")
            assert "<script>alert" not in text and f"<script>{MARK}" not in text, rel
            _no_markup_from_content(parse_strict(text, rel), rel)


def _event(name: str) -> None:
    if currently_in_test_context():  # (--hypothesis-show-statistics counts how often check passed)
        event(name)


def _verify(spec: Spec) -> None:
    with tempfile.TemporaryDirectory(prefix="papercat-fuzz-") as tmp:
        root = Path(tmp)
        content = root / "content"
        for rel, text in spec.files.items():
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        before = _tree(content)
        site, cache = root / "site", root / "cache"
        checked = _cli("check", "--content", str(content))
        flags = ["--drafts"] if spec.drafts else []
        built = _cli("build", "--content", str(content), "--out", str(site), "--cache", str(cache), *flags)
        assert _tree(content) == before, "check or build changed the content"
        if checked[0] == 0:
            _event("check clean")
            # 1. check clean implies build succeeds.
            assert built[0] == 0, f"check passed, build failed:\n{built[2]}"
            _check_site(site, content)
        else:
            _event("check failed")
            # 4. check and build agree: the same problems, and nothing written.
            assert checked[0] == 1, f"check crashed instead of reporting problems:\n{checked[2]}"
            assert built[0] == checked[0], (checked, built)
            assert built[2] == checked[2], (checked[2], built[2])
            assert not site.exists(), "a build that failed wrote a site"
            assert checked[2].strip(), "check failed silently"
            assert all(len(line) < 2000 for line in checked[2].splitlines()), "a problem echoes a huge value"


GOOD_ENTRY = "---\ntitle: A good paper\nslug: p0\ndate: '2024-03-01'\n---\n\nWe study attention.\n"


@FUZZ
@given(catalogs(hostile=False))
@example(Spec({"catalog.yml": "site_url: https://example.org/cat/\n", **{n: SHIPPED[n] for n in SHIPPED},
               "papers/p0.md": GOOD_ENTRY.replace("A good paper", INJECTIONS[0] + " " + INJECTIONS[2]) +
               "\n".join(INJECTIONS) + "\n"}))
def test_well_typed_hostile_catalogs_check_build_and_stay_inert(spec):
    """Values of the right type but hostile content: properties 1-4."""
    _verify(spec)


@FUZZ
@given(catalogs(hostile=True))
@example(Spec({"catalog.yml": "", **{n: SHIPPED[n] for n in SHIPPED},
               "papers/p0.md": GOOD_ENTRY.replace("We study attention.", "Text *em* with \x1a7\x1a token.")}))
@example(Spec({"catalog.yml": "", **{n: SHIPPED[n] for n in SHIPPED},
               "papers/p0.md": GOOD_ENTRY.replace("'2024-03-01'", '"2031-01-01\\n"')}))
def test_anything_check_and_build_agree(spec):
    """Anything at all, mostly broken: properties 1-4 (most examples exercise 4)."""
    _verify(spec)


def test_the_checks_catch_what_they_look_for():
    """The property checks are live: a page with an injected element, handler, javascript: link or
    inline script fails them, and one with none passes."""
    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>')
    _no_markup_from_content(parse_strict(page.format("<p>ok &lt;script&gt;</p>"), "ok"), "ok")
    for bad in ("<pcx>x</pcx>", '<p onclick="x()">x</p>', '<a href=" JavaScript:x()">x</a>',
                f"<script>{MARK}()</script>", '<img src="x" alt="">',
                '<script type="application/ld+json">{"a": "</p>"}</script>'):
        with contextlib.suppress(AssertionError):
            _no_markup_from_content(parse_strict(page.format(bad), "bad"), "bad")
            raise RuntimeError(f"not caught: {bad}")


# --- what the fuzzing found --------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x85", "\x9b", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_c1_controls_and_noncharacters_are_refused_by_check(tmp_path, char):
    """Found by test_well_typed_...: a NEL (U+0085) in a body passed check, and every page showing
    it was invalid HTML (HTML forbids C1 controls and non-characters; html5lib: "Invalid codepoint
    in stream"). Check now refuses them at their line, as it does C0 controls, and build agrees."""
    spec = Spec({"catalog.yml": "", "tags.yml": "", "topics.yml": "",
                 "papers/p0.md": GOOD_ENTRY.replace("We study attention.", f"next{char}line")})
    content = tmp_path / "content"
    for rel, text in spec.files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    status, _, err = _cli("check", "--content", str(content))
    assert (status, err) == (1, f"{content / 'papers' / 'p0.md'}:7: contains the control character "
                                f"U+{ord(char):04X}, which feeds and the sitemap cannot hold (hint: delete it; most "
                                "editors do not show it, so search for it or retype the text around it)\n")
    _verify(spec)


@pytest.mark.parametrize("line, message", [
    ("upvotes: " + "7" * 5000, "p0.md:5: unreadable YAML: this number has too many digits; quote it if it is text"),
    ("tags: [" + "y" * 5000 + "]",
     "p0.md:5: tags: '" + "y" * 59 + "… is not in the vocabulary (hint: add it to content/tags.yml)"),
    ("links: {" + "k" * 1000 + ": 'https://e.org'}",  # (YAML keys are at most 1024 characters)
     "p0.md:5: links: unknown link kind '" + "k" * 59 + "… (hint: kinds: arxiv, pdf, web, code, project)"),
])
def test_huge_values_are_problems_cut_short_not_tracebacks(tmp_path, line, message):
    """Found while fuzzing: a 5,000-digit number crashed check with a ValueError traceback (Python
    converts at most 4,300 digits), and an unknown tag or link kind was echoed whole."""
    spec = Spec({"catalog.yml": "", "tags.yml": "", "topics.yml": "",
                 "papers/p0.md": GOOD_ENTRY.replace("date: '2024-03-01'\n", f"date: '2024-03-01'\n{line}\n")})
    content = tmp_path / "content"
    for rel, text in spec.files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    status, _, err = _cli("check", "--content", str(content))
    assert (status, err) == (1, f"{content / 'papers'}/{message}\n")
    _verify(spec)
