"""Load the extraction vocabulary kept as data in ``corpus/extraction/*.yaml``.

Section names of minutes, figure qualifiers, doc-type cues and hyphenation
exceptions are Danish domain knowledge that users extend without touching code,
so they live in YAML files and are read once per process.
"""

from __future__ import annotations

from functools import cache

import yaml

from pipeline.paths import CORPUS_DIR

VOCAB_DIR = CORPUS_DIR / "extraction"


@cache
def load_vocab(name: str) -> dict:
    """Return the parsed ``<name>.yaml`` from :data:`VOCAB_DIR`.

    Raises ``FileNotFoundError`` naming the missing file, because every
    vocabulary file is shipped and a missing one is an installation error.
    """
    path = VOCAB_DIR / f"{name}.yaml"
    if not path.exists():
        raise FileNotFoundError(f"{path}: extraction vocabulary file is missing")
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
