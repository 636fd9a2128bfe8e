"""Hostile or broken input gets a short, precise error, fast, and never a crash (issue 14)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.cli import main

CONTENT = Path(__file__).resolve().parent.parent / "content"

GOOD = """---
title: A good paper
slug: good
date: '2024-03-01'
---

We study attention in transformers for speech recognition with a simple method that works well.
"""

# Nine levels of anchors, each a list of nine aliases of the last: 9**9 strings once expanded.
BOMB = "---\ntitle: Bomb\nslug: bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)) + "tags: *a8\n---\n\nText.\n"


def _content(root: Path, papers: dict[str, str], catalog: str = "title: Test catalog\n") -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "catalog.yml").write_text(catalog, encoding="utf-8")
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(CONTENT / name, root / name)
    for name, text in papers.items():
        (root / "papers" / name).write_text(text, encoding="utf-8")
    return root


def _check(content: Path, capsys) -> str:
    assert main(["check", "--content", str(content)]) == 1
    return capsys.readouterr().err


def test_a_yaml_alias_bomb_is_refused_at_once_with_a_short_message(tmp_path, capsys):
    assert len(BOMB) < 600
    content = _content(tmp_path / "content", {"bomb.md": BOMB, "good.md": GOOD})
    started = time.perf_counter()
    err = _check(content, capsys)
    assert time.perf_counter() - started < 5
    assert f"{content / 'papers' / 'bomb.md'}:12: unreadable YAML: the value anchored here" in err  # (x8, repeated by tags)
    assert "aliases" in err and len(err) < 1_000


def test_aliases_and_repeated_keys_in_catalog_yml_are_refused(tmp_path, capsys):
    content = _content(tmp_path / "c1", {"good.md": GOOD}, "title: &t Catalog\ndescription: *t\n")
    assert "catalog.yml:1: unreadable YAML: the value anchored here" in _check(content, capsys)
    content = _content(tmp_path / "c2", {"good.md": GOOD}, "title: One\nper_page: 5\ntitle: Two\n")
    assert "catalog.yml:3: unreadable YAML: the key 'title' is given twice (first on line 1)" in _check(content, capsys)


def test_a_key_given_twice_in_an_entry_names_both_lines(tmp_path, capsys):
    twice = GOOD.replace("date: '2024-03-01'\n", "date: '2024-03-01'\ntitle: Another title\n")
    content = _content(tmp_path / "content", {"good.md": twice})
    assert (f"{content / 'papers' / 'good.md'}:5: unreadable YAML: the key 'title' is given twice "
            "(first on line 2); keep one") in _check(content, capsys)


def test_a_huge_value_is_echoed_cut_short(tmp_path, capsys):
    huge = GOOD.replace("date: '2024-03-01'", "date: '" + "9" * 200_000 + "'")
    content = _content(tmp_path / "content", {"good.md": huge})
    err = _check(content, capsys)
    assert "date: must be YYYY-MM-DD, YYYY-MM or YYYY (got '99999" in err and "…)" in err
    assert len(err) < 1_000


def test_a_number_too_big_for_the_cache_is_refused_by_check(tmp_path, capsys):
    """`upvotes: 999...9` (400 digits) passed check and crashed build saving the cache
    (orjson: Integer exceeds 64-bit range); found by bench/probe.py."""
    huge = GOOD.replace("date: '2024-03-01'", "date: '2024-03-01'\nupvotes: " + "9" * 400)
    content = _content(tmp_path / "content", {"good.md": huge})
    err = _check(content, capsys)
    assert f"{content / 'papers' / 'good.md'}:5: upvotes: must be at most 1,000,000,000 (got 99999" in err
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "c")]) == 1
    assert not (tmp_path / "site").exists()


def test_an_entry_over_the_size_limit_is_refused(tmp_path, capsys):
    big = GOOD + "\n" + ("A long note. " * 100_000) + "\n"
    content = _content(tmp_path / "content", {"good.md": big})
    err = _check(content, capsys)
    assert f"{content / 'papers' / 'good.md'}: the file is 1,300,1" in err and "at most 1,000,000" in err


def test_values_with_a_trailing_newline_are_refused(tmp_path, capsys):
    sneaky = GOOD.replace("date: '2024-03-01'", 'date: "2031-01-01\\n"').replace("slug: good", 'slug: "good\\n"')
    content = _content(tmp_path / "content", {"good.md": sneaky})
    err = _check(content, capsys)
    assert "date: must be YYYY-MM-DD, YYYY-MM or YYYY (got '2031-01-01\\n')" in err
    assert "slug: must be lower-case words joined by hyphens (got 'good\\n')" in err


def test_a_base_url_that_could_run_script_is_refused(tmp_path, capsys):
    content = _content(tmp_path / "c1", {"good.md": GOOD}, "title: T\nbase_url: 'javascript:alert(1)//'\n")
    assert "catalog.yml:2: base_url: must be an http(s) URL or a path starting with /" in _check(content, capsys)
    content = _content(tmp_path / "c2", {"good.md": GOOD})
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "k"),
                 "--base-url", "/ok/\nSitemap: http://evil.example/"]) == 1
    assert "--base-url: base_url: must be an http(s) URL or a path starting with /, without spaces or control " \
           "characters" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
    # A browser reads a backslash as a slash: `/\\evil.example/` is `//evil.example/`, whence every page
    # would load its scripts; `https://evil.example\\@good.org/` is a page of evil.example.
    for bad in ("/\\evil.example/", "https://example.org/\\evil.example/", "https://evil.example\\@good.org/"):
        assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache",
                     str(tmp_path / "k"), "--base-url", bad]) == 1
        assert "--base-url: base_url: must be an http(s) URL or a path starting with /, without a backslash " \
               "(browsers read it as a slash" in capsys.readouterr().err  # (the message names what is wrong)
        assert not (tmp_path / "site").exists()
    assert "catalog.yml:2: site_url: must be a full http(s) URL, without a backslash" in _check(
        _content(tmp_path / "c3", {"good.md": GOOD}, "title: T\nsite_url: 'https://example.org/\\evil.example/'\n"), capsys)
    # (a host urlparse cannot read was a traceback: "Invalid IPv6 URL"; others were written into the sitemap)
    for bad in ("http://[bad/", "https://a:b/", "https://:80/", "https://@/", "https://a:99999/"):
        assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "k"),
                     "--base-url", bad]) == 1, bad
        assert "--base-url: base_url: must be an http(s) URL or a path starting with / (got" in capsys.readouterr().err
    for good in ("https://example.org/catalog/", "/catalog/", "/"):
        assert main(["check", "--content", str(_content(tmp_path / good.replace("/", "_"), {"good.md": GOOD},
                                                             f"title: T\nbase_url: '{good}'\n"))]) == 0


def test_a_topic_tree_deeper_than_six_is_refused_not_a_crash(tmp_path, capsys):
    content = _content(tmp_path / "content", {"good.md": GOOD})
    deep = "".join(f"level-{i}:\n  label: Level {i}\n" + (f"  parent: level-{i - 1}\n" if i else "") for i in range(300))
    (content / "topics.yml").write_text(deep, encoding="utf-8")
    err = _check(content, capsys)
    assert "level-6.parent: topics nest at most 6 deep; this one is at depth 7" in err
    assert err.count("nest at most") == 1


def test_control_characters_are_refused_where_they_are(tmp_path, capsys):
    """Invisible characters that XML forbids would break every feed and the sitemap: refused in a
    body (at its line), in a quoted front-matter value, in catalog.yml and in the vocabulary."""
    body = GOOD.replace("with a simple method", "with a \x01 simple method")
    err = _check(_content(tmp_path / "a", {"good.md": body}), capsys)
    assert f"good.md:{body[:body.index(chr(1))].count(chr(10)) + 1}: contains the control character U+0001" in err
    escaped = GOOD.replace("title: A good paper", 'title: "A good\\x07 paper"')
    assert "good.md:2: title: contains the control character U+0007" in _check(
        _content(tmp_path / "b", {"good.md": escaped}), capsys)
    assert "catalog.yml:1: title: contains the control character U+001B" in _check(
        _content(tmp_path / "c", {"good.md": GOOD}, catalog='title: "Esc\\e"\n'), capsys)
    vocab = _content(tmp_path / "d", {"good.md": GOOD})
    tags = (vocab / "tags.yml").read_text(encoding="utf-8")
    (vocab / "tags.yml").write_text(tags.replace("label: Transformers", 'label: "Trans\\x00formers"', 1),
                                    encoding="utf-8")
    assert "contains the control character U+0000" in _check(vocab, capsys)


def test_import_drops_control_characters_so_its_entries_pass_check(tmp_path, capsys):
    listing = tmp_path / "listing.txt"
    listing.write_bytes(b"Abstract: We study \x07bells and NUL\x00 bytes in scraped text. It matters a lot.\n")
    content = _content(tmp_path / "c", {})
    assert main(["import", str(listing), "--content", str(content)]) == 0
    text = next((content / "papers").glob("*.md")).read_text(encoding="utf-8")
    assert "We study bells and NUL bytes in scraped text." in text
    assert main(["check", "--content", str(content)]) == 0



def test_import_drops_control_characters_that_escapes_write(tmp_path, capsys):
    """The file's text holds none, but JSON's `\\u0000` and XML's `&#x80;` decode to them after it is
    read: a CSL item or an arXiv record wrote an entry that check then refused."""
    csl = tmp_path / "zotero.json"
    csl.write_text('[{"type": "article-journal", "title": "Bells\\u0007 and NULs", "container-title": "J", "volume": "5", "issue": "\\u0000\\u0007",'
                   ' "author": [{"given": "Ann\\u001b", "family": "Lee"}], "abstract": "We ring\\u0085 bells."}]',
                   encoding="utf-8")
    atom = tmp_path / "arxiv.xml"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                    '<id>http://arxiv.org/abs/2401.00002v1</id><published>2024-01-01T00:00:00Z</published>'
                    '<title>C1 &#x80;controls&#xFDD0;</title><summary>An abstract &#x9F;here.</summary>'
                    '<author><name>Bo &#x81;Chen</name></author></entry></feed>', encoding="utf-8")
    content = _content(tmp_path / "c", {})
    assert main(["import", str(csl), str(atom), "--content", str(content)]) == 0
    texts = [f.read_text(encoding="utf-8") for f in sorted((content / "papers").glob("*.md"))]
    assert len(texts) == 2 and "title: Bells and NULs" in texts[0] + texts[1]
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().err


def test_bidirectional_overrides_are_refused_and_dropped_on_import(tmp_path, capsys):
    """U+202E reverses how the text after it is shown: `Paper by \u202eecilA` shows "Alice"
    backwards-made, so a title or an author list can read other than it is. Refused at its line,
    in front matter and in the vocabulary, saying why; dropped by import."""
    body = GOOD.replace("title: A good paper", "title: A good \u202epaper")
    err = _check(_content(tmp_path / "a", {"good.md": body}), capsys)
    assert "good.md:2: contains the bidirectional formatting character U+202E, which changes the order" in err
    escaped = GOOD.replace("title: A good paper", 'title: "A good\\u2067 paper"')
    assert "good.md:2: title: contains the bidirectional formatting character U+2067" in _check(
        _content(tmp_path / "b", {"good.md": escaped}), capsys)
    vocab = _content(tmp_path / "d", {"good.md": GOOD})
    tags = (vocab / "tags.yml").read_text(encoding="utf-8")
    (vocab / "tags.yml").write_text(tags.replace("label: Transformers", 'label: "Trans\\u202dformers"', 1),
                                    encoding="utf-8")
    assert "contains the bidirectional formatting character U+202D" in _check(vocab, capsys)
    csl = tmp_path / "zotero.json"
    csl.write_text('[{"type": "article-journal", "title": "Safe \\u202etitle", "container-title": "J",'
                   ' "author": [{"given": "Ann", "family": "Lee\\u2066"}], "abstract": "We \\u202bstudy."}]',
                   encoding="utf-8")
    content = _content(tmp_path / "c", {})
    assert main(["import", str(csl), "--content", str(content)]) == 0
    text = next((content / "papers").glob("*.md")).read_text(encoding="utf-8")
    assert "Safe title" in text and "Lee" in text and "We study." in text
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().err


def test_markup_placeholders_cannot_be_forged_by_the_text():
    """Math and URLs are set aside while Markdown runs and put back after: a marker the text itself
    contains once pointed at a fragment that was not there (IndexError) or at the wrong one."""
    from generator.markup import render_markdown

    for mark in ("\x1a", "\ue000"):
        forged = f"Text *em* with {mark}7{mark} and {mark}0{mark} then $x$ and https://example.org/a."
        html = render_markdown(forged)
        assert html.count('<span class="math">$x$</span>') == 1
        assert html.count('href="https://example.org/a"') == 1
        assert "7" in html


def test_a_render_error_names_the_entry(tmp_path, capsys):
    """A template override that fails on one paper: the error names the template's line and that
    paper's file."""
    content = _content(tmp_path / "cat" / "content", {"good.md": GOOD})
    own = tmp_path / "cat" / "templates" / "partials"
    own.mkdir(parents=True)
    (own / "paper_meta.html").write_text("{{ 1 // (p.title|length - 12) }}\n", encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"),
                 "--cache", str(tmp_path / "cache")]) == 1
    err = capsys.readouterr().err
    assert f"{own / 'paper_meta.html'}:1: ZeroDivisionError: integer division or modulo by zero (while rendering " \
           f"{content / 'papers' / 'good.md'})" in err
    assert "Traceback" not in err and not (tmp_path / "site").exists()


def test_malformed_xml_is_never_written(tmp_path, monkeypatch):
    """The net under validation: a feed that would not parse stops the build before anything is
    written, naming the output."""
    import generator.syndication as syndication
    from generator.build import build
    from generator.errors import PapercatError

    content = _content(tmp_path / "c", {"good.md": GOOD})
    real = syndication.atom
    monkeypatch.setattr(syndication, "atom", lambda *a, **k: real(*a, **k).replace("</feed>", "<broken></feed>"))
    try:
        build(content, tmp_path / "site", cache=tmp_path / "cache")
    except PapercatError as e:
        assert str(e.problems[0]).startswith("feed.xml: papercat made malformed XML")
    else:
        raise AssertionError("a malformed feed was written")
    assert not (tmp_path / "site").exists()


def test_a_windows_device_name_as_slug_is_refused_with_a_hint(tmp_path, capsys):
    """`con.md` and friends cannot be checked out on Windows; import never makes them (test_entries)."""
    papers = {f"{name}.md": GOOD.replace("slug: good", f"slug: {name}") for name in ("con", "nul", "aux", "com1", "lpt9")}
    content = _content(tmp_path / "content", {**papers, "good.md": GOOD, "con-paper.md": GOOD.replace("good", "con-paper")})
    err = _check(content, capsys)
    for name in ("con", "nul", "aux", "com1", "lpt9"):
        assert (f"{content / 'papers' / name}.md:3: slug: is a device name on Windows, where {name}.md cannot be "
                f"checked out (got '{name}') (hint: e.g. slug: {name}-paper, and rename the file to match)") in err
    assert "con-paper.md:" not in err and "good.md:" not in err and "5 problems" in err


def test_check_renders_every_body_as_build_does(tmp_path, capsys, monkeypatch):
    """A body that makes rendering fail fails `check` too, naming the entry (check once passed and
    build crashed)."""
    import generator.render as render

    broken = GOOD.replace("slug: good", "slug: boom").replace("We study", "This body breaks rendering. We study")
    content = _content(tmp_path / "c", {"good.md": GOOD, "boom.md": broken})

    def fragile(text: str) -> str:
        if "breaks rendering" in text:
            raise IndexError("list index out of range")
        return "<p>ok</p>"

    monkeypatch.setattr(render, "render_markdown", fragile)
    err = _check(content, capsys)
    assert f"{content / 'papers' / 'boom.md'}: cannot be rendered: IndexError" in err
    assert "good.md" not in err


def test_deeply_nested_values_are_refused_not_a_crash(tmp_path, capsys):
    """`tags: [[[...]]]` 5,000 deep passed the parser and crashed check (found by bench/probe.py)."""
    deep_list = GOOD.replace("date: '2024-03-01'", "date: '2024-03-01'\ntags: " + "[" * 5000 + "]" * 5000)
    deep_map = GOOD.replace("slug: good", "slug: good2").replace(
        "date: '2024-03-01'", "date: '2024-03-01'\nlinks: " + "{a: " * 2000 + "1" + "}" * 2000)
    err = _check(_content(tmp_path / "c", {"good.md": deep_list, "good2.md": deep_map}), capsys)
    assert err.count("values nested more than 20 levels deep") == 2 and "Traceback" not in err
    err = _check(_content(tmp_path / "d", {"good.md": GOOD}, catalog="title: " + "[" * 3000 + "]" * 3000 + "\n"), capsys)
    assert "catalog.yml:1: must be a mapping" in err


def test_a_catalog_yml_that_is_not_text_is_a_problem_at_its_line(tmp_path, capsys):
    content = _content(tmp_path / "c", {"good.md": GOOD})
    (content / "catalog.yml").write_bytes(b"title: A\ndescription: \xff\xfe binary\n")
    assert "catalog.yml:2: not UTF-8 text" in _check(content, capsys)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_output_folder_that_would_lose_files_is_refused_and_nothing_is_touched(tmp_path, capsys):
    """A full build replaces the whole output folder: `--out content`, `--out .` or a folder of the
    curator's own once deleted them all and reported success."""
    catalog = tmp_path / "catalog"
    content = _content(catalog / "content", {"good.md": GOOD})
    (catalog / "README.md").write_text("my notes\n", encoding="utf-8")
    mine = tmp_path / "docs"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    before = _snapshot(tmp_path)
    cases = {content: "is the content folder", catalog: "holds the content folder", tmp_path: "holds the content folder",
             mine: "holds files, and not a site papercat built", a_file: "is not a folder"}
    for out, said in cases.items():
        assert main(["build", "--content", str(content), "--out", str(out)]) == 1, out
        err = capsys.readouterr().err
        assert f"{out}: " in err and said in err and "hint: choose a new or empty folder" in err
        assert _snapshot(tmp_path) == before
    site = catalog / "site"
    assert main(["build", "--content", str(content), "--out", str(site), "--cache", str(site / "cache")]) == 1
    assert "holds the cache" in capsys.readouterr().err and not site.exists()


def test_a_new_an_empty_and_an_earlier_site_folder_are_built_into(tmp_path):
    content = _content(tmp_path / "content", {"good.md": GOOD})
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")  # (what a file browser leaves: still an empty folder)
    for out in (tmp_path / "new" / "site", empty):
        assert main(["build", "--content", str(content), "--out", str(out)]) == 0
        assert (out / "papers" / "good" / "index.html").is_file()
    (content / "papers" / "other.md").write_text(GOOD.replace("slug: good", "slug: other"), encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(empty), "--cache", str(tmp_path / "fresh-cache")]) == 0
    assert (empty / "papers" / "other" / "index.html").is_file()  # (no state for it: a full build over papercat's site)


def test_the_site_mark_is_the_search_index_manifest():
    from generator.search_index import MANIFEST_FILE
    from generator.writer import SITE_MARK

    assert SITE_MARK == MANIFEST_FILE


def test_authors_written_as_one_line_of_several_names_are_refused(tmp_path, capsys):
    """`authors: A, B and C` was one person, with a page, and `author = {C, {A, B and}}` in BibTeX."""
    def entry(slug: str, authors: str) -> str:
        return GOOD.replace("slug: good", f"slug: {slug}").replace("date:", f"authors: {authors}\ndate:")

    content = _content(tmp_path / "content", {
        "three.md": entry("three", "Alice Smith, Bob Jones and Carol White"),
        "semicolon.md": entry("semicolon", "Smith; Jones"),
        "family-first.md": entry("family-first", "Vaswani, Ashish"),
        "one.md": entry("one", "Alice Smith"),
        "suffix.md": entry("suffix", "John Smith, Jr."),
        "team.md": entry("team", "\n- Gemini Team and Google DeepMind\n- Jane Doe"),
    })
    err = _check(content, capsys)
    for name in ("three", "semicolon", "family-first"):
        assert f"{content / 'papers' / name}.md:4: authors: is one line of text that reads as several names" in err
    assert "write one name per line" in err
    assert err.count("reads as several names") == 3  # (one name, a suffix, and list items as written pass)


def test_every_command_says_the_same_of_a_content_folder_that_is_not_there(tmp_path, capsys):
    missing = tmp_path / "contnet"
    for args in (["check"], ["build", "--out", str(tmp_path / "site")], ["new", "--title", "A paper"]):
        assert main([*args, "--content", str(missing)]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith(f"{missing}: no such content directory (hint: run from the catalog's root") and \
            "papercat init DIR" in err, args
    assert sorted(tmp_path.iterdir()) == []  # (nothing made: not the folder, not a site)
    # The papers folder given as the content folder: pointed at the right one, not told to make tags.yml in it.
    content = _content(tmp_path / "content", {"good.md": GOOD})
    for args in (["check"], ["build", "--out", str(tmp_path / "site")]):
        assert main([*args, "--content", str(content / "papers")]) == 2, args
        assert capsys.readouterr().err.startswith(
            f"{content / 'papers'}: not a content folder (it has no catalog.yml and no papers/) "
            f"(hint: pass the folder that holds them: --content {content})"), args
    assert not (tmp_path / "site").exists()


def test_big_numbers_on_charts_and_lists_have_thousands_separators():
    """The home's topic chart said `4413`, the tag table `3000`, where words say "10,000 papers"."""
    from generator.build import TEMPLATES
    from generator.charts import Bar, bar_chart, column_chart
    from generator.config import Config
    from generator.render import make_env

    column = column_chart([Bar("2023", 4413, "/years/2023/"), Bar("2024", 7, "/years/2024/")], "Papers per year")
    bars = bar_chart([Bar("Vision", 12345, "/topics/vision/"), Bar("Speech", 3, "/topics/speech/")], "Papers per topic")
    assert ">4,413</text>" in column and "2023: 4,413" in column and ">7</text>" in column
    assert '<span class="hbar-value">12,345</span>' in bars and '<span class="hbar-value">3</span>' in bars
    env = make_env([TEMPLATES], Config())
    assert env.from_string("{{ n | number }} {{ m | number }}").render(n=10_000, m=999) == "10,000 999"


def test_one_paper_is_one_paper_not_1_papers(tmp_path, capsys):
    from generator.plural import counted

    assert [counted(n, "paper") for n in (0, 1, 2, 10_000)] == ["0 papers", "1 paper", "2 papers", "10,000 papers"]
    content = _content(tmp_path / "content", {"good.md": GOOD})
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(site)]) == 0
    out = capsys.readouterr().out
    assert "built 1 paper into" in out and "1 papers" not in out
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>1</strong> paper ·" in home and "All 1 paper →" in home
    year = (site / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert 'content="1 paper"' in year and "1 papers" not in year


def test_a_doi_in_two_entries_in_any_case_is_refused_like_an_arxiv_id(tmp_path, capsys):
    one = GOOD.replace("date:", "doi: 10.18653/v1/N19-1423\ndate:")
    two = one.replace("slug: good", "slug: bert").replace("10.18653/v1/N19-1423", "10.18653/V1/n19-1423")
    content = _content(tmp_path / "content", {"good.md": one, "bert.md": two})
    err = _check(content, capsys)
    assert f"{content / 'papers' / 'good.md'}:4: doi: '10.18653/v1/N19-1423' is also used by " in err
    assert "merge the two entries or change one" in err


def test_a_slug_hint_never_offers_an_invalid_slug(tmp_path, capsys):
    content = _content(tmp_path / "content", {"Bad Name.md": GOOD, "other.md": GOOD.replace("slug: good", "slug: x")})
    err = _check(content, capsys)
    assert "Bad Name.md:3: slug: differs from the file name ('Bad Name') (hint: rename the file to good.md)" in err
    assert "other.md:3: slug: differs from the file name ('other') (hint: rename the file to x.md, or set slug: other)" in err


def test_jobs_must_be_one_or_more(capsys):
    import pytest

    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as e:
            main(["build", "--jobs", bad])
        assert e.value.code == 2 and "argument --jobs" in capsys.readouterr().err


def test_build_names_a_bad_entry_as_check_does_relative_to_the_current_folder(tmp_path, capsys, monkeypatch):
    _content(tmp_path / "content", {"bad.md": GOOD.replace("date: '2024-03-01'", "date: '2024-13-01'")})
    monkeypatch.chdir(tmp_path)
    for args in (["check"], ["build", "--out", "site"]):
        assert main([*args, "--content", "content"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"content{os.sep}papers{os.sep}bad.md:4: date: "), (args, err)


def test_a_site_whose_search_folder_was_removed_by_hand_is_built_whole_again(tmp_path):
    content = _content(tmp_path / "content", {"good.md": GOOD})
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(site)]) == 0
    shutil.rmtree(site / "search")
    assert main(["build", "--content", str(content), "--out", str(site)]) == 0  # (the cache knows the folder)
    assert (site / "search" / "manifest.json").is_file()


def test_a_catalog_without_dates_topics_or_venues_shows_no_empty_chart_and_no_dead_nav_link(tmp_path):
    """An empty chart box reads as a broken page; a "Venues" link to an index of nothing is a dead end."""
    undated = GOOD.replace("date: '2024-03-01'\n", "").replace("attention in transformers for speech recognition",
                                                              "a plain method")
    content = _content(tmp_path / "content", {"good.md": undated})
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(site)]) == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    years = (site / "years" / "index.html").read_text(encoding="utf-8")
    assert home.count('class="chart-box"') == 1 and "Papers per topic" in home  # (its topic is Other)
    assert 'class="chart-box"' not in years and "1 paper has no date" in home
    assert ">Venues</a>" not in home and ">Years</a>" in home
    dated = GOOD.replace("slug: good", "slug: other").replace("---\n\n", "venue: NeurIPS 2024\n---\n\n")
    (content / "papers" / "other.md").write_text(dated, encoding="utf-8")
    shutil.copy(CONTENT / "venues.yml", content / "venues.yml")
    assert main(["build", "--content", str(content), "--out", str(site)]) == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('class="chart-box"') == 2 and ">Venues</a>" in home


def test_a_language_that_is_no_language_tag_is_refused(tmp_path, capsys):
    """`language: English (UK)` became `<html lang="English (UK)">` on every page."""
    content = _content(tmp_path / "content", {"good.md": GOOD}, "title: T\nlanguage: English (UK)\n")
    err = _check(content, capsys)
    assert "catalog.yml:2: language: must be a language tag such as en, en-GB or pt-BR (got 'English (UK)')" in err
    (content / "catalog.yml").write_text("title: T\nlanguage: en-GB\n", encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    assert '<html lang="en-GB">' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_an_author_written_family_name_first_is_a_problem_at_its_line(tmp_path, capsys):
    """`- O'Neal, Shaquille` passed check and was cited as `Shaquille, {O'Neal,}`. A family name of
    several words may come first (`- Van Gool, Luc`): "Luc Van Gool" would be cited `Gool, Luc Van`."""
    entry = GOOD.replace("date:", "authors:\n- Shaquille O'Neal\n- O'Neal, Shaquille\ndate:")
    err = _check(_content(tmp_path / "content", {"good.md": entry}), capsys)
    assert "good.md:4: authors: has a name written family name first (got \"O'Neal, Shaquille\") (hint: write " \
           "given names first, `- Shaquille O'Neal`; a family name of several words may come first, before a " \
           "comma: `- Van Gool, Luc`)" in err
    # A suffix, what imports write for a braced corporate author or a CSL literal, and a family name of
    # several words before the comma pass.
    fine = GOOD.replace("date:", "authors:\n- Martin Luther King, Jr.\n- Google, Inc.\n- Anthropic, PBC\n"
                                 "- Meta AI, FAIR\n- Jane Doe, PhD\n- Llama Team, AI @ Meta\n- Van Gool, Luc\n"
                                 "- Van der Maaten, Laurens\n- Le Cun, Y.\n- De Boer, Pieter-Tjerk\n"
                                 "- van der Berg, Jan\n- Van Gool, Luc, Jr.\ndate:")
    assert main(["check", "--content", str(_content(tmp_path / "fine", {"good.md": fine}))]) == 0
    for written in ("Tolkien, J. R. R.", "Schmidhuber, J", "Ng, AY", "Smith, John, Mary"):
        err = _check(_content(tmp_path / written[:3], {"good.md": GOOD.replace("date:", f"authors:\n- {written}\ndate:")}),
                     capsys)
        assert "has a name written family name first" in err, written


def test_a_cache_inside_the_content_is_refused(tmp_path, capsys):
    """`--cache content/cache` was taken: `serve` then rebuilt for ever after each build's own cache
    files, reloading every open page three times a second."""
    from generator import cli

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "golden" / "content", content)
    status = cli.main(["build", "--content", str(content), "--out", str(tmp_path / "site"),
                       "--cache", str(content / "cache")])
    err = capsys.readouterr().err
    assert status == 1 and "the cache is inside the content folder" in err and "Traceback" not in err
    assert not (content / "cache").exists() and not (tmp_path / "site").exists()


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(port, capsys):
    from generator import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["serve", "--port", port])
    assert stop.value.code == 2 and "--port" in capsys.readouterr().err
