"""What a batch has to do: the input files, their hashes, versions and tasks.

The driver scans the input folder, hashes every file (streamed, so a huge PDF
is never held whole), compares each file with the manifest of earlier runs and
groups the files that need work into tasks of many files. A file is *unchanged*
when its content hash and every stage version (code, NLP, theme model,
codebook, engine) equal those of its earlier row; unchanged files are not sent
to the workers at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: File types the batch reads; anything else is recorded as ``skipped``.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
SURVEY_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
SUPPORTED_SUFFIXES = DOCUMENT_SUFFIXES + SURVEY_SUFFIXES
#: Rough bytes per PDF page, to size tasks before the pages are counted.
BYTES_PER_PAGE = 20_000

#: Manifest columns and their dtypes; ``seconds_*`` are per stage.
MANIFEST_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "path": "string",
    "size": "Int64",
    "sha256": "string",
    "status": "string",  # ok | failed | skipped | needs_ocr
    "error": "string",
    "duplicate_of": "string",
    "doc_type": "string",
    "pages": "Int64",
    "ocr_pages": "Int64",
    "segments": "Int64",
    "entities": "Int64",
    "seconds_read": "float64",
    "seconds_segment": "float64",
    "seconds_nlp": "float64",
    "seconds_code": "float64",
    "seconds_total": "float64",
    "cached": "boolean",  # extraction came from OUTDIR/cache
    "code_version": "string",
    "nlp_version": "string",
    "model_hash": "string",
    "codebook_sha256": "string",
    "engine": "string",
    "task": "string",
    "worker": "string",
    "worker_peak_mb": "float64",
    "processed_at": "string",
}

#: The manifest columns that must match for a file to count as unchanged.
VERSION_COLUMNS = ("code_version", "nlp_version", "model_hash", "codebook_sha256", "engine")


@dataclass(frozen=True)
class InputFile:
    """One input file as the driver saw it."""

    path: str
    size: int
    doc_id: str  # first 16 hex of SHA-1, as :func:`pipeline.readers.base.content_hash`
    sha256: str
    duplicate_of: str = ""  # path of an earlier file with the same content


@dataclass
class Plan:
    """Files to process (grouped in tasks) and rows of unchanged files to keep."""

    files: list[InputFile]
    tasks: list[list[InputFile]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # paths


def discover(root: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Every regular file under ``root`` (or ``root`` itself), sorted; hidden files skipped."""
    root = Path(root)
    if root.is_file():
        return [root]
    skip = [Path(p).resolve() for p in exclude]
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        resolved = path.resolve()
        if any(resolved == s or s in resolved.parents for s in skip):
            continue
        found.append(path)
    return sorted(found)


def hash_file(path: str | Path, chunk: int = 1 << 20) -> tuple[str, str, int]:
    """``(doc_id, sha256, size)`` of a file, read in chunks."""
    sha1, sha256, size = hashlib.sha1(), hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            sha1.update(block)
            sha256.update(block)
            size += len(block)
    return sha1.hexdigest()[:16], sha256.hexdigest(), size


def scan(paths: Iterable[Path]) -> list[InputFile]:
    """Hash the files; a file that vanished since discovery is left out (it is gone)."""
    files, first_of = [], {}
    for path in paths:
        try:
            doc_id, sha256, size = hash_file(path)
        except OSError:
            continue
        dup = first_of.setdefault(doc_id, str(path)) if size else str(path)
        files.append(InputFile(str(path), size, doc_id, sha256,
                               duplicate_of="" if dup == str(path) else dup))
    return files


def plan(files: list[InputFile], previous: pd.DataFrame, versions: dict[str, str], *,
         files_per_task: int = 50, pages_per_task: int = 200) -> Plan:
    """Split files into unchanged ones and tasks of work.

    A task holds at most ``files_per_task`` files and about ``pages_per_task``
    pages (estimated from file size); a file bigger than that is a task alone.
    """
    done = _unchanged(files, previous, versions)
    todo = [f for f in files if f.path not in done]
    result = Plan(files=files, unchanged=sorted(done))
    budget = pages_per_task * BYTES_PER_PAGE
    current: list[InputFile] = []
    size = 0
    for f in todo:
        if current and (len(current) >= files_per_task or size + f.size > budget):
            result.tasks.append(current)
            current, size = [], 0
        current.append(f)
        size += f.size
    if current:
        result.tasks.append(current)
    return result


def _unchanged(files: list[InputFile], previous: pd.DataFrame,
               versions: dict[str, str]) -> set[str]:
    if previous.empty:
        return set()
    last = previous.sort_values("processed_at").drop_duplicates("path", keep="last")
    rows = {r["path"]: r for r in last.astype(object).where(last.notna(), "").to_dict("records")}
    done = set()
    for f in files:
        row = rows.get(f.path)
        if row is None or row["doc_id"] != f.doc_id:
            continue
        same = all(str(row.get(c, "")) == versions[c] for c in VERSION_COLUMNS)
        # transient failures (file vanished or changed mid-run) are always retried
        transient = row["status"] == "failed" and "during the run" in str(row["error"])
        if same and not transient and str(row.get("duplicate_of", "")) == f.duplicate_of:
            done.add(f.path)
    # a duplicate is only as settled as the file it duplicates
    dup_of = {f.path: f.duplicate_of for f in files}
    return {p for p in done if not dup_of[p] or dup_of[p] in done}


def task_key(files: list[InputFile], versions: dict[str, str]) -> str:
    """A task's name: a hash of its files' paths and contents and the stage versions."""
    h = hashlib.sha1()
    for name in sorted(versions):
        h.update(f"{name}={versions[name]}\n".encode())
    for f in sorted(files, key=lambda f: f.path):
        h.update(f"{f.path}\0{f.doc_id}\0{f.duplicate_of}\n".encode())
    return h.hexdigest()[:20]


def typed(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``df`` with exactly ``columns`` (missing ones as <NA>) in their dtypes.

    Every part file of a table must have the same Parquet schema, or DuckDB's
    ``read_parquet('t/*.parquet')`` refuses to read them together.
    """
    out = {}
    for col, dtype in columns.items():
        if col not in df.columns:
            out[col] = pd.Series(None, index=df.index, dtype=dtype)
        elif str(df[col].dtype) == dtype:
            out[col] = df[col]
        else:  # via object, so that NaN/None in any column become <NA>
            values = df[col].astype("object")
            out[col] = values.where(values.notna(), None).astype(dtype)
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)
