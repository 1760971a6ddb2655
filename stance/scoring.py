"""Predicting with a fitted model's numbers: how a :class:`~stance.model.StanceClassifier`
turns records into probabilities, and a scorer that does the same from a saved model
with numpy alone.

:class:`Predicting` is the prediction half of the classifier (routing rows to the joint
or a subject's model, the speaker-level model, the stacked second stage); the fitted
estimator and :class:`SavedModel` share it, so both predict the same way by
construction. A :class:`SavedModel` holds only what ``stance.persist`` saves:
vocabularies, idf weights and coefficients. It builds each view's TF-IDF rows itself
(the views make their documents without scikit-learn, :mod:`stance.analyzers` splits
them into the same terms) and needs neither scikit-learn nor scipy, whose import is
most of the time to a first prediction. Its probabilities equal the estimator's to
1e-12 (``tests/test_scoring.py`` compares them for every shipped config).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from stance.analyzers import DEFAULT_TOKEN_PATTERN, build_analyzer
from stance.features import as_records
from stance.records import Record

JOINT = "joint"
#: Distinct words whose ``char_wb`` n-gram columns a vectorizer keeps between batches
#: (emptied when full, so a long stream of predictions keeps memory flat).
MAX_WORDS = 200_000
#: The ``TfidfVectorizer`` options a saved vectorizer may use (any other: not scorable here).
SCORABLE_OPTIONS = frozenset(
    ("analyzer", "ngram_range", "token_pattern", "lowercase", "sublinear_tf", "use_idf",
     "min_df", "max_features")
)  # fmt: skip


class Predicting:
    """Prediction from fitted parts: ``classes_``, ``joint_``, ``subject_models_``,
    ``speaker_`` and ``stack_`` (each with ``classes_`` and ``predict_proba``)."""

    speaker_model = False

    def _check_fitted(self) -> None:
        """Raise if the model is not fitted (a loaded model always is)."""

    def route(self, X: Sequence) -> list[str]:
        """Which model predicts each row: its subject's name, or "joint".

        Subjects match after normalisation (case, punctuation, a leading "the").
        """
        from stance.subjects import normalise_subject

        self._check_fitted()
        known = {normalise_subject(s): s for s in self.subject_models_}
        return [known.get(normalise_subject(r.subject), JOINT) for r in as_records(X)]

    def predict_proba(self, X: Sequence) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``.

        With a stacked second stage, the records of one article must come together (it
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

    def predict(self, X: Sequence) -> np.ndarray:
        probabilities = self.predict_proba(X)
        return self.classes_[np.argmax(probabilities, axis=1)]


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


# ------------------------------------------------------------------ saved models


class SavedTfidf:
    """A fitted view's TF-IDF rows from its vocabulary and idf weights.

    ``options`` are the view's ``TfidfVectorizer`` options; rows are L2-normalised and
    scaled by ``weight``, as the view's ``transform`` does.
    """

    def __init__(self, options: dict, terms: list[str], idf: np.ndarray | None, weight: float):
        unknown = set(options) - SCORABLE_OPTIONS
        if unknown:
            raise ValueError(f"vectorizer options {sorted(unknown)} cannot be scored without "
                             "scikit-learn")  # fmt: skip
        self.analyzer = options.get("analyzer", "word")
        self.analyze = build_analyzer(
            analyzer=self.analyzer,
            ngram_range=tuple(options.get("ngram_range", (1, 1))),
            token_pattern=options.get("token_pattern", DEFAULT_TOKEN_PATTERN),
            lowercase=options.get("lowercase", True),
        )
        self.lowercase = options.get("lowercase", True)
        self.sublinear_tf = options.get("sublinear_tf", False)
        self.vocabulary = {term: column for column, term in enumerate(terms)}
        self.idf = idf if options.get("use_idf", True) else None
        if self.idf is not None and self.idf.shape != (len(terms),):
            raise ValueError(f"{len(terms)} terms but {self.idf.shape} idf values")
        self.weight = weight
        self._word_columns: dict[str, np.ndarray] = {}

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def rows(self, documents: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of every non-zero entry, by row and then column."""
        rows, columns, counts = self._counts(documents)
        width = max(self.width, 1)
        keys, where = np.unique(rows * width + columns, return_inverse=True)
        values = np.bincount(where, weights=counts) if len(keys) else np.zeros(0)
        rows, columns = keys // width, keys % width
        if self.sublinear_tf:
            values = np.log(values) + 1
        if self.idf is not None:
            values = values * self.idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(documents)))
        norms[norms == 0.0] = 1.0
        values = values / norms[rows]
        if self.weight != 1.0:
            values = values * self.weight
        return rows, columns, values

    def _counts(self, documents: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, count) entries of the documents' known terms (repeats allowed)."""
        if self.analyzer == "char_wb":
            return self._char_wb_counts(documents)
        vocabulary = self.vocabulary
        rows, columns, counts = [], [], []
        for number, document in enumerate(documents):
            for term, count in Counter(self.analyze(document)).items():
                column = vocabulary.get(term)
                if column is not None:
                    rows.append(number)
                    columns.append(column)
                    counts.append(count)
        return (np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64),
                np.array(counts, dtype=np.float64))  # fmt: skip

    def _char_wb_counts(self, documents: list[str]) -> tuple[np.ndarray, ...]:
        """``char_wb`` n-grams never cross a word boundary: each distinct word's columns
        are found once and kept (a bounded cache), and rows are made from them."""
        word_lists = [(d.lower() if self.lowercase else d).split() for d in documents]
        known = self._word_columns
        new = {word for words in word_lists for word in words if word not in known}
        if len(known) + len(new) > MAX_WORDS:
            known.clear()
            new = {word for words in word_lists for word in words}
        vocabulary = self.vocabulary
        for word in new:
            found = (vocabulary.get(t, -1) for t in self.analyze(word))
            known[word] = np.fromiter(found, dtype=np.int64)
        parts = [known[word] for words in word_lists for word in words]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        columns = np.concatenate(parts)
        lengths = np.array([len(part) for part in parts], dtype=np.int64)
        words_per_row = np.array([len(words) for words in word_lists], dtype=np.int64)
        row_of_word = np.repeat(np.arange(len(documents)), words_per_row)
        rows = np.repeat(row_of_word, lengths)
        keep = columns >= 0
        return rows[keep], columns[keep], np.ones(int(keep.sum()))


class SavedLogistic:
    """Logistic regression from its coefficients: ``predict_proba`` as scikit-learn's
    (the logistic function for two classes, the softmax for more)."""

    def __init__(self, classes: np.ndarray, coef: np.ndarray, intercept: np.ndarray):
        self.classes_ = classes
        self.coef_ = coef
        self.intercept_ = intercept

    def proba_from_decision(self, decision: np.ndarray) -> np.ndarray:
        if len(self.classes_) <= 2:
            positive = 1.0 / (1.0 + np.exp(-decision[:, 0]))
            return np.stack([1 - positive, positive], axis=1)
        decision = decision - decision.max(axis=1, keepdims=True)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.proba_from_decision(X @ self.coef_.T + self.intercept_)


class SavedPipeline:
    """One saved pipeline (the joint model, a subject's or the speaker-level one): its
    views, each view's TF-IDF and the logistic regression over their features."""

    def __init__(self, views: list[tuple[object, SavedTfidf]], classifier: SavedLogistic):
        width = sum(tfidf.width for _, tfidf in views)
        if classifier.coef_.shape[1] != width:
            raise ValueError(f"coefficients {classifier.coef_.shape} do not fit {width} features")
        self.views = views
        self.classifier = classifier
        self.classes_ = classifier.classes_

    def predict_proba(self, records: list) -> np.ndarray:
        """Each row's decision summed over its entries in the order of scikit-learn's
        stacked matrix (by row, then column: view after view), so the sums round alike."""
        n = len(records)
        parts, offset = [], 0
        for view, tfidf in self.views:
            rows, columns, values = tfidf.rows(view.documents(records))
            parts.append((rows, columns + offset, values))
            offset += tfidf.width
        rows, columns, values = _row_major(parts, n)
        coef = self.classifier.coef_
        decision = np.stack(
            [np.bincount(rows, weights=values * coef[j, columns], minlength=n)
             for j in range(coef.shape[0])],
            axis=1,
        )  # fmt: skip
        return self.classifier.proba_from_decision(decision + self.classifier.intercept_)


def _row_major(parts: list[tuple[np.ndarray, ...]], n: int) -> tuple[np.ndarray, ...]:
    """Merge blocks of (row, column, value) entries, each by row, into one by row with
    the blocks' entries in block order inside each row (without sorting)."""
    counts = [np.bincount(rows, minlength=n) for rows, _, _ in parts]
    starts = np.concatenate(([0], np.cumsum(sum(counts))[:-1]))
    total = sum(len(rows) for rows, _, _ in parts)
    merged = [np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64), np.empty(total)]
    before = np.zeros(n, dtype=np.int64)
    for (rows, columns, values), count in zip(parts, counts, strict=True):
        block_starts = np.cumsum(count) - count
        at = starts[rows] + before[rows] + np.arange(len(rows)) - block_starts[rows]
        for out, part in zip(merged, (rows, columns, values), strict=True):
            out[at] = part
        before += count
    return tuple(merged)


class SavedModel(Predicting):
    """A saved :class:`~stance.model.StanceClassifier`, predicting with numpy alone
    (``stance.persist.load_scorer`` builds it). Same ``classes_``, ``route``,
    ``predict_proba``, ``speaker_proba`` and ``predict`` as the estimator."""

    def __init__(self, *, classes, joint, subject_models=None, speaker=None, stack=None,
                 speaker_model=False):  # fmt: skip
        self.classes_ = np.asarray(classes, dtype=object)
        self.joint_ = joint
        self.subject_models_ = dict(subject_models or {})
        self.speaker_ = speaker
        self.stack_ = stack
        self.speaker_model = speaker_model
