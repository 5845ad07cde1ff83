"""Agreement between two codings of the same answers, per theme.

Used by the review loop to tell how far reviewers corrected the model: Cohen's
kappa (two fixed coders, the usual figure in coding reliability) and
Krippendorff's alpha (nominal; comparable across studies with more coders or
missing codes), next to plain percentage agreement. Both chance-corrected
figures are undefined when a theme has a single value in the reviewed answers
(e.g. nobody coded it); they are then NaN and the raw agreement still tells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

AGREEMENT_COLUMNS = (
    "theme", "label", "n", "model_positive", "reviewer_positive",
    "agreement", "kappa", "alpha",
)  # fmt: skip


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's kappa of two 0/1 codings; NaN when chance agreement is 1 (one value only)."""
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    if len(a) == 0 or len(np.union1d(a, b)) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def krippendorff_alpha(a: Sequence[int], b: Sequence[int]) -> float:
    """Krippendorff's alpha (nominal) of two codings; NaN when only one value occurs."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) == 0 or len(np.union1d(a, b)) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=np.vstack([a, b]),
                                    level_of_measurement="nominal"))  # fmt: skip


def agreement_table(
    first: pd.DataFrame,
    second: pd.DataFrame,
    theme_ids: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Per theme: n, positives per coder, share agreeing, Cohen's kappa, Krippendorff's alpha.

    ``first`` and ``second`` hold one 0/1 column per theme id for the same rows in
    the same order (e.g. the model's coding and the reviewers').
    """
    if len(first) != len(second):
        raise ValueError(f"codings differ in length: {len(first)} vs {len(second)} rows")
    rows = []
    for t in theme_ids:
        a = first[t].astype(int).to_numpy()
        b = second[t].astype(int).to_numpy()
        rows.append(
            {
                "theme": t,
                "label": (labels or {}).get(t, t),
                "n": len(a),
                "model_positive": int(a.sum()),
                "reviewer_positive": int(b.sum()),
                "agreement": float((a == b).mean()) if len(a) else float("nan"),
                "kappa": cohen_kappa(a, b),
                "alpha": krippendorff_alpha(a, b),
            }
        )
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
