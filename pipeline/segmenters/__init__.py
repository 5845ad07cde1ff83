"""Segmenters: one module per document type, chosen by :func:`detect_doc_type`.

``segment_document(clean, doc_type="auto")`` returns a segment table (see
:mod:`pipeline.schema`) whose every row satisfies
``row.text == collapse_ws(clean.text[row.start:row.end])``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import pandas as pd

from pipeline.clean import CleanDocument
from pipeline.extract_vocab import load_vocab
from pipeline.segmenters.base import text_lines
from pipeline.segmenters.minutes import find_items, segment_minutes
from pipeline.segmenters.report import segment_report
from pipeline.segmenters.terms import profile_terms, segment_terms

SEGMENTERS: dict[str, Callable[..., pd.DataFrame]] = {
    "report": segment_report,
    "minutes": segment_minutes,
    "terms": segment_terms,
}
#: Types a user may ask for; ``unknown`` documents are segmented like reports.
DOC_TYPE_CHOICES = ("auto", "report", "minutes", "terms")


@lru_cache(maxsize=1)
def _cues() -> dict:
    vocab = load_vocab("doc_types")
    compiled = {
        doc_type: [
            (re.compile(c["cue"], re.I | re.M), float(c["weight"]), int(c.get("max", 1)))
            for c in cues
        ]
        for doc_type, cues in vocab["types"].items()
    }
    return {"types": compiled, "min_score": vocab["min_score"],
            "item_weight": vocab["agenda_item_weight"]}


def doc_type_scores(clean: CleanDocument) -> dict[str, float]:
    """Cue scores per document type (cues and weights from ``doc_types.yaml``)."""
    cues = _cues()
    scores = {}
    for doc_type, patterns in cues["types"].items():
        score = 0.0
        for pattern, weight, cap in patterns:
            score += weight * min(cap, len(pattern.findall(clean.text)))
        scores[doc_type] = score
    items = [it for it in find_items(text_lines(clean)) if it.case_no]
    scores["minutes"] = scores.get("minutes", 0.0) + cues["item_weight"] * min(3, len(items))
    return scores


def detect_doc_type(clean: CleanDocument) -> str:
    """``report``, ``minutes``, ``terms`` or ``unknown`` from the text's cues."""
    scores = doc_type_scores(clean)
    best = max(scores, key=scores.get)
    return best if scores[best] >= _cues()["min_score"] else "unknown"


def segment_document(clean: CleanDocument, doc_type: str = "auto") -> pd.DataFrame:
    """Segment ``clean`` as ``doc_type`` (``auto`` detects it; ``unknown`` reads as a report)."""
    if doc_type == "auto":
        doc_type = detect_doc_type(clean)
    if doc_type not in (*SEGMENTERS, "unknown"):
        raise ValueError(f"unknown document type {doc_type!r}; expected one of {DOC_TYPE_CHOICES}")
    segmenter = SEGMENTERS.get(doc_type, segment_report)
    return segmenter(clean, doc_type=doc_type)


__all__ = [
    "DOC_TYPE_CHOICES",
    "detect_doc_type",
    "doc_type_scores",
    "profile_terms",
    "segment_document",
]
