"""Unit tests of the minutes, report, terms and figure rules on small written texts."""

from __future__ import annotations

import pytest

from pipeline.clean import CleanDocument, collapse_ws
from pipeline.segmenters import detect_doc_type, segment_document
from pipeline.segmenters.figures import find_figures, sentence_at
from pipeline.segmenters.minutes import case_number_in, section_name
from pipeline.segmenters.terms import parse_date, parse_legal_basis, parse_members


def doc(text: str) -> CleanDocument:
    return CleanDocument(text=text, page_starts=[0], source="mem.txt", doc_id="x", fmt="txt")


@pytest.mark.parametrize(("line", "expected"), [
    ("Beslutning", ("Beslutning", "")),
    ("BESLUTNING:", ("Beslutning", "")),
    ("INDSTILLING OG Beslutning", ("Indstilling og beslutning", "")),
    ("Beslutning i Økonomiudvalget den 3. maj 2023: Godkendt.", ("Beslutning", "Godkendt.")),
    ("Økonomiske konsekvenser", ("Økonomi", "")),
    ("Videre proces", ("Videre proces", "")),
    ("Bilag: Notat om sprogcentret", ("Bilag", "Notat om sprogcentret")),
    ("Beslutning Integrationsrådet den 12-03-2024", ("Beslutning", "")),
    ("Beslutning fra Børne- og Ungeudvalget, 4. juni 2024", ("Beslutning", "")),
])
def test_section_names(line, expected):
    assert section_name(line) == expected


@pytest.mark.parametrize("line", [
    "Økonomi er et vigtigt emne for rådet, og det blev drøftet længe.",
    "Beslutningen blev udskudt.",
    "Løsningen er endnu ikke fundet",
])
def test_prose_is_not_a_section(line):
    assert section_name(line) is None


@pytest.mark.parametrize(("line", "case"), [
    ("Sagsnr.: EMN-2025-003383", "EMN-2025-003383"),
    ("Sagsnr. 2025-1234", "2025-1234"),
    ("23/4512", "23/4512"),
    ("J.nr. 27.00.00-A00-1-23", "27.00.00-A00-1-23"),
    ("Dok.nr. 2024/08812", "2024/08812"),
])
def test_case_number_lines(line, case):
    assert case_number_in(line) == case


def test_case_number_not_found_in_prose():
    assert case_number_in("Mødet sluttede kl. 19.30 den 28/12") is None


def test_agenda_listed_before_items_without_page_numbers():
    text = "\n".join([
        "Dagsorden",
        "Punkt 1: Velkomst",
        "Punkt 2: Rådets budget for 2026",
        "",
        "Punkt 1: Velkomst",
        "Sagsnr.: 25/100",
        "Formanden bød velkommen.",
        "",
        "Punkt 2: Rådets budget for 2026",
        "Sagsnr.: 25/101",
        "Sagsfremstilling",
        "Rådet har 30.000 kr. til rådighed.",
        "Beslutning: Godkendt.",
    ])
    segs = segment_document(doc(text), "minutes")
    items = segs[(segs.kind == "heading") & segs.item_no.notna() & (segs.section == "")]
    found = list(zip(items.item_no, items.case_no, strict=True))
    assert found == [("1", "25/100"), ("2", "25/101")]
    assert list(segs[segs.item_no == "2"].section.unique()) == ["", "Sagsfremstilling",
                                                                 "Beslutning"]


def test_agenda_heading_over_the_items_themselves_keeps_them():
    text = ("Dagsorden\nPunkt 1: Velkomst\nFormanden bød velkommen.\n"
            "Punkt 2: Eventuelt\nIntet.\n")
    segs = segment_document(doc(text), "minutes")
    assert list(segs.item_no.dropna().unique()) == ["1", "2"]


def test_item_number_alone_with_title_on_next_line():
    text = ("Pkt. 7\nOrientering om sprogskolen\nSagsnr.: 24/5550\nBeslutning\n"
            "Taget til efterretning.")
    segs = segment_document(doc(text), "minutes")
    head = segs[segs.kind == "heading"].iloc[0]
    assert (head.item_no, head.item_title, head.case_no) == (
        "7", "Orientering om sprogskolen", "24/5550")


def test_number_without_dot_and_case_line_with_more_fields():
    text = ("3 Høring om ny integrationsstrategi\n"
            "Sagsnr.: 27.00.00-A00-4-24     Sagsansvarlig: Forvaltningen\n"
            "Sagsfremstilling\nStrategien er sendt i høring.\n"
            "Beslutning Integrationsrådet den 12-03-2024\nRådet afgiver høringssvar.")
    segs = segment_document(doc(text), "minutes")
    head = segs.iloc[0]
    assert (head.item_no, head.case_no) == ("3", "27.00.00-A00-4-24")
    assert list(segs.section.unique()) == ["", "Sagsfremstilling", "Beslutning"]


def test_numbered_list_in_minutes_is_not_an_item():
    text = "Punkt 1: Status\nSagsnr.: 24/1\nRådet foreslår:\n1. Flere tolke\n2. Bedre skilte\n"
    segs = segment_document(doc(text), "minutes")
    assert set(segs.item_no.dropna()) == {"1"}
    assert (segs.kind == "list_item").sum() == 2


def test_report_heading_path_and_quote():
    text = ("2.0 SAMARBEJDE\n\n2.1 MED KOMMUNEN\nRådene mødes med udvalgene.\n\n"
            "”Vi bliver hørt, men for sent i\nprocessen.”\n\n3.0 AFSLUTNING\nTak.")
    segs = segment_document(doc(text), "report")
    quote = segs[segs.kind == "quote"].iloc[0]
    assert quote.section == "2.0 SAMARBEJDE > 2.1 MED KOMMUNEN"
    assert quote.text == "”Vi bliver hørt, men for sent i processen.”"
    assert segs.iloc[-1].section == "3.0 AFSLUTNING"
    for row in segs.itertuples():
        assert row.text == collapse_ws(text[row.start : row.end])


def test_detect_doc_type():
    minutes = "Referat\nPunkt 1: Budget\nSagsnr.: 24/1\nIndstilling\nForvaltningen indstiller."
    terms = "Kommissorium for Integrationsrådet\nFormål\nRådet skal rådgive.\nLovgrundlag\n§ 42."
    assert detect_doc_type(doc(minutes)) == "minutes"
    assert detect_doc_type(doc(terms)) == "terms"


@pytest.mark.parametrize(("text", "expected"), [
    ("Hele 9 ud af 12 råd svarede.", [("n_of_m", 9, 12, 75.0, "hele")]),
    ("knap 73 pct. af formændene", [("percent", None, None, 73.0, "knap")]),
    ("godt 2,5 procent", [("percent", None, None, 2.5, "godt")]),
    ("ca. 40 % af rådene", [("percent", None, None, 40.0, "ca.")]),
    ("næsten 3 ud af de 4 kommuner", [("n_of_m", 3, 4, 75.0, "næsten")]),
    ("tre ud af fire medlemmer", [("n_of_m", 3, 4, 75.0, None)]),
    ("over halvdelen (16/30) svarer ja", [("n_of_m", 16, 30, 53.3, None)]),
    ("en svarprocent på 62 er fin", [("percent", None, None, 62.0, None)]),
])
def test_figures(text, expected):
    got = [(f["kind"], f["n"], f["m"], f["value"], f["qualifier"]) for f in find_figures(text)]
    assert got == expected


@pytest.mark.parametrize("text", [
    "lov nr. 2623 af 28/12/2021",
    "sagen 2010-150914 blev behandlet",
    "Sagsnr. 23/456",
    "en stigning på 5 procentpoint",
    "åbent 24/7 hele året",
    "Årsrapport 2023",
])
def test_not_figures(text):
    assert find_figures(text) == []


def test_sentence_at_skips_abbreviations():
    text = "Rådet mødes ca. 4 gange årligt. Hele 9 ud af 12 råd har bl.a. et budget. Slut."
    assert sentence_at(text, text.index("9 ud")) == "Hele 9 ud af 12 råd har bl.a. et budget."


def test_terms_parsers():
    members = parse_members("Rådet består af op til ni medlemmer. Syv medlemmer udpeges efter "
                            "indstilling fra foreningerne, og to udpeges direkte af byrådet.")
    assert (members["max"], members["nominated"], members["appointed_directly"]) == (9, 7, 2)
    legal = parse_legal_basis("Rådet er nedsat i medfør af integrationslovens § 42, jf. lov nr. "
                              "1146 af 28/11/2023.")
    assert legal["law"] == "integrationsloven" and legal["paragraph"] == "§ 42"
    assert (legal["number"], legal["date"]) == ("1146", "2023-11-28")
    assert parse_date("vedtaget den 3. okt. 2024") == "2024-10-03"
    assert parse_date("31. februar 2024") is None
