"""Speed of the NER pipeline and of anonymisation, in words per second on one core.

Pins the process to one CPU and one BLAS thread, warms up, then times
``extract_entities`` (the ``ner`` command) and ``anonymize_texts`` (the
``anonymize`` command) over the seed documents in ``../shared/seeds`` (real
Danish text, split into lines) when present, otherwise over the plain text of
the annotated corpus. Target: >= 5,000 words/s.

Usage: ``.venv/bin/python benchmarks/bench_ner.py [--model PATH] [--words N]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from pipeline.nlp import anonymize_texts, extract_entities, load_nlp  # noqa: E402
from pipeline.nlp.corpus import read_inline  # noqa: E402
from pipeline.nlp.lexicon import danish_lemma_table, english_words  # noqa: E402
from pipeline.paths import NER_DIR, PROJECT_ROOT  # noqa: E402

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


def sample_texts(n_words: int) -> tuple[list[str], str]:
    """Lines of real documents (or of the corpus), repeated up to ``n_words`` words."""
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if seeds:
        lines = [ln.strip() for p in seeds for ln in p.read_text(encoding="utf-8").splitlines()]
        source = f"{len(seeds)} seed documents"
    else:
        lines = [r.text for p in sorted(NER_DIR.glob("*.txt")) for r in read_inline(p)]
        source = "annotated corpus"
    lines = [ln for ln in lines if ln]
    texts: list[str] = []
    words = 0
    while words < n_words:
        for line in lines:
            texts.append(line)
            words += len(line.split())
            if words >= n_words:
                break
    return texts, source


def rate(fn, texts: list[str]) -> float:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    fn(texts)
    return words / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--words", type=int, default=50_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    nlp = load_nlp(args.model)
    texts, source = sample_texts(args.words)
    danish_lemma_table()  # read once on first use (about 2 s); not part of the steady state
    english_words()  # likewise (the person-name rules ask whether a word is English)
    extract_entities(texts[:200], nlp)  # warm-up
    n_words = sum(len(t.split()) for t in texts)
    print(f"pipeline: {', '.join(nlp.pipe_names)}")
    print(f"texts: {len(texts)} lines, {n_words} words from {source}; 1 core")
    print(f"ner:        {rate(lambda t: extract_entities(t, nlp), texts):>10,.0f} words/s")
    print(f"anonymize:  {rate(lambda t: anonymize_texts(t, nlp), texts):>10,.0f} words/s")
    print(f"full nlp(): {rate(lambda t: list(nlp.pipe(t)), texts):>10,.0f} words/s"
          " (with lemmatizer)")


if __name__ == "__main__":
    main()
