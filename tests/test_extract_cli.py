"""The ingest, profile and stats commands (thin wrappers; checked end to end)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.paths import CORPUS_DIR
from pipeline.schema import SEGMENT_COLUMNS, validate_segments
from pipeline.tables import read_table

EXAMPLES = CORPUS_DIR / "examples"
runner = CliRunner()


@pytest.mark.parametrize("ext", ["jsonl", "csv", "parquet"])
def test_ingest_writes_segments_and_documents(tmp_path, ext):
    out = tmp_path / f"segmenter.{ext}"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = read_table(out)
    if ext == "csv":  # read_table reads CSV cells as strings: empty page = ""
        table = table.replace("", pd.NA)
    segs = validate_segments(table, source=str(out))
    assert list(segs.columns[: len(SEGMENT_COLUMNS)]) == list(SEGMENT_COLUMNS)
    docs = read_table(tmp_path / f"segmenter.documents.{ext}")
    assert list(docs.columns) == ["doc_id", "source", "doc_type", "pages", "n_chars", "text"]
    assert set(segs.doc_id.astype(str)) == set(docs.doc_id.astype(str))
    # offsets point into the documents' full texts
    texts = dict(zip(docs.doc_id.astype(str), docs.text, strict=True))
    for row in segs.head(40).itertuples():
        assert row.text == " ".join(texts[str(row.doc_id)][int(row.start) : int(row.end)].split())


def test_ingest_type_override(tmp_path):
    out = tmp_path / "s.jsonl"
    path = EXAMPLES / "referat_soeby_2023.txt"
    ok = runner.invoke(app, ["ingest", str(path), "-o", str(out), "--type", "report"])
    assert ok.exit_code == 0
    segs = read_table(out)
    assert set(segs.doc_type) == {"report"} and segs.item_no.isna().all()
    bad = runner.invoke(app, ["ingest", str(path), "-o", str(out), "--type", "poem"])
    assert bad.exit_code == 2 and "unknown document type" in bad.output


def test_profile_prints_json(tmp_path):
    out = tmp_path / "profil.json"
    result = runner.invoke(app, ["profile", str(EXAMPLES / "kommissorium_vestby_2023.docx"),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["members"]["max"] == 11
    assert json.loads(out.read_text(encoding="utf-8")) == record


def test_profile_of_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["profile", str(tmp_path / "findes_ikke.pdf")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_stats_from_documents_and_from_a_segments_table(tmp_path):
    out = tmp_path / "tal.csv"
    report = EXAMPLES / "rapport_lokale_raad_2024.pdf"
    result = runner.invoke(app, ["stats", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    figures = pd.read_csv(out)
    assert {"kind", "n", "m", "value", "qualifier", "sentence", "page", "section"} <= set(
        figures.columns
    )
    assert ((figures.n == 11) & (figures.m == 14)).any()
    assert "hele" in result.output
    for ext in ("parquet", "csv"):
        segs = tmp_path / f"s.{ext}"
        runner.invoke(app, ["ingest", str(report), "-o", str(segs)])
        again = runner.invoke(app, ["stats", str(segs), "-o", str(tmp_path / "tal2.csv")])
        assert again.exit_code == 0, again.output
        assert len(pd.read_csv(tmp_path / "tal2.csv")) == len(figures)
