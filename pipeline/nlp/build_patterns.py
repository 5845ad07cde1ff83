"""``python -m pipeline.nlp.build_patterns [DIR] [--model MODEL]``: regenerate ``patterns.jsonl``
from the tables.

``raadskoder train-ner`` does this too; run it by hand after editing a gazetteer table: the
rule-only pipeline reads the file directly, while a trained pipeline keeps the copy of the
patterns saved with it (``models/ner/gazetteer``) until it is retrained, or until
``--model models/ner`` gives it the regenerated patterns (what a retraining would give its
ruler; the statistical weights are not touched).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from pipeline.nlp.components import RULER  # importing it registers the pipeline's factories
from pipeline.nlp.gazetteer import read_patterns_file, write_patterns
from pipeline.paths import GAZETTEER_DIR


def refresh_model_patterns(model: Path, patterns_file: Path) -> int:
    """Replace the patterns saved with the trained pipeline at ``model`` by those of
    ``patterns_file``; only the ruler's folder is rewritten. Returns the pattern count."""
    ruler = spacy.load(model).get_pipe(RULER)
    ruler.clear()
    ruler.add_patterns(read_patterns_file(Path(patterns_file)))
    ruler.to_disk(Path(model) / RULER)
    return len(ruler.patterns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.nlp.build_patterns")
    parser.add_argument("directory", nargs="?", type=Path, default=GAZETTEER_DIR)
    parser.add_argument("--model", type=Path, help="also give this trained pipeline the patterns")
    args = parser.parse_args(argv)
    out = write_patterns(args.directory)
    with out.open(encoding="utf-8") as fh:
        print(f"wrote {sum(1 for _ in fh)} patterns to {out}")
    if args.model is not None:
        print(f"{refresh_model_patterns(args.model, out)} patterns saved with {args.model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
