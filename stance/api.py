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
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import replace
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
    if data["subject"]:
        records = [r if r.subject else replace(r, subject=data["subject"]) for r in records]
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


def subjects_on_joint(records: Sequence[Record], config: dict) -> dict[str, int]:
    """With per-subject models: the subjects too small for their own model (they fall back
    to the joint model), with their example counts."""
    if not config["model"]["per_subject"]:
        return {}
    needed = config["model"]["min_subject_examples"]
    counts = Counter(r.subject for r in records)
    return {subject: n for subject, n in sorted(counts.items()) if n < needed}


def train(
    config: dict,
    *,
    experiments: Path | str = "experiments",
    command: Sequence[str] | None = None,
    on_fold: Callable[[int, int, dict], None] | None = None,
):
    """Cross-validate the configured model, fit it on all data, and save a run folder.

    With several seeds (``cv.seeds``) the K-fold split is repeated once per seed.
    ``on_fold(seed, fold, metrics)`` is called as each fold finishes. Returns the
    finished :class:`~stance.runs.Run`.
    """

    from stance.config import cv_seeds
    from stance.evaluation import check_cross_validation, cv_groups
    from stance.harness import (
        BASELINES,
        cv_metrics,
        fold_rows,
        oof_rows,
        run_experiment,
        summarise_baselines,
    )
    from stance.runs import create_run, git_commit, write_manifest

    started = time.time()
    task = config["task"]
    name = task if config["name"] == DEFAULT_NAME else config["name"]
    paths = data_paths(config)
    records = training_records(load_records(config), config)
    where = ", ".join(io.display(p) for p in paths)
    if not records:
        raise StanceError(f"{where}: no records labelled for the {task} task")
    group = config["cv"]["group"]
    check_training_data(records, config, where=where)
    labels = [r.label(task) for r in records]
    folds, seeds = config["cv"]["folds"], cv_seeds(config)
    groups = cv_groups(records, group)
    check_cross_validation(labels, groups, folds=folds, where=where)
    estimator = make_estimator(config)
    if config["tune"]["enabled"]:
        check_cross_validation(
            labels,
            groups,
            folds=config["tune"]["inner_folds"],
            where=f"{where} (inner folds of --tune)",
        )
    scheduler = config["cv"]["scheduler"]
    # On a cluster every fold (and tuning candidate) is a joblib task sent to its workers.
    jobs = -1 if scheduler else config["cv"]["jobs"]
    tuned = config["tune"]["enabled"]
    with parallel_backend_of(scheduler):
        experiment = run_experiment(
            estimator,
            records,
            labels,
            task=task,
            folds=folds,
            seeds=seeds,
            group=group,
            jobs=jobs,
            baselines=BASELINES if config["cv"]["baselines"] and not tuned else (),
            final_jobs=(jobs or -1) if tuned else None,  # joblib: -1 is every core
            on_fold=on_fold,
        )
        results, final = experiment.results, experiment.final
        metrics = cv_metrics(records, labels, results, task=task, group=group)
        fallback = subjects_on_joint(records, config)
        if fallback:
            metrics["subjects_on_joint"] = fallback
        if experiment.baselines:
            metrics["baselines"] = summarise_baselines(
                records, labels, experiment.baselines, task=task
            )
        curve = None
        if config["cv"]["learning_curve"]:
            from stance.harness import learning_curve

            curve = learning_curve(
                estimator, records, labels, results[0].cv, task=task, group=group, seed=seeds[0]
            )
    subjects = [r.subject for r in records]
    resolved = {**config, "data": {**config["data"], "path": [str(p.resolve()) for p in paths]}}
    with create_run(experiments, name=name, config_hash=config_hash(resolved)) as run:
        run.write_json("config.json", resolved)
        run.write_json("metrics.json", metrics)
        run.write_json("fold_metrics.json", [m for r in results for m in r.cv.fold_metrics])
        run.write_csv("predictions.csv", oof_rows(records, labels, results))
        run.write_csv("folds.csv", fold_rows(records, results))
        if curve is not None:
            run.write_json("learning_curve.json", curve)
        if config["tune"]["enabled"]:
            run.write_json("tuning.json", _tuning_report(final, results[0].cv))
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
                    "texts": text_fingerprints(records),
                    "labels": dict(Counter(labels)),
                    "subjects": dict(Counter(subjects)),
                },
                "cv": {"folds": folds, "seeds": seeds, "grouping": group},
                "versions": versions(),
                "platform": platform.platform(),
                "git_commit": git_commit(PACKAGE_ROOT),
            },
        )
    from stance.runs import resolve_run

    return resolve_run(run.id, experiments)


def parallel_backend_of(scheduler: str):
    """Where joblib runs folds and candidates: the Dask cluster at ``scheduler``, or here."""
    if not scheduler:
        return nullcontext()
    from stance.cluster import joblib_on_cluster

    return joblib_on_cluster(scheduler)


def text_fingerprints(records: Sequence[Record]) -> list[str]:
    """A short hash of each record's normalised text and subject, sorted and de-duplicated.

    Kept in the manifest so ``evaluate`` can count held-out records that were trained on.
    """
    return sorted(set(text_fingerprints_of(records)))


def normalise_text(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: how records are compared."""
    return " ".join(text.lower().split()).strip(" .,;:!?\"'“”‘’")


def check_training_data(records: Sequence[Record], config: dict, *, where: str) -> None:
    """Refuse data that would give misleading folds or a subject-less stance model."""
    group = config["cv"]["group"]
    if group == "doc" and not any(r.doc for r in records):
        column = config["data"]["group_col"]
        raise StanceError(
            f"{where}: no article column {column!r} to group the folds by, so sentences of one "
            "article could land on both sides of a fold; name it with --group-col, or pass "
            "--no-groups to split records freely (reported as NOT grouped)"
        )
    if group == "doc":
        missing = next((r for r in records if not r.doc), None)
        if missing is not None:
            raise StanceError(
                f"{missing.source or where}: record {missing.id!r} has no article "
                f"({config['data']['group_col']!r}); every record needs one to group the folds"
            )
    if config["task"] == "stance":
        missing = next((r for r in records if not r.subject), None)
        if missing is not None:
            raise StanceError(
                f"{missing.source or where}: record {missing.id!r} has no subject "
                f"({config['data']['subject_col']!r}); stance is toward a subject: name the "
                "column with --subject-col, or give one for the whole file with --subject"
            )


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


def probability_columns(classes, probabilities, *, digits: int) -> dict:
    """``p_<label>`` columns in the task's label order (favor, against, none ...)."""
    return {name: round(float(probabilities[i]), digits) for name, i in probability_order(classes)}


def probability_order(classes) -> list[tuple[str, int]]:
    """(``p_<label>`` column, index in ``classes``) in the task's label order."""
    index = {label: i for i, label in enumerate(classes)}
    order = next((labels for labels in LABELS.values() if set(index) <= set(labels)), sorted(index))
    return [(f"p_{label}", index[label]) for label in order if label in index]


#: Share of evaluation records seen in training above which evaluate refuses.
MAX_OVERLAP = 0.05


def evaluate(
    run,
    paths: Sequence[Path | str],
    *,
    name: str | None = None,
    data: dict | None = None,
    experiments: Path | str = "experiments",
    allow_overlap: bool = False,
) -> dict:
    """Apply a run's final model to labelled files; save and return the held-out metrics.

    ``data`` overrides keys of the run's ``[data]`` config (format, columns, encoding,
    subject). Counts the evaluation records (normalised text and subject) that were in
    the run's training data and refuses when more than 5% were, unless
    ``allow_overlap``: a score on training data is not a held-out score. Writes
    ``evaluation-<name>.json`` and ``evaluation-<name>-predictions.csv`` into the run
    folder, touching nothing else there.
    """
    from stance.evaluation import metrics_by_subject
    from stance.harness import has_speakers
    from stance.runs import Run, add_evaluation, resolve_run

    if not isinstance(run, Run):
        run = resolve_run(run, experiments)
    if not paths:
        raise StanceError("stance evaluate needs --data (a labelled test file)")
    config = run.config
    config["data"] = {**config["data"], **(data or {}), "path": [str(p) for p in paths]}
    name = name or Path(str(paths[0])).stem.replace(":", "-")
    resolved = data_paths(config)
    records = training_records(load_records(config), config)
    where = ", ".join(io.display(p) for p in resolved)
    if not records:
        raise StanceError(f"{where}: no records labelled for the {run.task} task")
    trained = set(run.manifest.get("data", {}).get("texts", []))
    seen = sum(fingerprint in trained for fingerprint in text_fingerprints_of(records))
    share = seen / len(records)
    if share > MAX_OVERLAP and not allow_overlap:
        raise StanceError(
            f"{where}: {seen} of {len(records)} records ({share:.0%}) were in the training "
            f"data of run {run.id}; a score on them is not held-out (pass --allow-overlap "
            "to evaluate anyway)"
        )
    model = run.load_scorer()  # the predictions `stance predict` makes
    probabilities = model.predict_proba(records)
    predicted = model.classes_[probabilities.argmax(axis=1)]
    gold = [r.label(run.task) for r in records]
    metrics = metrics_by_subject(gold, predicted, [r.subject for r in records], task=run.task)
    if has_speakers(records):
        from stance.evaluation import speaker_metrics, speaker_positions

        positions = speaker_positions(
            records,
            probabilities,
            list(model.classes_),
            task=run.task,
            gold=gold,
        )
        metrics["speaker_level"] = speaker_metrics(positions, task=run.task)
    metrics.update(
        name=name,
        data={**fingerprint(resolved), "records": len(records)},
        overlap={"records": seen, "share": round(share, 4), "allowed": allow_overlap},
        created=datetime.now(UTC).isoformat(),
    )
    routes = model.route(records)
    rows = (
        {
            "id": r.id,
            "doc": r.doc,
            "subject": r.subject,
            "speaker": r.speaker or "",
            "text": r.text,
            "gold": g,
            "predicted": p,
            "model": route,
            **probability_columns(model.classes_, proba, digits=6),
        }
        for r, g, p, route, proba in zip(
            records, gold, predicted, routes, probabilities, strict=True
        )
    )
    metrics["path"] = str(add_evaluation(run, name, metrics, rows))
    return metrics


def text_fingerprints_of(records: Sequence[Record]) -> list[str]:
    """The fingerprint of each record, in order (see :func:`text_fingerprints`)."""
    from stance.subjects import normalise_subject

    return [
        hashlib.sha256(
            f"{normalise_text(r.text)}\t{normalise_subject(r.subject)}".encode()
        ).hexdigest()[:16]
        for r in records
    ]
