"""Plain-text reader: UTF-8 or cp1252 text, form feeds as page breaks."""

from __future__ import annotations

from pathlib import Path

from pipeline.readers.base import Line, Page, RawDocument, ReadError, content_hash
from pipeline.tables import TableError, decode_bytes


def read_text(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a plain-text file into one page per form-feed-separated chunk.

    Text has no geometry, so lines carry only their text; cleaning then relies
    on the line structure alone.
    """
    data = Path(path).read_bytes() if data is None else data
    try:
        text = decode_bytes(data, path)
    except TableError as exc:
        raise ReadError(path, "cannot decode text as UTF-8 or cp1252") from exc
    if "\x00" in text:
        raise ReadError(path, "binary data, not text (unknown format)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "empty document (no text)")
    pages = [
        Page(number=i, lines=[Line(text=line) for line in chunk.split("\n")])
        for i, chunk in enumerate(text.split("\f"), start=1)
    ]
    return RawDocument(source=str(path), doc_id=content_hash(data), fmt="txt", pages=pages)
