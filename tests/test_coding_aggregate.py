"""Respondent-level counting: a council counts once per theme, base = all councils."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.aggregate import count_themes, load_reference
from pipeline.paths import REFERENCE_2023
from pipeline.tables import TableError

CODED = pd.DataFrame(
    {
        "respondent": ["r1", "r1", "r2", "r2", "r3"],
        "employment": [1, 1, 0, 1, 0],  # r1 twice, r2 once -> 2 respondents
        "ukraine": [0, 0, 0, 0, 0],
        "visibility": [0, 1, 0, 0, 1],  # r1, r3 -> 2
    }
)
IDS = ["employment", "ukraine", "visibility"]


def test_counts_respondents_not_answers():
    out = count_themes(CODED, IDS)
    assert out["count"].tolist() == [2, 0, 2]
    assert out["base"].tolist() == [3, 3, 3]  # r3 counts in the base although only 1 answer
    assert out["share"].tolist() == pytest.approx([2 / 3, 0, 2 / 3], abs=1e-4)
    assert out["reference"].isna().all() and out["label"].tolist() == IDS


def test_reference_difference_and_labels():
    ref = pd.DataFrame(
        {
            "theme": ["employment", "visibility"],
            "count": [3, 2],
            "label": ["Beskæftigelse", "Synlighed"],
        }
    )
    out = count_themes(CODED, IDS, reference=ref, labels={"ukraine": "Ukrainske flygtninge"})
    assert out["difference"].tolist()[0] == -1 and out["difference"].tolist()[2] == 0
    assert pd.isna(out["difference"].tolist()[1])
    assert out["label"].tolist() == ["Beskæftigelse", "Ukrainske flygtninge", "Synlighed"]


def test_missing_theme_column_is_reported():
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['retention'\]"):
        count_themes(CODED, [*IDS, "retention"])


def test_load_published_reference_and_bad_reference(tmp_path):
    ref = load_reference(REFERENCE_2023)
    assert dict(zip(ref["theme"], ref["count"], strict=True))["visibility"] == 10
    bad = tmp_path / "ref.csv"
    bad.write_text("tema,antal\nemployment,7\n", encoding="utf-8")
    with pytest.raises(TableError, match="columns found: \\['tema', 'antal'\\]"):
        load_reference(bad)
