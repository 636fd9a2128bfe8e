"""Two checkouts of papercat side by side on one catalog: which is faster, which uses less memory.

    python bench/ab.py CONTENT CHECKOUT_A CHECKOUT_B [--runs 4] [--work DIR] [--rebuilds]

Each round builds the catalog with each checkout in turn (the order alternates from round to round,
so neither always runs on a warmer machine): a cold build into an empty site and cache, one with
nothing changed, a title edit, its undo, an added paper and its removal, as bench/run.py makes
them. Every command is counted as bench/run.py counts it (wall time until all its processes have exited, peak of their
summed PSS). Prints each round and then the medians, A beside B. Make a second checkout with
`git worktree add ../papercat-before HEAD~1`.

With `--rebuilds`, for differences that a noisy machine's cold builds drown (session 19: cold
builds of 17-41 s within one run): each checkout builds its own site once, untimed, and each round
times an added paper, its removal and a title edit, without the memory sampler."""

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


REBUILDS = ("add", "remove", "edit")


def rebuild_rounds(checkouts: list[Path], content: Path, work: Path, runs: int) -> dict[Path, list[dict[str, measure.Run]]]:
    tools = {}
    for checkout in checkouts:
        root = work / checkout.name
        shutil.rmtree(root, ignore_errors=True)
        tool = tools[checkout] = papercat_tool(content, root)
        tool.env["PYTHONPATH"] = str(checkout)
        measure.run_measured(tool.cmd, tool.log, env=tool.env, cwd=checkout, sample=False)
    got: dict[Path, list[dict[str, measure.Run]]] = {c: [] for c in checkouts}
    for i in range(runs):
        for checkout in checkouts if i % 2 == 0 else checkouts[::-1]:
            tool = tools[checkout]

            def build() -> measure.Run:
                return measure.run_measured(tool.cmd, tool.log, env=tool.env, cwd=checkout, sample=False)

            undo = tool.add()
            step = {"add": build()}
            undo()
            step["remove"] = build()
            undo = tool.edit()
            step["edit"] = build()
            undo()
            build()
            got[checkout].append(step)
            print(f"round {i + 1} {checkout.name}: " + ", ".join(f"{s} {r.seconds:.2f} s" for s, r in step.items()),
                  flush=True)
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content", type=Path)
    ap.add_argument("checkouts", type=Path, nargs=2)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work" / "ab")
    ap.add_argument("--rebuilds", action="store_true", help="time rebuilds only (see the docstring)")
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkouts]
    a, b = checkouts
    if args.rebuilds:
        got = rebuild_rounds(checkouts, args.content.resolve(), args.work, args.runs)
        print(f"\n| median of {args.runs} | {a.name} | {b.name} | B / A |\n| --- | ---: | ---: | ---: |")
        for step in REBUILDS:
            va, vb = (statistics.median(r[step].seconds for r in got[c]) for c in (a, b))
            print(f"| {step}, time | {va:.2f} s | {vb:.2f} s | {vb / va:.2f} |")
        return
    got: dict[Path, list[dict[str, measure.Run]]] = {c: [] for c in checkouts}
    for i in range(args.runs):
        for checkout in checkouts if i % 2 == 0 else checkouts[::-1]:
            runs = round_of(checkout, args.content.resolve(), args.work)
            got[checkout].append(runs)
            print(f"round {i + 1} {checkout.name}: " + ", ".join(
                f"{s} {r.seconds:.2f} s {fmt_bytes(r.peak_rss)}" for s, r in runs.items()), flush=True)
    print(f"\n| median of {args.runs} | {a.name} | {b.name} | B / A |\n| --- | ---: | ---: | ---: |")
    for step in STEPS:
        for what, of, fmt in (("time", lambda r: r.seconds, lambda v: f"{v:.2f} s"),
                              ("memory", lambda r: r.peak_rss, fmt_bytes)):
            va, vb = (statistics.median(of(r[step]) for r in got[c]) for c in (a, b))
            print(f"| {step}, {what} | {fmt(va)} | {fmt(vb)} | {vb / va:.2f} |")


if __name__ == "__main__":
    main()
