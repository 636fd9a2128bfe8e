"""Workers: tasks shared between the build's process and its workers; and a task alone in a process
that ends with it. Under both start methods."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.parallel import Alone, Workers

METHODS = ["fork", "spawn"]


def whose(given: dict, n: int) -> tuple[int, int]:
    """Run by the workers first: this process waits (up to 60 s) until one of them has taken a task."""
    flag = Path(given["flag"])
    if os.getpid() == given["parent"]:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    else:
        flag.touch()
    return n * given["times"], os.getpid()


def fails_on_a_worker(given: dict, n: int) -> int:
    whose(given, n)
    if os.getpid() != given["parent"]:
        raise ValueError(f"task {n} failed on a worker")
    return n


@pytest.mark.parametrize("method", METHODS)
def test_shared_tasks_are_each_done_once_by_this_process_and_the_workers(method, tmp_path):
    tasks = [(n,) for n in range(60)]
    with Workers(1, {"times": 3, "parent": os.getpid(), "flag": str(tmp_path / "flag")}, method) as workers:
        done = list(workers.share(whose, tasks))
        again = list(workers.share(whose, tasks[:10]))  # (a second share numbers its tasks afresh)
    assert sorted(value for value, _ in done) == [3 * n for n in range(60)]
    assert sorted(value for value, _ in again) == [3 * n for n in range(10)]
    by = {pid for _, pid in done}
    assert os.getpid() in by and len(by) == 2, "this process and its worker should each take some tasks"


def slow(given: dict) -> float:
    time.sleep(given["seconds"])
    return time.monotonic()  # (one clock for every process of the machine)


def timed(given: dict, n: int) -> tuple[int, float]:
    given.setdefault("kept", threading.Lock())  # (kept for the next task, as a renderer is: not picklable)
    time.sleep(0.01)
    return os.getpid(), time.monotonic()


@pytest.mark.parametrize("method", METHODS)
def test_a_worker_held_while_a_process_beside_runs_takes_tasks_once_it_has_ended(method):
    """`share(beside=...)`: the build runs no more processes than it has jobs, counting the index's.
    The held worker starts with what the workers were given, not with what this process's tasks
    kept meanwhile (under spawn that is pickled, and a renderer cannot be)."""
    with Alone(slow, {"seconds": 1.0}, 1, method) as beside, Workers(1, {}, method) as workers:
        done = list(workers.share(timed, [(n,) for n in range(400)], beside))
        ended = beside.get()
    theirs = [at for pid, at in done if pid != os.getpid()]
    assert theirs, "the held worker should have taken tasks once the process beside had ended"
    assert min(theirs) > ended, "a worker took a task while the process beside was still running"


def test_without_workers_this_process_does_every_shared_task(tmp_path):
    (tmp_path / "flag").touch()
    given = {"times": 2, "parent": os.getpid(), "flag": str(tmp_path / "flag")}
    done = list(Workers(0, given).share(whose, [(n,) for n in range(5)]))
    assert done == [(2 * n, os.getpid()) for n in range(5)]


@pytest.mark.parametrize("method", METHODS)
def test_an_error_in_a_workers_shared_task_reaches_the_caller(method, tmp_path):
    with pytest.raises(ValueError, match="failed on a worker"):
        with Workers(1, {"times": 1, "parent": os.getpid(), "flag": str(tmp_path / "flag")}, method) as workers:
            list(workers.share(fails_on_a_worker, [(n,) for n in range(40)]))


def alone(given: dict) -> int:
    if given.get("fail"):
        raise ValueError("the task alone failed")
    return os.getpid()


@pytest.mark.parametrize("method", METHODS)
def test_a_task_alone_runs_in_a_process_that_has_ended_when_its_result_is_given(method):
    with Alone(alone, {}, 1, method) as aside:
        pid = aside.get()
        assert pid != os.getpid()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(ValueError, match="alone failed"):
        with Alone(alone, {"fail": True}, 1, method) as aside:
            aside.get()
    assert Alone(alone, {}, 0, method).get() == os.getpid()  # (no processes: here)


def big(given: dict) -> list[str]:
    Path(given["pidfile"]).write_text(str(os.getpid()))
    return [f"search/shard-{n:08d}.json" for n in range(200_000)]  # (megabytes: more than a pipe holds)


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # (a zombie has ended: it waits only to be reaped)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_task_alone_ends_before_its_big_result_is_asked_for(tmp_path):
    """The index's process must give its memory back as soon as it is done, not when the build
    gets round to reading its result (it once waited for the whole of rendering to write it)."""
    pidfile = tmp_path / "pid"
    with Alone(big, {"pidfile": str(pidfile)}, 1) as aside:
        deadline = time.monotonic() + 60
        while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
            time.sleep(0.02)
        pid = int(pidfile.read_text())
        while not _ended(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _ended(pid), "the process waited for its result to be read"
        assert len(aside.get()) == 200_000
