"""Survey exports found in an archive: find the header row, then hand over to ``pipeline.survey``.

Exports from survey tools and hand-made spreadsheets often put a title, an
export date and a blank row above the column names. In a batch nobody can pass
``--header-row``, so the header is found: the first of the first rows that
contains the ``respondent`` column (and ``question``/``answer`` for a long
table); a row with ``respondent`` but not the other two means a wide table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.survey import SurveyError, answers_to_segments, load_answers
from pipeline.tables import read_table

#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 15
LONG = ("respondent", "question", "answer")


def read_survey(path: str | Path) -> pd.DataFrame:
    """Segments (``doc_type`` survey, ``kind`` answer) of a CSV/XLSX survey export."""
    try:
        return answers_to_segments(load_answers(path), path)
    except SurveyError:
        pass
    top = read_table(path, header=None, nrows=HEADER_SEARCH_ROWS)
    for i, values in enumerate(top.itertuples(index=False)):
        cells = {str(v).strip().lower(): v for v in values}  # -> the column name as written
        if "respondent" not in cells:
            continue
        wide = not all(c in cells for c in LONG)
        names = {c: cells[c] for c in (LONG[:1] if wide else LONG)}
        return answers_to_segments(load_answers(path, header=i, wide=wide, **names), path, **names)
    raise SurveyError(
        f"{path}: no header row with a 'respondent' column in the first "
        f"{HEADER_SEARCH_ROWS} rows; columns found: {list(top.iloc[0]) if len(top) else []}")
