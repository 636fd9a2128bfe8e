"""Two checkouts of papercat side by side on one catalog: which is faster, which uses less memory.

    python bench/ab.py CONTENT CHECKOUT_A CHECKOUT_B [--runs 4] [--work DIR]

Each round builds the catalog with each checkout in turn (the order alternates from round to round,
so neither always runs on a warmer machine): a cold build into an empty site and cache, one with
nothing changed, a title edit, its undo, an added paper and its removal, as bench/run.py makes
them. Every command is counted as bench/run.py counts it (wall time until all its processes have exited, peak of their
summed PSS). Prints each round and then the medians, A beside B. Make a second checkout with
`git worktree add ../papercat-before HEAD~1`."""

from __future__ import annotations

import argparse
import shutil
import statistics
from pathlib import Path

import measure
from run import fmt_bytes, papercat_tool

STEPS = ("cold", "noop", "edit", "add")


def round_of(checkout: Path, content: Path, work: Path) -> dict[str, measure.Run]:
    root = work / checkout.name
    shutil.rmtree(root, ignore_errors=True)
    tool = papercat_tool(content, root)
    tool.env["PYTHONPATH"] = str(checkout)

    def build() -> measure.Run:
        return measure.run_measured(tool.cmd, tool.log, env=tool.env, cwd=checkout)

    runs = {"cold": build(), "noop": build()}
    for step, change in (("edit", tool.edit), ("add", tool.add)):
        undo = change()
        try:
            runs[step] = build()
        finally:
            undo()
        build()
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content", type=Path)
    ap.add_argument("checkouts", type=Path, nargs=2)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work" / "ab")
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkouts]
    got: dict[Path, list[dict[str, measure.Run]]] = {c: [] for c in checkouts}
    for i in range(args.runs):
        for checkout in checkouts if i % 2 == 0 else checkouts[::-1]:
            runs = round_of(checkout, args.content.resolve(), args.work)
            got[checkout].append(runs)
            print(f"round {i + 1} {checkout.name}: " + ", ".join(
                f"{s} {r.seconds:.2f} s {fmt_bytes(r.peak_rss)}" for s, r in runs.items()), flush=True)
    a, b = checkouts
    print(f"\n| median of {args.runs} | {a.name} | {b.name} | B / A |\n| --- | ---: | ---: | ---: |")
    for step in STEPS:
        for what, of, fmt in (("time", lambda r: r.seconds, lambda v: f"{v:.2f} s"),
                              ("memory", lambda r: r.peak_rss, fmt_bytes)):
            va, vb = (statistics.median(of(r[step]) for r in got[c]) for c in (a, b))
            print(f"| {step}, {what} | {fmt(va)} | {fmt(vb)} | {vb / va:.2f} |")


if __name__ == "__main__":
    main()
