"""Coding a table of texts: add theme columns to any segment or answers table.

``code_frame`` is what ``raadskoder code``, the batch runner and the report
call. It keeps the caller's columns in their order and appends, per theme, a
0/1 column and a ``p_<theme>`` probability, then ``themes``. With
``anonymize=True`` the texts are first anonymised by the NER stage and the
*anonymised* text is classified, so that the coded table and anything built from
it can be shared without names.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline.classify.labels import matrix_to_themes
from pipeline.classify.model import ThemeClassifier
from pipeline.classify.store import load_theme_model


class CodingError(ValueError):
    """The table cannot be coded (missing text column, anonymiser unavailable)."""


def code_frame(
    df: pd.DataFrame,
    *,
    text_column: str = "text",
    model: ThemeClassifier | None = None,
    anonymize: bool = True,
    nlp: Any = None,
    respondent_column: str | None = None,
) -> pd.DataFrame:
    """Return ``df`` plus theme columns; see the module docstring for the layout.

    ``model`` defaults to the shipped model. Empty and whitespace-only texts get
    no themes and probability 0. Existing theme columns of the same names (from
    an earlier run) are replaced, not duplicated. With ``respondent_column`` the
    rows of one respondent are one council's answers and the model's council
    gates apply (:meth:`ThemeClassifier.decide`): pass the whole survey at once.
    """
    missing = [c for c in (text_column, respondent_column) if c and c not in df.columns]
    if missing:
        raise CodingError(f"no column(s) {missing}; columns found: {list(df.columns)}")
    model = model if model is not None else load_theme_model()
    theme_ids = list(model.theme_ids)
    texts = ["" if pd.isna(t) else str(t) for t in df[text_column]]
    added: dict[str, Any] = {}
    if anonymize:
        texts = _anonymize(texts, nlp)
        added[f"{text_column}_anonymised"] = texts
    proba = model.predict_proba(texts)
    Y = model.decide(proba, df[respondent_column].tolist() if respondent_column else None)
    for j, tid in enumerate(theme_ids):
        added[tid] = Y[:, j].astype(np.int64)
    for j, tid in enumerate(theme_ids):
        added[f"p_{tid}"] = np.round(proba[:, j], 4)
    added["themes"] = matrix_to_themes(Y, theme_ids)
    out = df.drop(columns=[c for c in added if c in df.columns]).reset_index(drop=True)
    return pd.concat([out, pd.DataFrame(added)], axis=1)


def gate_coded(frame: pd.DataFrame, model: ThemeClassifier, keys: list[object]) -> pd.DataFrame:
    """Apply the model's council gates to a table already coded in parts.

    For runs that code a survey in chunks (the batch runner), where one council's
    answers may fall in different chunks: ``keys`` names each row's council
    (``None``: no council). Gates only remove codes, from the table's own 0/1 and
    ``p_<theme>`` columns, so the result is what coding the whole survey at once
    with ``respondent_column`` gives.
    """
    theme_ids = list(model.theme_ids)
    if frame.empty or not model.gates.any():
        return frame
    codes = frame[theme_ids].fillna(0).to_numpy(dtype=np.int8)
    proba = frame[[f"p_{t}" for t in theme_ids]].fillna(0).to_numpy(dtype=float)
    gated = model.gate(codes, proba, keys)
    out = frame.copy()
    for j, t in enumerate(theme_ids):
        out[t] = gated[:, j]
    out["themes"] = matrix_to_themes(gated, theme_ids)
    return out


def _anonymize(texts: list[str], nlp: Any) -> list[str]:
    """Anonymise with the NER stage, imported lazily so coding works without spaCy loaded."""
    try:
        from pipeline.nlp import anonymize_texts
    except ImportError as exc:
        raise CodingError(
            "anonymisation is not available (pipeline.nlp.anonymize_texts); "
            "code without it (--no-anonymize / anonymize=False)"
        ) from exc
    return [a.text for a in anonymize_texts(texts, nlp=nlp)]
