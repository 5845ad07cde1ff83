"""Theme counts over an archive run: per municipality, year and document type.

The unit is the *document*, as the survey's unit is the respondent: a minutes
document counts for a theme when at least one of its coded segments has it,
and ``base`` is the number of documents of the group; this is
:func:`pipeline.aggregate.count_themes` with ``respondent = doc_id``, applied
per group. ``segments`` adds how many coded segments carry the theme.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.batch import store

GROUPS = ("municipality", "year", "doc_type")
COUNT_COLUMNS = {
    "municipality": "string", "year": "Int64", "doc_type": "string", "theme": "string",
    "label": "string", "documents": "Int64", "base": "Int64", "share": "float64",
    "segments": "Int64",
}


def theme_counts(codes: pd.DataFrame, documents: pd.DataFrame, theme_ids: list[str],
                 codebook=None) -> pd.DataFrame:
    """One row per group x theme: documents with the theme, base, share and segments."""
    from pipeline.aggregate import count_themes
    from pipeline.batch.manifest import typed

    if codes.empty or not theme_ids:
        return typed(pd.DataFrame(), COUNT_COLUMNS)
    meta = documents[["doc_id", "municipality", "year"]].drop_duplicates("doc_id")
    coded = codes.merge(meta, on="doc_id", how="left")
    keys = [coded[g].astype("string").fillna("(unknown)") for g in GROUPS]
    labels = {t: codebook.label(t) for t in theme_ids} if codebook is not None else None
    frames = []
    for group, part in coded.groupby(keys, sort=True):
        counted = count_themes(part, theme_ids, respondent="doc_id", labels=labels)
        counted = counted.rename(columns={"count": "documents"})
        counted["segments"] = [int(part[t].fillna(0).astype(int).sum()) for t in counted["theme"]]
        for name, value in zip(GROUPS, group, strict=True):
            counted[name] = pd.NA if value == "(unknown)" else value
        frames.append(counted)
    out = pd.concat(frames, ignore_index=True)
    out["year"] = pd.to_numeric(out["year"], errors="coerce")
    return typed(out, COUNT_COLUMNS)


def coded_for_report(outdir: Path) -> pd.DataFrame:
    """Coded segments with their text and a ``respondent`` for the report.

    Survey answers keep their respondent; a document's segments get its
    municipality (else its doc_id) as respondent, so "N ud af M" counts
    municipalities for minutes as it counts councils for surveys.
    """
    codes = store.read_table_parts(outdir, "codes")
    if codes.empty:
        return codes
    segments = store.read_table_parts(outdir, "segments")
    documents = store.read_table_parts(outdir, "documents")
    text = segments[["doc_id", "seg", "source", "page", "section", "item_title", "text",
                     "text_anonymised"]]
    coded = codes.merge(text, on=["doc_id", "seg"], how="left")
    coded = coded.merge(documents[["doc_id", "municipality", "year"]].drop_duplicates("doc_id"),
                        on="doc_id", how="left")
    fallback = coded["municipality"].fillna(coded["doc_id"])
    coded["respondent"] = coded["respondent"].fillna(fallback)
    coded["answer_id"] = coded["doc_id"] + ":" + coded["seg"].astype(str)
    return coded
