"""Bad input: every broken file gets a clear error naming it; folder runs go on."""

from __future__ import annotations

import io
import zipfile

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import ingest_paths
from pipeline.readers import NeedsOCR, ReadError, read_document, sniff_format
from pipeline.readers.synth import Block, render_pdf

TEXT = [Block("Integrationsrådet holdt møde om sprogundervisning og fritidsjob for unge.")]


def blank_pdf(path, *, image: bool) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    if image:
        picture = Image.new("RGB", (200, 60), "white")
        canvas.drawImage(ImageReader(picture), 72, 600, width=400, height=120)
    canvas.showPage()
    canvas.save()


def make_bad_files(folder):
    folder.mkdir(exist_ok=True)
    (folder / "korrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n")
    render_pdf(folder / "krypteret.pdf", TEXT, password="hemmelig")
    (folder / "tom.txt").write_bytes(b"")
    blank_pdf(folder / "tom.pdf", image=False)
    blank_pdf(folder / "scannet.pdf", image=True)
    (folder / "billede.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "ulaeselig.txt").write_bytes(b"Referat \x81\x8d\x8f\x90\x9d fra m\xf8det")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a;b\n1;2\n")
    (folder / "arkiv.docx").write_bytes(buf.getvalue())
    return folder


EXPECTED = {
    "korrupt.pdf": "corrupt PDF",
    "krypteret.pdf": "encrypted",
    "tom.txt": "empty file",
    "tom.pdf": "empty PDF",
    "scannet.pdf": "needs OCR",
    "billede.html": "unknown format",
    "ulaeselig.txt": "cannot decode",
    "arkiv.docx": "not a Word",
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    return make_bad_files(tmp_path_factory.mktemp("bad") / "arkiv")


@pytest.mark.parametrize(("name", "reason"), sorted(EXPECTED.items()))
def test_bad_file_error_names_file_and_reason(bad_folder, name, reason):
    with pytest.raises(ReadError) as info:
        read_document(bad_folder / name)
    assert name in str(info.value)
    assert reason in info.value.reason


def test_image_only_pdf_is_needs_ocr(bad_folder):
    with pytest.raises(NeedsOCR):
        read_document(bad_folder / "scannet.pdf")


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "aaben.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="ejer"))
    canvas.drawString(72, 700, "Rådet mødes igen i juni.")
    canvas.showPage()
    canvas.save()
    raw = read_document(path)
    assert raw.pages[0].lines[0].text == "Rådet mødes igen i juni."


def test_format_is_sniffed_from_content_not_extension(tmp_path):
    pdf = render_pdf(tmp_path / "referat.txt", TEXT).path  # a PDF with a .txt name
    assert sniff_format(pdf.read_bytes(), pdf) == "pdf"
    assert read_document(pdf).fmt == "pdf"
    html = tmp_path / "side"
    html.write_bytes(b"<!DOCTYPE html><html><body><p>Punkt 1</p></body></html>")
    assert read_document(html).fmt == "html"


def test_folder_run_goes_on_and_lists_failures(bad_folder, tmp_path):
    good = bad_folder.parent / "god"
    good.mkdir(exist_ok=True)
    (good / "referat.txt").write_text(
        "Punkt 1: Godkendelse af dagsorden\nSagsnr.: 24/1001\nBeslutning\nGodkendt.\n",
        encoding="utf-8",
    )
    run = ingest_paths([bad_folder, good])
    assert len(run.documents) == 1
    assert {f.source.rsplit("/", 1)[-1] for f in run.failures} == set(EXPECTED)
    assert [f.needs_ocr for f in run.failures if f.source.endswith("scannet.pdf")] == [True]

    out = tmp_path / "segmenter.jsonl"
    result = CliRunner().invoke(app, ["ingest", str(bad_folder), str(good), "-o", str(out)])
    assert result.exit_code == 1
    assert out.exists() and (tmp_path / "segmenter.documents.jsonl").exists()
    for name in EXPECTED:
        assert name in result.output
    assert "needs OCR" in result.output
