"""Reading and writing tables by file extension.

Every command that takes or writes a table (survey exports, coded answers,
segment tables, counts) goes through these two functions, so CSV encodings,
Excel files and Parquet behave the same everywhere.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

#: Extensions :func:`read_table` and :func:`write_table` understand.
TABLE_EXTENSIONS = (".csv", ".tsv", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".json")

#: Encodings tried in order for CSV. Danish Excel writes cp1252 ("ANSI") CSV with
#: semicolons; UTF-8 with or without BOM is what everything else writes.
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


class TableError(ValueError):
    """A table file cannot be read or written; the message names the file."""


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode text as UTF-8, falling back to cp1252 (what Danish Windows writes).

    cp1252 is tried only when UTF-8 fails, and its output is checked for
    undefined bytes, so a binary file is reported instead of turned into noise.
    """
    for enc in CSV_ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise TableError(f"{path}: cannot decode text as UTF-8 or cp1252")


def read_table(path: str | Path, *, sheet: str | int | None = 0, **kwargs) -> pd.DataFrame:
    """Read a CSV/TSV (UTF-8 or cp1252; comma, semicolon or tab), XLSX, Parquet or JSONL.

    All CSV/XLSX cells are read as strings so respondent ids such as ``007``
    keep their leading zeros.
    """
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path}: no such file")
    ext = path.suffix.lower()
    try:
        if ext in (".csv", ".tsv"):
            text = decode_bytes(path.read_bytes(), path)
            sep = "\t" if ext == ".tsv" else _sniff_separator(text)
            return pd.read_csv(
                io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, **kwargs
            )
        if ext in (".xlsx", ".xlsm"):
            return pd.read_excel(path, sheet_name=sheet, dtype=str, **kwargs).fillna("")
        if ext == ".parquet":
            return pd.read_parquet(path, **kwargs)
        if ext == ".jsonl":
            return pd.read_json(path, lines=True, **kwargs)
        if ext == ".json":
            return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    except TableError:
        raise
    except Exception as exc:  # pandas/openpyxl/pyarrow raise many types
        raise TableError(f"{path}: cannot read as {ext[1:]} table: {exc}") from exc
    raise TableError(
        f"{path}: unknown table format {ext or '(no extension)'}; "
        f"expected one of {', '.join(TABLE_EXTENSIONS)}"
    )


def _sniff_separator(text: str) -> str:
    """Pick ``;``, ``\\t`` or ``,`` by which splits the header line into most fields."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def write_table(df: pd.DataFrame, path: str | Path, *, sheet_name: str = "data") -> Path:
    """Write ``df`` by extension, creating parent folders; CSV is UTF-8 with BOM for Excel."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ext = path.suffix.lower()
    if ext == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")
    elif ext == ".tsv":
        df.to_csv(path, index=False, sep="\t", encoding="utf-8")
    elif ext in (".xlsx", ".xlsm"):
        df.to_excel(path, index=False, sheet_name=sheet_name)
    elif ext == ".parquet":
        df.to_parquet(path, index=False)
    elif ext == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    elif ext == ".json":
        df.to_json(path, orient="records", force_ascii=False, indent=1)
    else:
        raise TableError(
            f"{path}: unknown output format {ext or '(no extension)'}; "
            f"expected one of {', '.join(TABLE_EXTENSIONS)}"
        )
    return path
