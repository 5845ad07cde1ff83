"""Guards on the held-out survey data: the test split and the 2023 reconstruction.

These files are evaluation data. The tests check that they stay well-formed, that the
reconstruction's gold labels still reproduce the published counts, and that no test
answer has leaked into the training set.
"""

from __future__ import annotations

import importlib.util
import re

import pandas as pd
import pytest
import yaml

from pipeline.paths import REFERENCE_2023, SURVEY_DIR

TEST_SPLIT = SURVEY_DIR / "test.csv"
RECONSTRUCTION = SURVEY_DIR / "reconstruction_2023.csv"
GOLD = SURVEY_DIR / "reconstruction_2023_gold.csv"


def _read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _theme_ids() -> list[str]:
    return list(pd.read_csv(REFERENCE_2023)["theme"])


def _question_ids() -> set[str]:
    data = yaml.safe_load((SURVEY_DIR / "questions.yaml").read_text(encoding="utf-8"))
    return {q["id"] for q in data["questions"]}


def _labels(themes: pd.Series) -> pd.DataFrame:
    return themes.str.get_dummies(sep=";").drop(columns="", errors="ignore")


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("path", [TEST_SPLIT, GOLD])
def test_labels_use_known_themes_and_questions(path):
    df = _read(path)
    assert set(_labels(df["themes"]).columns) <= set(_theme_ids())
    assert set(df["question"]) <= _question_ids()


def test_test_split_shape_and_coverage():
    df = _read(TEST_SPLIT)
    assert list(df.columns) == ["answer_id", "question", "answer", "themes"]
    assert len(df) >= 200
    assert df["answer_id"].is_unique
    assert df["answer_id"].str.fullmatch(r"te-\d{4}").all()
    counts = _labels(df["themes"]).reindex(columns=_theme_ids(), fill_value=0).sum()
    assert (counts >= 25).all(), counts.to_dict()
    assert (df["themes"] == "").sum() >= 50


def test_reconstruction_matches_gold_rows():
    answers, gold = _read(RECONSTRUCTION), _read(GOLD)
    assert list(answers.columns) == ["respondent", "question", "answer"]
    pd.testing.assert_frame_equal(answers, gold.drop(columns="themes"))
    grid = gold.groupby("respondent")["question"].apply(set)
    assert len(grid) == 17
    assert all(questions == _question_ids() for questions in grid)


def test_reconstruction_reproduces_published_counts():
    spec = importlib.util.spec_from_file_location(
        "check_reconstruction", SURVEY_DIR / "check_reconstruction.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.compare(GOLD, REFERENCE_2023)
    assert (table["difference"] == 0).all(), table.to_string()


def test_no_held_out_answer_in_training_set():
    """No held-out answer may reappear in the training set, verbatim or nearly so."""
    train_files = sorted((SURVEY_DIR / "train").glob("*.csv"))
    if not train_files:
        pytest.skip("no training set yet")
    train_shingles: set[tuple[str, ...]] = set()
    for path in train_files:
        df = _read(path)
        column = next((c for c in ("answer", "text") if c in df.columns), None)
        if column is not None:
            for text in df[column]:
                train_shingles |= _shingles(text)
    held_out = pd.concat([_read(TEST_SPLIT)["answer"], _read(GOLD)["answer"]])
    leaked = []
    for text in held_out:
        shingles = _shingles(text)
        # Short answers ("-", "Nej", "Se ovenfor") and stock phrases are legitimately shared.
        if len(shingles) >= 4 and len(shingles & train_shingles) / len(shingles) > 0.5:
            leaked.append(text)
    assert not leaked, leaked[:5]
