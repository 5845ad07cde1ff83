"""Benchmark of archive runs: PDF engine speed and quality, scaling, memory, re-runs.

Prints, on an archive from ``make_archive.py``:

1. pages per second per core of the fast path (pypdfium2 reader + cleaning) and of
   plain pdfplumber ``extract_text()`` on the same text PDFs, with the character
   error rate (CER) of both against the generator's source text;
2. wall time of ``run_batch`` with 1 and with 2 local workers, and the speed-up;
3. the time of an unchanged re-run as a fraction of the first run;
4. peak memory (max RSS) of a worker processing one PDF of ``--huge`` pages.

Targets (issue 5): fast >= 10x plain pdfplumber with CER no worse; 2 workers >=
1.7x one; re-run <= 5 %; peak memory per worker < 500 MB on a 2,000-page PDF.
Run: ``python benchmarks/bench_batch.py [--files N] [--huge PAGES] [--workdir DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_archive import make_archive  # noqa: E402


def cer(hyp: str, ref: str) -> tuple[int, int]:
    """(edit distance, reference length) of whitespace-normalised texts (numpy Levenshtein)."""
    a = np.frombuffer(" ".join(hyp.split()).encode("utf-32-le"), dtype=np.uint32)
    b = np.frombuffer(" ".join(ref.split()).encode("utf-32-le"), dtype=np.uint32)
    if len(b) == 0:
        return len(a), 0
    prev = np.arange(len(b) + 1)
    idx = np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        sub = prev[:-1] + (b != a[i - 1])
        row = np.empty_like(prev)
        row[0] = i
        row[1:] = np.minimum(prev[1:] + 1, sub)
        row = np.minimum.accumulate(row - idx) + idx  # insertions within the row
        prev = row
    return int(prev[-1]), len(b)


def text_pdfs(files) -> list:
    return [f for f in files if f.kind in ("single", "twocol", "agenda") and f.pages]


def bench_engines(files) -> dict:
    """Sequential, one process: pages/s per core and CER of both paths."""
    import pdfplumber

    from pipeline.clean import clean_document
    from pipeline.readers import read_document
    from pipeline.readers.pdf_fast import read_pdf

    pages = sum(len(f.pages) for f in files)
    t = time.perf_counter()
    fast_texts = []
    for f in files:
        clean = clean_document(read_pdf(f.path, ocr=False))
        starts = [*clean.page_starts, len(clean.text)]
        fast_texts.append([clean.text[starts[i]:starts[i + 1]] for i in range(len(f.pages))])
    fast_s = time.perf_counter() - t
    t = time.perf_counter()
    for f in files:
        read_pdf(f.path, ocr=False)
    read_only_s = time.perf_counter() - t
    t = time.perf_counter()
    plain_texts = []
    for f in files:
        with pdfplumber.open(f.path) as pdf:
            texts = []
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                page.close()
        plain_texts.append(texts)
    plain_s = time.perf_counter() - t
    t = time.perf_counter()
    words_texts = []  # the extraction stage's own pdfplumber engine: words -> lines -> clean
    for f in files:
        clean = clean_document(read_document(f.path, engine="pdfplumber"))
        starts = [*clean.page_starts, len(clean.text)]
        words_texts.append([clean.text[starts[i]:starts[i + 1]] for i in range(len(f.pages))])
    words_s = time.perf_counter() - t
    scores = {}
    for name, texts in (("fast", fast_texts), ("plain", plain_texts), ("words", words_texts)):
        errors = total = 0
        for f, got in zip(files, texts, strict=True):
            for hyp, ref in zip(got, f.pages, strict=False):
                e, n = cer(hyp, ref)
                errors, total = errors + e, total + n
        scores[name] = errors / max(total, 1)
    by_layout = {}
    for layout in ("single", "twocol", "agenda"):
        sel = [i for i, f in enumerate(files) if f.kind == layout]
        for name, texts in (("fast", fast_texts), ("plain", plain_texts)):
            e_n = [cer(h, r) for i in sel for h, r in zip(texts[i], files[i].pages, strict=False)]
            by_layout[f"{name}_{layout}"] = sum(e for e, _ in e_n) / max(sum(n for _, n in e_n), 1)
    return {
        "pages": pages,
        "fast_pages_per_s": pages / fast_s,
        "fast_read_only_pages_per_s": pages / read_only_s,
        "plain_pages_per_s": pages / plain_s,
        "words_pages_per_s": pages / words_s,
        "cer_words": scores["words"],
        "speedup": plain_s / fast_s,
        "cer_fast": scores["fast"],
        "cer_plain": scores["plain"],
        **{f"cer_{k}": v for k, v in by_layout.items()},
    }


def bench_runs(archive: Path, work: Path, nlp: bool, code: bool) -> dict:
    from pipeline.batch.runner import run_batch

    out = {}
    for workers in (1, 2):
        target = work / f"out_w{workers}"
        shutil.rmtree(target, ignore_errors=True)
        t = time.perf_counter()
        result = run_batch(archive, target, workers=workers, nlp=nlp, code=code, report=False)
        out[f"seconds_{workers}_workers"] = time.perf_counter() - t
        out["files"] = len(result.manifest)
        out["pages_run"] = int(result.manifest["pages"].fillna(0).sum())
        out["status"] = result.counts
        m = result.manifest
        out[f"ms_per_page_{workers}_workers"] = 1000 * m["seconds_total"].sum() / out["pages_run"]
        busy = m.groupby("worker")["seconds_total"].sum().round(1)
        out[f"busy_s_{workers}_workers"] = busy.tolist()
    t = time.perf_counter()
    again = run_batch(archive, work / "out_w2", workers=2, nlp=nlp, code=code, report=False)
    out["seconds_rerun"] = time.perf_counter() - t
    out["rerun_processed"] = again.processed
    out["speedup_2_over_1"] = out["seconds_1_workers"] / out["seconds_2_workers"]
    out["rerun_fraction"] = out["seconds_rerun"] / out["seconds_2_workers"]
    return out


def bench_memory(work: Path, pages: int, nlp: bool, code: bool) -> dict:
    import random

    from make_archive import _draw_pdf

    from pipeline.batch.runner import run_batch

    small, huge = work / "mem_small", work / "mem_huge"
    for folder in (small, huge):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    _draw_pdf(str(small / "referat_2020.pdf"), random.Random(3), "twocol", 1, "Aarhus",
              "2020-01-01")
    t = time.perf_counter()
    _draw_pdf(str(huge / "referat_samlet_2020.pdf"), random.Random(3), "twocol", pages, "Aarhus",
              "2020-12-31")
    made = time.perf_counter() - t
    peaks = {}
    runs = [("one_page", small, nlp), ("huge", huge, nlp)]
    if nlp:
        runs.append(("huge_no_nlp", huge, False))
    for name, folder, with_nlp in runs:
        out = work / f"out_{name}"
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        result = run_batch(folder, out, workers=1, nlp=with_nlp, code=code, report=False)
        row = result.manifest.iloc[0]
        peaks[name] = (float(row["worker_peak_mb"]), time.perf_counter() - t, row["status"],
                       int(row["pages"] or 0), int(row["segments"] or 0))
    return {"huge_pages": peaks["huge"][3], "huge_segments": peaks["huge"][4],
            "huge_status": peaks["huge"][2], "generated_in_s": made,
            "peak_mb_one_page": peaks["one_page"][0], "peak_mb_huge": peaks["huge"][0],
            "seconds_huge": peaks["huge"][1],
            "peak_mb_huge_no_nlp": peaks.get("huge_no_nlp", (None,))[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--pages", type=int, nargs=2, default=(3, 8))
    ap.add_argument("--huge", type=int, default=2000)
    ap.add_argument("--engine-files", type=int, default=60,
                    help="text PDFs used to compare the engines (pdfplumber is slow)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--no-nlp", action="store_true")
    ap.add_argument("--no-code", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--only", choices=("engines", "runs", "memory"), action="append",
                    help="run only these parts (repeatable); default: all")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="raadskoder-bench-"))
    nlp, code = not args.no_nlp, not args.no_code
    shutil.rmtree(work / "archive", ignore_errors=True)
    shutil.rmtree(work / "truth", ignore_errors=True)
    files = make_archive(work, files=args.files, pages=tuple(args.pages), image_only=2)
    print(f"archive: {len(files)} files under {work / 'archive'}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} (other processes slow the figures down)")

    parts = set(args.only or ("engines", "runs", "memory"))
    figures: dict = {}
    if "engines" in parts:
        figures["engines"] = _report_engines(bench_engines(text_pdfs(files)[: args.engine_files]))
    if "runs" in parts:
        figures["runs"] = _report_runs(bench_runs(work / "archive", work, nlp, code), nlp, code)
    if "memory" in parts:
        figures["memory"] = _report_memory(bench_memory(work, args.huge, nlp, code))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))


def _report_engines(engines: dict) -> dict:
    print(f"\n== PDF engines, one core, {engines['pages']} text pages ==")
    print(f"fast path (pypdfium2 + clean): {engines['fast_pages_per_s']:8.1f} pages/s   "
          f"CER {engines['cer_fast']:.4f}")
    print(f"  pypdfium2 reading only:      {engines['fast_read_only_pages_per_s']:8.1f} pages/s")
    print(f"plain pdfplumber extract_text: {engines['plain_pages_per_s']:8.1f} pages/s   "
          f"CER {engines['cer_plain']:.4f}")
    print(f"pdfplumber engine (words + clean): {engines['words_pages_per_s']:4.1f} pages/s   "
          f"CER {engines['cer_words']:.4f}")
    print(f"speed-up fast / plain: {engines['speedup']:.1f}x (target >= 10x)")
    for layout in ("single", "twocol", "agenda"):
        print(f"  CER {layout:7s} fast {engines[f'cer_fast_{layout}']:.4f}  "
              f"plain {engines[f'cer_plain_{layout}']:.4f}")
    return engines


def _report_runs(runs: dict, nlp: bool, code: bool) -> dict:
    print(f"\n== run_batch over the archive ({runs['files']} files, {runs['pages_run']} pages, "
          f"nlp={nlp}, code={code}) ==")
    print(f"1 worker: {runs['seconds_1_workers']:.1f} s   2 workers: "
          f"{runs['seconds_2_workers']:.1f} s   speed-up {runs['speedup_2_over_1']:.2f}x "
          "(target >= 1.7x)")
    print(f"busy seconds per worker: 1 worker {runs['busy_s_1_workers']}, 2 workers "
          f"{runs['busy_s_2_workers']}; time per page inside the workers: "
          f"{runs['ms_per_page_1_workers']:.0f} ms with 1, {runs['ms_per_page_2_workers']:.0f} ms "
          "with 2 (higher = the workers compete for cores)")
    print(f"load average now {os.getloadavg()[0]:.1f}")
    print(f"unchanged re-run: {runs['seconds_rerun']:.2f} s = {runs['rerun_fraction']:.1%} of "
          f"the first (target <= 5 %), {runs['rerun_processed']} files processed")
    print(f"statuses: {runs['status']}")
    return runs


def _report_memory(mem: dict) -> dict:
    print(f"\n== memory, one worker, a PDF of {mem['huge_pages']} pages "
          f"({mem['huge_segments']} segments, status {mem['huge_status']}) ==")
    print(f"peak RSS of the worker: {mem['peak_mb_huge']:.0f} MB (target < 500 MB); "
          f"same worker on a 1-page PDF: {mem['peak_mb_one_page']:.0f} MB; "
          f"run took {mem['seconds_huge']:.1f} s")
    if mem["peak_mb_huge_no_nlp"] is not None:
        print(f"the same without the NLP stage (--no-nlp): {mem['peak_mb_huge_no_nlp']:.0f} MB")
    return mem


if __name__ == "__main__":
    main()
