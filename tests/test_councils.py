"""Council-level figures and the council gates (pipeline.classify.councils)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.classify.apply import code_frame, gate_coded
from pipeline.classify.councils import (
    choose_council_gates,
    council_counts,
    council_keys,
    fragile_councils,
    gate_codes,
    nested_gate_check,
)
from pipeline.classify.evaluate import evaluate_model
from pipeline.classify.model import ThemeClassifier
from pipeline.classify.train import answer_set_keys
from pipeline.codebook import load_codebook


def test_councils_of_whole_answer_sets_are_counted_as_the_report_counts(tmp_path):
    import numpy as np

    (tmp_path / "sets.yaml").write_text('sets: ["batch_7?.csv"]\n', encoding="utf-8")
    questions = ["q1", "q2"]
    frame = pd.DataFrame({
        "_file": ["batch_70.csv"] * 5 + ["batch_01.csv"] * 2,
        "answer_id": ["tr-070-001", "tr-070-002", "tr-070-003", "tr-070-004", "tr-070-005",
                      "tr-001-001", "tr-001-002"],
        "question": ["q1", "q2", "q1", "q2", "q1", "q1", "q2"],
    })
    keys = answer_set_keys(frame, questions, tmp_path / "sets.yaml")
    # two whole councils; the fifth answer's set is incomplete; batch_01 is no answer set
    assert keys == ["tr-070#0", "tr-070#0", "tr-070#1", "tr-070#1", None, None, None]
    gold = np.array([[1, 0], [0, 0], [0, 0], [0, 1], [1, 1], [0, 0], [0, 0]])
    coded = np.array([[0, 0], [1, 0], [1, 0], [0, 0], [0, 0], [1, 1], [1, 1]])
    out = council_counts(gold, coded, keys, ["a", "b"])
    assert out["n_councils"] == 2
    # theme a: council 0 gold and coded (another answer), council 1 a false council
    assert out["per_theme"]["a"] == {"gold": 1, "coded": 2, "difference": 1,
                                     "false_councils": 1, "missed_councils": 0}
    # theme b: council 1 missed
    assert out["per_theme"]["b"] == {"gold": 1, "coded": 0, "difference": -1,
                                     "false_councils": 0, "missed_councils": 1}
    assert out["mean_abs_difference"] == 1.0


def test_fragile_councils_split_flagged_councils_by_gold():
    import numpy as np

    keys = ["c0", "c0", "c1", "c1"]
    gold = np.array([[0], [0], [1], [0]])
    proba = np.array([[0.55], [0.1], [0.58], [0.9]])
    thresholds = np.full((4, 1), 0.5)
    rows = fragile_councils(gold, proba, thresholds, keys, margins=(0.06, 0.1))
    # c0 is counted through one answer 0.05 above the threshold, and works on no theme;
    # c1 works on it and is counted through an answer 0.4 above: never flagged
    assert rows[0] == {"margin": 0.06, "false_flagged": 1, "false_councils": 1,
                       "true_flagged": 0, "true_councils": 1}
    assert rows[1]["false_flagged"] == 1 and rows[1]["true_flagged"] == 0


def test_gate_removes_a_council_resting_on_weak_answers_and_keeps_the_rest():
    keys = ["c0", "c0", "c1", "c1", None]
    # margins over the threshold; codes are margin >= 0
    margin = np.array([[0.05], [-0.3], [0.25], [0.02], [0.01]])
    codes = (margin >= 0).astype(int)
    out = gate_codes(codes, margin, keys, np.array([0.1]))
    # c0's best answer is 0.05 above: below the gate, the council is not coded;
    # c1 passes through its best answer, and its weaker answer keeps its own code;
    # the row of no council keeps its code whatever its margin
    assert out[:, 0].tolist() == [0, 0, 1, 1, 1]
    assert codes[:, 0].tolist() == [1, 0, 1, 1, 1]  # input untouched
    assert gate_codes(codes, margin, keys, np.array([0.0])).tolist() == codes.tolist()


def test_council_keys_leave_single_answers_out():
    assert council_keys(["a", "a", "b", None, float("nan")], 5) == ["a", "a", None, None, None]
    assert council_keys(None, 3) == [None, None, None]


def test_chosen_gate_matches_the_gold_count_with_the_smallest_gate():
    keys = ["c0", "c1", "c2", "c3"]
    gold = np.array([[1], [1], [0], [0]])
    margin = np.array([[0.4], [0.3], [0.12], [0.06]])  # all four coded without a gate
    gates = choose_council_gates(gold, margin, keys, grid=(0.0, 0.05, 0.1, 0.15, 0.2))
    assert gates.tolist() == [0.15]  # 0.15 and 0.2 both give 2 councils: the smaller wins


def test_nested_check_scores_gates_on_councils_they_were_not_chosen_on():
    rng = np.random.default_rng(0)
    n = 60
    keys = [f"c{i}" for i in range(n)]
    gold = (np.arange(n) % 2 == 0).astype(int)[:, None]
    # true councils clear the threshold by 0.2-0.5, false ones by 0-0.1: a gate helps
    margin = np.where(gold == 1, rng.uniform(0.2, 0.5, (n, 1)), rng.uniform(0.0, 0.1, (n, 1)))
    out = nested_gate_check(gold, margin, keys, folds=5, shuffles=2)
    assert out["mean_abs_difference_without"] == pytest.approx(30.0)  # every false council
    assert out["mean_abs_difference_gated"] < 3.0


@pytest.fixture()
def gated_model():
    codebook = load_codebook()

    class Fixed(ThemeClassifier):
        """Scores from a column of the texts: "0.55" -> 0.55 for the first theme."""

        def predict_proba(self, texts, *, batch_size=2000):
            out = np.zeros((len(texts), len(self.theme_ids)))
            out[:, 0] = [float(t) if t.strip() else 0.0 for t in texts]
            return out

    model = Fixed(codebook)
    model.thresholds_ = {t: 0.5 for t in codebook.theme_ids}
    model.council_gates_ = {codebook.theme_ids[0]: 0.2}
    return model


def test_code_evaluate_and_batch_apply_the_same_gates(gated_model):
    t = gated_model.theme_ids[0]
    df = pd.DataFrame({"respondent": ["A", "A", "B", "B", "C"],
                       "answer": ["0.55", "0.1", "0.8", "0.6", "0.55"]})
    coded = code_frame(df, text_column="answer", model=gated_model, anonymize=False,
                       respondent_column="respondent")
    # A rests on 0.55 < 0.5 + 0.2: not coded; B passes through 0.8, and its 0.6 answer
    # keeps its code; C has one answer, no council: the answer threshold alone
    assert coded[t].tolist() == [0, 0, 1, 1, 1]
    plain = code_frame(df, text_column="answer", model=gated_model, anonymize=False)
    assert plain[t].tolist() == [1, 0, 1, 1, 1]
    # coding in parts and gating afterwards (the batch runner) gives the same codes
    assert gate_coded(plain, gated_model, df["respondent"].tolist())[t].tolist() == \
        coded[t].tolist()
    gold = df.assign(themes=["", "", t, t, t])
    result = evaluate_model(gated_model, gold)
    assert result["themes"][0]["f1"] == 1.0
    assert result["respondents"][0]["difference"] == 0
    with pytest.raises(ValueError, match="'svar'"):
        code_frame(df, text_column="answer", model=gated_model, anonymize=False,
                   respondent_column="svar")
