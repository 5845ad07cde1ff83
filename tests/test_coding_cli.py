"""The coding CLI end to end: train a tiny model, code, count and evaluate with it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from coding_helpers import IGNORE_TINY_FOLD_WARNINGS, write_tiny_train
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.paths import REFERENCE_2023
from pipeline.tables import read_table

runner = CliRunner()

pytestmark = IGNORE_TINY_FOLD_WARNINGS


def _code(answers, output, *options):
    """Run ``raadskoder code ANSWERS -o OUTPUT OPTIONS...``."""
    return runner.invoke(app, ["code", str(answers), "-o", str(output), *options])


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    write_tiny_train(root / "train" / "batch_01.csv")
    res = runner.invoke(
        app,
        ["train", "--corpus", str(root / "train"), "--out", str(root / "model"), "--cv-folds", "2"],
    )
    assert res.exit_code == 0, res.output
    return root / "model"


def test_train_writes_model_and_card(model_dir):
    card = json.loads((model_dir / "card.json").read_text(encoding="utf-8"))
    assert card["training_data"]["files"][0].endswith("batch_01.csv")
    assert card["cv"]["folds"] == 2 and set(card["thresholds"]) >= {"employment", "retention"}
    assert "SHA-256" in (model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_code_count_evaluate_long_csv(model_dir, tmp_path):
    answers = tmp_path / "svar.csv"
    pd.DataFrame(
        {
            "respondent": ["r1", "r1", "r2", "r2"],
            "question": ["temaer", "udfordringer", "temaer", "udfordringer"],
            "answer": ["Flere i job og sprogpraktik", "", "Mangfoldighedsfest", "   "],
            "note": ["a", "b", "c", "d"],
        }
    ).to_csv(answers, index=False)
    coded = tmp_path / "kodet.csv"
    res = _code(answers, coded, "--model", str(model_dir), "--no-anonymize")
    assert res.exit_code == 0, res.output
    out = read_table(coded)
    assert out.columns.tolist()[:4] == ["respondent", "question", "answer", "note"]
    assert {"employment", "p_employment", "themes"} <= set(out.columns)
    assert out["themes"].tolist()[1] == "" and out["themes"].tolist()[3] == ""
    assert "employment" in out["themes"].tolist()[0]

    counts = tmp_path / "counts.csv"
    res = runner.invoke(
        app, ["count", str(coded), "--reference", str(REFERENCE_2023), "-o", str(counts)]
    )
    assert res.exit_code == 0, res.output
    table = read_table(counts)
    assert table.columns.tolist()[:6] == [
        "theme",
        "label",
        "count",
        "base",
        "reference",
        "difference",
    ]
    row = table.set_index("theme").loc["employment"]
    coded_resp = out.loc[out["employment"] == "1", "respondent"].nunique()
    assert coded_resp >= 1  # r1's "job og sprogpraktik"
    expected = (str(coded_resp), "2", "7", str(coded_resp - 7))
    assert (row["count"], row["base"], row["reference"], row["difference"]) == expected
    assert "Beskæftigelse" in res.output

    gold = tmp_path / "gold.csv"
    out.assign(themes=["employment", "", "citizenship", ""])[
        ["respondent", "answer", "themes"]
    ].to_csv(gold, index=False)
    metrics = tmp_path / "metrics.json"
    res = runner.invoke(app, ["evaluate", str(gold), "--model", str(model_dir), "-o", str(metrics)])
    assert res.exit_code == 0, res.output
    result = json.loads(metrics.read_text(encoding="utf-8"))
    assert result["n"] == 4 and len(result["respondents"]) == 7
    assert "macro-F1" in res.output


def test_code_wide_xlsx_with_renamed_respondent(model_dir, tmp_path):
    answers = tmp_path / "wide.xlsx"
    pd.DataFrame(
        {
            "råd": ["r1", "r2"],
            "temaer": ["Ukrainske flygtninge", ""],
            "udfordringer": ["Facebook og lokalavisen", "ved ikke"],
        }
    ).to_excel(answers, index=False)
    coded = tmp_path / "kodet.xlsx"
    options = ["--wide", "--respondent-column", "råd", "--model", str(model_dir), "--no-anonymize"]
    res = _code(answers, coded, *options)
    assert res.exit_code == 0, res.output
    out = read_table(coded)
    assert out["råd"].tolist() == ["r1", "r1", "r2", "r2"]
    assert out["question"].tolist() == ["temaer", "udfordringer"] * 2


def test_user_errors_are_clear_and_exit_2(model_dir, tmp_path):
    answers = tmp_path / "svar.csv"
    frame = pd.DataFrame({"kommune": ["x"], "question": ["q"], "answer": ["a"]})
    frame.to_csv(answers, index=False)
    output = tmp_path / "o.csv"
    res = _code(answers, output, "--model", str(model_dir), "--no-anonymize")
    assert res.exit_code == 2
    assert "columns found: ['kommune', 'question', 'answer']" in res.output
    bad_book = tmp_path / "book.yaml"
    bad_book.write_text("name: x\nversion: 1\nthemes: []\n", encoding="utf-8")
    res = _code(answers, output, "--codebook", str(bad_book), "--model", str(model_dir))
    assert res.exit_code == 2 and "'themes' must be a non-empty list" in res.output
    res = _code(answers, output, "--model", str(tmp_path / "none"))
    assert res.exit_code == 2 and "no theme model found" in res.output
