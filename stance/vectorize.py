"""A ``TfidfVectorizer`` that analyses each distinct document once per process.

Cross-validation, stacking (five inner folds inside every fit) and the speaker-level
model vectorise the same sentences many times over: with the shipped model, one fit of
WireStance 2 split the same 3,819 sentences into character n-grams dozens of times, and
that analysis and counting were two thirds of the training time. This vectorizer keeps,
per analyser configuration, every term it has met under a global id and every document it
has met as arrays of (term id, count); fitting and transforming then only remap ids. The
matrices, vocabularies and idf weights are exactly those of scikit-learn's vectorizer
(``tests/test_vectorize.py`` checks it), and a saved model does not depend on the cache.
"""

from __future__ import annotations

import threading
from collections import Counter

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

try:  # scikit-learn 1.8+: sparse arrays or matrices, as the global config says
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - older scikit-learn returns matrices

    def _align_api_if_sparse(X):
        return sp.csr_matrix(X)


#: Documents remembered per analyser configuration before that cache is emptied, which
#: bounds memory when a long stream of new text is predicted.
MAX_DOCUMENTS = 200_000

_LOCK = threading.Lock()
_CACHES: dict[tuple, _AnalysisCache] = {}


class _AnalysisCache:
    """Global term ids, and each document's (term ids, counts), for one analyser."""

    def __init__(self):
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.documents: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def counts(self, document: str, analyze) -> tuple[np.ndarray, np.ndarray]:
        found = self.documents.get(document)
        if found is not None:
            return found
        counted = Counter(analyze(document))
        with _LOCK:
            ids = np.fromiter(
                (self._term_id(term) for term in counted), dtype=np.int64, count=len(counted)
            )
            found = (ids, np.fromiter(counted.values(), dtype=np.int64, count=len(counted)))
            self.documents[document] = found
        return found

    def _term_id(self, term: str) -> int:
        index = self.term_ids.get(term)
        if index is None:
            index = self.term_ids[term] = len(self.terms)
            self.terms.append(term)
        return index


def clear_cache() -> None:
    """Forget every analysed document (the results never depend on the cache)."""
    with _LOCK:
        _CACHES.clear()


class CachedTfidfVectorizer(TfidfVectorizer):
    """scikit-learn's ``TfidfVectorizer``, same parameters and results, with analysis
    cached across fits (see the module's docstring). A callable analyser, tokenizer or
    preprocessor, or a file input, is not cached."""

    def _cache_key(self) -> tuple | None:
        if self.input != "content" or any(
            callable(part) for part in (self.analyzer, self.tokenizer, self.preprocessor)
        ):
            return None
        stop_words = self.stop_words
        if isinstance(stop_words, list | set | frozenset | tuple):
            stop_words = tuple(sorted(stop_words))
        return (
            self.analyzer, tuple(self.ngram_range), self.token_pattern, self.lowercase,
            self.strip_accents, stop_words, self.encoding, self.decode_error,
        )  # fmt: skip

    def _count_vocab(self, raw_documents, fixed_vocab):
        key = self._cache_key()
        if key is None:
            return super()._count_vocab(raw_documents, fixed_vocab)
        with _LOCK:
            cache = _CACHES.setdefault(key, _AnalysisCache())
        analyze = self.build_analyzer()
        rows = [cache.counts(document, analyze) for document in raw_documents]
        if len(cache.documents) > MAX_DOCUMENTS:
            with _LOCK:  # a fresh cache: this call keeps using the ids of the old one
                _CACHES[key] = _AnalysisCache()
        ids = np.concatenate([row[0] for row in rows]) if rows else np.zeros(0, np.int64)
        counts = np.concatenate([row[1] for row in rows]) if rows else np.zeros(0, np.int64)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(row[0]) for row in rows], out=indptr[1:])
        if fixed_vocab:
            vocabulary = self.vocabulary_
            columns = self._columns_of_vocabulary(cache, vocabulary)
        else:
            present = np.unique(ids)
            if not len(present):
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
            columns = np.full(len(cache.terms), -1, dtype=np.int64)
            columns[present] = np.arange(len(present))
            vocabulary = {cache.terms[i]: column for column, i in enumerate(present.tolist())}
        local = columns[ids]
        keep = local >= 0
        if not keep.all():  # terms outside a fixed vocabulary are ignored, as sklearn does
            row_of_entry = np.repeat(np.arange(len(rows)), np.diff(indptr))
            kept = np.bincount(row_of_entry[keep], minlength=len(rows))
            indptr = np.r_[0, np.cumsum(kept)]
            local, counts = local[keep], counts[keep]
        index_type = np.int32 if len(local) < np.iinfo(np.int32).max else np.int64
        X = sp.csr_array(
            (counts.astype(np.intc), local.astype(index_type), indptr.astype(index_type)),
            shape=(len(rows), len(vocabulary)),
            dtype=self.dtype,
        )
        X.sort_indices()
        return vocabulary, _align_api_if_sparse(X)

    @staticmethod
    def _columns_of_vocabulary(cache: _AnalysisCache, vocabulary: dict) -> np.ndarray:
        columns = np.full(len(cache.terms), -1, dtype=np.int64)
        for term, column in vocabulary.items():
            index = cache.term_ids.get(term)
            if index is not None:
                columns[index] = column
        return columns
