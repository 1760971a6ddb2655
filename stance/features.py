"""Text -> feature transformers. They know scikit-learn, nothing about files or runs.

The model's input is a sequence of records (anything with ``text``, ``subject`` and
``span`` attributes). :class:`RecordText` turns each record into the string one
vectorizer reads ("a view"); every vectorizer is a plain ``TfidfVectorizer``, so a
fitted model is only vocabularies, idf values and coefficients (see ``persist``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from stance.records import Record

VIEWS = (
    "text",
    "subject",
    "subject_words",
    "subject_ngrams",
    "mention_window",
    "mention_clause",
)
MENTION_MODES = ("none", "mark", "mask")
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
    """A token that stands for a subject inside conjoined features."""
    return re.sub(r"\W+", "_", subject.strip().lower()) or "_"


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


class RecordText(TransformerMixin, BaseEstimator):
    """Turn records into the strings of one feature view. Learns nothing.

    Parameters
    ----------
    view : "text" (the sentence), "subject" (the subject's name as one token),
        "subject_words" (every word prefixed by the subject, so a joint model can learn
        subject-specific word weights beside the shared ones), "subject_ngrams" (every
        n-gram of ``analyzer`` and ``ngram_range`` prefixed by the subject, one term a
        line), "mention_window" (the words left and right of the subject's mention,
        prefixed ``L_``/``R_``), "mention_clause" (the words of the clause that holds the
        mention, prefixed ``C_``).
    mention : how the subject's mention (``span``) appears in the text view: "none"
        (as written), "mark" (bracketed by a marker token), "mask" (replaced by it).
    others : the same for the other marked mentions of the same sentence in the batch
        (records with the same text and another span), with their own marker token;
        the batch is what ``transform`` is given, so they are marked only when the
        other records come along (as in cross-validation and ``stance train``).
    window : how many words on each side the "mention_window" view keeps.
    split_hashtags : also emit the words of ``#CamelCase`` hashtags.
    strip : a regular expression removed from the text first ("" keeps all).
    normalize : any of "urls", "users" (@mentions), "numbers", "elongations"
        ("soooo" -> "soo"): replaced by a placeholder in the text views.
    negation : prefix ``neg_`` to the words after a negation cue up to the next
        punctuation (meant for the word view).
    analyzer, ngram_range : the n-grams of the "subject_ngrams" view ("word", "char" or
        "char_wb"), as in ``TfidfVectorizer``.
    """

    def __init__(
        self,
        *,
        view="text",
        mention="none",
        others="none",
        window=4,
        split_hashtags=False,
        strip="",
        normalize=(),
        negation=False,
        analyzer="word",
        ngram_range=(1, 1),
    ):
        self.view = view
        self.mention = mention
        self.others = others
        self.window = window
        self.split_hashtags = split_hashtags
        self.strip = strip
        self.normalize = normalize
        self.negation = negation
        self.analyzer = analyzer
        self.ngram_range = ngram_range

    def fit(self, X, y=None):
        self._check()
        return self

    def _check(self):
        checks = (
            ("view", self.view, VIEWS),
            ("mention", self.mention, MENTION_MODES),
            ("others", self.others, MENTION_MODES),
            ("analyzer", self.analyzer, ("word",) + CHAR_ANALYZERS),
        )
        for name, value, allowed in checks:
            if value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
        unknown = set(self.normalize) - set(NORMALIZATIONS)
        if unknown:
            raise ValueError(f"normalize takes {NORMALIZATIONS}, got {sorted(unknown)}")
        try:
            re.compile(self.strip)
        except re.error as error:
            raise ValueError(f"strip is not a regular expression ({error})") from None

    def transform(self, X):
        self._check()
        records = as_records(X)
        others = defaultdict(set)  # text -> the mention spans of every record with it
        if self.others != "none":
            for record in records:
                span = getattr(record, "span", None)
                if span:
                    others[record.text].add(tuple(span))
        if self.view == "subject_ngrams":
            analyze = TfidfVectorizer(
                analyzer=self.analyzer,
                ngram_range=tuple(self.ngram_range),
                token_pattern=WORD.pattern,
            ).build_analyzer()
            return [self._subject_ngrams(record, others, analyze) for record in records]
        make = getattr(self, f"_{self.view}")
        return [make(record, others) for record in records]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _marked(self, record, others) -> str:
        """The text with the subject's (and the other targets') mentions marked."""
        text = record.text
        span = getattr(record, "span", None)
        edits = []
        if span and self.mention != "none":
            edits.append((span, TARGET_TOKEN, self.mention))
        if span and self.others != "none":
            for other in others.get(text, ()):
                if other[1] <= span[0] or other[0] >= span[1]:
                    edits.append((other, OTHER_TOKEN, self.others))
        # Right to left, so earlier offsets stay valid; overlapping mentions are skipped.
        limit = len(text) + 1
        for (start, end), token, mode in sorted(edits, key=lambda e: -e[0][0]):
            if end > limit:
                continue
            inner = "" if mode == "mask" else f" {text[start:end]} "
            text = f"{text[:start]} {token}{inner}{token} {text[end:]}"
            limit = start
        return text

    def _text(self, record, others=None) -> str:
        text = self._marked(record, others or {})
        if self.strip:
            text = re.sub(self.strip, " ", text)
        for name in self.normalize:
            pattern, replacement = NORMALIZERS[name]
            text = pattern.sub(replacement, text)
        if self.split_hashtags:
            text = HASHTAG.sub(lambda m: f"#{m.group(1)} {CAMEL.sub(' ', m.group(1))}", text)
        if self.negation:
            text = mark_negation(text)
        return text

    def _subject(self, record, others) -> str:
        return subject_key(record.subject)

    def _subject_words(self, record, others) -> str:
        key = subject_key(record.subject)
        words = WORD.findall(self._text(record, others).lower())
        return " ".join(f"{key}|{word}" for word in words)

    def _subject_ngrams(self, record, others, analyze) -> str:
        key = subject_key(record.subject)
        terms = analyze(self._text(record, others).replace(TERM_SEPARATOR, " "))
        return TERM_SEPARATOR.join(f"{key}|{term}" for term in terms)

    def _mention_window(self, record, others) -> str:
        span = getattr(record, "span", None)
        if not span:
            return NO_MENTION
        left = WORD.findall(record.text[: span[0]].lower())[-self.window :] if self.window else []
        right = WORD.findall(record.text[span[1] :].lower())[: self.window]
        return " ".join([f"L_{w}" for w in left] + [f"R_{w}" for w in right])

    def _mention_clause(self, record, others) -> str:
        span = getattr(record, "span", None)
        if not span:
            return NO_MENTION
        text = record.text
        breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(text)]
        start = max([e for s, e in breaks if e <= span[0]], default=0)
        end = min([s for s, e in breaks if s >= span[1]], default=len(text))
        words = WORD.findall(f"{text[start : span[0]]} {text[span[1] : end]}".lower())
        return " ".join(f"C_{word}" for word in words) or "C_EMPTY"


def build_features(
    *,
    word_ngram_range=(1, 2),
    char_ngram_range=(2, 5),
    word_features=True,
    char_features=True,
    char_analyzer="char_wb",
    subject_features=True,
    subject_ngrams=False,
    subject_weight=1.0,
    mention="none",
    others="none",
    window=0,
    window_weight=1.0,
    window_ngrams=1,
    window_chars=False,
    clause=False,
    split_hashtags=False,
    strip="",
    normalize=(),
    negation=False,
    sublinear_tf=True,
    min_df=1,
    max_features=None,
) -> FeatureUnion:
    """The union of the feature views a config asks for."""
    parts, weights = [], {}

    def view(name, vectorizer, weight=1.0, **text_params):
        parts.append(
            (
                name,
                Pipeline([("text", RecordText(**text_params)), ("tfidf", vectorizer)]),
            )
        )
        if weight != 1.0:
            weights[name] = weight

    shared = dict(
        mention=mention,
        others=others,
        split_hashtags=split_hashtags,
        strip=strip,
        normalize=tuple(normalize),
    )
    tf = dict(sublinear_tf=sublinear_tf, min_df=min_df, max_features=max_features)
    tokens = dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=sublinear_tf)
    lines = dict(token_pattern=r"[^\n]+", lowercase=False, **tf)
    word = dict(ngram_range=tuple(word_ngram_range), token_pattern=WORD.pattern)
    char = dict(analyzer=char_analyzer, ngram_range=tuple(char_ngram_range))
    if word_features:
        view(
            "word",
            TfidfVectorizer(**word, **tf),
            view="text",
            negation=negation,
            **shared,
        )
    if char_features:
        view("char", TfidfVectorizer(**char, **tf), view="text", **shared)
    if subject_features:
        view(
            "subject",
            TfidfVectorizer(token_pattern=r"\S+", lowercase=False, use_idf=False),
            view="subject",
        )
        if not subject_ngrams:
            view(
                "subject_words",
                TfidfVectorizer(**tokens),
                subject_weight,
                view="subject_words",
                **shared,
            )
        else:
            if word_features:
                view(
                    "subject_word_ngrams",
                    TfidfVectorizer(**lines),
                    subject_weight,
                    view="subject_ngrams",
                    analyzer="word",
                    ngram_range=tuple(word_ngram_range),
                    negation=negation,
                    **shared,
                )
            if char_features:
                view(
                    "subject_char_ngrams",
                    TfidfVectorizer(**lines),
                    subject_weight,
                    view="subject_ngrams",
                    analyzer=char_analyzer,
                    ngram_range=tuple(char_ngram_range),
                    **shared,
                )
    if window:
        around = dict(view="mention_window", window=window)
        ngrams = (1, max(1, window_ngrams))
        view(
            "mention_window",
            TfidfVectorizer(**tokens, ngram_range=ngrams),
            window_weight,
            **around,
        )
        if window_chars:
            view(
                "mention_window_chars",
                TfidfVectorizer(**char, **tf),
                window_weight,
                **around,
            )
    if clause:
        view(
            "mention_clause",
            TfidfVectorizer(**tokens),
            window_weight,
            view="mention_clause",
        )
    if not parts:
        raise ValueError("no feature view is switched on (word, char, subject or window)")
    return FeatureUnion(parts, transformer_weights=weights or None)
