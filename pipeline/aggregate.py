"""Counting themes per respondent: the "N ud af 17 råd" figures.

A council (respondent) counts once for a theme when at least one of its answers
is coded with it, however many answers mention it; the base is the number of
distinct respondents in the coded table, including those whose answers got no
theme at all. With a reference (the published counts) the table shows the
difference, which is how `make reproduce` checks the 2023 report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipeline.tables import TableError, read_table

COUNT_COLUMNS = ("theme", "label", "count", "base", "share", "reference", "difference")


def count_themes(
    coded: pd.DataFrame,
    theme_ids: Sequence[str],
    *,
    respondent: str = "respondent",
    reference: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Per theme: respondents coded with it (``count``), ``base``, ``share`` and the reference.

    ``coded`` needs the ``respondent`` column and one 0/1 column per theme id.
    ``reference`` is a table from :func:`load_reference`; ``reference`` and
    ``difference`` (count - reference) are <NA> for themes it does not list.
    Labels come from ``labels``, else the reference, else the theme id.
    """
    missing = [c for c in [respondent, *theme_ids] if c not in coded.columns]
    if missing:
        raise ValueError(
            f"coded table lacks column(s) {missing}; columns found: {list(coded.columns)}"
        )
    resp = coded[respondent].astype("string").fillna("")
    flags = coded[list(theme_ids)].apply(pd.to_numeric, errors="coerce").fillna(0).gt(0)
    per_resp = flags.groupby(resp.values, sort=False).max()
    base = int(resp.nunique())
    ref = reference.set_index("theme") if reference is not None else None
    rows = []
    for tid in theme_ids:
        count = int(per_resp[tid].sum()) if len(per_resp) else 0
        ref_count = int(ref.loc[tid, "count"]) if ref is not None and tid in ref.index else pd.NA
        label = (labels or {}).get(tid)
        if label is None and ref is not None and tid in ref.index and "label" in ref.columns:
            label = ref.loc[tid, "label"]
        rows.append(
            {
                "theme": tid,
                "label": label or tid,
                "count": count,
                "base": base,
                "share": round(count / base, 4) if base else 0.0,
                "reference": ref_count,
                "difference": pd.NA if ref_count is pd.NA else count - ref_count,
            }
        )
    out = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    for col in ("reference", "difference"):
        out[col] = out[col].astype("Int64")
    return out


def load_reference(path: str | Path) -> pd.DataFrame:
    """Read published counts (``theme``, ``count`` and optionally ``base``, ``label``)."""
    df = read_table(path)
    missing = [c for c in ("theme", "count") if c not in df.columns]
    if missing:
        raise TableError(
            f"{path}: reference counts lack column(s) {missing}; columns found: {list(df.columns)}"
        )
    out = df.copy()
    try:
        out["count"] = pd.to_numeric(out["count"], errors="raise").astype(int)
        if "base" in out.columns:
            out["base"] = pd.to_numeric(out["base"], errors="raise").astype(int)
    except (TypeError, ValueError) as exc:
        raise TableError(f"{path}: reference counts must be whole numbers: {exc}") from exc
    if out["theme"].duplicated().any():
        dups = sorted(out.loc[out["theme"].duplicated(), "theme"].unique())
        raise TableError(f"{path}: duplicate themes in reference: {dups}")
    return out
