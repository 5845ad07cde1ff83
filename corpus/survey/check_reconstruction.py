"""Check that the gold labels of the 2023 reconstruction reproduce the published counts.

The reconstruction is only useful as a test of the pipeline if a careful coder who
follows the codebook lands on the report's figures ("7 ud af 17 råd"). This script
recomputes the respondent-level counts from the gold file (a council counts for a
theme when at least one of its answers carries it) and compares them with the
reference counts, exiting 1 on any difference so it can guard the data in CI.

Usage: python corpus/survey/check_reconstruction.py [GOLD_CSV] [REFERENCE_CSV]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
GOLD = HERE / "reconstruction_2023_gold.csv"
REFERENCE = HERE.parent / "reference" / "dnir2023_counts.csv"


def respondent_counts(gold: pd.DataFrame, theme_ids: list[str]) -> pd.Series:
    """Number of distinct respondents with at least one answer coded with each theme."""
    labels = gold["themes"].fillna("").str.get_dummies(sep=";")
    labels = labels.reindex(columns=theme_ids, fill_value=0)
    return labels.groupby(gold["respondent"]).max().sum().astype(int)


def compare(gold_path: Path = GOLD, reference_path: Path = REFERENCE) -> pd.DataFrame:
    """Table of theme, reference, reconstructed count and difference."""
    gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
    reference = pd.read_csv(reference_path)
    unknown = set(gold["themes"].str.get_dummies(sep=";").columns) - set(reference["theme"]) - {""}
    if unknown:
        raise SystemExit(f"{gold_path}: theme ids not in {reference_path.name}: {sorted(unknown)}")
    counts = respondent_counts(gold, list(reference["theme"]))
    table = reference[["theme", "count", "base"]].rename(columns={"count": "reference"})
    table["reconstructed"] = table["theme"].map(counts).to_numpy()
    table["base_reconstructed"] = gold["respondent"].nunique()
    table["difference"] = table["reconstructed"] - table["reference"]
    return table


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv[1:3]]
    table = compare(*paths)
    print(table.to_string(index=False))
    ok = (table["difference"] == 0).all() and (table["base"] == table["base_reconstructed"]).all()
    print("OK: gold labels reproduce the published counts" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
