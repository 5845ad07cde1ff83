"""CLI commands of the reporting stage: ``report``, ``review import`` and ``export-qdpx``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app, fail

console = Console()
review_app = typer.Typer(
    help="Reviewers' corrections: import a reviewed report.xlsx as labelled data.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

CodebookOpt = typer.Option(None, "--codebook", help="Codebook YAML (default: the 2023 codebook).")
TextColumnOpt = typer.Option(
    "answer", "--text-column", help="Raw text column; <name>_anonymised is used when present."
)


@app.command("report")
def report(
    coded: Path = typer.Argument(..., help="Coded table from `raadskoder code` (CSV/XLSX/Parquet)"),
    outdir: Path = typer.Option(..., "-o", "--output", help="Folder for report.html/.xlsx/PNGs."),
    reference: Path = typer.Option(
        None, "--reference", help="Published counts to compare with (theme,count[,base,label])."
    ),
    title: str = typer.Option(None, "--title", help="Report title."),
    codebook: Path = CodebookOpt,
    model: Path = typer.Option(
        None,
        "--model",
        help="Theme model folder for thresholds and model card "
        "(default: models/themes when it exists).",
    ),  # fmt: skip
    text_column: str = TextColumnOpt,
    figures: Path = typer.Option(
        None, "--figures", help="Figures table (`raadskoder stats`) to compare reports over time."
    ),
    margin: float = typer.Option(
        0.15,  # = pipeline.report.summary.DEFAULT_MARGIN (not imported: the CLI starts light)
        "--margin",
        help="List answers whose score is this close to the threshold (and count the "
        "councils they can move).",
    ),
) -> None:
    """Write the analyst report: report.html (self-contained), report.xlsx and chart PNGs.

    Example: raadskoder report kodet.csv -o rapport --reference
    corpus/reference/dnir2023_counts.csv --title "Lokale integrationsråd 2023"
    """
    from pipeline.report import build_report
    from pipeline.tables import read_table

    try:
        card, thresholds = _model_info(model)
        paths = build_report(
            coded,
            outdir,
            codebook=codebook,
            reference=reference,
            title=title,
            model_card=card,
            thresholds=thresholds,
            figures=read_table(figures) if figures else None,
            margin=margin,
            text_column=text_column,
        )
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    for name, path in paths.items():
        console.print(f"{name:>16}  {path}")


@review_app.command("import")
def review_import(
    reviewed: Path = typer.Argument(..., help="report.xlsx with corrected_themes filled in."),
    reviewer: str = typer.Option(
        None, "--reviewer", help="Who reviewed (default: the workbook's last editor)."
    ),
    corpus: Path = typer.Option(
        None, "--corpus", help="Corpus folder (default: the project's corpus/)."
    ),
    codebook: Path = CodebookOpt,
) -> None:
    """Store reviewers' corrections as labelled data and report model-reviewer agreement.

    Rows whose corrected_themes is filled (theme ids joined by ';', '-' or 'ingen'
    for none) go to corpus/survey/reviewed/<input-sha>.csv, which `raadskoder
    train` reads. Importing the same workbook again adds nothing.
    """
    from pipeline.review import import_review

    try:
        result = import_review(reviewed, reviewer=reviewer, corpus_dir=corpus, codebook=codebook)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    table = Table(title=f"Model vs. reviewer ({result.n_reviewed} reviewed answers)")
    for col in ("theme", "model +", "reviewer +", "agreement", "Cohen's kappa", "Kripp. alpha"):
        table.add_column(col, justify="left" if col == "theme" else "right")
    for r in result.agreement.itertuples(index=False):
        table.add_row(
            r.theme, str(r.model_positive), str(r.reviewer_positive),
            f"{r.agreement:.2f}", _fmt(r.kappa), _fmt(r.alpha),
        )  # fmt: skip
    console.print(table)
    empty = f", {result.n_empty_skipped} empty left out" if result.n_empty_skipped else ""
    console.print(
        f"{result.n_changed} of {result.n_reviewed} reviewed answers changed by the reviewer "
        f"({result.reviewer}); corpus {result.target}: {result.n_added} added, "
        f"{result.n_updated} updated, {result.n_unchanged} already stored{empty}."
    )
    if result.n_evaluation_skipped:
        console.print(
            f"[yellow]{result.n_evaluation_skipped} reviewed answer(s) are evaluation data "
            "(test split or 2023 reconstruction) and were not stored.[/yellow]"
        )


@app.command("export-qdpx")
def export_qdpx_cmd(
    coded: Path = typer.Argument(None, help="Coded table (not needed with --codebook-only)."),
    output: Path = typer.Option(..., "-o", "--output", help="project.qdpx (or codebook .qdc)."),
    codebook_only: bool = typer.Option(
        False, "--codebook-only", help="Write only the codebook as a REFI-QDA .qdc file."
    ),
    codebook: Path = CodebookOpt,
    text_column: str = TextColumnOpt,
) -> None:
    """Export coded answers as a REFI-QDA project for NVivo, MAXQDA, ATLAS.ti or QualCoder.

    Answers become text sources (anonymised), themes codes, codings span each answer,
    and each respondent is a case. Validated against the official REFI-QDA schemas.
    """
    from pipeline.qda import export_qdpx

    if coded is None and not codebook_only:
        raise fail("give a coded table, or --codebook-only for a .qdc codebook")
    try:
        path = export_qdpx(
            coded, output, codebook=codebook, codebook_only=codebook_only, text_column=text_column
        )
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    console.print(f"wrote {path}")


def _model_info(model: Path | None) -> tuple[dict | None, dict | None]:
    """Model card and thresholds of ``model`` (or of the shipped model when it exists)."""
    from pipeline.paths import DEFAULT_THEME_MODEL

    if model is None and not DEFAULT_THEME_MODEL.exists():
        return None, None
    from pipeline.classify import load_theme_model

    theme_model = load_theme_model(model)
    return dict(theme_model.card), dict(theme_model.thresholds_)


def _fmt(value: float) -> str:
    return "–" if value != value else f"{value:.2f}"  # NaN != NaN
