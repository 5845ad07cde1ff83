"""File-level NER and anonymisation: what the ``ner`` and ``anonymize`` commands do.

A text file holds one text per line (an empty line is an empty text, so output
line *n* always belongs to input line *n*); any other input is a table read
with :func:`pipeline.tables.read_table` and one of its columns is processed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.nlp.anonymize import anonymize_texts
from pipeline.nlp.pipeline import as_text, extract_entities, load_nlp
from pipeline.tables import TABLE_EXTENSIONS, TableError, decode_bytes, read_table, write_table

TEXT_EXTENSIONS = (".txt", ".text", "")


def is_text_file(path: Path) -> bool:
    """Plain text (one text per line) rather than a table, by extension."""
    return Path(path).suffix.lower() in TEXT_EXTENSIONS


def read_lines(path: Path) -> list[str]:
    """Lines of a UTF-8 or cp1252 text file."""
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path}: no such file")
    return decode_bytes(path.read_bytes(), path).splitlines()


def table_column(df: pd.DataFrame, column: str | None, path: Path) -> list[str]:
    """The texts of ``column``, with a message listing the columns when it is missing."""
    if column is None or column not in df.columns:
        found = ", ".join(map(str, df.columns)) or "(none)"
        what = "no --column given" if column is None else f"no column {column!r}"
        raise TableError(f"{path}: {what}; columns found: {found}")
    return [as_text(v) for v in df[column].tolist()]


def ner_file(
    input_path: Path, output: Path, *, column: str | None = None, nlp: Language | None = None
) -> int:
    """Write ``{"text", "entities"}`` JSON lines, one per input text; returns the count."""
    input_path = Path(input_path)
    if is_text_file(input_path):
        texts = read_lines(input_path)
    else:
        texts = table_column(read_table(input_path), column, input_path)
    nlp = nlp or load_nlp()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as fh:
        for text, ents in zip(texts, extract_entities(texts, nlp), strict=True):
            fh.write(json.dumps({"text": text, "entities": ents}, ensure_ascii=False) + "\n")
    return len(texts)


def redaction_log_path(output: Path) -> Path:
    """``OUTPUT.redactions.jsonl`` beside the output."""
    output = Path(output)
    return output.with_name(output.name + ".redactions.jsonl")


def anonymize_file(
    input_path: Path, output: Path, *, column: str = "answer", nlp: Language | None = None
) -> tuple[Path, Path, int]:
    """Anonymise a text file or a table column; returns (output, redaction log, replacements).

    In a table the column is replaced in place (so the output holds no original
    text) and every other column is kept. The log has one JSON line per
    replacement: where (``line`` or ``row`` and ``column``), ``start``, ``end``,
    ``label`` and the placeholder; never the replaced value.
    """
    input_path, output = Path(input_path), Path(output)
    nlp = nlp or load_nlp()
    text_input = is_text_file(input_path)
    if text_input:
        texts = read_lines(input_path)
    else:
        df = read_table(input_path)
        texts = table_column(df, column, input_path)
    results = anonymize_texts(texts, nlp)
    output.parent.mkdir(parents=True, exist_ok=True)
    if text_input and output.suffix.lower() not in TABLE_EXTENSIONS:
        output.write_text("".join(r.text + "\n" for r in results), encoding="utf-8")
    else:
        if text_input:
            df, column = pd.DataFrame({"text": texts}), "text"
        df = df.copy()
        df[column] = [r.text for r in results]
        write_table(df, output)
    log = redaction_log_path(output)
    n = 0
    with log.open("w", encoding="utf-8") as fh:
        for i, result in enumerate(results):
            where = {"line": i + 1} if text_input else {"row": i, "column": column}
            for record in result.replacements:
                fh.write(json.dumps({**where, **record}, ensure_ascii=False) + "\n")
                n += 1
    return output, log, n
