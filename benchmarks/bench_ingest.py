"""Benchmark ``ingest`` on a generated 200-page PDF: pages per second and peak memory.

The PDF is laid out by :mod:`pipeline.readers.synth` from the example corpus
texts (running header, page-number footer, line-end hyphens, every tenth page
in two columns). Each engine runs in a fresh Python process so that peak
memory (max RSS) belongs to that run alone; the baseline RSS of the process
before ingesting (Python + pandas + pdfplumber imported) is printed too.

    .venv/bin/python benchmarks/bench_ingest.py [--pages 200] [--engine pdfplumber|pdfium|both]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _child import peak_rss_mb, run_child  # noqa: E402


def example_blocks():
    """The Block lists of corpus/examples/make_examples.py (invented texts)."""
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "corpus" / "examples" / "make_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [b for b in module.REPORT + module.MINUTES_A + module.MINUTES_B if b.kind != "page"]


def make_pdf(path: Path, pages: int) -> int:
    """Write a PDF of at least ``pages`` pages; return its page count."""
    from pipeline.readers.synth import render_pdf

    unit = example_blocks()
    blocks = []
    rendered = None
    while rendered is None or rendered.pages < pages:
        blocks += unit * 4
        rendered = render_pdf(path, blocks, header="Benchmark · Integrationsrådet",
                              two_column_pages=set(range(10, pages * 2, 10)))
    return rendered.pages


def child(engine: str, pdf: str) -> None:
    """Run in a fresh process: import, note baseline memory, ingest, print JSON."""
    from pipeline.ingest import ingest_file

    baseline = peak_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = ingest_file(pdf, engine=engine)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({
        "engine": engine,
        "pages": int(result.document["pages"]),
        "segments": len(result.segments),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "pages_per_second": round(result.document["pages"] / seconds, 1),
        "pages_per_cpu_second": round(result.document["pages"] / cpu, 1),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--engine", default="both", choices=["pdfplumber", "pdfium", "both"])
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    engines = ["pdfplumber", "pdfium"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "bench.pdf"
        n = make_pdf(pdf, args.pages)
        print(f"generated {pdf.name}: {n} pages, {pdf.stat().st_size / 1e6:.1f} MB")
        for engine in engines:
            r = run_child(__file__, ["--child", engine, str(pdf)], f"ingest ({engine})")
            if r is None:
                continue
            print(
                f"ingest ({engine}): {r['pages']} pages, {r['segments']} segments in "
                f"{r['seconds']} s = {r['pages_per_second']} pages/s "
                f"({r['pages_per_cpu_second']} pages per CPU second); peak RSS "
                f"{r['peak_rss_mb']} MB (baseline after imports {r['baseline_rss_mb']} MB)"
            )


if __name__ == "__main__":
    main()
