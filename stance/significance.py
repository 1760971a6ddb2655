"""Is a difference between two models real? Paired tests on the same records.

- :func:`paired_bootstrap`: resample the articles (the cross-validation groups) with
  replacement and recompute the difference in a metric each time; the 2.5th and 97.5th
  percentiles are a 95% interval, and the share of resamples on the other side of zero
  gives a two-sided p-value. Resampling articles, not sentences, respects that sentences
  of one article are not independent.
- :func:`mcnemar_exact`: McNemar's exact (binomial) test on the records one model gets
  right and the other wrong.
- :func:`corrected_resampled_t`: Nadeau and Bengio's corrected resampled t-test over
  the per-fold differences of repeated cross-validation, whose training sets overlap,
  so the plain t-test would be far too confident.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

POLAR = {"stance": ("favor", "against"), "reaction": ("positive", "negative")}


def f1_scores(confusion: np.ndarray) -> np.ndarray:
    """Per-class F1 of one or many confusion matrices (rows gold, columns predicted).

    ``confusion`` has shape (..., K, K); the result has shape (..., K). A class with no
    gold and no predicted example gets F1 0, as in scikit-learn with zero_division=0.
    """
    true_positive = np.diagonal(confusion, axis1=-2, axis2=-1)
    gold = confusion.sum(axis=-1)
    predicted = confusion.sum(axis=-2)
    denominator = gold + predicted
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(denominator > 0, 2 * true_positive / denominator, 0.0)
    return f1


def metric_from_confusion(confusion: np.ndarray, labels: Sequence[str], metric: str, task: str):
    """macro_f1, f_avg or accuracy of (many) confusion matrices."""
    if metric == "accuracy":
        total = confusion.sum(axis=(-2, -1))
        return np.diagonal(confusion, axis1=-2, axis2=-1).sum(axis=-1) / np.maximum(total, 1)
    f1 = f1_scores(confusion)
    if metric == "f_avg":
        polar = [list(labels).index(label) for label in POLAR[task] if label in labels]
        return f1[..., polar].mean(axis=-1)
    if metric == "macro_f1":
        gold = confusion.sum(axis=-1)
        predicted = confusion.sum(axis=-2)
        present = (gold + predicted) > 0
        return (f1 * present).sum(axis=-1) / np.maximum(present.sum(axis=-1), 1)
    raise ValueError(f"unknown metric {metric!r}")


def _group_confusions(gold, predicted, groups, labels) -> tuple[np.ndarray, np.ndarray]:
    index = {label: i for i, label in enumerate(labels)}
    group_ids, group_of = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    k = len(labels)
    confusion = np.zeros((len(group_ids), k, k))
    np.add.at(
        confusion,
        (group_of, [index[g] for g in gold], [index[p] for p in predicted]),
        1,
    )
    return group_ids, confusion


@dataclass(frozen=True)
class BootstrapResult:
    metric: str
    a: float
    b: float
    difference: float  # b - a
    low: float
    high: float
    p_value: float
    resamples: int
    groups: int

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def paired_bootstrap(
    gold: Sequence[str],
    predicted_a: Sequence[str],
    predicted_b: Sequence[str],
    groups: Sequence[str],
    *,
    labels: Sequence[str],
    task: str,
    metric: str = "macro_f1",
    resamples: int = 10_000,
    seed: int = 0,
) -> BootstrapResult:
    """Paired bootstrap over groups of the difference ``metric(b) - metric(a)``.

    Each resample draws as many groups as there are, with replacement, and sums their
    confusion matrices for both models; the interval is the percentile interval and the
    p-value twice the smaller share of resampled differences at or beyond zero (at least
    1/resamples).
    """
    labels = list(labels)
    _, confusion_a = _group_confusions(gold, predicted_a, groups, labels)
    _, confusion_b = _group_confusions(gold, predicted_b, groups, labels)
    n_groups = len(confusion_a)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_groups, np.full(n_groups, 1 / n_groups), size=resamples)
    flat_a = confusion_a.reshape(n_groups, -1)
    flat_b = confusion_b.reshape(n_groups, -1)
    k = len(labels)
    sampled_a = (counts @ flat_a).reshape(resamples, k, k)
    sampled_b = (counts @ flat_b).reshape(resamples, k, k)
    differences = metric_from_confusion(sampled_b, labels, metric, task) - metric_from_confusion(
        sampled_a, labels, metric, task
    )
    full_a = float(metric_from_confusion(confusion_a.sum(axis=0), labels, metric, task))
    full_b = float(metric_from_confusion(confusion_b.sum(axis=0), labels, metric, task))
    low, high = np.percentile(differences, [2.5, 97.5])
    tail = min(np.mean(differences <= 0), np.mean(differences >= 0))
    p_value = min(1.0, max(2 * tail, 1 / resamples))
    return BootstrapResult(
        metric,
        full_a,
        full_b,
        full_b - full_a,
        float(low),
        float(high),
        p_value,
        resamples,
        n_groups,
    )


@dataclass(frozen=True)
class McNemarResult:
    only_a_right: int
    only_b_right: int
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def mcnemar_exact(correct_a: Sequence[bool], correct_b: Sequence[bool]) -> McNemarResult:
    """McNemar's exact test: under no difference, the discordant records split 50:50."""
    a = np.asarray(correct_a, dtype=bool)
    b = np.asarray(correct_b, dtype=bool)
    only_a = int(np.sum(a & ~b))
    only_b = int(np.sum(~a & b))
    n = only_a + only_b
    if n == 0:
        return McNemarResult(0, 0, 1.0)
    smaller = min(only_a, only_b)
    tail = sum(math.comb(n, i) for i in range(smaller + 1)) / 2**n
    return McNemarResult(only_a, only_b, min(1.0, 2 * tail))


@dataclass(frozen=True)
class CorrectedTResult:
    mean_difference: float
    t: float
    degrees_of_freedom: int
    p_value: float
    n_estimates: int

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def corrected_resampled_t(
    differences: Sequence[float], *, n_train: float, n_test: float
) -> CorrectedTResult:
    """Nadeau and Bengio's corrected resampled t-test.

    ``differences`` are the per-fold differences (b - a) over all folds of all repeats
    (k of them); the variance is inflated by ``1/k + n_test/n_train`` instead of ``1/k``.
    """
    from scipy.stats import t as student_t

    values = np.asarray(differences, dtype=float)
    k = len(values)
    if k < 2:
        raise ValueError("the corrected t-test needs at least two folds")
    mean = float(values.mean())
    variance = float(values.var(ddof=1))
    scale = math.sqrt((1 / k + n_test / n_train) * variance)
    t = mean / scale if scale else (0.0 if mean == 0 else math.copysign(math.inf, mean))
    p_value = float(2 * student_t.sf(abs(t), k - 1))
    return CorrectedTResult(mean, t, k - 1, p_value, k)


def mean_interval(values: Sequence[float]) -> dict:
    """Mean, standard deviation and the 95% t-interval of the mean of a few values."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    if len(values) < 2:
        return {"mean": mean, "std": 0.0, "low": mean, "high": mean, "n": len(values)}
    from scipy.stats import t as student_t

    std = float(values.std(ddof=1))
    half = float(student_t.ppf(0.975, len(values) - 1)) * std / math.sqrt(len(values))
    return {"mean": mean, "std": std, "low": mean - half, "high": mean + half, "n": len(values)}
