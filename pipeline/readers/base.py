"""The small object model every reader produces and the cleaner consumes.

Like pdfplumber's PDF -> Page -> words, but only what cleaning needs: lines
with their bounding boxes, so that running headers, page numbers and two-column
layouts can be found by geometry, whichever engine (pdfplumber, pypdfium2,
OCR) read the page. Formats without geometry (DOCX, HTML, text) give lines with
``x0 = top = None`` and one page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

#: Lines (or words) whose tops differ by at most this share of the font size
#: stand on one row.
ROW_TOLERANCE = 0.45


class ReadError(Exception):
    """A file cannot be read. ``str(exc)`` names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NeedsOCR(ReadError):
    """A PDF (or some of its pages) has no usable text layer and needs OCR."""


@dataclass
class Line:
    """One line of text; coordinates are PDF points from the page's top-left."""

    text: str
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    size: float | None = None  # font size, when the engine knows it
    bold: bool = False


@dataclass
class Page:
    """One page: its 1-based number, its size and its lines in engine order."""

    number: int
    lines: list[Line] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    ocr: bool = False  # text came from OCR


@dataclass
class RawDocument:
    """What a reader returns: pages of lines plus the file's identity."""

    source: str
    doc_id: str
    fmt: str  # pdf | docx | html | txt
    pages: list[Page] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; an unreadable file raises :class:`ReadError` with the OS reason."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read file: {exc.strerror or exc}") from exc


def content_hash(data: bytes) -> str:
    """The document id: the first 16 hex digits of the SHA-1 of the file's bytes."""
    return hashlib.sha1(data).hexdigest()[:16]


def reading_rows(lines: list[Line]) -> list[Line]:
    """Lines with geometry top to bottom, the lines of one row left to right.

    A row is the lines whose tops lie within ``ROW_TOLERANCE`` of the larger
    font size (10 pt when unknown) below the row's topmost line, so a small
    case number in the margin comes before the larger item title printed on
    the same baseline, whose top is a little higher.
    """
    out: list[Line] = []
    row: list[Line] = []
    row_size = 0.0
    for line in sorted(lines, key=lambda ln: ln.top):
        size = line.size or 10.0
        if row and line.top - row[0].top > ROW_TOLERANCE * max(size, row_size):
            out.extend(sorted(row, key=lambda ln: ln.x0))
            row, row_size = [], 0.0
        row.append(line)
        row_size = max(row_size, size)
    out.extend(sorted(row, key=lambda ln: ln.x0))
    return out
