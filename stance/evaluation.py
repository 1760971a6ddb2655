"""Cross-validation and metrics. Takes an estimator and records, returns results.

Folds are stratified by label and grouped by article (``StratifiedGroupKFold``), so no
article has sentences on both sides of a fold. Every estimator is fitted on the
training side only (TF-IDF included); the test side is only transformed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold

from stance.records import LABELS, StanceError

#: The two polar classes of each task, whose mean F1 is F_avg (SemEval-2016's measure).
POLAR = {"stance": ("favor", "against"), "reaction": ("positive", "negative")}
SCALARS = ("accuracy", "macro_f1", "f_avg")


def compute_metrics(gold: Sequence[str], predicted: Sequence[str], *, task: str) -> dict:
    """Accuracy, macro-F1, F_avg, per-class precision/recall/F1/support and confusion matrix.

    All on a 0-1 scale. Labels are the task's full label set, so folds stay comparable
    even when a class is absent from one. The figures are scikit-learn's
    (``precision_recall_fscore_support`` with ``zero_division=0``, ``accuracy_score``,
    ``confusion_matrix``), counted here in one pass: the harness asks for them per fold,
    per subject and per baseline, hundreds of times a run, and scikit-learn's input
    checks were a third of a small run's time.
    """
    labels = list(LABELS[task])
    gold, predicted = list(gold), list(predicted)
    index = {label: i for i, label in enumerate(labels)}
    gold_ids = np.fromiter((index.get(g, -1) for g in gold), dtype=np.int64, count=len(gold))
    predicted_ids = np.fromiter(
        (index.get(p, -1) for p in predicted), dtype=np.int64, count=len(predicted)
    )
    both = (gold_ids >= 0) & (predicted_ids >= 0)
    size = len(labels)
    confusion = np.bincount(
        gold_ids[both] * size + predicted_ids[both], minlength=size * size
    ).reshape(size, size)
    hits = np.diag(confusion)
    support = np.bincount(gold_ids[gold_ids >= 0], minlength=size)
    guessed = np.bincount(predicted_ids[predicted_ids >= 0], minlength=size)
    precision, recall, f1 = (
        _ratio(hits, guessed),
        _ratio(hits, support),
        _ratio(2 * hits, support + guessed),
    )
    present = [i for i, label in enumerate(labels) if support[i] > 0 or label in predicted]
    per_class = {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    polar = POLAR[task]
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": float(np.mean([f1[i] for i in present])) if present else 0.0,
        "f_avg": float(np.mean([per_class[label]["f1"] for label in polar])),
        "per_class": per_class,
        "confusion": {"labels": labels, "matrix": confusion.tolist() if gold else []},
    }


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is 0 (``zero_division=0``)."""
    out = np.zeros(len(numerator))
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def metrics_by_subject(gold, predicted, subjects, *, task: str) -> dict:
    """The overall metrics plus the same metrics for each subject."""
    gold, predicted, subjects = map(np.asarray, (gold, predicted, subjects))
    result = compute_metrics(gold, predicted, task=task)
    result["per_subject"] = {
        subject: compute_metrics(
            gold[subjects == subject], predicted[subjects == subject], task=task
        )
        for subject in sorted(set(subjects.tolist()))
    }
    return result


def summarise_folds(fold_metrics: list[dict]) -> dict:
    """Mean and standard deviation over folds of every scalar metric (overall and per class)."""

    def spread(values):
        return {
            "mean": float(np.mean(values)),
            "std": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
        }

    summary = {name: spread([m[name] for m in fold_metrics]) for name in SCALARS}
    labels = fold_metrics[0]["per_class"]
    summary["per_class_f1"] = {
        label: spread([m["per_class"][label]["f1"] for m in fold_metrics]) for label in labels
    }
    return summary


@dataclass
class CrossValidation:
    """What cross-validation found: per-fold metrics, their spread, pooled out-of-fold scores."""

    task: str
    classes: list[str]
    folds: np.ndarray  # fold number of every record
    probabilities: np.ndarray  # out-of-fold class probabilities, columns = classes
    predicted: np.ndarray
    fold_metrics: list[dict] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    #: each record's speaker's position probabilities from a speaker-level model (or None)
    speaker_probabilities: np.ndarray | None = None

    def metrics(self, gold, subjects) -> dict:
        return {
            "task": self.task,
            "folds": len(self.fold_metrics),
            "mean_over_folds": summarise_folds(self.fold_metrics),
            "pooled_out_of_fold": metrics_by_subject(
                gold, self.predicted, subjects, task=self.task
            ),
        }


def check_cross_validation(
    labels: Sequence[str], groups: Sequence[str], *, folds: int, where: str
) -> None:
    """Refuse, with a clear message, data that cannot be cross-validated into ``folds`` folds."""
    counts = Counter(labels)
    if folds < 2:
        raise StanceError(f"--folds must be at least 2, got {folds}")
    if len(counts) < 2:
        raise StanceError(
            f"{where}: only one class ({', '.join(counts) or 'none'}); need at least two"
        )
    scarce = {label: n for label, n in counts.items() if n < folds}
    if scarce:
        listed = ", ".join(f"{label} has {n}" for label, n in sorted(scarce.items()))
        raise StanceError(f"{where}: fewer examples than folds ({folds}): {listed}")
    if len(set(groups)) < folds:
        raise StanceError(
            f"{where}: {len(set(groups))} articles (groups) but {folds} folds; use fewer folds"
        )


GROUPINGS = ("doc", "subject", "none")


def cv_groups(records: Sequence, group: str) -> list[str]:
    """The cross-validation group of each record (see :func:`cross_validate`)."""
    if group not in GROUPINGS:
        raise ValueError(f"group must be one of {GROUPINGS}, got {group!r}")
    if group == "subject":
        return [r.subject for r in records]
    if group == "none":
        return [f"record:{i}" for i in range(len(records))]
    return [r.doc or f"record:{r.id}" for r in records]


def fold_splits(
    records: Sequence, labels: Sequence[str], *, folds: int, seed: int, group: str
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train rows, test rows) of each fold: stratified by label, grouped by ``group``."""
    groups = np.array(cv_groups(records, group), dtype=object)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(labels)), np.asarray(labels, dtype=object), groups))


@dataclass
class FoldOutput:
    """What one fold's model said about its test rows."""

    probabilities: np.ndarray
    classes: list[str]
    routes: list[str]
    chosen: dict | None = None  # the parameters an inner search chose (--tune)
    speakers: np.ndarray | None = None  # a speaker-level model's probabilities


def fit_fold(estimator, records: Sequence, labels, train, test) -> FoldOutput:
    """Fit a clone of ``estimator`` on the ``train`` rows and predict the ``test`` rows."""
    labels = np.asarray(labels, dtype=object)
    model = clone(estimator).fit([records[i] for i in train], labels[train])
    test_records = [records[i] for i in test]
    return FoldOutput(
        probabilities=model.predict_proba(test_records),
        classes=list(model.classes_),
        routes=list(model.route(test_records)),
        chosen=getattr(model, "best_params_", None),
        speakers=getattr(model, "speaker_proba", lambda records: None)(test_records),
    )


def empty_cross_validation(task: str, labels: Sequence[str]) -> CrossValidation:
    """A :class:`CrossValidation` for ``labels`` that folds are then added to."""
    classes = sorted(set(labels))
    result = CrossValidation(
        task,
        classes,
        np.full(len(labels), -1),
        np.zeros((len(labels), len(classes))),
        np.empty(len(labels), dtype=object),
    )
    result.routes = [""] * len(labels)
    return result


def add_fold(
    result: CrossValidation, number: int, train, test, output: FoldOutput, labels, subjects
) -> dict:
    """Record one fold's predictions in ``result``; return (and keep) its metrics."""
    columns = np.searchsorted(result.classes, output.classes)
    result.folds[test] = number
    result.probabilities[np.ix_(test, columns)] = output.probabilities
    if output.speakers is not None:
        if result.speaker_probabilities is None:
            result.speaker_probabilities = np.zeros_like(result.probabilities)
        result.speaker_probabilities[np.ix_(test, columns)] = output.speakers
    classes = np.asarray(result.classes, dtype=object)
    predicted = classes[np.argmax(result.probabilities[test], axis=1)]
    result.predicted[test] = predicted
    for i, route in zip(test, output.routes, strict=True):
        result.routes[i] = route
    gold, subjects = np.asarray(labels, dtype=object), np.asarray(subjects, dtype=object)
    metrics = metrics_by_subject(gold[test], predicted, subjects[test], task=result.task)
    metrics.update(fold=number, n_train=len(train), n_test=len(test))
    if output.chosen is not None:
        metrics["chosen_params"] = output.chosen
    result.fold_metrics.append(metrics)
    return metrics


def cross_validate(
    estimator,
    records: Sequence,
    labels: Sequence[str],
    *,
    task: str,
    folds: int = 5,
    seed: int = 0,
    jobs: int = 1,
    group: str = "doc",
    on_fold: Callable[[int, dict], None] | None = None,
) -> CrossValidation:
    """K-fold cross-validation, stratified by label and grouped by article.

    ``group`` is "doc" (no article on both sides of a fold), "subject" (every test
    subject unseen in training) or "none" (records split freely: only for data without
    articles, and reported as such). Folds run in ``jobs`` worker processes
    (:func:`stance.parallel.run_tasks`); the result does not depend on ``jobs``.
    """
    from stance.parallel import run_tasks

    labels = list(labels)
    splits = fold_splits(records, labels, folds=folds, seed=seed, group=group)
    subjects = [r.subject for r in records]
    result = empty_cross_validation(task, labels)
    tasks = [(estimator, records, labels, train, test) for train, test in splits]
    outputs = run_tasks(fit_fold, tasks, jobs=jobs)
    for number, ((train, test), output) in enumerate(zip(splits, outputs, strict=True)):
        metrics = add_fold(result, number, train, test, output, labels, subjects)
        if on_fold:
            on_fold(number, metrics)
    return result


# ------------------------------------------------------------------ speakers

#: The label that means "no position" (stance) or "no tone" (reaction).
NULL_LABEL = {"stance": "none", "reaction": "neutral"}
MIXED = "mixed"


def gold_position(labels: Sequence[str], *, task: str) -> str:
    """A speaker's position in an article from the gold labels of their sentences.

    The majority of their non-null labels (``none`` for stance, ``neutral`` for
    reaction); the null label when all are null; ``mixed`` when the two polar labels tie.
    """
    first, second = POLAR[task]
    counts = Counter(labels)
    if counts[first] == counts[second]:
        return NULL_LABEL[task] if counts[first] == 0 else MIXED
    return first if counts[first] > counts[second] else second


def speaker_position(
    probabilities: np.ndarray, classes: Sequence[str], *, task: str
) -> tuple[str, float, dict]:
    """A speaker's predicted position from their sentences' probabilities.

    The corpus's gold rule (:func:`gold_position`) applied to the sentences' predicted
    labels; a tie between the two sides goes to the side with the larger mean
    probability. Returns the position, its probability (the mean probability of that
    label over the sentences that carry it; over all of them for ``none``) and the mean
    probability of each label. On WireStance 2 this beat the most probable position
    under independent draws from the sentence probabilities (the rule before version
    0.3) for every model of the README's table and every seed: with many sentences the
    chance that all are ``none`` shrinks below the chance that one is polar, even when
    each sentence is ``none``.
    """
    classes = list(classes)
    labels = LABELS[task]
    matrix = np.zeros((len(probabilities), len(labels)))
    for j, label in enumerate(labels):
        if label in classes:
            matrix[:, j] = np.asarray(probabilities)[:, classes.index(label)]
    predicted = [labels[i] for i in matrix.argmax(axis=1)]
    mean = matrix.mean(axis=0)
    position = gold_position(predicted, task=task)
    if position == MIXED:
        first, second = POLAR[task]
        position = first if mean[labels.index(first)] >= mean[labels.index(second)] else second
    carrying = [i for i, label in enumerate(predicted) if label == position]
    column = matrix[carrying or list(range(len(predicted))), labels.index(position)]
    return position, float(column.mean()), dict(zip(labels, mean.tolist(), strict=True))


def speaker_positions(
    records: Sequence,
    probabilities: np.ndarray,
    classes: Sequence[str],
    *,
    task: str,
    gold: Sequence[str] | None = None,
) -> list[dict]:
    """One row per speaker of each article: sentences, predicted (and gold) position.

    Records without a speaker (narrator sentences, data without speakers) are left out.
    The predicted position is :func:`speaker_position` of the speaker's sentences
    (``mixed`` is never predicted); ``p_<label>`` are their mean probabilities.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, record in enumerate(records):
        speaker = getattr(record, "speaker", None)
        if speaker:
            groups.setdefault((record.doc, speaker), []).append(i)
    rows = []
    for (doc, speaker), members in groups.items():
        label, probability, mean = speaker_position(probabilities[members], classes, task=task)
        row = {
            "doc": doc,
            "speaker": speaker,
            "sentences": len(members),
            "predicted": label,
            "probability": round(probability, 4),
            **{f"p_{c}": round(mean[c], 4) for c in LABELS[task]},
            "rows": members,
        }
        if gold is not None:
            row["gold"] = gold_position([gold[i] for i in members], task=task)
        rows.append(row)
    return rows


def speaker_metrics(rows: Sequence[dict], *, task: str) -> dict:
    """Speaker-level metrics: speakers with a mixed gold position are counted apart."""
    settled = [r for r in rows if r["gold"] != MIXED]
    polar = [r for r in settled if r["gold"] != NULL_LABEL[task]]
    metrics = compute_metrics(
        [r["gold"] for r in settled], [r["predicted"] for r in settled], task=task
    )
    metrics["mixed"] = len(rows) - len(settled)
    metrics["polar_n"] = len(polar)
    metrics["polar_accuracy"] = (
        float(np.mean([r["gold"] == r["predicted"] for r in polar])) if polar else 0.0
    )
    return metrics
