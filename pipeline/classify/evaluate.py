"""Agreement between coded themes and a gold coding, per answer and per respondent.

Per answer: precision, recall, F1 and Cohen's kappa for each theme (kappa is
what content analysts report for inter-coder agreement, so the model is judged
as a coder), with macro- and micro-F1 over themes. Per respondent: the count of
respondents coded with each theme, compared with the gold count, because the
published figures ("7 ud af 17 råd") are respondent-level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from pipeline.aggregate import count_themes
from pipeline.classify.labels import themes_to_matrix


def theme_metrics(
    Y_true: np.ndarray, Y_pred: np.ndarray, theme_ids: Sequence[str]
) -> dict[str, Any]:
    """Per-theme precision/recall/F1/kappa/support plus macro- and micro-F1.

    Undefined precision or recall counts as 0. When neither coding uses a theme
    they agree perfectly: precision, recall, F1 and kappa are 1 (sklearn would
    give 0 and NaN).
    """
    Y_true = np.asarray(Y_true, dtype=int)
    Y_pred = np.asarray(Y_pred, dtype=int)
    rows = []
    for j, tid in enumerate(theme_ids):
        # Column by column as binary problems: a one-column matrix would otherwise
        # be read as a binary target and scored per class, not per theme.
        if not Y_true[:, j].any() and not Y_pred[:, j].any():
            p = r = f = 1.0  # neither coder uses the theme: perfect agreement
        else:
            p, r, f, _ = precision_recall_fscore_support(
                Y_true[:, j], Y_pred[:, j], average="binary", pos_label=1, zero_division=0
            )
        rows.append(
            {
                "theme": tid,
                "precision": float(p),
                "recall": float(r),
                "f1": float(f),
                "kappa": _kappa(Y_true[:, j], Y_pred[:, j]),
                "support": int(Y_true[:, j].sum()),
                "predicted": int(Y_pred[:, j].sum()),
            }
        )
    return {
        "n": int(len(Y_true)),
        "themes": rows,
        "macro_f1": float(np.mean([row["f1"] for row in rows])),
        "micro_f1": float(f1_score(Y_true.ravel(), Y_pred.ravel(), zero_division=0)),
    }


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    if np.array_equal(a, b):
        return 1.0
    return float(cohen_kappa_score(a, b))


def respondent_counts(
    respondents: Sequence[object], Y: np.ndarray, theme_ids: Sequence[str]
) -> dict[str, int]:
    """Respondents with at least one answer coded with each theme.

    The same count as ``raadskoder count`` (:func:`pipeline.aggregate.count_themes`),
    so that the evaluation measures the published figure itself.
    """
    frame = pd.DataFrame(np.asarray(Y, dtype=int), columns=list(theme_ids))
    frame["_respondent"] = list(respondents)  # "_..." cannot be a theme id
    counts = count_themes(frame, list(theme_ids), respondent="_respondent")
    return dict(zip(counts["theme"], counts["count"].astype(int).tolist(), strict=True))


def respondent_differences(
    respondents: Sequence[object],
    Y_true: np.ndarray,
    Y_pred: np.ndarray,
    theme_ids: Sequence[str],
) -> list[dict[str, Any]]:
    """Per theme: gold and predicted respondent counts and their difference (pred - gold)."""
    gold = respondent_counts(respondents, Y_true, theme_ids)
    pred = respondent_counts(respondents, Y_pred, theme_ids)
    return [
        {"theme": t, "gold": gold[t], "predicted": pred[t], "difference": pred[t] - gold[t]}
        for t in theme_ids
    ]


def evaluate_model(
    model: Any,
    gold: pd.DataFrame,
    *,
    answer: str = "answer",
    themes: str = "themes",
    respondent: str = "respondent",
    source: str = "gold",
) -> dict[str, Any]:
    """Code ``gold[answer]`` with ``model`` and compare with ``gold[themes]``.

    Adds respondent-level count differences when ``gold`` has a ``respondent``
    column. Raises ``ValueError`` naming the missing columns otherwise.
    """
    missing = [c for c in (answer, themes) if c not in gold.columns]
    if missing:
        raise ValueError(
            f"{source}: missing column(s) {missing}; columns found: {list(gold.columns)}"
        )
    theme_ids = list(model.theme_ids)
    Y_true = themes_to_matrix(gold[themes], theme_ids, source=source)
    # with respondents the model decides as `code` does, council gates included
    respondents = gold[respondent].tolist() if respondent in gold.columns else None
    Y_pred = model.predict(gold[answer].tolist(), respondents)
    result = theme_metrics(Y_true, Y_pred, theme_ids)
    if respondent in gold.columns:
        result["respondents"] = respondent_differences(
            gold[respondent].tolist(), Y_true, Y_pred, theme_ids
        )
        result["n_respondents"] = int(gold[respondent].nunique())
    return result


def metrics_frame(result: dict[str, Any]) -> pd.DataFrame:
    """The per-theme metrics (and respondent counts, if any) as one table."""
    frame = pd.DataFrame(result["themes"])
    if "respondents" in result:
        resp = pd.DataFrame(result["respondents"]).rename(
            columns={"gold": "gold_respondents", "predicted": "coded_respondents"}
        )
        frame = frame.merge(resp, on="theme", how="left")
    return frame
