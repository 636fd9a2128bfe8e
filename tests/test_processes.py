"""`papercat build` as a user runs it, in a process of its own: nothing it starts outlives it, its
cache can be deleted the moment it returns, and killing it at any point never damages the site."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.entries import read_entry, render_entry
from generator.parallel import PARALLEL_MIN
from generator.store import Store
from tests.sitecheck import ENTRY, make_tree, snapshot

ROOT = Path(__file__).resolve().parent.parent
PAPERS = PARALLEL_MIN  # (each test builds it several times: no bigger than it needs to be)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    """A catalog just big enough that builds read, render and index on worker processes."""
    out = tmp_path_factory.mktemp("catalog") / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_catalog.py"), str(PAPERS), "--out", str(out)],
                   check=True, capture_output=True)
    return out


def _start(content: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen:
    """`papercat build` in a session of its own, so that every process it starts can be found."""
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
                             "--cache", str(cache), "--jobs", "2", *extra],
                            cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _session(sid: int) -> list[int]:
    """Processes in session `sid` (field 6 of /proc/PID/stat)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _build(content: Path, out: Path, cache: Path) -> str:
    proc = _start(content, out, cache)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert _session(proc.pid) == [], "a process papercat started is still running"
    return stdout.decode()


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def _edit(content: Path, n: int, title: str) -> None:
    path = sorted((content / "papers").glob("*.md"))[n]
    entry = read_entry(path)
    entry.meta["title"] = title
    path.write_text(render_entry(entry.meta, entry.body), encoding="utf-8")


def test_nothing_outlives_the_command_and_its_cache_can_be_deleted_at_once(catalog, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(catalog, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert f"built {PAPERS} papers" in _build(content, out, cache)
    shutil.rmtree(cache)  # (once failed with "Directory not empty": a process was still filling it)
    time.sleep(0.5)
    assert not cache.exists()
    _edit(content, 10, "A title edited once")
    assert "rebuilt" not in _build(content, out, cache)  # (no cache: a cold build)
    _edit(content, 10, "A title edited twice")
    assert "rebuilt" in _build(content, out, cache)
    shutil.rmtree(cache)
    time.sleep(0.5)
    assert not cache.exists() and _leftovers(out) == []


def test_a_page_removed_by_hand_makes_a_rebuild_with_work_to_do_a_cold_one(catalog, tmp_path):
    """A page gone and an entry edited: a cold build, with no process left behind."""
    content = tmp_path / "content"
    shutil.copytree(catalog, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    _build(content, out, cache)
    victim = next((out / "papers").glob("*/index.html"))
    victim.unlink()
    _edit(content, 10, "A title edited while a page was gone")
    assert "rebuilt" not in _build(content, out, cache)  # (no process left: checked by _build)
    assert victim.is_file() and _leftovers(out) == []
    _edit(content, 10, "A title edited once more")
    assert "rebuilt" in _build(content, out, cache)


_COLD: dict[int, dict] = {}  # attempt -> a cold build of the catalog as edited by then (the same for every signal)


def _cold_site(content: Path, where: Path, attempt: int) -> dict:
    if attempt not in _COLD:
        _build(content, where / "site", where / "cache")
        _COLD[attempt] = snapshot(where / "site")
        shutil.rmtree(where)
    return _COLD[attempt]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_killed_at_any_point_leaves_the_old_site_and_the_next_build_clean(catalog, tmp_path, sig):
    """Cold builds and rebuilds, killed at random moments. The site is the old one byte for byte (or,
    killed after its work was done, the new one whole); or, killed while moving files in, marked so
    that the next build makes it afresh; or, SIGKILL between the two renames that swap a new site
    in, whole beside it, where the next build puts it back. Either way the next build equals a cold
    one and leaves no scratch directory behind (SIGTERM unwinds and removes them itself, but a signal
    landing inside mkdtemp could leave one). No worker outlives its build."""
    content = tmp_path / "content"
    shutil.copytree(catalog, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    _build(content, out, cache)
    rng = random.Random(sig)
    for attempt in range(3):  # (the third into an existing site without its cache)
        before = snapshot(out)
        _edit(content, attempt, f"Killed build number {attempt}")
        if attempt % 3 == 2:
            shutil.rmtree(cache)  # a cold build into an existing site
        proc = _start(content, out, cache)
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(proc.pid, sig)
        proc.communicate(timeout=120)
        deadline = time.monotonic() + 10  # (workers of a build killed outright notice, and end)
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(proc.pid) == [], "a worker outlived its build"
        marked = any(cache.glob("*/committing.mark"))
        finished = _cold_site(content, tmp_path / f"cold-{attempt}", attempt)  # (what the killed build was making)
        if proc.returncode != 0 and not marked:
            if out.exists():  # the old site, or (killed after its work was done) the new one, whole
                assert snapshot(out) in (before, finished), f"attempt {attempt}: the site is a mix of two builds"
            else:  # killed between a swap's two renames: the old site waits beside it, for the next build
                assert sig == signal.SIGKILL
                olds = [p / "site" for p in out.parent.glob(f".{out.name}.old-*")]
                assert len(olds) == 1 and snapshot(olds[0]) == before
        _build(content, out, cache)
        assert _leftovers(out) == [] and list(cache.glob("*/.*")) == []  # (nor a half-written cache file)
        assert snapshot(out) == finished, f"attempt {attempt}: the next build differs from a cold one"


def test_a_sigterm_python_drops_in_a_finaliser_still_gives_the_status_of_a_stop(tmp_path):
    """From the security review: SIGTERM turns into KeyboardInterrupt, which Python drops when it is
    raised inside a finaliser ("Exception ignored in ..."), and the build went on to exit 0. It
    still finishes whole, but exits 130 saying so."""
    content = tmp_path / "content"
    make_tree(content, {"catalog.yml": "title: T\n", "tags.yml": "{}\n", "topics.yml": "{}\n",
                        "papers/a.md": ENTRY.format(title="A paper", slug="a")})
    script = (
        "import os, signal, sys\n"
        "import generator.build as b\n"
        "from generator import cli\n"
        "real = b.build\n"
        "class Finalised:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        sum(range(1000))  # (the handler runs here, inside the finaliser)\n"
        "def build(*args, **kwargs):\n"
        "    Finalised()\n"
        "    return real(*args, **kwargs)\n"
        "b.build = build\n"
        f"sys.argv = ['papercat', 'build', '--content', {str(content)!r}, '--out', {str(tmp_path / 'site')!r},"
        f" '--cache', {str(tmp_path / 'cache')!r}]\n"
        "cli.run()\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Exception ignored" in proc.stderr  # (the interrupt was dropped where it was raised)
    assert proc.returncode == 130 and proc.stderr.rstrip().endswith("interrupted, after the work was done")
    assert (tmp_path / "site" / "papers" / "a" / "index.html").is_file()  # (and the build is whole)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_import_interrupted_while_writing_leaves_each_entry_old_or_new_and_no_temp_files(tmp_path, sig):
    """Every one of 1,000 entries gains a source; the import is stopped while its temporary files exist."""
    from generator.cli import main

    text = "".join(f"Abstract: Paper {i} is one of many synthetic abstracts that an interrupted import rewrites.\n"
                   for i in range(1000))
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    content, papers = tmp_path / "content", tmp_path / "content" / "papers"
    assert main(["import", str(tmp_path / "a.txt"), "--content", str(content)]) == 0
    old = {p.name: p.read_bytes() for p in papers.iterdir()}
    new = {}
    for name, data in old.items():
        entry = read_entry(papers / name)
        entry.meta["sources"].append("b.txt:" + entry.meta["sources"][0].split(":")[1])
        new[name] = render_entry(entry.meta, entry.body).encode()

    # (SIGINT as a terminal gives it: a suite started in the background, `&`, ignores it, and so would the import)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "import", str(tmp_path / "b.txt"), "--content",
                             str(content)], cwd=ROOT, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:  # (paused while looking, so that the signal lands while temporary files exist, however busy the machine)
        assert proc.poll() is None and time.monotonic() < deadline, "the import ended before it was interrupted"
        if any(name.endswith(".tmp") for name in os.listdir(papers)):
            proc.send_signal(signal.SIGSTOP)
            if any(name.endswith(".tmp") for name in os.listdir(papers)):
                break
            proc.send_signal(signal.SIGCONT)
    proc.send_signal(sig)
    proc.send_signal(signal.SIGCONT)
    _, stderr = proc.communicate(timeout=60)
    assert (proc.returncode, stderr.decode()) == (130, "interrupted\n")
    after = {p.name: p.read_bytes() for p in papers.iterdir()}
    assert sorted(after) == sorted(old)  # no temporary file left, none missing
    assert all(after[name] in (old[name], new[name]) for name in old)
    assert main(["import", str(tmp_path / "b.txt"), "--content", str(content)]) == 0  # a rerun finishes the job
    assert {p.name: p.read_bytes() for p in papers.iterdir()} == new


ORPHAN_SCRIPT = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from generator.parallel import Alone, Workers

def stuck(given, seconds=60):
    time.sleep(seconds)

if __name__ == "__main__":
    if {kind!r} == "pool":
        workers = Workers(1, {{}}, {method!r})
        workers.map(stuck, [(60,)])
        pid = workers.pools[0][0]._pool[0].pid
    else:
        pid = Alone(stuck, {{}}, 1, {method!r}, {scratch!r}).proc.pid
    time.sleep(1.5)  # (the worker is in its task)
    print(pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("kind", ["pool", "alone"])
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_ends_soon_after_its_build_is_killed_in_the_middle_of_a_task(tmp_path, method, kind):
    script = tmp_path / "killed.py"
    scratch = tmp_path / "cache"
    script.write_text(ORPHAN_SCRIPT.format(root=str(ROOT), method=method, kind=kind, scratch=str(scratch)),
                      encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True, stdout=subprocess.PIPE)
    worker = int(proc.stdout.readline())
    proc.wait(timeout=30)
    deadline = time.monotonic() + 5
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _session(proc.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert worker not in left and left == [], "a worker outlived its build"
    if kind == "alone":  # its result file, in the build's cache, named after the killed build: the next one removes it
        assert [p.name.split("-")[0] for p in scratch.iterdir()] == [f".result.{proc.pid}"]
        Store(scratch).clear_leftovers()
        assert list(scratch.iterdir()) == []


def test_a_build_needs_few_files_open_at_once(catalog, tmp_path):
    """Built with 64 open files allowed: every output is written and closed in turn (the catalog's
    citation files, written in pieces, once kept each paper's files open too)."""
    import resource

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(catalog), "--out", str(out),
                           "--cache", str(tmp_path / "cache"), "--jobs", "2"],
                          cwd=ROOT, preexec_fn=few_files, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("papers/*/*.bib"))) == PAPERS
