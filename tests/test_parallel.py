"""Workers: tasks shared between the build's process and its workers; and a task alone in a process
that ends with it. Under both start methods."""

from __future__ import annotations

import os
import time

import pytest

from generator.parallel import Alone, Workers

METHODS = ["fork", "spawn"]


def whose(given: dict, n: int) -> tuple[int, int]:
    time.sleep(0.01)  # (long enough that no one process takes every task before the others start)
    return n * given["times"], os.getpid()


def fails_on_a_worker(given: dict, n: int) -> int:
    if os.getpid() != given["parent"]:
        raise ValueError(f"task {n} failed on a worker")
    time.sleep(0.01)
    return n


@pytest.mark.parametrize("method", METHODS)
def test_shared_tasks_are_each_done_once_by_this_process_and_the_workers(method):
    tasks = [(n,) for n in range(60)]
    with Workers(1, {"times": 3}, method) as workers:
        done = list(workers.share(whose, tasks))
        again = list(workers.share(whose, tasks[:10]))  # (a second share numbers its tasks afresh)
    assert sorted(value for value, _ in done) == [3 * n for n in range(60)]
    assert sorted(value for value, _ in again) == [3 * n for n in range(10)]
    by = {pid for _, pid in done}
    assert os.getpid() in by and len(by) == 2, "this process and its worker should each take some tasks"


def test_without_workers_this_process_does_every_shared_task():
    done = list(Workers(0, {"times": 2}).share(whose, [(n,) for n in range(5)]))
    assert done == [(2 * n, os.getpid()) for n in range(5)]


@pytest.mark.parametrize("method", METHODS)
def test_an_error_in_a_workers_shared_task_reaches_the_caller(method):
    with pytest.raises(ValueError, match="failed on a worker"):
        with Workers(1, {"parent": os.getpid()}, method) as workers:
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
