"""Text -> feature transformers. They know scikit-learn, nothing about files or runs.

The model's input is a sequence of records (anything with ``text``, ``subject`` and
``span`` attributes). :class:`RecordText` turns each record into the string one
vectorizer reads ("a view"); every vectorizer is a plain ``TfidfVectorizer``, so a
fitted model is only vocabularies, idf values and coefficients (see ``persist``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from stance.records import Record

VIEWS = ("text", "subject", "subject_words", "mention_window")
MENTION_MODES = ("none", "mark", "mask")
WORD = re.compile(r"(?u)\w+|[!?]")
HASHTAG = re.compile(r"#(\w+)")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
TARGET_TOKEN = "TARGETMENTION"
NO_MENTION = "NO_MENTION"  # the window view of a record whose subject is not marked


def as_records(X: Sequence) -> list:
    """Accept records (or duck-typed equivalents) or plain strings (no subject)."""
    return [Record(id=str(i), text=x) if isinstance(x, str) else x for i, x in enumerate(X)]


def subject_key(subject: str) -> str:
    """A token that stands for a subject inside conjoined features."""
    return re.sub(r"\W+", "_", subject.strip().lower()) or "_"


class RecordText(TransformerMixin, BaseEstimator):
    """Turn records into the strings of one feature view. Learns nothing.

    Parameters
    ----------
    view : "text" (the sentence), "subject" (the subject's name as one token),
        "subject_words" (every word prefixed by the subject, so a joint model can learn
        subject-specific word weights beside the shared ones), or "mention_window" (the
        words left and right of the subject's mention, prefixed ``L_``/``R_``).
    mention : how the subject's mention (``span``) appears in the text view: "none"
        (as written), "mark" (bracketed by a marker token), "mask" (replaced by it).
    window : how many words on each side the "mention_window" view keeps.
    split_hashtags : also emit the words of ``#CamelCase`` hashtags.
    """

    def __init__(self, *, view="text", mention="none", window=4, split_hashtags=False):
        self.view = view
        self.mention = mention
        self.window = window
        self.split_hashtags = split_hashtags

    def fit(self, X, y=None):
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, got {self.view!r}")
        if self.mention not in MENTION_MODES:
            raise ValueError(f"mention must be one of {MENTION_MODES}, got {self.mention!r}")
        return self

    def transform(self, X):
        make = getattr(self, f"_{self.view}")
        return [make(record) for record in as_records(X)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _text(self, record) -> str:
        text = record.text
        span = getattr(record, "span", None)
        if span and self.mention != "none":
            start, end = span
            inner = "" if self.mention == "mask" else f" {text[start:end]} "
            text = f"{text[:start]} {TARGET_TOKEN}{inner}{TARGET_TOKEN} {text[end:]}"
        if self.split_hashtags:
            text = HASHTAG.sub(lambda m: f"#{m.group(1)} {CAMEL.sub(' ', m.group(1))}", text)
        return text

    def _subject(self, record) -> str:
        return subject_key(record.subject)

    def _subject_words(self, record) -> str:
        key = subject_key(record.subject)
        return " ".join(f"{key}|{word}" for word in WORD.findall(self._text(record).lower()))

    def _mention_window(self, record) -> str:
        span = getattr(record, "span", None)
        if not span:
            return NO_MENTION
        left = WORD.findall(record.text[: span[0]].lower())[-self.window :] if self.window else []
        right = WORD.findall(record.text[span[1] :].lower())[: self.window]
        return " ".join([f"L_{w}" for w in left] + [f"R_{w}" for w in right])


def build_features(
    *,
    word_ngram_range=(1, 2),
    char_ngram_range=(2, 5),
    word_features=True,
    char_features=True,
    subject_features=True,
    mention="none",
    window=0,
    split_hashtags=False,
    sublinear_tf=True,
    min_df=1,
    max_features=None,
) -> FeatureUnion:
    """The union of the feature views a config asks for."""

    def view(name, vectorizer, **text_params):
        return (name, Pipeline([("text", RecordText(**text_params)), ("tfidf", vectorizer)]))

    shared = dict(mention=mention, split_hashtags=split_hashtags)
    tf = dict(sublinear_tf=sublinear_tf, min_df=min_df, max_features=max_features)
    parts = []
    if word_features:
        parts.append(
            view(
                "word",
                TfidfVectorizer(
                    ngram_range=tuple(word_ngram_range), token_pattern=WORD.pattern, **tf
                ),
                view="text",
                **shared,
            )
        )
    if char_features:
        parts.append(
            view(
                "char",
                TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(char_ngram_range), **tf),
                view="text",
                **shared,
            )
        )
    if subject_features:
        parts.append(
            view(
                "subject",
                TfidfVectorizer(token_pattern=r"\S+", lowercase=False, use_idf=False),
                view="subject",
            )
        )
        parts.append(
            view(
                "subject_words",
                TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=sublinear_tf),
                view="subject_words",
                **shared,
            )
        )
    if window:
        parts.append(
            view(
                "mention_window",
                TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=sublinear_tf),
                view="mention_window",
                window=window,
            )
        )
    if not parts:
        raise ValueError("no feature view is switched on (word, char, subject or window)")
    return FeatureUnion(parts)
