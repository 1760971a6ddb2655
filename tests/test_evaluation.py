import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_model import records_and_labels

from stance.evaluation import (
    check_cross_validation,
    compute_metrics,
    cross_validate,
    speaker_position,
    summarise_folds,
)
from stance.features import SubjectView, WordView
from stance.model import StanceClassifier
from stance.records import StanceError


def test_metrics_match_a_hand_computed_example():
    gold = ["favor", "favor", "against", "none"]
    pred = ["favor", "against", "against", "favor"]
    m = compute_metrics(gold, pred, task="stance")
    assert m["accuracy"] == pytest.approx(0.5)
    # favor: P=1/2 R=1/2 F=0.5; against: P=1/2 R=1 F=2/3; none: F=0
    assert m["per_class"]["favor"]["f1"] == pytest.approx(0.5)
    assert m["per_class"]["against"]["f1"] == pytest.approx(2 / 3)
    assert m["f_avg"] == pytest.approx((0.5 + 2 / 3) / 2)
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert m["confusion"]["labels"] == ["favor", "against", "none"]
    assert m["confusion"]["matrix"] == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]
    assert m["per_class"]["none"]["support"] == 1


def test_reaction_f_avg_uses_positive_and_negative():
    m = compute_metrics(
        ["positive", "negative", "neutral"], ["positive", "neutral", "neutral"], task="reaction"
    )
    assert m["f_avg"] == pytest.approx((1 + 0) / 2)


def test_summary_has_mean_and_std_over_folds():
    folds = [
        compute_metrics(["favor", "against"], p, task="stance")
        for p in (["favor", "against"], ["favor", "favor"])
    ]
    summary = summarise_folds(folds)
    assert summary["accuracy"]["mean"] == pytest.approx(0.75)
    assert summary["accuracy"]["std"] == pytest.approx(np.std([1, 0.5], ddof=1))


def test_cross_validation_never_splits_an_article():
    X, y = records_and_labels()
    cv = cross_validate(
        StanceClassifier(views=[WordView(), SubjectView()]), X, y, task="stance", folds=5, seed=1
    )
    fold_of_doc = {}
    for record, fold in zip(X, cv.folds, strict=True):
        assert fold_of_doc.setdefault(record.doc, fold) == fold
    assert set(cv.folds) == set(range(5))
    assert len(cv.fold_metrics) == 5
    assert np.allclose(cv.probabilities.sum(axis=1), 1)
    metrics = cv.metrics(y, [r.subject for r in X])
    assert set(metrics["pooled_out_of_fold"]["per_subject"]) == {"carbon tax", "port expansion"}
    assert metrics["mean_over_folds"]["macro_f1"]["mean"] > 0.5


def test_cross_validation_is_deterministic_and_jobs_do_not_change_it():
    X, y = records_and_labels()
    runs = [
        cross_validate(StanceClassifier(), X, y, task="stance", folds=3, seed=7, jobs=jobs)
        for jobs in (1, 2, 1)
    ]
    for other in runs[1:]:
        assert np.array_equal(runs[0].folds, other.folds)
        assert np.array_equal(runs[0].probabilities, other.probabilities)


@pytest.mark.parametrize(
    ("labels", "groups", "folds", "message"),
    [
        (["favor"] * 10, list("abcdefghij"), 5, "only one class"),
        (["favor"] * 10 + ["against"] * 2, list("abcdefghijkl"), 5, "fewer examples than folds"),
        (["favor", "against"] * 10, ["a", "b"] * 10, 5, "2 articles"),
        (["favor", "against"] * 10, list("abcdefghijklmnopqrst"), 1, "at least 2"),
    ],
)
def test_data_that_cannot_be_cross_validated_is_refused(labels, groups, folds, message):
    with pytest.raises(StanceError, match=message):
        check_cross_validation(labels, groups, folds=folds, where="data.jsonl")


CLASSES = ["favor", "against", "none"]


def test_a_speaker_whose_every_sentence_is_none_is_none_however_many_sentences():
    # Under independent draws the chance that six such sentences are all none is 0.12,
    # and the old rule called this speaker polar.
    sentences = np.tile([0.15, 0.15, 0.70], (6, 1))
    label, probability, mean = speaker_position(sentences, CLASSES, task="stance")
    assert label == "none" and probability == pytest.approx(0.70)
    assert mean == pytest.approx({"favor": 0.15, "against": 0.15, "none": 0.70})


def test_one_polar_sentence_makes_a_polar_speaker_as_the_gold_rule_does():
    sentences = np.array([[0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.2, 0.1, 0.7]])
    label, probability, _ = speaker_position(sentences, CLASSES, task="stance")
    assert (label, probability) == ("favor", pytest.approx(0.6))


def test_a_tie_between_the_sides_goes_to_the_larger_mean_probability():
    sentences = np.array([[0.5, 0.4, 0.1], [0.1, 0.8, 0.1]])
    assert speaker_position(sentences, CLASSES, task="stance")[0] == "against"


def test_classes_in_any_order_and_missing_ones():
    sentences = np.array([[0.9, 0.1], [0.8, 0.2]])  # columns: none, against
    label, _, mean = speaker_position(sentences, ["none", "against"], task="stance")
    assert label == "none" and mean["favor"] == 0.0


@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(["favor", "against", "none"]),
            st.sampled_from(["favor", "against", "none"]),
        ),
        max_size=60,
    )
)
def test_metrics_are_scikit_learns_to_the_last_bit(pairs):
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    gold, predicted = [g for g, _ in pairs], [p for _, p in pairs]
    m = compute_metrics(gold, predicted, task="stance")
    labels = ["favor", "against", "none"]
    if not gold:
        assert m["n"] == 0 and m["accuracy"] == 0.0 and m["confusion"]["matrix"] == []
        return
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    for i, label in enumerate(labels):
        assert m["per_class"][label] == {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
    assert m["accuracy"] == float(accuracy_score(gold, predicted))
    assert m["confusion"]["matrix"] == confusion_matrix(gold, predicted, labels=labels).tolist()
