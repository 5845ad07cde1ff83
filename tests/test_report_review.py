"""Review loop: corrections in report.xlsx become labelled data, once, with agreement figures."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from report_helpers import coded_frame
from typer.testing import CliRunner

from pipeline.agreement import agreement_table, cohen_kappa, krippendorff_alpha
from pipeline.cli import app
from pipeline.codebook import load_codebook
from pipeline.report import build_report
from pipeline.report.xlsx import CORRECTION_COLUMN, SHEET_CODED
from pipeline.review import REVIEW_COLUMNS, ReviewError, import_review

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@pytest.fixture()
def workbook(tmp_path):
    codebook = load_codebook()
    coded = coded_frame(anonymised=True)
    paths = build_report(coded, tmp_path / "rapport", codebook=codebook, now=NOW)
    return paths["xlsx"], coded, codebook


def _edit(path, corrections: dict[int, str]) -> dict[int, dict]:
    """Fill corrected_themes in the given data rows (0-based); return those rows' cells."""
    wb = load_workbook(path)
    ws = wb[SHEET_CODED]
    header = [c.value for c in ws[1]]
    col = header.index(CORRECTION_COLUMN) + 1
    rows = {}
    for i, value in corrections.items():
        ws.cell(row=i + 2, column=col, value=value)
        rows[i] = {h: ws.cell(row=i + 2, column=j + 1).value for j, h in enumerate(header)}
    wb.save(path)
    return rows


def _model_set(row: dict, theme_ids: list[str]) -> list[str]:
    return [t for t in theme_ids if int(row[t]) == 1]


def test_round_trip_stores_corrections_and_measures_agreement(workbook, tmp_path):
    path, coded, codebook = workbook
    ids = codebook.theme_ids
    first = coded_frame(anonymised=True)
    model_row0 = [t for t in ids if first.at[0, t] == 1]
    assert model_row0, "fixture row 0 should carry at least one theme"
    # Row 0 confirmed, row 1 gets 'employment' added, row 2 none ('-'), row 3 'ingen'.
    rows = _edit(
        path,
        {
            0: ";".join(model_row0),
            1: ";".join(sorted(set(_model_set_from(first, 1, ids)) | {"employment"})),
            2: "-",
            3: "ingen",
        },
    )
    result = import_review(path, reviewer="Anna Analytiker", corpus_dir=tmp_path, now=NOW)

    reviewer_sets = {
        0: model_row0,
        1: [t for t in ids if t in set(_model_set_from(first, 1, ids)) | {"employment"}],
        2: [],
        3: [],
    }
    model_sets = {i: _model_set(rows[i], ids) for i in rows}
    changed = sum(reviewer_sets[i] != model_sets[i] for i in rows)
    assert result.n_reviewed == 4 and result.n_changed == changed and changed >= 1
    assert result.n_added == 4 and result.n_updated == 0

    stored = pd.read_csv(result.target, dtype=str, keep_default_na=False)
    assert list(stored.columns) == list(REVIEW_COLUMNS)
    assert result.target.parent == tmp_path / "survey" / "reviewed"
    by_id = stored.set_index("answer_id")
    for i in rows:
        rec = by_id.loc[rows[i]["answer_id"]]
        assert rec["themes"] == ";".join(reviewer_sets[i])
        assert rec["answer"] == rows[i]["answer"]  # the anonymised text, not the raw one
        assert rec["reviewer"] == "Anna Analytiker"
        assert rec["reviewed_at"] == "2026-11-22T12:00:00+00:00"
    assert not any("Vejle" in a or "Khalil" in a for a in stored["answer"])

    # Agreement per theme equals the figures of the two codings computed directly.
    for r in result.agreement.itertuples(index=False):
        a = [int(r.theme in model_sets[i]) for i in sorted(rows)]
        b = [int(r.theme in reviewer_sets[i]) for i in sorted(rows)]
        assert r.agreement == pytest.approx(np.mean(np.equal(a, b)))
        assert r.model_positive == sum(a) and r.reviewer_positive == sum(b)
        np.testing.assert_equal(r.kappa, cohen_kappa(a, b))
        np.testing.assert_equal(r.alpha, krippendorff_alpha(a, b))


def _model_set_from(frame: pd.DataFrame, i: int, ids: list[str]) -> list[str]:
    return [t for t in ids if frame.at[i, t] == 1]


def test_second_import_adds_nothing(workbook, tmp_path):
    path, _, _ = workbook
    _edit(path, {0: "employment", 4: "-"})
    first = import_review(path, reviewer="a", corpus_dir=tmp_path, now=NOW)
    before = first.target.read_bytes()
    again = import_review(path, reviewer="a", corpus_dir=tmp_path)
    assert (again.n_added, again.n_updated, again.n_unchanged) == (0, 0, 2)
    assert again.target == first.target and again.target.read_bytes() == before
    # A later correction of the same answer replaces it instead of adding a row.
    _edit(path, {0: "citizenship"})
    third = import_review(path, reviewer="b", corpus_dir=tmp_path, now=NOW)
    assert (third.n_added, third.n_updated, third.n_unchanged) == (0, 1, 1)
    stored = pd.read_csv(third.target, dtype=str, keep_default_na=False)
    assert len(stored) == 2 and "citizenship" in set(stored["themes"])


def test_unknown_theme_id_is_a_clear_error(workbook, tmp_path):
    path, _, _ = workbook
    _edit(path, {2: "employment; beskæftigelse"})
    with pytest.raises(ReviewError, match=r"row 4 .*unknown theme id\(s\) \['beskæftigelse'\]"):
        import_review(path, corpus_dir=tmp_path)
    assert not (tmp_path / "survey" / "reviewed").exists()


def test_cli_review_import(workbook, tmp_path):
    path, _, _ = workbook
    _edit(path, {0: "-", 1: "-"})
    runner = CliRunner()
    args = ["review", "import", str(path), "--reviewer", "x", "--corpus", str(tmp_path)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "2 added" in res.output and "kappa" in res.output
    res = runner.invoke(app, args)
    assert "0 added" in res.output and "2 already stored" in res.output
    bad = runner.invoke(app, ["review", "import", str(tmp_path / "mangler.xlsx")])
    assert bad.exit_code == 2 and "mangler.xlsx" in bad.output


def test_agreement_figures_by_hand():
    # model 1,1,0,0 / reviewer 1,0,0,0: p_o = .75, p_e = .5 -> kappa .5;
    # coincidences o11=2, o10=o01=1, o00=4 -> D_o = 2/8, D_e = 2*3*5/(8*7) -> alpha = 8/15.
    a, b = [1, 1, 0, 0], [1, 0, 0, 0]
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert krippendorff_alpha(a, b) == pytest.approx(8 / 15)
    assert np.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert np.isnan(krippendorff_alpha([1, 1], [1, 1]))
    table = agreement_table(pd.DataFrame({"x": a}), pd.DataFrame({"x": b}), ["x"], {"x": "Eks"})
    assert table.loc[0, "agreement"] == 0.75 and table.loc[0, "label"] == "Eks"


def test_evaluation_answers_are_not_stored(workbook, tmp_path):
    path, coded, _ = workbook
    rows = _edit(path, {0: "-", 1: "-"})
    raw = coded.loc[0, "answer"]  # names and all, as an evaluation file holds it
    assert rows[0]["answer"] != raw  # the workbook shows the anonymised text
    evaluation = tmp_path / "test.csv"
    pd.DataFrame({"answer": ["noget helt andet end svarene her", raw]}).to_csv(evaluation)
    result = import_review(path, corpus_dir=tmp_path, evaluation_files=[evaluation])
    assert result.n_evaluation_skipped == 1 and result.n_added == 1
    stored = pd.read_csv(result.target, dtype=str, keep_default_na=False)
    assert stored["answer_id"].tolist() == [rows[1]["answer_id"]]
    assert result.n_reviewed == 2  # agreement is still measured on both
