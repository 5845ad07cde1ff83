"""The fast PDF engine: pypdfium2 text pages read by geometry.

pdfplumber builds a Python object for every character, which costs about 70 ms a
page; PDFium already knows where its text runs are. We ask PDFium for its text
rectangles (one per run of text on a line), read each rectangle's text with
``get_text_bounded`` and merge touching rectangles on one baseline into a
:class:`Line`. Rectangles of two columns stay separate lines because the gap
between them is wide, so :mod:`pipeline.clean` can put columns in reading order,
drop running headers and join hyphens exactly as for the pdfplumber engine.

Pages are opened and closed one at a time, so a PDF of thousands of pages is
streamed in bounded memory. A page without a usable text layer is handed to
:mod:`pipeline.readers.ocr` (or, when OCR is off or tesseract is missing, the
file raises :class:`NeedsOCR`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.readers.base import (
    Line,
    NeedsOCR,
    Page,
    RawDocument,
    ReadError,
    content_hash,
    read_bytes,
    reading_rows,
)

#: Two rectangles on one baseline closer than this many points belong to one line.
JOIN_GAP = 6.0
#: Fewer non-space characters than this on a page means "no usable text layer".
MIN_TEXT_CHARS = 12
#: More than this share of unreadable characters (U+FFFD, controls) means the same.
MAX_JUNK_SHARE = 0.3


def read_pdf(path: str | Path, data: bytes | None = None, *, ocr: bool = True) -> RawDocument:
    """Read a PDF with PDFium into pages of positioned lines.

    ``ocr=True`` OCRs pages without a text layer with tesseract; ``ocr=False``
    raises :class:`NeedsOCR` for them instead. An encrypted PDF is opened when
    its user password is empty; otherwise :class:`ReadError` says so.
    """
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    pages = list(iter_pages(path, data=data, ocr=ocr))
    return _document(path, content_hash(data), pages)


def read_pdf_windows(path: str | Path, data: bytes | None = None, *, ocr: bool = True,
                     pages: int = 100) -> Iterator[RawDocument]:
    """The PDF as consecutive documents of at most ``pages`` pages each.

    The batch runner cleans and segments a long PDF window by window, so a
    document of thousands of pages never has all its lines in memory at once.
    """
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    doc_id = content_hash(data)
    held: list[Page] = []  # a full window, held until we know it is not the last
    window: list[Page] = []
    for page in iter_pages(path, data=data, ocr=ocr):
        window.append(page)
        if len(window) == pages:
            if held:
                yield _document(path, doc_id, held)
            held, window = window, []
    # the tail joins the window before it (running headers need several pages), so
    # every window has between ``pages`` and ``2 * pages - 1`` pages
    if held:
        held, window = held + window, []
    for last in (held, window):
        if last:
            yield _document(path, doc_id, last)


def _document(path: Path, doc_id: str, pages: list[Page]) -> RawDocument:
    return RawDocument(source=str(path), doc_id=doc_id, fmt="pdf", pages=pages,
                       meta={"engine": "pdfium", "ocr_pages": sum(p.ocr for p in pages)})


def iter_pages(path: str | Path, *, data: bytes | None = None, ocr: bool = True) -> Iterator[Page]:
    """Yield the pages of a PDF one at a time, closing each PDFium page after use."""
    pdf = open_pdf(path, data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                result = read_page(page, index + 1)
                if result is None:
                    result = _ocr_or_raise(path, page, index + 1, ocr)
            finally:
                page.close()
            yield result
    finally:
        pdf.close()


def open_pdf(path: str | Path, data: bytes | None = None) -> pdfium.PdfDocument:
    """Open a PDF (empty password first), translating PDFium's errors into :class:`ReadError`."""
    source = data if data is not None else str(path)
    try:
        return pdfium.PdfDocument(source, password="")
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ReadError(path, "encrypted PDF: a password is needed to open it") from exc
        if "format" in message.lower() or "not found" in message.lower():
            raise ReadError(path, f"not a readable PDF (damaged or truncated): {message}") from exc
        raise ReadError(path, f"PDFium cannot open the PDF: {message}") from exc


def read_page(page: pdfium.PdfPage, number: int) -> Page | None:
    """One page's lines from its text layer, or ``None`` when it has no usable text."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        lines = _page_lines(textpage, height)
    finally:
        textpage.close()
    text = "".join(line.text for line in lines)
    if not usable_text(text):
        return None
    return Page(number=number, lines=lines, width=width, height=height)


def usable_text(text: str) -> bool:
    """Whether a page's text layer is worth keeping (enough readable characters)."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_TEXT_CHARS:
        return False
    junk = sum(1 for c in chars if c == "\ufffd" or not c.isprintable())
    return junk / len(chars) <= MAX_JUNK_SHARE


def _page_lines(textpage: pdfium.PdfTextPage, height: float) -> list[Line]:
    """Merge PDFium's text rectangles into lines, top to bottom then left to right."""
    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = " ".join(text.replace("\x02", "-").replace("\r", " ").replace("\n", " ").split())
        if text:
            runs.append((height - top, height - bottom, left, right, text))
    runs.sort(key=lambda r: (round((r[0] + r[1]) / 2), r[2]))
    lines: list[Line] = []
    for top, bottom, left, right, text in runs:
        last = lines[-1] if lines else None
        mid = (top + bottom) / 2
        if (last is not None and last.top <= mid <= last.bottom
                and 0 <= left - last.x1 <= JOIN_GAP):
            last.text = f"{last.text} {text}" if left - last.x1 > 1 else last.text + text
            last.x1 = max(last.x1, right)
            last.top, last.bottom = min(last.top, top), max(last.bottom, bottom)
            continue
        lines.append(Line(text=text, x0=left, x1=right, top=top, bottom=bottom))
    for line in lines:
        _font_of(textpage, line, height)
    return reading_rows(lines)


def _font_of(textpage: pdfium.PdfTextPage, line: Line, height: float) -> None:
    """Set a line's font size and boldness from its first character (one PDFium call each)."""
    mid = height - (line.top + line.bottom) / 2
    index = textpage.get_index(line.x0 + 1.5, mid, 3, 3)
    if index is None or index < 0:
        line.size = round(line.bottom - line.top, 1)
        return
    line.size = round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index), 1)
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    line.bold = weight >= 600 or _font_name(textpage, index).lower().find("bold") >= 0


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    import ctypes

    buf = ctypes.create_string_buffer(128)
    n = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 128, None)
    return buf.value.decode("latin-1", "replace") if n else ""


def _ocr_or_raise(path: str | Path, page: pdfium.PdfPage, number: int, ocr: bool) -> Page:
    from pipeline.readers import ocr as ocr_mod

    if not ocr:
        raise NeedsOCR(path, f"page {number} has no text layer and OCR is switched off")
    missing = ocr_mod.tesseract_problem()
    if missing:
        raise NeedsOCR(path, f"page {number} has no text layer; {missing}")
    return ocr_mod.ocr_page(page, number)
