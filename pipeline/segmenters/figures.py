"""Figures stated in prose: *7 ud af 17 råd*, *16/30*, *knap 73 pct.*, *47 %*.

Reports of the field give their results as counts and shares in running text,
and the only way to compare the 2004, 2017 and 2023 reports is to pull them out
with their qualifier (*knap*, *godt*, *hele*, *ca.*, *næsten*, *over*) and the
sentence they stand in. Dates (*28/12/2021*), case numbers (*2010-150914*,
*23/4512*) and differences in percentage points are not figures. Qualifiers,
number words and abbreviations are in ``corpus/extraction/figures.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from pipeline.extract_vocab import load_vocab

FIGURE_COLUMNS = [
    "doc_id", "source", "doc_type", "page", "section", "kind", "n", "m", "value",
    "qualifier", "match", "sentence", "derived",
]
#: Earlier segments searched for the counts behind a response rate.
RATE_WINDOW = 2
_COUNT = re.compile(r"(?<![\d.,/-])(\d{1,3})(?![\d/,-]|\.\d)")
_NUMBER = r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"


@lru_cache(maxsize=1)
def _patterns() -> dict:
    vocab = load_vocab("figures")
    words = {w: v for w, v in vocab["number_words"].items() if v is not None}
    word_alt = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    num = rf"(?:{_NUMBER}|(?:{word_alt})\b)"
    fillers = "|".join(sorted(map(re.escape, vocab["of_fillers"]), key=len, reverse=True))
    quals = "|".join(sorted(map(re.escape, vocab["qualifiers"]), key=len, reverse=True))
    rates = "|".join(map(re.escape, vocab["rate_words"]))
    abbreviations = {a.lower() for a in vocab["abbreviations"]}
    return {
        "n_of_m": re.compile(
            rf"(?<![\w.,])(?P<n>{num})\s+ud\s+af\s+(?:(?:{fillers})\s+)*(?P<m>{num})", re.I
        ),
        "slash": re.compile(r"(?<![\w/.,-])(?P<n>\d{1,3})\s?/\s?(?P<m>\d{1,3})(?![\w/]|[.,-]\d)"),
        "percent": re.compile(
            rf"(?<![\w.,])(?P<v>{_NUMBER})\s*(?:%|pct\.?(?![-\s]?point)|procent(?!point|del|vis))",
            re.I,
        ),
        "rate": re.compile(
            rf"\b(?:{rates})\s+(?:på|er|var|blev|lå på)\s+(?:(?:ca\.|cirka|knap|godt)\s+)?"
            rf"(?P<v>{_NUMBER})\b(?!\s*(?:%|pct|procent|ud af|/))",
            re.I,
        ),
        "qualifier": re.compile(rf"(?:^|[\s(])(?P<q>{quals})\s*$", re.I),
        "case_label": re.compile(
            r"(?:sags?nr|sag nr|j\.\s?nr|journalnr|dok\.\s?nr)\.?:?\s*$", re.I
        ),
        "words": words,
        "abbreviations": abbreviations,
    }


def _to_number(token: str) -> float | None:
    token = token.strip().lower()
    words = _patterns()["words"]
    if token in words:
        return float(words[token])
    try:
        return float(token.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` around character ``pos``.

    Sentences end at ``.``, ``!`` or ``?`` before a capital or digit, except
    after an abbreviation (*ca.*, *pct.*, *bl.a.*) listed in the vocabulary.
    """
    abbreviations = _patterns()["abbreviations"]
    start = 0
    for boundary in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9”])", text):
        before = text[: boundary.start()].rsplit(" ", 1)[-1].lower()
        if before in abbreviations or re.fullmatch(r"\d{1,2}\.", before):
            continue
        if boundary.start() >= pos:
            return text[start : boundary.start()].strip()
        start = boundary.end()
    return text[start:].strip()


def _qualifier(text: str, start: int) -> str | None:
    match = _patterns()["qualifier"].search(text[max(0, start - 20) : start])
    return match.group("q").lower() if match else None


def find_figures(text: str) -> list[dict]:
    """Every figure in ``text``: dicts with kind, n, m, value, qualifier, match, sentence.

    ``kind`` is ``n_of_m`` (value = share in percent) or ``percent``.
    """
    pats = _patterns()
    found: list[dict] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, kind: str, n, m, value) -> None:
        if any(a < match.end() and match.start() < b for a, b in taken):
            return
        taken.append((match.start(), match.end()))
        found.append({
            "kind": kind,
            "n": n,
            "m": m,
            "value": None if value is None else round(value, 1),
            "qualifier": _qualifier(text, match.start()),
            "match": match.group(0),
            "start": match.start(),
            "sentence": sentence_at(text, match.start()),
            "rate": kind == "percent" and pats["rate"].fullmatch(match.group(0)) is not None,
        })

    for match in pats["n_of_m"].finditer(text):
        n, m = _to_number(match["n"]), _to_number(match["m"])
        if n is not None and m and n <= m:
            add(match, "n_of_m", int(n), int(m), 100 * n / m)
    for match in pats["slash"].finditer(text):
        n, m = int(match["n"]), int(match["m"])
        if m and n <= m and not pats["case_label"].search(text[max(0, match.start() - 12):
                                                              match.start()]):
            add(match, "n_of_m", n, m, 100 * n / m)
    for key in ("percent", "rate"):
        for match in pats[key].finditer(text):
            value = _to_number(match["v"])
            if value is not None and value <= 100:
                add(match, "percent", None, None, value)
    return sorted(found, key=lambda f: f["start"])


def response_counts(rate: float, sentence: str, context: str) -> tuple[int, int] | None:
    """The counts behind a response rate stated without them, checked against the rate.

    *Der er udsendt spørgeskemaer til i alt 36 integrationsråd. [...] modtaget
    [...] fra 17 integrationsråd, hvilket giver en svarprocent på 47* states
    17 of 36 only through the rate: a count N in the rate's sentence (or the
    one before) and a count M in the context with ``round(100 * N / M) == rate``
    give the pair; when no pair or more than one fits, nothing is derived.
    """
    near = [int(x) for x in _COUNT.findall(sentence)]
    wide = [int(x) for x in _COUNT.findall(context)]
    pairs = {
        (n, m)
        for n in near or wide
        for m in wide
        if 0 < n < m and round(100 * n / m) == round(rate)
    }
    return pairs.pop() if len(pairs) == 1 else None


def extract_figures(segments: pd.DataFrame) -> pd.DataFrame:
    """The figure table of a segment table: one row per figure, with its provenance.

    A response rate (*svarprocent på 47*) whose counts the text gives apart
    from it also yields the derived ``n_of_m`` row (``derived=True``).
    """
    rows = []
    records = segments.to_dict("records")
    for i, seg in enumerate(records):
        text = seg.get("text")
        if not isinstance(text, str) or not (any(ch.isdigit() for ch in text) or " ud af " in text):
            continue
        base = {
            "doc_id": seg.get("doc_id"),
            "source": seg.get("source"),
            "doc_type": seg.get("doc_type"),
            "page": seg.get("page"),
            "section": seg.get("section"),
        }
        figures = find_figures(text)
        for fig in figures:
            keys = ("kind", "n", "m", "value", "qualifier", "match", "sentence")
            rows.append({**base, **{k: fig[k] for k in keys}, "derived": False})
            if not fig["rate"] or any(
                f["kind"] == "n_of_m" and f["sentence"] == fig["sentence"] for f in figures
            ):
                continue
            earlier = [
                r.get("text") or ""
                for r in records[max(0, i - RATE_WINDOW) : i]
                if r.get("doc_id") == seg.get("doc_id")
            ]
            counts = response_counts(fig["value"], fig["sentence"], " ".join([*earlier, text]))
            if counts:
                n, m = counts
                rows.append({**base, "kind": "n_of_m", "n": n, "m": m,
                             "value": round(100 * n / m, 1), "qualifier": None,
                             "match": fig["match"], "sentence": fig["sentence"], "derived": True})
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    out["page"] = pd.to_numeric(out["page"], errors="coerce")  # "" from a CSV table
    return out.astype({"n": "Int64", "m": "Int64", "page": "Int64", "value": "Float64",
                       "derived": "boolean"})
