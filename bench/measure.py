"""Measuring one build and the site it leaves behind: wall time, peak memory, files written, sizes.

A command counts until every process it started has exited, and its memory is the sum over all of
them. This process is made a child subreaper (Linux), so descendants a command leaves running come
back to it; the clock stops when the command and all such descendants have exited. While it runs, a
thread samples every 20 ms the proportional set size (PSS, from /proc/PID/smaps_rollup) of every
process descended from this one and sums them: pages shared between forked workers are counted
once, split between them, where a sum of RSS would count them once per process. The peak of that
sum is the figure. Wall time includes interpreter start-up, as a user waits for it.

The sampler costs the command it samples: reading smaps_rollup walks a process's page tables, on the
same two cores. An edit at 10,000 papers timed with it and without, alternated, took 1.94 against
1.80 s (bench/history.md, session 16). So a timed run has no sampler (`sample=False`), and memory
comes from a run of its own."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes: the peak of the summed PSS of all the command's processes
    returncode: int
    processes: int = 1  # the most processes seen at once


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path | None = None,
                 sample: bool = True) -> Run:
    """Run `cmd` with its output appended to `log`; raise with the log's tail if it fails. Without
    `sample`, no memory is sampled (the peak is 0) and the time is the command's own."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        _adopt_orphans()
        # What ran before (the last command, a site or cache just removed) leaves writes in memory
        # that the kernel writes back a few seconds later: flushed here, untimed, so that no command
        # pays for the one before it (session 27: cold builds right after a site was removed grew
        # from 1.5 to 3.2 s for papercat and from 1.8 to 5.0 s for Hugo over seven runs).
        os.sync()
        before = _children()
        sampler = _Sampler(exclude=before) if sample else None
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        if sampler is not None:
            sampler.start()
        _, status, _ = os.wait4(proc.pid, 0)
        while left := _children() - before:  # left running by the command: its time goes on
            for pid in left:
                try:
                    os.wait4(pid, 0)
                except ChildProcessError:
                    pass
        seconds = time.perf_counter() - started
        peak, most = sampler.stop() if sampler is not None else (0, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise RuntimeError(f"command failed with exit status {proc.returncode}: {' '.join(cmd)}\n"
                           + "\n".join(tail) + f"\n(full log: {log})")
    return Run(seconds, peak, proc.returncode, most)


class _Sampler:
    """The peak, over the run, of the summed PSS of this process's descendants (but `exclude`)."""

    def __init__(self, exclude: set[int]) -> None:
        self.exclude = exclude
        self.peak = self.most = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> tuple[int, int]:
        self.done.set()
        self.thread.join()
        return self.peak, self.most

    def _run(self) -> None:
        while True:
            pids = _descendants(os.getpid()) - self.exclude
            self.peak = max(self.peak, sum(_pss(pid) for pid in pids))
            self.most = max(self.most, len(pids))
            if self.done.wait(0.02):
                return


def _pss(pid: int) -> int:
    """Proportional set size in bytes (0 for a process that has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _descendants(root: int) -> set[int]:
    parents: dict[int, list[int]] = {}
    for pid, ppid in _processes():
        parents.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for child in parents.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _processes():
    """(pid, parent pid) of every process, from /proc."""
    try:
        names = os.listdir("/proc")
    except OSError:
        return
    for name in names:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            yield int(name), int(stat[stat.rindex(b")") + 2:].split()[1])


def _adopt_orphans() -> None:
    """Make this process the one that orphaned descendants are re-parented to (Linux 3.4+)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _children() -> set[int]:
    """This process's child processes."""
    me = os.getpid()
    return {pid for pid, ppid in _processes() if ppid == me}


def empty_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)


# --- files written by a build ---------------------------------------------------------------------

Signature = tuple[int, int, int]  # inode, mtime in ns, size: any rewrite or replacement changes it


def _walk(root: Path):
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(Path(e.path))
                elif e.is_file(follow_symlinks=False):
                    yield e


def _digest(path: str) -> bytes:
    with open(path, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=16).digest()


class Snapshot:
    """What an output dir holds: a signature and a content hash per file. Comparing the snapshots taken
    before and after a build tells how many files the build wrote (new file, or a changed inode, mtime
    or size: a file written with the same bytes counts as written) and how many of those really
    changed content. Hashes are carried over for files the build did not touch, so only written files
    are read again."""

    def __init__(self, root: Path, previous: Snapshot | None = None) -> None:
        self.root = root
        self.files: dict[str, tuple[Signature, bytes]] = {}
        old = previous.files if previous else {}
        prefix = len(str(root)) + 1
        for e in _walk(root) if root.exists() else ():
            st = e.stat(follow_symlinks=False)
            sig = (st.st_ino, st.st_mtime_ns, st.st_size)
            rel = e.path[prefix:]
            known = old.get(rel)
            self.files[rel] = (sig, known[1] if known and known[0] == sig else _digest(e.path))

    def written_since(self, before: Snapshot) -> tuple[int, int]:
        """(files written, files whose content changed), new files counting in both."""
        written = changed = 0
        for rel, (sig, digest) in self.files.items():
            old = before.files.get(rel)
            if old is None or old[0] != sig:
                written += 1
                changed += old is None or old[1] != digest
        return written, changed

    def count(self, suffix: str = "") -> int:
        return sum(1 for rel in self.files if rel.endswith(suffix))


# --- search sizes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    raw: int
    gzipped: int
    files: tuple[str, ...]


def sizes(root: Path, rels: list[str]) -> Sizes:
    """Bytes of the files, raw and each gzipped at level 9 (as a server would compress them one by one)."""
    raw = gz = 0
    for rel in rels:
        data = (root / rel).read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9, mtime=0))
    return Sizes(raw, gz, tuple(rels))


def search_index_files(site: Path) -> list[str]:
    """The index: every file under search/ except HTML pages (all shards of a sharded index)."""
    folder = site / "search"
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(site).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".html")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "link" and a.get("href") and {"stylesheet", "modulepreload", "preload"} & set(rel):
            self.urls.append(a["href"] or "")


_NAMED_FILE = re.compile(r"""["'`]([A-Za-z0-9_][\w./-]*\.(?:m?js|json|css))["'`]""")


def _named_in_script(site: Path, script: str) -> set[str]:
    """Files a script names in a string literal (`"vendor/lunr/lunr.min.js"`, `"index.json"`) that exist
    next to the script, under search/ or at the site root: what it may load on demand."""
    found = set()
    text = (site / script).read_text(encoding="utf-8", errors="replace")
    for name in set(_NAMED_FILE.findall(text)):
        for folder in (os.path.dirname(script), "search", ""):
            candidate = os.path.normpath(os.path.join(folder, name))
            if not candidate.startswith("..") and (site / candidate).is_file():
                found.add(candidate)
                break
    return found


def sharded_query_files(site: Path, query: str, step: int = 10) -> list[str] | None:
    """For papercat's sharded index (search/manifest.json), the index files a one-word query needs:
    the manifest, the shard holding the word's stem, and an upper bound for the documents of the
    first results (the `step` largest document files; search.js shows 10 a step). None for any other layout."""
    manifest_path = site / "search" / "manifest.json"
    if not manifest_path.is_file():
        return None
    import bisect
    import json

    from generator.search_index import js_order, stem

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    firsts = [js_order(first) for first, *_ in manifest["shards"]]
    shards = {manifest["shards"][bisect.bisect_right(firsts, js_order(stem(w))) - 1][1] for w in query.lower().split()}
    docs = sorted(manifest["docs"]["files"], key=lambda n: (site / "search" / n).stat().st_size)[-step:]
    return ["search/manifest.json", *(f"search/{n}" for n in sorted(shards) + docs)]


def first_query_files(site: Path, base_path: str = "/", query: str = "") -> list[str]:
    """The files a browser fetches to answer its first search query, by a fixed rule:
    the search page; the local stylesheets and scripts it references (script src, link rel=stylesheet,
    preload or modulepreload); every .js/.json/.css file those scripts name in a string literal, found
    next to the script, under search/ or at the site root (scripts loaded on demand, such as lunr.js),
    followed through the scripts so found; and the index: for papercat's sharded index, the files
    `sharded_query_files` names for `query`, otherwise every non-HTML file under search/ (an unknown
    sharded index counts whole, so the figure is then an upper bound). Fonts and images are left out."""
    page = site / "search" / "index.html"
    if not page.exists():
        return []
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    found = {"search/index.html"}
    for url in parser.urls:
        u = urlparse(url)
        if u.scheme or u.netloc:
            continue  # another host
        path = u.path
        if path.startswith(base_path):
            path = path[len(base_path):]
        elif not path.startswith("/"):
            path = "search/" + path  # relative to the search page
        path = os.path.normpath(path).lstrip("/")
        if (site / path).is_file():
            found.add(path)
    scripts = [f for f in found if f.endswith((".js", ".mjs"))]
    index = sharded_query_files(site, query)
    while scripts:
        for name in _named_in_script(site, scripts.pop()) - found:
            if index is not None and name.startswith("search/"):
                continue  # the sharded index is counted below, by what the query needs
            found.add(name)
            if name.endswith((".js", ".mjs")):
                scripts.append(name)
    found.update(search_index_files(site) if index is None else index)
    return sorted(found)
