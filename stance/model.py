"""The subject-aware classifier: a list of feature views + logistic regression, one estimator.

Stance is always toward a subject. ``StanceClassifier`` fits one joint model over all
subjects (subject views let it learn subject-specific weights beside the shared ones)
and, with ``per_subject=True``, one model per subject as in the SemEval tradition. A
subject without its own model is predicted by the joint model, and
:meth:`StanceClassifier.route` says which model served each row.

The feature set is a list of views (``stance.features``, ``stance.context``), written in
a config as ``[[model.views]]`` tables: ``kind`` plus the view's own parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from stance.evaluation import gold_position
from stance.features import as_records
from stance.scoring import (  # noqa: F401 - speaker_documents: long importable from here
    JOINT,
    Predicting,
    speaker_documents,
    stacked_features,
)
from stance.views import (  # noqa: F401 - the registry, long importable from here
    SENTENCE_ONLY,
    VIEW_KINDS,
    default_views,
    legacy_views,
    named_views,
    view_from_spec,
    view_spec,
)


class StanceClassifier(Predicting, ClassifierMixin, BaseEstimator):
    """Feature views and logistic regression, aware of the subject.

    Parameters
    ----------
    views : the feature views (default: :func:`default_views`). Views marked
        ``subject_specific`` are left out of per-subject models.
    C : inverse regularisation strength of the logistic regression.
    class_weight : "balanced" or None.
    solver : "newton-cg" (default) or "lbfgs": the same objective, newton-cg measured
        2-9 times faster on these sparse features.
    max_iter : iterations of the solver.
    per_subject : also fit one model per subject (subjects with at least
        ``min_subject_examples`` examples and two classes); others use the joint model.
    min_subject_examples : fewest examples a subject needs for a model of its own.
    stack : also fit a second stage on the first stage's out-of-fold probabilities: each
        sentence's own probabilities beside those of the same speaker's other sentences in
        the article and of the article's other speakers (:func:`stacked_features`).
        A speaker holds one position through an article, so what the model believes about
        their other sentences is strong evidence about this one.
    stack_folds : inner folds (grouped by article) giving the out-of-fold probabilities.
    stack_C : inverse regularisation strength of the second stage.
    speaker_model : also fit a speaker-level model: each speaker's sentences in an article
        read as one document, labelled with the speaker's position (the majority of their
        non-none labels). It gives each speaker's position directly and, with ``stack``,
        feeds the second stage.

    Attributes
    ----------
    classes_ : the labels, sorted.
    joint_ : the fitted joint ``Pipeline`` (``features`` union, ``classifier``); its
        ``get_feature_names_out`` names every feature ``<view>__<term>``.
    subject_models_ : dict of subject -> fitted ``Pipeline`` (empty unless per_subject).
    stack_ : the fitted second-stage ``LogisticRegression`` (None unless ``stack``).
    speaker_ : the fitted speaker-level ``Pipeline`` (None unless ``speaker_model``).

    Examples
    --------
    >>> from stance.records import Record
    >>> X = [Record(id=str(i), text=t, subject="tax") for i, t in enumerate(
    ...     ["a fair tax", "an unfair tax", "a fine tax", "a bad tax"])]
    >>> StanceClassifier(views=[WordView()]).fit(X, ["favor", "against"] * 2).predict(X[:1])
    array(['favor'], dtype=object)
    """

    def __init__(
        self,
        *,
        views=None,
        C=1.0,
        class_weight="balanced",
        solver="newton-cg",
        max_iter=2000,
        per_subject=False,
        min_subject_examples=10,
        stack=False,
        stack_folds=5,
        stack_C=1.0,
        speaker_model=False,
    ):
        self.views = views
        self.C = C
        self.class_weight = class_weight
        self.solver = solver
        self.max_iter = max_iter
        self.per_subject = per_subject
        self.min_subject_examples = min_subject_examples
        self.stack = stack
        self.stack_folds = stack_folds
        self.stack_C = stack_C
        self.speaker_model = speaker_model

    def fit(self, X: Sequence, y: Sequence):
        """Fit the joint model and, with ``per_subject``, one model per subject."""
        records = as_records(X)
        y = np.asarray(y, dtype=object)
        if len(records) != len(y):
            raise ValueError(f"X has {len(records)} rows but y has {len(y)}")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(
                f"need at least two classes to learn, got only {self.classes_.tolist()}"
            )
        self.stack_ = None
        self.speaker_ = self._fit_speaker_model(records, y) if self.speaker_model else None
        if self.stack:
            first_stage = clone(self).set_params(stack=False)
            oof, speaker_oof = _out_of_fold(first_stage, records, y, folds=self.stack_folds)
            self.stack_ = LogisticRegression(
                C=self.stack_C, class_weight=self.class_weight, max_iter=self.max_iter
            ).fit(stacked_features(oof, records, speaker_oof), y)
        self.joint_ = self.make_pipeline(joint=True).fit(records, y)
        self.subject_models_ = {}
        if self.per_subject:
            subjects = np.array([r.subject for r in records], dtype=object)
            for subject in sorted(set(subjects)):
                rows = np.flatnonzero(subjects == subject)
                if len(rows) >= self.min_subject_examples and len(np.unique(y[rows])) >= 2:
                    model = self.make_pipeline(joint=False)
                    self.subject_models_[subject] = model.fit([records[i] for i in rows], y[rows])
        return self

    def prepare(self, X: Sequence) -> None:
        """Analyse the records as fitting on them (or on some of their articles) would,
        filling this process's caches without fitting anything. Worker processes forked
        afterwards inherit the work: the harness calls it before its workers start."""
        records = as_records(X)
        views = default_views() if self.views is None else self.views
        for _, view in named_views(views, joint=True):
            view.prepare(records)
        if self.speaker_model:
            documents, _ = speaker_documents(records)
            for _, view in named_views(views, joint=True, speaker=True):
                view.prepare(documents)

    def _fit_speaker_model(self, records: list, y: np.ndarray):
        task = _task_of(self.classes_)
        if task is None:
            return None
        documents, members = speaker_documents(records)
        positions = np.array(
            [gold_position(list(y[rows]), task=task) for rows in members], dtype=object
        )
        settled = np.flatnonzero(positions != "mixed")
        if len(np.unique(positions[settled])) < 2:
            return None
        model = self.make_pipeline(joint=True, speaker=True)
        return model.fit([documents[i] for i in settled], positions[settled])

    def make_pipeline(self, *, joint: bool, speaker: bool = False) -> Pipeline:
        """An unfitted pipeline of this estimator's views and classifier (``speaker``: the
        speaker-level model, without the views that read a sentence's neighbours)."""
        views = default_views() if self.views is None else self.views
        parts = [
            (name, clone(view)) for name, view in named_views(views, joint=joint, speaker=speaker)
        ]
        classifier = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver=self.solver,
        )
        return Pipeline([("features", FeatureUnion(parts)), ("classifier", classifier)])

    def _check_fitted(self) -> None:
        check_is_fitted(self)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The joint model's feature names, ``<view>__<term>``."""
        check_is_fitted(self)
        return self.joint_.named_steps["features"].get_feature_names_out()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def _task_of(classes) -> str | None:
    from stance.records import LABELS

    return next((task for task, labels in LABELS.items() if set(classes) <= set(labels)), None)


def _out_of_fold(estimator, records: list, y: np.ndarray, *, folds: int):
    """Out-of-fold class probabilities (columns: sorted classes), folds grouped by article,
    and the out-of-fold speaker-level probabilities of each record's speaker (or None)."""
    from sklearn.model_selection import StratifiedGroupKFold

    classes = np.unique(y)
    groups = [r.doc or f"record:{i}" for i, r in enumerate(records)]
    folds = max(2, min(folds, len(set(groups)), int(min(np.unique(y, return_counts=True)[1]))))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    oof = np.zeros((len(records), len(classes)))
    speakers = np.zeros((len(records), len(classes))) if estimator.speaker_model else None
    for train, test in splitter.split(np.zeros(len(y)), y, groups):
        model = clone(estimator).fit([records[i] for i in train], y[train])
        columns = np.searchsorted(classes, model.classes_)
        test_records = [records[i] for i in test]
        oof[np.ix_(test, columns)] = model.predict_proba(test_records)
        if speakers is not None:
            found = model.speaker_proba(test_records)
            if found is not None:
                speakers[np.ix_(test, columns)] = found
    return oof, speakers


class MajorityClassifier(ClassifierMixin, BaseEstimator):
    """Always the most frequent training label: the floor every model must clear."""

    def fit(self, X: Sequence, y: Sequence):
        y = np.asarray(y, dtype=object)
        self.classes_, counts = np.unique(y, return_counts=True)
        self.prior_ = counts / counts.sum()
        return self

    def predict_proba(self, X: Sequence) -> np.ndarray:
        check_is_fitted(self)
        return np.tile(self.prior_, (len(X), 1))

    def predict(self, X: Sequence) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def route(self, X: Sequence) -> list[str]:
        return [JOINT] * len(X)
