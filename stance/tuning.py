"""Hyper-parameter search as an estimator, so cross-validating it is nested cross-validation.

``TunedClassifier.fit`` runs a grid search with inner folds grouped by article on the
data it is given, and refits the best candidate on all of it. Cross-validating a
TunedClassifier (``stance.evaluation.cross_validate``) therefore gives the honest outer
estimate, and each outer fold records the parameters its inner search chose.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.utils.validation import check_is_fitted

from stance.evaluation import compute_metrics
from stance.features import as_records

#: The feature-view choices a search can make ("word+char" means both views).
FEATURE_SETS = {
    "word+char": {"word_features": True, "char_features": True},
    "word": {"word_features": True, "char_features": False},
    "char": {"word_features": False, "char_features": True},
}


def _score(task: str, metric: str):
    def score(gold, predicted):
        return compute_metrics(gold, predicted, task=task)[metric]

    return make_scorer(score)


def parameter_grid(space: dict) -> list[dict]:
    """Turn a config's search space into GridSearchCV's ``param_grid`` (a list of grids).

    ``space`` maps StanceClassifier parameters to the values to try; the special key
    ``features`` lists feature sets ("word+char", "word", "char"). Empty lists are
    not searched.
    """
    grid = {
        key: [tuple(v) if isinstance(v, list) else v for v in values]
        for key, values in space.items()
        if values and key != "features"
    }
    if "class_weight" in grid:
        grid["class_weight"] = [None if v == "none" else v for v in grid["class_weight"]]
    feature_sets = space.get("features") or [None]
    grids = []
    for feature_set in feature_sets:
        one = dict(grid)
        if feature_set is not None:
            one.update({k: [v] for k, v in FEATURE_SETS[feature_set].items()})
        grids.append(one)
    return grids


def grid_size(space: dict) -> int:
    return sum(
        int(np.prod([len(values) for values in grid.values()])) for grid in parameter_grid(space)
    )


class TunedClassifier(ClassifierMixin, BaseEstimator):
    """Grid search over ``space`` with grouped, stratified inner folds, then refit.

    Parameters
    ----------
    estimator : the StanceClassifier to tune.
    space : parameter -> values to try (see :func:`parameter_grid`).
    inner_folds : folds of the inner search (grouped by ``record.doc``).
    task, scoring : the task and the metric the search maximises ("macro_f1", "f_avg").
    seed : seed of the inner fold assignment.
    n_jobs : candidates fitted in parallel.

    Attributes
    ----------
    best_params_, best_score_, best_estimator_, classes_, cv_results_
    """

    def __init__(
        self,
        estimator=None,
        *,
        space=None,
        inner_folds=3,
        task="stance",
        scoring="macro_f1",
        seed=0,
        n_jobs=1,
    ):
        self.estimator = estimator
        self.space = space
        self.inner_folds = inner_folds
        self.task = task
        self.scoring = scoring
        self.seed = seed
        self.n_jobs = n_jobs

    def fit(self, X: Sequence, y: Sequence):
        records = as_records(X)
        groups = [r.doc or f"record:{r.id}" for r in records]
        search = GridSearchCV(
            clone(self.estimator),
            parameter_grid(self.space or {}),
            scoring=_score(self.task, self.scoring),
            cv=StratifiedGroupKFold(
                n_splits=self.inner_folds, shuffle=True, random_state=self.seed
            ),
            n_jobs=self.n_jobs,
            refit=True,
            error_score="raise",
        )
        search.fit(records, np.asarray(y, dtype=object), groups=groups)
        self.best_params_ = {
            k: list(v) if isinstance(v, tuple) else v for k, v in search.best_params_.items()
        }
        self.best_score_ = float(search.best_score_)
        self.best_estimator_ = search.best_estimator_
        self.classes_ = self.best_estimator_.classes_
        self.cv_results_ = {
            "params": [
                {k: list(v) if isinstance(v, tuple) else v for k, v in p.items()}
                for p in search.cv_results_["params"]
            ],
            "mean_test_score": search.cv_results_["mean_test_score"].tolist(),
            "std_test_score": search.cv_results_["std_test_score"].tolist(),
        }
        return self

    def predict_proba(self, X):
        check_is_fitted(self)
        return self.best_estimator_.predict_proba(X)

    def predict(self, X):
        check_is_fitted(self)
        return self.best_estimator_.predict(X)

    def route(self, X):
        check_is_fitted(self)
        return self.best_estimator_.route(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
