"""``python -m pipeline.nlp.build_patterns [DIR]``: regenerate ``patterns.jsonl`` from the tables.

``raadskoder train-ner`` does this too; run it by hand after editing a
gazetteer table: the rule-only pipeline reads the file directly, while a trained
pipeline keeps the copy of the patterns saved with it (``models/ner/gazetteer``)
until it is retrained.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.nlp.gazetteer import write_patterns
from pipeline.paths import GAZETTEER_DIR


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = write_patterns(Path(argv[0]) if argv else GAZETTEER_DIR)
    with out.open(encoding="utf-8") as fh:
        print(f"wrote {sum(1 for _ in fh)} patterns to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
