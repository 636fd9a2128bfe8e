"""What the last build wrote into an output directory, and what a new plan changes about it.

Every output has a digest of everything it is made from (plan.py). The state keeps the last
build's digests; the diff with a new plan is what to make again and what to take out. That is
the whole incremental build: the result is byte-identical to a cold one."""

from __future__ import annotations

import os
from functools import cached_property, partial
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from generator.store import Store

if TYPE_CHECKING:
    from generator.plan import Output

NAME = "state"  # what a build with nothing to do reads: the settings, the inputs and the site's files
DIGESTS = "digests"  # the rest, read when there is work: each output's digest, the planned units


@dataclass
class State:
    key: str  # the settings the site was built with (see build.settings_key)
    inputs: dict[str, list[int]]  # every input file -> [size, mtime_ns]
    outputs: dict[str, str]  # file -> digest of its inputs
    groups: dict[str, list] = field(default_factory=dict)  # several files made as one -> [digest, [files]]
    papers: int = 0
    drafts: bool = False  # built with drafts shown (build --drafts, serve)
    units: dict[str, list[list]] = field(default_factory=dict)  # planned together (plan.Planned.units)

    @cached_property
    def files(self) -> frozenset[str]:
        return frozenset(self.outputs).union(*[files for _, files in self.groups.values()])


@dataclass
class Stamp:
    """The part of a state that says whether there is anything to do: a build with nothing to do
    reads only this (at 10,000 papers, reading the digests too was a sixth of such a build)."""

    key: str
    inputs: dict[str, list[int]]
    files: list[str]  # every file the build wrote, sorted (checked in folder order: state.lacks_files)
    papers: int
    drafts: bool
    token: str  # names the digests saved with it: a stamp never meets another build's digests


def load(store: Store, key: str) -> Stamp | None:
    raw = store.load(NAME)
    if not isinstance(raw, dict) or raw.get("key") != key:
        return None
    try:
        return Stamp(**raw)
    except TypeError:
        return None


def load_digests(store: Store, stamp: Stamp) -> State | None:
    """The whole state the stamp was saved with, or None (damaged, or saved by another build)."""
    raw = store.load(DIGESTS)
    if not isinstance(raw, dict) or raw.pop("token", None) != stamp.token:
        return None
    try:
        return State(stamp.key, stamp.inputs, papers=stamp.papers, drafts=stamp.drafts, **raw)
    except TypeError:
        return None


def save(store: Store, state: State) -> None:
    """The digests first, then the stamp that names them (build.py marks the store while it saves)."""
    token = os.urandom(8).hex()
    store.save(DIGESTS, {"outputs": state.outputs, "groups": state.groups, "units": state.units, "token": token})
    store.save(NAME, Stamp(state.key, state.inputs, sorted(state.files), state.papers, state.drafts,
                           token).__dict__)


def diff(old: State | None, outputs: list[Output]) -> list[Output]:
    """The outputs whose digest differs from what the old state recorded (all of them, without one)."""
    if old is None:
        return list(outputs)
    return [o for o in outputs
            if (old.groups.get(o.path, ("",))[0] if o.group else old.outputs.get(o.path)) != o.digest]


def input_stats(*roots: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under `roots`: unchanged stats, nothing to do."""
    stats = {}
    for root in roots:
        for e in _files(root):
            try:
                st = e.stat()
            except FileNotFoundError:  # (gone since it was listed: an editor's or a writer's temporary)
                continue
            stats[e.path] = [st.st_size, st.st_mtime_ns]
    return stats


def lacks_files(root: Path, files: list[str]) -> bool:
    """Does the site lack one of `files` (a page removed by hand)? Files added by hand are left
    alone. An access() per file, relative to the open site folder where the system allows: at 10,000
    papers a third of the time of walking the site's folders, and 60,000 access() calls take two
    thirds of the time of as many stat() calls, which a build with nothing to do spends most of its
    time on."""
    relative = os.access in os.supports_dir_fd
    try:
        fd = os.open(root, os.O_RDONLY) if relative else None
    except OSError:
        return True
    try:
        if relative:
            return not all(map(partial(os.access, mode=os.F_OK, dir_fd=fd), files))
        return not all(os.path.exists(os.path.join(root, f)) for f in files)
    finally:
        if fd is not None:
            os.close(fd)


def _files(root: Path):
    """Every file under `root` (scandir: the entry types spare a stat per entry)."""
    folders = [str(root)]
    while folders:
        try:
            found = os.scandir(folders.pop())
        except FileNotFoundError:  # (removed since it was listed)
            continue
        with found:
            for e in found:
                if e.is_dir(follow_symlinks=False):
                    folders.append(e.path)
                else:
                    yield e
