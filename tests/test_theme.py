"""A catalog's own templates and static files replace the packaged ones, file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.build import build
from generator.errors import PapercatError
from generator.theme import PACKAGED
from tests.sitecheck import html_pages, snapshot

ROOT = Path(__file__).resolve().parent.parent
FOOTER = '<footer class="site-footer"><p>Curated by the Example Lab. <a href="https://example.org/">Who we are</a></p></footer>\n'


@pytest.fixture()
def catalog(tmp_path):
    """A 20-paper catalog laid out as `papercat init` makes one, with no theme of its own yet."""
    content = tmp_path / "cat" / "content"
    (content / "papers").mkdir(parents=True)
    for name in ("catalog.yml", "tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for path in sorted((ROOT / "content" / "papers").glob("*.md"))[::18]:
        shutil.copy(path, content / "papers" / path.name)
    return content


def _build(content: Path, out: Path, cache: Path):
    return build(content, out, cache=cache, jobs=1)


def _cold(content: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(tmp_path / "cold-cache", ignore_errors=True)
    _build(content, out, tmp_path / "cold-cache")
    return snapshot(out)


def test_packaged_theme_alone_when_the_catalog_has_none(catalog, tmp_path):
    _build(catalog, tmp_path / "site", tmp_path / "cache")
    packaged = (PACKAGED / "static" / "style.css").read_bytes()
    assert (tmp_path / "site" / "static" / "style.css").read_bytes() == packaged


def test_an_override_replaces_one_template_and_rebuilds_what_uses_it(catalog, tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(catalog, site, cache)
    own = catalog.parent / "templates"
    (own / "partials").mkdir(parents=True)
    (own / "partials" / "site_footer.html").write_text(FOOTER, encoding="utf-8")
    result = _build(catalog, site, cache)
    assert result.mode == "incremental" and result.rendered > 0
    pages = html_pages(site)
    assert pages and all("Curated by the Example Lab." in p.read_text(encoding="utf-8") for p in pages)
    # Everything else still comes from the package: the header, the stylesheet.
    assert all('class="site-header' in p.read_text(encoding="utf-8") for p in pages)
    assert snapshot(site) == _cold(catalog, tmp_path)

    # Changing the override rebuilds again; removing it brings the packaged footer back.
    (own / "partials" / "site_footer.html").write_text(FOOTER.replace("Example Lab", "Other Lab"), encoding="utf-8")
    _build(catalog, site, cache)
    assert "Other Lab" in (site / "index.html").read_text(encoding="utf-8")
    assert snapshot(site) == _cold(catalog, tmp_path)
    shutil.rmtree(own)
    _build(catalog, site, cache)
    assert "Lab." not in (site / "index.html").read_text(encoding="utf-8")
    assert snapshot(site) == _cold(catalog, tmp_path)


def test_static_files_are_replaced_and_added(catalog, tmp_path):
    own = catalog.parent / "templates" / "static"
    own.mkdir(parents=True)
    (own / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    (own / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    _build(catalog, tmp_path / "site", tmp_path / "cache")
    static = tmp_path / "site" / "static"
    assert (static / "style.css").read_text(encoding="utf-8") == "body { color: rebeccapurple; }\n"
    assert (static / "logo.svg").is_file()
    assert (static / "search.js").read_bytes() == (PACKAGED / "static" / "search.js").read_bytes()


def test_theme_dir_names_another_folder(catalog, tmp_path):
    theme = catalog.parent / "my-theme" / "partials"
    theme.mkdir(parents=True)
    (theme / "site_footer.html").write_text(FOOTER, encoding="utf-8")
    with (catalog / "catalog.yml").open("a", encoding="utf-8") as f:
        f.write("theme_dir: ../my-theme\n")
    _build(catalog, tmp_path / "site", tmp_path / "cache")
    assert "Curated by the Example Lab." in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_missing_theme_dir_is_an_error_at_its_line(catalog, tmp_path, capsys):
    lines = (catalog / "catalog.yml").read_text(encoding="utf-8").count("\n")
    with (catalog / "catalog.yml").open("a", encoding="utf-8") as f:
        f.write("theme_dir: ../nowhere\n")
    with pytest.raises(PapercatError) as e:
        _build(catalog, tmp_path / "site", tmp_path / "cache")
    assert str(e.value.problems[0]).startswith(f"{catalog / 'catalog.yml'}:{lines + 1}: ")
    assert "no such folder" in str(e.value.problems[0])
    assert not (tmp_path / "site").exists()
    status = cli.main(["build", "--content", str(catalog), "--out", str(tmp_path / "site"),
                       "--cache", str(tmp_path / "cache")])
    assert status == cli.EXIT_PROBLEMS and "theme_dir" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["/etc", "../..", "../../elsewhere"])
def test_a_theme_dir_outside_the_catalog_is_refused(catalog, tmp_path, where):
    """A theme is code that builds run and files they publish: catalog.yml (data a pull request may
    change) cannot point it at the machine's other folders."""
    (tmp_path / "elsewhere" / "static").mkdir(parents=True)
    (tmp_path / "elsewhere" / "static" / "secret.txt").write_text("not for the site\n", encoding="utf-8")
    with (catalog / "catalog.yml").open("a", encoding="utf-8") as f:
        f.write(f"theme_dir: {where}\n")
    with pytest.raises(PapercatError) as e:
        _build(catalog, tmp_path / "site", tmp_path / "cache")
    assert "theme_dir: must be a folder inside the catalog" in str(e.value.problems[0])
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("template, text, said", [
    ("partials/site_footer.html", "<footer>{% if %}x</footer>\n", "TemplateSyntaxError: Expected an expression"),
    ("partials/site_footer.html", "<footer>\n{{ undefined_var.attr }}</footer>\n", "UndefinedError: 'undefined_var'"),
    ("partials/paper_item.html", "<li>{{ nope.x }}</li>\n", "UndefinedError: 'nope' is undefined (while rendering"),
    ("paper.html", '{% extends "base.html" %}{% block main %}\n\n{{ paper.nosuch.x }}{% endblock %}\n',
     "has no attribute 'nosuch' (while rendering"),
    ("paper.html", '{% extends "base.html" %}{% block main %}{% if %}{% endblock %}\n', "TemplateSyntaxError"),
    ("partials/paper_item.html", "<li>{% if %}</li>\n", "TemplateSyntaxError"),
])
def test_a_broken_override_is_named_at_its_line_and_the_site_stays(catalog, tmp_path, capsys, template, text, said):
    """A broken partial printed a traceback, and an error in paper.html was laid on the first entry."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(catalog, site, cache)
    before = snapshot(site)
    own = catalog.parent / "templates" / template
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(text, encoding="utf-8")
    line = 1 + text.split("{{")[0].split("{% if")[0].count("\n") if "nosuch" not in text else 3
    assert cli.main(["build", "--content", str(catalog), "--out", str(site), "--cache", str(cache)]) == 1
    err = capsys.readouterr().err
    assert f"templates/{template}:{line}: " in err and said in err, err
    assert "Traceback" not in err and snapshot(site) == before
    assert ("while rendering" in err) == ("while rendering" in said)  # (a syntax error is no one entry's)
