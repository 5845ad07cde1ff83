"""The figures a report shows, computed from prepared answers.

Counting respondents per theme is the aggregation stage's job
(:func:`pipeline.aggregate.count_themes`); this module adds the views the
analysts asked for around it: the breakdown per survey question, which themes
the same councils mention together, and the answers whose scores lie so close
to the decision threshold that a person should look at them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pipeline.aggregate import count_themes
from pipeline.classify.councils import council_keys
from pipeline.report.prepare import CodedAnswers

#: Threshold used for a theme when the model gives none (a calibrated 0/1 decision).
DEFAULT_THRESHOLD = 0.5
#: How close to its threshold a score must be for the answer to be reviewed. Chosen on
#: the training data's whole answer sets (the theme model card's "false councils
#: flagged" table): 0.15 flags nearly half of the councils the model counts wrongly and
#: few of those it counts rightly (19 of 36 and 37 of 484 with the council gates).
DEFAULT_MARGIN = 0.15


def _answered(frame: pd.DataFrame) -> pd.Series:
    """Rows with a non-empty answer text."""
    return frame["text"].str.strip() != ""


def _threshold(thresholds: Mapping[str, float], theme: str) -> float:
    return float(thresholds.get(theme, DEFAULT_THRESHOLD))


def _in_council(frame: pd.DataFrame) -> pd.Series:
    """Rows of respondents with several answers: councils, to which the gates apply
    (:func:`pipeline.classify.councils.council_keys`)."""
    keys = council_keys(frame["respondent"].tolist(), len(frame))
    return pd.Series([k is not None for k in keys], index=frame.index)


def _council_threshold(
    in_council: pd.Series, theme: str, thresholds: Mapping[str, float],
    gates: Mapping[str, float],
) -> pd.Series:
    """Per row, the score the respondent's best answer must reach for the respondent
    to be counted: the answer threshold, plus the theme's council gate in a council."""
    return _threshold(thresholds, theme) + in_council * float(gates.get(theme, 0.0))


def _answer_threshold(
    frame: pd.DataFrame, in_council: pd.Series, theme: str, thresholds: Mapping[str, float],
    gates: Mapping[str, float],
) -> pd.Series:
    """Per row, the threshold that decides the answer's code: the council's for an
    answer that carries its council over the gate and for every answer of a council
    that does not pass it; the answer threshold for the other answers of a council
    that passes."""
    council = _council_threshold(in_council, theme, thresholds, gates)
    score = frame[f"p_{theme}"]
    best = score.groupby(frame["respondent"]).transform("max")
    own = (best >= council) & (score < council)
    return council.where(~own, _threshold(thresholds, theme))


def theme_counts(answers: CodedAnswers, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Respondents per theme ("N ud af M råd") with the reference figures beside them.

    ``reference`` is a table from :func:`pipeline.aggregate.load_reference`.
    """
    return count_themes(
        answers.frame,
        answers.theme_ids,
        respondent="respondent",
        reference=reference,
        labels=answers.labels,
    )


def respondent_flags(answers: CodedAnswers) -> pd.DataFrame:
    """One row per respondent, 1 where at least one of its answers has the theme."""
    return answers.frame.groupby("respondent")[answers.theme_ids].max().astype(int)


def per_question(answers: CodedAnswers) -> pd.DataFrame:
    """Respondents per theme (rows) and question (columns), plus the number answering.

    The last row, ``besvarelser``, is the number of respondents with a non-empty
    answer to each question: the base of the column.
    """
    frame = answers.frame
    questions = list(dict.fromkeys(frame["question"]))
    table = pd.DataFrame(0, index=answers.theme_ids, columns=questions, dtype=int)
    base = {}
    for q in questions:
        sub = frame[frame["question"] == q]
        table[q] = sub.groupby("respondent")[answers.theme_ids].max().sum().astype(int)
        base[q] = int(sub.loc[_answered(sub), "respondent"].nunique())
    table.loc["besvarelser"] = pd.Series(base)
    return table


def cooccurrence(answers: CodedAnswers) -> pd.DataFrame:
    """Number of respondents with both themes (diagonal: with the theme at all)."""
    flags = respondent_flags(answers).to_numpy()
    matrix = flags.T @ flags
    return pd.DataFrame(matrix, index=answers.theme_ids, columns=answers.theme_ids)


def near_threshold(
    answers: CodedAnswers,
    thresholds: Mapping[str, float] | None = None,
    margin: float = DEFAULT_MARGIN,
    gates: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Answer-theme pairs whose score lies within ``margin`` of the theme's threshold.

    The threshold is the one that decides the answer's code: the answer threshold,
    or, in a council that does not pass the theme's council gate (``gates``), the
    council's threshold. Columns: answer_id, respondent, question, theme, label,
    score, threshold, coded (0/1), distance, text; sorted by distance (most
    uncertain first). Empty answers are left out; the frame is empty when the
    coded table has no scores.
    """
    thresholds, gates = dict(thresholds or {}), dict(gates or {})
    rows = []
    frame = answers.frame
    answered, in_council = _answered(frame), _in_council(frame)
    for t in answers.theme_ids:
        scores = frame[f"p_{t}"]
        if scores.isna().all():
            continue
        thr = _answer_threshold(frame, in_council, t, thresholds, gates)
        close = answered & scores.notna() & ((scores - thr).abs() < margin)
        for i, r in frame[close].iterrows():
            rows.append(
                {
                    "answer_id": r["answer_id"],
                    "respondent": r["respondent"],
                    "question": r["question"],
                    "theme": t,
                    "label": answers.labels[t],
                    "score": float(r[f"p_{t}"]),
                    "threshold": float(thr[i]),
                    "coded": int(r[t]),
                    "distance": abs(float(r[f"p_{t}"]) - float(thr[i])),
                    "text": r["text"],
                }
            )
    columns = [
        "answer_id", "respondent", "question", "theme", "label",
        "score", "threshold", "coded", "distance", "text",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["distance", "answer_id"], kind="stable").reset_index(drop=True)


def uncertain_councils(
    answers: CodedAnswers,
    thresholds: Mapping[str, float] | None = None,
    margin: float = DEFAULT_MARGIN,
    gates: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Per theme, how many respondents the answers near the threshold can move.

    ``fragile``: respondents counted for the theme only through answers whose
    score is less than ``margin`` above the council's threshold (answer threshold
    plus council gate, ``gates``; a review may take them out); ``borderline``:
    respondents not counted that have an answer less than ``margin`` below it (a
    review may add them). A council is counted when any of its answers has the
    theme, so a few uncertain answers move whole councils (docs/coding.md), which
    these figures let an analyst check theme by theme. Columns: theme, fragile,
    borderline (all zero when the table has no scores).
    """
    thresholds, gates = dict(thresholds or {}), dict(gates or {})
    frame = answers.frame
    answered, in_council = _answered(frame), _in_council(frame)
    rows = []
    for t in answers.theme_ids:
        score = frame.get(f"p_{t}")
        if score is None or score.isna().all():
            rows.append({"theme": t, "fragile": 0, "borderline": 0})
            continue
        thr = _council_threshold(in_council, t, thresholds, gates)
        coded = (frame[t] == 1) & answered
        sure = coded & (score - thr >= margin)
        near_below = (frame[t] == 0) & answered & (thr - score > 0) & (thr - score < margin)
        by = frame["respondent"]
        counted = set(by[coded])
        fragile = counted - set(by[sure])
        borderline = set(by[near_below]) - counted
        rows.append({"theme": t, "fragile": len(fragile), "borderline": len(borderline)})
    return pd.DataFrame(rows, columns=["theme", "fragile", "borderline"])


def quotes(answers: CodedAnswers) -> pd.DataFrame:
    """Per theme the answers coded with it, highest score first (long format).

    Columns: theme, label, answer_id, respondent, question, score, text.
    """
    frame = answers.frame
    parts = []
    for t in answers.theme_ids:
        sub = frame[frame[t] == 1]
        part = pd.DataFrame(
            {
                "theme": t,
                "label": answers.labels[t],
                "answer_id": sub["answer_id"],
                "respondent": sub["respondent"],
                "question": sub["question"],
                "score": sub[f"p_{t}"],
                "text": sub["text"],
            }
        )
        parts.append(part.sort_values("score", ascending=False, na_position="last", kind="stable"))
    columns = ["theme", "label", "answer_id", "respondent", "question", "score", "text"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
