"""The analyst report: one self-contained HTML file, an XLSX workbook and PNG charts.

:func:`build_report` is what ``raadskoder report`` and ``make demo`` call. All
texts it writes come from :func:`pipeline.report.prepare.prepare_coded`, which
anonymises them; the raw answers stay only in the coded table the user gave.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.aggregate import load_reference
from pipeline.codebook import Codebook, load_codebook
from pipeline.report import charts, summary
from pipeline.report.html import render_html
from pipeline.report.prepare import CodedAnswers, ReportInputError, anonymize, prepare_coded
from pipeline.report.xlsx import write_xlsx
from pipeline.survey import questionnaire

__all__ = ["ReportInputError", "build_report", "danish_date", "model_summary"]

_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def build_report(
    coded: pd.DataFrame | str | Path,
    outdir: str | Path,
    *,
    codebook: Codebook | str | Path | None = None,
    reference: pd.DataFrame | str | Path | None = None,
    title: str | None = None,
    model_card: Mapping[str, Any] | None = None,
    figures: pd.DataFrame | None = None,
    thresholds: Mapping[str, float] | None = None,
    margin: float = summary.DEFAULT_MARGIN,
    text_column: str = "answer",
    nlp=None,
    now: datetime | None = None,
) -> dict[str, Path]:
    """Write ``report.html``, ``report.xlsx`` and the chart PNGs to ``outdir``.

    ``coded`` is a coded table (frame or file) as written by ``raadskoder code``.
    ``reference`` holds published counts (theme,count[,base,label]); ``model_card``
    and ``thresholds`` come from the theme model (thresholds default to the card's,
    then to 0.5) and decide which answers are listed for review (score within
    ``margin`` of the threshold). ``figures`` is a figures table from the report
    extraction; when given, the report compares the figures across reports.
    Returns the written paths by name (html, xlsx, counts_png, cooccurrence_png).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    if thresholds is None and model_card:
        thresholds = model_card.get("thresholds")
    gates = (model_card or {}).get("council_gates") or {}
    now = now or datetime.now(timezone.utc)
    answers = prepare_coded(coded, codebook, text_column=text_column, nlp=nlp)
    ref_frame = _reference_frame(reference)

    counts = summary.theme_counts(answers, ref_frame)
    pngs = {
        "counts_png": charts.counts_chart(counts),
        "cooccurrence_png": charts.cooccurrence_chart(
            summary.cooccurrence(answers), answers.labels
        ),
    }
    paths: dict[str, Path] = {}
    for name, png in pngs.items():
        paths[name] = outdir / f"{name.removesuffix('_png')}.png"
        paths[name].write_bytes(png)

    quotes = summary.quotes(answers)
    comparison = _comparison(figures, nlp=nlp) if figures is not None else None
    context = {
        "title": title or "Kodning af besvarelser",
        "generated": danish_date(now),
        "n_respondents": answers.n_respondents,
        "n_answers": len(answers.frame),
        "color_count": charts.COLOR_COUNT,
        "color_reference": charts.COLOR_REFERENCE,
        "counts_chart": charts.data_uri(pngs["counts_png"]),
        "cooccurrence_chart": charts.data_uri(pngs["cooccurrence_png"]),
        "has_reference": ref_frame is not None,
        "counts": _count_rows(
            counts, ref_frame, summary.uncertain_councils(answers, thresholds, margin, gates)
        ),
        **_question_context(answers),
        **_comparison_context(comparison),
        "quotes": _quote_groups(answers, quotes),
        "review": summary.near_threshold(answers, thresholds, margin, gates).to_dict("records"),
        "has_scores": answers.has_scores(),
        "margin": margin,
        "method": _method(answers, codebook, model_card, thresholds, gates),
    }
    paths["html"] = outdir / "report.html"
    paths["html"].write_text(render_html(context), encoding="utf-8")

    metadata = {
        "input_sha256": answers.input_sha256,
        "codebook_name": codebook.name,
        "codebook_version": codebook.version,
        "codebook_sha256": codebook.sha256,
        "theme_ids": ";".join(answers.theme_ids),
        "thresholds": json.dumps(dict(thresholds or {}), sort_keys=True),
        "generated_at": now.isoformat(timespec="seconds"),
        "instructions": (
            "Skriv de rigtige temaer i kolonnen corrected_themes på arket 'Kodede svar' "
            "(tema-id'er adskilt af ';', eller '-'/'ingen' for intet tema) og kør "
            "'raadskoder review import <fil>'."
        ),
    }
    paths["xlsx"] = write_xlsx(
        outdir / "report.xlsx", answers, counts, quotes, metadata, comparison=comparison
    )
    return paths


def danish_date(moment: datetime) -> str:
    """22. november 2026."""
    return f"{moment.day}. {_MONTHS[moment.month - 1]} {moment.year}"


def model_summary(card: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """A few (Danish key, value) lines describing a theme model card for the method note."""
    if not card:
        return []
    out: list[tuple[str, str]] = []
    if "created" in card:
        out.append(("oprettet", str(card["created"])))
    model = card.get("model") or {}
    if isinstance(model, Mapping):
        for key, name in (("classifier", "klassifikator"), ("features", "træk")):
            if key in model:
                out.append((name, str(model[key])))
    data = card.get("training_data") or {}
    if isinstance(data, Mapping) and "n_answers" in data:
        out.append(("træningssvar", str(data["n_answers"])))
    cv = card.get("cv") or {}
    if isinstance(cv, Mapping) and "macro_f1" in cv:
        out.append((f"makro-F1, {cv.get('folds', '')}-fold CV", _dec3(cv["macro_f1"])))
    for name, res in (card.get("evaluation") or {}).items():
        if isinstance(res, Mapping) and "macro_f1" in res:
            out.append((f"makro-F1, {name}", _dec3(res["macro_f1"])))
    if not out:  # an unknown card layout: show its scalar entries
        out = [(str(k), str(v)) for k, v in card.items() if isinstance(v, str | int | float)][:10]
    return out


def _dec3(value: float) -> str:
    return f"{float(value):.3f}".replace(".", ",")


def _reference_frame(reference) -> pd.DataFrame | None:
    if reference is None:
        return None
    return reference if isinstance(reference, pd.DataFrame) else load_reference(reference)


def _count_rows(
    counts: pd.DataFrame, ref: pd.DataFrame | None, uncertain: pd.DataFrame
) -> list[dict[str, Any]]:
    moves = uncertain.set_index("theme")
    ref_base = {}
    if ref is not None and "base" in ref:
        ref_base = dict(zip(ref["theme"], ref["base"], strict=True))
    rows = []
    for r in counts.itertuples(index=False):
        reference = None if pd.isna(r.reference) else int(r.reference)
        rows.append(
            {
                "theme": r.theme,
                "label": r.label,
                "count": int(r.count),
                "base": int(r.base),
                "share": float(r.share),
                "reference": reference,
                "reference_base": int(ref_base.get(r.theme, r.base)),
                "difference": None if pd.isna(r.difference) else int(r.difference),
                "fragile": int(moves.at[r.theme, "fragile"]),
                "borderline": int(moves.at[r.theme, "borderline"]),
            }
        )
    return rows


def _question_context(answers: CodedAnswers) -> dict[str, Any]:
    table = summary.per_question(answers)
    if list(table.columns) == [""]:  # documents, not survey answers: no questions to split by
        return {"questions": [], "per_question": [], "question_base": []}
    texts = questionnaire()
    questions = [{"id": q, "text": texts.get(q, "")} for q in table.columns]
    rows = [
        {"label": answers.labels[t], "values": [int(v) for v in table.loc[t]]}
        for t in answers.theme_ids
    ]
    return {
        "questions": questions,
        "per_question": rows,
        "question_base": [int(v) for v in table.loc["besvarelser"]],
    }


def _quote_groups(answers: CodedAnswers, quotes: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "theme": t,
            "label": answers.labels[t],
            "items": quotes[quotes["theme"] == t].to_dict("records"),
        }
        for t in answers.theme_ids
    ]


def _method(answers, codebook, model_card, thresholds, gates=None) -> dict[str, Any]:
    default = f"{summary.DEFAULT_THRESHOLD:.2f} for alle temaer".replace(".", ",")
    return {
        "gates": _per_theme(answers.theme_ids, gates, 0.0, 3, "ingen"),
        "codebook": f"{codebook.name}, version {codebook.version}",
        "codebook_sha": codebook.sha256 or "–",
        "model": model_summary(model_card),
        "thresholds": _per_theme(answers.theme_ids, thresholds, summary.DEFAULT_THRESHOLD, 2,
                                 default),
        "input_sha": answers.input_sha256,
        "anonymisation": (
            "anonymiseret ved rapportdannelsen med projektets NER"
            if answers.anonymised_here
            else "den kodede tabels anonymiserede tekstkolonne"
        )
        + "; rådenes navne er erstattet af «Råd NN».",
    }


def _per_theme(theme_ids, values, fallback: float, digits: int, empty: str) -> str:
    """``values`` per theme as Danish decimals (*employment 0,49, …*), ``empty`` when none."""
    values = dict(values or {})
    if not values:
        return empty
    return ", ".join(f"{t} {float(values.get(t, fallback)):.{digits}f}".replace(".", ",")
                     for t in theme_ids)


def _comparison(figures: pd.DataFrame, nlp=None) -> pd.DataFrame:
    """Figures of several reports by topic, with their sentences anonymised."""
    from pipeline.compare import compare_figures  # the over-time view is optional

    table = compare_figures(figures)
    if not table.empty:
        table["sentence"] = anonymize(table["sentence"].tolist(), nlp=nlp)
    return table


def _comparison_context(table: pd.DataFrame | None) -> dict[str, Any]:
    """Per topic the figures by report (overview) and the rows with their sentences."""
    from pipeline.compare import comparison_matrix

    if table is None or table.empty:
        return {"comparison": [], "comparison_reports": []}
    matrix = comparison_matrix(table)
    groups = [
        {
            "topic": topic,
            "label": part["label"].iloc[0],
            "rows": part.to_dict("records"),
            "by_report": {r: v for r, v in matrix.loc[part["label"].iloc[0]].items() if v},
        }
        for topic, part in table.groupby("topic", sort=False)
    ]
    return {"comparison": groups, "comparison_reports": sorted(matrix.columns)}
