"""What `stance train` computes before anything is saved: the final model, repeated
cross-validation, sentence- and speaker-level metrics, and the baselines every headline
figure stands beside (:func:`run_experiment` fits them all side by side).

Takes an estimator and records, returns plain values; ``stance.api`` decides where they
go (``stance.runs``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from stance.evaluation import (
    SCALARS,
    CrossValidation,
    add_fold,
    compute_metrics,
    empty_cross_validation,
    fit_fold,
    fold_splits,
    metrics_by_subject,
    speaker_metrics,
    speaker_positions,
    summarise_folds,
)

#: The baselines of ``cv.baselines``: what a trivial predictor, the reporting cue alone,
#: and the speaker's other statements alone achieve on the same folds.
BASELINES = ("majority", "cue", "speaker_context")


@dataclass
class SeededCV:
    seed: int
    cv: CrossValidation


def has_speakers(records: Sequence) -> bool:
    """True when records name speakers within articles (news data, not tweets)."""
    return any(getattr(r, "speaker", None) and r.doc for r in records)


@dataclass
class Experiment:
    """What :func:`run_experiment` computed."""

    results: list[SeededCV]
    baselines: dict[str, CrossValidation] = field(default_factory=dict)
    final: object = None  # the estimator fitted on every record


def run_experiment(
    estimator,
    records: Sequence,
    labels: Sequence[str],
    *,
    task: str,
    folds: int,
    seeds: Sequence[int],
    group: str = "doc",
    jobs: int = 1,
    baselines: Iterable[str] = (),
    final_jobs: int | None = None,
    on_fold: Callable[[int, int, dict], None] | None = None,
) -> Experiment:
    """Everything ``stance train`` fits: the model on all records, its folds under every
    seed, and the named ``baselines`` on the first seed's folds.

    The folds and baselines share one pool of ``jobs`` workers (0: every core;
    :func:`stance.parallel.task_pool`). Forked workers start once this process has
    analysed every record for every estimator, so they inherit that work; the final
    model is fitted here meanwhile. The numbers do not depend on ``jobs``.
    ``final_jobs`` is the final model's ``n_jobs`` (a tuner's candidates in parallel).
    ``on_fold(seed, fold, metrics)`` is called as each of the model's folds is collected.
    """
    from sklearn.base import clone

    from stance.parallel import Beside, forks_workers, one_blas_thread, task_pool

    labels = list(labels)
    subjects = [r.subject for r in records]
    splits = {
        seed: fold_splits(records, labels, folds=folds, seed=seed, group=group) for seed in seeds
    }
    estimators = {None: estimator, **baseline_estimators(records, baselines)}
    plan = [(None, seed) for seed in seeds]
    plan += [(name, seeds[0]) for name in estimators if name is not None]
    tasks, owners = [], []
    for name, seed in plan:
        for number, (train, test) in enumerate(splits[seed]):
            tasks.append((estimators[name], records, labels, train, test))
            owners.append((name, seed, number))

    def prepare():
        for name in dict.fromkeys(name for name, _ in plan):
            _prepare(estimators[name], records)

    collected = {(name, seed): empty_cross_validation(task, labels) for name, seed in plan}

    def fit_final():
        fitted = clone(estimator)
        if final_jobs is not None:
            fitted.set_params(n_jobs=final_jobs)
        with one_blas_thread():
            return fitted.fit(records, labels)

    in_thread = forks_workers(jobs, len(tasks))
    with task_pool(fit_fold, tasks, jobs=jobs, prepare=prepare) as outputs:
        # Fitted here while the workers fit the folds: in a thread beside forked workers,
        # so that each fold is reported as it arrives; otherwise first.
        fitting = Beside(fit_final, background=in_thread)
        for (name, seed, number), output in zip(owners, outputs, strict=True):
            train, test = splits[seed][number]
            metrics = add_fold(collected[name, seed], number, train, test, output, labels, subjects)
            if name is None:
                metrics["seed"] = seed
                if on_fold:
                    on_fold(seed, number, metrics)
        fitted = fitting.result()
    return Experiment(
        results=[SeededCV(seed, collected[None, seed]) for seed in seeds],
        baselines={name: collected[name, seed] for name, seed in plan if name is not None},
        final=fitted,
    )


def _prepare(estimator, records: Sequence) -> None:
    """Fill this process's caches with the analysis of every record for ``estimator``
    (its ``prepare``; the cue baseline's attributions too), so that the workers forked
    next inherit it. The majority baseline reads nothing."""
    inner = getattr(estimator, "estimator", None)  # a tuner: its model reads the records
    prepare = getattr(estimator, "prepare", None) or getattr(inner, "prepare", None)
    if prepare is not None:
        prepare(records)


def baseline_estimators(records: Sequence, which: Iterable[str]) -> dict:
    """The estimators of the baselines named in ``which`` that apply to ``records`` (the
    cue and speaker baselines need speakers)."""
    from stance.context import CueView, SpeakerContextView
    from stance.model import MajorityClassifier, StanceClassifier

    speakers = has_speakers(records)
    estimators = {
        "majority": lambda: MajorityClassifier(),
        "cue": lambda: StanceClassifier(views=[CueView()]) if speakers else None,
        "speaker_context": (
            lambda: StanceClassifier(views=[SpeakerContextView()]) if speakers else None
        ),
    }
    found = {}
    for name in which:
        if name not in estimators:
            raise ValueError(f"unknown baseline {name!r} (known: {', '.join(BASELINES)})")
        made = estimators[name]()
        if made is not None:
            found[name] = made
    return found


def speaker_level(records, labels, cv: CrossValidation, *, task: str) -> dict | None:
    """Speaker-level metrics of out-of-fold predictions (None for data without speakers)."""
    if not has_speakers(records):
        return None
    rows = speaker_positions(
        records,
        cv.probabilities,
        cv.classes,
        task=task,
        gold=list(labels),
    )
    return speaker_metrics(rows, task=task)


def cv_metrics(
    records: Sequence,
    labels: Sequence[str],
    results: list[SeededCV],
    *,
    task: str,
    group: str,
) -> dict:
    """metrics.json: the first seed in full, every seed's scalars, the spread over seeds."""
    from stance.significance import mean_interval

    first = results[0].cv
    subjects = [r.subject for r in records]
    metrics = {
        "task": task,
        "folds": len(first.fold_metrics),
        "seeds": [r.seed for r in results],
        "grouping": group,
        "mean_over_folds": summarise_folds([m for r in results for m in r.cv.fold_metrics]),
        "pooled_out_of_fold": metrics_by_subject(labels, first.predicted, subjects, task=task),
    }
    speakers = speaker_level(records, labels, first, task=task)
    if speakers is not None:
        metrics["speaker_level"] = speakers
    if len(results) > 1:
        per_seed = []
        for result in results:
            pooled = compute_metrics(labels, result.cv.predicted, task=task)
            entry = {"seed": result.seed, **{name: pooled[name] for name in SCALARS}}
            seeded_speakers = speaker_level(records, labels, result.cv, task=task)
            if seeded_speakers is not None:
                entry["speaker_accuracy"] = seeded_speakers["accuracy"]
            per_seed.append(entry)
        metrics["per_seed"] = per_seed
        names = [name for name in (*SCALARS, "speaker_accuracy") if name in per_seed[0]]
        metrics["over_seeds"] = {
            name: mean_interval([entry[name] for entry in per_seed]) for name in names
        }
    return metrics


def summarise_baselines(
    records: Sequence, labels: Sequence[str], baselines: dict, *, task: str
) -> dict:
    """metrics.json's ``baselines``: each baseline's pooled scalars (and speaker accuracy)."""
    found = {}
    for name, cv in baselines.items():
        pooled = compute_metrics(labels, cv.predicted, task=task)
        entry = {metric: pooled[metric] for metric in SCALARS}
        spoken = speaker_level(records, labels, cv, task=task)
        if spoken is not None:
            entry["speaker_accuracy"] = spoken["accuracy"]
        found[name] = entry
    return found


def oof_rows(records: Sequence, labels: Sequence[str], results: list[SeededCV]) -> Iterable[dict]:
    """predictions.csv: every record's out-of-fold prediction under every seed."""
    from stance.api import probability_columns

    for result in results:
        cv = result.cv
        for i, record in enumerate(records):
            row = {
                "id": record.id,
                "doc": record.doc,
                "subject": record.subject,
                "speaker": record.speaker or "",
                "text": record.text,
                "seed": result.seed,
                "fold": int(cv.folds[i]),
                "gold": labels[i],
                "predicted": cv.predicted[i],
                "model": cv.routes[i],
            }
            row.update(probability_columns(cv.classes, cv.probabilities[i], digits=6))
            yield row


def fold_rows(records: Sequence, results: list[SeededCV]) -> Iterable[dict]:
    """folds.csv: the fold of every record under every seed."""
    for result in results:
        for record, fold in zip(records, result.cv.folds, strict=True):
            yield {"id": record.id, "doc": record.doc, "seed": result.seed, "fold": int(fold)}


LEARNING_FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def learning_curve(
    estimator,
    records: Sequence,
    labels: Sequence[str],
    cv: CrossValidation,
    *,
    task: str,
    group: str,
    seed: int,
    fractions: Sequence[float] = LEARNING_FRACTIONS,
) -> list[dict]:
    """The same folds, trained on a growing share of each fold's training articles.

    For each fraction, every fold keeps that share of its training groups (drawn with
    ``seed``, nested: the 50% set holds the 25% set) and is scored on its whole test
    fold; the pooled out-of-fold scores are reported per fraction.
    """
    import numpy as np
    from sklearn.base import clone

    from stance.evaluation import cv_groups
    from stance.parallel import one_blas_thread

    labels = np.asarray(labels, dtype=object)
    groups = np.array(cv_groups(records, group), dtype=object)
    rng = np.random.default_rng(seed)
    folds = sorted(set(cv.folds.tolist()))
    orders = {}
    for fold in folds:
        train_groups = sorted(set(groups[cv.folds != fold].tolist()))
        orders[fold] = [train_groups[i] for i in rng.permutation(len(train_groups))]
    curve = []
    for fraction in fractions:
        predicted = np.empty(len(labels), dtype=object)
        sizes = []
        for fold in folds:
            order = orders[fold]
            kept = set(order[: max(1, round(fraction * len(order)))])
            train = np.flatnonzero((cv.folds != fold) & np.isin(groups, list(kept)))
            test = np.flatnonzero(cv.folds == fold)
            if len(set(labels[train].tolist())) < 2:
                predicted[test] = labels[train][0]
            else:
                with one_blas_thread():
                    model = clone(estimator).fit([records[i] for i in train], labels[train])
                predicted[test] = model.predict([records[i] for i in test])
            sizes.append(len(kept))
        pooled = compute_metrics(labels, predicted, task=task)
        curve.append(
            {
                "fraction": fraction,
                "train_groups_per_fold": float(np.mean(sizes)),
                **{name: pooled[name] for name in SCALARS},
            }
        )
    return curve
