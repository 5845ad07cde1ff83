"""The five seed documents, read as text, give the structure the issue asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_document, collapse_ws
from pipeline.ingest import ingest_file
from pipeline.readers import read_document
from pipeline.segmenters import detect_doc_type
from pipeline.segmenters.figures import extract_figures
from pipeline.segmenters.terms import profile_terms

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(name: str) -> Path:
    path = next(SEEDS.glob(f"{name}_*.txt"), None) if SEEDS.exists() else None
    if path is None:
        pytest.skip(f"seed {name} not available in {SEEDS}")
    return path


@pytest.mark.parametrize(("name", "doc_type"), [
    ("000", "report"), ("001", "report"), ("002", "report"), ("003", "minutes"), ("004", "terms"),
])
def test_doc_type_detection_and_offsets(name, doc_type):
    result = ingest_file(seed(name))
    assert result.document["doc_type"] == doc_type
    text = result.document["text"]
    segs = result.segments
    assert len(segs) > 5
    for row in segs.itertuples():
        assert row.text == collapse_ws(text[row.start : row.end])
        assert row.text  # no empty segments
    assert (segs["start"].diff().dropna() > 0).all()  # in document order, no overlaps


def test_copenhagen_minutes_one_item_with_case_number_and_sections():
    segs = ingest_file(seed("003")).segments
    items = segs.dropna(subset=["item_no"])
    assert set(items["item_no"]) == {"4"}
    assert set(items["case_no"]) == {"2010-150914"}
    title = items["item_title"].iloc[0]
    assert title.startswith("Resultater fra høring om integrationspolitik 2011 - 2014")
    headings = segs[(segs.kind == "heading") & segs.section.notna() & (segs.section != "")]
    assert list(headings["section"]) == [
        "Indstilling og beslutning", "Problemstilling", "Løsning", "Økonomi", "Videre proces",
        "Bilag",
    ]
    economy = segs[(segs.section == "Økonomi") & (segs.kind == "paragraph")]
    assert economy["text"].str.contains("ingen umiddelbare økonomiske konsekvenser").any()
    quotes = segs[segs.kind == "quote"]
    assert quotes["text"].str.startswith("”Alle børn og unge").any()


def test_holbaek_kommissorium_profile():
    profile = profile_terms(clean_document(read_document(seed("004"))))
    assert len(profile["purposes"]) == 4
    assert profile["purposes"][0].startswith("Medvirke til at kommunens integrationsindsats")
    assert len(profile["tasks"]) == 4
    assert profile["members"]["max"] == 15
    assert profile["members"]["nominated"] == 13
    assert profile["members"]["appointed_directly"] == 2
    assert profile["members"]["how_appointed"] == "13 nominated + 2 appointed directly"
    legal = profile["legal_basis"]
    assert (legal["law"], legal["paragraph"]) == ("integrationsloven", "§ 42")
    assert (legal["number"], legal["date"]) == ("2623", "2021-12-28")
    assert profile["approval_date"] == "2022-06-22"
    assert profile["gives_consultation_answers"] is True
    assert "ulønnet" in profile["economy"]
    assert "sekretariatsbetjening" in profile["secretariat"].lower()


def test_2023_report_headings_quotes_and_figures():
    segs = ingest_file(seed("001")).segments
    headings = list(segs.loc[segs.kind == "heading", "text"])
    for expected in ["1.1 Resume", "3.1 AKTUELLE TEMAER", "4.2.1 POLITISK ARBEJDE",
                     "7.2 SYNLIGHED", "8.0 METODE OG DATAGRUNDLAG"]:
        assert expected in headings
    themes = segs[segs.section == "3.0 RÅDENES AKTUELLE ARBEJDE > 3.1 AKTUELLE TEMAER"]
    assert themes["text"].str.contains("7 ud af 17 råd").any()
    quotes = segs[segs.kind == "quote"]
    assert len(quotes) >= 10
    assert quotes["text"].str.startswith("”").all()
    assert quotes["text"].str.contains("dialogmøder med Arbejdsmarkeds- og socialudvalget").any()

    figures = extract_figures(segs)
    pairs = {(int(n), int(m)) for n, m in figures[figures.kind == "n_of_m"][["n", "m"]].values}
    assert {(7, 17), (10, 17), (17, 36), (6, 17), (4, 17), (3, 17)} <= pairs
    assert 47.0 in set(figures.loc[figures.kind == "percent", "value"])
    hele = figures[(figures.n == 10) & (figures.qualifier == "hele")]
    assert len(hele) == 1 and "synlighed" in hele["sentence"].iloc[0]
    derived = figures[figures.derived.astype(bool)]
    assert list(zip(derived.n, derived.m, strict=True)) == [(17, 36)]


def test_2004_report_figures_with_qualifiers():
    figures = extract_figures(ingest_file(seed("000")).segments)
    percent = figures[figures.kind == "percent"]
    knap = set(percent.loc[percent.qualifier == "knap", "value"])
    assert {73.0, 18.0} <= knap
    assert 27.0 in set(percent.loc[percent.qualifier == "godt", "value"])
    assert 2.4 in set(percent["value"])  # "2,4 pct."
    assert not figures["sentence"].str.contains("28/12").any()


def test_2017_report_slash_figures_and_no_dates():
    figures = extract_figures(ingest_file(seed("002")).segments)
    pairs = {(int(n), int(m)) for n, m in figures[figures.kind == "n_of_m"][["n", "m"]].values}
    assert {(16, 30), (17, 30), (1, 30), (30, 40), (24, 30), (28, 30)} <= pairs
    assert all(m <= 98 for _, m in pairs)
    assert 75.0 in set(figures.loc[figures.kind == "percent", "value"])


def test_detect_doc_type_on_plain_prose_is_unknown(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Husk at købe kaffe til mødet.\nVi ses på torsdag.\n", encoding="utf-8")
    assert detect_doc_type(clean_document(read_document(path))) == "unknown"


def test_2017_report_chapters_and_table_of_contents():
    segs = ingest_file(seed("002")).segments
    heads = segs[segs.kind == "heading"]
    assert "KAPITEL 2 ORGANISERING OG FOKUSOMRÅDER > 2.1 FORMANDENS FORANKRING" in set(
        heads.section
    )
    # table-of-contents entries ("2.4 FOKUSOMRÅDER 14") are not headings
    assert not heads.text.str.contains(r"\s\d{1,3}$").any()
    assert not heads.text.str.upper().str.startswith("FIGUR").any()
