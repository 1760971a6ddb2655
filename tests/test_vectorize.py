import numpy as np
import pytest
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


@pytest.mark.parametrize("settings", SETTINGS)
def test_same_vocabulary_weights_and_matrices_as_scikit_learn(settings):
    vectorize.clear_cache()
    for _ in range(2):  # the second round is served from the cache
        ours = CachedTfidfVectorizer(**settings)
        theirs = TfidfVectorizer(**settings)
        same(ours.fit_transform(TRAIN), theirs.fit_transform(TRAIN))
        assert ours.vocabulary_ == theirs.vocabulary_
        if theirs.use_idf:
            assert np.array_equal(ours.idf_, theirs.idf_)
        same(ours.transform(NEW), theirs.transform(NEW))
        same(ours.transform(TRAIN[::-1]), theirs.transform(TRAIN[::-1]))


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
