"""Links and unreadable files in a catalog (issue 14, items 7 and 13): a link that leaves the content
or theme folder is refused, a broken link or a loop is a FILE problem, and so are an unreadable
entry and a `papers` that is a file; in check, build, import and serve alike, never a traceback."""

from __future__ import annotations

import os
import pathlib
import shutil
from pathlib import Path

import pytest

from generator import config, entries, inputs, venues, vocabulary
from generator.cli import main
from tests.sitecheck import ENTRY
from generator.serve import Server

CONTENT = Path(__file__).resolve().parent.parent / "content"
RAW = CONTENT / "raw" / "000_9fa20906cb48805a.txt"


def _catalog(root: Path) -> Path:
    """`root/content` with two entries and the shipped vocabulary; returns the content folder."""
    content = root / "content"
    (content / "papers").mkdir(parents=True)
    (content / "catalog.yml").write_text("title: Test catalog\n", encoding="utf-8")
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(CONTENT / name, content / name)
    for slug in ("first", "second"):
        (content / "papers" / f"{slug}.md").write_text(ENTRY.format(title=f"The {slug} paper", slug=slug),
                                                        encoding="utf-8")
    return content


def _run(capsys, *argv: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out + err


def _all(capsys, content: Path, tmp_path: Path) -> dict[str, tuple[int, str]]:
    """check, build and import on `content`, each as (exit status, output)."""
    out = tmp_path / "site"
    return {
        "check": _run(capsys, "check", "--content", content),
        "build": _run(capsys, "build", "--content", content, "--out", out, "--cache", tmp_path / "cache"),
        "import": _run(capsys, "import", RAW, "--content", content),
    }


LOOP = "a symbolic link that loops (hint: remove the link; a link must end at a file)"


def test_broken_links_and_loops_are_file_problems_everywhere(tmp_path, capsys):
    content = _catalog(tmp_path)
    papers = content / "papers"
    os.symlink("../../nowhere.md", papers / "dangling.md")
    os.symlink("loop.md", papers / "loop.md")
    for command, (status, text) in _all(capsys, content, tmp_path).items():
        assert status != 0, command
        assert "Traceback" not in text and "FileNotFoundError" not in text, command
        assert "dangling.md: a symbolic link to '../../nowhere.md', which does not exist (hint: remove " \
               "the link, or point it at a file inside the content folder)" in text, command
        assert f"loop.md: {LOOP}" in text, command
    assert not (tmp_path / "site").exists()
    assert sorted(p.name for p in papers.iterdir()) == ["dangling.md", "first.md", "loop.md", "second.md"]  # (import wrote nothing)


def test_a_link_out_of_the_content_folder_is_never_read_or_published(tmp_path, capsys):
    content = _catalog(tmp_path)
    secret = tmp_path / "secret.md"  # beside the catalog, as ~/.ssh would be
    secret.write_text(ENTRY.format(title="Private key SECRET-1234", slug="secret"), encoding="utf-8")
    os.symlink("../../secret.md", content / "papers" / "stolen.md")
    for command, (status, text) in _all(capsys, content, tmp_path).items():
        assert status != 0, command
        assert "stolen.md: a symbolic link to '../../secret.md', outside the content folder: papercat does not read it " \
               "(hint: copy the file into the content folder instead of linking to it)" in text, command
    assert not (tmp_path / "site").exists()
    status, text = _run(capsys, "new", "--title", "Another paper", "--content", content)
    assert status == 1 and "stolen.md: a symbolic link to '../../secret.md', outside" in text


def test_a_vocabulary_linked_out_of_the_content_folder_is_not_echoed(tmp_path, capsys):
    content = _catalog(tmp_path)
    (tmp_path / "netrc").write_text("machine-SECRET-TOKEN-42:\n  label: x\n", encoding="utf-8")
    (content / "tags.yml").unlink()
    os.symlink("../netrc", content / "tags.yml")
    for command, (status, text) in _all(capsys, content, tmp_path).items():
        if command == "import":
            continue  # (import reads no vocabulary)
        assert status == 1, command
        assert "tags.yml: a symbolic link to '../netrc', outside the content folder" in text, command
        assert "SECRET-TOKEN" not in text, command


def test_a_theme_file_linked_out_of_the_theme_folder_is_refused(tmp_path, capsys):
    content = _catalog(tmp_path)
    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    (tmp_path / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    os.symlink(tmp_path / "passwd", static / "passwd.txt")
    result = _all(capsys, content, tmp_path)
    for command in ("check", "build"):
        status, text = result[command]
        assert status == 1, command
        assert "passwd.txt: a symbolic link to" in text and "outside the theme folder" in text, command
    assert not (tmp_path / "site").exists()


def test_links_that_stay_inside_are_followed(tmp_path, capsys):
    content = _catalog(tmp_path)
    (content / "shared").mkdir()
    (content / "papers" / "second.md").rename(content / "shared" / "second.md")
    os.symlink("../shared/second.md", content / "papers" / "second.md")
    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    (static / "logo.svg").write_text("<svg/>", encoding="utf-8")
    os.symlink("logo.svg", static / "logo-copy.svg")
    assert _run(capsys, "check", "--content", content)[0] == 0
    status, text = _run(capsys, "build", "--content", content, "--out", tmp_path / "site", "--cache", tmp_path / "c")
    assert status == 0, text
    assert (tmp_path / "site" / "papers" / "second" / "index.html").is_file()
    assert (tmp_path / "site" / "static" / "logo-copy.svg").read_text() == "<svg/>"


def test_papers_as_a_file_is_a_file_problem_everywhere(tmp_path, capsys):
    content = _catalog(tmp_path)
    shutil.rmtree(content / "papers")
    (content / "papers").write_text("oops\n", encoding="utf-8")
    for command, (status, text) in _all(capsys, content, tmp_path).items():
        assert status != 0, command
        assert "papers: is a file, not a folder (hint: entries live in the folder papers/, one file each: move " \
               "the file away and make the folder)" in text, command
        assert "Not a directory" not in text, command


def _unreadable(monkeypatch, path: Path) -> None:
    """Reading `path` fails as chmod 000 makes it fail (which root, running the tests, would not feel)."""
    read = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return read(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)


def test_an_unreadable_entry_is_a_file_problem_everywhere(tmp_path, capsys, monkeypatch):
    content = _catalog(tmp_path)
    _unreadable(monkeypatch, content / "papers" / "first.md")
    for command, (status, text) in _all(capsys, content, tmp_path).items():
        assert status != 0, command
        assert "first.md: cannot read: Permission denied (hint: make it readable (chmod 644), then run the " \
               "command again)" in text, command
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_a_chmod_000_entry_is_a_file_problem(tmp_path, capsys):
    content = _catalog(tmp_path)
    (content / "papers" / "first.md").chmod(0)
    try:
        status, text = _run(capsys, "check", "--content", content)
    finally:
        (content / "papers" / "first.md").chmod(0o644)
    assert status == 1 and "first.md: cannot read: Permission denied" in text


def test_serve_reports_a_bad_link_as_a_file_problem(tmp_path):
    content = _catalog(tmp_path)
    os.symlink("loop.md", content / "papers" / "loop.md")
    reports = []
    server = Server(content, tmp_path / "site", port=0, report=reports.append)
    try:
        state = server.rebuild()
    finally:
        server.httpd.server_close()
    assert state.error == f"{content.resolve() / 'papers' / 'loop.md'}: {LOOP}"
    assert [r.kind for r in reports] == ["failed"]


def test_the_names_checked_are_the_names_read():
    assert inputs.CONTENT_FILES == (config.CONFIG_FILE, vocabulary.TAGS_FILE, vocabulary.TOPICS_FILE, venues.VENUES_FILE)
    assert inputs.PAPERS_DIR == entries.PAPERS_DIR
