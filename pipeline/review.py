"""The review loop: reviewers' corrections in ``report.xlsx`` become labelled data.

Reviewers fill ``corrected_themes`` on the *Kodede svar* sheet of a report
workbook. :func:`import_review` validates their theme ids against the codebook,
stores the reviewed answers (anonymised text) in
``corpus/survey/reviewed/<input-sha>.csv`` with who and when, and measures how
far the reviewers agreed with the model. ``raadskoder train`` reads that folder,
so the next model learns from the corrections.

Answers of the evaluation data (the held-out test split, the 2023
reconstruction) are never stored: a reviewed answer whose anonymised text
matches an evaluation answer, with each placeholder (``[navn]``, ``[kommunen]``
...) standing for whatever was there, is skipped and counted. The training
stage drops exact duplicates of evaluation texts too, but it cannot see through
the anonymisation.

Importing is idempotent: rows are keyed by ``answer_id`` in a file named after
the coded table the workbook came from, and a row already stored with the same
themes is left as it is, so importing the same workbook twice adds nothing.
A later workbook that changes a row's themes replaces that row (latest review wins).
"""

from __future__ import annotations

import getpass
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from pipeline.agreement import agreement_table
from pipeline.codebook import Codebook, load_codebook
from pipeline.paths import CORPUS_DIR
from pipeline.report.xlsx import CORRECTION_COLUMN, SHEET_CODED, read_metadata
from pipeline.tables import TableError, read_table

#: Columns of a reviewed-answers corpus file (what ``raadskoder train`` reads).
REVIEW_COLUMNS = ("answer_id", "question", "answer", "themes", "reviewer", "reviewed_at")
#: Anonymisation placeholders ("[navn]", "[kommunen]", "[e-mail]", "[cpr-nr.]" ...).
_PLACEHOLDER = re.compile(r"\[[a-zæøå.\-]+\]")
#: Shorter answers ("ved ikke", "ingen") recur everywhere and are not a leak.
LEAK_MIN_CHARS = 25
#: Cell values meaning "this answer has no theme".
NO_THEME = frozenset({"-", "–", "ingen", "none", "intet", "0"})


class ReviewError(ValueError):
    """A review workbook cannot be imported; the message names the file, row and problem."""


@dataclass
class ReviewResult:
    """What an import did and how reviewers and model agreed."""

    target: Path
    reviewer: str
    n_rows: int
    n_reviewed: int
    n_changed: int
    n_added: int
    n_updated: int
    n_unchanged: int
    n_evaluation_skipped: int
    n_empty_skipped: int
    agreement: pd.DataFrame


def reviewed_dir(corpus_dir: str | Path | None = None) -> Path:
    """``<corpus>/survey/reviewed`` (None = the project corpus)."""
    return Path(corpus_dir or CORPUS_DIR) / "survey" / "reviewed"


def parse_corrections(value: str, theme_ids: list[str], *, where: str) -> list[str] | None:
    """Theme ids from a ``corrected_themes`` cell in codebook order; None when empty.

    ``-``/``ingen`` mean "no theme" (an empty list). Ids are separated by ``;``
    (``,`` and whitespace tolerated) and compared case-insensitively.
    """
    text = (value or "").strip()
    if not text:
        return None
    if text.lower() in NO_THEME:
        return []
    given = [p.strip().lower() for p in re.split(r"[;,\s]+", text) if p.strip()]
    unknown = sorted(set(given) - set(theme_ids))
    if unknown:
        raise ReviewError(
            f"{where}: unknown theme id(s) {unknown} in {CORRECTION_COLUMN}; "
            f"use ids from the codebook {theme_ids} separated by ';', or '-'/'ingen' for none"
        )
    return [t for t in theme_ids if t in given]


def read_review_workbook(path: str | Path, codebook: Codebook) -> tuple[pd.DataFrame, dict]:
    """The reviewed rows of a report workbook and its metadata.

    Returns a frame with answer_id, question, answer, the model's 0/1 columns and
    ``corrected`` (list of theme ids) for rows whose ``corrected_themes`` is filled.
    """
    path = Path(path)
    if not path.is_file():
        raise ReviewError(f"{path}: no such file")
    try:
        wb = load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException
        raise ReviewError(f"{path}: not a readable .xlsx workbook: {exc}") from exc
    try:
        metadata = read_metadata(wb)
        metadata.setdefault("last_modified_by", wb.properties.lastModifiedBy or "")
        sheets = wb.sheetnames
    finally:
        wb.close()  # read-only workbooks keep the file open until closed
    if SHEET_CODED not in sheets:
        raise ReviewError(f"{path}: no sheet {SHEET_CODED!r}; sheets found: {sheets}")
    try:
        sheet = read_table(path, sheet=SHEET_CODED)
    except TableError as exc:
        raise ReviewError(str(exc)) from exc
    theme_ids = codebook.theme_ids
    needed = ["answer_id", "question", "answer", CORRECTION_COLUMN, *theme_ids]
    missing = [c for c in needed if c not in sheet.columns]
    if missing:
        raise ReviewError(
            f"{path}: sheet {SHEET_CODED!r} lacks column(s) {missing}; found {list(sheet.columns)}"
        )
    corrected = [
        parse_corrections(
            str(v), theme_ids, where=f"{path}: sheet {SHEET_CODED!r}, row {i + 2} "
            f"(answer_id {sheet.at[i, 'answer_id']})"
        )
        for i, v in enumerate(sheet[CORRECTION_COLUMN])
    ]  # fmt: skip
    sheet["corrected"] = corrected
    reviewed = sheet[sheet["corrected"].notna()].reset_index(drop=True)
    for t in theme_ids:
        reviewed[t] = pd.to_numeric(reviewed[t], errors="coerce").fillna(0).astype(int)
    return reviewed, {**metadata, "n_rows": len(sheet)}


def import_review(
    path: str | Path,
    *,
    reviewer: str | None = None,
    corpus_dir: str | Path | None = None,
    codebook: Codebook | str | Path | None = None,
    now: datetime | None = None,
    evaluation_files: list[str | Path] | None = None,
) -> ReviewResult:
    """Store the corrections of a reviewed report workbook and measure agreement.

    ``reviewer`` defaults to the workbook's "last modified by", then the login name.
    The target file is named after the coded table's SHA-256 recorded in the
    workbook (the workbook's own hash when that is missing). ``evaluation_files``
    (default: the classifier's test split and reconstruction) hold answers that
    must never become training data.
    """
    path = Path(path)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    reviewed, meta = read_review_workbook(path, codebook)
    theme_ids = codebook.theme_ids
    reviewer = reviewer or meta.get("last_modified_by") or getpass.getuser()
    stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")

    reviewer_flags = pd.DataFrame(
        {t: [int(t in c) for c in reviewed["corrected"]] for t in theme_ids}, dtype=int
    )
    agreement = agreement_table(reviewed[theme_ids], reviewer_flags, theme_ids, codebook.labels)
    model_sets = [tuple(t for t in theme_ids if row[t] == 1) for _, row in reviewed.iterrows()]
    n_changed = sum(tuple(c) != m for c, m in zip(reviewed["corrected"], model_sets, strict=True))

    leaks = evaluation_matches(reviewed["answer"].astype(str).tolist(), evaluation_files)
    key = meta.get("input_sha256") or _file_sha(path)
    target = reviewed_dir(corpus_dir) / f"{key[:16]}.csv"
    new = pd.DataFrame(
        {
            "answer_id": reviewed["answer_id"].astype(str),
            "question": reviewed["question"].astype(str),
            "answer": reviewed["answer"].astype(str),
            "themes": [";".join(c) for c in reviewed["corrected"]],
            "reviewer": reviewer,
            "reviewed_at": stamp,
        },
        columns=list(REVIEW_COLUMNS),
    )
    # Empty answers teach nothing; evaluation answers must not be trained on.
    empty = [not a.strip() for a in new["answer"]]
    keep = [not (leak or e) for leak, e in zip(leaks, empty, strict=True)]
    added, updated, unchanged = _merge_into(target, new[keep])
    return ReviewResult(
        target=target,
        reviewer=reviewer,
        n_rows=int(meta["n_rows"]),
        n_reviewed=len(reviewed),
        n_changed=int(n_changed),
        n_added=added,
        n_updated=updated,
        n_unchanged=unchanged,
        n_evaluation_skipped=int(sum(leaks)),
        n_empty_skipped=int(sum(empty)),
        agreement=agreement,
    )


def evaluation_matches(
    answers: list[str], evaluation_files: list[str | Path] | None = None
) -> list[bool]:
    """For each anonymised answer, whether it is an answer of the evaluation data.

    Placeholders match any short span, so "[navn] fra [kommunen] ..." matches the
    raw "Fatima Hassan fra Vejle Kommune ..."; texts are compared lower-cased with
    whitespace collapsed, and answers shorter than :data:`LEAK_MIN_CHARS` never match.
    """
    pool = _evaluation_texts(evaluation_files)
    out = []
    for answer in answers:
        norm = _normalise(answer)
        if len(norm) < LEAK_MIN_CHARS or not pool:
            out.append(False)
            continue
        pieces = [re.escape(p) for p in _PLACEHOLDER.split(norm)]
        pattern = re.compile(".{1,80}?".join(pieces))
        out.append(any(pattern.fullmatch(text) for text in pool))
    return out


def _evaluation_texts(files: list[str | Path] | None) -> list[str]:
    if files is None:
        from pipeline.classify.train import DEFAULT_EVALUATION

        files = list(DEFAULT_EVALUATION.values())
    texts: list[str] = []
    for f in map(Path, files):
        if f.is_file():
            frame = read_table(f)
            if "answer" in frame:
                texts += [_normalise(t) for t in frame["answer"].astype(str)]
    return [t for t in texts if len(t) >= LEAK_MIN_CHARS]


def _normalise(text: str) -> str:
    return " ".join(str(text).lower().split())


def _merge_into(target: Path, new: pd.DataFrame) -> tuple[int, int, int]:
    """Upsert ``new`` into ``target`` by answer_id; write only when something changed."""
    if target.is_file():
        old = read_table(target)
        missing = [c for c in REVIEW_COLUMNS if c not in old.columns]
        if missing:
            raise ReviewError(f"{target}: not a reviewed-answers file; lacks column(s) {missing}")
        old = old[list(REVIEW_COLUMNS)]
    else:
        old = pd.DataFrame(columns=list(REVIEW_COLUMNS))
    stored = {r.answer_id: r for r in old.itertuples(index=False)}
    added = updated = unchanged = 0
    rows = {a: r._asdict() for a, r in stored.items()}
    for r in new.itertuples(index=False):
        before = stored.get(r.answer_id)
        if before is None:
            added += 1
        elif (before.themes, before.question, before.answer) == (r.themes, r.question, r.answer):
            unchanged += 1
            continue
        else:
            updated += 1
        rows[r.answer_id] = r._asdict()
    if added or updated:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = pd.DataFrame(list(rows.values()), columns=list(REVIEW_COLUMNS))
        out.to_csv(target, index=False, encoding="utf-8")
    return added, updated, unchanged


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
