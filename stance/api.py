"""The Python API: what the CLI does, callable from a notebook.

>>> import stance
>>> run = stance.train(stance.default_config())  # doctest: +SKIP
>>> stance.predict(["A disgrace."], subject="carbon border tax")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from stance import io
from stance.config import DEFAULTS, config_hash, model_params
from stance.records import LABELS, Record, StanceError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = "wirestance"
DEFAULT_NAME = DEFAULTS["name"]  # an unnamed run is named after its task
TUNE_SETTINGS = ("enabled", "inner_folds", "scoring")
VERSIONED = ("stance", "scikit-learn", "numpy", "scipy", "joblib", "typer")


def data_paths(config: dict) -> list[Path]:
    """The data files of a config (files or data set names); the shipped corpus by default."""
    from stance.catalog import resolve_data_path

    return [resolve_data_path(entry) for entry in config["data"]["path"] or [DEFAULT_DATA]]


def load_records(config: dict) -> list[Record]:
    """Read every data file of a config into records, with the config's column mapping."""
    data = config["data"]
    columns = io.Columns(
        text=data["text_col"],
        label=data["label_col"] or None,
        subject=data["subject_col"],
        group=data["group_col"],
        id=data["id_col"],
    )
    records: list[Record] = []
    for path in data_paths(config):
        records.extend(
            io.read_records(
                path,
                task=config["task"],
                format=data["format"],
                columns=columns,
                encoding=data["encoding"] or None,
            )
        )
    return records


def training_records(records: Sequence[Record], config: dict) -> list[Record]:
    """The records a run learns from: labelled for the task, narrator sentences left out."""
    task = config["task"]
    keep_narrator = config["data"]["include_narrator"]
    return [r for r in records if r.label(task) is not None and (keep_narrator or r.speaker != "")]


def fingerprint(paths: Iterable[Path]) -> dict:
    """SHA-256 of each data file and of all of them together (in order)."""
    overall = hashlib.sha256()
    files = {}
    for path in paths:
        digest = io.sha256_file(path)
        files[str(path)] = digest
        overall.update(digest.encode())
    return {"sha256": overall.hexdigest(), "files": files}


def versions() -> dict:
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _check_subjects(records: Sequence[Record], config: dict, *, where: str) -> None:
    if not config["model"]["per_subject"]:
        return
    needed = config["model"]["min_subject_examples"]
    counts = Counter(r.subject for r in records)
    scarce = {subject: n for subject, n in counts.items() if n < needed}
    if scarce:
        listed = ", ".join(f"{s or '(empty)'!r} has {n}" for s, n in sorted(scarce.items()))
        raise StanceError(
            f"{where}: per-subject models need at least {needed} examples per subject "
            f"(model.min_subject_examples): {listed}; use --joint or lower it"
        )


def train(
    config: dict,
    *,
    experiments: Path | str = "experiments",
    command: Sequence[str] | None = None,
    on_fold: Callable[[int, dict], None] | None = None,
):
    """Cross-validate the configured model, fit it on all data, and save a run folder.

    Returns the finished :class:`~stance.runs.Run`.
    """
    from sklearn.base import clone

    from stance.evaluation import check_cross_validation, cross_validate
    from stance.runs import create_run, git_commit, write_manifest

    started = time.time()
    task = config["task"]
    name = task if config["name"] == DEFAULT_NAME else config["name"]
    paths = data_paths(config)
    records = training_records(load_records(config), config)
    where = ", ".join(io.display(p) for p in paths)
    if not records:
        raise StanceError(f"{where}: no records labelled for the {task} task")
    labels = [r.label(task) for r in records]
    folds, seed = config["cv"]["folds"], config["cv"]["seed"]
    check_cross_validation(labels, [r.doc or r.id for r in records], folds=folds, where=where)
    _check_subjects(records, config, where=where)
    estimator = make_estimator(config)
    if config["tune"]["enabled"]:
        check_cross_validation(
            labels,
            [r.doc or r.id for r in records],
            folds=config["tune"]["inner_folds"],
            where=f"{where} (inner folds of --tune)",
        )
    jobs = config["cv"]["jobs"]
    cv = cross_validate(
        estimator, records, labels, task=task, folds=folds, seed=seed, jobs=jobs, on_fold=on_fold
    )
    final = clone(estimator)
    if config["tune"]["enabled"]:
        final.set_params(n_jobs=jobs)
    final.fit(records, labels)
    subjects = [r.subject for r in records]
    metrics = cv.metrics(labels, subjects)
    resolved = {**config, "data": {**config["data"], "path": [str(p.resolve()) for p in paths]}}
    with create_run(experiments, name=name, config_hash=config_hash(resolved)) as run:
        run.write_json("config.json", resolved)
        run.write_json("metrics.json", metrics)
        run.write_json("fold_metrics.json", cv.fold_metrics)
        run.write_csv("predictions.csv", _oof_rows(records, labels, cv))
        run.write_csv(
            "folds.csv",
            (
                {"id": r.id, "doc": r.doc, "fold": int(f)}
                for r, f in zip(records, cv.folds, strict=True)
            ),
        )
        if config["tune"]["enabled"]:
            run.write_json("tuning.json", _tuning_report(final, cv))
            final = final.best_estimator_
        run.save_model(final, meta={"task": task, "labels": list(LABELS[task])})
        write_manifest(
            run,
            {
                "name": name,
                "task": task,
                "created": datetime.now(UTC).isoformat(),
                "command": list(command) if command is not None else list(sys.argv),
                "wall_time_seconds": round(time.time() - started, 3),
                "data": {
                    **fingerprint(paths),
                    "records": len(records),
                    "labels": dict(Counter(labels)),
                    "subjects": dict(Counter(subjects)),
                },
                "versions": versions(),
                "platform": platform.platform(),
                "git_commit": git_commit(PACKAGE_ROOT),
            },
        )
    from stance.runs import resolve_run

    return resolve_run(run.id, experiments)


def make_estimator(config: dict):
    """The configured StanceClassifier, wrapped in an inner grid search when tuning."""
    from stance.model import StanceClassifier
    from stance.tuning import TunedClassifier

    estimator = StanceClassifier(**model_params(config))
    tune = config["tune"]
    if not tune["enabled"]:
        return estimator
    space = {key: value for key, value in tune.items() if key not in TUNE_SETTINGS}
    return TunedClassifier(
        estimator,
        space=space,
        inner_folds=tune["inner_folds"],
        task=config["task"],
        scoring=tune["scoring"],
        seed=config["cv"]["seed"],
    )


def _tuning_report(final, cv) -> dict:
    return {
        "space": final.space,
        "scoring": final.scoring,
        "inner_folds": final.inner_folds,
        "chosen_per_outer_fold": [m.get("chosen_params") for m in cv.fold_metrics],
        "final_choice": final.best_params_,
        "final_inner_score": final.best_score_,
        "final_search": final.cv_results_,
    }


def _oof_rows(records, labels, cv) -> Iterable[dict]:
    for i, record in enumerate(records):
        row = {
            "id": record.id,
            "doc": record.doc,
            "subject": record.subject,
            "fold": int(cv.folds[i]),
            "gold": labels[i],
            "predicted": cv.predicted[i],
            "model": cv.routes[i],
        }
        row.update(_probability_columns(cv.classes, cv.probabilities[i], digits=6))
        yield row


def _probability_columns(classes, probabilities, *, digits: int) -> dict:
    """``p_<label>`` columns in the task's label order (favor, against, none ...)."""
    by_label = dict(zip(classes, probabilities, strict=True))
    order = next(
        (labels for labels in LABELS.values() if set(by_label) <= set(labels)), sorted(by_label)
    )
    return {
        f"p_{label}": round(float(by_label[label]), digits) for label in order if label in by_label
    }


def predict(
    statements: Iterable[str | Record],
    *,
    subject: str = "",
    run=None,
    experiments: Path | str = "experiments",
) -> list[dict]:
    """Predict each statement's label toward ``subject`` with a run's final model.

    ``run`` is a Run, a run id / prefix / folder, or None for the latest stance run.
    Each row has text, subject, predicted label, one probability per class, and the
    model that served it ("joint" when the subject has no model of its own;
    ``unseen_subject`` says whether training ever saw it).
    """
    return list(iter_predictions(statements, subject=subject, run=run, experiments=experiments))


def iter_predictions(
    statements: Iterable[str | Record],
    *,
    subject: str = "",
    run=None,
    experiments: Path | str = "experiments",
    batch_size: int = 4096,
) -> Iterator[dict]:
    """Like :func:`predict`, but streaming: statements are read and rows yielded in batches,
    so memory stays flat however long the input."""
    from itertools import islice

    from stance.runs import Run, resolve_run

    if not isinstance(run, Run):
        run = resolve_run(run, experiments, task="stance" if run is None else None)
    model = run.load_model()
    seen = set(run.manifest.get("data", {}).get("subjects", {}))
    items = iter(statements)
    while batch := list(islice(items, batch_size)):
        records = [
            s if isinstance(s, Record) else Record(id=str(i), text=s, subject=subject)
            for i, s in enumerate(batch)
        ]
        probabilities = model.predict_proba(records)
        for record, proba, route in zip(records, probabilities, model.route(records), strict=True):
            best = int(proba.argmax())
            row = {
                "text": record.text,
                "subject": record.subject,
                run.task: str(model.classes_[best]),
                "probability": round(float(proba[best]), 4),
            }
            row.update(_probability_columns(model.classes_, proba, digits=4))
            row["model"] = route
            row["unseen_subject"] = record.subject not in seen
            yield row


def evaluate(
    run,
    paths: Sequence[Path | str],
    *,
    name: str | None = None,
    data: dict | None = None,
    experiments: Path | str = "experiments",
) -> dict:
    """Apply a run's final model to labelled files; save and return the held-out metrics.

    ``data`` overrides keys of the run's ``[data]`` config (format, columns, encoding).
    Writes ``evaluation-<name>.json`` and ``evaluation-<name>-predictions.csv`` into the
    run folder, touching nothing else there.
    """
    from stance.evaluation import metrics_by_subject
    from stance.runs import Run, add_evaluation, resolve_run

    if not isinstance(run, Run):
        run = resolve_run(run, experiments)
    if not paths:
        raise StanceError("stance evaluate needs --data (a labelled test file)")
    config = run.config
    config["data"] = {**config["data"], **(data or {}), "path": [str(p) for p in paths]}
    name = name or Path(str(paths[0])).stem
    records = training_records(load_records(config), config)
    where = ", ".join(io.display(p) for p in paths)
    if not records:
        raise StanceError(f"{where}: no records labelled for the {run.task} task")
    model = run.load_model()
    probabilities = model.predict_proba(records)
    predicted = model.classes_[probabilities.argmax(axis=1)]
    gold = [r.label(run.task) for r in records]
    metrics = metrics_by_subject(gold, predicted, [r.subject for r in records], task=run.task)
    metrics.update(
        name=name,
        data={**fingerprint(Path(p) for p in paths), "records": len(records)},
        created=datetime.now(UTC).isoformat(),
    )
    routes = model.route(records)
    rows = (
        {
            "id": r.id,
            "doc": r.doc,
            "subject": r.subject,
            "gold": g,
            "predicted": p,
            "model": route,
            **_probability_columns(model.classes_, proba, digits=6),
        }
        for r, g, p, route, proba in zip(
            records, gold, predicted, routes, probabilities, strict=True
        )
    )
    add_evaluation(run, name, metrics, rows)
    return metrics
