"""Unit tests of the cleaning steps in pipeline/clean.py."""

from __future__ import annotations

import pytest

from pipeline.clean import (
    CleanDocument,
    classify_hyphen,
    clean_document,
    collapse_ws,
    column_split,
    drop_running_lines,
    is_page_number,
    join_hyphens,
    normalize_text,
    order_reading,
    paragraph_breaks,
)
from pipeline.readers.base import Line, Page, RawDocument


def test_normalize_quotes_ligatures_spaces_and_nfc():
    decomposed = "Ra\u030adet"  # å as a + combining ring
    text = normalize_text(f"“ﬁre” „ﬂere“ {decomposed}\u00a0og\u00adså  \tnu")
    assert text == "”fire” ”flere” Rådet også nu"
    assert normalize_text("Århus og Ærø, Ødsted") == "Århus og Ærø, Ødsted"


def test_normalize_maps_unmapped_bullet_glyphs():
    assert normalize_text("(cid:127) Bilag 1") == "• Bilag 1"
    assert normalize_text("a(cid:999)b") == "ab"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("udformnin-", "gen", "join"),
        ("Inte-", "grationsråd", "join"),
        ("KOM-", "MUNEN", "join"),
        ("Beskæftigelses-", "og", "space"),
        ("Børne-", "eller", "space"),
        ("Ikast-", "Brande", "keep"),
        ("2030-", "fremskrivning", "keep"),
        ("5-", "årige", "keep"),
        ("EU-", "midler", "keep"),
        ("e-", "mail", "keep"),
        ("covid-", "nedlukning", "keep"),
        ("(Beskæftigelses-", "og", "space"),
    ],
)
def test_classify_hyphen(left, right, expected):
    assert classify_hyphen(left, right) == expected


def test_join_hyphens_moves_the_fragment_up_and_keeps_lines():
    lines = ["risikerer at gå under radaren i udformnin-", "gen og implementeringen.", "",
             "Beskæftigelses-", "og Integrationsudvalget i Ikast-", "Brande"]
    assert join_hyphens(lines) == [
        "risikerer at gå under radaren i udformningen", "og implementeringen.", "",
        "Beskæftigelses-", "og Integrationsudvalget i Ikast-Brande",
    ]


def test_join_hyphens_crosses_a_page_break_only_into_lower_case():
    assert join_hyphens(["det lokale arran-", "", "gement"]) == ["det lokale arrangement"]
    assert join_hyphens(["Punkt-", "", "Næste afsnit"]) == ["Punkt-", "", "Næste afsnit"]


@pytest.mark.parametrize("text", ["3", "- 3 -", "Side 3 af 12", "side 3", "3/12", "s. 14"])
def test_page_numbers(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["3 ud af 17 råd", "2010-150914", "Side om side"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def _page(number: int, body: list[str], header: str | None, footer: str | None) -> Page:
    lines = []
    if header:
        lines.append(Line(header, 72, 300, 30, 38, 8))
    for i, text in enumerate(body):
        lines.append(Line(text, 72, 500, 100 + 14 * i, 110 + 14 * i, 10))
    if footer:
        lines.append(Line(footer, 450, 520, 800, 808, 8))
    return Page(number, lines, 595, 842)


def test_drop_running_lines_by_repetition_and_position():
    pages = [
        _page(n, ["Rådet mødes fire gange om året.", f"Punkt {n} blev drøftet."],
              "Integrationsrådet · Årsberetning 2024", f"Side {n} af 4")
        for n in range(1, 5)
    ]
    cleaned, removed = drop_running_lines(pages)
    texts = [ln.text for p in cleaned for ln in p.lines]
    assert "Integrationsrådet · Årsberetning 2024" not in texts
    assert not any(t.startswith("Side ") for t in texts)
    assert texts.count("Rådet mødes fire gange om året.") == 4  # body repeats are kept
    assert len(removed) == 8


def test_single_page_keeps_a_header_that_does_not_repeat():
    cleaned, _ = drop_running_lines([_page(1, ["Tekst."], "Referat", "1")])
    assert [ln.text for ln in cleaned[0].lines] == ["Referat", "Tekst."]


def _two_columns() -> Page:
    lines = [Line("Overskrift over begge spalter i rapporten", 72, 523, 80, 94, 14)]
    for i in range(8):
        top = 110 + 14 * i
        lines.append(Line(f"venstre linje {i} med nogle ord", 72, 285, top, top + 10, 10))
        lines.append(Line(f"højre linje {i} med andre ord", 310, 523, top, top + 10, 10))
    return Page(1, lines, 595, 842)


def test_column_split_finds_the_gutter():
    page = _two_columns()
    split = column_split(page.lines, page.width)
    assert split is not None and 285 < split <= 310
    one_column = [Line(f"linje {i} af en almindelig side", 72, 500, 100 + 14 * i, 110 + 14 * i)
                  for i in range(10)]
    assert column_split(one_column, 595) is None


def test_order_reading_left_column_then_right():
    ordered = [ln.text for ln in order_reading(_two_columns()) if ln is not None]
    assert ordered[0].startswith("Overskrift")
    assert ordered[1:9] == [f"venstre linje {i} med nogle ord" for i in range(8)]
    assert ordered[9:] == [f"højre linje {i} med andre ord" for i in range(8)]


def test_paragraph_breaks_from_vertical_gaps():
    lines = [Line("a", 72, 200, 100, 110), Line("b", 72, 200, 114, 124),
             Line("c", 72, 200, 150, 160), Line("d", 72, 200, 164, 174)]
    out = paragraph_breaks(lines)
    assert [None if ln is None else ln.text for ln in out] == ["a", "b", None, "c", "d"]


def test_clean_document_offsets_and_pages():
    raw = RawDocument("x.pdf", "abc", "pdf", pages=[
        _page(n, [f"Afsnit {n} om rådets arbejde.", "Endnu en linje i afsnittet."],
              "Sidehoved", f"{n}")
        for n in range(1, 4)
    ])
    clean = clean_document(raw)
    assert isinstance(clean, CleanDocument)
    assert "Sidehoved" not in clean.text
    assert len(clean.page_starts) == 3
    for n, start in enumerate(clean.page_starts, start=1):
        assert clean.text[start:].startswith(f"Afsnit {n}")
        assert clean.page_of(start) == n
    assert collapse_ws(" a \n\n b ") == "a b"


def test_heading_hints_from_type_but_not_for_bold_paragraphs():
    lines = [Line("Overskrift", 72, 200, 80, 96, 16, True)]
    lines += [Line(f"fed brødtekst linje {i}", 72, 500, 120 + 14 * i, 130 + 14 * i, 10, True)
              for i in range(5)]
    lines += [Line(f"almindelig linje {i}", 72, 500, 200 + 14 * i, 210 + 14 * i, 10)
              for i in range(8)]
    clean = clean_document(RawDocument("x.pdf", "id", "pdf", [Page(1, lines, 595, 842)]))
    assert [clean.text[a:b] for a, b in clean.headings] == ["Overskrift"]
