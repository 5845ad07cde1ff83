"""The segment table: the one schema every stage of the pipeline shares.

A segment is a piece of text with its provenance. A paragraph of a PDF report,
an agenda item section in minutes, a field of a kommissorium and a survey answer
are all segments, so coding, counting and reporting never care where a text
came from. Later stages add columns (``text_anonymised``, ``entities``, one 0/1
column per theme and ``p_<theme>``) but never remove the core ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

#: Core columns in their canonical order, with the pandas dtype each holds.
SEGMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string",  # content hash of the source file (sha1 hex, 16 chars)
    "source": "string",  # path of the source file as given
    "doc_type": "string",  # report | minutes | terms | survey | unknown
    "page": "Int64",  # first page (1-based) of the segment; <NA> for non-paged input
    "kind": "string",  # heading | paragraph | quote | list_item | table | field | answer
    "section": "string",  # heading path, "A > B"
    "item_no": "string",  # agenda item number (minutes)
    "item_title": "string",  # agenda item title (minutes)
    "case_no": "string",  # case number (minutes), e.g. 2010-150914
    "respondent": "string",  # survey respondent (council / municipality id)
    "question": "string",  # survey question id or text
    "text": "string",  # the segment text
    "start": "Int64",  # character offset into the document's cleaned full text
    "end": "Int64",  # exclusive end offset
}

DOC_TYPES = ("report", "minutes", "terms", "survey", "unknown")
KINDS = ("heading", "paragraph", "quote", "list_item", "table", "field", "answer")


class SchemaError(ValueError):
    """A table does not follow the segment schema; the message says how."""


def empty_segments() -> pd.DataFrame:
    """An empty segment table with the core columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SEGMENT_COLUMNS.items()})


def make_segments(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a segment table from dict rows, filling missing core columns with <NA>.

    Extra keys are kept as extra columns after the core ones, so a stage can
    carry its own information (e.g. ``qualifier`` of a figure) without a schema
    change.
    """
    df = pd.DataFrame(list(rows))
    if df.empty:
        return empty_segments()
    for col in SEGMENT_COLUMNS:
        if col not in df.columns:
            df[col] = pd.NA
    extra = [c for c in df.columns if c not in SEGMENT_COLUMNS]
    df = df[list(SEGMENT_COLUMNS) + extra]
    return coerce_segments(df)


def coerce_segments(df: pd.DataFrame) -> pd.DataFrame:
    """Cast the core columns present in ``df`` to their schema dtypes."""
    out = df.copy()
    for col, dtype in SEGMENT_COLUMNS.items():
        if col not in out.columns:
            continue
        if dtype == "Int64" and not pd.api.types.is_numeric_dtype(out[col]):
            # CSV and XLSX give empty cells as "" (tables are read as strings).
            out[col] = pd.to_numeric(out[col].replace("", pd.NA))
        out[col] = out[col].astype(dtype)
    return out


def validate_segments(df: pd.DataFrame, *, source: str = "segment table") -> pd.DataFrame:
    """Check that ``df`` is a segment table and return it with schema dtypes.

    Raises :class:`SchemaError` naming the missing columns and the bad values, so
    a user who hand-edits a table learns what to fix.
    """
    missing = [c for c in SEGMENT_COLUMNS if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{source}: missing segment columns {missing}; found {list(df.columns)}"
        )
    out = coerce_segments(df)
    bad_types = set(out["doc_type"].dropna()) - set(DOC_TYPES)
    if bad_types:
        raise SchemaError(f"{source}: unknown doc_type {sorted(bad_types)}; expected {DOC_TYPES}")
    bad_kinds = set(out["kind"].dropna()) - set(KINDS)
    if bad_kinds:
        raise SchemaError(f"{source}: unknown kind {sorted(bad_kinds)}; expected {KINDS}")
    both = out["start"].notna() & out["end"].notna()
    if (out.loc[both, "end"] < out.loc[both, "start"]).any():
        raise SchemaError(f"{source}: some segments end before they start")
    return out
