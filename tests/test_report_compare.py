"""Survey statistics over time: figures of several reports side by side per topic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from report_helpers import coded_frame

from pipeline.compare import (
    compare_figures,
    comparison_matrix,
    format_figure,
    load_topics,
    report_label,
)
from pipeline.report import build_report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

#: Figures as the extraction stage gives them, in sentences written for this test.
FIGURES = pd.DataFrame(
    [
        ("d1", "arkiv/rem_2004.pdf", 3, "percent", None, None, 64.0, "knap",
         "Knap 64 pct. af rådene har formel høringsret i sager om integration."),
        ("d1", "arkiv/rem_2004.pdf", 5, "n_of_m", 25, 40, 62.5, None,
         "25 ud af 40 råd råder over et eget budget fra kommunen."),
        ("d2", "arkiv/imr_2017.pdf", 9, "n_of_m", 20, 30, 66.7, "hele",
         "Hele 20 ud af 30 råd oplever, at de bliver hørt af kommunalbestyrelsen."),
        ("d3", "arkiv/dnir_2023.pdf", 2, "n_of_m", 17, 36, 47.2, None,
         "17 ud af 36 råd har besvaret skemaet."),
    ],
    columns=["doc_id", "source", "page", "kind", "n", "m", "value", "qualifier", "sentence"],
)  # fmt: skip


def test_topics_are_data():
    topics = load_topics()
    assert [t.id for t in topics] == ["hoeringsret", "budget", "hoert_i_praksis"]
    assert all(t.cues for t in topics)


def test_figures_are_assigned_to_topics_and_labelled_by_year():
    table = compare_figures(FIGURES)
    got = list(zip(table["topic"], table["report"], table["figure"], strict=True))
    assert got == [
        ("hoeringsret", "2004", "knap 64 %"),
        ("budget", "2004", "25 ud af 40 (62,5 %)"),
        ("hoert_i_praksis", "2017", "hele 20 ud af 30 (66,7 %)"),
    ]  # the response-rate sentence belongs to no topic
    matrix = comparison_matrix(table)
    assert matrix.loc["Eget budget", "2004"] == "25 ud af 40 (62,5 %)"
    assert matrix.loc["Eget budget", "2017"] == ""


def test_report_label_and_figure_formats():
    assert report_label(pd.Series({"doc_id": "abcdef0123456789", "source": "x.pdf"})) == (
        "abcdef0123"
    )
    assert report_label(pd.Series({"doc_id": "a", "year": "2010"})) == "2010"
    assert format_figure(pd.Series({"n": 28, "m": 40, "qualifier": float("nan")})) == (
        "28 ud af 40 (70 %)"
    )


def test_report_includes_the_comparison(tmp_path):
    paths = build_report(coded_frame(anonymised=True), tmp_path, figures=FIGURES)
    html = paths["html"].read_text(encoding="utf-8")
    section = html.split('id="udvikling"')[1].split("</section>")[0]
    assert section.count('class="comparison-table"') == 3
    assert "hele 20 ud af 30 (66,7 %)" in section and "2017" in section
    assert "Udvikling" in load_workbook(paths["xlsx"]).sheetnames


def test_report_without_figures_has_no_comparison(tmp_path):
    paths = build_report(coded_frame(anonymised=True), tmp_path)
    assert 'id="udvikling"' not in paths["html"].read_text(encoding="utf-8")


def test_seed_reports_give_figures_on_every_topic(tmp_path):
    """The 2004 report states figures on all three topics, the 2017 one on being heard."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found in {SEEDS}")
    figures_mod = pytest.importorskip("pipeline.segmenters.figures")
    ingest = pytest.importorskip("pipeline.ingest")
    for name, seed in (("rem_2004.txt", "000_"), ("imr_2017.txt", "002_")):
        shutil.copy(next(SEEDS.glob(f"{seed}*.txt")), tmp_path / name)
    run = ingest.ingest_paths([tmp_path])
    table = compare_figures(figures_mod.extract_figures(run.segments))
    reports = table.groupby("topic")["report"].agg(set)
    assert {"2004"} <= reports["hoeringsret"] and {"2004"} <= reports["budget"]
    assert {"2004", "2017"} <= reports["hoert_i_praksis"]
