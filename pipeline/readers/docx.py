"""DOCX reader on python-docx: paragraphs and tables in body order.

Word headings carry no geometry, so a heading style is turned into the font
size a reader would see (``HEADING_SIZES``) and ``bold=True``; the cleaner and
segmenters then treat DOCX headings like large bold PDF lines.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pipeline.readers.base import Line, Page, RawDocument, ReadError, content_hash

#: Nominal point sizes for body text and heading levels 1..4 (Word's defaults).
BODY_SIZE = 11.0
HEADING_SIZES = {0: 26.0, 1: 16.0, 2: 13.0, 3: 12.0, 4: 11.5}
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)?$|^title$|^titel$", re.I)
_LIST_STYLE = re.compile(r"list|liste|punkt|bullet|opstilling", re.I)


def read_docx(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a .docx file into one page of lines (one per paragraph or table row)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    data = path.read_bytes() if data is None else data
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/BadZipFile/ValueError
        raise ReadError(path, f"corrupt or unsupported Word file ({type(exc).__name__})") from exc
    lines: list[Line] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_line(Paragraph(block, document)))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                if cells:
                    lines.append(Line(text=" | ".join(cells), size=BODY_SIZE))
            lines.append(Line(text=""))
    if not any(line.text.strip() for line in lines):
        raise ReadError(path, "empty document (no text)")
    return RawDocument(
        source=str(path), doc_id=content_hash(data), fmt="docx", pages=[Page(1, lines)]
    )


def _paragraph_line(paragraph) -> Line:
    style = paragraph.style.name if paragraph.style is not None else ""
    text = paragraph.text
    match = _HEADING_STYLE.match(style.strip())
    if match:
        level = int(match.group(1)) if match.group(1) else 0
        return Line(text=text, size=HEADING_SIZES.get(level, BODY_SIZE), bold=True)
    if _LIST_STYLE.search(style) and text.strip() and not text.lstrip().startswith("•"):
        text = "• " + text
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold for r in runs)
    sizes = [r.font.size.pt for r in runs if r.font.size is not None]
    return Line(text=text, size=max(sizes) if sizes else BODY_SIZE, bold=bold)
