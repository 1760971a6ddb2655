"""Predicting statements with a run's final model: streamed, in batches that keep each
article whole (context views read a sentence's article), each row saying which run and
which model served it.

>>> import stance
>>> stance.predict(["The charge will hurt shops."], subject="congestion charge")  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from stance.parallel import available_cores  # noqa: F401 - long importable from here
from stance.records import Record, StanceError

#: Output columns; input columns of the same name are kept as ``input_<name>``.
OUTPUT_KEYS = (
    "text", "subject", "stance", "reaction", "probability", "model", "unseen_subject", "run",
    "explanation",
)  # fmt: skip


def load_serving_run(run=None, experiments: Path | str = "experiments", *, task: str = "stance"):
    """The run to predict with: a Run, a reference, or None for the latest of ``task``."""
    from stance.runs import Run, resolve_run

    if isinstance(run, Run):
        return run
    return resolve_run(run, experiments, task=task if run in (None, "latest") else None)


def trained_subjects(run) -> list[str]:
    """The subjects a run was trained on (empty strings left out)."""
    return [s for s in run.manifest.get("data", {}).get("subjects", {}) if s]


def subject_note(run, subject: str) -> str | None:
    """A line for the user when ``subject`` was not trained on: the nearest trained subject
    ("did you mean ...?") or how an unseen subject is predicted."""
    from stance.subjects import normalise_subject

    known = {normalise_subject(s): s for s in trained_subjects(run)}
    if not subject or normalise_subject(subject) in known:
        return None
    close = difflib.get_close_matches(normalise_subject(subject), list(known), n=1, cutoff=0.75)
    if close:
        return (
            f"note: subject {subject!r} was not in the training data; "
            f"did you mean {known[close[0]]!r}?"
        )
    return (
        f"note: subject {subject!r} was not in the training data; it is predicted from the "
        "model's shared, subject-independent features"
    )


def require_subject(run, subject: str) -> None:
    """Stance is toward a subject: refuse to predict without one if the run knows subjects."""
    if subject or run.task != "stance":
        return
    known = trained_subjects(run)
    if known:
        listed = ", ".join(repr(s) for s in known[:8]) + (" ..." if len(known) > 8 else "")
        raise StanceError(
            f"--subject is required: stance is toward a subject (this run knows {listed})"
        )


def _as_record(item, number: int, subject: str) -> tuple[Record, dict]:
    if isinstance(item, Record):
        return item, {}
    if isinstance(item, str):
        return Record(id=str(number), text=item, subject=subject), {}
    if isinstance(item, Mapping):
        record = Record(
            id=str(item.get("id", number)),
            text=str(item["text"]),
            doc=str(item.get("doc") or ""),
            subject=str(item.get("subject") or subject),
            speaker=item.get("speaker"),
        )
        extra = {
            (f"input_{k}" if k in OUTPUT_KEYS or k.startswith("p_") else k): v
            for k, v in item.items()
            if k not in ("text", "subject")
        }
        return record, extra
    raise TypeError(f"cannot predict a {type(item).__name__}")


def _batches(items: Iterable, batch_size: int) -> Iterator[list[tuple[Record, dict]]]:
    """Batches of about ``batch_size`` records that never split an article."""
    batch: list[tuple[Record, dict]] = []
    for record, extra in items:
        if len(batch) >= batch_size and (not record.doc or record.doc != batch[-1][0].doc):
            yield batch
            batch = []
        batch.append((record, extra))
    if batch:
        yield batch


def _load(run, explain: int):
    """The run's model: read as plain numbers for prediction (no scikit-learn to import),
    or as the fitted estimator when explanations need its feature names."""
    return run.load_model() if explain else run.load_scorer()


def _score(model, records: list, explain: int) -> tuple:
    """One batch's class labels, probabilities, routes and (with ``explain``) explanations."""
    explanations = None
    if explain:
        from stance.explain import explain_records

        explanations = explain_records(model, records, top=explain)
    return model.classes_, model.predict_proba(records), model.route(records), explanations


_WORKER: dict = {}


def _start_worker(run, explain: int) -> None:
    """Load the run's model once per worker process, with one BLAS thread: the workers
    are the parallelism, and more threads per worker only compete for the cores. Ctrl-C
    is the main process's to handle (it stops the workers), so workers ignore it."""
    import signal

    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["limits"] = threadpool_limits(limits=1)
    try:
        _WORKER["model"] = _load(run, explain)
    except StanceError as error:  # said by the first batch, as one line, not a broken pool
        _WORKER["error"] = error


def _score_in_worker(records: list, explain: int) -> tuple:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _score(_WORKER["model"], records, explain)


def _scored_batches(batches: Iterator[list], run, jobs: int, explain: int) -> Iterator[tuple]:
    """(batch, scores) in input order. With ``jobs`` > 1 and more than one batch the
    batches are scored in worker processes, at most two per worker in flight, so memory
    stays bounded by the batch size however long the input."""
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    if jobs == 1 or second is None:  # one batch: no workers to start, the answer is sooner
        model = _load(run, explain)
        for batch in (b for b in (first, second) if b is not None):
            yield batch, _score(model, [record for record, _ in batch], explain)
        for batch in batches:
            yield batch, _score(model, [record for record, _ in batch], explain)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from itertools import chain

    pending: deque = deque()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),  # no forked BLAS threads or locks
        initializer=_start_worker,
        initargs=(run, explain),
    )
    try:
        for batch in chain((first, second), batches):
            records = [record for record, _ in batch]
            pending.append((batch, pool.submit(_score_in_worker, records, explain)))
            if len(pending) >= 2 * jobs:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def iter_predictions(
    statements: Iterable,
    *,
    subject: str = "",
    run=None,
    experiments: Path | str = "experiments",
    batch_size: int = 4096,
    explain: int = 0,
    jobs: int = 1,
) -> Iterator[dict]:
    """Predict each statement's label toward ``subject``, streaming.

    ``statements`` holds strings, Records, or mappings with ``text`` (and optionally
    ``subject``, ``doc``, ``speaker``; other keys are passed through to the row).
    ``run`` is a Run, a reference (id, prefix, name, folder, latest) or None (the latest
    stance run). Each row: text, subject, predicted label and its probability, one
    probability per class, the model that served it ("joint" or the subject's own),
    whether the subject was unseen in training, the run's id, and with ``explain=N`` the
    N features that pushed the prediction most. ``jobs`` > 1 scores batches in that
    many worker processes; the rows are the same, in the same order.
    """
    from stance.api import probability_order
    from stance.subjects import normalise_subject

    if jobs < 1:
        raise StanceError(f"jobs must be at least 1, got {jobs}")
    run = load_serving_run(run, experiments)
    seen = {normalise_subject(s) for s in trained_subjects(run)}

    def checked(items):
        for number, item in enumerate(items):
            record, extra = _as_record(item, number, subject)
            require_subject(run, record.subject)
            yield record, extra

    unseen: dict[str, bool] = {}  # subject -> not among the trained ones

    def is_unseen(subject: str) -> bool:
        found = unseen.get(subject)
        if found is None:
            found = unseen[subject] = normalise_subject(subject) not in seen
        return found

    batches = _batches(checked(statements), batch_size)
    for batch, (classes, probabilities, routes, explanations) in _scored_batches(
        batches, run, jobs, explain
    ):
        # Per batch, not per row: the column order, each row's best class, Python floats.
        labels, columns = [str(c) for c in classes], probability_order(classes)
        bests = probabilities.argmax(axis=1).tolist() if len(batch) else []
        for i, ((record, extra), proba, best, route) in enumerate(
            zip(batch, probabilities.tolist(), bests, routes, strict=True)
        ):
            row = {
                **extra,
                "text": record.text,
                "subject": record.subject,
                run.task: labels[best],
                "probability": round(proba[best], 4),
                **{name: round(proba[column], 4) for name, column in columns},
                "model": route,
                "unseen_subject": is_unseen(record.subject),
                "run": run.id,
            }
            if explanations is not None:
                row["explanation"] = [
                    {"feature": name, "push": push} for name, push in explanations[i]
                ]
            yield row


def predict(statements: Iterable, **options) -> list[dict]:
    """:func:`iter_predictions` as a list."""
    return list(iter_predictions(statements, **options))
