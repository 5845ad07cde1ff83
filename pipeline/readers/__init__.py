"""Readers: one module per input format, each turning a file into a :class:`RawDocument`.

:func:`read_document` sniffs the format from the file's first bytes (``%PDF``,
a zip with ``word/``, ``<html``), falling back to the extension only for plain
text, so a PDF saved as ``.txt`` or minutes downloaded without an extension are
still read correctly.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from pipeline.readers.base import (
    Line,
    NeedsOCR,
    Page,
    RawDocument,
    ReadError,
    content_hash,
    read_bytes,
)

#: Extensions a folder run picks up (explicitly named files are always tried).
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".html", ".htm", ".xhtml", ".txt", ".text")
ENGINES = ("pdfplumber", "pdfium")


def sniff_format(data: bytes, path: str | Path = "<bytes>") -> str:
    """Return ``pdf``, ``docx``, ``html`` or ``txt`` from the content; raise ``ReadError``.

    Plain text is recognised by the absence of NUL bytes in the first 8 KiB;
    anything else (images, old binary .doc, zip archives that are not Word
    files) is an unknown format.
    """
    if not data.strip():
        raise ReadError(path, "empty file")
    head = data[:1024].lstrip()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise ReadError(path, "corrupt zip container (not a readable Word file)") from exc
        if any(n.startswith("word/") for n in names):
            return "docx"
        raise ReadError(path, "unknown format: a zip archive that is not a Word (.docx) file")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(path, "unknown format: old binary Word/Excel file (.doc/.xls); "
                              "save it as .docx or PDF")
    lowered = head[:512].lower().lstrip(b"\xef\xbb\xbf")
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    if b"\x00" in data[:8192]:
        raise ReadError(path, "unknown format (binary data that is not PDF, DOCX or HTML)")
    if Path(str(path)).suffix.lower() in (".html", ".htm", ".xhtml") and b"<" in head[:64]:
        return "html"
    return "txt"


def read_document(
    path: str | Path, engine: str = "pdfplumber", data: bytes | None = None
) -> RawDocument:
    """Read any supported document; ``engine`` picks the PDF reader.

    ``engine="pdfium"`` uses the batch runner's faster pypdfium2 reader,
    imported only when asked for, and produces the same ``RawDocument``.
    ``data`` are the file's bytes when the caller has read them already (a
    batch worker hashes them first), so the file is not read twice.
    Errors are :class:`ReadError` (or :class:`NeedsOCR`) naming file and reason.
    """
    path = Path(path)
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {ENGINES}")
    if data is None:
        if not path.exists():
            raise ReadError(path, "no such file")
        if path.is_dir():
            raise ReadError(path, "is a folder, not a file")
        data = read_bytes(path)
    fmt = sniff_format(data, path)
    return _reader(fmt, engine)(path, data)


def _reader(fmt: str, engine: str) -> Callable[[Path, bytes], RawDocument]:
    if fmt == "pdf" and engine == "pdfium":
        from pipeline.readers import pdf_fast

        return lambda path, data: pdf_fast.read_pdf(path, data=data)
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from pipeline.readers.docx import read_docx

        return read_docx
    if fmt == "html":
        from pipeline.readers.html import read_html

        return read_html
    from pipeline.readers.text import read_text

    return read_text


__all__ = [
    "DOCUMENT_EXTENSIONS",
    "Line",
    "NeedsOCR",
    "Page",
    "RawDocument",
    "ReadError",
    "content_hash",
    "read_document",
    "sniff_format",
]
