"""The subject-aware classifier: TF-IDF views + logistic regression, one estimator.

Stance is always toward a subject. ``StanceClassifier`` fits one joint model over all
subjects (with subject features, so it can learn subject-specific weights beside the
shared ones) and, with ``per_subject=True``, one model per subject as in the SemEval
tradition. A subject without its own model is predicted by the joint model, and
:meth:`StanceClassifier.route` says which model served each row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from stance.features import as_records, build_features

JOINT = "joint"


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Word + character TF-IDF and logistic regression, aware of the subject.

    Parameters
    ----------
    per_subject : fit one model per subject (subjects with at least
        ``min_subject_examples`` examples and two classes); others use the joint model.
    word_ngram_range, char_ngram_range : n-gram ranges of the word and character views.
    word_features, char_features : switch the word / character views on or off.
    subject_features : add the subject as a feature and subject-conjoined words
        (joint model only; a per-subject model has one subject).
    mention : "none", "mark" or "mask": how a marked subject mention appears in the text.
    window : words on each side of a marked mention kept as extra features (0: off).
    split_hashtags : add the words of ``#CamelCase`` hashtags.
    C : inverse regularisation strength of the logistic regression.
    class_weight : "balanced" or None.
    sublinear_tf, min_df, max_features : passed to every ``TfidfVectorizer``.
    min_subject_examples : fewest examples a subject needs for a model of its own.
    max_iter : iterations of the solver.
    char_analyzer : "char_wb" (n-grams inside word boundaries) or "char" (across them).
    subject_ngrams : with ``subject_features``, conjoin every word and character n-gram
        with the subject (not only single words), so the joint model holds a full
        subject-specific model beside the shared one ("frustratingly easy" domain
        adaptation).
    subject_weight : scale of the subject-conjoined views against the shared ones.
    others : "none", "mark" or "mask": how the other marked mentions of the same
        sentence (records of the batch with the same text) appear in the text.
    window_weight : scale of the mention views (window and clause) against the others.
    window_ngrams : longest n-gram of window terms (2 adds pairs such as
        ``L_was L_praised``, and the pair that spans the mention).
    window_chars : add the character n-grams (``char_analyzer``, ``char_ngram_range``)
        of the window terms, so related word forms share weight.
    clause : add the words of the clause that holds the mention.
    strip : a regular expression removed from every text first (e.g. a constant tag).
    normalize : list of "urls", "users", "numbers", "elongations" to normalise.
    negation : mark the words after a negation cue (``neg_``) in the word view.
    solver : the logistic-regression solver, "newton-cg" (default) or "lbfgs": the same
        objective, but newton-cg was measured 2-9 times faster on these sparse features.

    Attributes
    ----------
    classes_ : the labels, sorted.
    joint_ : the fitted joint ``Pipeline``.
    subject_models_ : dict of subject -> fitted ``Pipeline`` (empty unless per_subject).

    Examples
    --------
    >>> from stance.records import Record
    >>> X = [Record(id=str(i), text=t, subject="tax") for i, t in enumerate(
    ...     ["a fair tax", "an unfair tax", "a fine tax", "a bad tax"])]
    >>> StanceClassifier(char_features=False).fit(X, ["favor", "against"] * 2).predict(X[:1])
    array(['favor'], dtype=object)
    """

    def __init__(
        self,
        *,
        per_subject=False,
        word_ngram_range=(1, 2),
        char_ngram_range=(2, 5),
        word_features=True,
        char_features=True,
        subject_features=True,
        mention="none",
        window=0,
        split_hashtags=False,
        C=1.0,
        class_weight="balanced",
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        min_subject_examples=10,
        max_iter=2000,
        char_analyzer="char_wb",
        subject_ngrams=False,
        subject_weight=1.0,
        others="none",
        window_weight=1.0,
        window_ngrams=1,
        window_chars=False,
        clause=False,
        strip="",
        normalize=(),
        negation=False,
        solver="newton-cg",
    ):
        self.per_subject = per_subject
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.word_features = word_features
        self.char_features = char_features
        self.subject_features = subject_features
        self.mention = mention
        self.window = window
        self.split_hashtags = split_hashtags
        self.C = C
        self.class_weight = class_weight
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.min_subject_examples = min_subject_examples
        self.max_iter = max_iter
        self.char_analyzer = char_analyzer
        self.subject_ngrams = subject_ngrams
        self.subject_weight = subject_weight
        self.others = others
        self.window_weight = window_weight
        self.window_ngrams = window_ngrams
        self.window_chars = window_chars
        self.clause = clause
        self.strip = strip
        self.normalize = normalize
        self.negation = negation
        self.solver = solver

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
        """An unfitted pipeline of this estimator's features and classifier."""
        features = build_features(
            word_ngram_range=self.word_ngram_range,
            char_ngram_range=self.char_ngram_range,
            word_features=self.word_features,
            char_features=self.char_features,
            subject_features=self.subject_features and joint,
            mention=self.mention,
            window=self.window,
            split_hashtags=self.split_hashtags,
            sublinear_tf=self.sublinear_tf,
            min_df=self.min_df,
            max_features=self.max_features,
            char_analyzer=self.char_analyzer,
            subject_ngrams=self.subject_ngrams,
            subject_weight=self.subject_weight,
            others=self.others,
            window_weight=self.window_weight,
            window_ngrams=self.window_ngrams,
            window_chars=self.window_chars,
            clause=self.clause,
            strip=self.strip,
            normalize=self.normalize,
            negation=self.negation,
        )
        classifier = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver=self.solver,
        )
        return Pipeline([("features", features), ("classifier", classifier)])

    def route(self, X: Sequence) -> list[str]:
        """Which model predicts each row: its subject's name, or "joint"."""
        check_is_fitted(self)
        return [r.subject if r.subject in self.subject_models_ else JOINT for r in as_records(X)]

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

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
