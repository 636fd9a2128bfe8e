"""Where a rebuild's time goes: when each step of `build()` ends, in the build's own process and in
the index's, for an added paper and for a title edit, as seconds from the command's start.

    python bench/timeline.py CONTENT [--runs 3] [--work DIR]

CONTENT is a catalog (bench/run.py makes them: `.work/n10000/content`). The catalog is built once
into DIR, untimed; then each run adds a paper, rebuilds, takes it out, rebuilds (untimed), edits a
title, rebuilds, and restores it (the same changes as bench/run.py's). Each timed rebuild runs
`generator.build.build` in a fresh process with its steps wrapped in timestamps (a step that the
code no longer has is left out). The table gives, for each step, the process it ran in and when it
ended (the range over the runs; the clock is the same in every process); the last row is when the
command's process had exited, counted by this script. The README's "Where a rebuild's time goes"
comes from it. The figures include the wrappers' own cost (a few microseconds a step)."""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # (the command's clock starts here, before anything is imported)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH = Path(__file__).resolve().parent
MARK = "@timeline "

# (module, attribute, label): the steps timed, as build.py names them.
STEPS = [
    ("generator.build", "_last_build", "the last build's state, every input file's size and time"),
    ("generator.state", "load_digests", "the last build's digests"),
    ("generator.build", "_load", "entries read back and grouped"),
    ("generator.build", "_people", "the authors' groups (and the groups saved)"),
    ("generator.plan", "plan_outputs", "planning"),
    ("generator.build", "_list_items", "list items"),
    ("generator.build", "_render", "rendering"),
    ("generator.build", "index_into", "the search index"),
    ("generator.build", "export_into", "the citation files"),
    ("generator.build", "side_work", "the index's process: check, index, citation files"),
    ("generator.build", "_side_done", "the wait for the index's process"),
    ("generator.writer", "SiteWriter.finish", "moving the files in"),
    ("generator.build", "_remember", "the state saved"),
]


def _wrap(module: str, attribute: str) -> None:
    import importlib

    owner = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    fn = getattr(owner, name, None) if owner is not None else None
    if fn is None:
        return

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            print(MARK + json.dumps([os.getpid(), attribute, start, time.perf_counter()]), file=sys.stderr, flush=True)

    setattr(owner, name, timed)


def one(content: Path, out: Path, base_url: str) -> None:
    """(In the timed process) build with every step of `STEPS` timed."""
    print(MARK + json.dumps(["start", _STARTED]), file=sys.stderr, flush=True)
    for module, attribute, _ in STEPS:
        _wrap(module, attribute)
    from generator.build import build

    build(content, out, base_url)
    print(MARK + json.dumps([os.getpid(), "build() returns", _STARTED, time.perf_counter()]), file=sys.stderr,
          flush=True)


def timed_build(tool, content: Path, repo: Path) -> dict[str, tuple[str, float]]:
    """One rebuild in a fresh process: each step's (process, end in seconds from the start)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(content), str(tool.out), "https://example.org/"]
    done = subprocess.run(cmd, env=tool.env, cwd=repo, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the timed build failed:\n{done.stderr}")
    exited = time.perf_counter()
    marks = [json.loads(line[len(MARK):]) for line in done.stderr.splitlines() if line.startswith(MARK)]
    start = next(m[1] for m in marks if m[0] == "start")
    own = next(m[0] for m in marks if m[1] == "build() returns")
    ends: dict[str, tuple[str, float]] = {}
    for pid, step, _, end in (m for m in marks if m[0] != "start"):
        ends[step] = ("own" if pid == own else "index's", end - start)
    ends["the command has exited"] = ("own", exited - start)
    return ends


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content", type=Path, nargs="?")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=BENCH / ".work" / "timeline")
    ap.add_argument("--one", nargs=3, metavar=("CONTENT", "OUT", "BASE_URL"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(Path(args.one[0]), Path(args.one[1]), args.one[2])
        return
    if args.content is None:
        ap.error("the catalog to build is missing (CONTENT)")
    sys.path.insert(0, str(BENCH))
    from run import REPO, papercat_tool

    content = args.content.resolve()
    tool = papercat_tool(content, args.work.resolve())
    tool.build(False)  # (untimed: the site every run starts from)
    got: dict[str, list[dict[str, tuple[str, float]]]] = {"addition": [], "edit": []}
    for i in range(args.runs):
        for scenario, change in (("addition", tool.add), ("edit", tool.edit)):
            undo = change()
            try:
                got[scenario].append(timed_build(tool, content, REPO))
            finally:
                undo()
            tool.build(False)
        print(f"run {i + 1}: " + ", ".join(f"{s} {r[-1]['the command has exited'][1]:.2f} s" for s, r in got.items()),
              file=sys.stderr, flush=True)
    print(table(got))


def table(got: dict[str, list[dict[str, tuple[str, float]]]]) -> str:
    labels = {attribute: label for _, attribute, label in STEPS}
    steps: dict[str, tuple[set[str], list[float]]] = {}
    for runs in got.values():
        for run in runs:
            for step, (where, end) in run.items():
                found = steps.setdefault(step, (set(), []))
                found[0].add(where)
                found[1].append(end)
    order = sorted(steps, key=lambda s: sorted(steps[s][1])[len(steps[s][1]) // 2])
    lines = ["| step | process | " + " | ".join(f"{s}: ends at (s)" for s in got) + " |",
             "| --- | --- | " + " | ".join("---:" for _ in got) + " |"]
    for step in order:
        cells = []
        for runs in got.values():
            ends = [run[step][1] for run in runs if step in run]
            low, high = (f"{min(ends):.2f}", f"{max(ends):.2f}") if ends else ("", "")
            cells.append(low if low == high else f"{low}-{high}")
        where = steps[step][0]
        lines.append(f"| {labels.get(step, step)} | {where.pop() if len(where) == 1 else 'either'} | "
                     + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
