"""Benchmark the reporting stage: report, REFI-QDA export and review import.

Builds a coded table of ``--n`` answers (texts of the training corpus recombined,
six questions per respondent, random scores with a fixed seed, an
``answer_anonymised`` column so the NER is not timed here; ``bench_code.py``
times anonymisation), then times :func:`build_report`, :func:`export_qdpx` and
:func:`import_review` with every ``corrected_themes`` cell filled. Prints wall
seconds, answers per second and the sizes of the outputs, and the process's peak
resident memory at the end.

    .venv/bin/python benchmarks/bench_report.py [--n 5000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def make_coded(n: int, seed: int = 0) -> pd.DataFrame:
    """A coded table of ``n`` answers with scores, flags and an anonymised text column."""
    from pipeline.classify.labels import matrix_to_themes
    from pipeline.classify.train import load_training_data, training_files
    from pipeline.codebook import load_codebook

    codebook = load_codebook()
    data = load_training_data(training_files(), codebook)
    rng = np.random.default_rng(seed)
    texts = [data.texts[i] for i in rng.integers(0, len(data.texts), size=n)]
    questions = ["temaer", "aktiviteter", "samarbejde_kommune", "lokale_aktoerer",
                 "udfordringer", "gode_erfaringer"]  # fmt: skip
    frame = pd.DataFrame(
        {
            "respondent": [f"raad{i // len(questions):05d}" for i in range(n)],
            "question": [questions[i % len(questions)] for i in range(n)],
            "answer": texts,
            "answer_anonymised": texts,
        }
    )
    scores = rng.beta(0.6, 2.0, size=(n, len(codebook.theme_ids))).round(4)
    for j, t in enumerate(codebook.theme_ids):
        frame[t] = (scores[:, j] >= 0.5).astype(int)
    for j, t in enumerate(codebook.theme_ids):
        frame[f"p_{t}"] = scores[:, j]
    frame["themes"] = matrix_to_themes(frame[codebook.theme_ids].to_numpy(), codebook.theme_ids)
    return frame


def fill_corrections(xlsx: Path) -> None:
    """Confirm the model's themes in every row (as a reviewer who agrees would)."""
    from openpyxl import load_workbook

    from pipeline.report.xlsx import CORRECTION_COLUMN, SHEET_CODED

    wb = load_workbook(xlsx)
    ws = wb[SHEET_CODED]
    header = [c.value for c in ws[1]]
    src, dst = header.index("themes") + 1, header.index(CORRECTION_COLUMN) + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=dst, value=ws.cell(row=row, column=src).value or "-")
    wb.save(xlsx)


def timed(label: str, n: int, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<24} {seconds:7.2f} s  {n / seconds:9.0f} answers/s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="number of answers")
    args = parser.parse_args(argv)

    from pipeline.qda import export_qdpx
    from pipeline.report import build_report
    from pipeline.review import import_review

    coded = make_coded(args.n)
    print(f"{args.n} answers from {coded['respondent'].nunique()} respondents")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        paths = timed("build_report", args.n, lambda: build_report(coded, out / "rapport"))
        qdpx = timed("export_qdpx", args.n, lambda: export_qdpx(coded, out / "p.qdpx"))
        fill_corrections(paths["xlsx"])
        timed("import_review", args.n,
              lambda: import_review(paths["xlsx"], reviewer="bench", corpus_dir=out))  # fmt: skip
        for name, path in [*paths.items(), ("qdpx", qdpx)]:
            print(f"  {name:<18} {Path(path).stat().st_size / 1e6:8.2f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
