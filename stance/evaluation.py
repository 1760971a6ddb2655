"""Cross-validation and metrics. Takes an estimator and records, returns results.

Folds are stratified by label and grouped by article (``StratifiedGroupKFold``), so no
article has sentences on both sides of a fold. Every estimator is fitted on the
training side only (TF-IDF included); the test side is only transformed.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from stance.records import LABELS, StanceError

#: The two polar classes of each task, whose mean F1 is F_avg (SemEval-2016's measure).
POLAR = {"stance": ("favor", "against"), "reaction": ("positive", "negative")}
SCALARS = ("accuracy", "macro_f1", "f_avg")


def compute_metrics(gold: Sequence[str], predicted: Sequence[str], *, task: str) -> dict:
    """Accuracy, macro-F1, F_avg, per-class precision/recall/F1/support and confusion matrix.

    All on a 0-1 scale. Labels are the task's full label set, so folds stay comparable
    even when a class is absent from one.
    """
    labels = list(LABELS[task])
    gold, predicted = list(gold), list(predicted)
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
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
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, predicted)) if gold else 0.0,
        "macro_f1": float(np.mean([f1[i] for i in present])) if present else 0.0,
        "f_avg": float(np.mean([per_class[label]["f1"] for label in polar])),
        "per_class": per_class,
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(gold, predicted, labels=labels).tolist() if gold else [],
        },
    }


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


def cross_validate(
    estimator,
    records: Sequence,
    labels: Sequence[str],
    *,
    task: str,
    folds: int = 5,
    seed: int = 0,
    jobs: int = 1,
    on_fold: Callable[[int, dict], None] | None = None,
) -> CrossValidation:
    """K-fold cross-validation, stratified by label and grouped by ``record.doc``."""
    from joblib import Parallel, delayed

    labels = np.asarray(labels, dtype=object)
    groups = np.array([r.doc or f"record:{r.id}" for r in records], dtype=object)
    subjects = np.array([r.subject for r in records], dtype=object)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(np.zeros(len(labels)), labels, groups))
    classes = sorted(set(labels.tolist()))
    fold_of = np.full(len(labels), -1)
    probabilities = np.zeros((len(labels), len(classes)))
    result = CrossValidation(
        task, classes, fold_of, probabilities, np.empty(len(labels), dtype=object)
    )
    result.routes = [""] * len(labels)

    def run(train, test):
        model = clone(estimator).fit([records[i] for i in train], labels[train])
        test_records = [records[i] for i in test]
        proba = model.predict_proba(test_records)
        columns = np.searchsorted(classes, model.classes_)
        return proba, columns, model.route(test_records), getattr(model, "best_params_", None)

    outputs = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(run)(train, test) for train, test in splits
    )
    try:
        for number, ((train, test), (proba, columns, routes, chosen)) in enumerate(
            zip(splits, outputs, strict=True)
        ):
            fold_of[test] = number
            probabilities[np.ix_(test, columns)] = proba
            predicted = np.asarray(classes, dtype=object)[np.argmax(probabilities[test], axis=1)]
            result.predicted[test] = predicted
            for i, route in zip(test, routes, strict=True):
                result.routes[i] = route
            metrics = metrics_by_subject(labels[test], predicted, subjects[test], task=task)
            metrics.update(fold=number, n_train=len(train), n_test=len(test))
            if chosen is not None:
                metrics["chosen_params"] = chosen
            result.fold_metrics.append(metrics)
            if on_fold:
                on_fold(number, metrics)
    except BaseException:
        # Interrupted: stop the workers without joblib's "tasks cancelled" warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outputs.close()
        raise
    return result
