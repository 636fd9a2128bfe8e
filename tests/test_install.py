"""papercat as a user installs it: a wheel in a fresh virtual environment, away from this repository,
starting a catalog with `papercat init` and building it, and building the shipped catalog."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "generator", "templates")  # all a wheel is made from


def _run(*cmd, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAPERCAT_CACHE")}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")  # (the default cache as a user has it, but not the user's)
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and done.returncode:
        pytest.fail(f"{cmd} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv (no system packages) with papercat installed from a wheel built from a copy of
    the sources (pip builds in the source tree; tests never write into the repository)."""
    work = tmp_path_factory.mktemp("install")
    src = work / "src"
    src.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                         if (ROOT / name).is_dir() else {}))
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", src, cwd=work)
    wheel = next((work / "dist").glob("papercat-*.whl"))
    # (Without a pip of its own, installed into by this pip: venv's ensurepip took 8 of the 16 s.)
    _run(sys.executable, "-m", "venv", "--without-pip", work / "venv", cwd=work)
    _run(sys.executable, "-m", "pip", "--python", work / "venv" / "bin" / "python", "install", "--quiet",
         "--disable-pip-version-check", wheel, cwd=work)
    return work / "venv"


def test_the_wheel_holds_the_templates_and_is_what_runs(venv, tmp_path):
    where = _run(venv / "bin" / "python", "-c", "import generator.theme as t; print(t.PACKAGED)", cwd=tmp_path)
    packaged = Path(where.stdout.strip())
    assert venv in packaged.parents and packaged.name == "templates"
    assert (packaged / "partials" / "paper_item.html").is_file()
    assert (packaged / "static" / "vendor" / "katex" / "katex.min.js").is_file()
    assert _run(venv / "bin" / "papercat", "--version", cwd=tmp_path).stdout.strip() == f"papercat {__version__}"


def test_init_import_build_in_a_new_catalog(venv, tmp_path):
    papercat = venv / "bin" / "papercat"
    _run(papercat, "init", "reading-list", cwd=tmp_path)
    catalog = tmp_path / "reading-list"
    raw = sorted((ROOT / "content" / "raw").glob("*.txt"))
    for path in raw:
        shutil.copy(path, catalog / "content" / "raw" / path.name)
    _run(papercat, "import", *[f"content/raw/{p.name}" for p in raw], cwd=catalog)
    assert len(list((catalog / "content" / "papers").glob("*.md"))) > 300
    _run(papercat, "check", cwd=catalog)
    built = _run(papercat, "build", "--cache", tmp_path / "cache", cwd=catalog)
    assert "built" in built.stdout
    site = catalog / "site"
    assert (site / "index.html").is_file() and (site / "search" / "manifest.json").is_file()
    assert len(list((site / "papers").glob("*/index.html"))) > 300
    assert "Reading list" in (site / "index.html").read_text(encoding="utf-8")


def test_the_shipped_catalog_builds_from_another_directory(venv, tmp_path):
    out = tmp_path / "shipped"
    _run(venv / "bin" / "papercat", "build", "--content", ROOT / "content", "--out", out, "--cache", tmp_path / "c",
         cwd=tmp_path)
    assert len(list((out / "papers").glob("*/index.html"))) == len(list((ROOT / "content" / "papers").glob("*.md")))
    assert (out / "static" / "style.css").read_bytes() == (ROOT / "templates" / "static" / "style.css").read_bytes()
