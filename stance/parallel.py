"""Independent fits (cross-validation folds, baselines) spread over worker processes.

On Linux the workers are forked from the process that asks, once it has analysed every
record (``prepare``: ``stance.vectorize``'s caches, the cue baseline's attributions): they
start at once with that work and everything imported, and the tasks' records reach them
by inheritance instead of being pickled. The asking process meanwhile fits the final
model. Elsewhere, or inside a joblib backend the caller chose (a Dask cluster:
``stance.cluster``), joblib runs the tasks.

Every task runs with one BLAS thread, in a worker or in this process alike: the solver's
dot products sum in an order that depends on the thread count, so a fit's last bits did
too. With one thread each, a run's numbers are the same for any ``jobs``, and workers do
not compete for the cores with each other's BLAS threads.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

#: What the forked workers run: set just before the fork, read by index in the workers.
_WORK: tuple[Callable, Sequence[tuple]] | None = None


def available_cores() -> int:
    """The cores this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, tasks: int) -> int:
    """Workers for ``tasks`` tasks: ``jobs`` (0 or -1: every core), never more than tasks."""
    wanted = available_cores() if jobs in (0, -1) else jobs
    return max(1, min(wanted, tasks))


def uses_workers(jobs: int, tasks: int) -> bool:
    """Whether :func:`task_pool` would run ``tasks`` tasks outside this thread."""
    return worker_count(jobs, tasks) > 1 or _chosen_backend()


def forks_workers(jobs: int, tasks: int) -> bool:
    """Whether :func:`task_pool` would fork workers for ``tasks`` tasks (not inside a
    chosen joblib backend, whose setting a thread of this process would not see)."""
    return sys.platform.startswith("linux") and uses_workers(jobs, tasks) and not _chosen_backend()


@contextmanager
def one_blas_thread():
    """BLAS (and OpenMP) limited to one thread inside the block."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def run_tasks(function: Callable, tasks: Sequence[tuple], *, jobs: int = 1) -> Iterator:
    """``function(*task)`` for every task, yielded in the tasks' order as they finish.

    ``jobs`` workers (0 or -1: every core); with one, the tasks run here, one by one.
    Stopping early (an error, Ctrl-C, closing the iterator) stops the workers.
    """
    with task_pool(function, tasks, jobs=jobs) as outputs:
        yield from outputs


@contextmanager
def task_pool(
    function: Callable,
    tasks: Sequence[tuple],
    *,
    jobs: int = 1,
    prepare: Callable[[], None] | None = None,
) -> Iterator[Iterator]:
    """Start ``function(*task)`` for every task in ``jobs`` workers and give the iterator
    of their outputs (in the tasks' order); the block's own work runs in this process
    meanwhile. ``prepare()`` runs here just before the workers fork, for them to inherit
    what it computes. With one worker the tasks run here as the iterator is read.
    Leaving the block stops any worker still running.
    """
    workers = worker_count(jobs, len(tasks))
    chosen = _chosen_backend()
    if not uses_workers(jobs, len(tasks)):
        yield _here(function, tasks)
    elif chosen or not sys.platform.startswith("linux"):
        outputs = _joblib_tasks(function, tasks, -1 if chosen else workers)
        try:
            yield outputs
        finally:
            outputs.close()
    else:
        if prepare is not None:
            prepare()
        yield from _forked_tasks(function, tasks, workers)


def _here(function: Callable, tasks: Sequence[tuple]) -> Iterator:
    for task in tasks:
        with one_blas_thread():
            output = function(*task)
        yield output


class Beside:
    """``function()`` run in a thread of this process (``background``) or at once; its
    result (or error) comes from :meth:`result`. The harness fits the final model this
    way while the workers fit the folds, and reports each fold as it arrives."""

    def __init__(self, function: Callable, *, background: bool):
        self._value, self._error = None, None
        self._thread = None
        if background:
            # A daemon: Ctrl-C ends the command without waiting for the fit to finish.
            self._thread = threading.Thread(target=self._run, args=(function,), daemon=True)
            self._thread.start()
        else:
            self._run(function)

    def _run(self, function: Callable) -> None:
        try:
            self._value = function()
        except BaseException as error:  # re-raised by result(), in the caller's thread
            self._error = error

    def result(self):
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _chosen_backend() -> bool:
    """True inside a joblib backend other than the default (a Dask cluster, say)."""
    from joblib.parallel import get_active_backend

    backend, _ = get_active_backend()
    return type(backend).__name__ not in ("LokyBackend", "SequentialBackend")


def _joblib_tasks(function: Callable, tasks: Sequence[tuple], workers: int) -> Iterator:
    import warnings

    from joblib import Parallel, delayed

    outputs = Parallel(n_jobs=workers, return_as="generator")(
        delayed(_with_one_blas_thread)(function, task) for task in tasks
    )
    try:
        yield from outputs
    finally:
        with warnings.catch_warnings():  # stopped early: no "tasks cancelled" warning
            warnings.simplefilter("ignore")
            outputs.close()


def _with_one_blas_thread(function: Callable, task: tuple):
    with one_blas_thread():
        return function(*task)


def _forked_tasks(function: Callable, tasks: Sequence[tuple], workers: int) -> Iterator:
    global _WORK
    _WORK = (function, tasks)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        yield pool.imap(_run_one, range(len(tasks)), chunksize=1)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
        _WORK = None


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool, and the workers
    # would only print tracebacks. SIGTERM (how a pool is stopped) ends a worker at once,
    # whatever handler the parent had installed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _run_one(index: int):
    function, tasks = _WORK
    return function(*tasks[index])
