"""Worker processes for independent fits: order, errors, inheritance, BLAS threads, stopping."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import pytest

from stance import parallel
from stance.parallel import run_tasks, task_pool, worker_count

on_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers")
PREPARED: dict = {}


def pool_workers() -> list:
    """This process's forked pool workers still alive (joblib's reusable loky workers,
    which other tests leave behind, are not ours)."""
    return [p for p in multiprocessing.active_children() if "PoolWorker" in p.name]


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError(f"task {number} refused")
    return number


def blas_threads() -> int:
    from threadpoolctl import threadpool_info

    return max((pool["num_threads"] for pool in threadpool_info()), default=1)


def prepared_value(key: str):
    return PREPARED.get(key)


@pytest.mark.parametrize("jobs", [1, 2])
def test_outputs_come_in_task_order_whatever_the_workers(jobs):
    outputs = list(run_tasks(square_with_pid, [(n,) for n in range(9)], jobs=jobs))
    assert [square for square, _ in outputs] == [n * n for n in range(9)]
    pids = {pid for _, pid in outputs}
    assert (pids == {os.getpid()}) if jobs == 1 else (os.getpid() not in pids)


def test_zero_jobs_means_every_core_but_never_more_workers_than_tasks():
    assert worker_count(0, 100) == parallel.available_cores()
    assert worker_count(-1, 100) == parallel.available_cores()
    assert worker_count(8, 3) == 3
    assert worker_count(2, 0) == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_task_is_raised_here_and_the_workers_stop(jobs):
    with pytest.raises(ValueError, match="task 3 refused"):
        list(run_tasks(fail_on_three, [(n,) for n in range(8)], jobs=jobs))
    assert pool_workers() == []


@on_linux
def test_forked_workers_inherit_what_prepare_computed():
    def prepare():
        PREPARED["analysis"] = "done before the fork"

    try:
        with task_pool(prepared_value, [("analysis",)] * 4, jobs=2, prepare=prepare) as outputs:
            assert list(outputs) == ["done before the fork"] * 4
    finally:
        PREPARED.clear()


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_task_runs_with_one_blas_thread(jobs):
    assert run_tasks(blas_threads, [()] * 2, jobs=jobs).__next__() == 1


@on_linux
def test_the_block_runs_here_while_the_workers_work():
    with task_pool(square_with_pid, [(n,) for n in range(4)], jobs=2) as outputs:
        here = square_with_pid(5)  # the final model's fit, in the harness
        found = list(outputs)
    assert here == (25, os.getpid())
    assert [square for square, _ in found] == [0, 1, 4, 9]


@on_linux
def test_closing_early_stops_the_workers():
    outputs = run_tasks(square_with_pid, [(n,) for n in range(50)], jobs=2)
    assert next(outputs)[0] == 0
    outputs.close()
    assert pool_workers() == []


@on_linux
def test_a_parent_that_turns_sigterm_into_ctrl_c_still_ends_its_workers_quietly(capfd):
    """The CLI raises KeyboardInterrupt on SIGTERM; a pool stops its workers with SIGTERM."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        outputs = run_tasks(square_with_pid, [(n,) for n in range(20)], jobs=2)
        assert next(outputs)[0] == 0
        outputs.close()  # terminates the workers
        assert [s for s, _ in run_tasks(square_with_pid, [(2,), (3,)], jobs=2)] == [4, 9]
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert pool_workers() == []
    assert "Traceback" not in capfd.readouterr().err


def test_inside_a_chosen_joblib_backend_the_tasks_go_through_joblib():
    from joblib import parallel_config

    with parallel_config(backend="threading"):
        outputs = list(run_tasks(square_with_pid, [(n,) for n in range(5)], jobs=1))
    assert [square for square, _ in outputs] == [0, 1, 4, 9, 16]
    assert {pid for _, pid in outputs} == {os.getpid()}  # threads: this process


@pytest.mark.parametrize("background", [True, False])
def test_beside_gives_the_result_or_raises_the_error_here(background):
    import threading

    from stance.parallel import Beside

    ran_in = Beside(lambda: threading.get_ident(), background=background).result()
    assert (ran_in != threading.get_ident()) == background
    failing = Beside(lambda: fail_on_three(3), background=background)
    with pytest.raises(ValueError, match="task 3 refused"):
        failing.result()
