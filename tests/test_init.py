"""`papercat init DIR`: a new catalog that imports, builds and publishes with no other step, and
never writes over a file."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.config import Config, load_config
from generator.vocabulary import load_vocabulary
from tests.sitecheck import snapshot
from tests.workflow_lint import actionlint

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ["content/catalog.yml", "content/tags.yml", "content/topics.yml", "content/venues.yml", ".github/workflows/site.yml",
          ".gitignore", "README.md"]


def test_init_writes_a_catalog_that_imports_checks_and_builds(papercat, tmp_path, raw_files):
    target = tmp_path / "robot-learning"
    run = papercat("init", target)
    assert run.status == 0, run.err
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == sorted(LAYOUT)
    assert (target / "content" / "papers").is_dir() and (target / "content" / "raw").is_dir()
    content = target / "content"
    assert load_config(content).title == "Robot learning"
    vocab = load_vocabulary(content)
    assert vocab.tags and vocab.topics
    # The starter venues are the shipped catalog's: NIPS resolves in a new catalog as in ours.
    assert (content / "venues.yml").read_bytes() == (ROOT / "content" / "venues.yml").read_bytes()
    assert vocab.venues.resolve("NIPS'17") == "NeurIPS 2017"

    run = papercat("import", *raw_files.values(), "--content", content)
    assert run.status == 0, run.err
    assert papercat("check", "--content", content).status == 0
    run = papercat("build", "--content", content, "--out", target / "site", "--cache", tmp_path / "cache")
    assert run.status == 0, run.err
    assert (target / "site" / "index.html").is_file()
    assert "/site/" in (target / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.skipif(not hasattr(os, "umask") or os.name == "nt", reason="POSIX permissions")
def test_init_and_new_write_files_as_an_editor_would_readable_by_all(papercat, tmp_path):
    """Files `init` and `new` write get the mode the umask gives (0644 under 022): they were 0600
    (tempfile's), so a build run as another user (a CI container, a web server's) could not read them."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "c"
        assert papercat("init", target).status == 0
        run = papercat("new", "--content", target / "content", "--title", "A paper of my own")
        assert run.status == 0, run.err
    finally:
        os.umask(old)
    written = [target / name for name in LAYOUT] + list((target / "content" / "papers").glob("*.md"))
    assert len(written) == len(LAYOUT) + 1
    assert {str(p.relative_to(target)): oct(p.stat().st_mode & 0o777) for p in written} == \
        {str(p.relative_to(target)): oct(0o644) for p in written}


def test_catalog_yml_lists_every_option_and_its_default(papercat, tmp_path):
    papercat("init", tmp_path / "c", "--title", 'Papers "we" like')
    text = (tmp_path / "c" / "content" / "catalog.yml").read_text(encoding="utf-8")
    assert load_config(tmp_path / "c" / "content").title == 'Papers "we" like'
    for f in dataclasses.fields(Config):
        if f.name == "title":
            continue
        line = re.search(rf"^#? ?{f.name}: (.*)$", text, re.MULTILINE)
        assert line, f"catalog.yml does not list {f.name}"
        if f.default not in ("",):  # (a documented example value, not the default, for an empty one)
            assert yaml.safe_load(line.group(1)) == f.default, f.name


def test_the_workflow_publishes_like_ours(papercat, tmp_path):
    papercat("init", tmp_path / "c")
    theirs = yaml.safe_load((tmp_path / "c" / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    def actions(workflow):
        return [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]

    assert actions(theirs) == actions(ours)

    def checks(workflow):
        return [(s.get("if"), s["run"]) for s in workflow["jobs"]["build"]["steps"] if "papercat check" in s.get("run", "")]

    assert checks(theirs) == checks(ours)  # (pull requests: check --strict, failing on drafts)
    assert theirs["permissions"] == ours["permissions"]
    assert theirs["jobs"]["deploy"] == ours["jobs"]["deploy"]
    on = theirs[True]  # (YAML 1.1 reads the key `on` as True)
    assert on["push"]["paths"] == on["pull_request"]["paths"]
    assert {"content/**", "templates/**"} <= set(on["push"]["paths"])


class _Installed:
    """An installed papercat's metadata as importlib.metadata gives it: its version and PEP 610's
    direct_url.json (None: installed from an index, which papercat is not on)."""

    def __init__(self, direct_url: dict | None, version: str = __version__):
        self.version, self.direct_url = version, direct_url

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.direct_url) if name == "direct_url.json" and self.direct_url else None


GIT = {"url": "https://ada:s3cret@github.com/example/papercat.git",
       "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567", "requested_revision": "v1"}}
FROM_GIT = "papercat @ git+https://github.com/example/papercat.git@0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("installed, want", [
    (_Installed(GIT), FROM_GIT),  # (pinned to the commit; the URL's credentials left out)
    (_Installed({**GIT, "subdirectory": "tools"}), FROM_GIT + "#subdirectory=tools"),
    (_Installed({"url": "file:///home/ada/papercat", "dir_info": {"editable": True}}), None),  # (a checkout)
    (_Installed({"url": "file:///tmp/papercat-0.1.0-py3-none-any.whl", "archive_info": {}}), None),
    (_Installed(GIT, version="0.0.1"), None),  # (another papercat than the one running)
    (_Installed({**GIT, "url": "https://github.com/x/it's.git"}), None),  # (would end the workflow's quotes)
    (None, None),  # (not installed at all: run from a checkout)
])
def test_init_tells_pip_to_install_papercat_from_where_it_came_never_pypi(papercat, tmp_path, monkeypatch,
                                                                          installed, want):
    """papercat is not on PyPI: the README and the workflow install it from its git repository,
    pinned to the commit this papercat was installed from when it knows it; else the README says
    `pip install PATH` and the workflow stops at once, saying where to write it."""
    import importlib.metadata
    import subprocess

    def distribution(name):
        if installed is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setattr("generator.starter.metadata.distribution", distribution)
    assert papercat("init", tmp_path / "c").status == 0
    readme = (tmp_path / "c" / "README.md").read_text(encoding="utf-8")
    text = (tmp_path / "c" / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for written in (readme, text):
        assert "papercat==" not in written and "pypi.org" not in written and "s3cret" not in written
    step = next(s for s in yaml.safe_load(text)["jobs"]["build"]["steps"] if s.get("name") == "Install papercat")
    assert step["env"] == {"PAPERCAT": want or ""}
    assert step["run"].startswith('python -m pip install "${PAPERCAT:?')
    if want:
        assert f'\n    pip install "{want}"\n' in readme and f"step: `{want}`,\nthe papercat" in readme
    else:
        assert f"\n    pip install PATH                # PATH: a checkout of papercat {__version__}\n" in readme
    # The step's shell, with pip swapped for printf: the requirement when there is one, else a stop.
    shell = step["run"].replace("python -m pip install", "printf %s")
    ran = subprocess.run(["bash", "-c", shell], env={"PAPERCAT": want or ""}, capture_output=True, text=True)
    if want:
        assert (ran.returncode, ran.stdout) == (0, want)
    else:
        assert ran.returncode != 0 and "write in .github/workflows/site.yml where pip gets papercat" in ran.stderr
        assert "not on PyPI" in ran.stderr


def test_the_workflow_passes_actionlint(papercat, tmp_path):
    papercat("init", tmp_path / "c")
    path = tmp_path / "c" / ".github" / "workflows" / "site.yml"
    assert actionlint(path.read_text(encoding="utf-8"), ".github/workflows/site.yml") == []


def test_init_never_writes_over_a_file(papercat, tmp_path):
    target = tmp_path / "c"
    (target / "content").mkdir(parents=True)
    (target / "README.md").write_text("my own notes\n", encoding="utf-8")
    before = snapshot(target)
    run = papercat("init", target)
    assert run.status == 1
    assert f"{target / 'README.md'}: already exists" in run.err
    assert snapshot(target) == before  # nothing written, not even the files that did not exist


def test_the_next_steps_can_be_pasted_into_a_shell(papercat, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = papercat("init", "my catalog")
    assert run.status == 0, run.err
    assert "  cd 'my catalog'" in run.out.splitlines()
    assert (tmp_path / "my catalog" / "content" / "catalog.yml").is_file()
