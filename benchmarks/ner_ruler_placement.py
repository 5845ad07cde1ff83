"""Where should the gazetteers sit relative to the statistical NER? Measure it.

Scores one trained pipeline on the dev split (never the test split) in five
arrangements of the same NER and the same patterns:

- ``ner only``: no gazetteers;
- ``rules only``: gazetteers without the NER;
- ``entity_ruler before``: the ruler sets entities first, the NER fills in around them;
- ``entity_ruler after (overwrite)``: the ruler replaces overlapping NER entities;
- ``entity_ruler after (keep)``: the NER wins every overlap;
- ``span_ruler + gazetteer_ents_filter`` (shipped): ruler wins, unless the NER
  found a longer entity containing the match.

Usage: ``.venv/bin/python benchmarks/ner_ruler_placement.py [MODEL] [--split dev]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from pipeline.nlp.components import RULER, add_ruler
from pipeline.nlp.corpus import load_corpus
from pipeline.nlp.evaluate import evaluate_docs
from pipeline.nlp.gazetteer import read_patterns
from pipeline.nlp.language import blank_danish
from pipeline.paths import DEFAULT_NER_MODEL, NER_DIR

KEY_LABELS = ("PER", "MUNICIPALITY", "ORG")


def arrangement(model: Path, kind: str):
    nlp = spacy.load(model)
    for name in (RULER, "entity_ruler"):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    if kind == "ner only":
        return nlp
    if kind == "rules only":
        nlp.remove_pipe("ner")
        return add_ruler(nlp)
    if kind == "span_ruler + gazetteer_ents_filter":
        return add_ruler(nlp)
    before = kind == "entity_ruler before"
    overwrite = kind == "entity_ruler after (overwrite)"
    where = {"before": "ner"} if before else {"after": "ner"}
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": overwrite, "validate": False},
                         **where)
    ruler.add_patterns(read_patterns())
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", nargs="?", type=Path, default=DEFAULT_NER_MODEL)
    parser.add_argument("--data", type=Path, default=NER_DIR)
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    args = parser.parse_args()
    docs = load_corpus(args.data, blank_danish()).docs[args.split]
    print(f"{len(docs)} {args.split} texts; F1 per label, micro F1, anonymisation recall/precision")
    print(f"{'arrangement':<38}" + "".join(f"{lab[:5]:>7}" for lab in KEY_LABELS)
          + f"{'micro':>7}{'aPER-R':>8}{'aMUN-R':>8}{'aPER-P':>8}{'aMUN-P':>8}")
    kinds = ("ner only", "rules only", "entity_ruler before", "entity_ruler after (overwrite)",
             "entity_ruler after (keep)", "span_ruler + gazetteer_ents_filter")
    for kind in kinds:
        s = evaluate_docs(arrangement(args.model, kind), docs)
        f1 = [s["labels"].get(lab, {}).get("f1", 0.0) for lab in KEY_LABELS]
        anon = s["anonymisation"]
        print(f"{kind:<38}" + "".join(f"{v:>7.3f}" for v in f1) + f"{s['micro']['f1']:>7.3f}"
              + f"{anon['PER']['recall']:>8.3f}{anon['MUNICIPALITY']['recall']:>8.3f}"
              + f"{anon['PER']['precision']:>8.3f}{anon['MUNICIPALITY']['precision']:>8.3f}")


if __name__ == "__main__":
    main()
