import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from stance import vectorize
from stance.vectorize import CachedTfidfVectorizer

TRAIN = [
    "The council said the charge would ruin the high street.",
    "Critics said the charge was a tax on the poor; the mayor disagreed.",
    "",
    "Shops welcomed the plan, the chamber said.",
    "The mayor said the charge would cut traffic by a fifth.",
    "The mayor said the charge would cut traffic by a fifth.",
]
NEW = ["Nobody mentioned the zebra.", "The charge, the council said, would ruin shops.", ""]
SETTINGS = [
    {},
    {"analyzer": "char_wb", "ngram_range": (2, 5)},
    {"analyzer": "char", "ngram_range": (1, 3), "lowercase": False},
    {"ngram_range": (1, 2), "sublinear_tf": True, "min_df": 2},
    {"max_features": 7, "stop_words": ["the", "a"]},
    {"use_idf": False, "token_pattern": r"\S+"},
]


def same(a, b):
    assert a.shape == b.shape
    assert abs(a - b).max() == 0 if a.nnz or b.nnz else True


def same_as_scikit_learn(settings, fitted, unseen):
    """Fit both vectorizers twice (the second time served from the caches) and compare
    everything they learn and produce."""
    vectorize.clear_cache()
    for _ in range(2):
        ours = CachedTfidfVectorizer(**settings)
        theirs = TfidfVectorizer(**settings)
        same(ours.fit_transform(fitted), theirs.fit_transform(fitted))
        assert ours.vocabulary_ == theirs.vocabulary_
        if theirs.use_idf:
            assert np.array_equal(ours.idf_, theirs.idf_)
        same(ours.transform(unseen), theirs.transform(unseen))
        same(ours.transform(fitted[::-1]), theirs.transform(fitted[::-1]))
    vectorize.clear_cache()  # as in a process that loads a model and only predicts
    for _ in range(2):
        same(ours.transform(unseen + fitted), theirs.transform(unseen + fitted))


@pytest.mark.parametrize("settings", SETTINGS)
def test_same_vocabulary_weights_and_matrices_as_scikit_learn(settings):
    same_as_scikit_learn(settings, TRAIN, NEW)


def test_fits_on_parts_of_the_data_see_only_their_own_terms():
    vectorize.clear_cache()
    CachedTfidfVectorizer().fit(TRAIN + NEW)  # every term cached
    ours = CachedTfidfVectorizer().fit(TRAIN[:2])
    theirs = TfidfVectorizer().fit(TRAIN[:2])
    assert ours.vocabulary_ == theirs.vocabulary_
    same(ours.transform(TRAIN), theirs.transform(TRAIN))


def test_a_full_cache_starts_again_without_changing_results(monkeypatch):
    vectorize.clear_cache()
    monkeypatch.setattr(vectorize, "MAX_DOCUMENTS", 2)
    ours = CachedTfidfVectorizer().fit(TRAIN)
    theirs = TfidfVectorizer().fit(TRAIN)
    for _ in range(3):
        same(ours.transform(NEW + TRAIN), theirs.transform(NEW + TRAIN))


def test_empty_vocabulary_is_the_same_error():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CachedTfidfVectorizer().fit(["", "  "])


def test_a_callable_analyser_is_not_cached():
    ours = CachedTfidfVectorizer(analyzer=str.split).fit(TRAIN)
    assert ours.vocabulary_ == TfidfVectorizer(analyzer=str.split).fit(TRAIN).vocabulary_


UNICODE = [
    "Café déjà vu: naïve coöperation, Ångström and façade.",
    "Cafe\u0301 with a combining accent, e\u0300 and n\u0303",
    "東京都の知事は、計画を支持すると述べた。 北京 上海",
    "Emoji 👍🏽 and flags 🇬🇧 and family 👨‍👩‍👧 in a row 🎉🎉",
    "Tabs\tand\nnewlines\r\nand\u00a0non-breaking\u2009thin\u3000ideographic   spaces",
    "ΟΔΟΣ Σίσυφος ΣΟΦΟΣ, Straße, İstanbul, ǅemal",
    "",
    "   ",
    "a",
    "I",
    "x y z",
    "\u200bzero\u200bwidth\u2028line\u2029separators\x1cfile\x85next",
    "Repeated repeated REPEATED words words, aaaa bbbbbb.",
]
CHAR_WB_SETTINGS = [
    {"ngram_range": (2, 5)},
    {"ngram_range": (1, 1)},
    {"ngram_range": (1, 3), "lowercase": False},
    {"ngram_range": (3, 3), "strip_accents": "unicode"},
    {"ngram_range": (2, 4), "strip_accents": "ascii", "sublinear_tf": True},
    {"ngram_range": (2, 6), "min_df": 2, "max_features": 40},
    {"ngram_range": (4, 7), "use_idf": False, "norm": None},
]


@pytest.mark.parametrize("settings", CHAR_WB_SETTINGS)
def test_char_wb_words_give_scikit_learns_matrices_on_unicode_text(settings):
    unseen = [text.swapcase() + " 🙂 ñandú" for text in UNICODE] + TRAIN
    same_as_scikit_learn({"analyzer": "char_wb", **settings}, UNICODE, unseen)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fitted=st.lists(st.text(max_size=40), min_size=1, max_size=6),
    unseen=st.lists(st.text(max_size=40), max_size=4),
    low=st.integers(1, 4),
    extra=st.integers(0, 3),
    lowercase=st.booleans(),
)
def test_char_wb_equals_scikit_learn_on_any_text(fitted, unseen, low, extra, lowercase):
    options = {"analyzer": "char_wb", "ngram_range": (low, low + extra), "lowercase": lowercase}
    try:
        expected = TfidfVectorizer(**options).fit(fitted)
    except ValueError:  # nothing to learn from: ours must refuse the same way
        with pytest.raises(ValueError, match="empty vocabulary"):
            CachedTfidfVectorizer(**options).fit(fitted)
        return
    ours = CachedTfidfVectorizer(**options).fit(fitted)
    assert ours.vocabulary_ == expected.vocabulary_
    assert np.array_equal(ours.idf_, expected.idf_)
    same(ours.transform(unseen + fitted), expected.transform(unseen + fitted))
    vectorize.clear_cache()  # as in a process that loads a model and only predicts
    same(ours.transform(unseen + fitted), expected.transform(unseen + fitted))


def test_new_text_after_other_fits_still_maps_to_the_fitted_columns():
    """A fitted vectorizer keeps its term-to-column map between batches; terms that
    other fits add to the shared cache later must not shift it."""
    vectorize.clear_cache()
    ours = CachedTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN)
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN)
    same(ours.transform(TRAIN), theirs.transform(TRAIN))
    CachedTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(UNICODE + NEW)
    same(ours.transform(NEW + TRAIN + UNICODE), theirs.transform(NEW + TRAIN + UNICODE))


def test_a_full_word_cache_starts_again_without_changing_results(monkeypatch):
    vectorize.clear_cache()
    monkeypatch.setattr(vectorize, "MAX_WORDS", 3)
    ours = CachedTfidfVectorizer(analyzer="char_wb").fit(TRAIN + UNICODE)
    theirs = TfidfVectorizer(analyzer="char_wb").fit(TRAIN + UNICODE)
    assert ours.vocabulary_ == theirs.vocabulary_
    for _ in range(2):
        same(ours.transform(NEW + UNICODE), theirs.transform(NEW + UNICODE))


def test_a_copied_vectorizer_transforms_like_the_original():
    ours = CachedTfidfVectorizer(analyzer="char_wb").fit(TRAIN)
    ours.transform(NEW)  # fills the vectorizer's own caches
    copy = pickle.loads(pickle.dumps(ours))
    assert "_new_word_columns" not in copy.__dict__
    same(copy.transform(NEW + UNICODE), ours.transform(NEW + UNICODE))


def test_a_missing_document_is_scikit_learns_error():
    with pytest.raises(ValueError, match="np.nan is an invalid document"):
        CachedTfidfVectorizer(analyzer="char_wb").fit(["a text", np.nan])
