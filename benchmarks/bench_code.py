"""Benchmark `code`: answers per second on one core and peak memory.

Generates answers by recombining sentences of the training corpus (1-4
sentences each, resampled with a fixed seed), then codes them with the shipped
model, once without and once with anonymisation. Each mode runs in its own
process so that its peak resident memory (``getrusage`` maxrss) is its own.

    .venv/bin/python benchmarks/bench_code.py [--n 100000] [--n-anon 5000]

Target (issue 2): >= 5,000 answers/s on one core and < 1 GB for the classifier path.
Both wall-clock and CPU-time rates are printed: on a shared machine the CPU-time
rate is the one-core figure, the wall rate includes waiting for the core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _child import peak_rss_mb, run_child  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def make_answers(n: int, seed: int = 0) -> list[str]:
    """``n`` answers recombined from 1-4 random sentences of the training corpus."""
    from pipeline.classify.train import load_training_data, training_files
    from pipeline.codebook import load_codebook

    texts = load_training_data(training_files(), load_codebook()).texts
    sentences = [s for t in texts for s in _SENTENCE_END.split(t) if s.strip()]
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 5, size=n)
    picks = rng.integers(0, len(sentences), size=int(lengths.sum()))
    out, i = [], 0
    for k in lengths:
        out.append(" ".join(sentences[j] for j in picks[i : i + k]))
        i += k
    return out


def run(mode: str, n: int) -> dict:
    """Code ``n`` generated answers in this process and measure speed and memory."""
    from pipeline.classify.apply import code_frame
    from pipeline.classify.store import load_theme_model

    answers = make_answers(n)
    df = pd.DataFrame({"respondent": [f"r{i // 6}" for i in range(n)], "answer": answers})
    model = load_theme_model()
    anonymize = mode == "anonymize"
    if anonymize:
        code_frame(df.head(50), text_column="answer", model=model)  # load spaCy first
    wall, cpu = time.perf_counter(), time.process_time()
    out = code_frame(df, text_column="answer", model=model, anonymize=anonymize,
                     respondent_column="respondent")  # as `raadskoder code`: council gates
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "mode": mode,
        "answers": n,
        "mean_chars": round(float(df["answer"].str.len().mean()), 1),
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "answers_per_s": round(n / wall),
        "answers_per_cpu_s": round(n / cpu),
        "peak_rss_mb": round(peak_rss_mb()),
        "coded_with_theme": int((out["themes"] != "").sum()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="answers, classifier path")
    parser.add_argument("--n-anon", type=int, default=5_000, help="answers, with anonymisation")
    parser.add_argument("--child", choices=["classifier", "anonymize"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if hasattr(os, "sched_setaffinity"):  # one core, really
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        n = args.n if args.child == "classifier" else args.n_anon
        print(json.dumps(run(args.child, n)))
        return
    print("raadskoder code benchmark (one core: OMP/OPENBLAS/MKL threads = 1)")
    for mode in ("classifier", "anonymize"):
        child_args = ["--child", mode, "--n", str(args.n), "--n-anon", str(args.n_anon)]
        r = run_child(__file__, child_args, mode)
        if r is None:
            continue
        print(
            f"{r['mode']:>10}: {r['answers']:,} answers (mean {r['mean_chars']} chars): "
            f"{r['answers_per_s']:,} answers/s wall ({r['seconds']} s), "
            f"{r['answers_per_cpu_s']:,} answers per CPU-second ({r['cpu_seconds']} s); "
            f"peak memory {r['peak_rss_mb']} MB; {r['coded_with_theme']:,} coded with a theme"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (wall figures suffer when > 1)")


if __name__ == "__main__":
    main()
