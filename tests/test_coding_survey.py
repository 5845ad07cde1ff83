"""Survey input: long and wide tables, CSV encodings, XLSX, Parquet, missing columns."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.schema import validate_segments
from pipeline.survey import SurveyError, answers_to_segments, load_answers

LONG = pd.DataFrame(
    {
        "respondent": ["Aarhus", "Aarhus", "Køge"],
        "question": ["temaer", "udfordringer", "temaer"],
        "answer": ["Beskæftigelse og sprogpraktik", "Få medlemmer møder op", "Æbleø og Ålborg"],
    }
)


def test_long_csv_utf8(tmp_path):
    path = tmp_path / "svar.csv"
    LONG.to_csv(path, index=False, encoding="utf-8")
    df = load_answers(path)
    assert df.to_dict("list") == LONG.to_dict("list")


def test_long_csv_cp1252_semicolon_as_danish_excel_writes(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(LONG.to_csv(index=False, sep=";").encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really cp1252, not UTF-8
    df = load_answers(path)
    assert df["answer"].tolist()[2] == "Æbleø og Ålborg"
    assert df["respondent"].tolist() == ["Aarhus", "Aarhus", "Køge"]


def test_xlsx_and_parquet(tmp_path):
    for name in ("svar.xlsx", "svar.parquet"):
        path = tmp_path / name
        (LONG.to_excel if name.endswith("xlsx") else LONG.to_parquet)(path, index=False)
        assert load_answers(path)["answer"].tolist() == LONG["answer"].tolist()


def test_wide_is_melted_respondent_by_respondent_keeping_question_names(tmp_path):
    wide = pd.DataFrame(
        {
            "råd": ["r1", "r2"],
            "Hvilke temaer fylder?": ["Job", ""],
            "Udfordringer": ["Synlighed", "Ukrainere"],
        }
    )
    path = tmp_path / "wide.xlsx"
    wide.to_excel(path, index=False)
    df = load_answers(path, wide=True, respondent="råd")
    assert df.columns.tolist() == ["råd", "question", "answer"]
    assert df["råd"].tolist() == ["r1", "r1", "r2", "r2"]
    assert df["question"].tolist() == ["Hvilke temaer fylder?", "Udfordringer"] * 2
    assert df["answer"].tolist() == ["Job", "Synlighed", "", "Ukrainere"]


def test_overridden_column_names(tmp_path):
    path = tmp_path / "svar.csv"
    LONG.rename(columns={"respondent": "kommune", "answer": "svar"}).to_csv(path, index=False)
    df = load_answers(path, respondent="kommune", answer="svar")
    assert df["svar"].tolist() == LONG["answer"].tolist()


def test_missing_column_error_lists_columns_found(tmp_path):
    path = tmp_path / "svar.csv"
    LONG.rename(columns={"answer": "svar"}).to_csv(path, index=False)
    with pytest.raises(SurveyError) as err:
        load_answers(path)
    msg = str(err.value)
    assert "svar.csv" in msg and "['answer']" in msg
    assert "columns found: ['respondent', 'question', 'svar']" in msg


def test_answers_to_segments_follow_the_schema(tmp_path):
    path = tmp_path / "svar.csv"
    LONG.assign(kommune_nr=["751", "751", "259"]).to_csv(path, index=False)
    seg = answers_to_segments(load_answers(path), path)
    validate_segments(seg)
    assert set(seg["doc_type"]) == {"survey"} and set(seg["kind"]) == {"answer"}
    assert seg["text"].tolist() == LONG["answer"].tolist()
    assert seg["kommune_nr"].tolist() == ["751", "751", "259"]
    assert seg["doc_id"].nunique() == 1
