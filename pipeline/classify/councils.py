"""Council-level figures and decisions: "N ud af M råd" from answer-level codes.

The published figures count a council for a theme when at least one of its
answers has it. With six answers per council, a few answer-level false
positives turn into whole councils: on councils of a writer the model never saw,
six of seven themes were over-counted (docs/coding.md). This module measures that
on the training corpus's whole answer sets and learns the remedy, a *council
gate* per theme: a council is coded with a theme only when its best answer
clears the answer threshold by at least the gate. Inside a council that passes,
each answer keeps its own code, so the coded file an analyst corrects and the
counts made from it always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

#: Review margins compared in the model card (see :func:`fragile_councils`).
REVIEW_MARGINS = (0.05, 0.1, 0.15, 0.2, 0.3)
#: Gates tried per theme (probability above the answer threshold).
GATE_GRID = tuple(np.round(np.arange(0.0, 0.3001, 0.025), 3))
#: A respondent with fewer answers than this is no council for the gate: its one
#: answer is coded by the answer threshold alone (the test split's answers, a table
#: without respondents).
MIN_COUNCIL_ANSWERS = 2


def _per_council(values: np.ndarray, keys: Sequence[str | None]) -> pd.DataFrame:
    """The maximum of each column over each council's answers (answers of no council left out)."""
    rows = [i for i, k in enumerate(keys) if k is not None]
    return pd.DataFrame(np.asarray(values)[rows]).groupby([keys[i] for i in rows]).max()


def _gold_and_best(
    Y: np.ndarray, margin: np.ndarray, keys: Sequence[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Per council x theme: whether the gold has the theme, and the best answer's margin."""
    return (_per_council(Y, keys).to_numpy().astype(bool),
            _per_council(margin, keys).to_numpy())


def council_counts(
    Y: np.ndarray, pred: np.ndarray, keys: Sequence[str | None], theme_ids: Sequence[str]
) -> dict[str, Any]:
    """Per theme, councils with at least one gold and at least one predicted answer.

    Counting a council when any of its answers has the theme turns a few
    answer-level false positives into whole councils, so the count can be off
    where answer-level F1 looks good: this measures by how much, on councils whose
    answers were coded by a model that never saw them.
    """
    if all(k is None for k in keys):
        return {"n_councils": 0, "per_theme": {}}
    gold, coded = _per_council(Y, keys).astype(bool), _per_council(pred, keys).astype(bool)
    per_theme = {}
    for j, t in enumerate(theme_ids):
        g, c = gold[j], coded[j]
        per_theme[t] = {"gold": int(g.sum()), "coded": int(c.sum()),
                        "difference": int(c.sum() - g.sum()),
                        "false_councils": int((c & ~g).sum()),
                        "missed_councils": int((g & ~c).sum())}
    return {"n_councils": int(len(gold)), "per_theme": per_theme,
            "mean_abs_difference": float(np.mean([abs(v["difference"])
                                                  for v in per_theme.values()]))}


def fragile_councils(
    Y: np.ndarray, proba: np.ndarray, thresholds: np.ndarray, keys: Sequence[str | None],
    margins: Sequence[float] = REVIEW_MARGINS,
) -> list[dict[str, Any]]:
    """Per review margin, the coded council x theme pairs that rest only on answers less
    than the margin above the council's threshold, split by whether the gold says the
    council works on the theme.

    The report flags such councils for review (*Usikre råd*); this says which margin
    finds the false councils without flagging too many true ones. ``thresholds`` are
    the thresholds a council's best answer must clear (answer threshold plus gate).
    """
    gold, best = _gold_and_best(Y, np.asarray(proba) - np.asarray(thresholds), keys)
    coded = best >= 0
    rows = []
    for m in margins:
        flagged = coded & (best < m)
        rows.append({"margin": float(m),
                     "false_flagged": int((flagged & ~gold).sum()),
                     "false_councils": int((coded & ~gold).sum()),
                     "true_flagged": int((flagged & gold).sum()),
                     "true_councils": int((coded & gold).sum())})
    return rows


def council_keys(respondents: Sequence[object] | None, n: int) -> list[object | None]:
    """The council of each row: its respondent when the respondent has at least
    :data:`MIN_COUNCIL_ANSWERS` rows, else ``None`` (no gate)."""
    if respondents is None:
        return [None] * n
    keys = pd.Series(list(respondents), dtype=object)
    sizes = keys.map(keys.value_counts(dropna=True))
    return [k if pd.notna(k) and s >= MIN_COUNCIL_ANSWERS else None
            for k, s in zip(keys, sizes, strict=True)]


def gate_codes(
    codes: np.ndarray, margin: np.ndarray, keys: Sequence[object | None], gates: np.ndarray
) -> np.ndarray:
    """``codes`` with a theme removed from every answer of a council whose best
    answer clears the threshold by less than the theme's gate.

    ``margin`` is each answer's probability minus its threshold (shape of
    ``codes``); rows whose key is ``None`` are no council and keep their codes.
    """
    codes = np.array(codes, copy=True)
    gates = np.asarray(gates, dtype=float)
    if not len(codes) or not (gates > 0).any() or all(k is None for k in keys):
        return codes
    rows = np.flatnonzero([k is not None for k in keys])
    best = _per_council(margin, keys)
    weak = best.to_numpy() < gates  # council x theme below its gate
    index = pd.Index(best.index).get_indexer([keys[i] for i in rows])
    codes[rows] = np.where(weak[index], 0, codes[rows])
    return codes


def choose_council_gates(
    Y: np.ndarray, margin: np.ndarray, keys: Sequence[str | None],
    grid: Sequence[float] = GATE_GRID,
) -> np.ndarray:
    """Per theme the gate in ``grid`` whose coded council count is nearest the gold
    count (ties: the smaller gate), from out-of-fold ``margin`` of whole councils."""
    gold, best = _gold_and_best(Y, margin, keys)
    return _choose(gold, best, np.arange(len(gold)), grid)


def _choose(gold: np.ndarray, best: np.ndarray, rows: np.ndarray,
            grid: Sequence[float]) -> np.ndarray:
    def error(k: int, g: float) -> tuple[int, float]:
        return abs(int((best[rows, k] >= g).sum()) - int(gold[rows, k].sum())), g

    return np.array([min(grid, key=lambda g, k=k: error(k, g)) for k in range(gold.shape[1])])


def nested_gate_check(
    Y: np.ndarray, margin: np.ndarray, keys: Sequence[str | None], *,
    folds: int = 5, shuffles: int = 5, grid: Sequence[float] = GATE_GRID,
) -> dict[str, float]:
    """Mean absolute council-count difference per theme on councils whose gates were
    chosen on the other councils (``folds`` x ``shuffles``), with and without gates:
    how much the gates help on councils they were not chosen on."""
    gold, best = _gold_and_best(Y, margin, keys)
    n, k = gold.shape
    if n < folds:
        return {}
    without, gated = [], []
    for seed in range(shuffles):
        for fit_rows, test_rows in KFold(folds, shuffle=True, random_state=seed).split(gold):
            gates = _choose(gold, best, fit_rows, grid)
            for g, out in ((np.zeros(k), without), (gates, gated)):
                coded = (best[test_rows] >= g).sum(axis=0)
                out.append(np.abs(coded - gold[test_rows].sum(axis=0)).sum())
    return {"folds": folds, "shuffles": shuffles,
            "mean_abs_difference_without": float(np.sum(without) / shuffles / k),
            "mean_abs_difference_gated": float(np.sum(gated) / shuffles / k)}
