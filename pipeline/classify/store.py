"""Saving and loading a trained theme model directory.

A model directory holds ``model.joblib`` (the fitted :class:`ThemeClassifier`,
codebook included), ``card.json`` (the model card as data) and
``MODEL_CARD.md`` (the same card for people). Keeping the card beside the
weights means every coded table can name the data and figures behind it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from pipeline.classify.model import ThemeClassifier
from pipeline.paths import DEFAULT_THEME_MODEL

MODEL_FILE = "model.joblib"
CARD_FILE = "card.json"
CARD_MD_FILE = "MODEL_CARD.md"


class ModelError(ValueError):
    """A model directory is missing or does not hold a theme model."""


def save_theme_model(
    model: ThemeClassifier, out: str | Path, card: dict[str, Any], card_md: str
) -> Path:
    """Write the model, its card and the rendered card into directory ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / MODEL_FILE, compress=3)
    (out / CARD_FILE).write_text(
        json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / CARD_MD_FILE).write_text(card_md, encoding="utf-8")
    return out


def load_theme_model(path: str | Path | None = None) -> ThemeClassifier:
    """Load a model directory (None = the shipped model); ``.card`` holds its card.

    Loaded models are cached per resolved path and modification time, since the
    CLI, the batch runner and the report may all ask for the default model.
    """
    path = Path(path) if path is not None else DEFAULT_THEME_MODEL
    file = path / MODEL_FILE if path.is_dir() else path
    if not file.is_file():
        raise ModelError(
            f"{path}: no theme model found (expected {MODEL_FILE}); run `make train` "
            "or pass --model DIR"
        )
    return _load(str(file.resolve()), file.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(file: str, mtime_ns: int) -> ThemeClassifier:
    try:
        model = joblib.load(file)
    except Exception as exc:  # joblib/pickle raise many types
        raise ModelError(f"{file}: cannot load theme model: {exc}") from exc
    if not isinstance(model, ThemeClassifier):
        raise ModelError(f"{file}: not a theme model (found {type(model).__name__})")
    card_path = Path(file).with_name(CARD_FILE)
    model.card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    return model
