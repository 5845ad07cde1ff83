"""Write ``report.xlsx``: counts, coded answers for review, quotes, and provenance.

The *Kodede svar* sheet is also the review form: reviewers fill the empty
``corrected_themes`` column and ``raadskoder review import`` reads it back, keyed
by ``answer_id``. The *Metadata* sheet records which coded table and codebook
the workbook was made from, so an import lands in the right corpus file and
validates against the right theme ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.report.prepare import CodedAnswers

SHEET_COUNTS = "Optælling"
SHEET_CODED = "Kodede svar"
SHEET_QUOTES = "Citater"
SHEET_COMPARISON = "Udvikling"
SHEET_META = "Metadata"
#: The column reviewers fill: theme ids joined by ";", or "-"/"ingen" for none.
CORRECTION_COLUMN = "corrected_themes"

_HEADER_FILL = PatternFill("solid", fgColor="DDE8ED")
_REVIEW_FILL = PatternFill("solid", fgColor="FFF4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")


def coded_sheet_frame(answers: CodedAnswers) -> pd.DataFrame:
    """The *Kodede svar* table: ids, anonymised answer, 0/1 per theme, scores, themes, and
    the empty ``corrected_themes`` column."""
    f = answers.frame
    out = f[["answer_id", "respondent", "question"]].copy()
    out["answer"] = f["text"]
    for t in answers.theme_ids:
        out[t] = f[t].astype(int)
    for t in answers.theme_ids:
        out[f"p_{t}"] = f[f"p_{t}"].round(4)
    out["themes"] = f["themes"]
    out[CORRECTION_COLUMN] = ""
    return out


def write_xlsx(
    path: str | Path,
    answers: CodedAnswers,
    counts: pd.DataFrame,
    quotes: pd.DataFrame,
    metadata: Mapping[str, Any],
    *,
    comparison: pd.DataFrame | None = None,
) -> Path:
    """Write the workbook to ``path`` and return it.

    ``comparison`` (from :func:`pipeline.compare.compare_figures`) adds the sheet
    *Udvikling*: the figures several reports state on the same topics.
    """
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_COUNTS
    counts_out = pd.DataFrame(
        {
            "Tema": counts["label"],
            "Tema-id": counts["theme"],
            "Antal råd": counts["count"].astype(int),
            "Ud af": counts["base"].astype(int),
            "Antal råd (tekst)": [
                f"{int(c)} ud af {int(b)} råd"
                for c, b in zip(counts["count"], counts["base"], strict=True)
            ],
            "Andel": counts["share"].astype(float).round(4),
            "Offentliggjort": counts["reference"],
            "Forskel": counts["difference"],
        }
    )
    _fill(ws, counts_out, widths={"Tema": 48, "Antal råd (tekst)": 20})
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "0%"

    coded = coded_sheet_frame(answers)
    ws = wb.create_sheet(SHEET_CODED)
    _fill(ws, coded, widths={"answer": 70, CORRECTION_COLUMN: 26, "themes": 26, "question": 18})
    col = coded.columns.get_loc(CORRECTION_COLUMN) + 1
    for row in ws.iter_rows(min_row=1, min_col=col, max_col=col):
        for cell in row:
            cell.fill = _REVIEW_FILL
    for t in answers.theme_ids:
        c = coded.columns.get_loc(f"p_{t}") + 1
        for row in ws.iter_rows(min_row=2, min_col=c, max_col=c):
            for cell in row:
                cell.number_format = "0.00"

    ws = wb.create_sheet(SHEET_QUOTES)
    quotes_out = pd.DataFrame(
        {
            "Tema": quotes["label"],
            "Tema-id": quotes["theme"],
            "Score": quotes["score"].astype(float).round(4),
            "Råd": quotes["respondent"],
            "Spørgsmål": quotes["question"],
            "answer_id": quotes["answer_id"],
            "Citat": quotes["text"],
        }
    )
    _fill(ws, quotes_out, widths={"Tema": 36, "Citat": 90})

    if comparison is not None and not comparison.empty:
        ws = wb.create_sheet(SHEET_COMPARISON)
        comp = pd.DataFrame(
            {
                "Emne": comparison["label"],
                "Rapport": comparison["report"],
                "Tal": comparison["figure"],
                "Side": comparison["page"],
                "Sætning": comparison["sentence"],
            }
        )
        _fill(ws, comp, widths={"Emne": 26, "Tal": 24, "Sætning": 100})

    ws = wb.create_sheet(SHEET_META)
    meta = pd.DataFrame({"key": list(metadata), "value": [str(v) for v in metadata.values()]})
    _fill(ws, meta, widths={"key": 22, "value": 100})
    wb.properties.creator = "raadskoder"
    wb.save(path)
    return path


def read_metadata(wb) -> dict[str, str]:
    """The key/value pairs of the *Metadata* sheet of an opened workbook ({} if absent)."""
    if SHEET_META not in wb.sheetnames:
        return {}
    rows = list(wb[SHEET_META].iter_rows(min_row=2, values_only=True))
    return {str(k): "" if v is None else str(v) for k, v, *_ in rows if k is not None}


def _fill(ws, frame: pd.DataFrame, widths: Mapping[str, int] | None = None) -> None:
    """Write ``frame`` with a bold, frozen, filterable header and wrapped long text."""
    widths = dict(widths or {})
    ws.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([_cell(v) for v in values])
    for i, name in enumerate(frame.columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        letter = get_column_letter(i)
        width = widths.get(str(name), min(max(len(str(name)) + 2, 10), 30))
        ws.column_dimensions[letter].width = width
        if width >= 40:
            for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                for c in row:
                    c.alignment = _WRAP
    ws.freeze_panes = "A2"
    if len(frame):
        ws.auto_filter.ref = ws.dimensions


def _cell(value: Any) -> Any:
    """Plain Python values for openpyxl; NaN/None -> empty cell."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if isinstance(value, float) and pd.isna(value):
            return None
    return value
