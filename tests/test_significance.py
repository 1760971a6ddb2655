"""The significance tests against values known by hand or by construction."""

import math

import numpy as np
import pytest

from stance.significance import (
    corrected_resampled_t,
    f1_scores,
    mcnemar_exact,
    mean_interval,
    metric_from_confusion,
    paired_bootstrap,
)


def test_mcnemar_matches_the_textbook_exact_binomial():
    # 10 records only A gets right, 2 only B: p = 2 * P(X <= 2), X ~ Binomial(12, 1/2)
    a = [True] * 10 + [False] * 2 + [True] * 30 + [False] * 5
    b = [False] * 10 + [True] * 2 + [True] * 30 + [False] * 5
    result = mcnemar_exact(a, b)
    assert (result.only_a_right, result.only_b_right) == (10, 2)
    assert result.p_value == pytest.approx(2 * (1 + 12 + 66) / 4096)
    assert result.significant


def test_mcnemar_without_discordant_records_is_not_significant():
    assert mcnemar_exact([True, False], [True, False]).p_value == 1.0


def test_corrected_t_matches_a_hand_computation():
    from scipy.stats import t as student_t

    diffs = [0.01, 0.03, 0.02, 0.04, 0.00]
    result = corrected_resampled_t(diffs, n_train=80, n_test=20)
    # mean 0.02, sample variance 0.00025, corrected scale sqrt((1/5 + 20/80) * 0.00025)
    expected_t = 0.02 / math.sqrt(0.45 * 0.00025)
    assert result.t == pytest.approx(expected_t)
    assert result.degrees_of_freedom == 4
    assert result.p_value == pytest.approx(2 * student_t.sf(expected_t, 4))
    # the uncorrected t-test would be far more confident
    naive = 0.02 / math.sqrt(0.00025 / 5)
    assert naive > result.t * 1.4


def test_bootstrap_of_a_constant_difference_is_that_difference():
    # In every article B is right on both records and A on exactly one: accuracy
    # differs by 0.5 in every resample.
    gold, a, b, groups = [], [], [], []
    for article in range(30):
        gold += ["favor", "against"]
        a += ["favor", "favor"]
        b += ["favor", "against"]
        groups += [f"d{article}", f"d{article}"]
    result = paired_bootstrap(
        gold, a, b, groups, labels=["favor", "against", "none"], task="stance", metric="accuracy"
    )
    assert result.difference == pytest.approx(0.5)
    assert result.low == pytest.approx(0.5) and result.high == pytest.approx(0.5)
    assert result.p_value == pytest.approx(1 / 10_000)


def test_bootstrap_of_identical_predictions_finds_nothing():
    rng = np.random.default_rng(1)
    labels = ["favor", "against", "none"]
    gold = rng.choice(labels, 200).tolist()
    predicted = rng.choice(labels, 200).tolist()
    groups = [f"d{i // 5}" for i in range(200)]
    result = paired_bootstrap(
        gold, predicted, predicted, groups, labels=labels, task="stance", resamples=500
    )
    assert result.difference == 0 and result.low == result.high == 0
    assert not result.significant


def test_bootstrap_interval_covers_a_noisy_difference_and_resamples_articles():
    rng = np.random.default_rng(0)
    labels = ["favor", "against", "none"]
    gold = rng.choice(labels, 600).tolist()
    a = [g if rng.random() < 0.6 else rng.choice(labels) for g in gold]
    b = [g if rng.random() < 0.75 else rng.choice(labels) for g in gold]
    groups = [f"d{i // 10}" for i in range(600)]
    result = paired_bootstrap(gold, a, b, groups, labels=labels, task="stance", resamples=2000)
    assert result.low < result.difference < result.high
    assert result.groups == 60 and result.significant and result.difference > 0


def test_metrics_from_confusion_agree_with_scikit_learn():
    from stance.evaluation import compute_metrics

    gold = ["favor", "favor", "against", "none", "none"]
    predicted = ["favor", "against", "against", "favor", "none"]
    expected = compute_metrics(gold, predicted, task="stance")
    labels = ["favor", "against", "none"]
    confusion = np.array(expected["confusion"]["matrix"], dtype=float)
    for metric in ("accuracy", "macro_f1", "f_avg"):
        assert metric_from_confusion(confusion, labels, metric, "stance") == pytest.approx(
            expected[metric]
        )
    assert f1_scores(np.zeros((3, 3))).tolist() == [0, 0, 0]


def test_mean_interval_of_seeds():
    summary = mean_interval([0.5, 0.52, 0.54])
    assert summary["mean"] == pytest.approx(0.52)
    assert summary["low"] < 0.52 < summary["high"]
    assert mean_interval([0.5])["low"] == 0.5
