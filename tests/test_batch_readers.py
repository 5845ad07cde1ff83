"""The fast PDF engine, OCR, bad PDFs, hashing and the municipality/year rule (no Dask)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from batch_helpers import make_archive_module

from pipeline.batch.manifest import hash_file
from pipeline.batch.metadata import place_and_year
from pipeline.readers import read_document
from pipeline.readers.base import NeedsOCR, ReadError, content_hash
from pipeline.readers.ocr import tsv_lines
from pipeline.readers.pdf_fast import iter_pages, read_pdf

ROOT = Path(__file__).resolve().parents[1]



@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    make = make_archive_module().make_archive
    files = make(root, files=4, pages=(2, 2), image_only=1, extras=False)
    return {f.path.name: f for f in files}


def _by_kind(archive, kind):
    return next(f for f in archive.values() if f.kind == kind)


def _cer(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    a, b = " ".join(a.split()), " ".join(b.split())
    return 1 - SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_two_columns_headers_and_hyphens_like_pdfplumber(archive):
    from pipeline.clean import clean_document

    f = _by_kind(archive, "twocol")
    fast = clean_document(read_pdf(f.path, ocr=False))
    slow = clean_document(read_document(f.path, engine="pdfplumber"))
    truth = " ".join(f.pages)
    assert "Integrationsrådet · Referat" not in fast.text  # running header dropped
    assert "Side 1 af" not in fast.text
    assert _cer(fast.text, truth) < 0.02
    assert _cer(fast.text, truth) <= _cer(slow.text, truth) + 0.005


def test_lines_carry_geometry_and_type(archive):
    f = _by_kind(archive, "twocol")
    page = next(iter_pages(f.path, ocr=False))
    assert all(ln.x0 is not None and ln.top < ln.bottom for ln in page.lines)
    lefts = {round(ln.x0) for ln in page.lines if ln.size and ln.size > 10}
    assert min(lefts) < 100 < 300 < max(lefts)  # two columns stay two lines per row
    assert any(ln.bold for ln in page.lines) and not all(ln.bold for ln in page.lines)


def test_bad_pdfs_have_reasons(archive):
    with pytest.raises(ReadError, match="password"):
        read_pdf(archive["krypteret_med_kode.pdf"].path)
    with pytest.raises(ReadError, match="damaged or truncated"):
        read_pdf(archive["afkortet.pdf"].path)
    assert read_pdf(archive["krypteret_uden_kode.pdf"].path).pages  # empty password opens
    # a text file named .pdf is read as text by content
    assert read_document(archive["notat_ikke_pdf.pdf"].path, engine="pdfium").fmt == "txt"


def test_image_only_without_tesseract_needs_ocr(archive, monkeypatch):
    monkeypatch.setenv("RAADSKODER_TESSERACT", "/nonexistent/tesseract")
    f = _by_kind(archive, "image")
    with pytest.raises(NeedsOCR, match="tesseract is not installed"):
        read_pdf(f.path)
    with pytest.raises(NeedsOCR, match="OCR is switched off"):
        read_pdf(f.path, ocr=False)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_ocr_reads_image_only_page(archive):
    f = _by_kind(archive, "image")
    doc = read_pdf(f.path)
    assert doc.pages[0].ocr and doc.meta["ocr_pages"] == 1
    text = " ".join(ln.text for ln in doc.pages[0].lines)
    assert _cer(text, f.pages[0]) < 0.15


def test_tsv_lines_groups_words():
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
            "\tconf\ttext",
            "5\t1\t1\t1\t1\t1\t100\t200\t50\t20\t96\tRådet",
            "5\t1\t1\t1\t1\t2\t160\t201\t60\t20\t91\tmødes",
            "5\t1\t1\t1\t2\t1\t100\t240\t40\t20\t3\t~~",
            "5\t1\t1\t1\t3\t1\t100\t280\t40\t20\t88\tigen"]
    lines = tsv_lines("\n".join(rows), scale=0.5)
    assert [ln.text for ln in lines] == ["Rådet mødes", "igen"]
    assert lines[0].x0 == 50 and lines[0].x1 == 110 and lines[0].top == 100


def test_streamed_many_pages(tmp_path):
    import random

    mod = make_archive_module()
    path = tmp_path / "lang.pdf"
    mod._draw_pdf(str(path), random.Random(1), "single", 120, "Aarhus", "2020-01-01")
    pages = iter_pages(path, ocr=False)
    first = next(pages)  # a generator: pages come one at a time
    assert first.number == 1
    assert sum(1 for _ in pages) == 119


def test_hash_file_is_content_hash(archive):
    f = _by_kind(archive, "single")
    doc_id, sha256, size = hash_file(f.path)
    assert doc_id == content_hash(f.path.read_bytes()) and size == f.path.stat().st_size
    assert len(sha256) == 64


def test_place_and_year_rule():
    by_path = place_and_year("/arkiv/Holbæk/2019/referat_03.pdf", "Aarhus Kommune 2011", [])
    assert by_path == {"municipality": "Holbæk", "municipality_from": "path",
                       "year": 2019, "year_from": "path"}
    by_text = place_and_year("/x/referat.pdf", "Mødet 12. marts 2021 i Vejle Kommune", [])
    assert (by_text["municipality"], by_text["year"]) == ("Vejle", 2021)
    assert by_text["year_from"] == "text" and by_text["municipality_from"] == "text"
    by_entities = place_and_year("/x/y.pdf", "", ["Esbjergs", "Esbjerg Kommune", "Vejle"])
    assert by_entities["municipality"] == "Esbjerg"
    assert by_entities["municipality_from"] == "entities"
    assert place_and_year("/x/y.pdf", "", [])["year"] is None


def test_truth_written(archive):
    f = _by_kind(archive, "twocol")
    truth = json.loads(next((f.path.parents[3] / "truth").glob("*.json")).read_text())
    assert truth["pages"] and "path" in truth


def test_progress_plain_lines_when_not_a_terminal():
    import io

    from pipeline.batch.progress import Progress

    buf = io.StringIO()
    progress = Progress(buf, every=0)
    progress.start(4)
    progress.advance(2, 10)
    progress.advance(2, 6)
    progress.stop()
    lines = buf.getvalue().splitlines()
    assert lines[-1].startswith("[4/4 files] 16 pages,") and "pages/s" in lines[-1]


def test_windowed_segmentation_equals_whole_document(tmp_path, monkeypatch):
    import random

    from pipeline.batch import tasks
    from pipeline.batch.manifest import InputFile
    from pipeline.clean import clean_document
    from pipeline.segmenters import detect_doc_type, segment_document

    path = tmp_path / "referat.pdf"
    make_archive_module()._draw_pdf(str(path), random.Random(2), "twocol", 7, "Vejle", "2021-05-05")
    doc_id, sha256, size = hash_file(path)
    monkeypatch.setattr(tasks, "WINDOW_PAGES", 3)
    config = tasks.BatchConfig(outdir=str(tmp_path))
    row: dict = {}
    windowed, fmt, pages, _, _ = tasks._read_and_segment(
        InputFile(str(path), size, doc_id, sha256), path.read_bytes(), config, row)
    clean = clean_document(read_pdf(path))
    whole = segment_document(clean, detect_doc_type(clean))
    assert (fmt, pages) == ("pdf", 7) and row["seconds_read"] > 0
    # same words in the same order; a paragraph running across a window boundary
    # may be cut in two (at most one extra segment per boundary)
    assert " ".join(" ".join(windowed["text"]).split()) == " ".join(" ".join(whole["text"]).split())
    assert 0 <= len(windowed) - len(whole) <= 2
    first = windowed["page"] <= 3
    cols = ["page", "kind", "text", "start", "end"]
    assert windowed.loc[first, cols].astype(str).equals(whole.loc[first, cols].astype(str))
