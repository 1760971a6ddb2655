"""A ``TfidfVectorizer`` that analyses each distinct document once per process.

Cross-validation, stacking (five inner folds inside every fit) and the speaker-level
model vectorise the same sentences many times over: with the shipped model, one fit of
WireStance 2 split the same 3,819 sentences into character n-grams dozens of times, and
that analysis and counting were two thirds of the training time. This vectorizer keeps,
per analyser configuration, every term it has met under a global id and every document it
has met as arrays of (term id, count); fitting and transforming then only remap ids. The
matrices, vocabularies and idf weights are exactly those of scikit-learn's vectorizer
(``tests/test_vectorize.py`` checks it), and a saved model does not depend on the cache.

``char_wb`` n-grams never cross a word boundary, so a document's n-grams are those of its
words, each padded with one space: each distinct word is split into n-grams once (a
bounded cache of words) and a batch's matrix is built from the words' term ids in one
step, instead of scikit-learn's per-character Python loop over every document. A fit
numbers its terms in the order scikit-learn meets them, so even the rounding of its
matrix is scikit-learn's. New text given to ``transform`` (prediction) is looked up
against the fitted vocabulary and not remembered beyond a bounded cache of words, so a
long stream of predictions keeps memory flat.
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
#: bounds memory when many different documents are fitted in one process.
MAX_DOCUMENTS = 200_000
#: Distinct words whose ``char_wb`` n-grams are remembered (per analyser configuration,
#: and per fitted vectorizer for new text) before that cache is emptied.
MAX_WORDS = 200_000
#: ``char_wb`` documents analysed together: bounds the temporary arrays of one step.
CHUNK = 2_000
#: How term ids and counts are kept (about 57 million of each at 100k NewsMTSC records).
STORED = np.int32

_LOCK = threading.Lock()
_CACHES: dict[tuple, _AnalysisCache] = {}
_NO_IDS = np.zeros(0, dtype=np.int64)


class _AnalysisCache:
    """Global term ids, each fitted document's (term ids, counts) and each ``char_wb``
    word's n-gram ids, for one analyser configuration."""

    def __init__(self):
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.documents: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.words: dict[str, np.ndarray] = {}
        self.ranks = _NO_IDS

    def term_ranks(self) -> np.ndarray:
        """Each term id's place among all the cache's terms in string order (Python's
        ordering, as scikit-learn sorts its vocabulary); sorted again only when terms
        were added since."""
        if len(self.ranks) < len(self.terms):
            terms = self.terms
            order = sorted(range(len(terms)), key=terms.__getitem__)
            ranks = np.empty(len(terms), dtype=np.int64)
            ranks[order] = np.arange(len(terms))
            self.ranks = ranks
        return self.ranks

    def counts(self, document: str, analyze) -> tuple[np.ndarray, np.ndarray]:
        """The document's term ids, in the order first met, and their counts."""
        found = self.documents.get(document)
        if found is not None:
            return found
        counted = Counter(analyze(document))
        with _LOCK:
            ids = np.fromiter(map(self.term_id, counted), dtype=STORED, count=len(counted))
            found = (ids, np.fromiter(counted.values(), dtype=STORED, count=len(counted)))
            self.documents[document] = found
        return found

    def term_id(self, term: str) -> int:
        index = self.term_ids.get(term)
        if index is None:
            index = self.term_ids[term] = len(self.terms)
            self.terms.append(term)
        return index


def clear_cache() -> None:
    """Forget every analysed document (the results never depend on the cache)."""
    with _LOCK:
        _CACHES.clear()


def _learn_words(known: dict, word_lists: list[list[str]], ids_of_word) -> None:
    """Add the batch's new words to ``known`` (emptied first if it would outgrow
    ``MAX_WORDS``), each with ``ids_of_word(word)``."""
    new = {word for words in word_lists for word in words if word not in known}
    if len(known) + len(new) > MAX_WORDS:
        known.clear()
        new = {word for words in word_lists for word in words}
    for word in new:
        known[word] = ids_of_word(word)


def _word_entries(word_lists: list[list[str]], known: dict) -> tuple[np.ndarray, np.ndarray]:
    """Each row's n-gram ids, its words' in order (repeats kept), and the row pointer."""
    parts = [known[word] for words in word_lists for word in words]
    ids = np.concatenate(parts) if parts else _NO_IDS
    part_ends = np.r_[0, np.cumsum([len(part) for part in parts], dtype=np.int64)]
    word_ends = np.r_[0, np.cumsum([len(words) for words in word_lists], dtype=np.int64)]
    return ids, part_ends[word_ends]


def _row_entries(rows: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, ...]:
    """(ids, counts, row pointer) of rows given as (ids, counts) pairs."""
    if not rows:
        return _NO_IDS, _NO_IDS, np.zeros(1, dtype=np.int64)
    indptr = np.r_[0, np.cumsum([len(ids) for ids, _ in rows], dtype=np.int64)]
    return np.concatenate([r[0] for r in rows]), np.concatenate([r[1] for r in rows]), indptr


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

    def __getstate__(self):
        state = super().__getstate__()
        for name in ("_word_columns", "_global_columns", "_columns_sorted"):  # rebuilt when used
            state.pop(name, None)
        return state

    def _words(self, documents: list) -> list[list[str]]:
        """Each document's words as scikit-learn's ``char_wb`` analyser sees them
        (decoded, preprocessed, split at any whitespace)."""
        preprocess = self.build_preprocessor()
        return [preprocess(self.decode(document)).split() for document in documents]

    def remember(self, raw_documents) -> None:
        """Analyse the documents into this process's cache, as fitting on them would,
        without fitting: processes forked afterwards find them analysed."""
        key = self._cache_key()
        if key is None:
            return
        with _LOCK:
            cache = _CACHES.setdefault(key, _AnalysisCache())
        self._global_entries(cache, list(raw_documents))
        with _LOCK:
            cache.term_ranks()

    def _count_vocab(self, raw_documents, fixed_vocab):
        key = self._cache_key()
        if key is None:
            return super()._count_vocab(raw_documents, fixed_vocab)
        documents = list(raw_documents)
        with _LOCK:
            cache = _CACHES.setdefault(key, _AnalysisCache())
        if fixed_vocab:
            vocabulary = self.vocabulary_
            ids, counts, indptr = self._vocabulary_entries(cache, documents)
        else:
            self.__dict__.pop("_global_columns", None)
            self.__dict__.pop("_word_columns", None)
            ids, counts, indptr = self._global_entries(cache, documents)
            first_met, ids = self._first_met_columns(ids)
            if len(cache.documents) > MAX_DOCUMENTS:
                with _LOCK:  # a fresh cache; this fit has its entries already
                    _CACHES[key] = _AnalysisCache()
        keep = ids >= 0
        if not keep.all():  # terms outside a fixed vocabulary are ignored, as sklearn does
            row_of_entry = np.repeat(np.arange(len(documents)), np.diff(indptr))
            kept = np.bincount(row_of_entry[keep], minlength=len(documents))
            indptr = np.r_[0, np.cumsum(kept)]
            ids, counts = ids[keep], counts[keep]
        index_type = np.int32 if len(ids) < np.iinfo(np.int32).max else np.int64
        X = sp.csr_array(
            (counts.astype(np.intc), ids.astype(index_type), indptr.astype(index_type)),
            shape=(len(documents), len(vocabulary) if fixed_vocab else len(first_met)),
            dtype=self.dtype,
        )
        X.sum_duplicates()  # a char_wb n-gram met in two words of a row; sorts the rows
        if not fixed_vocab:
            vocabulary = self._sort_first_met(cache, first_met, X)
        return vocabulary, _align_api_if_sparse(X)

    def _global_entries(self, cache: _AnalysisCache, documents: list) -> tuple[np.ndarray, ...]:
        """Entries over the cache's global term ids, each row's terms in the order met;
        every document is remembered."""
        if self.analyzer == "char_wb":
            missing = list(dict.fromkeys(d for d in documents if d not in cache.documents))
            for start in range(0, len(missing), CHUNK):
                self._remember_char_wb_documents(cache, missing[start : start + CHUNK])
        analyze = self.build_analyzer()
        return _row_entries([cache.counts(document, analyze) for document in documents])

    def _remember_char_wb_documents(self, cache: _AnalysisCache, documents: list) -> None:
        """Cache each document's (term ids in the order first met, counts), from the
        n-gram ids of its words, all documents at once."""
        word_lists = self._words(documents)
        word_ngrams = self._char_wb_ngrams
        with _LOCK:
            _learn_words(
                cache.words,
                word_lists,
                lambda word: np.fromiter(map(cache.term_id, word_ngrams(word)), STORED),
            )
            ids, indptr = _word_entries(word_lists, cache.words)
            n_terms = max(len(cache.terms), 1)
        rows = np.repeat(np.arange(len(documents)), np.diff(indptr))
        keys, first, counts = np.unique(rows * n_terms + ids, return_index=True, return_counts=True)
        order = np.argsort(first)  # row by row, each in the order met
        keys, counts = keys[order], counts[order]
        lengths = np.bincount(keys // n_terms, minlength=len(documents))
        ends = np.cumsum(lengths)
        starts = ends - lengths
        term_ids = keys % n_terms
        with _LOCK:
            for document, start, end in zip(documents, starts.tolist(), ends.tolist(), strict=True):
                cache.documents[document] = (
                    term_ids[start:end].astype(STORED),
                    counts[start:end].astype(STORED),
                )

    @staticmethod
    def _first_met_columns(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The fitted terms' global ids in the order first met, as scikit-learn numbers
        them before sorting (so a row's entries end in scikit-learn's order, and even the
        rounding of its matrix is scikit-learn's), and ``ids`` renumbered to match."""
        present, first = np.unique(ids, return_index=True)
        if not len(present):
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        ordered = present[np.argsort(first)]
        renumbered = np.empty(int(present[-1]) + 1, dtype=np.int64)
        renumbered[ordered] = np.arange(len(ordered))
        return ordered, renumbered[ids]

    def _sort_first_met(self, cache: _AnalysisCache, first_met: np.ndarray, X) -> dict:
        """scikit-learn's ``_sort_features`` on columns numbered first-met: renumber them
        in term order (in place in ``X``) and return that vocabulary. The order comes from
        the cache's ranks, not from sorting the fit's terms again, and the fit's own
        ``_sort_features`` is then skipped."""
        with _LOCK:
            order = np.argsort(cache.term_ranks()[first_met])  # first-met columns, by term
            terms = cache.terms
            names = [terms[i] for i in first_met[order].tolist()]
        vocabulary = dict(zip(names, range(len(names)), strict=True))
        new_column = np.empty(len(order), dtype=X.indices.dtype)
        new_column[order] = np.arange(len(order), dtype=X.indices.dtype)
        X.indices = new_column.take(X.indices)
        X.has_sorted_indices = False
        self._columns_sorted = True
        return vocabulary

    def _sort_features(self, X, vocabulary):
        if self.__dict__.pop("_columns_sorted", False):
            return X
        return super()._sort_features(X, vocabulary)

    def _limit_features(self, X, vocabulary, high=None, low=None, limit=None):
        """scikit-learn's ``_limit_features``, the same terms, matrix and entry order,
        with the vocabulary renumbered by array operations instead of a loop over it."""
        if high is None and low is None and limit is None:
            return X, set()
        dfs = np.bincount(X.indices, minlength=X.shape[1])
        mask = np.ones(len(dfs), dtype=bool)
        if high is not None:
            mask &= dfs <= high
        if low is not None:
            mask &= dfs >= low
        if limit is not None and mask.sum() > limit:
            tfs = np.asarray(X.sum(axis=0)).ravel()
            mask_inds = (-tfs[mask]).argsort()[:limit]
            new_mask = np.zeros(len(dfs), dtype=bool)
            new_mask[np.where(mask)[0][mask_inds]] = True
            mask = new_mask
        kept_indices = np.where(mask)[0]
        if len(kept_indices) == 0:
            raise ValueError(
                "After pruning, no terms remain. Try a lower min_df or a higher max_df."
            )
        if len(kept_indices) == len(mask):
            return X
        terms = np.empty(len(mask), dtype=object)
        terms[np.fromiter(vocabulary.values(), np.int64, len(vocabulary))] = list(vocabulary)
        vocabulary.clear()
        vocabulary.update(zip(terms[kept_indices].tolist(), range(len(kept_indices)), strict=True))
        return X[:, kept_indices]

    def _vocabulary_entries(self, cache: _AnalysisCache, documents: list) -> tuple[np.ndarray, ...]:
        """Entries over the fitted vocabulary's columns (-1: not in it). In a process that
        fits (cross-validation, stacking), documents are remembered as in a fit, since
        they come back; in one that only predicts, new text is analysed and not kept,
        apart from a bounded cache of its words' columns (``char_wb``)."""
        if cache.documents:
            ids, counts, indptr = self._global_entries(cache, documents)
            with _LOCK:
                columns = self._columns_of_vocabulary(cache)
            return columns[ids], counts, indptr
        vocabulary = self.vocabulary_
        if self.analyzer == "char_wb":
            word_lists = self._words(documents)
            word_ngrams = self._char_wb_ngrams
            known = self.__dict__.setdefault("_word_columns", {})
            _learn_words(
                known,
                word_lists,
                lambda word: np.fromiter(
                    (vocabulary.get(t, -1) for t in word_ngrams(word)), np.int64
                ),
            )
            ids, indptr = _word_entries(word_lists, known)
            return ids, np.ones(len(ids), dtype=np.int64), indptr
        analyze = self.build_analyzer()
        rows = []
        for document in documents:
            counted = Counter(analyze(document))
            terms = (vocabulary.get(term, -1) for term in counted)
            rows.append(
                (
                    np.fromiter(terms, np.int64, len(counted)),
                    np.fromiter(counted.values(), np.int64, len(counted)),
                )
            )
        return _row_entries(rows)

    def _columns_of_vocabulary(self, cache: _AnalysisCache) -> np.ndarray:
        """Global term id -> column of the fitted vocabulary (-1: not in it), kept between
        calls and extended by the terms the cache has learnt since."""
        vocabulary = self.vocabulary_
        kept = self.__dict__.get("_global_columns")
        if kept is None or kept[0] is not cache or kept[1] is not vocabulary:
            kept = (cache, vocabulary, _NO_IDS)
        columns, terms = kept[2], cache.terms
        if len(columns) < len(terms):
            added = (vocabulary.get(term, -1) for term in terms[len(columns) :])
            columns = np.r_[columns, np.fromiter(added, np.int64, len(terms) - len(columns))]
            self._global_columns = (cache, vocabulary, columns)
        return columns
