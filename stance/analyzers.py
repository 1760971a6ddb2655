"""scikit-learn's text analysers (``word``, ``char``, ``char_wb``), without scikit-learn.

A saved model is read by :mod:`stance.scoring` without importing scikit-learn, whose
import is most of the time to a first prediction; it must split text into exactly the
terms ``TfidfVectorizer.build_analyzer()`` gives (``tests/test_analyzers.py`` compares
them on varied Unicode text). The n-gram loops follow scikit-learn's
(``sklearn/feature_extraction/text.py``, BSD-3-Clause), for the options our views use:
no accent stripping, no stop words, no custom preprocessor or tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ANALYZERS = ("word", "char", "char_wb")
WHITE_SPACES = re.compile(r"\s\s+")
#: scikit-learn's default token pattern.
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """The tokens' n-grams, joined by a space, in scikit-learn's order."""
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    original = tokens
    if min_n == 1:
        tokens = list(original)
        min_n += 1
    else:
        tokens = []
    for n in range(min_n, min(max_n + 1, len(original) + 1)):
        for i in range(len(original) - n + 1):
            tokens.append(" ".join(original[i : i + n]))
    return tokens


def char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams across the whole text (runs of whitespace made one space)."""
    text = WHITE_SPACES.sub(" ", text)
    min_n, max_n = ngram_range
    if min_n == 1:
        ngrams = list(text)
        min_n += 1
    else:
        ngrams = []
    for n in range(min_n, min(max_n + 1, len(text) + 1)):
        for i in range(len(text) - n + 1):
            ngrams.append(text[i : i + n])
    return ngrams


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams inside words, each word padded with one space."""
    text = WHITE_SPACES.sub(" ", text)
    min_n, max_n = ngram_range
    ngrams = []
    for word in text.split():
        word = f" {word} "
        for n in range(min_n, max_n + 1):
            offset = 0
            ngrams.append(word[offset : offset + n])
            while offset + n < len(word):
                offset += 1
                ngrams.append(word[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return ngrams


def build_analyzer(
    *,
    analyzer: str = "word",
    ngram_range: tuple[int, int] = (1, 1),
    token_pattern: str | None = DEFAULT_TOKEN_PATTERN,
    lowercase: bool = True,
) -> Callable[[str], list[str]]:
    """document -> its terms, as ``TfidfVectorizer(...).build_analyzer()`` with these options."""
    if analyzer not in ANALYZERS:
        raise ValueError(f"analyzer must be one of {ANALYZERS}, got {analyzer!r}")
    ngram_range = tuple(ngram_range)

    def prepare(document: str) -> str:
        return document.lower() if lowercase else document

    if analyzer == "char":
        return lambda document: char_ngrams(prepare(document), ngram_range)
    if analyzer == "char_wb":
        return lambda document: char_wb_ngrams(prepare(document), ngram_range)
    pattern = re.compile(token_pattern if token_pattern is not None else DEFAULT_TOKEN_PATTERN)
    if pattern.groups > 1:
        raise ValueError("More than 1 capturing group in token pattern")
    tokenize = pattern.findall
    return lambda document: word_ngrams(tokenize(prepare(document)), ngram_range)
