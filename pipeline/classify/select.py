"""Choosing the model configuration by cross-validation on the training set only.

Run ``python -m pipeline.classify.select [--by-writer] [NAME ...]`` to print nested-CV
macro-F1 (thresholds re-chosen inside each fold) for a handful of candidate
configurations; ``--by-writer`` holds out one training writer per fold. The
winner becomes the default of :class:`~pipeline.classify.model.ThemeClassifier`;
the test split and the reconstruction are never looked at here.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from pipeline.classify.train import (
    cross_validate,
    load_training_data,
    training_files,
    writer_groups,
)
from pipeline.codebook import load_codebook

#: Candidates: name -> parameters that differ from the defaults.
CANDIDATES: dict[str, dict[str, Any]] = {
    "default": {},  # keyword_weight=0.25 since the comparison of 02:35 (see docs/coding.md)
    "C=1": {"C": 1.0},
    "C=3": {"C": 3.0},
    "C=30": {"C": 30.0},
    "fold_ascii": {"fold_ascii": True},
    "no_keywords": {"keyword_weight": 0.0},
    "keywords_x1": {"keyword_weight": 1.0},
    "keywords_x2": {"keyword_weight": 2.0},
    "keywords_x0.5": {"keyword_weight": 0.5},
    "keywords_x0.1": {"keyword_weight": 0.1},
    "char_1-4": {"char_ngram_range": (1, 4)},
    "char_3-6": {"char_ngram_range": (3, 6)},
    "words_1-3": {"word_ngram_range": (1, 3)},
    "min_df=1": {"min_df": 1},
    "svm": {"classifier": "svm", "C": 0.5},
    "nb": {"classifier": "nb", "C": 10.0},
    "thresholds_by_writer": {"threshold_folds": "groups"},
    "C=30+thresholds_by_writer": {"C": 30.0, "threshold_folds": "groups"},
}


def compare(
    names: list[str] | None = None,
    *,
    folds: int = 5,
    codebook_path: str | None = None,
    by_writer: bool = False,
) -> list[tuple[str, float, float]]:
    """Nested-CV macro- and micro-F1 of each named candidate on the training files.

    ``codebook_path`` compares keyword sets: the same candidates with another codebook.
    ``by_writer`` holds out one writer per outer fold (``corpus/survey/writers.yaml``).
    """
    codebook = load_codebook(codebook_path)
    data = load_training_data(training_files(), codebook)
    writers = writer_groups(data.frame["_file"].tolist())
    groups = writers if by_writer else None
    results = []
    for name in names or list(CANDIDATES):
        start = time.perf_counter()
        res = cross_validate(
            CANDIDATES[name], codebook, data.texts, data.Y, folds=folds, groups=groups,
            fit_groups=writers,
        )
        results.append((name, res["macro_f1"], res["micro_f1"]))
        per = " ".join(f"{r['theme'][:5]}={r['f1']:.3f}" for r in res["themes"])
        print(
            f"{name:12s} macro-F1 {res['macro_f1']:.3f} micro-F1 {res['micro_f1']:.3f} "
            f"({time.perf_counter() - start:.0f}s, n={len(data.texts)})  {per}",
            flush=True,
        )
    return results


if __name__ == "__main__":
    args = sys.argv[1:]
    book = None
    writer_folds = "--by-writer" in args
    args = [a for a in args if a != "--by-writer"]
    if args[:1] == ["--codebook"]:
        book, args = args[1], args[2:]
    compare(args or None, codebook_path=book, by_writer=writer_folds)
