"""Feature views: each turns a batch of records into one block of TF-IDF features.

A view is a small transformer with its own parameters, following scikit-learn's estimator
API: it makes one string per record (:meth:`View.documents`) and vectorises it with a
``TfidfVectorizer`` of :meth:`View.vectorizer_options`. Views are plain Python (they
import scikit-learn only to fit or transform), so :mod:`stance.scoring` can make a saved
model's documents and predict without scikit-learn. The
classifier's feature set is a list of views (``[[model.views]]`` in a config), so a new
idea is one new class. A fitted view is only its vectorizer's vocabulary and idf
weights, which is all ``stance.persist`` saves. Views that read context (the speaker's
other statements, neighbouring sentences) take it from the other records of the same
article in the batch: records of one article must be given together.

The sentence views live here; the context views in ``stance.context``.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import ClassVar

from stance.analyzers import build_analyzer
from stance.records import Record

MENTION_MODES = ("none", "mark", "mask")
#: What a sentence view reads: the whole sentence, or only its speaker's content span.
UNITS = ("sentence", "content")
CHAR_ANALYZERS = ("char_wb", "char")
NORMALIZATIONS = ("urls", "users", "numbers", "elongations")
WORD = re.compile(r"(?u)\w+|[!?]")
HASHTAG = re.compile(r"#(\w+)")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
TARGET_TOKEN = "TARGETMENTION"
OTHER_TOKEN = "OTHERTARGET"
NO_MENTION = "NO_MENTION"  # the window view of a record whose subject is not marked
#: Token separator of views whose terms may contain spaces (character n-grams).
TERM_SEPARATOR = "\n"
NORMALIZERS = {
    "urls": (re.compile(r"https?://\S+|www\.\S+"), " URL "),
    "users": (re.compile(r"@\w+"), " @USER "),
    "numbers": (re.compile(r"\d+(?:[.,]\d+)*"), "0"),
    "elongations": (re.compile(r"(\w)\1{2,}"), r"\1\1"),
}
NEGATION = re.compile(
    r"(?i)^(?:not|no|never|cannot|nothing|nobody|none|neither|nor|without|\w+n't|\w+nt)$"
)
SCOPE_TOKEN = re.compile(r"(?u)\w+(?:'\w+)?|[^\w\s]")
SCOPE_END = re.compile(r"^[.,:;!?()\[\]\"“”]$")
CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\"“”—–]|\s-\s|\b(?:but|while|although|though|whereas|because|however|"
    r"which|who|whom|that|after|before|when|if|unless|as)\b",
    re.IGNORECASE,
)


def as_records(X: Sequence) -> list:
    """Accept records (or duck-typed equivalents) or plain strings (no subject)."""
    return [Record(id=str(i), text=x) if isinstance(x, str) else x for i, x in enumerate(X)]


def subject_key(subject: str) -> str:
    """A token that stands for a subject inside conjoined features (normalised, so
    "The Congestion Charge" and "congestion charge" are one subject)."""
    from stance.subjects import normalise_subject

    return normalise_subject(subject).replace(" ", "_") or "_"


def mark_negation(text: str) -> str:
    """Prefix ``neg_`` to the words after a negation cue, up to the next punctuation."""
    out, scope = [], False
    for token in SCOPE_TOKEN.findall(text):
        if SCOPE_END.match(token):
            scope = False
            out.append(token)
        elif NEGATION.match(token):
            scope = True
            out.append(token)
        else:
            out.append(f"neg_{token}" if scope and token[0].isalnum() else token)
    return " ".join(out)


def mark_mentions(record, others: dict, *, mention: str, other_mode: str) -> str:
    """The text with the subject's mention (``span``) and other targets' mentions marked."""
    text = record.text
    span = getattr(record, "span", None)
    edits = []
    if span and mention != "none":
        edits.append((span, TARGET_TOKEN, mention))
    if span and other_mode != "none":
        for other in others.get(text, ()):
            if other[1] <= span[0] or other[0] >= span[1]:
                edits.append((other, OTHER_TOKEN, other_mode))
    # Right to left, so earlier offsets stay valid; overlapping mentions are skipped.
    limit = len(text) + 1
    for (start, end), token, mode in sorted(edits, key=lambda e: -e[0][0]):
        if end > limit:
            continue
        inner = "" if mode == "mask" else f" {text[start:end]} "
        text = f"{text[:start]} {token}{inner}{token} {text[end:]}"
        limit = start
    return text


def content_record(record):
    """The record cut to its content span (see :func:`stance.attribution.relations.
    content_span`), with the subject's mention moved along, or dropped when cut off."""
    from dataclasses import replace

    from stance.attribution.relations import content_span

    start, end = content_span(record.text)
    if (start, end) == (0, len(record.text)):
        return record
    span = getattr(record, "span", None)
    if span is not None:
        span = (span[0] - start, span[1] - start) if start <= span[0] and span[1] <= end else None
    try:
        return replace(record, text=record.text[start:end], span=span)
    except TypeError:  # a duck-typed record
        return Record(id="", text=record.text[start:end], doc=getattr(record, "doc", ""),
                      subject=getattr(record, "subject", ""), span=span)  # fmt: skip


def other_mentions(records: Sequence) -> dict:
    """text -> the mention spans of every record of the batch with that text."""
    found = defaultdict(set)
    for record in records:
        span = getattr(record, "span", None)
        if span:
            found[record.text].add(tuple(span))
    return found


class View:
    """Base of every view: records -> one string each -> TF-IDF (scaled by ``weight``).

    Subclasses set ``kind`` (the name used in configs), implement :meth:`documents`, and
    may override :meth:`vectorizer_options`. ``subject_specific`` views are left out of
    per-subject models, which see one subject only. Parameters are the keyword arguments
    of ``__init__``, stored under their own names (scikit-learn's convention, so ``clone``,
    ``get_params`` and ``set_params`` work as on any estimator).
    """

    kind: ClassVar[str] = ""
    subject_specific: ClassVar[bool] = False

    def documents(self, records: list) -> list[str]:
        raise NotImplementedError

    def vectorizer_options(self) -> dict:
        """The ``TfidfVectorizer`` parameters of this view's features."""
        return dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)

    def make_vectorizer(self):
        from stance.vectorize import CachedTfidfVectorizer

        return CachedTfidfVectorizer(**self.vectorizer_options())

    def check(self) -> None:
        """Raise ValueError for a parameter value the view cannot use."""

    def prepare(self, X) -> None:
        """Analyse the records' documents into this process's caches, as a fit on them
        would, fitting nothing (see :meth:`stance.model.StanceClassifier.prepare`)."""
        self.check()
        remember = getattr(self.make_vectorizer(), "remember", None)
        documents = self.documents(as_records(X))
        if remember is not None:
            remember(documents)

    def fit(self, X, y=None):
        self.check()
        self.vectorizer_ = self.make_vectorizer().fit(self.documents(as_records(X)))
        return self

    def transform(self, X):
        return self._weighted(self._fitted().transform(self.documents(as_records(X))))

    def fit_transform(self, X, y=None):
        """``fit(X).transform(X)``, the same matrix, with the records' documents made once."""
        self.check()
        documents = self.documents(as_records(X))
        self.vectorizer_ = self.make_vectorizer().fit(documents)
        return self._weighted(self.vectorizer_.transform(documents))

    def _weighted(self, matrix):
        weight = getattr(self, "weight", 1.0)
        return matrix * weight if weight != 1.0 else matrix

    def get_feature_names_out(self, input_features=None):
        return self._fitted().get_feature_names_out()

    def _fitted(self):
        if not hasattr(self, "vectorizer_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")
        return self.vectorizer_

    @property
    def name(self) -> str:
        """The view's name inside the model (and in its saved files)."""
        return self.kind

    @classmethod
    def _parameter_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(p.name for p in signature.parameters.values() if p.kind == p.KEYWORD_ONLY)

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._parameter_names()}

    def set_params(self, **params):
        known = self._parameter_names()
        for name, value in params.items():
            if name not in known:
                raise ValueError(
                    f"invalid parameter {name!r} for view {self.kind!r} (known: {', '.join(known)})"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = type(self)().get_params()
        changed = {k: v for k, v in self.get_params().items() if v != defaults[k]}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    def __sklearn_tags__(self):
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            transformer_tags=TransformerTags(),
            input_tags=InputTags(string=True, two_d_array=False),
        )


def _tfidf_options(view) -> dict:
    return dict(
        sublinear_tf=view.sublinear_tf, min_df=view.min_df, max_features=view.max_features or None
    )


class _TextOptions:
    """Text preparation shared by the sentence views (mention marking, normalising, ...)."""

    def check(self) -> None:
        checks = (("mention", self.mention, MENTION_MODES), ("others", self.others, MENTION_MODES))
        for name, value, allowed in checks:
            if value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
        if getattr(self, "unit", "sentence") not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")
        unknown = set(self.normalize) - set(NORMALIZATIONS)
        if unknown:
            raise ValueError(f"normalize takes {NORMALIZATIONS}, got {sorted(unknown)}")
        try:
            re.compile(self.strip)
        except re.error as error:
            raise ValueError(f"strip is not a regular expression ({error})") from None

    def prepared(self, records: list, *, negation: bool = False) -> list[str]:
        if getattr(self, "unit", "sentence") == "content":
            records = [content_record(r) for r in records]
        others = other_mentions(records) if self.others != "none" else {}
        out = []
        for record in records:
            text = mark_mentions(record, others, mention=self.mention, other_mode=self.others)
            if self.strip:
                text = re.sub(self.strip, " ", text)
            for name in self.normalize:
                pattern, replacement = NORMALIZERS[name]
                text = pattern.sub(replacement, text)
            if self.split_hashtags:
                text = HASHTAG.sub(lambda m: f"#{m.group(1)} {CAMEL.sub(' ', m.group(1))}", text)
            if negation:
                text = mark_negation(text)
            out.append(text)
        return out


class WordView(_TextOptions, View):
    """Word n-grams of the sentence.

    Parameters: ``ngram_range``; ``unit`` ("sentence", or "content": only the words its
    speaker is responsible for, as attribution finds them); ``negation`` (prefix ``neg_``
    to words after a negation cue); ``mention``/``others`` ("none", "mark", "mask": how
    the subject's marked mention and other targets' mentions appear); ``split_hashtags``;
    ``strip`` (a regular expression removed first); ``normalize`` (any of urls, users,
    numbers, elongations);
    ``sublinear_tf``, ``min_df``, ``max_features``; ``weight``.
    """

    kind = "word"

    def __init__(
        self,
        *,
        ngram_range=(1, 2),
        unit="sentence",
        negation=False,
        mention="none",
        others="none",
        split_hashtags=False,
        strip="",
        normalize=(),
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        weight=1.0,
    ):
        self.ngram_range = ngram_range
        self.unit = unit
        self.negation = negation
        self.mention = mention
        self.others = others
        self.split_hashtags = split_hashtags
        self.strip = strip
        self.normalize = normalize
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.weight = weight

    def documents(self, records):
        return self.prepared(records, negation=self.negation)

    def vectorizer_options(self):
        return dict(
            ngram_range=tuple(self.ngram_range), token_pattern=WORD.pattern, **_tfidf_options(self)
        )


class CharView(_TextOptions, View):
    """Character n-grams of the sentence (``analyzer`` "char_wb" or "char")."""

    kind = "char"

    def __init__(
        self,
        *,
        ngram_range=(2, 5),
        unit="sentence",
        analyzer="char_wb",
        mention="none",
        others="none",
        split_hashtags=False,
        strip="",
        normalize=(),
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        weight=1.0,
    ):
        self.ngram_range = ngram_range
        self.unit = unit
        self.analyzer = analyzer
        self.mention = mention
        self.others = others
        self.split_hashtags = split_hashtags
        self.strip = strip
        self.normalize = normalize
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.weight = weight

    def check(self):
        super().check()
        if self.analyzer not in CHAR_ANALYZERS:
            raise ValueError(f"analyzer must be one of {CHAR_ANALYZERS}, got {self.analyzer!r}")

    def documents(self, records):
        return self.prepared(records)

    def vectorizer_options(self):
        return dict(
            analyzer=self.analyzer, ngram_range=tuple(self.ngram_range), **_tfidf_options(self)
        )


class SubjectView(View):
    """The subject itself as one feature, so the model can learn a per-subject prior."""

    kind = "subject"
    subject_specific = True

    def __init__(self, *, weight=1.0):
        self.weight = weight

    def documents(self, records):
        return [subject_key(r.subject) for r in records]

    def vectorizer_options(self):
        return dict(token_pattern=r"\S+", lowercase=False, use_idf=False)


class SubjectWordsView(_TextOptions, View):
    """Every word prefixed by the subject: subject-specific word weights beside shared ones."""

    kind = "subject_words"
    subject_specific = True

    def __init__(
        self,
        *,
        mention="none",
        others="none",
        split_hashtags=False,
        strip="",
        normalize=(),
        sublinear_tf=True,
        weight=1.0,
    ):
        self.mention = mention
        self.others = others
        self.split_hashtags = split_hashtags
        self.strip = strip
        self.normalize = normalize
        self.sublinear_tf = sublinear_tf
        self.weight = weight

    def documents(self, records):
        out = []
        for record, text in zip(records, self.prepared(records), strict=True):
            key = subject_key(record.subject)
            out.append(" ".join(f"{key}|{word}" for word in WORD.findall(text.lower())))
        return out

    def vectorizer_options(self):
        return dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=self.sublinear_tf)


#: (analyzer, ngram_range) -> (subject key, prepared text) -> the view's document. Every
#: fit and fold asks for the same records' documents again, and making one (every n-gram,
#: prefixed) was a third of a SemEval fit. The strings are those the vectorizer's cache
#: keeps anyway; emptied past ``MAX_SUBJECT_DOCUMENTS`` to bound memory.
_SUBJECT_DOCUMENTS: dict[tuple, dict[tuple[str, str], str]] = {}
MAX_SUBJECT_DOCUMENTS = 200_000


class SubjectNgramsView(_TextOptions, View):
    """Every word or character n-gram prefixed by the subject ("frustratingly easy"
    domain adaptation: a full subject-specific model beside the shared one)."""

    kind = "subject_ngrams"
    subject_specific = True

    def __init__(
        self,
        *,
        analyzer="word",
        ngram_range=(1, 2),
        negation=False,
        mention="none",
        others="none",
        split_hashtags=False,
        strip="",
        normalize=(),
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        weight=1.0,
    ):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.negation = negation
        self.mention = mention
        self.others = others
        self.split_hashtags = split_hashtags
        self.strip = strip
        self.normalize = normalize
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.weight = weight

    @property
    def name(self):
        return f"subject_{'word' if self.analyzer == 'word' else 'char'}_ngrams"

    def check(self):
        super().check()
        if self.analyzer not in ("word",) + CHAR_ANALYZERS:
            raise ValueError(f"analyzer must be word, char_wb or char, got {self.analyzer!r}")

    def documents(self, records):
        analyze = build_analyzer(
            analyzer=self.analyzer, ngram_range=tuple(self.ngram_range), token_pattern=WORD.pattern
        )
        negation = self.negation and self.analyzer == "word"
        made = _SUBJECT_DOCUMENTS.setdefault((self.analyzer, tuple(self.ngram_range)), {})
        out = []
        for record, text in zip(records, self.prepared(records, negation=negation), strict=True):
            key = subject_key(record.subject)
            document = made.get((key, text))
            if document is None:
                if len(made) >= MAX_SUBJECT_DOCUMENTS:
                    made.clear()
                terms = analyze(text.replace(TERM_SEPARATOR, " "))
                document = made[key, text] = TERM_SEPARATOR.join(f"{key}|{term}" for term in terms)
            out.append(document)
        return out

    def vectorizer_options(self):
        return dict(token_pattern=r"[^\n]+", lowercase=False, **_tfidf_options(self))


def _window_words(record, window: int) -> list[str] | None:
    span = getattr(record, "span", None)
    if not span:
        return None
    left = WORD.findall(record.text[: span[0]].lower())[-window:] if window else []
    right = WORD.findall(record.text[span[1] :].lower())[:window]
    return [f"L_{w}" for w in left] + [f"R_{w}" for w in right]


class MentionWindowView(View):
    """The words left and right of the subject's marked mention (``L_``/``R_``), as n-grams."""

    kind = "mention_window"

    def __init__(self, *, window=4, ngram_range=(1, 1), sublinear_tf=True, weight=1.0):
        self.window = window
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.weight = weight

    def documents(self, records):
        return [
            NO_MENTION if (w := _window_words(r, self.window)) is None else " ".join(w)
            for r in records
        ]

    def vectorizer_options(self):
        return dict(
            token_pattern=r"\S+",
            lowercase=False,
            sublinear_tf=self.sublinear_tf,
            ngram_range=tuple(self.ngram_range),
        )


class MentionWindowCharsView(View):
    """Character n-grams of the window words, so related word forms share weight."""

    kind = "mention_window_chars"

    def __init__(
        self,
        *,
        window=4,
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        weight=1.0,
    ):
        self.window = window
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.weight = weight

    def documents(self, records):
        return [
            NO_MENTION if (w := _window_words(r, self.window)) is None else " ".join(w)
            for r in records
        ]

    def vectorizer_options(self):
        return dict(
            analyzer=self.analyzer, ngram_range=tuple(self.ngram_range), **_tfidf_options(self)
        )


class MentionClauseView(View):
    """The words of the clause that holds the subject's marked mention (``C_``)."""

    kind = "mention_clause"

    def __init__(self, *, sublinear_tf=True, weight=1.0):
        self.sublinear_tf = sublinear_tf
        self.weight = weight

    def documents(self, records):
        return [self._clause(r) for r in records]

    @staticmethod
    def _clause(record) -> str:
        span = getattr(record, "span", None)
        if not span:
            return NO_MENTION
        text = record.text
        breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(text)]
        start = max([e for s, e in breaks if e <= span[0]], default=0)
        end = min([s for s, e in breaks if s >= span[1]], default=len(text))
        words = WORD.findall(f"{text[start : span[0]]} {text[span[1] : end]}".lower())
        return " ".join(f"C_{word}" for word in words) or "C_EMPTY"

    def vectorizer_options(self):
        return dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=self.sublinear_tf)
