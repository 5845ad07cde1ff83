"""Domain tokenizer: abbreviations, case numbers, e-mails and phone numbers stay whole."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp.language import blank_danish


@pytest.fixture(scope="module")
def nlp():
    return blank_danish()


@pytest.mark.parametrize(
    "token",
    ["kr.", "pct.", "nr.", "jf.", "bl.a.", "mio.", "sagsnr.", "Sagsnr.", "EMN-2025-003383",
     "2010-150914", "23/4512", "27.00.00-A00-1-23", "fatima.hassan@aarhus.dk", "+4512345678"],
)
def test_kept_as_one_token(nlp, token):
    doc = nlp(f"Se {token}, tak.")
    assert token in [t.text for t in doc]


def test_paragraph_sign_split_from_number(nlp):
    assert [t.text for t in nlp("jf. §42")] == ["jf.", "§", "42"]


def test_slash_before_a_sign_off_name_is_split(nlp):
    # "/Asma" under an e-mail: the name must be a token of its own to be found; slashes
    # inside a token (og/eller, 23/4512, 1/1-2024) stay.
    assert [t.text for t in nlp("Hilsen /Asma")] == ["Hilsen", "/", "Asma"]
    assert [t.text for t in nlp("og/eller 23/4512 1/1-2024")] == ["og/eller", "23/4512", "1/1-2024"]


def test_sentence_final_case_number(nlp):
    assert [t.text for t in nlp("Sagen har nr. EMN-2025-003383.")][-2:] == ["EMN-2025-003383", "."]


def test_tokenizer_survives_to_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert "sagsnr." in [t.text for t in loaded("Se sagsnr. 23/4512.")]
    assert "23/4512" in [t.text for t in loaded("Se sagsnr. 23/4512.")]


def test_lookup_lemmatizer_lowercases_first():
    from pipeline.nlp.components import build_rule_pipeline

    doc = build_rule_pipeline()("Kommunerne modtog flygtninge, og Aarhus gik forrest.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Kommunerne"] == "kommune"  # only "kommunerne" is in the table
    assert lemmas["flygtninge"] == "flygtning"
    assert lemmas["gik"] == "gå"
    assert lemmas["Aarhus"] == "Aarhus"  # unknown proper noun keeps its text
