"""Where the project's shipped data and models live.

Resolved relative to the source tree (the package is installed in editable
mode by the Makefile), and overridable with ``RAADSKODER_HOME`` for an
installation that keeps ``corpus/`` and ``models/`` elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("RAADSKODER_HOME", Path(__file__).resolve().parent.parent))
CORPUS_DIR = PROJECT_ROOT / "corpus"
MODELS_DIR = PROJECT_ROOT / "models"

#: The 2023 coding frame, used when no ``--codebook`` is given.
DEFAULT_CODEBOOK = CORPUS_DIR / "codebooks" / "dnir2023.yaml"
#: The shipped theme classifier (``make train`` rebuilds it).
DEFAULT_THEME_MODEL = MODELS_DIR / "themes"
#: The shipped Danish NER pipeline (``make train-ner`` rebuilds it).
DEFAULT_NER_MODEL = MODELS_DIR / "ner"
#: Published 2023 counts ("N ud af 17 råd"), facts kept as data.
REFERENCE_2023 = CORPUS_DIR / "reference" / "dnir2023_counts.csv"
SURVEY_DIR = CORPUS_DIR / "survey"
NER_DIR = CORPUS_DIR / "ner"
#: An independent writer's NER evaluation set: never trained on (see its README).
NER_HELDOUT_DIR = CORPUS_DIR / "ner_heldout"
NER_HELDOUT_NEWS_DIR = CORPUS_DIR / "ner_heldout_news"
NER_HELDOUT_HARD_DIR = CORPUS_DIR / "ner_heldout_hard"
GAZETTEER_DIR = CORPUS_DIR / "gazetteers"
