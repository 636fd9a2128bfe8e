"""`papercat init DIR`: a new catalog that imports, builds and publishes with no other step, and
never writes over a file."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

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


def test_the_workflow_installs_this_version_and_publishes_like_ours(papercat, tmp_path):
    papercat("init", tmp_path / "c")
    theirs = yaml.safe_load((tmp_path / "c" / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    install = [s["run"] for s in theirs["jobs"]["build"]["steps"] if s.get("name") == "Install papercat"]
    assert install == [f'python -m pip install "papercat=={__version__}"']

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
