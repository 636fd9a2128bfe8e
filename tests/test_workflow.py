"""The publishing workflow (.github/workflows/site.yml): its triggers, permissions and steps, and
its check and build commands run here, so a broken workflow fails before it reaches GitHub."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.sitecheck import html_pages, make_tree, parse_strict, references
from tests.workflow_lint import actionlint

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
PATHS = ["content/**", "templates/**", "generator/**", "pyproject.toml"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    return workflow["on"] if "on" in workflow else workflow[True]


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step(workflow: dict, job: str, *, uses: str | None = None, runs: str | None = None) -> dict:
    found = [s for s in steps(workflow, job)
             if (uses and s.get("uses", "").split("@")[0] == uses) or (runs and runs in s.get("run", ""))]
    assert len(found) == 1, (job, uses, runs, found)
    return found[0]


def runs_on_pull_requests(s: dict) -> bool:
    cond = s.get("if", "")
    return "pull_request" not in cond or "== 'pull_request'" in cond


def test_triggers_and_paths(workflow):
    on = triggers(workflow)
    assert set(on) == {"push", "pull_request", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    for event in ("push", "pull_request"):
        assert set(PATHS) <= set(on[event]["paths"]), event
    assert on["push"]["paths"] == on["pull_request"]["paths"]


def test_actions_are_pinned_to_major_versions(workflow):
    used = {s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s}
    assert used == {"actions/checkout@v6", "actions/setup-python@v6", "actions/configure-pages@v6",
                    "actions/upload-pages-artifact@v5", "actions/deploy-pages@v5"}
    python = step(workflow, "build", uses="actions/setup-python")["with"]
    assert python["cache"] == "pip" and python["python-version"] == "3.11"


def test_build_job_checks_builds_and_tests(workflow):
    names = [s.get("uses", "").split("@")[0] or s["run"] for s in steps(workflow, "build")]
    install = names.index("python -m pip install -e .")
    check = next(i for i, n in enumerate(names) if n.startswith("papercat check"))
    build = next(i for i, n in enumerate(names) if n.startswith("papercat build"))
    configure = names.index("actions/configure-pages")
    upload = names.index("actions/upload-pages-artifact")
    assert names[0] == "actions/checkout" and install < check < build < upload and configure < build

    configure_step = step(workflow, "build", uses="actions/configure-pages")
    build_step = step(workflow, "build", runs="papercat build")
    assert configure_step["id"] == "pages"
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--base-url "$BASE_URL"' in build_step["run"] and "--out site" in build_step["run"]
    assert step(workflow, "build", uses="actions/upload-pages-artifact")["with"]["path"] == "site"

    # Pull requests: check (failing on drafts), build and the test suite; nothing Pages-related.
    tests = step(workflow, "build", runs="./scripts/test.sh")
    assert tests["if"] == "github.event_name == 'pull_request'"
    assert "if" not in build_step
    checks = [s for s in steps(workflow, "build") if s.get("run", "").startswith("papercat check")]
    assert [(s["if"], s["run"]) for s in checks] == [
        ("github.event_name != 'pull_request'", "papercat check"),
        ("github.event_name == 'pull_request'", "papercat check --strict")]
    assert [runs_on_pull_requests(s) for s in checks] == [False, True]
    for s in (configure_step, step(workflow, "build", uses="actions/upload-pages-artifact")):
        assert s["if"] == "github.event_name != 'pull_request'"
        assert not runs_on_pull_requests(s)


def test_deploy_job(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    build = workflow["jobs"]["build"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.event_name != 'pull_request'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v5"]
    assert deploy["steps"][0]["id"] == "deployment"


def _run_step(s: dict, cwd: Path, expressions: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a step's `run:` in bash as Actions does, with `${{ ... }}` replaced from `expressions`."""
    def fill(text: str) -> str:
        return EXPRESSION.sub(lambda m: expressions[m.group(1)], text)

    env = {**os.environ, **{k: fill(str(v)) for k, v in s.get("env", {}).items()}}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", fill(s["run"])], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _internal_refs(site: Path) -> list[str]:
    refs = []
    for page in (site / "index.html", *sorted((site / "papers").glob("*/index.html"))[:3]):
        doc = parse_strict(page.read_text(encoding="utf-8"), str(page))
        refs += [r for r in references(doc) if r.startswith("/")]
    return refs


def test_check_and_build_commands_run_with_the_pages_base_url(workflow, tmp_path):
    """On a push: the repository's content, built under the base URL configure-pages gives."""
    # A copy, so that nothing a build keeps beside its content lands in the repository.
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns("raw"))
    checks = [s for s in steps(workflow, "build") if s.get("run", "").startswith("papercat check")]
    for s in (*checks, step(workflow, "build", runs="papercat build")):  # (the pull requests' check passes too)
        done = _run_step(s, tmp_path, {"steps.pages.outputs.base_url": "/catalog/"})
        assert done.returncode == 0, (s["run"], done.stdout, done.stderr)
    site = tmp_path / "site"
    assert len(html_pages(site)) > 352
    refs = _internal_refs(site)
    assert refs and all(r.startswith("/catalog/") for r in refs), [r for r in refs if not r.startswith("/catalog/")]


def test_build_command_on_a_pull_request_uses_the_catalogs_base_url(workflow, tmp_path):
    """On a pull request configure-pages is skipped, so its output is empty: catalog.yml decides."""
    make_tree(tmp_path / "content", {
        "catalog.yml": "title: Test catalog\nbase_url: /from-catalog/\n",
        "papers/good.md": "---\ntitle: A good paper\nslug: good\ndate: '2024-03-01'\n---\n\nAn abstract.\n"})
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, tmp_path / "content" / name)
    done = _run_step(step(workflow, "build", runs="papercat build"), tmp_path, {"steps.pages.outputs.base_url": ""})
    assert done.returncode == 0, (done.stdout, done.stderr)
    refs = _internal_refs(tmp_path / "site")
    assert refs and all(r.startswith("/from-catalog/") for r in refs)


def test_actionlint_finds_nothing_in_the_workflow():
    assert actionlint(WORKFLOW.read_text(encoding="utf-8"), ".github/workflows/site.yml") == []


def test_actionlint_reports_a_broken_workflow():
    """The lint is live: a reference to a step that does not exist is a finding, at its line."""
    text = WORKFLOW.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "steps.pages.outputs.base_url" in t)
    found = actionlint(text.replace("steps.pages.outputs", "steps.nope.outputs"), "site.yml")
    assert len(found) == 1 and found[0].startswith(f"site.yml:{line}:") and found[0].endswith("[expression]"), found


def test_the_pull_requests_check_fails_on_a_draft_and_names_it(workflow, tmp_path):
    strict = step(workflow, "build", runs="papercat check --strict")
    make_tree(tmp_path / "content", {
        "catalog.yml": "title: Test catalog\n",
        "papers/good.md": "---\ntitle: A good paper\nslug: good\ndate: '2024-03-01'\n---\n\nAn abstract.\n",
        "papers/unfinished.md": "---\ntitle: Unfinished\nslug: unfinished\ndraft: true\n---\n\nAn abstract.\n"})
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, tmp_path / "content" / name)
    done = _run_step(strict, tmp_path, {})
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "  content/papers/unfinished.md: marked `draft: true`" in done.stdout.splitlines()
    (tmp_path / "content" / "papers" / "unfinished.md").unlink()
    assert _run_step(strict, tmp_path, {}).returncode == 0


def pull_request_safety(workflow: dict) -> list[str]:
    """What would let a pull request's code act with the repository's rights: the
    `pull_request_target` trigger (it runs with secrets and a write token), or a job that runs on
    pull requests with a write permission or a secret."""
    found = []
    on = triggers(workflow)
    if "pull_request_target" in (on if isinstance(on, (dict, list)) else [on]):
        found.append("triggered by pull_request_target")
    top = workflow.get("permissions", {})
    for name, job in workflow["jobs"].items():
        if not runs_on_pull_requests(job):
            continue
        perms = job.get("permissions", top)
        if perms in ("write-all", "read-all") or not isinstance(perms, dict):
            found.append(f"{name}: permissions {perms!r} (list each one)")
        else:
            found += [f"{name}: {scope}: write" for scope, level in perms.items() if level == "write"]
        if "secrets." in yaml.safe_dump(job):
            found.append(f"{name}: uses a secret")
    return found


def test_pull_requests_run_without_write_permissions_or_secrets(workflow):
    """README, section Security: an untrusted pull request is built read-only and without secrets."""
    assert pull_request_safety(workflow) == []
    assert "pull_request_target" not in WORKFLOW.read_text(encoding="utf-8")
    assert runs_on_pull_requests(workflow["jobs"]["build"]) and not runs_on_pull_requests(workflow["jobs"]["deploy"])


def test_the_pull_request_safety_check_is_live(workflow):
    import copy

    target = copy.deepcopy(workflow)
    triggers(target)["pull_request_target"] = {}
    assert pull_request_safety(target) == ["triggered by pull_request_target"]
    writes = copy.deepcopy(workflow)
    writes["jobs"]["build"]["permissions"]["contents"] = "write"
    writes["jobs"]["build"]["env"] = {"TOKEN": "${{ secrets.DEPLOY_TOKEN }}"}
    assert pull_request_safety(writes) == ["build: contents: write", "build: uses a secret"]
    everything = copy.deepcopy(workflow)
    del everything["jobs"]["deploy"]["if"]  # the deploy job would then run on pull requests too
    assert pull_request_safety(everything) == ["deploy: pages: write", "deploy: id-token: write"]
