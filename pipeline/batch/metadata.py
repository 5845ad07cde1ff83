"""Municipality and year of an archive document, settled by one documented rule.

Archives are usually filed by municipality and year, and a folder name is the
archivist's explicit statement, so the path is asked first; the text is the
fallback for files dumped in one folder:

Municipality
    1. a path component (folder or file name, split at ``_ - . space``) that is
       a municipality of ``corpus/gazetteers/municipalities.csv`` (name,
       genitive, official name or variant) -> ``municipality_from = "path"``;
    2. else the most frequent MUNICIPALITY entity of the document (NER stage),
       mapped to the municipality's name -> ``"entities"``;
    3. else the first "<Name> Kommune" on the first page -> ``"text"``.
Year
    1. the first year 1970-2099 in the file name, else in the nearest folder name
       that has one -> ``"path"``;
    2. else the first year (alone or in a date) on the first page -> ``"text"``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.paths import GAZETTEER_DIR

_YEAR = re.compile(r"(?<!\d)(19[7-9]\d|20\d\d)(?!\d)")
_KOMMUNE = re.compile(
    r"\b([A-ZÆØÅ][\wæøåÆØÅ-]+(?:[ -][A-ZÆØÅ][\wæøå]+)?)\s+(?:Kommune|Regionskommune)\b"
)
_TOKEN_SPLIT = re.compile(r"[_\-.\s]+")


@functools.lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    """Lower-cased name, genitive, official name and variants -> the municipality's name."""
    table = pd.read_csv(GAZETTEER_DIR / "municipalities.csv", dtype=str, keep_default_na=False)
    names: dict[str, str] = {}
    for row in table.to_dict("records"):
        forms = [row["name"], row.get("genitive", ""), row.get("official", "")]
        forms += [v for v in str(row.get("variants", "")).split("|") if v]
        for form in forms:
            if form:
                names.setdefault(form.lower(), row["name"])
    return names


def municipality_of(name: str) -> str | None:
    """The municipality a surface form names, or None."""
    known = municipality_names()
    key = re.sub(r"\s+(regions)?kommunes?$", "", name.strip().lower())
    return known.get(name.strip().lower()) or known.get(key)


def place_and_year(path: str | Path, first_page: str, entity_names: list[str]) -> dict:
    """``municipality``, ``municipality_from``, ``year`` and ``year_from`` of one document."""
    out: dict = {"municipality": None, "municipality_from": None,
                 "year": None, "year_from": None}
    parts = Path(path).parts
    for part in reversed(parts):
        stem = Path(part).stem
        candidates = [stem, *_TOKEN_SPLIT.split(stem)]
        found = next((m for c in candidates if c and (m := municipality_of(c))), None)
        if found:
            out.update(municipality=found, municipality_from="path")
            break
    if out["municipality"] is None:
        mapped = [m for n in entity_names if (m := municipality_of(n))]
        if mapped:
            out.update(municipality=Counter(mapped).most_common(1)[0][0],
                       municipality_from="entities")
    if out["municipality"] is None:
        for match in _KOMMUNE.finditer(first_page):
            found = municipality_of(match.group(1))
            if found:
                out.update(municipality=found, municipality_from="text")
                break
    for part in reversed(parts):
        match = _YEAR.search(part)
        if match:
            out.update(year=int(match.group(1)), year_from="path")
            break
    if out["year"] is None and (match := _YEAR.search(first_page)):
        out.update(year=int(match.group(1)), year_from="text")
    return out
