"""PDF reader on pdfplumber: words with positions grouped into lines.

Lines are built from words here (not with ``extract_text``) so that two
columns printed side by side stay two lines: a horizontal gap much wider than a
space splits a row of words. Ordering columns, dropping running headers and
joining hyphens is left to :mod:`pipeline.clean`, which works the same for
every engine.
"""

from __future__ import annotations

import io
from pathlib import Path

from pipeline.readers.base import (
    ROW_TOLERANCE,
    Line,
    NeedsOCR,
    Page,
    RawDocument,
    ReadError,
    content_hash,
    reading_rows,
)

#: A gap wider than this many font sizes between two words of a row splits it
#: into two lines (a column gutter), ordinary spaces are ~0.25 font sizes.
GUTTER_GAP = 1.6


def read_pdf(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a PDF with pdfplumber; raise ``ReadError``/``NeedsOCR`` with the reason."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    path = Path(path)
    data = path.read_bytes() if data is None else data
    pages: list[Page] = []
    n_images = 0
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for page in pdf.pages:
                pages.append(_read_page(page))
                n_images += len(page.images)
                page.close()  # free the page's cached layout objects
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(
            cause
        ).lower():
            raise ReadError(path, "encrypted PDF (password-protected); cannot read") from exc
        detail = str(cause) or "unreadable structure"
        raise ReadError(path, f"corrupt PDF ({type(cause).__name__}: {detail})") from exc
    return finish_pdf(path, data, pages, n_images, engine="pdfplumber")


def finish_pdf(
    path: str | Path, data: bytes, pages: list[Page], n_images: int, engine: str
) -> RawDocument:
    """Check that a PDF gave text and wrap it in a :class:`RawDocument`.

    A PDF without any text but with images is a scan (``NeedsOCR``); one with
    neither is empty. Pages without text among pages with text are listed in
    ``meta["pages_without_text"]`` so a batch can send just those to OCR.
    """
    if not pages:
        raise ReadError(path, "empty PDF (no pages)")
    empty = [p.number for p in pages if not any(line.text.strip() for line in p.lines)]
    if len(empty) == len(pages):
        if n_images:
            raise NeedsOCR(path, "image-only PDF without a text layer; needs OCR")
        raise ReadError(path, "empty PDF (no text on any page)")
    return RawDocument(
        source=str(path),
        doc_id=content_hash(data),
        fmt="pdf",
        pages=pages,
        meta={"engine": engine, "pages_without_text": empty},
    )


def _read_page(page) -> Page:
    words = page.extract_words(
        keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"]
    )
    return Page(
        number=page.page_number,
        lines=words_to_lines(words),
        width=float(page.width),
        height=float(page.height),
    )


def words_to_lines(words: list[dict]) -> list[Line]:
    """Group pdfplumber-style word dicts (x0, x1, top, bottom, text, size) into lines.

    Rows are found by ``top`` within a tolerance relative to the font size; a
    row is split where the gap between two words exceeds ``GUTTER_GAP`` font
    sizes, so side-by-side columns give separate lines. Lines come in
    :func:`~pipeline.readers.base.reading_rows` order.
    """
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        size = word.get("size") or (word["bottom"] - word["top"])
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= ROW_TOLERANCE * size:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        chunk = [row[0]]
        for word in row[1:]:
            size = word.get("size") or (word["bottom"] - word["top"])
            if word["x0"] - chunk[-1]["x1"] > GUTTER_GAP * size:
                lines.append(_make_line(chunk))
                chunk = []
            chunk.append(word)
        lines.append(_make_line(chunk))
    return reading_rows(lines)


def _make_line(words: list[dict]) -> Line:
    sizes = [w.get("size") for w in words if w.get("size")]
    fonts = [str(w.get("fontname", "")) for w in words]
    return Line(
        text=" ".join(w["text"] for w in words),
        x0=float(min(w["x0"] for w in words)),
        x1=float(max(w["x1"] for w in words)),
        top=float(min(w["top"] for w in words)),
        bottom=float(max(w["bottom"] for w in words)),
        size=float(max(sizes)) if sizes else None,
        bold=bool(fonts) and all("bold" in f.lower() or "black" in f.lower() for f in fonts),
    )
