"""Clean raw pages into one document text with page offsets.

Each step is a small function on :class:`~pipeline.readers.base.Page` /
:class:`~pipeline.readers.base.Line` (or on strings), so pages from any engine
(pdfplumber, pypdfium2, OCR, DOCX, HTML, text) get the same treatment:

1. :func:`normalize_text`: NFC, quotes, ligatures, NBSP, soft hyphens, spaces.
2. :func:`drop_running_lines`: running headers, footers and page numbers, found
   by repetition across pages (digits normalised) and by position in the top or
   bottom band of the page.
3. :func:`order_reading`: two-column pages in reading order (left column, then
   right), found by clustering the lines' ``x0``.
4. :func:`paragraph_breaks`: blank lines where the vertical gap says a new
   paragraph starts.
5. :func:`join_hyphens` / :func:`classify_hyphen`: line-end hyphens joined
   (*udformnin-* / *gen*) or kept (*Ikast-Brande*, *Beskæftigelses- og*).

The result keeps the document's line structure (one source line per text line,
blank line between paragraphs, pages separated by a blank line), because the
segmenters need it: a heading such as *Problemstilling* is a line of its own.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.extract_vocab import load_vocab
from pipeline.readers.base import Line, Page, RawDocument, reading_rows

#: Fraction of the page height at the top and bottom where running headers,
#: footers and page numbers live.
BAND = 0.075
#: A line (digits normalised) in the band on at least this share of pages is running.
REPEAT_SHARE = 0.4
_PAGE_NUMBER = re.compile(
    r"^(?:side|s\.|page|p\.)?\s*[-–(]?\s*\d{1,4}\s*[-–)]?\s*(?:(?:af|/|of|ud af)\s*\d{1,4})?$", re.I
)
_SPACES = re.compile(r"[ \u3000]+")


@dataclass
class CleanDocument:
    """A document's cleaned full text and where its pages and headings are.

    ``page_starts[i]`` is the offset where page ``i + 1`` begins; ``headings``
    are ``(start, end)`` spans of lines that the reader marked as headings by
    typography (larger or bold type, heading styles, ``<h1>``..``<h6>``).
    """

    text: str
    page_starts: list[int]
    source: str = ""
    doc_id: str = ""
    fmt: str = ""
    headings: list[tuple[int, int]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    def page_of(self, offset: int) -> int:
        """The 1-based page number that contains character ``offset``."""
        return max(1, bisect_right(self.page_starts, offset))


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    return {ord(k): v for k, v in load_vocab("cleaning")["char_map"].items()}


_CID = re.compile(r"\(cid:(\d+)\)")


def _cid_char(match: re.Match) -> str:
    """A glyph pdfminer could not map (``(cid:127)``): a known bullet, else nothing."""
    return str(load_vocab("cleaning")["cid_map"].get(int(match.group(1)), ""))


def normalize_text(text: str) -> str:
    """NFC, one quote style, no ligatures/NBSP/soft hyphens, single spaces, stripped.

    NFC first so that a decomposed *å* (a + ring) from some PDF producers
    becomes one character again.
    """
    text = unicodedata.normalize("NFC", text).translate(_char_table())
    if "(cid:" in text:
        text = _CID.sub(_cid_char, text)
    text = "".join(ch for ch in text if ch >= " " or ch == "\n")
    return _SPACES.sub(" ", text).strip()


def collapse_ws(text: str) -> str:
    """All whitespace runs as one space: how segment texts relate to document text."""
    return " ".join(text.split())


def digit_key(text: str) -> str:
    """Compare running lines regardless of their page numbers: digits become ``#``."""
    return re.sub(r"\d+", "#", collapse_ws(text).lower())


def is_page_number(text: str) -> bool:
    """``3``, ``- 3 -``, ``Side 3 af 12``, ``3/12``: a line that is only a page number."""
    return bool(_PAGE_NUMBER.match(text.strip()))


# ------------------------------------------------------------ headers and footers


def _in_band(line: Line, page: Page) -> bool:
    if line.top is None or not page.height:
        return False
    return line.top < BAND * page.height or (line.bottom or line.top) > (1 - BAND) * page.height


def _edge_lines(page: Page, k: int = 2) -> list[int]:
    """Indices of the lines where running lines can be: in the band, or first/last k."""
    if any(line.top is not None for line in page.lines) and page.height:
        return [i for i, line in enumerate(page.lines) if _in_band(line, page)]
    filled = [i for i, line in enumerate(page.lines) if line.text.strip()]
    return sorted(set(filled[:k] + filled[-k:]))


def drop_running_lines(pages: list[Page]) -> tuple[list[Page], list[str]]:
    """Remove running headers, footers and page numbers; return pages and removed texts.

    A line at a page edge goes when it is a bare page number, or when its text
    with digits normalised occurs at the edge of at least ``REPEAT_SHARE`` of
    the pages (and on two pages at least). Body lines are never touched.
    """
    edges = [_edge_lines(p) for p in pages]
    seen: Counter[str] = Counter()
    for page, idx in zip(pages, edges, strict=True):
        seen.update({digit_key(page.lines[i].text) for i in idx if page.lines[i].text.strip()})
    need = max(2, REPEAT_SHARE * len(pages))
    out: list[Page] = []
    removed: list[str] = []
    for page, idx in zip(pages, edges, strict=True):
        drop = set()
        for i in idx:
            text = page.lines[i].text.strip()
            repeated = len(pages) > 1 and seen[digit_key(text)] >= need
            if text and (is_page_number(text) or repeated):
                drop.add(i)
                removed.append(text)
        lines = [line for i, line in enumerate(page.lines) if i not in drop]
        out.append(Page(page.number, lines, page.width, page.height, page.ocr))
    return out, removed


# -------------------------------------------------------------------- columns


def column_split(lines: list[Line], width: float | None) -> float | None:
    """The x position between two text columns on a page, or ``None`` for one column.

    Clusters the lines' ``x0``: the widest jump between consecutive x0 values
    (at least 20 % of the page width) splits them; the page has two columns
    when both sides hold at least three real lines and few lines span the split.
    """
    geo = [ln for ln in lines if ln.x0 is not None and ln.text.strip()]
    if len(geo) < 6 or not width:
        return None
    xs = sorted({round(ln.x0) for ln in geo})
    best, split = 0.0, None
    for a, b in zip(xs, xs[1:], strict=False):
        if b - a > best:
            best, split = b - a, b - 1.0
    if split is None or best < 0.2 * width:
        return None
    left = [ln for ln in geo if ln.x1 <= split + 2]
    right = [ln for ln in geo if ln.x0 >= split]
    spanning = len(geo) - len(left) - len(right)
    long_right = [ln for ln in right if len(ln.text) >= 15]
    if len(left) < 3 or len(long_right) < 3 or spanning > 0.25 * len(geo):
        return None
    return split


def order_reading(page: Page) -> list[Line | None]:
    """Lines of a page in reading order; ``None`` marks a forced paragraph break.

    Lines go by rows (:func:`~pipeline.readers.base.reading_rows`): top to
    bottom, left to right within a row. On a two-column page, lines spanning
    both columns (titles) cut the page into bands; within a band the left
    column is read before the right one.
    """
    lines = [ln for ln in page.lines if ln.text.strip()]
    if not lines or lines[0].top is None:
        return list(page.lines)
    split = column_split(lines, page.width)
    lines = reading_rows(lines)
    if split is None:
        return list(lines)
    out: list[Line | None] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend(left)
        if left and right:
            out.append(None)
        out.extend(right)
        if left or right:
            out.append(None)
        left.clear()
        right.clear()

    for ln in lines:
        if ln.x0 >= split:
            right.append(ln)
        elif ln.x1 <= split + 2:
            left.append(ln)
        else:
            flush()
            out.append(ln)
    flush()
    return out


def paragraph_breaks(lines: list[Line | None]) -> list[Line | None]:
    """Insert ``None`` (a paragraph break) where the gap before a line is unusually large.

    The usual gap of the page is the 20th percentile of the gaps between
    consecutive lines (not the median: a page of short paragraphs has as many
    paragraph gaps as line gaps); a gap half a line height above it, or a change
    of font size, starts a new paragraph. Lines without geometry pass through.
    """
    geo = [ln for ln in lines if ln is not None and ln.top is not None]
    if len(geo) < 2:
        return lines
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a is not None and b is not None and b.top > a.top
    ]
    usual = sorted(gaps)[len(gaps) // 5] if gaps else 0.0
    out: list[Line | None] = []
    prev: Line | None = None
    for ln in lines:
        if ln is not None and prev is not None and ln.top is not None and prev.bottom is not None:
            height = max(prev.bottom - prev.top, 1.0)
            gap = ln.top - prev.bottom
            resized = bool(ln.size and prev.size and abs(ln.size - prev.size) > 1.0)
            if gap > usual + 0.5 * height or gap < -height or resized:
                out.append(None)
        out.append(ln)
        prev = ln
    return out


# -------------------------------------------------------------------- hyphens

_WORD_END = re.compile(r"(\S+)-$")
_WORD_START = re.compile(r"^(\S+)(\s*)")


def classify_hyphen(left: str, right: str) -> str:
    """Decide what a line-end hyphen is: ``"join"``, ``"keep"`` or ``"space"``.

    ``left`` is the last word of a line including its hyphen (``"udformnin-"``),
    ``right`` the first word of the next line (``"gen"``):

    - ``"space"``: a suspended compound (*Beskæftigelses- og Integrationsudvalget*):
      the next word is *og*, *eller*, *samt*...; hyphen and space stay;
    - ``"keep"``: a real hyphen (*Ikast-Brande*, *2030-fremskrivning*, *EU-midler*,
      *it-system*): the hyphen stays and the parts are joined without a space;
    - ``"join"``: a word broken by typesetting (*udformnin-gen* -> *udformningen*),
      including upper-case headings (*KOM-MUNEN*).
    """
    vocab = load_vocab("cleaning")
    stem = left[:-1]
    bare = re.sub(r"^\W+", "", stem)
    word = re.sub(r"\W+$", "", right)
    if right.lower() in vocab["hyphen_keep_before_words"] or not word:
        return "space"
    if not any(ch.isalpha() for ch in bare) or bare[-1:].isdigit():
        return "keep"
    compound = f"{bare}-{word}".lower()
    if compound in vocab["hyphen_compounds"] or bare.lower() in vocab["hyphen_compound_prefixes"]:
        return "keep"
    if bare.isupper() and word.isupper() and len(bare) >= 3:
        return "join"  # a hyphenated word in a capitalised heading
    if word[0].isupper() or word[0].isdigit() or bare.isupper():
        return "keep"
    return "join"


def join_hyphens(lines: list[str]) -> list[str]:
    """Join line-end hyphens across ``lines`` (``""`` = paragraph break).

    The broken word's second half moves up to the first line, so line structure
    is kept: ``["... udformnin-", "gen og ..."]`` -> ``["... udformningen", "og ..."]``.
    A single paragraph break between the halves is crossed when the next line
    starts in lower case (a page or column broke the word).
    """
    return [ln for ln in _join_hyphens(lines) if ln != _GONE]


_GONE = "\0"  # a line whose whole text moved up to the previous line


def _join_hyphens(lines: list[str]) -> list[str]:
    """:func:`join_hyphens` keeping list positions: emptied lines become ``_GONE``."""
    out = list(lines)
    for i in range(len(out)):
        match = _WORD_END.search(out[i])
        if not match or not match.group(1)[-1:].isalnum():
            continue
        j = i + 1
        if j < len(out) and not out[j].strip() and j + 1 < len(out):
            j = j + 1 if out[j + 1].lstrip()[:1].islower() else len(out)
        if j >= len(out) or not out[j].strip() or out[j] == _GONE:
            continue
        start = _WORD_START.match(out[j].lstrip())
        right = start.group(1)
        how = classify_hyphen(match.group(0), right)
        if how == "space":
            continue
        out[i] = out[i][: match.end(1)] + ("" if how == "join" else "-") + right
        out[j] = out[j].lstrip()[start.end() :] or _GONE
        if j > i + 1:
            out[j - 1] = _GONE  # the crossed break (page, column) split a word, not paragraphs
    return out


# ------------------------------------------------------------------ assembling


def _body_size(pages: list[Page]) -> float | None:
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            if ln.size:
                sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _is_heading_line(line: Line, body: float | None) -> bool:
    if not line.text.strip() or len(line.text) > 160:
        return False
    if body and line.size and line.size >= 1.15 * body:
        return True
    return line.bold and len(line.text) <= 120


def page_lines(page: Page, body: float | None) -> list[tuple[str, bool]]:
    """One page as ``(text, is_heading)`` lines in reading order, ``""`` between paragraphs.

    Expects lines already passed through :func:`normalize_text`.
    """
    ordered = paragraph_breaks(order_reading(page))
    out: list[tuple[str, bool]] = []
    for ln in ordered:
        text = ln.text.strip() if ln is not None else ""
        if not text:
            if out and out[-1][0]:
                out.append(("", False))
            continue
        out.append((text, _is_heading_line(ln, body)))
    while out and not out[-1][0]:
        out.pop()
    return _unmark_long_runs(out)


#: More consecutive bold/large lines than this are an emphasised paragraph, not a heading.
MAX_HEADING_LINES = 3


def _unmark_long_runs(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out, run = list(lines), []
    for i, (text, heading) in enumerate([*lines, ("", False)]):
        if heading and text:
            run.append(i)
            continue
        if len(run) > MAX_HEADING_LINES:
            for k in run:
                out[k] = (out[k][0], False)
        run = []
    return out


def clean_document(raw: RawDocument) -> CleanDocument:
    """Clean a :class:`RawDocument` into a :class:`CleanDocument`."""
    pages = [
        Page(p.number, [_normalized(ln) for ln in p.lines], p.width, p.height, p.ocr)
        for p in raw.pages
    ]
    pages, removed = drop_running_lines(pages)
    body = _body_size(pages)
    # one flat list of lines; a page break is a paragraph break marked with its page
    flat: list[str] = []
    marks: list[tuple[int, bool]] = []  # (page number, heading) per flat line
    for page in pages:
        if flat and flat[-1]:
            flat.append("")
            marks.append((page.number, False))
        for text, heading in page_lines(page, body):
            flat.append(text)
            marks.append((page.number, heading))
    return _assemble(raw, _join_hyphens(flat), marks, removed)


def _normalized(line: Line) -> Line:
    return Line(normalize_text(line.text), line.x0, line.x1, line.top, line.bottom,
                line.size, line.bold)


def _assemble(raw, lines: list[str], marks, removed) -> CleanDocument:
    parts: list[str] = []
    page_starts: list[int] = []
    headings: list[tuple[int, int]] = []
    pos = 0
    last_page = 0
    blank = True
    for text, (page, heading) in zip(lines, marks, strict=True):
        if text == _GONE:
            continue
        text = text.strip()
        if not text:
            if not blank:
                parts.append("\n")
                pos += 1
                blank = True
            continue
        if parts:
            parts.append("\n")
            pos += 1
        while last_page < page:
            page_starts.append(pos)
            last_page += 1
        if heading:
            headings.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
        blank = False
    while last_page < len(raw.pages):
        page_starts.append(pos)
        last_page += 1
    return CleanDocument(
        text="".join(parts),
        page_starts=page_starts or [0],
        source=raw.source,
        doc_id=raw.doc_id,
        fmt=raw.fmt,
        headings=headings,
        removed=removed,
        meta=dict(raw.meta),
    )
