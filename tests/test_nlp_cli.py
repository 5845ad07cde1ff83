"""The ner / anonymize / evaluate-ner commands on small files (rule-only pipeline: fast)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.nlp.components import build_rule_pipeline
from pipeline.nlp.files import anonymize_file, ner_file, redaction_log_path
from pipeline.tables import read_table

runner = CliRunner()


@pytest.fixture(scope="module")
def rules():
    return build_rule_pipeline()


def test_ner_text_file_one_line_per_input(tmp_path, rules):
    src = tmp_path / "in.txt"
    lines = ["Rådet i Odense Kommune mødes.", "", "Se lov nr. 2623 af 28/12/2021."]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert ner_file(src, out, nlp=rules) == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == lines
    ent = rows[0]["entities"][0]
    assert ent == {"start": 8, "end": 22, "label": "MUNICIPALITY", "text": "Odense Kommune"}
    assert rows[0]["text"][ent["start"]:ent["end"]] == ent["text"]
    assert rows[1]["entities"] == []
    assert rows[2]["entities"][0]["label"] == "LAW"


def test_anonymize_table_keeps_other_columns_and_logs_without_values(tmp_path, rules):
    src = tmp_path / "svar.csv"
    pd.DataFrame({
        "respondent": ["007", "012"],
        "answer": ["Vi samarbejder med Vejle Kommune, ring 23 45 67 89.", "Røde Kors hjælper."],
    }).to_csv(src, sep=";", index=False)
    out, log, n = anonymize_file(src, tmp_path / "anon.csv", column="answer", nlp=rules)
    df = read_table(out)
    assert list(df.columns) == ["respondent", "answer"]
    assert list(df["respondent"]) == ["007", "012"]
    assert list(df["answer"]) == [
        "Vi samarbejder med [kommunen], ring [telefon].", "Røde Kors hjælper."
    ]
    assert log == redaction_log_path(out) and log.name == "anon.csv.redactions.jsonl"
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert n == len(records) == 2
    assert records[0] == {"row": 0, "column": "answer", "start": 19, "end": 32,
                          "label": "MUNICIPALITY", "replacement": "[kommunen]"}
    assert "Vejle" not in log.read_text(encoding="utf-8")
    assert "23 45" not in log.read_text(encoding="utf-8")


def test_cli_anonymize_text_file(tmp_path):
    src = tmp_path / "citater.txt"
    src.write_text("Skriv til ole@odense.dk.\nIngen persondata her.\n", encoding="utf-8")
    out = tmp_path / "anon.txt"
    result = runner.invoke(app, ["anonymize", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "Skriv til [e-mail].\nIngen persondata her.\n"
    assert redaction_log_path(out).exists()


def test_cli_missing_column_lists_columns(tmp_path):
    src = tmp_path / "t.csv"
    pd.DataFrame({"svar": ["x"]}).to_csv(src, index=False)
    args = ["ner", str(src), "-o", str(tmp_path / "o.jsonl"), "--column", "answer"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "no column 'answer'" in result.output and "svar" in result.output


def test_cli_bad_model_path(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("tekst\n", encoding="utf-8")
    result = runner.invoke(app, ["ner", str(src), "-o", str(tmp_path / "o.jsonl"),
                                 "--model", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a spaCy pipeline" in result.output


def test_cli_evaluate_ner(tmp_path):
    gold = tmp_path / "gold.txt"
    gold.write_text(
        "Mødet i {Arbejdsmarkedsudvalget|COMMITTEE} i {Aarhus Kommune|MUNICIPALITY}.\n"
        "{Røde Kors|ORG} fik {50.000 kr.|MONEY} i {2023|DATE}.\n"
        "{Røde Ko|ORG}rs er ikke markeret på et ordskel.\n",
        encoding="utf-8",
    )
    scores = tmp_path / "scores.json"
    result = runner.invoke(app, ["evaluate-ner", str(gold), "--json", str(scores)])
    assert result.exit_code == 0, result.output
    data = json.loads(scores.read_text(encoding="utf-8"))
    assert data["n_texts"] == 2
    assert data["labels"]["MUNICIPALITY"]["f1"] == 1.0
    assert data["anonymisation"]["MUNICIPALITY"]["recall"] == 1.0
    assert "anonymisation" in result.output
    assert "2 texts (all); 1 lines left out" in result.output  # the misaligned third line


def test_cli_evaluate_ner_writes_each_anonymisation_error(tmp_path):
    # The shipped pipeline: "Kage" is no name (missed); the unannotated "Mette Hansen" is
    # hidden (a false replacement), which the statistical ner alone already found.
    gold = tmp_path / "gold.txt"
    gold.write_text("Hilsen {Kage|PER} fra {Aarhus Kommune|MUNICIPALITY}.\n"
                    "Ring til Mette Hansen i morgen.\n", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate-ner", str(gold), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    found = sorted((r["kind"], r["label"], r["surface"]) for r in rows)
    assert found == [("false", "PER", "Mette Hansen"), ("missed", "PER", "Kage")]
    assert [r["model"] for r in rows if r["kind"] == "false"] == [True]
    assert all(r["context"].count(r["surface"]) >= 1 for r in rows)
    assert "2 anonymisation errors written" in result.output


def test_errors_tell_what_the_statistical_ner_had():
    # A stand-in "ner" (an entity ruler) proposes "Derudover" and "Mette" as persons. The
    # rules drop "Derudover" (a long word opening a sentence): a miss the model had. "os"
    # (gold, for the test) nobody proposes: a miss the model did not have. "Mette Hansen"
    # is hidden over no gold mention: a false replacement the model had a part of.
    from spacy.tokens import Span

    from pipeline.nlp.evaluate import evaluate_docs
    from pipeline.nlp.language import blank_danish

    nlp = build_rule_pipeline()
    nlp.add_pipe("entity_ruler", name="ner", first=True).add_patterns(
        [{"label": "PER", "pattern": "Derudover"}, {"label": "PER", "pattern": "Mette"}])
    gold = blank_danish()("Derudover kom vi fra os. Ring til Mette Hansen.")
    gold.ents = [Span(gold, 0, 1, "PER"), Span(gold, 4, 5, "PER")]
    errors: list[dict] = []
    evaluate_docs(nlp, [gold], errors)
    assert sorted((e["kind"], e["surface"], e["model"]) for e in errors) == [
        ("false", "Mette Hansen", True), ("missed", "Derudover", True), ("missed", "os", False)]
