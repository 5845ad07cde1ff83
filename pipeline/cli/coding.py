"""CLI commands of the coding stage: ``code``, ``count``, ``evaluate`` and ``train``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app, fail
from pipeline.paths import DEFAULT_THEME_MODEL
from pipeline.tables import read_table, write_table

#: Tables are wide (Danish labels); when output is piped, do not squeeze them to 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)

CodebookOpt = typer.Option(None, "--codebook", help="Codebook YAML (default: the 2023 codebook).")
ModelOpt = typer.Option(None, "--model", help="Model directory (default: models/themes).")


@app.command("code")
def code(
    answers: Path = typer.Argument(..., help="Survey export: CSV (UTF-8/cp1252), XLSX or Parquet."),
    output: Path = typer.Option(..., "-o", "--output", help="Coded table; format by extension."),
    codebook: Path = CodebookOpt,
    model: Path = ModelOpt,
    wide: bool = typer.Option(
        False, "--wide", help="One row per respondent, one column per question."
    ),
    respondent_column: str = typer.Option("respondent", help="Respondent column name."),
    question_column: str = typer.Option("question", help="Question column name (long format)."),
    answer_column: str = typer.Option("answer", help="Answer column name (long format)."),
    no_anonymize: bool = typer.Option(
        False, "--no-anonymize", help="Classify the raw text; add no anonymised column."
    ),
) -> None:
    """Code open survey answers into the codebook's themes.

    Keeps the input columns in order and adds one 0/1 column per theme,
    p_<theme> probabilities and `themes` (ids joined by ';'). Empty answers get
    no themes. Example: raadskoder code svar_2025.xlsx --wide -o kodet.xlsx
    """
    from pipeline.classify.apply import code_frame
    from pipeline.survey import load_answers

    try:
        theme_model = _model(model, codebook)
        df = load_answers(
            answers,
            wide=wide,
            respondent=respondent_column,
            question=question_column,
            answer=answer_column,
        )
        coded = code_frame(
            df, text_column=answer_column, model=theme_model, anonymize=not no_anonymize,
            respondent_column=respondent_column,
        )
        write_table(coded, output)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    n_coded = int((coded["themes"] != "").sum())
    console.print(f"coded {len(coded)} answers ({n_coded} with a theme) -> {output}")


@app.command("count")
def count(
    coded: Path = typer.Argument(..., help="A table written by `raadskoder code`."),
    reference: Path = typer.Option(None, "--reference", help="Published counts CSV (theme,count)."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the counts table here."),
    codebook: Path = CodebookOpt,
    respondent_column: str = typer.Option("respondent", help="Respondent column name."),
) -> None:
    """Count respondents per theme ("N ud af 17 råd"), optionally against published counts.

    A respondent counts for a theme when at least one of its answers is coded
    with it. Example: raadskoder count kodet.csv --reference
    corpus/reference/dnir2023_counts.csv -o optaelling.csv
    """
    from pipeline.aggregate import count_themes, load_reference
    from pipeline.codebook import load_codebook

    try:
        book = load_codebook(codebook)
        table = read_table(coded)
        ref = load_reference(reference) if reference is not None else None
        counts = count_themes(
            table, book.theme_ids, respondent=respondent_column, reference=ref, labels=book.labels
        )
        if output is not None:
            cols = ["theme", "label", "count", "base", "reference", "difference", "share"]
            write_table(counts[cols], output)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    show = counts if reference is not None else counts.drop(columns=["reference", "difference"])
    _print(show, title=f"Themes per respondent ({coded.name})")


@app.command("evaluate")
def evaluate(
    gold: Path = typer.Argument(..., help="Gold table with an answer column and `themes`."),
    model: Path = ModelOpt,
    answer_column: str = typer.Option("answer", help="Answer column name."),
    themes_column: str = typer.Option("themes", help="Gold themes column (ids joined by ';')."),
    respondent_column: str = typer.Option("respondent", help="Respondent column, if any."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the metrics as JSON."),
) -> None:
    """Compare the model's coding with a gold coding: P, R, F1, Cohen's kappa per theme.

    Also macro/micro-F1 and, when the gold has a respondent column, the
    respondent-level count per theme and its difference.
    """
    from pipeline.classify.evaluate import evaluate_model, metrics_frame

    try:
        result = evaluate_model(
            _model(model, None),
            read_table(gold),
            answer=answer_column,
            themes=themes_column,
            respondent=respondent_column,
            source=str(gold),
        )
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    _print(metrics_frame(result), title=f"Agreement with {gold.name} ({result['n']} answers)")
    console.print(f"macro-F1 {result['macro_f1']:.3f}   micro-F1 {result['micro_f1']:.3f}")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


@app.command("train")
def train(
    corpus: list[Path] = typer.Option(
        None, "--corpus", help="Training CSV files or folders (default: survey/train + reviewed)."
    ),
    out: Path = typer.Option(DEFAULT_THEME_MODEL, "--out", help="Model directory to write."),
    codebook: Path = CodebookOpt,
    cv_folds: int = typer.Option(5, "--cv-folds", help="Outer CV folds for the card (0: skip)."),
) -> None:
    """Train the theme classifier and write model.joblib, card.json and MODEL_CARD.md.

    Never trains on the test split or the reconstruction; evaluates on both when
    present and records the figures in the model card.
    """
    from pipeline.classify.card import render_model_card
    from pipeline.classify.evaluate import metrics_frame
    from pipeline.classify.store import save_theme_model
    from pipeline.classify.train import train_theme_model, training_files
    from pipeline.codebook import load_codebook

    try:
        book = load_codebook(codebook)
        files = training_files(corpus)
        model, card = train_theme_model(files, book, cv_folds=cv_folds)
        save_theme_model(model, out, card, render_model_card(card))
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    td = card["training_data"]
    console.print(f"trained on {td['n_answers']} answers from {len(files)} files -> {out}")
    results = {k: card[k] for k in ("cv", "cv_by_writer") if k in card} | card["evaluation"]
    for name, res in results.items():
        _print(metrics_frame(res), title=f"{name}: macro-F1 {res['macro_f1']:.3f}")


def _model(model_dir: Path | None, codebook: Path | None):
    """Load the model; with --codebook, check the model was trained on its themes."""
    from pipeline.classify.store import load_theme_model
    from pipeline.codebook import load_codebook

    theme_model = load_theme_model(model_dir)
    if codebook is not None:
        book = load_codebook(codebook)
        if book.theme_ids != theme_model.theme_ids:
            raise ValueError(
                f"{codebook}: themes {book.theme_ids} differ from the model's "
                f"{theme_model.theme_ids}; train a model for this codebook with "
                f"`raadskoder train --codebook {codebook} --out DIR` and pass --model DIR"
            )
    return theme_model


def _print(df: pd.DataFrame, *, title: str) -> None:
    table = Table(title=title)
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col])
        table.add_column(str(col), justify="right" if numeric else "left")
    for row in df.itertuples(index=False):
        table.add_row(*(_fmt(v) for v in row))
    console.print(table)


def _fmt(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
