"""Text features for Danish survey answers: characters, stems and codebook keywords.

Danish writes concepts as compounds (*beskæftigelsesindsats*, *foreningsliv*,
*integrationsrådsmøde*), so a word-level vocabulary alone misses most of the
signal in a small corpus. Three views are combined in one ``FeatureUnion``:

* character n-grams within word boundaries, which see compound parts;
* word uni- and bigrams over Snowball-stemmed tokens, which merge inflections
  (*flygtninge*/*flygtningene*);
* counts of the codebook's keyword patterns per theme, which carry the coding
  frame's expert knowledge into the model and generalise beyond the training text.

The analyzers work per distinct word and cache what they compute, because
coding speed is dominated by turning text into features (see
``benchmarks/bench_code.py``); the cached results equal sklearn's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from pipeline.codebook import Codebook

try:  # the regex parser, to find the literal every match of a phrase pattern contains
    import re._parser as _sre_parser  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: ASCII stand-ins for æ, ø, å that people type on foreign keyboards; folded only
#: when a model is built with ``fold_ascii=True`` (see :func:`normalize_text`).
_ASCII_FOLD = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))


def normalize_text(text: str, *, fold_ascii: bool = False) -> str:
    """NFC-normalise, lower-case and collapse whitespace.

    With ``fold_ascii`` the digraphs *ae/oe/aa* become *æ/ø/å*. That repairs
    "beskaeftigelse" but also damages real words (*Israel*, *koordinere*,
    *kontraansat*), so it is a model parameter chosen by cross-validation.
    """
    text = unicodedata.normalize("NFC", text).lower()
    if fold_ascii:
        for src, dst in _ASCII_FOLD:
            text = text.replace(src, dst)
    return " ".join(text.split())


class _TokenCache:
    """Base for picklable per-token caches: the cache is rebuilt, never saved.

    Survey answers reuse a small vocabulary, so computing something per distinct
    whitespace token once (stems, character n-grams, keyword hits) and reusing it
    makes feature extraction several times faster than per text.
    """

    _limit = 500_000

    def __init__(self) -> None:
        self._cache: dict[str, object] = {}

    def _cached(self, token: str):
        hit = self._cache.get(token)
        if hit is None:
            if len(self._cache) > self._limit:
                self._cache.clear()
            hit = self._cache[token] = self._compute(token)
        return hit

    def _compute(self, token: str):  # pragma: no cover - abstract
        raise NotImplementedError

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_cache"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache = {}


class CharNgrams(_TokenCache):
    """Analyzer: character n-grams inside word boundaries, as sklearn's ``char_wb``.

    Same n-grams as ``TfidfVectorizer(analyzer="char_wb")`` (words padded with a
    space; a word shorter than n counted once), after :func:`normalize_text`, but
    computed once per distinct word.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), fold_ascii: bool = False) -> None:
        super().__init__()
        self.ngram_range = tuple(ngram_range)
        self.fold_ascii = fold_ascii

    def _compute(self, word: str) -> list[str]:
        min_n, max_n = self.ngram_range
        w = f" {word} "
        out = []
        for n in range(min_n, max_n + 1):
            out.extend(w[i : i + n] for i in range(max(1, len(w) - n + 1)))
            if len(w) <= n:
                break
        return out

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for word in normalize_text(text, fold_ascii=self.fold_ascii).split():
            out.extend(self._cached(word))
        return out


class CharTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of :class:`CharNgrams`, fitted by sklearn, transformed per cached word.

    ``fit`` is plain ``TfidfVectorizer`` (sublinear tf, smooth idf, l2 norm).
    ``transform`` gives the same matrix but maps each distinct word once to the
    column indices of its n-grams, instead of looking up every n-gram of every
    text: that loop is most of the cost of coding 100,000 answers.
    """

    def __init__(
        self, ngram_range: tuple[int, int] = (2, 5), min_df: int = 2, fold_ascii: bool = False
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.fold_ascii = fold_ascii

    def fit(self, X: Iterable[str], y=None) -> CharTfidf:
        self.analyzer_ = CharNgrams(self.ngram_range, fold_ascii=self.fold_ascii)
        self.vectorizer_ = TfidfVectorizer(
            analyzer=self.analyzer_, min_df=self.min_df, sublinear_tf=True, dtype=np.float32
        ).fit(X)
        self.idf_ = self.vectorizer_.idf_.astype(np.float32)
        self._columns = _WordColumns(self.analyzer_, self.vectorizer_.vocabulary_)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        columns = self._columns
        parts: list[np.ndarray] = []
        indptr = [0]
        for text in X:
            n = 0
            for word in normalize_text(text, fold_ascii=self.fold_ascii).split():
                cols = columns._cached(word)
                if len(cols):
                    parts.append(cols)
                    n += len(cols)
            indptr.append(indptr[-1] + n)
        indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        shape = (len(indptr) - 1, len(self.idf_))
        M = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, np.asarray(indptr)), shape=shape
        )
        M.sum_duplicates()
        np.log(M.data, out=M.data)
        M.data += 1.0
        M = M.multiply(self.idf_).tocsr()
        return normalize(M, norm="l2", copy=False)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return self.vectorizer_.get_feature_names_out()

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        if "vectorizer_" in state:
            self._columns = _WordColumns(self.analyzer_, self.vectorizer_.vocabulary_)


class _WordColumns(_TokenCache):
    """Per distinct word: the vocabulary columns of its character n-grams."""

    def __init__(self, analyzer: CharNgrams, vocabulary: dict[str, int]) -> None:
        super().__init__()
        self.analyzer = analyzer
        self.vocabulary = vocabulary

    def _compute(self, word: str) -> np.ndarray:
        vocab = self.vocabulary
        cols = [vocab[g] for g in self.analyzer._compute(word) if g in vocab]
        return np.array(cols, dtype=np.int32)


class StemmedWords(_TokenCache):
    """Analyzer: word n-grams over Danish Snowball stems (``\\w+`` tokens).

    Stemming merges inflections (*flygtninge*/*flygtningene*); stems are cached
    per token because stemming dominates the cost otherwise.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), fold_ascii: bool = False) -> None:
        super().__init__()
        self.ngram_range = tuple(ngram_range)
        self.fold_ascii = fold_ascii
        self._stemmer = snowballstemmer.stemmer("danish")

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self._stemmer = snowballstemmer.stemmer("danish")

    def __getstate__(self) -> dict:
        return {k: v for k, v in super().__getstate__().items() if k != "_stemmer"}

    def _compute(self, token: str) -> str:
        return self._stemmer.stemWord(token)

    def stems(self, text: str) -> list[str]:
        """The stems of a text's word tokens, in order."""
        norm = normalize_text(text, fold_ascii=self.fold_ascii)
        return [self._cached(tok) for tok in _TOKEN.findall(norm)]

    def __call__(self, text: str) -> list[str]:
        stems = self.stems(text)
        min_n, max_n = self.ngram_range
        out = stems[:] if min_n == 1 else []
        for n in range(max(min_n, 2), max_n + 1):
            out.extend(" ".join(stems[i : i + n]) for i in range(len(stems) - n + 1))
        return out


class KeywordCounter(TransformerMixin, BaseEstimator):
    """Count matches of each theme's keyword patterns: one feature per theme.

    ``patterns`` maps a theme id to its regular expressions (as in the codebook).
    Patterns that can only match inside one word (no space, hyphen, comma or
    dot) are run once per distinct word and cached; a phrase pattern runs on a
    text only when the text contains the literal the pattern cannot match
    without (a plain substring test), which skips most texts.
    The count is ``log1p``-scaled so that one mention already matters and ten
    do not swamp the TF-IDF features.
    """

    def __init__(self, patterns: dict[str, Sequence[str]] | None = None, fold_ascii: bool = False):
        self.patterns = patterns
        self.fold_ascii = fold_ascii

    def fit(self, X: Iterable[str], y=None) -> KeywordCounter:
        patterns = self.patterns or {}
        self.theme_ids_ = list(patterns)
        word_rx, phrases = [], []
        for j, t in enumerate(self.theme_ids_):
            word_rx.append(_alternation([p for p in patterns[t] if not _is_phrase(p)]))
            phrases += [
                (j, _required_literal(p), re.compile(p, re.IGNORECASE))
                for p in patterns[t]
                if _is_phrase(p)
            ]
        self.word_regexes_ = word_rx
        self.phrases_ = phrases
        self._word_hits = _WordHits(word_rx)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        texts = [normalize_text(t, fold_ascii=self.fold_ascii) for t in X]
        rows: list[int] = []
        cols: list[int] = []
        vals: list[int] = []
        cached = self._word_hits._cached
        phrases = self.phrases_
        for i, text in enumerate(texts):
            for word in _TOKEN.findall(text):
                for j, n in cached(word):
                    rows.append(i)
                    cols.append(j)
                    vals.append(n)
            for j, literal, rx in phrases:
                if literal in text:  # "" is in every text
                    n = sum(1 for _ in rx.finditer(text))
                    if n:
                        rows.append(i)
                        cols.append(j)
                        vals.append(n)
        counts = sp.csr_matrix(
            (np.asarray(vals, dtype=np.float64), (rows, cols)),
            shape=(len(texts), len(self.theme_ids_)),
        )  # duplicates (several words of one theme) are summed
        counts.data = np.log1p(counts.data)
        return counts

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([f"kw__{t}" for t in self.theme_ids_], dtype=object)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "word_regexes_" in state:
            self._word_hits = _WordHits(self.word_regexes_)


class _WordHits(_TokenCache):
    """Per distinct word: ((theme index, matches), ...) for the word-level patterns."""

    def __init__(self, regexes: list[re.Pattern[str] | None]) -> None:
        super().__init__()
        self.regexes = regexes

    def _compute(self, word: str) -> tuple[tuple[int, int], ...]:
        out = []
        for j, rx in enumerate(self.regexes):
            if rx is not None:
                n = sum(1 for _ in rx.finditer(word))
                if n:
                    out.append((j, n))
        return tuple(out)


_PHRASE_CHARS = re.compile(r"[ ,\-]|\\s|\.")


def _is_phrase(pattern: str) -> bool:
    """True when a pattern may match across word boundaries (space, hyphen, comma, dot)."""
    return bool(_PHRASE_CHARS.search(pattern))


def _required_literal(pattern: str) -> str:
    """The longest literal run at the top level of ``pattern``, lower-cased ("" if none).

    Every match of the pattern contains it, so a text without it cannot match.
    Patterns with a top-level alternation (``a|b``) have none.
    """
    try:
        parsed = _sre_parser.parse(pattern, re.IGNORECASE)
    except (re.error, ValueError):
        return ""
    best = run = ""
    for op, arg in parsed:
        if op == _sre_parser.LITERAL:
            run += chr(arg)
        else:
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len).lower()


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def build_features(
    codebook: Codebook,
    *,
    char_ngram_range: tuple[int, int] = (2, 5),
    word_ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 2,
    fold_ascii: bool = False,
    keyword_weight: float = 0.25,
) -> FeatureUnion:
    """The feature union (char n-grams, stemmed word n-grams, keyword counts)."""
    chars = CharTfidf(char_ngram_range, min_df=min_df, fold_ascii=fold_ascii)
    words = TfidfVectorizer(
        analyzer=StemmedWords(word_ngram_range, fold_ascii=fold_ascii),
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )
    keywords = KeywordCounter(
        patterns={t.id: list(t.keywords) for t in codebook.themes}, fold_ascii=fold_ascii
    )
    return FeatureUnion(
        [("chars", chars), ("words", words), ("keywords", keywords)],
        transformer_weights={"chars": 1.0, "words": 1.0, "keywords": keyword_weight},
    )
