"""Worker processes for the costly steps of a big build: reading entries, rendering pages, the
search index.

Workers get what they need as arguments: what all tasks share (the vocabulary; or the pages to
render and the list items; or the catalog) once, through the pool's initializer, and each task its
own part (the entry files to read, which pages to render). Nothing reaches them through module
globals of the parent, so they work the same under `fork` and `spawn` (macOS and Windows). A pool is
started when first needed and joined before the build returns; Ctrl-C or a failure terminates it.

Memory is counted over all of a build's processes, and a forked worker copies every page of memory
it touches (reference counts are writes), so a worker that inherits the catalog soon holds a copy of
it. Hence `share`, where this process works beside the workers instead of waiting for them, and
`Alone`, a process for one task that leaves a big heap behind."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
PARALLEL_MIN = 400  # below this many entries, pages or papers, worker processes cost more than they save
ONE_AT_A_TIME_FROM = 50_000  # papers: from here a build's steps run one at a time (`one_at_a_time`)
METHOD_ENV = "PAPERCAT_START_METHOD"  # fork | spawn | forkserver; by default fork where it is safe


def processes_for(jobs: int, work: int) -> int:
    """Worker processes for `work` items (entries, pages, papers): none, so that this process does
    it, when there is little, or when only one job is allowed."""
    return jobs if jobs > 1 and work >= PARALLEL_MIN else 0


def one_at_a_time(papers: int) -> bool:
    """Does a build of `papers` papers run its big steps one after another rather than side by
    side: the search index and the citation files first (by a process that reads the catalog
    itself and ends: build._apart), then every page, rendered in the build's own process as soon as
    it is planned (plan.plan_outputs)? From `ONE_AT_A_TIME_FROM` papers, where two processes at work
    at once hold two copies of the catalog (reading an object writes its reference count, so a
    forked process copies every memory page it reads): at 100,000 papers they peaked at 2.75 GB
    together (bench/history.md, session 17)."""
    return papers >= ONE_AT_A_TIME_FROM


def default_jobs() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def start_method() -> str:
    """fork is cheap and safe in a process with one thread; otherwise (serve has threads, and
    macOS and Windows have no safe fork) spawn."""
    chosen = os.environ.get(METHOD_ENV)
    if chosen:
        return chosen
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


class Workers:
    """`processes` worker processes, started by the first task (`share` may start one later, in a
    pool of its own) and stopped on leaving the `with` block (terminated, if it is left by an
    exception). With none, tasks run in this process."""

    def __init__(self, processes: int, given: dict, method: str | None = None) -> None:
        self.processes = processes
        self.given = given  # what every worker starts with, however late
        self.here = dict(given)  # what tasks run in this process see and keep things in (a renderer, which
        # a worker started later under spawn could not be sent)
        self.method = method or start_method()
        self.pools: list[tuple[object, int]] = []  # (a pool, its size): a second one for `share`'s held worker
        self.shared = None  # (the next task's number, the results) for `share`

    def map(self, fn: Callable[..., T], tasks: Sequence[tuple]) -> Iterator[T]:
        """fn(given, *task) for every task, results in order; `given` is the dict the workers were
        started with (a task may keep things in it for the next ones, each process its own)."""
        if not self.processes:
            return (fn(self.here, *task) for task in tasks)
        return self._workers(self.processes)[0][0].imap(_call, [(fn, task) for task in tasks])

    def share(self, fn: Callable[..., T], tasks: Sequence[tuple], beside: Alone | None = None) -> Iterator[T]:
        """fn(given, *task) for every task, each taken by whichever is free of this process and the
        workers; results as they come. A pool of n - 1 workers then does the work of n, and holds one
        copy less of what they all touch. While `beside` runs, one worker fewer: the build then never
        runs more processes than it has jobs, and the copies two big processes make of what they
        touch are not made by three at once."""
        if not self.processes:
            yield from (fn(self.here, *task) for task in tasks)
            return
        held = 1 if beside is not None and not beside.done() else 0
        taken, results = self._shared()
        with taken.get_lock():
            taken.value = 0
        draining = [pool.apply_async(_drain, (fn, tasks)) for pool, size in self._workers(self.processes - held)
                    for _ in range(size)]
        count = 0
        while (i := _take(taken, len(tasks))) is not None:
            yield fn(self.here, *tasks[i])
            count += 1
            if held and beside.done():  # (forked now, not idle since the start: an idle fork holds a copy
                held = 0                # of every page this process has changed since)
                started = len(self.pools)
                draining += [pool.apply_async(_drain, (fn, tasks))
                             for pool, size in self._workers(self.processes)[started:] for _ in range(size)]
            while not results.empty():  # (the workers' results so far, for progress)
                count += 1
                yield _result(results.get())
        for _ in range(len(tasks) - count):
            yield _result(results.get())
        for job in draining:  # (ended before the next `share` numbers its tasks from 0 again)
            job.get()

    def _shared(self) -> tuple:
        """(the next task's number, the results) for `share`, given to every worker as it starts."""
        if self.shared is None:
            context = _context(self.method)
            self.shared = (context.Value("q", 0), context.SimpleQueue())
        return self.shared

    def _workers(self, n: int) -> list[tuple[object, int]]:
        """The pools and their sizes, with `n` workers in all: a pool more when there are fewer."""
        have = sum(size for _, size in self.pools)
        if have < n:
            pool = _context(self.method).Pool(n - have, _start, (self.given, _parent(self.method), self._shared()))
            self.pools.append((pool, n - have))
        return self.pools

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, *_) -> None:
        for pool, _ in self.pools:
            if kind is None:
                pool.close()
            else:
                pool.terminate()
        for pool, _ in self.pools:
            pool.join()
        self.pools = []


class First:
    """A piece of work that either of two processes may do, done by whichever asks first (`take`):
    given to a process as it starts (`Alone`'s `given`), so under fork and spawn alike."""

    def __init__(self, method: str | None = None) -> None:
        self.flag = multiprocessing.get_context(method or start_method()).Value("b", 0)

    def take(self) -> bool:
        with self.flag.get_lock():
            if self.flag.value:
                return False
            self.flag.value = 1
            return True


class Alone:
    """fn(given) in a process of its own, started at once, that ends with it: unlike a pool's worker,
    nothing stays behind holding the memory it used (a pool would also start another worker in its
    place, and a process forked late holds a copy of all that its parent then changes). Its result
    comes back in a file, so it can end before anyone asks for it: in `scratch` (the build's cache),
    named `.result.{pid}-...` after this process, so that if a build is killed before it removes the
    file, the next one does (store.Store.clear_leftovers). With no processes, fn runs here and now."""

    def __init__(self, fn: Callable[[dict], T], given: dict, processes: int, method: str | None = None,
                 scratch: str | None = None) -> None:
        self.proc, self.got = None, False
        if not processes:
            self.value = fn(given)
            return
        method = method or start_method()
        context = _context(method)
        if scratch is not None:
            os.makedirs(scratch, exist_ok=True)
        fd, self.result = tempfile.mkstemp(prefix=f".result.{os.getpid()}-", dir=scratch)
        os.close(fd)
        self.proc = context.Process(target=_alone, args=(fn, given, _parent(method), self.result))
        self.proc.start()

    def done(self) -> bool:
        return self.proc is None or not self.proc.is_alive()

    def get(self):
        """The result (the process waited for, the first time)."""
        if self.proc is None or self.got:
            return self.value
        self.proc.join()
        try:
            with open(self.result, "rb") as f:
                sent = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            raise RuntimeError(f"a worker process ended without its result (exit status {self.proc.exitcode})"
                               ) from None
        self.value, self.got = _result(sent), True
        return self.value

    def __enter__(self) -> Alone:
        return self

    def __exit__(self, *_) -> None:
        if self.proc is not None:
            if self.proc.is_alive():  # (left by an exception, or without asking for the result)
                self.proc.terminate()
            self.proc.join()
            os.unlink(self.result)


def _context(method: str):
    if method == "fork":
        gc.freeze()  # a worker's collector then never walks (and so copies) what it inherits
    return multiprocessing.get_context(method)


def _parent(method: str) -> int | None:
    """The process a worker watches (a forkserver's workers are its children, not this process's)."""
    return os.getpid() if method != "forkserver" else None


def chunks(items: list[T], n: int) -> list[list[T]]:
    return [items[i:i + n] for i in range(0, len(items), n)]


# --- in the workers -------------------------------------------------------------------------------

_given: dict = {}  # in a worker only: what the initializer received (and what tasks keep there)


def _take(taken, count: int) -> int | None:
    """The number of the next task of `share` not yet taken, or None when all are."""
    with taken.get_lock():
        i = taken.value
        if i >= count:
            return None
        taken.value = i + 1
        return i


def _result(sent: tuple[bool, object]):
    ok, value = sent
    if not ok:
        raise value
    return value


_shared: list = []  # in a worker only: `Workers.shared`


def _start(given: dict, parent: int | None, shared: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which stops the pool
    if hasattr(signal, "SIGTERM"):  # (the pool stops its workers with SIGTERM: no traceback for that)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()  # (a build pauses its collector; a worker collects its own garbage)
    _given.update(given)
    _shared[:] = shared
    threading.Thread(target=_outlive_no_build, args=(parent or os.getppid(),), daemon=True).start()


def _outlive_no_build(parent: int) -> None:
    """End this worker once its build has gone. A pool stops its workers itself, but not one it was
    starting when the build was stopped (seen once: a worker forked by the pool's own thread as
    SIGTERM arrived waited on the task queue's lock for ever), and nothing stops the workers of a
    build killed outright in the middle of a task."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _call(job: tuple[Callable, tuple]):
    fn, task = job
    return fn(_given, *task)


def _alone(fn: Callable, given: dict, parent: int | None, path: str) -> None:
    _start(given, parent, ())
    try:
        sent = (True, fn(_given))
    except Exception as e:
        sent = (False, _sendable(e))
    data = pickle.dumps(sent)
    with open(path, "wb") as f:
        f.write(data)


def _sendable(e: Exception) -> Exception:
    """The error, or its text when it cannot be pickled to be sent back."""
    try:
        pickle.dumps(e)
    except Exception:
        return RuntimeError(f"{type(e).__name__}: {e}")
    return e


def _drain(fn: Callable, tasks: Sequence[tuple]) -> None:
    """A worker's part of `share`: tasks taken one by one until none is left, each result (or the
    error that ended it) sent back as it is made."""
    taken, results = _shared
    while (i := _take(taken, len(tasks))) is not None:
        try:
            results.put((True, fn(_given, *tasks[i])))
        except Exception as e:
            results.put((False, _sendable(e)))
            return
