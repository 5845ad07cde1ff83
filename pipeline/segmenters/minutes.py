"""Segment minutes (referater, dagsordener): agenda items and their sections.

Municipalities write agenda items in a few forms, all described as data in
``corpus/extraction/minutes.yaml``:

- ``7. Orientering om ny handleplan for modtagelse 2024 - 2026 (2023-004517)``
  (number, title, case number in brackets);
- ``Punkt 2: Svar på forslag om ...`` with the case number (``EMN-2025-003383``,
  ``23/4512``, ``Sagsnr. 2025-1234``) on one of the next lines;
- ``3. Titel`` followed by a case-number line.

Inside an item, lines such as *Indstilling*, *Beslutning*, *Problemstilling*,
*Sagsfremstilling*, *Løsning*, *Økonomi*, *Videre proces* and *Bilag* open
sections. A table of contents (items listed with page numbers or dot leaders,
or listed once more before the items themselves) never creates items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pipeline.clean import CleanDocument
from pipeline.extract_vocab import load_vocab
from pipeline.schema import make_segments
from pipeline.segmenters.base import TextLine, block_rows, blocks, segment_row, text_lines

_TOC_TAIL = re.compile(r"(?:\.{3,}|…+|\s{2,}|\t)\s*\d{1,3}$|\s\.\s?\.\s?\.")
_LEADER_ONLY = re.compile(r"^[\s.…·_-]*\d{0,3}\s*$")  # ".......... 4" split off a TOC line
LOOKAHEAD = 3  # lines after an item title where its case number may stand


@dataclass
class AgendaItem:
    """An agenda item header found at ``line`` spanning ``n_lines`` lines."""

    line: int
    n_lines: int
    item_no: str
    title: str
    case_no: str | None
    toc_tail: bool = False  # ends with dot leaders or a page number
    under_toc: bool = False  # stands under a "Dagsorden"/"Indhold" heading


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    vocab = load_vocab("minutes")
    case = "(?:" + "|".join(vocab["case_number_patterns"]) + ")"
    labels = "(?:" + "|".join(vocab["case_number_labels"]) + ")"
    items = "(?:" + "|".join(vocab["item_labels"]) + ")"
    names = {
        spelling: canonical
        for canonical, spellings in vocab["sections"].items()
        for spelling in spellings
    }
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return {
        "case": re.compile(rf"(?<![\w/.-])(?P<case>{case})(?![\w/-])"),
        "bracketed": re.compile(
            rf"^(?P<no>\d{{1,3}})\.?\s+(?P<title>.+?)\s*[(\[]\s*(?:{labels}\s*:?\s*)?"
            rf"(?P<case>{case})\s*[)\]]\.?$"
        ),
        "labelled": re.compile(
            rf"^{items}\s*(?P<no>\d{{1,3}})\s*[:.)-]?\s*(?P<title>.*)$", re.I
        ),
        "numbered": re.compile(r"^(?P<no>\d{1,3})\.?\s+(?P<title>[A-ZÆØÅ\d”].{2,160})$"),
        "case_line": re.compile(
            rf"^(?:{labels}\s*:?\s*)?(?P<case>{case})\s*\.?$|^{labels}\s*:?\s*(?P<case2>{case})\b",
            re.I,
        ),
        "section": re.compile(
            rf"^(?P<name>{alternatives})(?P<qual>\s+(?:(?:i|den|fra|på|til|af)\s.{{0,80}}?"
            rf"|[A-ZÆØÅ][\w-]*(?:udvalg|udvalget|råd|rådet|bestyrelse|bestyrelsen|repræsentation"
            rf"|repræsentationen)\b.{{0,60}}?))?\s*"
            rf"(?::\s*(?P<rest>.*))?$",
            re.I,
        ),
        "toc_heading": re.compile(
            "^(?:" + "|".join(map(re.escape, vocab["toc_headings"])) + r")\s*:?$", re.I
        ),
        "_names": names,  # type: ignore[dict-item]
    }


def section_name(text: str) -> tuple[str, str] | None:
    """``("Beslutning", rest)`` when ``text`` opens a section; ``rest`` is text after a colon.

    ``INDSTILLING OG Beslutning`` -> ``("Indstilling og beslutning", "")``;
    ``Beslutning i Økonomiudvalget den 3. maj 2023: Godkendt.`` ->
    ``("Beslutning", "Godkendt.")``. A sentence that merely starts with
    *Økonomi* is not a section: without a colon the line must be short.
    """
    pats = _patterns()
    match = pats["section"].match(text.strip())
    if not match:
        return None
    rest = match.group("rest")
    if rest is None and (len(text) > 90 or text.rstrip().endswith((".", ","))):
        return None
    canonical = pats["_names"][match.group("name").lower()]
    return canonical, (rest or "").strip()


def case_number_in(text: str) -> str | None:
    """The case number a line consists of (``Sagsnr.: 23/4512`` -> ``23/4512``), or ``None``."""
    match = _patterns()["case_line"].match(text.strip())
    if not match:
        return None
    return match.group("case") or match.group("case2")


def _next_filled(lines: list[TextLine], i: int, k: int) -> list[int]:
    out, j = [], i + 1
    while j < len(lines) and len(out) < k:
        if lines[j].text.strip():
            out.append(j)
        j += 1
    return out


def find_item(lines: list[TextLine], i: int) -> AgendaItem | None:
    """The agenda item whose header starts at line ``i``, if any."""
    pats = _patterns()
    text = lines[i].text.strip()
    if not text or section_name(text):
        return None
    toc = bool(_TOC_TAIL.search(text))
    text = _TOC_TAIL.sub("", text).rstrip(" .…") if toc else text
    match = pats["bracketed"].match(text)
    if match:
        return AgendaItem(i, 1, match["no"], match["title"].strip(" -–:"), match["case"], toc)
    labelled = pats["labelled"].match(text)
    numbered = pats["numbered"].match(text) if not labelled else None
    match = labelled or numbered
    if not match:
        return None
    title_lines = [match["title"].strip()]
    case = None
    last = i
    between: list[int] = []  # lines between title and case number: the title wrapped
    for j in _next_filled(lines, i, LOOKAHEAD):
        nxt = lines[j].text.strip()
        case = case_number_in(nxt)
        if case:
            title_lines += [lines[k].text.strip() for k in between]
            last = j
            break
        if section_name(nxt) or find_item_header_only(nxt) or nxt.endswith("."):
            break
        between.append(j)
    if not case and not title_lines[0] and labelled and between:
        title_lines[0] = lines[between[0]].text.strip()  # "Punkt 3" alone, title below
        last = between[0]
    inline = pats["case"].search(title_lines[0])
    if not case and inline and title_lines[0].endswith((")", "]")):
        case = inline["case"]
        title_lines[0] = title_lines[0][: inline.start()].rstrip(" ([-–")
    if numbered and not case:
        return None  # a plain numbered line is an item only with a case number
    title = " ".join(t for t in title_lines if t).strip(" -–:")
    return AgendaItem(i, last - i + 1, match["no"], title, case, toc)


def find_item_header_only(text: str) -> bool:
    pats = _patterns()
    return bool(pats["bracketed"].match(text) or pats["labelled"].match(text))


def find_items(lines: list[TextLine]) -> list[AgendaItem]:
    """All agenda items of a document, table-of-contents entries removed.

    An entry is a table-of-contents line when it ends with a page number or dot
    leaders, or when it has no text of its own before the next item and either
    stands under a heading such as *Dagsorden* / *Indholdsfortegnelse* or comes
    again later with the same number (the agenda listed before the items). A
    *Dagsorden* heading over the items themselves (with their text) removes
    nothing.
    """
    pats = _patterns()
    found: list[AgendaItem] = []
    in_toc = False
    toc_numbers: set[str] = set()
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        if pats["toc_heading"].match(text):
            in_toc = True
        item = find_item(lines, i)
        if item:
            if in_toc and not item.toc_tail and item.item_no in toc_numbers:
                in_toc = False  # the numbering starts again: the items themselves
            item.under_toc = in_toc
            if item.toc_tail or in_toc:
                toc_numbers.add(item.item_no)
            found.append(item)
            i += item.n_lines
            continue
        if in_toc and text and not _TOC_TAIL.search(text) and len(text) > 60:
            in_toc = False  # running prose: the table of contents is over
        i += 1
    keep = []
    for k, item in enumerate(found):
        if item.toc_tail:
            continue
        end = found[k + 1].line if k + 1 < len(found) else len(lines)
        body = [ln for ln in lines[item.line + item.n_lines : end]
                if ln.text.strip() and not _LEADER_ONLY.match(ln.text)]
        again = any(o.item_no == item.item_no for o in found[k + 1 :])
        if not body and (again or item.under_toc):
            continue  # listed in an agenda overview; the item itself comes later
        keep.append(item)
    return keep


def segment_minutes(clean: CleanDocument, doc_type: str = "minutes") -> pd.DataFrame:
    """Segments of minutes: item headers, section headings and the blocks in each section."""
    lines = text_lines(clean)
    items = {item.line: item for item in find_items(lines)}
    rows: list[dict] = []
    body: list[TextLine] = []
    current: dict = {"item_no": None, "item_title": None, "case_no": None}
    section = ""

    def flush() -> None:
        rows.extend(block_rows(clean, blocks(body), doc_type, section=section, **current))
        body.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        item = items.get(i)
        if item:
            flush()
            section = ""
            current = {"item_no": item.item_no, "item_title": item.title, "case_no": item.case_no}
            last = lines[i + item.n_lines - 1]
            rows.append(segment_row(clean, line.start, last.end, "heading", doc_type,
                                    section=section, **current))
            i += item.n_lines
            continue
        found = section_name(line.text) if current["item_no"] or not items else None
        if found:
            flush()
            section, rest = found
            head_end = line.end if not rest else line.start + line.text.index(rest)
            head_text_end = line.start + len(clean.text[line.start:head_end].rstrip(" :"))
            rows.append(segment_row(clean, line.start, head_text_end, "heading", doc_type,
                                    section=section, **current))
            if rest:
                body.append(line.tail(line.text.index(rest)))
            i += 1
            continue
        if line.heading_hint:  # a heading by typography (bold/large type, <h1>)
            flush()
            rows.append(segment_row(clean, line.start, line.end, "heading", doc_type,
                                    section=section, **current))
        else:
            body.append(line)
        i += 1
    flush()
    return make_segments(rows)
