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

from stance.context import (
    CueView,
    NeighbourView,
    PlaceholderCharView,
    PlaceholderWordView,
    SpeakerContextView,
    SubjectMentionView,
)
from stance.features import (
    CharView,
    MentionClauseView,
    MentionWindowCharsView,
    MentionWindowView,
    SubjectNgramsView,
    SubjectView,
    SubjectWordsView,
    WordView,
    as_records,
)

JOINT = "joint"

#: Every view a config can name, by its ``kind``.
VIEW_KINDS = {
    view.kind: view
    for view in (
        WordView,
        CharView,
        SubjectView,
        SubjectWordsView,
        SubjectNgramsView,
        MentionWindowView,
        MentionWindowCharsView,
        MentionClauseView,
        SpeakerContextView,
        NeighbourView,
        SubjectMentionView,
        PlaceholderWordView,
        PlaceholderCharView,
        CueView,
    )
}


def default_views() -> list:
    """Word 1-2 grams, char_wb 2-5 grams, the subject, and subject-conjoined words."""
    return [WordView(), CharView(), SubjectView(), SubjectWordsView()]


def view_from_spec(spec: dict, *, where: str = "model.views"):
    """Build a view from its config table: ``{"kind": "word", "ngram_range": [1, 3]}``."""
    if not isinstance(spec, dict) or "kind" not in spec:
        raise ValueError(f"{where}: each view needs a 'kind' (one of {', '.join(VIEW_KINDS)})")
    kind = spec["kind"]
    if kind not in VIEW_KINDS:
        raise ValueError(f"{where}: unknown view kind {kind!r} (known: {', '.join(VIEW_KINDS)})")
    cls = VIEW_KINDS[kind]
    params = {k: v for k, v in spec.items() if k != "kind"}
    known = cls().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ValueError(
            f"{where}: view {kind!r} has no parameter {unknown[0]!r} (known: {', '.join(known)})"
        )
    for key, value in params.items():
        default = known[key]
        if isinstance(default, tuple) and isinstance(value, list):
            params[key] = tuple(value)
        elif (
            default is not None
            and not isinstance(value, type(default))
            and not (isinstance(default, float) and isinstance(value, int))
        ):
            raise ValueError(
                f"{where}: view {kind!r} parameter {key!r} must be "
                f"{type(default).__name__}, got {value!r}"
            )
    view = cls(**params)
    view.check()
    return view


def view_spec(view) -> dict:
    """The config table of a view (only parameters that differ from the defaults)."""
    defaults = type(view)().get_params()
    spec = {"kind": view.kind}
    for key, value in view.get_params().items():
        if value != defaults[key]:
            spec[key] = list(value) if isinstance(value, tuple) else value
    return spec


def legacy_views(model: dict) -> list:
    """The views of a config (or saved model) written with the old flat feature keys.

    Kept so every config and model file made before views existed still loads, with the
    same features in the same order.
    """
    text = dict(
        mention=model.get("mention", "none"),
        others=model.get("others", "none"),
        split_hashtags=model.get("split_hashtags", False),
        strip=model.get("strip", ""),
        normalize=tuple(model.get("normalize", ())),
    )
    tf = dict(
        sublinear_tf=model.get("sublinear_tf", True),
        min_df=model.get("min_df", 1),
        max_features=model.get("max_features") or None,
    )
    word_range = tuple(model.get("word_ngram_range", (1, 2)))
    char_range = tuple(model.get("char_ngram_range", (2, 5)))
    analyzer = model.get("char_analyzer", "char_wb")
    negation = model.get("negation", False)
    subject_weight = model.get("subject_weight", 1.0)
    views = []
    if model.get("word_features", True):
        views.append(WordView(ngram_range=word_range, negation=negation, **text, **tf))
    if model.get("char_features", True):
        views.append(CharView(ngram_range=char_range, analyzer=analyzer, **text, **tf))
    if model.get("subject_features", True):
        views.append(SubjectView())
        if not model.get("subject_ngrams", False):
            views.append(
                SubjectWordsView(weight=subject_weight, sublinear_tf=tf["sublinear_tf"], **text)
            )
        else:
            if model.get("word_features", True):
                views.append(
                    SubjectNgramsView(
                        analyzer="word",
                        ngram_range=word_range,
                        negation=negation,
                        weight=subject_weight,
                        **text,
                        **tf,
                    )
                )
            if model.get("char_features", True):
                views.append(
                    SubjectNgramsView(
                        analyzer=analyzer,
                        ngram_range=char_range,
                        weight=subject_weight,
                        **text,
                        **tf,
                    )
                )
    window = model.get("window", 0)
    window_weight = model.get("window_weight", 1.0)
    if window:
        views.append(
            MentionWindowView(
                window=window,
                ngram_range=(1, max(1, model.get("window_ngrams", 1))),
                sublinear_tf=tf["sublinear_tf"],
                weight=window_weight,
            )
        )
        if model.get("window_chars", False):
            views.append(
                MentionWindowCharsView(
                    window=window,
                    analyzer=analyzer,
                    ngram_range=char_range,
                    weight=window_weight,
                    **tf,
                )
            )
    if model.get("clause", False):
        views.append(MentionClauseView(sublinear_tf=tf["sublinear_tf"], weight=window_weight))
    return views


class StanceClassifier(ClassifierMixin, BaseEstimator):
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

    Attributes
    ----------
    classes_ : the labels, sorted.
    joint_ : the fitted joint ``Pipeline`` (``features`` union, ``classifier``); its
        ``get_feature_names_out`` names every feature ``<view>__<term>``.
    subject_models_ : dict of subject -> fitted ``Pipeline`` (empty unless per_subject).

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
    ):
        self.views = views
        self.C = C
        self.class_weight = class_weight
        self.solver = solver
        self.max_iter = max_iter
        self.per_subject = per_subject
        self.min_subject_examples = min_subject_examples

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

    def make_pipeline(self, *, joint: bool) -> Pipeline:
        """An unfitted pipeline of this estimator's views and classifier."""
        views = default_views() if self.views is None else self.views
        chosen = [clone(v) for v in views if joint or not v.subject_specific]
        if not chosen:
            raise ValueError("no feature view is switched on")
        names, parts = set(), []
        for view in chosen:
            name, number = view.name, 2
            while name in names:
                name, number = f"{view.name}_{number}", number + 1
            names.add(name)
            parts.append((name, view))
        classifier = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver=self.solver,
        )
        return Pipeline([("features", FeatureUnion(parts)), ("classifier", classifier)])

    def route(self, X: Sequence) -> list[str]:
        """Which model predicts each row: its subject's name, or "joint".

        Subjects match after normalisation (case, punctuation, a leading "the").
        """
        from stance.subjects import normalise_subject

        check_is_fitted(self)
        known = {normalise_subject(s): s for s in self.subject_models_}
        return [known.get(normalise_subject(r.subject), JOINT) for r in as_records(X)]

    def predict_proba(self, X: Sequence) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        records = as_records(X)
        routes = np.array(self.route(records), dtype=object)
        probabilities = np.zeros((len(records), len(self.classes_)))
        for route in dict.fromkeys(routes):
            rows = np.flatnonzero(routes == route)
            model = self.joint_ if route == JOINT else self.subject_models_[route]
            columns = np.searchsorted(self.classes_, model.classes_)
            probabilities[np.ix_(rows, columns)] = model.predict_proba([records[i] for i in rows])
        return probabilities

    def predict(self, X: Sequence) -> np.ndarray:
        probabilities = self.predict_proba(X)
        return self.classes_[np.argmax(probabilities, axis=1)]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The joint model's feature names, ``<view>__<term>``."""
        check_is_fitted(self)
        return self.joint_.named_steps["features"].get_feature_names_out()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


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
