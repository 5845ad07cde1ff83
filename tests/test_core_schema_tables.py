"""The shared segment schema and the table reader/writer every stage uses."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.schema import SEGMENT_COLUMNS, SchemaError, make_segments, validate_segments
from pipeline.tables import TableError, read_table, write_table


def test_make_segments_fills_core_columns_in_order_and_keeps_extras():
    df = make_segments([{"text": "Vi har fokus på job.", "start": 0, "end": 20, "score": 0.5}])
    assert list(df.columns)[: len(SEGMENT_COLUMNS)] == list(SEGMENT_COLUMNS)
    assert df.columns[-1] == "score"
    assert pd.isna(df.loc[0, "doc_id"])
    assert df["start"].dtype == "Int64"


def test_validate_segments_names_missing_columns():
    with pytest.raises(SchemaError, match="missing segment columns.*doc_id"):
        validate_segments(pd.DataFrame({"text": ["x"]}), source="x.csv")


def test_validate_segments_rejects_unknown_doc_type_and_reversed_offsets():
    good = make_segments([{"doc_type": "minutes", "kind": "paragraph", "start": 0, "end": 3}])
    validate_segments(good)
    with pytest.raises(SchemaError, match="unknown doc_type"):
        validate_segments(good.assign(doc_type="avis"))
    with pytest.raises(SchemaError, match="end before they start"):
        validate_segments(good.assign(start=5))


@pytest.mark.parametrize("ext", [".csv", ".xlsx", ".parquet", ".jsonl"])
def test_table_round_trip_keeps_danish_letters(tmp_path, ext):
    df = pd.DataFrame({"respondent": ["007", "Ærø"], "answer": ["Både æ, ø og å", "Ungdomsråd"]})
    path = write_table(df, tmp_path / f"t{ext}")
    back = read_table(path)
    assert back["answer"].tolist() == df["answer"].tolist()
    if ext in (".csv", ".xlsx"):
        assert back["respondent"].tolist() == ["007", "Ærø"]  # leading zeros kept


def test_read_cp1252_semicolon_csv_as_danish_excel_writes_it(tmp_path):
    path = tmp_path / "excel.csv"
    text = "respondent;answer\nraad01;Fokus på beskæftigelse og kulturmøder\n"
    path.write_bytes(text.encode("cp1252"))
    df = read_table(path)
    assert list(df.columns) == ["respondent", "answer"]
    assert df.loc[0, "answer"] == "Fokus på beskæftigelse og kulturmøder"


def test_unknown_table_format_names_file(tmp_path):
    path = tmp_path / "answers.odt"
    path.write_text("x")
    with pytest.raises(TableError, match="answers.odt: unknown table format"):
        read_table(path)


def test_segments_read_back_from_csv_validate(tmp_path):
    seg = make_segments([
        {"doc_type": "minutes", "kind": "paragraph", "page": 2, "start": 0, "end": 4},
        {"doc_type": "report", "kind": "heading", "start": 5, "end": 9},  # no page (HTML)
    ])
    back = validate_segments(read_table(write_table(seg, tmp_path / "seg.csv")))
    assert back["page"].tolist()[0] == 2 and pd.isna(back["page"].tolist()[1])
