"""Render text to PDF the way municipal PDFs look, to test and benchmark the readers.

Tests, the example corpus (``corpus/examples/make_examples.py``) and the ingest
benchmark need PDFs with the hard parts of real ones: a running header, a
``Side N af M`` footer, words broken at line ends with a hyphen and pages set
in two columns. This module lays text out itself (instead of reportlab's
Paragraph) so that it knows exactly where it broke words, and it returns the
source text as it should come back out of :func:`pipeline.clean.clean_document`.

Needs reportlab (a development dependency); imported lazily.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN = 72.0
GUTTER = 24.0
MIN_SPLIT = 4  # a hyphen leaves at least this many letters on each side


@dataclass
class Block:
    """A piece of text to set: ``kind`` is ``heading``, ``paragraph``, ``line`` or ``page``.

    ``line`` blocks are set one source line per printed line (lists, agenda
    item titles, case numbers), never joined with their neighbours; a ``page``
    block starts a new page.
    """

    text: str
    kind: str = "paragraph"


@dataclass
class Rendered:
    """What :func:`render_pdf` wrote: the file, its pages and the broken words."""

    path: Path
    pages: int
    hyphenated: list[str] = field(default_factory=list)  # words set as "udform-" + "ningen"


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; short lines without a full stop are headings."""
    blocks = []
    for chunk in text.split("\n\n"):
        chunk = " ".join(chunk.split())
        if not chunk:
            continue
        kind = "heading" if len(chunk) < 70 and not chunk.endswith((".", ":", ",")) else "paragraph"
        blocks.append(Block(chunk, kind))
    return blocks


def _fit_word(word: str, room: float, width_of) -> tuple[str, str] | None:
    """Split ``word`` as ``head-`` / ``tail`` so that ``head-`` fits in ``room``.

    Only words of lower-case letters are broken (never names, numbers or
    words with hyphens of their own), and both parts keep ``MIN_SPLIT`` letters.
    """
    core = word.rstrip(".,;:!?”)")
    if len(core) < 2 * MIN_SPLIT or not core.isalpha() or not core.islower():
        return None
    for cut in range(len(core) - MIN_SPLIT, MIN_SPLIT - 1, -1):
        if width_of(word[:cut] + "-") <= room:
            return word[:cut] + "-", word[cut:]
    return None


def render_pdf(
    path: str | Path,
    blocks: list[Block],
    *,
    header: str | None = "Integrationsrådet · Rapport",
    footer: str | None = "Side {page} af {pages}",
    two_column_pages: set[int] | frozenset[int] = frozenset(),
    font_size: float = 10.0,
    hyphenate: bool = True,
    password: str | None = None,
) -> Rendered:
    """Lay ``blocks`` out on A4 pages and write a PDF; return what was written.

    ``two_column_pages`` are 1-based page numbers set in two columns.
    ``password`` encrypts the file with that user password.
    """
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    def width_of(s: str, size: float = font_size, font: str = "Helvetica") -> float:
        return stringWidth(s, font, size)

    leading = font_size * 1.3
    pages: list[list[tuple[float, float, str, str, float]]] = [[]]
    hyphenated: list[str] = []

    def frame(page_no: int) -> list[tuple[float, float]]:
        if page_no in two_column_pages:
            col = (PAGE_W - 2 * MARGIN - GUTTER) / 2
            return [(MARGIN, col), (MARGIN + col + GUTTER, col)]
        return [(MARGIN, PAGE_W - 2 * MARGIN)]

    state = {"col": 0, "y": MARGIN}

    def newline(height: float) -> tuple[float, float]:
        cols = frame(len(pages))
        if state["y"] + height > PAGE_H - MARGIN:
            if state["col"] + 1 < len(cols):
                state["col"] += 1
            else:
                pages.append([])
                state["col"] = 0
            state["y"] = MARGIN
            cols = frame(len(pages))
        x, w = cols[state["col"]]
        state["y"] += height
        return x, w

    def set_words(words: list[str], font: str, size: float, keep_lines: bool) -> None:
        line: list[str] = []
        x, w = newline(size * 1.3)
        while words:
            word = words.pop(0)
            candidate = " ".join([*line, word])
            if width_of(candidate, size, font) <= w:
                line.append(word)
                continue
            split = None
            if hyphenate and line and font == "Helvetica":
                room = w - width_of(" ".join(line) + " ", size, font)
                split = _fit_word(word, room, lambda s: width_of(s, size, font))
            if split:
                line.append(split[0])
                words.insert(0, split[1])
                hyphenated.append(split[0][:-1] + split[1])
            elif not line:
                line.append(word)  # a word wider than the column: set it anyway
                continue
            else:
                words.insert(0, word)
            pages[-1].append((x, state["y"], " ".join(line), font, size))
            line = []
            x, w = newline(size * 1.3)
        if line:
            pages[-1].append((x, state["y"], " ".join(line), font, size))
        state["y"] += 0.0 if keep_lines else leading * 0.7

    for block in blocks:
        if block.kind == "page":
            pages.append([])
            state["col"], state["y"] = 0, MARGIN
        elif block.kind == "heading":
            state["y"] += leading * 0.6
            set_words(block.text.split(), "Helvetica-Bold", font_size * 1.3, False)
        elif block.kind == "line":
            set_words(block.text.split(), "Helvetica", font_size, True)
        else:
            set_words(block.text.split(), "Helvetica", font_size, False)

    encrypt = StandardEncryption(password, canPrint=1) if password else None
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), encrypt=encrypt)
    total = len(pages)
    for number, items in enumerate(pages, start=1):
        if header:
            canvas.setFont("Helvetica", 8)
            canvas.drawString(MARGIN, PAGE_H - 40, header)
        for x, y, text, font, size in items:
            canvas.setFont(font, size)
            canvas.drawString(x, PAGE_H - y, text)
        if footer:
            canvas.setFont("Helvetica", 8)
            canvas.drawRightString(PAGE_W - MARGIN, 36, footer.format(page=number, pages=total))
        canvas.showPage()
    canvas.save()
    return Rendered(Path(path), total, hyphenated)
