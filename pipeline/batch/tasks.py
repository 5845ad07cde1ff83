"""What a Dask worker does with one task: many files in, Parquet parts out.

For each file: read (pypdfium2 or pdfplumber, OCR for pages without text),
clean, segment, find entities, anonymise, code the segments into themes, and
settle municipality and year. The task then writes its table parts and, last,
its manifest part (see :mod:`pipeline.batch.store`). It returns only the small
manifest rows, so nothing big travels back to the scheduler.

Models are loaded once per worker process: :func:`_theme_model` is cached here and
:func:`_nlp` reads the pipeline through ``load_nlp``'s own cache (which
:func:`unload_nlp` clears after a large document).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import json
import os
import resource
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline.batch import metadata, store
from pipeline.batch.manifest import (
    MANIFEST_COLUMNS,
    SUPPORTED_SUFFIXES,
    SURVEY_SUFFIXES,
    InputFile,
    typed,
)
from pipeline.readers.base import NeedsOCR, ReadError
from pipeline.schema import SEGMENT_COLUMNS

#: Segment kinds that are coded into themes (headings are labels, not content).
CODED_KINDS = ("paragraph", "quote", "list_item", "table", "field", "answer")

DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string", "path": "string", "fmt": "string", "doc_type": "string",
    "pages": "Int64", "ocr_pages": "Int64", "segments": "Int64", "chars": "Int64",
    "municipality": "string", "municipality_from": "string",
    "year": "Int64", "year_from": "string", "engine": "string",
}
SEGMENTS_COLUMNS: dict[str, str] = {
    **SEGMENT_COLUMNS, "seg": "Int64", "text_anonymised": "string",
}
ENTITY_COLUMNS: dict[str, str] = {
    "doc_id": "string", "seg": "Int64", "start": "Int64", "end": "Int64",
    "label": "string", "text": "string",
}
#: Segments per NLP/coding call: bounds the memory of a document of thousands of pages
#: (the feature matrix of all its segments at once would not be small).
CHUNK = 500
#: Long PDFs are cleaned and segmented in windows of this many pages (bounded memory).
WINDOW_PAGES = 100
#: Documents with at least this many segments release memory between stages
#: (:func:`release_memory`); a full garbage collection costs ~0.1-0.3 s, too much to pay
#: for each of thousands of small files.
RELEASE_MIN_SEGMENTS = 2000
#: Entity labels whose surface text is not written to the entities table.
PRIVATE_LABELS = ("PER",)


@dataclass(frozen=True)
class BatchConfig:
    """Everything a worker needs, small and picklable."""

    outdir: str
    engine: str = "pdfium"
    ocr: bool = True
    nlp: bool = True
    nlp_model: str | None = None
    code: bool = True
    model: str | None = None
    theme_ids: tuple[str, ...] = ()
    versions: tuple[tuple[str, str], ...] = ()

    @property
    def version(self) -> dict[str, str]:
        return dict(self.versions)

    @property
    def extract_key(self) -> str:
        v = self.version
        return f"{v['code_version']}|{v['engine']}|{v['nlp_version']}"


def codes_columns(theme_ids: tuple[str, ...]) -> dict[str, str]:
    return {
        "doc_id": "string", "seg": "Int64", "doc_type": "string", "kind": "string",
        "respondent": "string", "question": "string", "themes": "string",
        **{t: "Int64" for t in theme_ids}, **{f"p_{t}": "float64" for t in theme_ids},
    }


def run_task(files: list[InputFile], config: BatchConfig, key: str) -> list[dict]:
    """Process ``files`` and commit their parts under task ``key``; return manifest rows."""
    outdir = Path(config.outdir)
    docs, segs, ents, codes, rows = [], [], [], [], []
    for f in files:
        result = process_file(f, config)
        rows.append(result.pop("manifest"))
        if "document" in result:
            docs.append(result["document"])
            segs.append(result["segments"])
            ents.append(result["entities"])
            codes.append(result["codes"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = f"{socket.gethostname()}:{os.getpid()}"
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    for row in rows:
        row.update(task=key, worker=worker, worker_peak_mb=round(peak, 1), processed_at=now)
        row.update(config.version)
    tables = {
        "documents": typed(pd.DataFrame(docs), DOCUMENT_COLUMNS),
        "segments": _concat(segs, SEGMENTS_COLUMNS),
        "entities": _concat(ents, ENTITY_COLUMNS),
        "codes": _concat(codes, codes_columns(config.theme_ids)),
    }
    manifest = typed(pd.DataFrame(rows), MANIFEST_COLUMNS)
    store.write_task(outdir, key, tables, manifest)
    return manifest.astype(object).where(manifest.notna(), None).to_dict("records")


def process_file(f: InputFile, config: BatchConfig) -> dict:
    """One file through every stage; errors become a ``failed``/``needs_ocr`` manifest row."""
    row: dict = {"doc_id": f.doc_id, "path": f.path, "size": f.size, "sha256": f.sha256,
                 "duplicate_of": f.duplicate_of or None, "cached": False}
    t0 = time.perf_counter()
    suffix = Path(f.path).suffix.lower()
    if f.duplicate_of:
        return _done(row, t0, "skipped", f"same content as {f.duplicate_of}")
    if suffix not in SUPPORTED_SUFFIXES:
        return _done(row, t0, "skipped", f"unsupported file type {suffix or '(none)'}")
    try:
        segments, document = _extract(f, config, row)
        out = _finish(segments, document, config, row)
    except NeedsOCR as exc:
        return _done(row, t0, "needs_ocr", exc.reason)
    except ReadError as exc:
        return _done(row, t0, "failed", exc.reason)
    except Exception as exc:  # a batch goes on; the reason is kept in the manifest
        return _done(row, t0, "failed", f"{type(exc).__name__}: {exc}")
    out["manifest"] = _done(row, t0, "ok", None)["manifest"]
    return out


@functools.lru_cache(maxsize=1)
def _libc():
    """glibc, when this process runs on it (``None`` elsewhere)."""
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return lib if lib is not None and hasattr(lib, "malloc_trim") else None


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the operating system.

    A worker's peak memory is the sum of what each stage leaves behind: glibc keeps
    the freed buffers of reading a 2,000-page PDF and of the NLP stage in its heap,
    and the next stage's model comes on top. Trimming between stages lowered the
    peak by 6-10 MB in ``benchmarks/bench_batch.py``; on other C libraries only the
    garbage collection runs. Called for large documents only (:data:`RELEASE_MIN_SEGMENTS`):
    called for every file it halved the speed of a run over small files.
    """
    gc.collect()
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)


def unload_nlp() -> None:
    """Drop the worker's spaCy pipeline (and the loader's cached copy).

    Used between the NLP and the coding stage of a large document: the pipeline's
    weights, gazetteer and string store stay resident otherwise while the coding
    stage's working set comes on top. Reloading costs ~1-2 s, paid only after a
    document of :data:`RELEASE_MIN_SEGMENTS` segments or more.
    """
    from pipeline.nlp.pipeline import clear_loaded

    clear_loaded()


def _done(row: dict, t0: float, status: str, error: str | None) -> dict:
    row.update(status=status, error=error, seconds_total=round(time.perf_counter() - t0, 4))
    return {"manifest": row}


def _extract(f: InputFile, config: BatchConfig, row: dict) -> tuple[pd.DataFrame, dict]:
    """Segments (with NLP columns) and the document row, from the cache when possible."""
    outdir = Path(config.outdir)
    cached = store.load_cache(outdir, f.doc_id, config.extract_key)
    if cached is not None and _still_there(f):
        row["cached"] = True
        document = store.cached_document(outdir, f.doc_id)
        document["path"] = cached["source"] = f.path  # the same bytes may have moved
        row.update(doc_type=document.get("doc_type"), pages=document.get("pages"),
                   ocr_pages=document.get("ocr_pages"))
        return cached, document
    data = _read_bytes(f)
    t = time.perf_counter()
    if Path(f.path).suffix.lower() in SURVEY_SUFFIXES:
        from pipeline.batch.surveys import read_survey

        segments = read_survey(f.path)  # answers are segments already
        fmt, pages, ocr_pages, head = "table", None, 0, ""
        row.update(seconds_read=round(time.perf_counter() - t, 4), seconds_segment=0.0)
    else:
        segments, fmt, pages, ocr_pages, head = _read_and_segment(f, data, config, row)
    segments = segments.reset_index(drop=True)
    segments["doc_id"] = f.doc_id
    segments["source"] = f.path
    segments["seg"] = range(len(segments))
    t = time.perf_counter()
    if len(segments) >= RELEASE_MIN_SEGMENTS:
        release_memory()  # the reader's buffers, before the NLP stage
    segments, places = _add_nlp(segments, config)
    row["seconds_nlp"] = round(time.perf_counter() - t, 4)
    doc_type = _doc_type(segments)
    place = metadata.place_and_year(f.path, head, places)
    document = {"doc_id": f.doc_id, "path": f.path, "fmt": fmt, "doc_type": doc_type,
                "pages": pages, "ocr_pages": ocr_pages, "segments": len(segments),
                "chars": int(segments["text"].fillna("").str.len().sum()),
                "engine": config.engine if fmt == "pdf" else None, **place}
    row.update(doc_type=doc_type, pages=pages, ocr_pages=ocr_pages)
    store.save_cache(outdir, f.doc_id, config.extract_key, segments, document)
    return segments, document


def _still_there(f: InputFile) -> bool:
    """A cached file must still exist; a file that vanished mid-run is a failure."""
    if not os.path.exists(f.path):
        raise ReadError(f.path, "file disappeared during the run")
    return True


def _read_bytes(f: InputFile) -> bytes:
    from pipeline.readers.base import content_hash, read_bytes

    if not os.path.exists(f.path):
        raise ReadError(f.path, "file disappeared during the run")
    data = read_bytes(f.path)
    if not data:
        raise ReadError(f.path, "empty file (0 bytes)")
    if content_hash(data) != f.doc_id:
        raise ReadError(f.path, "file changed during the run; run again to process it")
    return data


def _read_and_segment(f: InputFile, data: bytes, config: BatchConfig, row: dict):
    """Read, clean and segment a document, a window of pages at a time for long PDFs.

    Offsets (``start``/``end``) of later windows are shifted so that they refer
    to the whole document as if it had been cleaned in one go (windows joined
    by a blank line). Running headers are found per window, which has pages
    enough for that.
    """
    from pipeline.clean import clean_document
    from pipeline.segmenters import detect_doc_type, segment_document

    windows = _raw_windows(f, data, config)
    parts: list[pd.DataFrame] = []
    offset = pages = ocr_pages = 0
    doc_type, head, fmt = None, "", ""
    read_s = segment_s = 0.0
    while True:
        t = time.perf_counter()
        raw = next(windows, None)
        read_s += time.perf_counter() - t
        if raw is None:
            break
        t = time.perf_counter()
        clean = clean_document(raw)
        if doc_type is None:
            doc_type = detect_doc_type(clean)
            end = clean.page_starts[1] if len(clean.page_starts) > 1 else len(clean.text)
            head = clean.text[:min(end, 4000)]
        part = segment_document(clean, doc_type)
        part["start"] += offset
        part["end"] += offset  # pages are numbered by the reader: already absolute
        parts.append(part)
        offset += len(clean.text) + 2
        pages += len(raw.pages)
        ocr_pages += sum(p.ocr for p in raw.pages)
        fmt = raw.fmt
        del raw, clean
        segment_s += time.perf_counter() - t
    if not parts:
        raise ReadError(f.path, "empty PDF (no pages)")
    row.update(seconds_read=round(read_s, 4), seconds_segment=round(segment_s, 4))
    segments = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return segments, fmt, pages, ocr_pages, head


def _raw_windows(f: InputFile, data: bytes, config: BatchConfig):
    """The fast engine reads PDFs itself (in windows, with the OCR switch); others via
    :func:`pipeline.readers.read_document`, whole."""
    from pipeline.readers import read_document, sniff_format

    if config.engine == "pdfium" and sniff_format(data, f.path) == "pdf":
        from pipeline.readers.pdf_fast import read_pdf_windows

        return read_pdf_windows(f.path, data, ocr=config.ocr, pages=WINDOW_PAGES)
    return iter([read_document(f.path, engine=config.engine, data=data)])


def _doc_type(segments: pd.DataFrame) -> str:
    types = segments["doc_type"].dropna()
    return str(types.mode().iloc[0]) if len(types) else "unknown"


def _add_nlp(segments: pd.DataFrame, config: BatchConfig) -> tuple[pd.DataFrame, list[str]]:
    """Segments with ``text_anonymised`` and their entities (as JSON, to cache them along).

    Works in chunks and keeps each chunk's entities only as compact JSON, so a
    document of thousands of pages holds no list of entity dicts. Also returns
    the municipality names found, for :mod:`pipeline.batch.metadata`.
    """
    texts = segments["text"].fillna("").astype(str).tolist()
    found_json: list[str] = []
    anonymised: list[str] = []
    places: list[str] = []
    if config.nlp and texts:
        from pipeline.nlp.anonymize import analyse_texts

        nlp = _nlp(config.nlp_model)
        for i in range(0, len(texts), CHUNK):
            for found, anonymous in analyse_texts(texts[i:i + CHUNK], nlp=nlp):
                found_json.append(json.dumps(
                    [{"start": e["start"], "end": e["end"], "label": e["label"],
                      "text": None if e["label"] in PRIVATE_LABELS else e["text"]}
                     for e in found], ensure_ascii=False) if found else "")
                places.extend(e["text"] for e in found if e["label"] == "MUNICIPALITY")
                anonymised.append(anonymous.text)
        segments["text_anonymised"] = anonymised
    else:
        segments["text_anonymised"] = pd.NA
        found_json = [""] * len(texts)
    out = typed(segments, SEGMENTS_COLUMNS)
    out["_entities"] = found_json
    return out, places


def _finish(segments: pd.DataFrame, document: dict, config: BatchConfig, row: dict) -> dict:
    t = time.perf_counter()
    if len(segments) >= RELEASE_MIN_SEGMENTS:
        unload_nlp()  # reloaded for the next file; the theme model comes on top otherwise
        release_memory()  # the NLP stage's garbage, before coding
    codes = _code(segments, config)
    row["seconds_code"] = round(time.perf_counter() - t, 4)
    # the entities table after coding: the two would otherwise be in memory together
    entities = _entities_of(segments)
    segments = segments.drop(columns=["_entities"])
    row.update(segments=len(segments), entities=len(entities))
    return {"document": document, "segments": segments, "entities": entities, "codes": codes}


def _entities_of(segments: pd.DataFrame) -> pd.DataFrame:
    """The entities table from the segments' JSON column, built column by column."""
    cols: dict[str, list] = {c: [] for c in ENTITY_COLUMNS}
    for doc_id, seg, blob in zip(segments["doc_id"], segments["seg"], segments["_entities"],
                                 strict=True):
        for e in json.loads(blob) if isinstance(blob, str) and blob else ():
            cols["doc_id"].append(doc_id)
            cols["seg"].append(seg)
            for key in ("start", "end", "label", "text"):
                cols[key].append(e[key])
    return typed(pd.DataFrame(cols), ENTITY_COLUMNS)


def _code(segments: pd.DataFrame, config: BatchConfig) -> pd.DataFrame:
    columns = codes_columns(config.theme_ids)
    if not config.code:
        return typed(pd.DataFrame(), columns)
    mask = segments["kind"].isin(CODED_KINDS) & segments["text"].fillna("").str.strip().ne("")
    text_column = "text_anonymised" if config.nlp else "text"
    # only the columns the codes table keeps, not a second copy of every text column
    keep = [c for c in ("doc_id", "seg", "doc_type", "kind", "respondent", "question",
                        text_column) if c in segments.columns]
    todo = segments.loc[mask, keep].reset_index(drop=True)
    if todo.empty:
        return typed(pd.DataFrame(), columns)
    from pipeline.classify.apply import code_frame, gate_coded

    model = _theme_model(config.model)
    coded = [typed(code_frame(todo.iloc[i:i + CHUNK], text_column=text_column, model=model,
                              anonymize=False), columns)
             for i in range(0, len(todo), CHUNK)]
    out = pd.concat(coded, ignore_index=True)
    if "respondent" not in out.columns or out["respondent"].isna().all():
        return out
    # survey answers: one respondent of one file is a council (council gates)
    keys = [None if pd.isna(r) else f"{d}\x1f{r}" for d, r in zip(out["doc_id"], out["respondent"],
                                                                 strict=True)]
    return typed(gate_coded(out, model, keys), columns)


def _nlp(model: str | None):
    """The worker's pipeline: :func:`pipeline.nlp.load_nlp` caches it per process."""
    from pipeline.nlp import load_nlp

    return load_nlp(model)


@functools.lru_cache(maxsize=2)
def _theme_model(path: str | None):
    from pipeline.classify.store import load_theme_model

    return load_theme_model(path)


def _concat(frames: list[pd.DataFrame], columns: dict[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return typed(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(), columns)
