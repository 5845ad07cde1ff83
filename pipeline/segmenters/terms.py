"""Segment terms of reference (kommissorier) into fields, and profile them.

A kommissorium is a short document of named parts (*Formål*, *Opgaver*,
*Bemanding og udpegning*, *Økonomi*, *Sekretariatsbetjening*, *Lovgrundlag*,
*Godkendt af kommunalbestyrelsen*). :func:`segment_terms` gives each part's
heading and the text under it (kind ``field``, or ``list_item`` for listed
purposes and tasks) with the field's key in an extra ``field`` column;
:func:`profile_terms` reads the structured record ``raadskoder profile`` prints.
The heading words, number words and cues are in ``corpus/extraction/terms.yaml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd

from pipeline.clean import CleanDocument, collapse_ws
from pipeline.extract_vocab import load_vocab
from pipeline.schema import make_segments
from pipeline.segmenters.base import (
    TextLine,
    block_rows,
    blocks,
    segment_row,
    strip_bullet,
    text_lines,
)

MAX_FIELD_HEADING_WORDS = 7


@lru_cache(maxsize=1)
def _field_cues() -> list[tuple[str, str]]:
    """``(cue, key)`` pairs, longest cue first so *rådets opgaver* beats *opgaver*."""
    pairs = [(cue, key) for key, cues in load_vocab("terms")["fields"].items() for cue in cues]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def field_of(text: str) -> str | None:
    """The field key a heading line opens (``Bemanding og udpegning`` -> ``members``)."""
    text = text.strip().rstrip(":").strip()
    words = text.split()
    if not words or len(words) > MAX_FIELD_HEADING_WORDS or text.endswith((".", ",")):
        return None
    lowered = text.lower()
    for cue, key in _field_cues():
        if lowered == cue or lowered.startswith(cue + " "):
            return key
    return None


def segment_terms(clean: CleanDocument, doc_type: str = "terms") -> pd.DataFrame:
    """Segments of a kommissorium: field headings, then the field's text and list items."""
    lines = text_lines(clean)
    rows: list[dict] = []
    body: list[TextLine] = []
    state = {"field": "", "section": ""}

    def flush() -> None:
        for row in block_rows(clean, blocks(body), doc_type, **state):
            if row["kind"] == "paragraph" and state["field"]:
                row["kind"] = "field"
            rows.append(row)
        body.clear()

    for line in lines:
        key = field_of(line.text)
        if key:
            flush()
            state = {"field": key, "section": line.text.strip().rstrip(":")}
            rows.append(segment_row(clean, line.start, line.end, "heading", doc_type, **state))
        elif not state["field"] and _is_title(line):
            flush()
            rows.append(segment_row(clean, line.start, line.end, "heading", doc_type, **state))
        else:
            body.append(line)
    flush()
    return make_segments(rows)


def _is_title(line: TextLine) -> bool:
    text = line.text.strip()
    return bool(text) and len(text) < 80 and not text.endswith((".", ":", ",")) and (
        line.heading_hint or text.lower().startswith("kommissorium")
    )


# ------------------------------------------------------------------- profile


def profile_terms(clean: CleanDocument) -> dict:
    """A structured record of a kommissorium, as ``raadskoder profile`` prints it.

    Keys: ``purposes`` and ``tasks`` (lists), ``members`` (``max``,
    ``nominated``, ``appointed_directly``, ``how_appointed``, ``appointment``
    — the sentence it was read from), ``economy``,
    ``secretariat``, ``legal_basis`` (``law``, ``paragraph``, ``number``,
    ``date`` in ISO form, ``text``), ``gives_consultation_answers`` (bool) and
    ``approval_date`` (ISO). Missing parts are ``None`` or empty lists.
    """
    segs = segment_terms(clean)
    fields: dict[str, list[dict]] = {}
    for row in segs.to_dict("records"):
        if row["kind"] != "heading" and row.get("field"):
            fields.setdefault(row["field"], []).append(row)

    def text_of(key: str) -> str:
        return " ".join(r["text"] for r in fields.get(key, []))

    full = collapse_ws(clean.text)
    legal_text = text_of("legal_basis") or full
    approval_text = text_of("approval")
    return {
        "source": clean.source,
        "doc_id": clean.doc_id,
        "purposes": _listed(clean, fields.get("purposes", [])),
        "tasks": _listed(clean, fields.get("tasks", [])),
        "members": parse_members(text_of("members") or full),
        "economy": text_of("economy") or None,
        "secretariat": text_of("secretariat") or None,
        "legal_basis": parse_legal_basis(legal_text),
        "gives_consultation_answers": gives_consultation_answers(full),
        "approval_date": parse_date(approval_text) or _approval_fallback(full),
    }


def _listed(clean: CleanDocument, rows: list[dict]) -> list[str]:
    """The list items of a field, each as its first wrapped line(s); else its sentences."""
    items = [r for r in rows if r["kind"] == "list_item"]
    if not items:
        text = " ".join(r["text"] for r in rows)
        return [s for s in re.split(r"(?<=[.;])\s+", text) if len(s) > 15]
    out = []
    for row in items:
        raw = clean.text[row["start"] : row["end"]].split("\n")
        head = [raw[0]]
        for nxt in raw[1:]:  # a wrapped line goes on in lower case
            if nxt.strip()[:1].islower() and not head[-1].rstrip().endswith((".", ":")):
                head.append(nxt)
            else:
                break
        out.append(strip_bullet(collapse_ws(" ".join(head))))
    return out


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return load_vocab("terms")["number_words"].get(token.lower())


_NUM = r"(\d{1,3}|[a-zæøå]+)"


def parse_members(text: str) -> dict:
    """Membership: the maximum, how many are nominated and how many appointed directly.

    ``består af op til 15 medlemmer ... Op til 13 medlemmer udpeges ... efter
    indstilling, og 2 udpeges direkte`` -> ``{"max": 15, "nominated": 13,
    "appointed_directly": 2, "how_appointed": "13 nominated + 2 appointed directly",
    ...}``. Clauses are split at ``, og`` / ``;`` so each count is read next to
    its own cue.
    """
    vocab = load_vocab("terms")
    out: dict = {"max": None, "nominated": None, "appointed_directly": None, "appointment": None}
    total = re.search(
        rf"(?:består af|op til|maksimalt|højst|i alt)\s+(?:op til\s+|maksimalt\s+|højst\s+)?"
        rf"{_NUM}\s+medlemmer",
        text,
        re.I,
    )
    if total and _number(total.group(1)):
        out["max"] = _number(total.group(1))
    for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])", text):
        clauses = re.split(r",\s*(?:og|mens|samt|hvoraf)\s+|;\s*", sentence)
        for clause in clauses:
            low = clause.lower()
            count = re.search(rf"\b{_NUM}\s+(?:medlemmer\s+|medlem\s+|repræsentanter\s+)?udpeg",
                              low)
            n = _number(count.group(1)) if count else None
            if n is None:
                continue
            if any(cue in low for cue in vocab["direct_cues"]):
                out["appointed_directly"] = n
                out["appointment"] = sentence.strip()
            elif any(cue in low for cue in vocab["nominated_cues"]):
                out["nominated"] = n
                out["appointment"] = sentence.strip()
    parts = []
    if out["nominated"] is not None:
        parts.append(f"{out['nominated']} nominated")
    if out["appointed_directly"] is not None:
        parts.append(f"{out['appointed_directly']} appointed directly")
    out["how_appointed"] = " + ".join(parts) or None
    return out


def parse_date(text: str) -> str | None:
    """``28. december 2021`` / ``28/12/2021`` / ``28-12-2021`` -> ``2021-12-28``; else ``None``."""
    months = load_vocab("terms")["months"]
    prose = re.search(r"\b(\d{1,2})\.\s*([a-zæøå]+)\.?\s+(\d{4})\b", text, re.I)
    if prose and prose.group(2).lower() in months:
        return _iso(int(prose.group(3)), months[prose.group(2).lower()], int(prose.group(1)))
    numeric = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", text)
    if numeric:
        return _iso(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_legal_basis(text: str) -> dict:
    """Law, paragraph, law number and its date: ``integrationslovens § 42``, ``lov nr. 2623
    af 28. december 2021`` -> ``{"law": "integrationsloven", "paragraph": "§ 42",
    "number": "2623", "date": "2021-12-28", ...}``."""
    out: dict = {"law": None, "paragraph": None, "number": None, "date": None, "text": None}
    text = collapse_ws(text)
    law = re.search(r"\b([a-zæøå]+loven?s?)\s+§\s*(\d+\s?[a-z]?)\b", text, re.I)
    if law:
        name = law.group(1).lower()
        out["law"] = name[:-1] if name.endswith("lovens") else name
        out["paragraph"] = "§ " + law.group(2).strip()
    number = re.search(r"\b[a-zæøå]*lov(?:en)?\s+nr\.?\s*(\d+)(?:\s+af\s+(.{6,25}?\d{4}))?",
                       text, re.I)
    if number:
        out["number"] = number.group(1)
        out["date"] = parse_date(number.group(2) or "")
    if law or number:
        out["text"] = text
    return out


def gives_consultation_answers(text: str) -> bool:
    """Whether the council gives consultation answers (høringssvar) or has høringsret."""
    vocab = load_vocab("terms")
    low = text.lower()
    if any(neg in low for neg in vocab["consultation_negations"]):
        return False
    return any(re.search(cue, low) for cue in vocab["consultation_cues"])


def _approval_fallback(text: str) -> str | None:
    for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])", text):
        if re.search(r"\b(godkendt|vedtaget)\b", sentence, re.I):
            found = parse_date(sentence)
            if found:
                return found
    return None
