"""CLI commands of the extraction stage: ``ingest``, ``profile`` and ``stats``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app, fail

console = Console(width=160) if not Console().is_terminal else Console()
err_console = Console(stderr=True)

TypeOpt = typer.Option(
    "auto", "--type", "-t", help="Document type: auto (detect), report, minutes or terms."
)
EngineOpt = typer.Option("pdfplumber", "--engine", help="PDF engine: pdfplumber or pdfium.")


def _print_failures(failures) -> None:
    if not failures:
        return
    err_console.print(f"[red]{len(failures)} file(s) failed:[/red]")
    for failure in failures:
        hint = " [yellow](needs OCR)[/yellow]" if failure.needs_ocr else ""
        err_console.print(f"  [red]✗[/red] {failure}{hint}", highlight=False, markup=True)


@app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Segments table: .jsonl, .csv or .parquet."
    ),
    doc_type: str = TypeOpt,
    engine: str = EngineOpt,
) -> None:
    """Read, clean and segment reports, minutes and terms of reference.

    Writes one row per segment (doc_id, source, doc_type, page, kind, section,
    item_no, item_title, case_no, text, start, end) to OUTPUT, and the cleaned
    full texts to OUTPUT's stem + .documents (e.g. segments.documents.jsonl).
    Bad files are listed at the end and make the exit code 1; good files are
    still written. Example: raadskoder ingest referater/ -o segmenter.jsonl
    """
    from pipeline.ingest import ingest_paths, write_run
    from pipeline.tables import TableError

    try:
        run = ingest_paths(paths, doc_type=doc_type, engine=engine)
        seg_path, doc_path = write_run(run, output)
    except (ValueError, TableError, OSError) as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"{len(run.documents)} document(s), {len(run.segments)} segment(s) -> {seg_path}"
        f" (full texts: {doc_path})",
        highlight=False,
    )
    _print_failures(run.failures)
    if run.failures:
        raise typer.Exit(1)


@app.command("profile")
def profile(
    path: Path = typer.Argument(..., help="A kommissorium (PDF, DOCX, HTML or text)."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the JSON here too."),
    engine: str = EngineOpt,
) -> None:
    """Print a structured profile of a terms of reference (kommissorium) as JSON.

    Purposes, tasks, members (maximum, nominated, appointed directly), economy,
    secretariat, legal basis (law, paragraph, number, date), whether the council
    gives consultation answers, and the approval date (ISO).
    Example: raadskoder profile kommissorium.pdf
    """
    from pipeline.clean import clean_document
    from pipeline.readers import ReadError, read_document
    from pipeline.segmenters import profile_terms

    try:
        record = profile_terms(clean_document(read_document(path, engine=engine)))
    except (ReadError, ValueError) as exc:
        raise fail(str(exc)) from exc
    text = json.dumps(record, ensure_ascii=False, indent=2)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


@app.command("stats")
def stats(
    paths: list[Path] = typer.Argument(
        ..., help="Documents/folders, or a segments table written by `ingest`."
    ),
    output: Path = typer.Option(None, "-o", "--output", help="Figures table (.csv/.xlsx/...)."),
    doc_type: str = TypeOpt,
    engine: str = EngineOpt,
) -> None:
    """Print the figures stated in the text: "N ud af M", "N/M", "X pct." with qualifiers.

    One row per figure with its document, page, section, kind (n_of_m or
    percent), n, m, value (percent), qualifier (knap, godt, hele, ca. ...) and
    sentence. Example: raadskoder stats rapport_2004.pdf rapport_2023.pdf -o tal.csv
    """
    from pipeline.ingest import ingest_paths
    from pipeline.segmenters.figures import extract_figures
    from pipeline.tables import TABLE_EXTENSIONS, TableError, read_table, write_table

    failures = []
    try:
        if len(paths) == 1 and paths[0].suffix.lower() in TABLE_EXTENSIONS and paths[0].is_file():
            segments = read_table(paths[0])
        else:
            run = ingest_paths(paths, doc_type=doc_type, engine=engine)
            segments, failures = run.segments, run.failures
        figures = extract_figures(segments)
        if output:
            write_table(figures, output)
    except (ValueError, TableError, OSError) as exc:
        raise fail(str(exc)) from exc
    table = Table(title=f"{len(figures)} figure(s)", show_lines=False)
    for col in ("document", "page", "kind", "n", "m", "value", "qualifier", "sentence"):
        table.add_column(col, no_wrap=col != "sentence", overflow="ellipsis")
    for row in figures.itertuples(index=False):
        sentence = str(row.sentence)
        table.add_row(*[
            _cell(v)
            for v in (Path(str(row.source)).name[:24], row.page, row.kind, row.n, row.m,
                      row.value, row.qualifier,
                      sentence if len(sentence) <= 90 else sentence[:89] + "…")
        ])
    console.print(table)
    if output:
        console.print(f"-> {output}")
    _print_failures(failures)
    if failures:
        raise typer.Exit(1)


def _cell(value) -> str:
    import pandas as pd

    return "" if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) else str(value)
