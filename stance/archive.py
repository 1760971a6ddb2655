"""Archive-scale extraction and prediction: partitions of articles in, parts, a speaker
summary and a manifest out, on this machine's cores or on a Dask cluster.

The unit of work is a partition (:mod:`stance.io.archive`): it is read, attributed,
classified and written as one part wherever it runs, so the output is the same bytes
however many processes or machines made it. The parts are summed into one summary per
speaker (and per period when the articles carry dates) in partition order.

>>> from stance.archive import run_archive
>>> run_archive(["news/"], kind="predict", subject="Donald Trump", output="out/")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stance.io import archive as store
from stance.records import StanceError
from stance.runs import Run
from stance.tallies import PERIODS, PROBABILITIES, add_tally, summary_rows, tally

KINDS = ("predict", "extract")
PREDICT_COLUMNS = (
    "doc", "date", "index", "start", "end", "text", "speaker", "mention", "cue", "subject",
    "stance", "reaction", *PROBABILITIES, "classified", "run", "reaction_run",
)  # fmt: skip
OUTPUT_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True)
class Job:
    """What every partition of one command does, and where its part goes."""

    kind: str
    folder: str
    format: str = "jsonl"
    subject: str = ""
    period: str = "month"
    encoding: str | None = None
    settings: str = ""  # a hash of all the above that shapes a part's content


@dataclass
class LoadedRun(Run):
    """A run with its model already in memory: loaded (or received from the client) once
    per worker, then used for every article of every partition the worker is given.
    Archives are predicted without explanations, so the model is the saved numbers
    (:meth:`Run.load_scorer`), which is what prediction asks for."""

    model: object = field(default=None, repr=False)

    def load_scorer(self):
        return self.model


@dataclass(frozen=True)
class Models:
    """The stance and reaction runs a prediction serves from (None for extraction)."""

    stance: LoadedRun | None = None
    reaction: LoadedRun | None = None


def load_models(stance_run: Run | None, reaction_run: Run | None) -> Models:
    if stance_run is None:
        return Models()
    return Models(
        *(
            LoadedRun(run.path, run.manifest, run.load_scorer())
            for run in (stance_run, reaction_run)
        )
    )


# ------------------------------------------------------------------ one partition


def partition_rows(partition: store.Partition, job: Job, models: Models) -> list[dict]:
    """Every sentence row of a partition's articles, in article order."""
    rows = []
    for article in store.read_partition(partition, encoding=job.encoding):
        if job.kind == "extract":
            rows.extend(_extracted(article))
        else:
            rows.extend(_predicted(article, job, models))
    return rows


def _extracted(article: store.Article) -> list[dict]:
    from stance.attribution import extract

    statements = extract(article.text, doc=article.doc)
    if not any(s.part == "body" for s in statements):
        raise StanceError(f"{article.where}: no sentences found in the article")
    return [{"doc": article.doc, "date": article.date, **s.to_dict()} for s in statements]


def _predicted(article: store.Article, job: Job, models: Models) -> list[dict]:
    from stance.articles import predict_article

    try:
        rows = predict_article(
            article.text,
            subject=job.subject,
            doc=article.doc,
            run=models.stance,
            reaction_run=models.reaction,
        )
    except StanceError as error:
        raise StanceError(f"{article.where}: {error}") from None
    return [
        {column: row.get(column) for column in PREDICT_COLUMNS} | {"date": article.date}
        for row in rows
    ]


def process_partition(partition: store.Partition, job: Job, models: Models) -> dict:
    """Read, attribute, classify and write one partition; its part's state (rows,
    SHA-256, articles, tally). The function every worker runs."""
    rows = partition_rows(partition, job, models)
    state = {
        "key": partition.key,
        "settings": job.settings,
        "articles": len({row["doc"] for row in rows}),
        "tally": tally(rows, kind=job.kind, period=job.period),
    }
    return store.write_part(
        Path(job.folder), partition.number, rows, format=job.format, state=state
    )


# ------------------------------------------------------------------ local workers

_WORKER: dict = {}


def _start_worker(stance_run: Run | None, reaction_run: Run | None) -> None:
    """Load the models once per worker process, with one BLAS thread (the processes are
    the parallelism); Ctrl-C is the main process's to handle."""
    import signal

    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["limits"] = threadpool_limits(limits=1)
    _WORKER["models"] = load_models(stance_run, reaction_run)


def _process_in_worker(partition: store.Partition, job: Job) -> dict:
    return process_partition(partition, job, _WORKER["models"])


class _Done:
    """A finished result with the interface of a future."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class LocalExecutor:
    """Partitions processed here (``jobs`` = 1) or in ``jobs`` worker processes."""

    def __init__(self, jobs: int, stance_run: Run | None, reaction_run: Run | None):
        self.jobs, self.runs = jobs, (stance_run, reaction_run)
        self.window = 2 * jobs
        self.pool = None
        self.models = None

    def __enter__(self):
        if self.jobs == 1:
            self.models = load_models(*self.runs)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=self.runs,
            )
        return self

    def submit(self, partition: store.Partition, job: Job):
        if self.pool is None:
            return _Done(process_partition(partition, job, self.models))
        return self.pool.submit(_process_in_worker, partition, job)

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ the whole archive


def settings_hash(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def output_is_folder(output: Path | str | None) -> bool:
    """``-o out/`` (or an existing folder) is a folder of parts; ``-o rows.jsonl`` one file."""
    if output is None or str(output) == "-":
        return False
    return str(output).endswith(("/", "\\")) or Path(output).is_dir()


def run_archive(
    inputs: Iterable[str],
    *,
    kind: str,
    output: Path | str | None = None,
    format: str = "jsonl",
    subject: str = "",
    stance_run: Run | None = None,
    reaction_run: Run | None = None,
    partition_size: int = 200,
    jobs: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    period: str = "month",
    summary: Path | str | None = None,
    encoding: str | None = None,
    on_part: Callable[[dict], None] | None = None,
) -> dict:
    """Extract (``kind="extract"``) or predict (``"predict"``, with both runs) every
    article of an archive; returns the manifest.

    ``output`` is a folder (``out/``: parts, ``summary.<format>``, ``manifest.json``
    last), a file (the parts merged in input order; the summary goes to ``summary`` if
    given) or None (standard output). ``scheduler`` runs the partitions on a Dask
    cluster instead of ``jobs`` local processes; the output is the same. ``resume``
    continues an interrupted output, keeping the parts that verify.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if format not in ("jsonl", "csv"):
        raise StanceError(f"an archive is written as jsonl or csv, not {format!r}")
    if period not in PERIODS:
        raise StanceError(f"--period must be one of {', '.join(PERIODS)}, got {period!r}")
    if jobs < 1:
        raise StanceError(f"--jobs must be at least 1, got {jobs}")
    if kind == "predict" and (stance_run is None or reaction_run is None):
        raise ValueError("prediction needs a stance run and a reaction run")
    inputs = list(inputs)
    runs = {"stance": stance_run.id, "reaction": reaction_run.id} if stance_run else None
    from stance import __version__

    described = {
        "kind": kind,
        "format": format,
        "subject": subject,
        "period": period,
        "partition_size": partition_size,
        "runs": runs,
        "stance": __version__,
    }
    folder_mode = output_is_folder(output)
    if folder_mode:
        folder = Path(output)
    elif output is None or str(output) == "-":
        if resume:
            raise StanceError("--resume continues an output folder or file; give -o")
        folder = Path(tempfile.mkdtemp(prefix="stance-archive-"))
    else:
        output = Path(output)
        if output.is_dir():
            raise StanceError(f"{output}: is a folder; write parts into it with -o {output}/")
        folder = output.parent / f".{output.name}.parts"
    created = not folder.exists()
    store.prepare_folder(folder, resume=resume)
    job = Job(
        kind, str(folder.resolve()), format, subject, period, encoding, settings_hash(described)
    )
    parts, total = [], {}
    if scheduler:
        from stance.cluster import ClusterExecutor

        executor = ClusterExecutor(scheduler, stance_run, reaction_run)
    else:
        executor = LocalExecutor(jobs, stance_run, reaction_run)
    try:
        with executor:
            partitions = store.partitions(inputs, size=partition_size, absolute=bool(scheduler))
            for info in _ordered(partitions, job, executor, resume):
                add_tally(total, info.pop("tally"))  # only the sums are kept in memory
                parts.append(info)
                if on_part:
                    on_part(info)
    except BaseException as error:
        if output is None or str(output) == "-" or (created and not any(folder.glob("part-*"))):
            shutil.rmtree(folder, ignore_errors=True)  # nothing to resume: leave nothing
        if type(error).__name__ == "BrokenProcessPool":
            raise StanceError(
                "a worker process died (out of memory?); the parts finished are kept: "
                "rerun with --resume"
            ) from None
        raise
    rows = summary_rows(total, kind=kind)
    manifest = {
        **described,
        "inputs": inputs,
        "settings": job.settings,
        "articles": sum(info["articles"] for info in parts),
        "rows": sum(info["rows"] for info in parts),
        "parts": [
            {key: info[key] for key in ("part", "rows", "articles", "sha256")} for info in parts
        ],
    }
    names = [info["part"] for info in parts]
    if folder_mode:
        manifest["summary"] = store.write_summary(folder, f"summary.{format}", rows, format=format)
        store.write_manifest(folder, manifest)
        return manifest
    from stance.io import atomic_output, write_rows

    with atomic_output(output) as stream:
        store.merge_parts(folder, names, stream, format=format)
    if summary is not None:
        with atomic_output(summary) as stream:
            write_rows(stream, rows, format=format)
    shutil.rmtree(folder, ignore_errors=True)
    return manifest


def _ordered(partitions: Iterator, job: Job, executor, resume: bool) -> Iterator[dict]:
    """Each partition's part state, in partition order: a verified part of an earlier
    run as it is (with ``resume``), the others submitted, at most ``executor.window``
    ahead of the one awaited, so memory stays bounded however large the archive."""
    pending: deque = deque()
    folder = Path(job.folder)
    for partition in partitions:
        done = None
        if resume:
            done = store.finished_part(
                folder,
                partition.number,
                format=job.format,
                key=partition.key,
                settings=job.settings,
            )
        pending.append(_Done(done) if done else executor.submit(partition, job))
        while len(pending) > executor.window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
