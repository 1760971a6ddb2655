"""Running on a Dask cluster (``--scheduler ADDRESS``): the only module that imports
``dask.distributed``, and only when a scheduler is given (``pip install 'stance[dask]'``).

- Archives: the loaded models are scattered to the workers once; each partition is one
  task that reads, attributes, classifies and writes its part where it runs (so the
  workers must see the input and output folders: a shared file system). A task whose
  worker dies is given to another worker by the scheduler; a part is written under a
  temporary name and renamed, so a half-written part is never taken for a finished one.
- Training and tuning: cross-validation folds and grid-search candidates are joblib
  tasks, sent to the cluster through joblib's Dask backend.
- ``stance cluster-check``: the workers, their threads and memory, and whether their
  Python, scikit-learn and ``stance`` match this machine's.
"""

from __future__ import annotations

import os
import platform
from contextlib import contextmanager

from stance.records import StanceError

#: Seconds to wait for the scheduler to answer before giving up with one line.
CONNECT_TIMEOUT = 30
CHECKED = ("python", "scikit-learn", "numpy", "stance")


def _distributed():
    try:
        import distributed
    except ImportError:
        raise StanceError(
            "--scheduler needs Dask: pip install 'stance[dask]' (dask.distributed)"
        ) from None
    return distributed


def connect(address: str):
    """A client of the scheduler at ``address``, or one clear line if it cannot be reached."""
    distributed = _distributed()
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise StanceError(f"cannot reach the Dask scheduler at {address}: {error}") from None


def _failure(error: BaseException) -> StanceError | None:
    """One line for a cluster failure (None: the error is the user's, raise it as is)."""
    distributed = _distributed()
    if isinstance(error, StanceError):
        return None
    if isinstance(error, distributed.KilledWorker):
        return StanceError(
            "workers died while running the same partition (out of memory?), as many times "
            "as the scheduler allows (distributed.scheduler.allowed-failures); no manifest "
            "was written: rerun with --resume to keep the parts finished"
        )
    if isinstance(error, OSError | TimeoutError | distributed.comm.CommClosedError):
        return StanceError(
            f"lost the Dask scheduler ({error}); no manifest was written: rerun with --resume"
        )
    return None


class _Task:
    """A cluster future whose failure reads as one line."""

    def __init__(self, future):
        self.future = future

    def result(self):
        try:
            return self.future.result()
        except Exception as error:
            line = _failure(error)
            if line is None:
                raise
            raise line from None


class ClusterExecutor:
    """Partitions as tasks on the cluster, the models scattered to every worker once."""

    def __init__(self, address: str, stance_run, reaction_run):
        self.address, self.runs = address, (stance_run, reaction_run)
        self.client = self.models = None
        self.window = 8

    def __enter__(self):
        from stance.archive import load_models

        self.client = connect(self.address)
        threads = sum(self.client.nthreads().values())
        if not threads:
            self.client.close()
            raise StanceError(f"the Dask scheduler at {self.address} has no workers")
        self.window = max(4 * threads, 8)
        self.models = self.client.scatter(load_models(*self.runs), broadcast=True, hash=False)
        return self

    def submit(self, partition, job):
        from stance.archive import process_partition

        future = self.client.submit(
            process_partition,
            partition,
            job,
            self.models,
            pure=False,  # a task whose worker dies is given to another by the scheduler
            key=f"stance-{job.settings}-part-{partition.number:05d}-{os.urandom(4).hex()}",
        )
        return _Task(future)

    def __exit__(self, *exc):
        if self.client is not None:
            self.client.close()


@contextmanager
def joblib_on_cluster(address: str):
    """joblib's Parallel (cross-validation folds, tuning candidates) runs on the cluster
    inside this block."""
    from joblib import parallel_config

    client = connect(address)
    try:
        with client.as_current(), parallel_config(backend="dask"):
            yield client
    finally:
        client.close()


def environment() -> dict:
    """This process's versions of what must match between client and workers."""
    from stance.api import versions

    found = versions()
    return {"python": platform.python_version(), **{k: found.get(k) for k in CHECKED[1:]}}


def check_cluster(address: str) -> dict:
    """The workers of the cluster at ``address`` and how their versions compare."""
    client = connect(address)
    try:
        info = client.scheduler_info(n_workers=-1)
        found = client.run(environment)
    except (OSError, TimeoutError) as error:
        raise StanceError(f"lost the Dask scheduler at {address}: {error}") from None
    finally:
        client.close()
    mine = environment()
    workers = []
    for address_, worker in sorted(info.get("workers", {}).items()):
        versions = found.get(address_, {})
        workers.append(
            {
                "worker": address_,
                "threads": worker.get("nthreads"),
                "memory_bytes": worker.get("memory_limit"),
                **{name: versions.get(name) for name in CHECKED},
                "mismatch": [name for name in CHECKED if versions.get(name) != mine[name]],
            }
        )
    return {"scheduler": address, "client": mine, "workers": workers}
