"""Evaluation metrics on a tiny case whose numbers are worked out by hand below."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.classify.evaluate import respondent_differences, theme_metrics
from pipeline.classify.labels import LabelError, matrix_to_themes, themes_to_matrix

IDS = ["a", "b"]
# Six answers. Theme a: gold 1 1 1 0 0 0, coded 1 1 0 1 0 0 -> TP 2, FP 1, FN 1, TN 2.
# Theme b: gold 0 0 0 0 1 1, coded 0 0 0 0 1 0 -> TP 1, FP 0, FN 1, TN 4.
GOLD = np.array([[1, 0], [1, 0], [1, 0], [0, 0], [0, 1], [0, 1]])
PRED = np.array([[1, 0], [1, 0], [0, 0], [1, 0], [0, 1], [0, 0]])


def test_metrics_by_hand():
    res = theme_metrics(GOLD, PRED, IDS)
    a, b = res["themes"]
    # a: P = 2/3, R = 2/3, F1 = 2/3. Observed agreement po = 4/6; both coders say
    # yes 3/6 of the time, so pe = .5*.5 + .5*.5 = .5 and kappa = (4/6-.5)/(1-.5) = 1/3.
    assert a["precision"] == pytest.approx(2 / 3)
    assert a["recall"] == pytest.approx(2 / 3)
    assert a["f1"] == pytest.approx(2 / 3)
    assert a["kappa"] == pytest.approx(1 / 3)
    assert (a["support"], a["predicted"]) == (3, 3)
    # b: P = 1, R = 1/2, F1 = 2/3. po = 5/6; gold yes 2/6, coded yes 1/6:
    # pe = (2/6)(1/6) + (4/6)(5/6) = 22/36, kappa = (30/36 - 22/36)/(14/36) = 8/14.
    assert b["precision"] == pytest.approx(1.0)
    assert b["recall"] == pytest.approx(0.5)
    assert b["f1"] == pytest.approx(2 / 3)
    assert b["kappa"] == pytest.approx(8 / 14)
    assert res["macro_f1"] == pytest.approx(2 / 3)
    # micro: TP 3, FP 1, FN 2 -> F1 = 6 / (6 + 1 + 2) = 2/3.
    assert res["micro_f1"] == pytest.approx(6 / 9)


def test_identical_codings_without_positives_agree_perfectly():
    res = theme_metrics(np.zeros((3, 1)), np.zeros((3, 1)), ["a"])
    assert res["themes"][0]["kappa"] == 1.0 and res["themes"][0]["f1"] == 1.0
    # One false positive: P = R = F1 = 0; po = 2/3 = pe, so kappa = 0.
    res = theme_metrics(np.zeros((3, 1)), np.array([[1], [0], [0]]), ["a"])
    assert res["themes"][0]["f1"] == 0.0 and res["themes"][0]["kappa"] == 0.0
    assert res["themes"][0]["precision"] == 0.0 and res["themes"][0]["support"] == 0


def test_respondent_level_differences():
    # Respondents x: answers 0-2, y: answers 3-5. Gold a: x yes, y no; coded a: x yes,
    # y yes (answer 3) -> difference +1. Gold b: y yes; coded b: y yes -> 0.
    resp = ["x", "x", "x", "y", "y", "y"]
    diffs = respondent_differences(resp, GOLD, PRED, IDS)
    assert diffs == [
        {"theme": "a", "gold": 1, "predicted": 2, "difference": 1},
        {"theme": "b", "gold": 1, "predicted": 1, "difference": 0},
    ]


def test_label_strings_round_trip_and_unknown_theme():
    Y = themes_to_matrix(["a;b", "", None, " b "], IDS)
    assert Y.tolist() == [[1, 1], [0, 0], [0, 0], [0, 1]]
    assert matrix_to_themes(Y, IDS) == ["a;b", "", "", "b"]
    with pytest.raises(LabelError, match="row 1: unknown theme 'c'"):
        themes_to_matrix(["c"], IDS, source="gold.csv")
