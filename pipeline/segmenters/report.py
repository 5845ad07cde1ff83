"""Segment council reports: numbered and capitalised headings, paragraphs, quotes.

Reports number their sections (``3.1 AKTUELLE TEMAER``, ``4.2.1 POLITISK
ARBEJDE``) or set them in capitals or larger type; every segment gets the path
of headings above it as ``section``, e.g. ``3.0 RÅDENES AKTUELLE ARBEJDE >
3.1 AKTUELLE TEMAER``.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.clean import CleanDocument
from pipeline.schema import make_segments
from pipeline.segmenters.base import (
    TextLine,
    block_rows,
    blocks,
    is_caption,
    segment_row,
    text_lines,
)

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}\.)\s+(?P<title>\S.*)$")
_CHART_LABEL = re.compile(r"^\d+\s+\S")
_CHAPTER = re.compile(r"^(?:kapitel|del|afsnit)\s+(\d{1,2})\.?$", re.I)
_PAGE_TAIL = re.compile(r"(?:\s|\.{2,})\d{1,3}$", re.M)  # "2.4 FOKUSOMRÅDER 14" in a TOC
_TOC_HEADING = re.compile(r"^(?:indhold|indholdsfortegnelse|indholdsoversigt)\s*:?$", re.I)
MAX_HEADING_CHARS = 110


def heading_number(text: str) -> tuple[int, ...] | None:
    """``(3, 1)`` for ``3.1 AKTUELLE TEMAER``; ``(3,)`` for ``3.0 ...`` and ``KAPITEL 3``."""
    chapter = _CHAPTER.match(text.strip())
    if chapter:
        return (int(chapter.group(1)),)
    match = _NUMBERED.match(text.strip())
    if not match:
        return None
    parts = [int(p) for p in match.group("num").rstrip(".").split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_caps(text: str) -> bool:
    """At least four letters and (almost) all of them capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def heading_level(line: TextLine, last_numbered: int) -> int | None:
    """The heading level of a line, or ``None`` when it is not a heading.

    ``3.1 X`` is level 2 (``3.0 X`` level 1); an unnumbered heading (capitals or
    the reader's typographic hint) sits one level below the last numbered one.
    """
    text = line.text.strip()
    if len(text) > MAX_HEADING_CHARS or " | " in text or is_caption(text):
        return None
    if sum(ch.isalpha() for ch in text) < 2:  # a stray ” or a bare number
        return None
    if _CHAPTER.match(text):
        return 1
    if text.endswith((",", ";")) or text[-1:].islower() and text.endswith(("og", "at")):
        return None
    match = _NUMBERED.match(text)
    if match:
        title = match.group("title")
        dotted = "." in match.group("num").rstrip(".")
        sentence_end = title.endswith(".") and not title.endswith("..")
        marked = dotted or is_caps(title) or line.heading_hint
        if title[:1].isupper() and not sentence_end and marked:
            return len(heading_number(text))
        return None
    if _CHART_LABEL.match(text):
        return None  # "10 SYNLIGGØRELSE AF RÅDET": a value label left from a chart
    if is_caps(text) or (line.heading_hint and not text.endswith(".")):
        return last_numbered + 1 if last_numbered else 1
    return None


def _is_parent(parent: tuple[int, ...] | None, child: tuple[int, ...] | None) -> bool:
    """A numbered heading sits under a numbered one only when the numbers nest (4.2 under 4)."""
    if parent is None or child is None:
        return True
    return child[: len(parent)] == parent


def segment_report(clean: CleanDocument, doc_type: str = "report") -> pd.DataFrame:
    """Segments of a report: headings with their path, then the blocks under each."""
    lines = text_lines(clean)
    rows: list[dict] = []
    stack: list[tuple[int, str, tuple[int, ...] | None]] = []
    body: list[TextLine] = []
    last_numbered = 0

    def section() -> str:
        return " > ".join(title for _, title, _ in stack)

    def flush() -> None:
        rows.extend(block_rows(clean, blocks(body), doc_type, section=section()))
        body.clear()

    i = 0
    in_toc = False
    while i < len(lines):
        line = lines[i]
        level = heading_level(line, last_numbered)
        if in_toc and line.text.strip():
            in_toc = bool(_PAGE_TAIL.search(line.text)) or level is None and len(line.text) < 60
        if level is None or in_toc:
            body.append(line)  # a table-of-contents entry is listed, not a heading
            i += 1
            continue
        flush()
        end = i
        if _CHAPTER.match(line.text.strip()):  # "KAPITEL 2" / "ORGANISERING OG ..."
            nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].text.strip()),
                       None)
            if nxt is not None and heading_level(lines[nxt], 0) and not heading_number(
                lines[nxt].text
            ):
                end = nxt
        # a capitalised heading wrapped over two lines
        while (end + 1 < len(lines) and end - i < 1 and is_caps(lines[end].text)
               and is_caps(lines[end + 1].text) and not _NUMBERED.match(lines[end + 1].text)
               and not _PAGE_TAIL.search(lines[end].text + "\n" + lines[end + 1].text)):
            end += 1
        in_toc = bool(_TOC_HEADING.match(line.text.strip()))
        title = " ".join(ln.text.strip() for ln in lines[i : end + 1])
        number = heading_number(line.text)
        if number:
            last_numbered = level
        while stack and (stack[-1][0] >= level or not _is_parent(stack[-1][2], number)):
            stack.pop()
        stack.append((level, " ".join(title.split()), number))
        rows.append(segment_row(clean, line.start, lines[end].end, "heading", doc_type,
                                section=section()))
        i = end + 1
    flush()
    return make_segments(rows)
