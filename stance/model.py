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
    PolarityView,
    SpeakerContextView,
    SpeakerView,
    SubjectMentionView,
)
from stance.evaluation import gold_position
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
from stance.records import Record

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
        SpeakerView,
        PolarityView,
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

    def speaker_proba(self, X: Sequence) -> np.ndarray | None:
        """Each record's speaker's position probabilities (columns ``classes_``), from the
        speaker-level model; zeros for records without a speaker; None without the model."""
        speaker = getattr(self, "speaker_", None)
        records = as_records(X)
        if speaker is None:
            return np.zeros((len(records), len(self.classes_))) if self.speaker_model else None
        documents, members = speaker_documents(records)
        out = np.zeros((len(records), len(self.classes_)))
        if documents:
            columns = np.searchsorted(self.classes_, speaker.classes_)
            probabilities = speaker.predict_proba(documents)
            for rows, proba in zip(members, probabilities, strict=True):
                out[np.ix_(rows, columns)] = proba
        return out

    def make_pipeline(self, *, joint: bool, speaker: bool = False) -> Pipeline:
        """An unfitted pipeline of this estimator's views and classifier (``speaker``: the
        speaker-level model, without the views that read a sentence's neighbours)."""
        views = default_views() if self.views is None else self.views
        chosen = [
            clone(v)
            for v in views
            if (joint or not v.subject_specific) and not (speaker and v.kind in SENTENCE_ONLY)
        ]
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
        """Class probabilities, columns in the order of ``classes_``.

        With ``stack``, the records of one article must come together (the second stage
        reads the speaker's other sentences among them).
        """
        records = as_records(X)
        first = self._first_stage_proba(records)
        if getattr(self, "stack_", None) is None:
            return first
        speakers = self.speaker_proba(records)
        stacked = self.stack_.predict_proba(stacked_features(first, records, speakers))
        columns = np.searchsorted(self.classes_, self.stack_.classes_)
        out = np.zeros_like(first)
        out[:, columns] = stacked
        return out

    def _first_stage_proba(self, records: list) -> np.ndarray:
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


#: Views that read a sentence among its neighbours: not for speaker documents.
SENTENCE_ONLY = ("speaker_context", "neighbours", "cue")


def _task_of(classes) -> str | None:
    from stance.records import LABELS

    return next((task for task, labels in LABELS.items() if set(classes) <= set(labels)), None)


def speaker_documents(records: Sequence) -> tuple[list[Record], list[list[int]]]:
    """One record per speaker of each article (their sentences joined, in order), and the
    rows of ``records`` each one covers."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, record in enumerate(records):
        speaker = getattr(record, "speaker", None)
        if speaker and getattr(record, "doc", ""):
            groups.setdefault((record.doc, speaker), []).append(i)
    documents = [
        Record(
            id=f"{doc}|{speaker}",
            text=" ".join(records[i].text for i in rows),
            doc=doc,
            subject=records[rows[0]].subject,
            speaker=speaker,
        )
        for (doc, speaker), rows in groups.items()
    ]
    return documents, list(groups.values())


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


def stacked_features(
    probabilities: np.ndarray, records: Sequence, speakers: np.ndarray | None = None
) -> np.ndarray:
    """The second stage's input: each sentence's probabilities, the mean and maximum of the
    same speaker's other sentences in the article, the mean of the article's other
    speakers' sentences, and whether those exist. Records of one article come together.
    """
    n, k = probabilities.shape
    speaker_mean = np.zeros((n, k))
    speaker_max = np.zeros((n, k))
    others_mean = np.zeros((n, k))
    flags = np.zeros((n, 3))
    groups: dict[tuple[str, str], list[int]] = {}
    docs: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        doc = getattr(record, "doc", "") or f"record:{i}"
        docs.setdefault(doc, []).append(i)
        speaker = getattr(record, "speaker", None)
        if speaker:
            groups.setdefault((doc, speaker), []).append(i)
    for members in groups.values():
        for i in members:
            rest = [j for j in members if j != i]
            if rest:
                speaker_mean[i] = probabilities[rest].mean(axis=0)
                speaker_max[i] = probabilities[rest].max(axis=0)
                flags[i, 0] = 1.0
                flags[i, 2] = np.log1p(len(rest))
    for members in docs.values():
        for i in members:
            speaker = getattr(records[i], "speaker", None)
            rest = [j for j in members if getattr(records[j], "speaker", None) != speaker]
            if rest:
                others_mean[i] = probabilities[rest].mean(axis=0)
                flags[i, 1] = 1.0
    logits = np.log(np.clip(probabilities, 1e-6, 1.0))
    parts = [logits, speaker_mean, speaker_max, others_mean, flags]
    if speakers is not None:
        parts.append(speakers)
    return np.hstack(parts)


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
