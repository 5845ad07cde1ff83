"""Training the theme classifier from the labelled corpus, with an honest model card.

The training data are the labelled answer files in ``corpus/survey/train/`` plus
reviewer corrections in ``corpus/survey/reviewed/``. The held-out test split and
the 2023 reconstruction are evaluation data: :func:`load_training_data` refuses
them by name, and drops any training row whose text also occurs in them, also
behind anonymisation placeholders (a reviewer may have corrected a coded,
anonymised evaluation answer), so that no figure in the card is measured on
text the model was trained on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import platform
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sklearn.model_selection import KFold, LeaveOneGroupOut

from pipeline.classify.councils import (
    choose_council_gates,
    council_counts,
    fragile_councils,
    gate_codes,
    nested_gate_check,
)
from pipeline.classify.evaluate import evaluate_model, theme_metrics
from pipeline.classify.features import normalize_text
from pipeline.classify.labels import themes_to_matrix
from pipeline.classify.model import ThemeClassifier
from pipeline.codebook import Codebook
from pipeline.paths import PROJECT_ROOT, SURVEY_DIR
from pipeline.survey import questionnaire
from pipeline.tables import read_table

TRAIN_DIRS = (SURVEY_DIR / "train", SURVEY_DIR / "reviewed")
TEST_SPLIT = SURVEY_DIR / "test.csv"
RECONSTRUCTION_GOLD = SURVEY_DIR / "reconstruction_2023_gold.csv"
WRITERS_FILE = SURVEY_DIR / "writers.yaml"
ANSWER_SETS_FILE = SURVEY_DIR / "answer_sets.yaml"
DEFAULT_EVALUATION = {"test": TEST_SPLIT, "reconstruction": RECONSTRUCTION_GOLD}
#: Evaluation files by name: never training data, wherever they are.
EVALUATION_NAMES = ("test.csv",)
EVALUATION_PREFIXES = ("reconstruction_",)
TRAIN_COLUMNS = ("answer", "themes")
#: Anonymisation placeholders ("[navn]", "[kommunen]", "[cpr-nr.]" ...), lower-cased.
_PLACEHOLDER = re.compile(r"\[[a-zæøå.\-]+\]")
#: Shorter texts ("ved ikke", "-") legitimately recur across files; only longer
#: ones are treated as leaked evaluation answers.
LEAK_MIN_CHARS = 25
#: Outer folds of the random cross-validation that the card reports.
OUTER_FOLDS = 5
LIBRARIES = ("scikit-learn", "numpy", "scipy", "pandas", "snowballstemmer", "joblib", "pyyaml")


class TrainingDataError(ValueError):
    """Training input is missing, malformed or is evaluation data."""


@dataclass
class TrainingData:
    """Answers and labels ready for ``fit``, with where they came from."""

    frame: pd.DataFrame
    texts: list[str]
    Y: np.ndarray
    files: list[Path]
    sha256: str
    dropped_leaks: int


def is_evaluation_file(path: str | Path) -> bool:
    """True for the held-out test split and the reconstruction files."""
    name = Path(path).name.lower()
    return name in EVALUATION_NAMES or name.startswith(EVALUATION_PREFIXES)


def training_files(sources: Sequence[str | Path] | None = None) -> list[Path]:
    """The CSV files to train on: given files, ``*.csv`` of given folders, or the defaults."""
    sources = list(sources) if sources else list(TRAIN_DIRS)
    files: list[Path] = []
    for src in map(Path, sources):
        if src.is_dir():
            files.extend(sorted(p for p in src.glob("*.csv") if not is_evaluation_file(p)))
        elif src.is_file():
            files.append(src)
        elif src not in TRAIN_DIRS:
            raise TrainingDataError(f"{src}: no such training file or folder")
    if not files:
        raise TrainingDataError(f"no training files found in {[str(s) for s in sources]}")
    return files


def files_sha256(files: Iterable[str | Path]) -> str:
    """SHA-256 over the training files' names and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_training_data(
    files: Sequence[str | Path],
    codebook: Codebook,
    *,
    exclude_texts: Iterable[str] = (),
) -> TrainingData:
    """Read labelled answer files (``answer``, ``themes`` columns) into texts and ``Y``.

    Refuses evaluation files (:func:`is_evaluation_file`). Later files override
    earlier rows with the same ``answer_id`` (reviewer corrections come after the
    training batches). Rows whose normalised text is in ``exclude_texts`` are
    dropped and counted.
    """
    files = [Path(f) for f in files]
    bad = [str(f) for f in files if is_evaluation_file(f)]
    if bad:
        raise TrainingDataError(
            f"refusing to train on evaluation data: {bad} (the test split and the "
            "reconstruction are never training data)"
        )
    frames = []
    for f in files:
        df = read_table(f)
        missing = [c for c in TRAIN_COLUMNS if c not in df.columns]
        if missing:
            raise TrainingDataError(
                f"{f}: missing column(s) {missing}; columns found: {list(df.columns)}"
            )
        themes_to_matrix(df["themes"], codebook.theme_ids, source=str(f))  # validate ids
        df = df.assign(_file=f.name)
        frames.append(df)
    data = pd.concat(frames, ignore_index=True)
    if "answer_id" in data.columns:
        ids = data["answer_id"].fillna("").astype(str)
        has_id = ids != ""
        data = pd.concat([data[has_id].drop_duplicates("answer_id", keep="last"), data[~has_id]])
        data = data.sort_index()
    leaked = pd.Series(_leaks(data["answer"].tolist(), exclude_texts), index=data.index)
    data = data[~leaked].reset_index(drop=True)
    return TrainingData(
        frame=data,
        texts=data["answer"].astype(str).tolist(),
        Y=themes_to_matrix(data["themes"], codebook.theme_ids),
        files=files,
        sha256=files_sha256(files),
        dropped_leaks=int(leaked.sum()),
    )


def _leaks(texts: Sequence[object], exclude_texts: Iterable[str]) -> list[bool]:
    """Which ``texts`` are (anonymised versions of) one of ``exclude_texts``.

    Texts are compared normalised. A training text with anonymisation
    placeholders (a reviewed answer: "[navn] fra [kommunen] ...") matches an
    excluded text when each placeholder stands for a short stretch of it.
    """
    pool = {k for k in map(_leak_key, exclude_texts) if k}
    out = []
    for text in texts:
        key = _leak_key(text)
        if not key or not pool:
            out.append(False)
        elif key in pool:
            out.append(True)
        elif _PLACEHOLDER.search(key):
            pieces = [re.escape(p) for p in _PLACEHOLDER.split(key)]
            rx = re.compile(".{1,80}?".join(pieces))
            out.append(any(rx.fullmatch(t) for t in pool))
        else:
            out.append(False)
    return out


def _leak_key(text: object) -> str:
    norm = normalize_text(str(text or ""))
    return norm if len(norm) >= LEAK_MIN_CHARS else ""


def evaluation_sets(
    paths: dict[str, Path] | None = None,
) -> dict[str, pd.DataFrame]:
    """The gold evaluation tables that exist (default: test split and reconstruction)."""
    paths = paths if paths is not None else DEFAULT_EVALUATION
    return {name: read_table(p) for name, p in paths.items() if Path(p).is_file()}


def writer_groups(files: Sequence[str], path: str | Path = WRITERS_FILE) -> np.ndarray:
    """The writer of each row, from its file name and the patterns in ``writers.yaml``
    (or another file of the same form: ``answer_sets.yaml``).

    Rows of files that match no writer's pattern (reviewers' corrections, a
    user's own corpus without a ``writers.yaml``) get ``"other"``.
    """
    writers: Any = {}
    if Path(path).is_file():
        with open(path, encoding="utf-8") as fh:
            writers = yaml.safe_load(fh) or {}
    if not isinstance(writers, dict) or not all(isinstance(v, list) for v in writers.values()):
        raise TrainingDataError(f"{path}: expected a mapping of writer -> list of file patterns")

    def writer(name: str) -> str:
        for who, patterns in writers.items():
            if any(fnmatch.fnmatch(name, p) for p in patterns):
                return str(who)
        return "other"

    return np.array([writer(Path(f).name) for f in files], dtype=object)


def cross_validate(
    params: dict[str, Any], codebook: Codebook, texts: list[str], Y: np.ndarray, **split: Any
) -> dict[str, Any]:
    """Macro/micro-F1 of :func:`out_of_fold_scores` (``split``: its ``folds``,
    ``groups`` and ``fit_groups``) and the number of outer folds."""
    proba, thresholds = out_of_fold_scores(params, codebook, texts, Y, **split)
    result = theme_metrics(Y, decide_out_of_fold(proba, thresholds, Y.dtype), codebook.theme_ids)
    groups = split.get("groups")
    result["folds"] = len(set(groups)) if groups is not None else split.get("folds", OUTER_FOLDS)
    return result


def decide_out_of_fold(
    proba: np.ndarray, thresholds: np.ndarray, dtype: Any = np.int8
) -> np.ndarray:
    """0/1 codes of out-of-fold scores: the probability at or above the answer's own fold
    model's threshold (what that model's ``predict`` would have said)."""
    return (np.asarray(proba) >= np.asarray(thresholds)).astype(dtype)


def out_of_fold_scores(
    params: dict[str, Any],
    codebook: Codebook,
    texts: list[str],
    Y: np.ndarray,
    *,
    folds: int = OUTER_FOLDS,
    groups: Sequence[str] | None = None,
    fit_groups: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of every answer by a model that did not see it, and that model's
    thresholds per answer (shape of ``Y`` both): the outer CV of the whole procedure,
    thresholds tuned inside each fold.

    The thresholds of each outer fold's model come from CV on that fold's
    training part only, so scores of these codes are not flattered by threshold
    choice. With ``groups`` (the writer of each answer, :func:`writer_groups`) each
    outer fold holds out one whole group: the codes then say how well a model does
    on a writer it never saw, which random folds over-state. ``fit_groups``
    (default: ``groups``) are passed on to each fold's ``fit`` (for
    ``threshold_folds="groups"``).
    """
    texts_arr = np.array(texts, dtype=object)
    if groups is not None:
        splits = list(LeaveOneGroupOut().split(texts_arr, groups=np.asarray(groups)))
    else:
        outer = KFold(n_splits=folds, shuffle=True, random_state=params.get("random_state", 0))
        splits = list(outer.split(texts_arr))
    if fit_groups is None:
        fit_groups = groups
    fit_groups = None if fit_groups is None else np.asarray(fit_groups, dtype=object)
    proba = np.zeros(Y.shape)
    thresholds = np.zeros(Y.shape)
    for train_idx, test_idx in splits:
        model = ThemeClassifier(codebook, **params).fit(
            list(texts_arr[train_idx]), Y[train_idx],
            None if fit_groups is None else list(fit_groups[train_idx]),
        )
        proba[test_idx] = model.predict_proba(list(texts_arr[test_idx]))
        thresholds[test_idx] = model.threshold_array
    return proba, thresholds


#: ``answer_id`` of a training answer: batch prefix and running number (``tr-070-013``).
_ANSWER_ID = re.compile(r"^(?P<batch>.+)-(?P<n>\d+)$")


def answer_set_keys(
    frame: pd.DataFrame, questions: Sequence[str], path: str | Path = ANSWER_SETS_FILE
) -> list[str | None]:
    """The council of each answer that belongs to a whole answer set, else ``None``.

    The batches named in ``answer_sets.yaml`` are whole questionnaires: one
    council's answers to the six questions as consecutive ``answer_id`` numbers
    (``tr-070-001`` … ``-006``). A block of ``len(questions)`` numbers is a council
    when it holds each question exactly once; such councils let cross-validation
    check the published kind of figure, "N ud af M råd", and not only answer-level F1.
    """
    if "answer_id" not in frame.columns or "question" not in frame.columns or not questions:
        return [None] * len(frame)
    in_sets = writer_groups(frame["_file"].tolist(), path) != "other"
    keys: list[str | None] = []
    for aid, listed in zip(frame["answer_id"].fillna("").astype(str), in_sets, strict=True):
        m = _ANSWER_ID.match(aid) if listed else None
        keys.append(f"{m['batch']}#{(int(m['n']) - 1) // len(questions)}" if m else None)
    blocks = pd.DataFrame({"key": keys, "question": frame["question"].astype(str).values})
    complete = {
        key for key, qs in blocks.dropna().groupby("key")["question"]
        if sorted(qs) == sorted(questions)
    }
    return [k if k in complete else None for k in keys]


def train_theme_model(
    files: Sequence[str | Path],
    codebook: Codebook,
    *,
    params: dict[str, Any] | None = None,
    evaluation: dict[str, Path] | None = None,
    cv_folds: int = OUTER_FOLDS,
) -> tuple[ThemeClassifier, dict[str, Any]]:
    """Train on ``files`` and return the model and its card (CV, test, reconstruction).

    ``evaluation`` maps a name to a gold file (default: the test split and the
    reconstruction gold, when present); their texts are excluded from training.
    """
    params = dict(params or {})
    evaluation = evaluation if evaluation is not None else DEFAULT_EVALUATION
    gold_sets = evaluation_sets(evaluation)
    exclude = [t for g in gold_sets.values() if "answer" in g for t in g["answer"]]
    data = load_training_data(files, codebook, exclude_texts=exclude)
    groups = writer_groups(data.frame["_file"].tolist())
    model = ThemeClassifier(codebook, **params).fit(data.texts, data.Y, groups)
    card = _card(model, codebook, data, params)
    if cv_folds:
        card["cv"] = cross_validate(
            params, codebook, data.texts, data.Y, folds=cv_folds, fit_groups=groups
        )
        if len(set(groups)) > 1:  # how well it carries over to a writer it never saw
            proba, thresholds = out_of_fold_scores(
                params, codebook, data.texts, data.Y, groups=groups
            )
            pred = decide_out_of_fold(proba, thresholds, data.Y.dtype)
            card["cv_by_writer"] = {
                **theme_metrics(data.Y, pred, codebook.theme_ids), "folds": len(set(groups)),
            }
            keys = answer_set_keys(data.frame, list(questionnaire()))
            card["council_counts_by_writer"] = _council_card(
                model, data.Y, proba, thresholds, pred, keys, codebook.theme_ids
            )
    card["council_gates"] = dict(model.council_gates_)
    card["evaluation"] = {
        name: {"file": _rel(path), **evaluate_model(model, gold_sets[name], source=str(path))}
        for name, path in evaluation.items()
        if name in gold_sets
    }
    model.card = card
    return model, card


def _council_card(
    model: ThemeClassifier, Y: np.ndarray, proba: np.ndarray, thresholds: np.ndarray,
    pred: np.ndarray, keys: Sequence[str | None], theme_ids: Sequence[str],
) -> dict[str, Any]:
    """Council counts of the writer-CV codes, and the council gates learnt from them.

    The gates are chosen on all whole training councils and set on ``model``
    (``council_gates_``); the card shows the counts before and after them, the
    nested check (gates chosen on other councils) that says how far that carries
    over, and answer-level F1 on the councils' answers both ways.
    """
    out = council_counts(Y, pred, keys, theme_ids)
    if not out["n_councils"]:
        return out
    margin = proba - thresholds
    gates = choose_council_gates(Y, margin, keys)
    model.council_gates_ = {t: float(g) for t, g in zip(theme_ids, gates, strict=True)}
    gated = gate_codes(pred, margin, keys, gates)
    rows = [i for i, k in enumerate(keys) if k is not None]
    return {
        **out,
        "fragile_by_margin": fragile_councils(Y, proba, thresholds + gates, keys),
        "gates": model.council_gates_,
        "gated": council_counts(Y, gated, keys, theme_ids),
        "nested_gate_check": nested_gate_check(Y, margin, keys),
        "answer_macro_f1": {
            "without_gates": theme_metrics(Y[rows], pred[rows], theme_ids)["macro_f1"],
            "gated": theme_metrics(Y[rows], gated[rows], theme_ids)["macro_f1"],
        },
    }


def _card(
    model: ThemeClassifier, codebook: Codebook, data: TrainingData, params: dict[str, Any]
) -> dict[str, Any]:
    per_theme = {t: int(data.Y[:, j].sum()) for j, t in enumerate(codebook.theme_ids)}
    model_params = {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in model.get_params(deep=False).items()
        if k not in ("codebook", "n_jobs")
    }
    return {
        "name": "raadskoder theme classifier",
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "codebook": {
            "name": codebook.name,
            "version": codebook.version,
            "path": _rel(codebook.path),
            "sha256": codebook.sha256,
        },
        "training_data": {
            "files": [_rel(f) for f in data.files],
            "sha256": data.sha256,
            "n_answers": len(data.texts),
            "n_no_theme": int((data.Y.sum(axis=1) == 0).sum()),
            "n_multi_theme": int((data.Y.sum(axis=1) >= 2).sum()),
            "per_theme": per_theme,
            "dropped_evaluation_duplicates": data.dropped_leaks,
        },
        "model": {
            "features": "char_wb TF-IDF + stemmed word TF-IDF + codebook keyword counts",
            "classifier": "one-vs-rest logistic regression (liblinear dual, class_weight=balanced)",
            "params": model_params,
        },
        "thresholds": {t: float(v) for t, v in model.thresholds_.items()},
        "libraries": {"python": platform.python_version(), **_versions()},
    }


def _versions() -> dict[str, str]:
    out = {}
    for lib in LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = "not installed"
    return out


def _rel(path: str | Path) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(PROJECT_ROOT.resolve()))
    except ValueError:
        return str(p)
