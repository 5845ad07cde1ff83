"""A compact, read-only copy of the Danish lemma lookup table.

spacy-lookups-data's Danish ``lemma_lookup`` has 553,000 entries; loaded as a
spaCy ``Table`` (a Python dict) it costs ~180 MB resident and ~220 MB at peak,
in every batch worker. The same data as sorted 64-bit string hashes, lemma
indices and one list of distinct lemmas takes ~10 MB, so the lookups live in
``corpus/lexicon/da_lemma_lookup.npz``, built from the package by
``python -m pipeline.nlp.lemmas`` and looked up with a binary search. Keys are
spaCy string ids (``get_string_id``), exactly as in the ``Table``. The English
vocabulary of the name rules is kept the same way (``en_words.npy``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.strings import get_string_id

from pipeline.paths import CORPUS_DIR

LEMMA_FILE = CORPUS_DIR / "lexicon" / "da_lemma_lookup.npz"
ENGLISH_WORDS_FILE = CORPUS_DIR / "lexicon" / "en_words.npy"


def _position(keys: np.ndarray, word: str) -> int | None:
    """Index of ``word``'s string hash in the sorted ``keys``, or ``None``."""
    key = np.uint64(get_string_id(word))
    i = int(np.searchsorted(keys, key))
    return i if i < len(keys) and keys[i] == key else None


class CompactLookup:
    """``get(word)`` like a spaCy lookup ``Table``, over sorted hash arrays."""

    def __init__(self, keys: np.ndarray, values: np.ndarray, lemmas: list[str]) -> None:
        self.keys = keys
        self.values = values
        self.lemmas = lemmas

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, word: str, default: str | None = None) -> str | None:
        """The lemma of ``word`` (exact, case-sensitive key), or ``default``."""
        i = _position(self.keys, word)
        return default if i is None else self.lemmas[int(self.values[i])]


class CompactWordSet:
    """A read-only set of words (``word in words``) stored as sorted 64-bit string hashes.

    The English vocabulary the name rules consult (~190,000 words) costs ~20 MB as a
    Python ``frozenset`` in every worker and more while it is built from
    spacy-lookups-data; as hashes it is ~1.5 MB.
    """

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys

    @classmethod
    def from_words(cls, words) -> CompactWordSet:
        return cls(np.unique(np.fromiter((get_string_id(w) for w in words), dtype=np.uint64)))

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and _position(self.keys, word) is not None


def save_word_set(words: CompactWordSet, path: Path = ENGLISH_WORDS_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, words.keys)
    return path


def load_word_set(path: Path = ENGLISH_WORDS_FILE) -> CompactWordSet:
    return CompactWordSet(np.load(path))


def compact_from_table(table) -> CompactLookup:
    """Convert a spaCy ``Table`` (hash -> lemma) into a :class:`CompactLookup`."""
    items = sorted((int(k), v) for k, v in table.items())
    lemmas = sorted({v for _, v in items})
    index = {lemma: i for i, lemma in enumerate(lemmas)}
    keys = np.fromiter((k for k, _ in items), dtype=np.uint64, count=len(items))
    values = np.fromiter((index[v] for _, v in items), dtype=np.uint32, count=len(items))
    return CompactLookup(keys, values, lemmas)


def save_compact(lookup: CompactLookup, path: Path = LEMMA_FILE) -> Path:
    """Write ``lookup`` as a compressed ``.npz`` (lemmas joined by newlines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = np.frombuffer("\n".join(lookup.lemmas).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(path, keys=lookup.keys, values=lookup.values, lemmas=blob)
    return path


def load_compact(path: Path = LEMMA_FILE) -> CompactLookup:
    """Read a lookup written by :func:`save_compact`."""
    with np.load(path) as data:
        lemmas = data["lemmas"].tobytes().decode("utf-8").split("\n")
        return CompactLookup(data["keys"], data["values"], lemmas)


def build(path: Path = LEMMA_FILE) -> Path:
    """Rebuild the shipped file from spacy-lookups-data's Danish table."""
    from spacy.lookups import load_lookups

    table = load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")
    return save_compact(compact_from_table(table), path)


def build_english(path: Path = ENGLISH_WORDS_FILE) -> Path:
    """Rebuild the shipped English vocabulary from spacy-lookups-data and spaCy."""
    from pipeline.nlp.lexicon import english_vocabulary

    return save_word_set(CompactWordSet.from_words(english_vocabulary()), path)


if __name__ == "__main__":
    print(build())
    print(build_english())
