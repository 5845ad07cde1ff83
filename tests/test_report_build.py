"""build_report: one self-contained, anonymised HTML file, the workbook and the PNG charts."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pandas as pd
import pytest
from openpyxl import load_workbook
from report_helpers import (
    PERSON_NAMES,
    PLACE_NAMES,
    RESPONDENTS,
    coded_frame,
    expected_counts,
)

from pipeline.codebook import load_codebook
from pipeline.paths import DEFAULT_NER_MODEL, REFERENCE_2023
from pipeline.report import build_report
from pipeline.report.prepare import ReportInputError, scrub_known_names
from pipeline.report.xlsx import CORRECTION_COLUMN

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def built(tmp_path_factory, codebook):
    """A report from a table WITHOUT an anonymised column: anonymised at report time."""
    out = tmp_path_factory.mktemp("report")
    coded = coded_frame()
    path = out / "kodet.csv"
    coded.to_csv(path, index=False)
    paths = build_report(
        path, out / "rapport", codebook=codebook, reference=REFERENCE_2023,
        title="Lokale integrationsråd – prøve", now=NOW,
    )  # fmt: skip
    return coded, paths


def _xlsx_text(path) -> str:
    wb = load_workbook(path, read_only=True)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += [str(v) for v in row if v is not None]
    return "\n".join(cells)


def test_outputs_exist_and_html_is_self_contained(built):
    _, paths = built
    assert set(paths) == {"html", "xlsx", "counts_png", "cooccurrence_png"}
    for key in ("counts_png", "cooccurrence_png"):
        assert paths[key].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert html.count('src="data:image/png;base64,') == 2
    assert "Antal råd" in html and "Offentliggjort" in html and "Forskel" in html


def test_count_table_matches_the_coded_table(built, codebook):
    coded, paths = built
    html = paths["html"].read_text(encoding="utf-8")
    expected = expected_counts(coded, codebook.theme_ids)
    ref = pd.read_csv(REFERENCE_2023).set_index("theme")
    for t in codebook.theme_ids:
        row = re.search(rf'<tr data-theme="{t}">(.*?)</tr>', html, re.S).group(1)
        assert f"{expected[t]} ud af {len(RESPONDENTS)} råd" in row
        assert f"{ref.loc[t, 'count']} ud af 17" in row
        diff = expected[t] - ref.loc[t, "count"]
        shown = f"+{diff}" if diff > 0 else (f"−{-diff}" if diff < 0 else "0")
        assert f">{shown}</td>" in row


def test_no_municipality_name_in_html_or_xlsx(built):
    _, paths = built
    html = paths["html"].read_text(encoding="utf-8")
    xlsx = _xlsx_text(paths["xlsx"])
    for name in [*PLACE_NAMES, *RESPONDENTS]:
        assert name not in html, name
        assert name not in xlsx, name
    assert "[kommunen]" in html and "Råd 01" in html


@pytest.mark.skipif(
    not DEFAULT_NER_MODEL.exists(),
    reason="person names need the trained NER pipeline in models/ner (rule-only fallback "
    "finds municipalities, e-mails and phone numbers only)",
)
def test_no_person_name_in_html_or_xlsx(built):
    _, paths = built
    html = paths["html"].read_text(encoding="utf-8")
    xlsx = _xlsx_text(paths["xlsx"])
    for name in PERSON_NAMES:
        for part in name.split():
            assert part not in html, part
            assert part not in xlsx, part


def test_workbook_sheets_and_review_columns(built, codebook):
    coded, paths = built
    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames[:3] == ["Optælling", "Kodede svar", "Citater"]
    ws = wb["Kodede svar"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["answer_id", "respondent", "question", "answer"]
    assert header[-1] == CORRECTION_COLUMN
    for t in codebook.theme_ids:
        assert t in header and f"p_{t}" in header
    assert ws.max_row == len(coded) + 1
    assert all(ws.cell(row=r, column=len(header)).value is None for r in range(2, ws.max_row + 1))
    counts = pd.read_excel(paths["xlsx"], sheet_name="Optælling")
    expected = expected_counts(coded, codebook.theme_ids)
    assert dict(zip(counts["Tema-id"], counts["Antal råd"], strict=True)) == expected
    quotes = pd.read_excel(paths["xlsx"], sheet_name="Citater")
    assert len(quotes) == int(coded[codebook.theme_ids].to_numpy().sum())


def test_review_section_lists_answers_near_threshold(tmp_path, codebook):
    coded = coded_frame(anonymised=True)
    paths = build_report(coded, tmp_path, codebook=codebook, margin=0.05, now=NOW)
    html = paths["html"].read_text(encoding="utf-8")
    section = html.split('id="gennemsyn"')[1].split("</section>")[0]
    n_near = sum(
        abs(coded.at[i, f"p_{t}"] - 0.5) < 0.05 and coded.at[i, "answer"] != ""
        for i in coded.index
        for t in codebook.theme_ids
    )
    assert n_near > 0
    assert section.count("<tr>") == n_near + 1  # header row + one per answer-theme pair


def test_thresholds_change_what_is_coded_for_review(tmp_path, codebook):
    coded = coded_frame(anonymised=True)
    thresholds = {t: 0.9 for t in codebook.theme_ids}
    paths = build_report(coded, tmp_path, codebook=codebook, thresholds=thresholds, margin=0.02)
    section = paths["html"].read_text(encoding="utf-8").split('id="gennemsyn"')[1]
    section = section.split("</section>")[0]
    assert "0,90" in section  # the given threshold is shown, not the default 0,50


def test_method_note_has_hashes_and_model_card(tmp_path, codebook):
    coded = coded_frame(anonymised=True)
    card = {"created": "2026-11-21T10:00:00Z", "cv": {"folds": 5, "macro_f1": 0.8766}}
    paths = build_report(coded, tmp_path, codebook=codebook, model_card=card, now=NOW)
    html = paths["html"].read_text(encoding="utf-8")
    assert codebook.sha256 in html
    assert "0,877" in html and "22. november 2026" in html
    assert re.search(r"<dt>Input \(SHA-256\)</dt><dd>[0-9a-f]{64}</dd>", html)
    assert "<dt>Rådsgrænser</dt><dd>ingen" in html  # a card without council gates
    card["council_gates"] = {t: 0.125 if i == 0 else 0.0 for i, t in
                             enumerate(codebook.theme_ids)}
    html = build_report(coded, tmp_path, codebook=codebook, model_card=card,
                        now=NOW)["html"].read_text(encoding="utf-8")
    assert f"{codebook.theme_ids[0]} 0,125" in html


def test_respondent_names_left_by_ner_are_scrubbed():
    texts = ["Vejles råd og Vejle Kommune mødes i Vejle.", "Intet navn her."]
    out = scrub_known_names(texts, ["Vejle Kommune"])
    assert out == ["[kommunens] råd og [kommunen] mødes i [kommunen].", "Intet navn her."]
    assert scrub_known_names(["101 deltagere"], ["101"]) == ["101 deltagere"]


def test_bad_input_names_file_and_columns(tmp_path, codebook):
    bad = tmp_path / "ikke_kodet.csv"
    pd.DataFrame({"respondent": ["a"], "answer": ["x"]}).to_csv(bad, index=False)
    with pytest.raises(ReportInputError, match=r"ikke_kodet\.csv.*columns found"):
        build_report(bad, tmp_path / "out", codebook=codebook)


def test_segments_without_questions_get_no_question_section(tmp_path, codebook):
    coded = coded_frame(anonymised=True).drop(columns=["question"])
    coded = coded.rename(columns={"answer": "text", "answer_anonymised": "text_anonymised"})
    paths = build_report(coded, tmp_path, codebook=codebook, text_column="text")
    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="spoergsmaal"' not in html and 'id="counts-table"' in html


def test_cli_report(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    coded = tmp_path / "kodet.xlsx"
    coded_frame(anonymised=True).to_excel(coded, index=False)
    runner = CliRunner()
    args = ["report", str(coded), "-o", str(tmp_path / "ud"), "--title", "Prøve æøå"]
    res = runner.invoke(app, [*args, "--reference", str(REFERENCE_2023)])
    assert res.exit_code == 0, res.output
    assert "Prøve æøå" in (tmp_path / "ud" / "report.html").read_text(encoding="utf-8")
    res = runner.invoke(app, ["report", str(tmp_path / "mangler.csv"), "-o", str(tmp_path)])
    assert res.exit_code == 2 and "mangler.csv" in res.output


def test_duplicate_rows_keep_distinct_ids_and_themes_column_suffices(codebook):
    from pipeline.report.prepare import prepare_coded

    coded = coded_frame(anonymised=True)
    coded = pd.concat([coded, coded.iloc[[0]]], ignore_index=True)
    slim = coded.drop(columns=codebook.theme_ids)  # only the `themes` column says what is coded
    answers = prepare_coded(slim, codebook)
    assert answers.frame["answer_id"].is_unique
    assert answers.frame["answer_id"].iloc[-1] == answers.frame["answer_id"].iloc[0] + "-2"
    for t in codebook.theme_ids:
        assert answers.frame[t].tolist() == coded[t].tolist()


def test_answer_text_is_escaped_and_report_works_without_reference(tmp_path, codebook):
    coded = coded_frame(anonymised=True)
    coded.loc[0, "answer_anonymised"] = 'Vi skrev <script>alert("x")</script> & mere'
    coded.loc[0, codebook.theme_ids[0]] = 1
    paths = build_report(coded, tmp_path, codebook=codebook)
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; mere" in html
    row = re.search(r'<tr data-theme="\w+">(.*?)</tr>', html, re.S).group(1)
    assert "–" in row  # no published figure to show


def test_uncertain_councils_count_who_a_review_can_move(codebook):
    from pipeline.report.prepare import prepare_coded
    from pipeline.report.summary import uncertain_councils

    t = codebook.theme_ids[0]
    rows = [  # respondent, score of theme t; coded when >= 0.5
        ("A", 0.52), ("A", 0.10),  # counted only through an uncertain answer: fragile
        ("B", 0.53), ("B", 0.90),  # counted through a sure answer too: not fragile
        ("C", 0.47), ("C", 0.20),  # not counted, one answer just below: borderline
        ("D", 0.30),               # far below: neither
    ]
    frame = pd.DataFrame({
        "respondent": [r for r, _ in rows],
        "question": ["q"] * len(rows),
        "answer": ["et svar"] * len(rows),
        **{th: [int(p >= 0.5) if th == t else 0 for _, p in rows] for th in codebook.theme_ids},
        **{f"p_{th}": [p if th == t else 0.0 for _, p in rows] for th in codebook.theme_ids},
    })
    answers = prepare_coded(frame, codebook)
    out = uncertain_councils(answers, {th: 0.5 for th in codebook.theme_ids}, margin=0.05)
    got = out.set_index("theme").loc[t]
    assert (got["fragile"], got["borderline"]) == (1, 1)
    assert out.set_index("theme").drop(index=t)[["fragile", "borderline"]].to_numpy().sum() == 0


def test_cli_review_margin_default_is_the_library_default():
    import inspect

    from pipeline.cli.reporting import report
    from pipeline.report.summary import DEFAULT_MARGIN

    option = inspect.signature(report).parameters["margin"].default
    assert option.default == DEFAULT_MARGIN


def test_uncertain_councils_and_review_use_the_council_gate(codebook):
    from pipeline.report.prepare import prepare_coded
    from pipeline.report.summary import near_threshold, uncertain_councils

    t = codebook.theme_ids[0]
    rows = [  # respondent, score, code as `code` with threshold 0.5 and gate 0.2 wrote it
        ("A", 0.62, 0), ("A", 0.10, 0),  # withheld by the gate, 0.08 below 0.7: borderline
        ("B", 0.75, 1), ("B", 0.55, 1),  # counted through 0.75, 0.05 above 0.7: fragile
        ("C", 0.95, 1), ("C", 0.30, 0),  # sure
    ]
    frame = pd.DataFrame({
        "respondent": [r for r, _, _ in rows],
        "question": ["q"] * len(rows),
        "answer": ["et svar"] * len(rows),
        **{th: [c if th == t else 0 for _, _, c in rows] for th in codebook.theme_ids},
        **{f"p_{th}": [p if th == t else 0.0 for _, p, _ in rows] for th in codebook.theme_ids},
    })
    answers = prepare_coded(frame, codebook)
    thresholds = {th: 0.5 for th in codebook.theme_ids}
    gates = {t: 0.2}
    got = uncertain_councils(answers, thresholds, 0.1, gates).set_index("theme").loc[t]
    assert (got["fragile"], got["borderline"]) == (1, 1)
    review = near_threshold(answers, thresholds, 0.1, gates)
    review = review[review["theme"] == t]
    # A's 0.62 is decided by the council's 0.70; B's 0.55 by the answer threshold 0.50
    pairs = sorted(zip(review["score"], review["threshold"], strict=True))
    assert pairs == [(0.55, 0.5), (0.62, 0.7), (0.75, 0.7)]
    # without gates the same table shows the answer threshold only
    plain = near_threshold(answers, thresholds, 0.1)
    assert set(plain.loc[plain["theme"] == t, "threshold"]) == {0.5}
