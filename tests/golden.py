"""The golden site: a tiny catalog (tests/fixtures/golden/content) and the site it must build into
(tests/fixtures/golden/site), checked in so that a reviewer sees exactly what every change does to
the output. After a deliberate change, regenerate it and read the diff:

    python -m tests.golden && git diff --stat tests/fixtures/golden/site

`static/` is left out: it is templates/static, copied."""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures" / "golden"
CONTENT, EXPECTED = HERE / "content", HERE / "site"
BASE_URL = "https://example.org/golden/"


def build_golden(out: Path) -> dict[str, bytes]:
    """Build the golden catalog into `out` (with a throwaway cache); its files but static/, by path."""
    from generator.build import build

    with tempfile.TemporaryDirectory() as cache:
        build(CONTENT, out, base_url=BASE_URL, cache=Path(cache), jobs=1)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != "static"}


def expected() -> dict[str, bytes]:
    return {p.relative_to(EXPECTED).as_posix(): p.read_bytes() for p in sorted(EXPECTED.rglob("*")) if p.is_file()}


def differences(got: dict[str, bytes], want: dict[str, bytes], limit: int = 60) -> str:
    """Missing and extra files, then a unified diff of each file that differs (cut at `limit` lines each)."""
    out = [f"missing: {p}" for p in sorted(want.keys() - got.keys())]
    out += [f"extra: {p}" for p in sorted(got.keys() - want.keys())]
    for path in sorted(got.keys() & want.keys()):
        if got[path] != want[path]:
            diff = list(difflib.unified_diff(want[path].decode(errors="replace").splitlines(),
                                             got[path].decode(errors="replace").splitlines(),
                                             f"expected/{path}", f"built/{path}", lineterm="", n=1))
            out += diff[:limit] + ([f"... ({len(diff) - limit} more lines)"] if len(diff) > limit else [])
    return "\n".join(out)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        got = build_golden(Path(tmp) / "site")
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for path, data in got.items():
        (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
        (EXPECTED / path).write_bytes(data)
    print(f"wrote {len(got)} files into {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
