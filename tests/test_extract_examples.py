"""Minutes in other municipalities' layouts, a DOCX kommissorium and a PDF report.

The files in corpus/examples are written by corpus/examples/make_examples.py
(invented texts); they are also the demo corpus.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from pipeline.clean import clean_document, collapse_ws
from pipeline.ingest import ingest_file, ingest_paths
from pipeline.paths import CORPUS_DIR
from pipeline.readers import read_document
from pipeline.segmenters.figures import extract_figures
from pipeline.segmenters.terms import profile_terms

EXAMPLES = CORPUS_DIR / "examples"


@cache
def segments_of(name: str) -> pd.DataFrame:
    """The segments of an example file, ingested once per test session (read-only)."""
    return ingest_file(EXAMPLES / name).segments


def items_of(name: str) -> list[tuple[str, str, str]]:
    segs = segments_of(name)
    heads = segs[(segs.kind == "heading") & segs.item_no.notna()].drop_duplicates("item_no")
    return list(zip(heads.item_no, heads.item_title, heads.case_no, strict=True))


def sections_of(name: str, item_no: str) -> list[str]:
    segs = segments_of(name)
    item = segs[(segs.item_no == item_no) & (segs.kind == "heading") & (segs.section != "")]
    return list(item.section)


@pytest.mark.parametrize(("name", "items", "sections"), [
    # layout A: "N. Titel (sagsnummer)"; the agenda with dot leaders and page
    # numbers must not create items
    ("referat_nordby_2024.pdf", [
        ("1", "Godkendelse af dagsorden", "2024-004411"),
        ("2", "Høringssvar om budget for sprogcentret", "2024-004517"),
        ("3", "Planlægning af Mangfoldighedens Dag 2024", "2024-004602"),
    ], {
        "2": ["Sagsfremstilling", "Indstilling", "Beslutning"],
        "3": ["Sagsfremstilling", "Økonomi", "Beslutning", "Bilag"],
    }),
    # layout C: "N. Titel" with the journal number below, cp1252 text
    ("referat_soeby_2023.txt", [
        ("1", "Meddelelser fra formanden", "27.00.00-A00-1-23"),
        ("2", "Status på lektiecaféen i Vestparken", "27.00.00-A00-2-23"),
        ("3", "Eventuelt", "27.00.00-A00-3-23"),
    ], {
        "2": ["Sagsfremstilling", "Indstilling", "Beslutning"],
    }),
])
def test_layout_numbered_items_and_their_sections(name, items, sections):
    assert items_of(name) == items
    for item_no, expected in sections.items():
        assert sections_of(name, item_no) == expected


def test_layout_punkt_with_case_number_on_next_line():
    assert items_of("referat_beskaeftigelsesudvalget_2025.pdf") == [
        ("1", "Orientering om ny integrationsindsats for kvinder", "EMN-2025-003383"),
        ("2", "Svar på forslag fra Integrationsrådet om mentorordning for unge", "23/4512"),
    ]
    segs = segments_of("referat_beskaeftigelsesudvalget_2025.pdf")
    decision = segs[(segs.item_no == "2") & (segs.section == "Beslutning")]
    assert list(decision.kind) == ["heading", "paragraph"]
    assert decision.text.iloc[1].startswith("Udvalget bakkede op")  # "Beslutning: ..." inline


def test_html_minutes_in_windows_1252():
    raw = read_document(EXAMPLES / "referat_aaby_2024.html")
    text = "\n".join(ln.text for ln in raw.pages[0].lines)
    assert "Forside" not in text and "tracking" not in text  # nav and script dropped
    assert "Åby Bibliotek" in text  # decoded as windows-1252
    assert items_of("referat_aaby_2024.html") == [
        ("1", "Rådets høringssvar om boligsocial helhedsplan", "24/18807"),
        ("2", "Evaluering af dialogmøde med Børne- og Ungeudvalget", "24/19012"),
    ]
    segs = segments_of("referat_aaby_2024.html")
    assert (segs.kind == "list_item").sum() == 2
    assert (segs.kind == "table").sum() == 1
    assert segs.page.isna().all()  # HTML has no pages


def test_docx_kommissorium_profile():
    path = EXAMPLES / "kommissorium_vestby_2023.docx"
    profile = profile_terms(clean_document(read_document(path)))
    assert len(profile["purposes"]) == 3
    assert len(profile["tasks"]) == 2
    members = profile["members"]
    assert (members["max"], members["nominated"], members["appointed_directly"]) == (11, 9, 2)
    assert members["how_appointed"] == "9 nominated + 2 appointed directly"
    assert members["appointment"].startswith("Op til 9 medlemmer udpeges")
    assert profile["legal_basis"]["paragraph"] == "§ 42"
    assert profile["legal_basis"]["date"] == "2021-12-28"
    assert profile["approval_date"] == "2023-03-15"
    assert profile["gives_consultation_answers"] is True


def test_pdf_report_two_columns_quotes_and_figures():
    result = ingest_file(EXAMPLES / "rapport_lokale_raad_2024.pdf")
    segs = result.segments
    assert result.document["doc_type"] == "report"
    assert "Lokale integrationsråd 2024" not in result.document["text"]  # running header
    assert (segs.kind == "quote").sum() == 2
    assert "2.0 RÅDENES ARBEJDE > 2.2 SYNLIGHED" in set(segs.section)
    figures = extract_figures(segs)
    pairs = {(int(n), int(m)) for n, m in figures[figures.kind == "n_of_m"][["n", "m"]].values}
    assert {(14, 19), (11, 14), (4, 14), (7, 14), (5, 14)} <= pairs
    assert set(figures.loc[figures.n == 11, "qualifier"]) == {"hele"}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()
                                        if p.suffix in (".pdf", ".txt", ".html", ".docx")))
def test_every_example_keeps_offsets(name):
    result = ingest_file(EXAMPLES / name)
    text = result.document["text"]
    for row in result.segments.itertuples():
        assert row.text == collapse_ws(text[row.start : row.end])


def test_folder_run_over_examples():
    run = ingest_paths([EXAMPLES])
    assert not run.failures
    assert len(run.documents) == 6  # make_examples.py itself is not a document
    assert set(run.documents.doc_type) == {"minutes", "report", "terms"}
    assert run.segments.doc_id.nunique() == 6
