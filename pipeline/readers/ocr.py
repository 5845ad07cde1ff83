"""OCR of PDF pages without a text layer: PDFium renders, tesseract reads Danish.

Scanned minutes are common in municipal archives. We render one page at a time
to a grey bitmap with pypdfium2 and pipe it to the ``tesseract`` command with the
Danish model (``-l dan``) asking for ``tsv`` output, which gives every word with
its box; words are grouped into lines by tesseract's own block/paragraph/line
numbers and scaled back to PDF points, so the cleaner treats an OCR'd page like
any other. Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): the batch
runner already uses one process per core, so that is one page per core.

Set ``RAADSKODER_TESSERACT`` to another executable (or to a missing one, to test
how a machine without tesseract behaves).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess

from pipeline.readers.base import Line, Page

#: Rendering resolution: 300 dpi is what tesseract is trained for.
DPI = 300
LANGUAGE = "dan"
#: Words tesseract is less sure of than this (0-100) are dropped as noise.
MIN_CONFIDENCE = 10.0


class OCRError(RuntimeError):
    """Tesseract failed on a page; the message has its stderr."""


def tesseract_command() -> str:
    return os.environ.get("RAADSKODER_TESSERACT", "tesseract")


@functools.lru_cache(maxsize=4)
def _problem(command: str) -> str:
    exe = shutil.which(command)
    if exe is None:
        return ("tesseract is not installed (Debian: apt-get install tesseract-ocr "
                "tesseract-ocr-dan); the file is marked needs_ocr")
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract cannot run: {exc}"
    langs = (out.stdout + out.stderr).split()
    if LANGUAGE not in langs:
        return ("tesseract has no Danish model (Debian: apt-get install tesseract-ocr-dan); "
                "the file is marked needs_ocr")
    return ""


def tesseract_problem() -> str:
    """Why OCR cannot run here ("" when tesseract and its Danish model are available)."""
    return _problem(tesseract_command())


def ocr_page(page, number: int, *, dpi: int = DPI) -> Page:
    """OCR one pypdfium2 page; the result's lines are in PDF points like a text page's."""
    width, height = page.get_size()
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
    finally:
        bitmap.close()
    lines = ocr_image(buf.getvalue(), scale=72 / dpi)
    return Page(number=number, lines=lines, width=width, height=height, ocr=True)


def ocr_image(png: bytes, *, scale: float = 1.0) -> list[Line]:
    """Run tesseract on an image (bytes) and return its lines, boxes multiplied by ``scale``."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        out = subprocess.run(
            [tesseract_command(), "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
            input=png, capture_output=True, env=env, timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OCRError(f"tesseract failed: {exc}") from exc
    if out.returncode != 0:
        raise OCRError(f"tesseract failed: {out.stderr.decode('utf-8', 'replace').strip()}")
    return tsv_lines(out.stdout.decode("utf-8", "replace"), scale=scale)


def tsv_lines(tsv: str, *, scale: float = 1.0) -> list[Line]:
    """Group tesseract's word rows (level 5) into lines by block, paragraph and line number."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        if float(row.get("conf") or -1) < MIN_CONFIDENCE:
            continue
        groups.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines = []
    for words in groups.values():
        x0 = min(int(w["left"]) for w in words)
        top = min(int(w["top"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        lines.append(Line(
            text=" ".join(w["text"].strip() for w in words),
            x0=x0 * scale, x1=x1 * scale, top=top * scale, bottom=bottom * scale,
            size=round((bottom - top) * scale, 1),
        ))
    return lines
