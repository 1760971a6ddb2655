import json

import numpy as np
import pytest
from sklearn.base import clone
from test_model import records_and_labels

from stance.api import train
from stance.config import default_config
from stance.evaluation import cross_validate
from stance.features import CharView, SubjectView, WordView
from stance.model import StanceClassifier
from stance.tuning import TunedClassifier, grid_size, parameter_grid

SPACE = {
    "C": [0.1, 10.0],
    "features": ["word+char", "word"],
    "class_weight": [],
    "subject_features": [True],
}


def test_parameter_grid_expands_feature_sets_and_skips_empty_lists():
    base = [WordView(), CharView(), SubjectView()]
    grid, choices = parameter_grid(SPACE, base)
    assert choices == [
        {"features": "word+char", "subject_features": True},
        {"features": "word", "subject_features": True},
    ]
    assert grid["C"] == [0.1, 10.0] and "class_weight" not in grid
    assert [[v.kind for v in views] for views in grid["views"]] == [
        ["word", "char", "subject"],
        ["word", "subject"],
    ]
    assert grid_size(SPACE) == 4
    grid, choices = parameter_grid({"word_ngram_range": [[1, 3]], "class_weight": ["none"]}, base)
    assert grid["class_weight"] == [None]
    assert grid["views"][0][0].ngram_range == (1, 3) and len(grid["views"][0]) == 3


def test_tuned_classifier_searches_with_grouped_inner_folds_and_refits():
    X, y = records_and_labels()
    tuned = TunedClassifier(StanceClassifier(), space=SPACE, inner_folds=3).fit(X, y)
    assert set(tuned.best_params_) == {"C", "subject_features", "features"}
    assert len(tuned.cv_results_["params"]) == 4
    assert tuned.predict_proba(X).shape == (len(X), 3)
    assert clone(tuned).get_params()["space"] == SPACE


def test_nested_cross_validation_records_the_choice_of_every_outer_fold():
    X, y = records_and_labels()
    tuned = TunedClassifier(
        StanceClassifier(views=[WordView(), SubjectView()]), space={"C": [0.1, 10.0]}, inner_folds=2
    )
    cv = cross_validate(tuned, X, y, task="stance", folds=3, seed=0)
    assert [set(m["chosen_params"]) for m in cv.fold_metrics] == [{"C"}] * 3


def test_train_with_tune_stores_choices_and_saves_the_best_model(data_file, experiments):
    config = default_config()
    config["data"]["path"] = [str(data_file)]
    config["cv"]["folds"] = 3
    config["tune"].update(
        enabled=True,
        inner_folds=2,
        C=[0.5, 2.0],
        word_ngram_range=[],
        features=[],
        class_weight=[],
        subject_features=[],
    )
    run = train(config, experiments=experiments)
    tuning = json.loads((run.path / "tuning.json").read_text())
    assert len(tuning["chosen_per_outer_fold"]) == 3
    assert tuning["final_choice"]["C"] in (0.5, 2.0)
    assert tuning["final_choice"]["C"] == run.load_model().C


@pytest.mark.parametrize("jobs", [1, 2])
def test_tuning_is_deterministic_across_jobs(jobs):
    X, y = records_and_labels()

    def make(n):
        return TunedClassifier(
            StanceClassifier(views=[WordView(), SubjectView()]), space={"C": [0.1, 1, 10]}, n_jobs=n
        )  # noqa: E731

    a, b = make(1).fit(X, y), make(jobs).fit(X, y)
    assert a.best_params_ == b.best_params_
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
