"""Ingest files into segments: read -> clean -> segment, one file or whole folders.

:func:`ingest_file` does one document and raises on bad input;
:func:`ingest_paths` walks files and folders, keeps going past bad files and
returns the failures next to the good results, so a batch over a municipal
archive reports every broken file at the end instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.clean import CleanDocument, clean_document
from pipeline.readers import DOCUMENT_EXTENSIONS, ENGINES, NeedsOCR, ReadError, read_document
from pipeline.schema import SEGMENT_COLUMNS, empty_segments
from pipeline.segmenters import DOC_TYPE_CHOICES, detect_doc_type, segment_document
from pipeline.tables import write_table

DOCUMENT_COLUMNS = ["doc_id", "source", "doc_type", "pages", "n_chars", "text"]


@dataclass
class IngestResult:
    """One ingested document: its row of the documents table and its segments."""

    document: dict
    segments: pd.DataFrame
    clean: CleanDocument | None = None


@dataclass
class Failure:
    """A file that could not be ingested, and why."""

    source: str
    reason: str
    needs_ocr: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class IngestRun:
    """The result of a multi-file run: documents table, segments table, failures."""

    documents: pd.DataFrame
    segments: pd.DataFrame
    failures: list[Failure] = field(default_factory=list)


def ingest_file(
    path: str | Path, doc_type: str = "auto", engine: str = "pdfplumber"
) -> IngestResult:
    """Read, clean and segment one document; raises :class:`ReadError` on bad input."""
    _check_options(doc_type, engine)
    clean = clean_document(read_document(path, engine=engine))
    kind = detect_doc_type(clean) if doc_type == "auto" else doc_type
    segments = segment_document(clean, kind)
    document = {
        "doc_id": clean.doc_id,
        "source": clean.source,
        "doc_type": kind,
        "pages": clean.n_pages,
        "n_chars": len(clean.text),
        "text": clean.text,
    }
    return IngestResult(document, segments, clean)


def _check_options(doc_type: str, engine: str) -> None:
    if doc_type not in DOC_TYPE_CHOICES:
        raise ValueError(f"unknown document type {doc_type!r}; expected one of {DOC_TYPE_CHOICES}")
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {ENGINES}")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and document files (by extension) under folders, sorted.

    A named file is always tried, whatever its extension (the reader sniffs the
    content); inside folders only :data:`DOCUMENT_EXTENSIONS` are picked up, so
    scripts and spreadsheets lying next to the minutes are not reported as errors.
    Hidden files and folders are skipped.
    """
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in DOCUMENT_EXTENSIONS:
                    yield child
        else:
            yield path


def ingest_paths(
    paths: Iterable[str | Path],
    doc_type: str = "auto",
    engine: str = "pdfplumber",
    progress: Callable[[Path], None] | None = None,
) -> IngestRun:
    """Ingest every file under ``paths``; bad files become :class:`Failure` entries.

    Bad arguments (an unknown ``doc_type`` or ``engine``) raise ``ValueError``
    before any file is read.
    """
    _check_options(doc_type, engine)
    documents, segments, failures = [], [], []
    for path in iter_files(paths):
        if progress:
            progress(path)
        try:
            result = ingest_file(path, doc_type=doc_type, engine=engine)
        except ReadError as exc:
            failures.append(Failure(str(path), exc.reason, isinstance(exc, NeedsOCR)))
            continue
        except (OSError, ValueError, RuntimeError) as exc:
            failures.append(Failure(str(path), f"{type(exc).__name__}: {exc}"))
            continue
        documents.append(result.document)
        segments.append(result.segments)
    docs = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS)
    segs = pd.concat(segments, ignore_index=True) if segments else empty_segments()
    return IngestRun(docs, segs, failures)


def documents_path(segments_path: str | Path) -> Path:
    """``out/segments.jsonl`` -> ``out/segments.documents.jsonl`` (the full texts)."""
    path = Path(segments_path)
    return path.with_name(f"{path.stem}.documents{path.suffix}")


def write_run(run: IngestRun, out: str | Path) -> tuple[Path, Path]:
    """Write segments to ``out`` and the documents table beside it; return both paths."""
    segments = run.segments
    if segments.empty:
        segments = empty_segments()
    core = [c for c in SEGMENT_COLUMNS if c in segments.columns]
    extra = [c for c in segments.columns if c not in SEGMENT_COLUMNS]
    seg_path = write_table(segments[core + extra], out)
    doc_path = write_table(run.documents, documents_path(out))
    return seg_path, doc_path
