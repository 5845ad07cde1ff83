"""Readers: DOCX styles and tables, HTML structure and charsets, text encodings, engines."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document, collapse_ws
from pipeline.readers import read_document
from pipeline.readers.synth import Block, render_pdf


def test_docx_headings_lists_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Referat af rådsmøde", level=1)
    document.add_paragraph("Mødet blev holdt på biblioteket.")
    document.add_paragraph("Dagsordenen blev godkendt", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Punkt", "Ansvarlig"
    table.cell(1, 0).text, table.cell(1, 1).text = "Høringssvar", "Formanden"
    path = tmp_path / "referat.docx"
    document.save(str(path))
    raw = read_document(path)
    lines = [ln for ln in raw.pages[0].lines if ln.text]
    assert raw.fmt == "docx"
    assert lines[0].text == "Referat af rådsmøde" and lines[0].bold
    assert lines[0].size > lines[1].size
    assert "• Dagsordenen blev godkendt" in [ln.text for ln in lines]
    assert "Høringssvar | Formanden" in [ln.text for ln in lines]
    clean = clean_document(raw)
    assert clean.text[slice(*clean.headings[0])] == "Referat af rådsmøde"


def test_html_utf8_without_meta_and_ordered_lists(tmp_path):
    path = tmp_path / "dagsorden.htm"
    path.write_text(
        "<html><body><script>x()</script><h2>Punkt 3: Økonomi</h2>"
        "<ol><li>Første forslag</li><li>Andet forslag</li></ol>"
        "<p>Beløbet er 12.000&nbsp;kr.</p></body></html>",
        encoding="utf-8",
    )
    raw = read_document(path)
    texts = [ln.text for ln in raw.pages[0].lines if ln.text]
    assert texts[:3] == ["Punkt 3: Økonomi", "1. Første forslag", "2. Andet forslag"]
    assert "x()" not in " ".join(texts)
    assert "Beløbet er 12.000 kr." in clean_document(raw).text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_text_encodings_keep_danish_letters(tmp_path, encoding):
    path = tmp_path / "note.txt"
    path.write_bytes("Rådet på Ærø ønsker dialog.\r\nSide to\fNæste side".encode(encoding))
    raw = read_document(path)
    clean = clean_document(raw)
    assert clean.text.startswith("Rådet på Ærø ønsker dialog.")
    assert len(raw.pages) == 2 and clean.text[clean.page_starts[1]:] == "Næste side"


def test_pdf_lines_carry_geometry_and_font_size(tmp_path):
    rendered = render_pdf(tmp_path / "a.pdf", [Block("Overskrift", "heading"),
                                                Block("Brødtekst om rådets arbejde.")])
    raw = read_document(rendered.path)
    heading, body = [ln for ln in raw.pages[0].lines if ln.text in ("Overskrift",
                                                                    "Brødtekst om rådets arbejde.")]
    assert heading.bold and heading.size > body.size
    assert heading.top < body.top and body.x0 == pytest.approx(72, abs=1)


def test_pdfium_engine_gives_the_same_clean_text(tmp_path):
    pytest.importorskip("pypdfium2")
    blocks = [Block("Rådet har afgivet høringssvar om integrationsstrategien og "
                    "sprogundervisningen i kommunen. " * 8)]
    rendered = render_pdf(tmp_path / "b.pdf", blocks)
    plumber = clean_document(read_document(rendered.path))
    try:
        pdfium = clean_document(read_document(rendered.path, engine="pdfium"))
    except ImportError:
        pytest.skip("pipeline.readers.pdf_fast not available")
    assert collapse_ws(pdfium.text) == collapse_ws(plumber.text)


def test_unknown_engine_is_rejected(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("tekst", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read_document(path, engine="tesseract")
