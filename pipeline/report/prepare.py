"""Turn a coded table into the one anonymised frame every output is written from.

The HTML report, the XLSX workbook, the review loop and the REFI-QDA export all
show the same answers. They read them from :func:`prepare_coded` only, so the
rules that keep a report safe to pass around live in one place:

* the text shown is the anonymised column (``<text>_anonymised``); when the coded
  table has none, the answers are anonymised here with the project's NER;
* respondents (council or municipality names) are replaced by pseudonyms
  ("Råd 01" ...), and any occurrence of a respondent's own name that the NER
  missed is replaced by ``[kommunen]`` as a second safety net;
* every answer gets a stable ``answer_id`` so reviewers' corrections can be
  matched back to it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook
from pipeline.tables import read_table

#: Columns of the prepared frame before the per-theme columns.
BASE_COLUMNS = ("answer_id", "respondent", "question", "text")
#: Control characters that XML (the .qdpx) and XLSX cannot hold; exports from Excel
#: sometimes carry them (vertical tab for a line break inside a cell).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Words that often follow a place name in a respondent column and are dropped to
#: find the bare name ("Vejle Kommune" -> "Vejle").
_RESPONDENT_SUFFIXES = re.compile(
    r"\s+(kommune|kommunes|integrationsråd|integrationsrådet|byråd|råd)$", re.IGNORECASE
)


class ReportInputError(ValueError):
    """The coded table cannot be reported on; the message names the file and the problem."""


@dataclass
class CodedAnswers:
    """Anonymised answers with theme flags and scores, ready for every output.

    ``frame`` has :data:`BASE_COLUMNS`, one 0/1 int column per theme id, one
    ``p_<theme>`` float column per theme id (NaN when the table had no scores) and
    ``themes`` (ids joined by ``;``). ``input_sha256`` identifies the coded table.
    """

    frame: pd.DataFrame
    theme_ids: list[str]
    labels: dict[str, str]
    input_sha256: str
    source: str
    anonymised_here: bool

    @property
    def n_respondents(self) -> int:
        return int(self.frame["respondent"].nunique())

    def score_columns(self) -> list[str]:
        return [f"p_{t}" for t in self.theme_ids]

    def has_scores(self) -> bool:
        return bool(self.frame[self.score_columns()].notna().any().any())


def read_coded(coded: pd.DataFrame | str | Path) -> tuple[pd.DataFrame, str, str]:
    """Return ``(frame, sha256, source)`` for a coded table given as a frame or a file.

    The hash of a file is the hash of its bytes (what the method note prints and
    what names the review corpus file); a frame is hashed through its CSV form.
    """
    if isinstance(coded, pd.DataFrame):
        data = coded.to_csv(index=False).encode("utf-8")
        return coded.copy(), hashlib.sha256(data).hexdigest(), "<DataFrame>"
    path = Path(coded)
    frame = read_table(path)
    return frame, hashlib.sha256(path.read_bytes()).hexdigest(), str(path)


def prepare_coded(
    coded: pd.DataFrame | str | Path,
    codebook: Codebook,
    *,
    text_column: str = "answer",
    respondent: str = "respondent",
    question: str = "question",
    nlp=None,
) -> CodedAnswers:
    """Validate a coded table and return its anonymised, pseudonymised form.

    ``text_column`` names the raw text column (``answer`` for survey tables; ``text``
    is used when the table is a segment table). Raises :class:`ReportInputError`
    listing the columns found when a needed one is missing.
    """
    frame, sha, source = read_coded(coded)
    if frame.empty:
        raise ReportInputError(f"{source}: the coded table has no rows")
    columns = list(frame.columns)
    raw_col = _pick_text_column(columns, text_column, source)
    theme_ids = list(codebook.theme_ids)
    flags = _theme_flags(frame, theme_ids, source)
    scores = _theme_scores(frame, theme_ids, source)

    raw_text = frame[raw_col].fillna("").astype(str) if raw_col in frame else None
    anon_col = f"{raw_col}_anonymised"
    if anon_col in frame:
        texts = frame[anon_col].fillna("").astype(str).tolist()
        anonymised_here = False
    elif raw_text is not None:
        texts = anonymize(raw_text.tolist(), nlp=nlp)
        anonymised_here = True
    else:
        raise ReportInputError(
            f"{source}: no text column {raw_col!r} or {anon_col!r}; columns found: {columns}"
        )

    if respondent in frame:
        real_names = frame[respondent].fillna("").astype(str)
    else:  # every answer its own respondent
        real_names = pd.Series([f"svar {i + 1}" for i in range(len(frame))], index=frame.index)
    pseudonyms = pseudonymise(real_names.tolist())
    texts = scrub_known_names(texts, sorted(set(real_names) - {""}))
    texts = [_CONTROL.sub(" ", t) for t in texts]

    if question in frame:
        questions = frame[question].fillna("").astype(str)
    else:
        questions = pd.Series("", index=frame.index)
    if "answer_id" in frame and frame["answer_id"].astype(str).str.strip().ne("").all():
        ids = frame["answer_id"].astype(str).tolist()
        if len(set(ids)) != len(ids):
            raise ReportInputError(f"{source}: column 'answer_id' has duplicate values")
    else:
        raw = raw_text if raw_text is not None else pd.Series(texts, index=frame.index)
        ids = _unique([answer_key(*k) for k in zip(real_names, questions, raw, strict=True)])

    out = pd.DataFrame(
        {"answer_id": ids, "respondent": pseudonyms, "question": questions.tolist(), "text": texts}
    )
    for t in theme_ids:
        out[t] = flags[t].to_numpy()
    for t in theme_ids:
        out[f"p_{t}"] = scores[t].to_numpy()
    flags_matrix = out[theme_ids].to_numpy()
    out["themes"] = [";".join(t for t, f in zip(theme_ids, row, strict=True) if f == 1)
                     for row in flags_matrix]  # fmt: skip
    return CodedAnswers(
        frame=out,
        theme_ids=theme_ids,
        labels=dict(codebook.labels),
        input_sha256=sha,
        source=source,
        anonymised_here=anonymised_here,
    )


def anonymize(texts: Sequence[str], nlp=None) -> list[str]:
    """Anonymise ``texts`` with the project's NER (names, municipalities, CPR, e-mail ...)."""
    from pipeline.nlp import anonymize_texts  # the NER stage; imported when needed

    return [a.text for a in anonymize_texts(list(texts), nlp=nlp)]


def pseudonymise(names: Sequence[str]) -> list[str]:
    """Map each distinct respondent to "Råd NN", numbered in order of first appearance."""
    order: dict[str, int] = {}
    for name in names:
        order.setdefault(name, len(order) + 1)
    width = max(2, len(str(len(order))))
    return [f"Råd {order[n]:0{width}d}" for n in names]


def scrub_known_names(texts: Sequence[str], names: Sequence[str]) -> list[str]:
    """Replace respondents' own names left in ``texts`` with ``[kommunen]``/``[kommunens]``.

    The NER catches most place names; this catches the ones the input itself tells
    us are respondents ("Vejle Kommune" and bare "Vejle"), whatever their spelling
    case, including the genitive ("Vejles").
    """
    variants: set[str] = set()
    for name in names:
        for variant in (name.strip(), _RESPONDENT_SUFFIXES.sub("", name.strip())):
            # Codes such as "101" or "R7" are ids, not names; replacing them would
            # garble numbers in the answers.
            if sum(ch.isalpha() for ch in variant) >= 3:
                variants.add(variant)
    if not variants:
        return list(texts)
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(s?)(?!\w)", re.IGNORECASE)

    def repl(match: re.Match[str]) -> str:
        return "[kommunens]" if match.group(1) else "[kommunen]"

    return [pattern.sub(repl, t) for t in texts]


def answer_key(respondent: str, question: str, text: str) -> str:
    """A stable row key from the raw respondent, question and text (not reversible)."""
    digest = hashlib.sha256(f"{respondent}\x1f{question}\x1f{text}".encode()).hexdigest()
    return f"a-{digest[:12]}"


def _unique(keys: list[str]) -> list[str]:
    """Number repeated keys (a duplicated row of an export) "-2", "-3" ... so rows stay apart."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def _pick_text_column(columns: list[str], text_column: str, source: str) -> str:
    for cand in (text_column, "text", "answer"):
        if cand in columns or f"{cand}_anonymised" in columns:
            return cand
    raise ReportInputError(
        f"{source}: no text column {text_column!r} (or {text_column}_anonymised); "
        f"columns found: {columns}"
    )


def _theme_flags(frame: pd.DataFrame, theme_ids: list[str], source: str) -> pd.DataFrame:
    """0/1 ints per theme from the theme columns, or from ``themes`` when those are absent."""
    if all(t in frame for t in theme_ids):
        flags = frame[theme_ids].apply(pd.to_numeric, errors="coerce")
        if flags.isna().any().any() or not flags.isin([0, 1]).all().all():
            bad = [t for t in theme_ids if not flags[t].isin([0, 1]).all()]
            raise ReportInputError(f"{source}: theme column(s) {bad} must hold only 0 or 1")
        return flags.astype(int)
    if "themes" in frame:
        sets = frame["themes"].fillna("").astype(str).map(split_themes)
        unknown = sorted(set().union(*sets) - set(theme_ids)) if len(sets) else []
        if unknown:
            raise ReportInputError(
                f"{source}: column 'themes' has id(s) {unknown} not in the codebook {theme_ids}"
            )
        return pd.DataFrame({t: sets.map(lambda s, t=t: int(t in s)) for t in theme_ids})
    missing = [t for t in theme_ids if t not in frame]
    raise ReportInputError(
        f"{source}: not a coded table: theme column(s) {missing} and 'themes' are missing; "
        f"columns found: {list(frame.columns)}"
    )


def _theme_scores(frame: pd.DataFrame, theme_ids: list[str], source: str) -> pd.DataFrame:
    scores = {}
    for t in theme_ids:
        col = f"p_{t}"
        if col in frame:
            values = pd.to_numeric(frame[col].replace("", np.nan), errors="coerce")
            if values.notna().any() and ((values < 0) | (values > 1)).any():
                raise ReportInputError(f"{source}: column {col!r} has scores outside 0..1")
            scores[t] = values.astype(float)
        else:
            scores[t] = pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.DataFrame(scores, index=frame.index)


def split_themes(value: str) -> set[str]:
    """Theme ids from a ``;``-joined cell (commas tolerated); empty cell -> empty set."""
    return {p.strip() for p in re.split(r"[;,]", value or "") if p.strip()}
