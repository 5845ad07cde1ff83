"""Theme classification: features, the estimator, training, evaluation and coding.

Public entry points: :func:`load_theme_model` (the shipped or a given model),
:class:`ThemeClassifier` (the estimator) and
:func:`pipeline.classify.apply.code_frame` (code a table).
"""

from pipeline.classify.model import ThemeClassifier
from pipeline.classify.store import ModelError, load_theme_model, save_theme_model

__all__ = ["ModelError", "ThemeClassifier", "load_theme_model", "save_theme_model"]
