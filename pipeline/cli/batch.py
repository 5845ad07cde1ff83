"""CLI commands for this stage (registered on :data:`pipeline.cli.app.app`)."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli.app import app, fail


@app.command("run")
def run(
    input: Path = typer.Argument(..., help="Folder (or file) of reports, minutes, surveys."),
    out: Path = typer.Option(..., "-o", "--out", help="Output folder (reused: re-runs skip "
                             "unchanged files)."),
    workers: int = typer.Option(None, "--workers", "-w", help="Local worker processes "
                                "(default: one per core; 0 = no Dask, in this process)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Address of a running Dask "
                                  "scheduler, e.g. tcp://host:8786."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (default: the "
                                  "model's)."),
    model: Path = typer.Option(None, "--model", help="Theme model folder (default: "
                               "models/themes)."),
    engine: str = typer.Option("pdfium", "--engine", help="PDF engine: pdfium (fast) or "
                               "pdfplumber."),
    files_per_task: int = typer.Option(50, "--files-per-task", help="Files per Dask task."),
    pages_per_task: int = typer.Option(200, "--pages-per-task",
                                       help="Estimated pages per Dask task."),
    report: bool = typer.Option(True, "--report/--no-report", help="Build the HTML report."),
    nlp: bool = typer.Option(True, "--nlp/--no-nlp", help="Find entities and anonymise."),
    nlp_model: Path = typer.Option(None, "--nlp-model", help="spaCy pipeline folder "
                                   "(default: models/ner)."),
    code: bool = typer.Option(True, "--code/--no-code", help="Code segments into themes."),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR pages without a text layer "
                             "(tesseract -l dan); off: such files are marked needs_ocr."),
) -> None:
    """Run the whole pipeline over an archive on Dask, resumably and incrementally.

    Writes Parquet tables documents/, segments/, entities/, codes/ (folders of part
    files), manifest.parquet, counts.parquet/.csv and report/ into OUT. Exits 1
    when any file failed (every good file's results are kept), 2 on bad arguments.
    """
    from pipeline.batch.progress import Progress
    from pipeline.batch.runner import BatchError, run_batch

    progress = Progress()
    try:
        result = run_batch(
            input, out, workers=workers, scheduler=scheduler, codebook=codebook, model=model,
            engine=engine, files_per_task=files_per_task, pages_per_task=pages_per_task,
            nlp=nlp, nlp_model=nlp_model, code=code, ocr=ocr, report=report,
            progress=progress)
    except BatchError as exc:
        raise fail(str(exc)) from exc
    progress.line(result.summary())
    raise typer.Exit(result.exit_code)
