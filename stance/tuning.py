"""Hyper-parameter search as an estimator, so cross-validating it is nested cross-validation.

``TunedClassifier.fit`` runs a grid search with inner folds grouped by article on the
data it is given, and refits the best candidate on all of it. Cross-validating a
TunedClassifier (``stance.evaluation.cross_validate``) therefore gives the honest outer
estimate, and each outer fold records the parameters its inner search chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.utils.validation import check_is_fitted

from stance.evaluation import compute_metrics
from stance.features import as_records

#: Which views each feature set keeps ("word+char" means both).
FEATURE_SETS = {
    "word+char": ("word", "char"),
    "word": ("word",),
    "char": ("char",),
}
#: Search-space keys that change the views rather than the classifier.
VIEW_KEYS = ("word_ngram_range", "char_ngram_range", "features", "subject_features")
WORD_KINDS = ("word", "placeholder_word")
CHAR_KINDS = ("char", "placeholder_char")


def _score(task: str, metric: str):
    def score(gold, predicted):
        return compute_metrics(gold, predicted, task=task)[metric]

    return make_scorer(score)


def view_choices(space: dict) -> list[dict]:
    """Every combination of the view-changing keys of ``space`` (empty lists not searched)."""
    keys = [key for key in VIEW_KEYS if space.get(key)]
    return [dict(zip(keys, values, strict=True)) for values in product(*(space[k] for k in keys))]


def views_for(base_views: list, choice: dict) -> list:
    """The base views changed as ``choice`` says (n-gram ranges, feature set, subject views)."""
    kept = FEATURE_SETS[choice["features"]] if "features" in choice else ("word", "char")
    views = []
    for view in base_views:
        kind = view.kind
        family = "word" if kind in WORD_KINDS else "char" if kind in CHAR_KINDS else None
        if family and family not in kept:
            continue
        if choice.get("subject_features") is False and view.subject_specific:
            continue
        view = clone(view)
        if family == "word" and "word_ngram_range" in choice:
            view.set_params(ngram_range=tuple(choice["word_ngram_range"]))
        if family == "char" and "char_ngram_range" in choice:
            view.set_params(ngram_range=tuple(choice["char_ngram_range"]))
        views.append(view)
    return views


def parameter_grid(space: dict, base_views: list) -> tuple[dict, list[dict]]:
    """GridSearchCV's ``param_grid`` for a config's search space, and the view choices.

    ``space`` maps classifier parameters (C, class_weight) and view keys (word and char
    n-gram ranges, ``features``: "word+char", "word" or "char", ``subject_features``) to
    the values to try. The grid's ``views`` candidates are in the order of the choices.
    """
    grid = {key: list(space[key]) for key in ("C", "class_weight") if space.get(key)}
    if "class_weight" in grid:
        grid["class_weight"] = [None if v == "none" else v for v in grid["class_weight"]]
    choices = view_choices(space)
    if any(choices):
        grid["views"] = [views_for(base_views, choice) for choice in choices]
    return grid, choices


def grid_size(space: dict) -> int:
    sizes = [len(space[key]) for key in ("C", "class_weight", *VIEW_KEYS) if space.get(key)]
    return int(np.prod(sizes)) if sizes else 1


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
        from stance.model import default_views

        records = as_records(X)
        groups = [r.doc or f"record:{r.id}" for r in records]
        base_views = self.estimator.views or default_views()
        grid, choices = parameter_grid(self.space or {}, base_views)
        search = GridSearchCV(
            clone(self.estimator),
            grid,
            scoring=_score(self.task, self.scoring),
            cv=StratifiedGroupKFold(
                n_splits=self.inner_folds, shuffle=True, random_state=self.seed
            ),
            n_jobs=self.n_jobs,
            refit=True,
            error_score="raise",
        )
        search.fit(records, np.asarray(y, dtype=object), groups=groups)

        def described(params: dict) -> dict:
            out = {k: ("none" if v is None else v) for k, v in params.items() if k != "views"}
            if "views" in params:
                index = next(i for i, c in enumerate(grid["views"]) if c is params["views"])
                out.update(
                    {k: list(v) if isinstance(v, tuple) else v for k, v in choices[index].items()}
                )
            return out

        self.best_params_ = described(search.best_params_)
        self.best_score_ = float(search.best_score_)
        self.best_estimator_ = search.best_estimator_
        self.classes_ = self.best_estimator_.classes_
        self.cv_results_ = {
            "params": [described(p) for p in search.cv_results_["params"]],
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
