"""CLI commands of the NLP stage: ``ner``, ``anonymize``, ``train-ner``, ``evaluate-ner``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pipeline.cli.app import app, fail
from pipeline.paths import DEFAULT_NER_MODEL, NER_DIR

MODEL_OPTION = typer.Option(None, "--model", help="Pipeline directory (default: models/ner).")
SPACY_MODEL_OPTION = typer.Option(
    None, "--spacy-model",
    help="Use another installed Danish spaCy pipeline (e.g. da_core_news_lg) with our rules.",
)


def _nlp(model: Path | None, spacy_model: str | None):
    from pipeline.nlp.pipeline import ModelError, load_nlp

    try:
        return load_nlp(model, spacy_model)
    except ModelError as exc:
        raise fail(str(exc)) from exc


@app.command("ner")
def ner(
    input: Path = typer.Argument(..., help="Text file (one text per line) or table."),
    output: Path = typer.Option(..., "-o", "--output", help="JSON lines output."),
    column: str = typer.Option(None, "--column", help="Text column of a table."),
    model: Path = MODEL_OPTION,
    spacy_model: str = SPACY_MODEL_OPTION,
) -> None:
    """Find entities (PER, ORG, LOC, MUNICIPALITY, COMMITTEE, LAW, DATE, MONEY, PERCENT, CASE_NO).

    Writes one line per input text: {"text": ..., "entities": [{"start", "end", "label", "text"}]}.
    """
    from pipeline.nlp.files import ner_file
    from pipeline.tables import TableError

    nlp = _nlp(model, spacy_model)
    try:
        n = ner_file(input, output, column=column, nlp=nlp)
    except TableError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{n} texts -> {output}")


@app.command("anonymize")
def anonymize(
    input: Path = typer.Argument(..., help="Text file (one text per line) or table."),
    output: Path = typer.Option(..., "-o", "--output", help="Anonymised text file or table."),
    column: str = typer.Option("answer", "--column", help="Text column of a table."),
    model: Path = MODEL_OPTION,
    spacy_model: str = SPACY_MODEL_OPTION,
) -> None:
    r"""Replace municipalities (\[kommunen] / \[kommunens]), persons (\[navn]), CPR numbers
    (\[cpr-nr.]), e-mails (\[e-mail]) and phone numbers (\[telefon]).

    Tables keep all other columns. A redaction log (positions, labels and placeholders,
    never the replaced values) is written to OUTPUT.redactions.jsonl.
    """
    from pipeline.nlp.files import anonymize_file
    from pipeline.tables import TableError

    nlp = _nlp(model, spacy_model)
    try:
        out, log, n = anonymize_file(input, output, column=column, nlp=nlp)
    except TableError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{n} replacements -> {out} (log: {log})")


@app.command("train-ner")
def train_ner(
    data: Path = typer.Option(NER_DIR, "--data", help="Annotated data: file or directory."),
    out: Path = typer.Option(DEFAULT_NER_MODEL, "--out", help="Where to save the pipeline."),
    format: str = typer.Option(
        "auto", "--format",
        help="auto | inline ({text|LABEL}) | conll (CoNLL/IOB2, CoNLL-U) | docbin",
    ),
    config: Path = typer.Option(
        None, "--config", help="spaCy config (default corpus/ner/config.cfg)."
    ),
) -> None:
    """Train the Danish NER pipeline with spaCy and score it on the held-out test split."""
    from pipeline.nlp.corpus import FORMATS, CorpusError
    from pipeline.nlp.evaluate import format_scores
    from pipeline.nlp.train import DEFAULT_CONFIG
    from pipeline.nlp.train import train_ner as run

    if format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    try:
        result = run(data, out, fmt=format, config=config or DEFAULT_CONFIG)
    except CorpusError as exc:
        raise fail(str(exc)) from exc
    for problem in result.problems:
        typer.secho(f"skipped {problem}", fg=typer.colors.YELLOW, err=True)
    typer.echo(f"texts per split: {result.counts}; saved to {result.model_dir}")
    if result.scores:
        typer.echo(format_scores(result.scores))


@app.command("evaluate-ner")
def evaluate_ner(
    gold: Path = typer.Argument(..., help="Annotated data: file or directory."),
    model: Path = MODEL_OPTION,
    spacy_model: str = SPACY_MODEL_OPTION,
    split: str = typer.Option(
        "all", "--split", help="all | train | dev | test (the corpus's hash split)."
    ),
    format: str = typer.Option("auto", "--format", help="auto | inline | conll | docbin"),
    json_out: Path = typer.Option(None, "--json", help="Also write the scores as JSON."),
    errors_out: Path = typer.Option(
        None, "--errors",
        help="Also write each anonymisation error (missed or false, and whether the statistical "
             "ner alone had it) as JSON lines. Quotes the texts: only for sets you may read.",
    ),
) -> None:
    """Per-label precision/recall/F1 and anonymisation recall/precision on PER and MUNICIPALITY."""
    from pipeline.nlp.corpus import SPLITS, CorpusError, load_corpus
    from pipeline.nlp.evaluate import evaluate_docs, format_scores
    from pipeline.nlp.language import blank_danish

    if split not in ("all", *SPLITS):
        raise fail(f"--split must be all, train, dev or test, not {split!r}")
    nlp = _nlp(model, spacy_model)
    try:
        corpus = load_corpus(gold, blank_danish(), format)
    except CorpusError as exc:
        raise fail(str(exc)) from exc
    docs = [d for s, ds in corpus.docs.items() if split in ("all", s) for d in ds]
    if not docs:
        raise fail(f"{gold}: no annotated texts in split {split!r}")
    errors: list[dict] | None = [] if errors_out else None
    scores = evaluate_docs(nlp, docs, errors)
    for problem in corpus.problems:
        typer.echo(f"left out: {problem}", err=True)
    typer.echo(f"{len(docs)} texts ({split}); {len(corpus.problems)} lines left out")
    typer.echo(format_scores(scores))
    if json_out:
        Path(json_out).write_text(json.dumps(scores, indent=2), encoding="utf-8")
    if errors_out:
        Path(errors_out).write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
        typer.echo(f"{len(errors)} anonymisation errors written to {errors_out}")
