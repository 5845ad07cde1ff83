"""Personal-data rules: CPR numbers, Danish phone numbers, e-mail addresses."""

from __future__ import annotations

import pytest

from pipeline.nlp.personal_data import CPR, EMAIL, PHONE, find_personal_data, valid_cpr_date


def found(text: str) -> list[tuple[str, str]]:
    return [(text[p.start:p.end], p.label) for p in find_personal_data(text)]


@pytest.mark.parametrize("cpr", ["010190-1234", "0101901234", "311299-4321", "290204-1111"])
def test_cpr_with_and_without_dash(cpr):
    assert found(f"Borgerens cpr-nr. er {cpr}, oplyst ved mødet.") == [(cpr, CPR)]


@pytest.mark.parametrize("not_cpr", ["320190-1234", "011390-1234", "310490-1234"])
def test_cpr_date_part_is_validated(not_cpr):
    assert all(label != CPR for _, label in found(f"Nummer {not_cpr} i sagen."))


def test_valid_cpr_date():
    assert valid_cpr_date("29", "02", "01")  # century unknown: accept 29 February
    assert not valid_cpr_date("31", "06", "90")
    assert not valid_cpr_date("00", "01", "90")


@pytest.mark.parametrize(
    "phone",
    ["12345678", "12 34 56 78", "+45 12 34 56 78", "+4512345678", "0045 12345678",
     "1234 5678", "87 65 43 21", "+45 87654321"],
)
def test_danish_phone_formats(phone):
    assert found(f"Ring til Amina på {phone} efter kl. 16.") == [(phone, PHONE)]


def test_a_number_glued_to_a_word_by_a_comma_is_found_and_a_decimal_is_not():
    """R95: *Amina Hassan,28417710* (an export or a hasty list) left the phone number in the
    text; after a digit the comma is a decimal comma (*1,12345678* is no phone number)."""
    assert found("Amina Hassan,28417710") == [("28417710", PHONE)]
    assert found("Amina Hassan,0101901234") == [("0101901234", CPR)]
    assert found("Faktor 1,12345678 i modellen") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tlf.28417710", [("28417710", PHONE)]),
        ("Tlf.nr.28417710", [("28417710", PHONE)]),
        ("tlf 28417710/28417711", [("28417710", PHONE), ("28417711", PHONE)]),
        ("28417710-28417711", [("28417710", PHONE), ("28417711", PHONE)]),
        ("cpr.nr.010190-1234", [("010190-1234", CPR)]),
        ("cpr 010190 1234", [("010190 1234", CPR)]),
        ("cpr 010190–1234", [("010190–1234", CPR)]),
        ("skriv til amina(at)vejle.dk", [("amina(at)vejle.dk", EMAIL)]),
        ("skriv til amina[at]vejle.dk", [("amina[at]vejle.dk", EMAIL)]),
        # still no personal data: an amount after kr., a period of two dates, a case number
        ("kr.12500000 blev bevilget", []),
        ("perioden 20230101-20231231", []),
        ("sag 2010-150914 og 28/12/2021", []),
    ],
)
def test_numbers_glued_to_abbreviations_and_each_other(text, expected):
    """R96: forms that left a number or an address in the anonymised text."""
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tlf28417710", [("28417710", PHONE)]),
        ("TLF28417710 efter kl. 16", [("28417710", PHONE)]),
        ("ring på +45-28417710", [("+45-28417710", PHONE)]),
        ("0045-28417710", [("0045-28417710", PHONE)]),
        ("28417710,28417711", [("28417710", PHONE), ("28417711", PHONE)]),
        # still no personal data: a decimal, two years, a word ending in tlf, an amount
        ("Beløbet var 12345678,5 kr.", []),
        ("i 2023,2024 og 2025", []),
        ("Atlf28417710", []),
        ("kr.12500000 blev bevilget", []),
    ],
)
def test_phone_numbers_glued_to_tlf_a_hyphen_or_a_comma(text, expected):
    """R106: a number glued to *Tlf*, after *+45-*, or a second one after a comma with no
    space stayed in the anonymised text."""
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Budgettet for 2023 og 2024 er vedtaget.",
        "I årene 2022 2023 steg antallet.",
        "Der er afsat 12.500.000 kr. og 1.250.000 kroner.",
        "Sagsnr. 2010-150914 og 23/4512 samt EMN-2025-003383.",
        "Mødet 22.06.2022 og 28/12/2021 kl. 17.00.",
        "Journalnummer 27.00.00-A00-1-23 er oprettet.",
        "Der deltog 30 12-årige og 1 234 borgere.",
        "Ud af 17 råd svarede 7, heraf 73 pct.",
    ],
)
def test_years_amounts_case_numbers_and_dates_are_not_personal_data(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "email", ["fatima.hassan@aarhus.dk", "k.nielsen+raad@integrationsraad.vejle.dk", "a_b@x-y.org"]
)
def test_email(email):
    assert found(f"Skriv til {email}.") == [(email, EMAIL)]


def test_several_in_one_text_in_order():
    text = "Kontakt: jens@odense.dk, tlf. 23 45 67 89, cpr 150385-2345."
    assert [label for _, label in found(text)] == [EMAIL, PHONE, CPR]
