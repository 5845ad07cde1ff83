"""Survey exports as answers: long or wide tables in, one row per answer out.

Survey tools export either *long* tables (one row per respondent x question) or
*wide* ones (one row per respondent, one column per question). Everything
downstream wants long rows, and a survey answer is a segment like any other
(``doc_type = survey``, ``kind = answer``), so this module is the one place that
knows about export shapes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from pipeline.paths import SURVEY_DIR
from pipeline.readers.base import content_hash
from pipeline.schema import make_segments
from pipeline.tables import TableError, read_table

#: The questionnaire of the corpus: question ids in order, with their wording.
QUESTIONS_FILE = SURVEY_DIR / "questions.yaml"


class SurveyError(TableError):
    """A survey file lacks a needed column or is otherwise unusable."""


def questionnaire(path: str | Path = QUESTIONS_FILE) -> dict[str, str]:
    """Question id -> wording, in the questionnaire's order (empty when the file is missing)."""
    path = Path(path)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {q["id"]: q.get("text", "") for q in data.get("questions", [])}


def load_answers(
    path: str | Path,
    *,
    wide: bool = False,
    respondent: str = "respondent",
    question: str = "question",
    answer: str = "answer",
    header: int | None = None,
) -> pd.DataFrame:
    """Read a survey export (CSV UTF-8/cp1252, XLSX, Parquet) as a long table of answers.

    Long input must have the ``respondent``, ``question`` and ``answer`` columns
    (names overridable); other columns are kept in their order. Wide input
    (``wide=True``) has a ``respondent`` column and one column per question; it is
    melted to long rows whose ``question`` is the column name and ``answer`` the
    cell, respondents in file order, questions in column order. Missing answers
    become "" so that they are coded with no theme instead of dropped.
    ``header`` is the row of the column names when an export has rows above
    them (default: the first row).
    """
    df = read_table(path) if header is None else read_table(path, header=header)
    if wide:
        _require(df, [respondent], path)
        questions = [c for c in df.columns if c != respondent]
        if not questions:
            raise SurveyError(f"{path}: wide survey has no question columns besides {respondent!r}")
        long = df.melt(
            id_vars=[respondent], value_vars=questions, var_name=question, value_name=answer
        )
        # melt orders by question first; a reader expects respondent by respondent.
        order = {q: i for i, q in enumerate(questions)}
        long["_r"] = long.groupby(respondent, sort=False).ngroup()
        long["_q"] = long[question].map(order)
        df = long.sort_values(["_r", "_q"], kind="stable").drop(columns=["_r", "_q"])
        df = df.reset_index(drop=True)
    else:
        _require(df, [respondent, question, answer], path)
    df[answer] = df[answer].fillna("").astype(str)
    return df


def _require(df: pd.DataFrame, columns: list[str], path: str | Path) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SurveyError(
            f"{path}: missing column(s) {missing}; columns found: {list(df.columns)} "
            "(use --respondent-column/--question-column/--answer-column or --wide)"
        )


def answers_to_segments(
    df: pd.DataFrame,
    source: str | Path,
    *,
    respondent: str = "respondent",
    question: str = "question",
    answer: str = "answer",
) -> pd.DataFrame:
    """Turn a long answers table into segments (``doc_type`` survey, ``kind`` answer).

    ``doc_id`` is the content hash of the file at ``source`` when it exists (so a
    segment traces back to the exact export), else a hash of the path string.
    Columns other than the three answer columns are carried along as extra columns.
    """
    src = Path(source)
    data = src.read_bytes() if src.is_file() else str(source).encode("utf-8")
    doc_id = content_hash(data)
    extra = [c for c in df.columns if c not in (respondent, question, answer)]
    rows = []
    for rec in df.to_dict("records"):
        row = {
            "doc_id": doc_id,
            "source": str(source),
            "doc_type": "survey",
            "kind": "answer",
            "respondent": _str_or_na(rec[respondent]),
            "question": _str_or_na(rec[question]),
            "text": "" if pd.isna(rec[answer]) else str(rec[answer]),
        }
        row.update({c: rec[c] for c in extra if c not in row})
        rows.append(row)
    return make_segments(rows)


def _str_or_na(value: object) -> object:
    return pd.NA if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
