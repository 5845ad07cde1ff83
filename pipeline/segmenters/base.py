"""Shared pieces of the segmenters: lines with offsets, blocks, segment rows.

Every segmenter walks the cleaned text line by line, picks out what is special
to its document type (headings, agenda items, fields) and hands the runs of
ordinary lines in between to :func:`blocks`, which cuts them into paragraphs,
quotes, list items, tables and captions the same way for every type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.clean import CleanDocument, collapse_ws
from pipeline.extract_vocab import load_vocab

_BULLET = re.compile(r"^(?:[•\-–*·▪o]\s+|\(?\d{1,2}[.)]\s+|\(?[a-zæøå][.)]\s+)(?=\S)")
_CAPTION = re.compile(r"^(?:figur|fig\.|tabel|graf|diagram|illustration|kort)\s*\d+", re.I)
_QUOTE_END = re.compile(r"[”’][.,;:!?]?\s*\d{0,2}\)?[.,]?$")
_CONTINUES = re.compile(r"(?:,|-|\bog|\beller|\bsamt|\bat|\bder|\bsom|\bi|\bpå|\bfor)$")
MAX_QUOTE_LINES = 40


@dataclass(frozen=True)
class TextLine:
    """One line of a cleaned document: its text and ``[start, end)`` offsets."""

    start: int
    end: int
    text: str
    heading_hint: bool = False

    def tail(self, offset: int) -> TextLine:
        """The rest of the line from character ``offset`` on, leading spaces skipped."""
        rest = self.text[offset:]
        skip = len(rest) - len(rest.lstrip())
        return TextLine(self.start + offset + skip, self.end, rest.lstrip(), False)


def text_lines(clean: CleanDocument) -> list[TextLine]:
    """All lines of ``clean.text`` with offsets; blank lines have text ``""``."""
    hints = {start for start, _ in clean.headings}
    lines, pos = [], 0
    for raw in clean.text.split("\n"):
        lines.append(TextLine(pos, pos + len(raw), raw, pos in hints))
        pos += len(raw) + 1
    return lines


def is_list_start(text: str) -> bool:
    """``• tekst``, ``- tekst``, ``1. tekst``, ``a) tekst`` (but not a date, *22. juni 2022*)."""
    if not _BULLET.match(text):
        return False
    date = re.match(r"^\d{1,2}\.\s*([a-zæøå]+)", text, re.I)
    return not (date and date.group(1).lower() in load_vocab("terms")["months"])


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text))


def is_quote_start(text: str) -> bool:
    """A line opening a quotation: ``”`` followed by a word (not a lone quote mark)."""
    return text.startswith("”") and len(text) > 2 and (text[1].isalnum() or text[1] in "[(.")


def _continues_list(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` is a wrapped continuation of a list item ending with ``prev``."""
    first = nxt[:1]
    return first.islower() or first.isdigit() or first in "([" or bool(_CONTINUES.search(prev))


def blocks(lines: list[TextLine]) -> list[tuple[str, list[TextLine]]]:
    """Cut a run of ordinary lines into ``(kind, lines)`` blocks.

    Kinds: ``paragraph`` (lines up to a blank line), ``quote`` (from a line
    opening with ”, up to the line that closes it), ``list_item`` (a bullet or
    number and its wrapped lines), ``table`` (``a | b`` rows) and ``caption``
    (*Figur 3 ...*). Lines with no letters or digits (a stray ”) are dropped.
    """
    out: list[tuple[str, list[TextLine]]] = []
    current: tuple[str, list[TextLine]] | None = None

    def close() -> None:
        nonlocal current
        if current and current[1]:
            out.append(current)
        current = None

    for ln in lines:
        text = ln.text.strip()
        if not text:
            close()
            continue
        if not any(ch.isalnum() for ch in text):
            continue
        kind = current[0] if current else None
        if kind == "quote":
            current[1].append(ln)
            if _QUOTE_END.search(text) or len(current[1]) >= MAX_QUOTE_LINES:
                close()
            continue
        if is_quote_start(text):
            close()
            current = ("quote", [ln])
            if _QUOTE_END.search(text) and len(text) > 3:
                close()
        elif " | " in text:
            if kind != "table":
                close()
                current = ("table", [])
            current[1].append(ln)
        elif is_list_start(text):
            close()
            current = ("list_item", [ln])
        elif is_caption(text):
            close()
            current = ("caption", [ln])
        elif kind == "list_item" and not _continues_list(current[1][-1].text, text):
            close()
            current = ("paragraph", [ln])
        elif kind in ("table", "caption"):
            close()
            current = ("paragraph", [ln])
        elif current is None:
            current = ("paragraph", [ln])
        else:
            current[1].append(ln)
    close()
    return out


def segment_row(
    clean: CleanDocument,
    start: int,
    end: int,
    kind: str,
    doc_type: str,
    **columns,
) -> dict:
    """One segment: ``text`` is ``clean.text[start:end]`` with whitespace collapsed."""
    row = {
        "doc_id": clean.doc_id,
        "source": clean.source,
        "doc_type": doc_type,
        "page": clean.page_of(start) if clean.fmt == "pdf" or clean.n_pages > 1 else None,
        "kind": kind,
        "text": collapse_ws(clean.text[start:end]),
        "start": start,
        "end": end,
    }
    row.update(columns)
    return row


def block_rows(
    clean: CleanDocument, found: list[tuple[str, list[TextLine]]], doc_type: str, **columns
) -> list[dict]:
    """Segment rows for :func:`blocks` output; captions are paragraphs with ``role=caption``."""
    rows = []
    for kind, lines in found:
        extra = dict(columns)
        if kind == "caption":
            kind, extra["role"] = "paragraph", "caption"
        rows.append(segment_row(clean, lines[0].start, lines[-1].end, kind, doc_type, **extra))
    return rows
