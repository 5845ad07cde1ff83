"""A small coded table for the report tests, built by hand so expectations are known.

The raw answers name municipalities and people on purpose: the tests check that
none of these names reaches report.html, report.xlsx or the .qdpx. Scores follow
a fixed formula so the tests can compute by themselves which answers lie near
the threshold and how many councils each theme has.
"""

from __future__ import annotations

import pandas as pd

from pipeline.codebook import load_codebook

#: Respondent names as a survey export gives them (municipalities).
RESPONDENTS = [
    "Vejle Kommune",
    "Odense Kommune",
    "Silkeborg Kommune",
    "Holstebro Kommune",
    "Frederikshavn Kommune",
]
QUESTIONS = ["temaer", "aktiviteter", "udfordringer"]
#: Municipality names that occur inside the answers (besides the respondents).
PLACE_NAMES = ["Vejle", "Odense", "Silkeborg", "Horsens", "Holstebro", "Frederikshavn"]
#: Person names that occur inside the answers.
PERSON_NAMES = ["Ahmed Khalil", "Birgitte Nørgaard", "Lars Mikkelsen"]
ANSWERS = [
    "I Vejle vil vi have flere kvinder med flygtningebaggrund i job via sprogpraktik.",
    "Formand Ahmed Khalil holdt oplæg om rådet på biblioteket i Odense i marts.",
    "Vi har svært ved at holde på medlemmerne; tre er stoppet siden sidste valg.",
    "Birgitte Nørgaard fra sekretariatet hjalp med en velkomstdag for familier fra Ukraine.",
    "Rådet lavede en kulturdag med mad og musik sammen med foreninger i Silkeborg.",
    "",
    "Vi ønsker et tættere samarbejde mellem jobcenter, skole og sundhedspleje i Horsens.",
    "Lars Mikkelsen skrev et debatindlæg i avisen, så flere kender integrationsrådet.",
    "Børn fra nye familier skal med i fodboldklubben og spejderne i Holstebro.",
    "Frederikshavn har mange ukrainere, der mangler bolig og job.",
]


def score(i: int, j: int) -> float:
    """Deterministic score of answer ``i`` for theme ``j`` (spread over 0..1)."""
    return round(((i * 37 + j * 23 + 11) % 100) / 100, 2)


def coded_frame(*, anonymised: bool = False) -> pd.DataFrame:
    """The coded table: respondent, question, answer, 0/1 per theme, p_<theme>, themes.

    With ``anonymised`` an ``answer_anonymised`` column is added in which the
    names are replaced by hand (as ``raadskoder code`` would have done).
    """
    theme_ids = load_codebook().theme_ids
    rows = []
    i = 0
    for r in RESPONDENTS:
        for q in QUESTIONS:
            text = ANSWERS[i % len(ANSWERS)]
            row = {"respondent": r, "question": q, "answer": text}
            ps = [score(i, j) if text else 0.0 for j in range(len(theme_ids))]
            for t, p in zip(theme_ids, ps, strict=True):
                row[t] = int(p >= 0.5)
            for t, p in zip(theme_ids, ps, strict=True):
                row[f"p_{t}"] = p
            row["themes"] = ";".join(t for t in theme_ids if row[t])
            rows.append(row)
            i += 1
    df = pd.DataFrame(rows)
    if anonymised:
        df.insert(3, "answer_anonymised", df["answer"].map(hand_anonymise))
    return df


def hand_anonymise(text: str) -> str:
    for name in PERSON_NAMES:
        text = text.replace(name, "[navn]")
    for name in PLACE_NAMES:
        text = text.replace(name, "[kommunen]")
    return text


def expected_counts(df: pd.DataFrame, theme_ids: list[str]) -> dict[str, int]:
    """Councils per theme, counted directly from the table."""
    return {t: df.loc[df[t] == 1, "respondent"].nunique() for t in theme_ids}
