"""Gazetteer data and the rule pipeline built from it."""

from __future__ import annotations

import csv
import json

import pytest

from pipeline.nlp.components import build_rule_pipeline
from pipeline.nlp.gazetteer import (
    build_patterns,
    is_genitive_municipality,
    is_municipality_name,
    load_municipalities,
    municipality_regex,
)
from pipeline.paths import GAZETTEER_DIR


@pytest.fixture(scope="module")
def rules():
    return build_rule_pipeline()


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_98_municipalities_in_5_regions():
    items = load_municipalities()
    assert len(items) == 98
    assert {m.region for m in items} == {
        "Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"
    }
    with (GAZETTEER_DIR / "regions.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 5


def test_patterns_file_is_up_to_date_with_the_tables():
    """patterns.jsonl is generated: regenerate with `python -m pipeline.nlp.build_patterns`."""
    from pipeline.nlp.gazetteer import read_patterns_file

    assert read_patterns_file(GAZETTEER_DIR / "patterns.jsonl") == build_patterns()


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Mødet blev holdt i Aarhus Kommunes lokaler.", "Aarhus Kommunes"),
        ("Københavns Kommune har ansat to konsulenter.", "Københavns Kommune"),
        ("Bornholms Regionskommune deltog også.", "Bornholms Regionskommune"),
        ("Rådet i Ikast-Brande Kommune mødes fire gange om året.", "Ikast-Brande Kommune"),
        ("Borgere fra Lyngby-Taarbæk var inviteret.", "Lyngby-Taarbæk"),
        ("Vejles integrationsråd har fået nye medlemmer.", "Vejles"),
        ("Der er ventelister i Høje-Taastrup og i Odense.", "Høje-Taastrup"),
        ("Aarhus' nye integrationspolitik blev vedtaget.", "Aarhus'"),
        ("KOMMISSORIUM FOR INTEGRATIONSRÅDET I TØNDER KOMMUNE", "TØNDER KOMMUNE"),
    ],
)
def test_municipality_forms_are_found(rules, text, mention):
    assert (mention, "MUNICIPALITY") in ents(rules, text)


def test_ambiguous_name_not_at_sentence_start(rules):
    found = ents(rules, "Vejen til job er lang. Rådet i Vejen mødes i morgen.")
    assert found == [("Vejen", "MUNICIPALITY")]
    assert rules("Vejen til job er lang.").ents == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Aarhus Kommunes", True), ("Aarhus Kommune", False), ("Københavns Kommune", False),
        ("Københavns", True), ("Vejles", True), ("Vejle", False), ("Aarhus'", True),
        ("Assens", False), ("Bornholms Regionskommune", False), ("Odenses", True),
        ("Lyngby-Taarbæks", True), ("TØNDER KOMMUNES", True),
    ],
)
def test_genitive(text, expected):
    assert is_genitive_municipality(text) is expected


def test_municipality_is_a_closed_class():
    assert is_municipality_name("Ikast-Brande")
    assert is_municipality_name("Ringkøbing-Skjern Kommunes")
    assert not is_municipality_name("Gellerup")
    assert not is_municipality_name("Hundested")


def test_municipality_regex_whole_words_only():
    found = [m.group() for m in municipality_regex().finditer("Jobcenter Aarhus og Aarhusianerne")]
    assert found == ["Aarhus"]


@pytest.mark.parametrize(
    "text, span, label",
    [
        ("Sagen går videre til Beskæftigelses- og Integrationsudvalget.",
         "Beskæftigelses- og Integrationsudvalget", "COMMITTEE"),
        ("Arbejdsmarkedsudvalget godkendte indstillingen.", "Arbejdsmarkedsudvalget", "COMMITTEE"),
        ("Københavns Integrationsråd holdt møde.", "Københavns Integrationsråd", "COMMITTEE"),
        ("Det Nationale Integrationsråd udgav en rapport.", "Det Nationale Integrationsråd", "ORG"),
        ("Rådet samarbejder med Røde Kors.", "Røde Kors", "ORG"),
        ("Dansk Flygtningehjælp og LO deltog.", "Dansk Flygtningehjælp", "ORG"),
        ("Jf. integrationslovens § 42, stk. 2, kan", "integrationslovens § 42, stk. 2", "LAW"),
        ("Det følger af integrationslovens § 42.", "integrationslovens § 42", "LAW"),
        ("Jf. lov nr. 2623 af 28/12/2021 om ændring.", "lov nr. 2623 af 28/12/2021", "LAW"),
        ("Lovforslag L 82 blev vedtaget.", "Lovforslag L 82", "LAW"),
        ("Efter serviceloven kan kommunen yde støtte.", "serviceloven", "LAW"),
        ("Der er afsat 1,2 mio. kr. til projektet.", "1,2 mio. kr.", "MONEY"),
        ("Tilskuddet er på kr. 25.000 om året.", "kr. 25.000", "MONEY"),
        ("Knap 73 pct. svarede ja.", "73 pct.", "PERCENT"),
        ("Mødet holdes den 4. maj 2023 kl. 17.", "4. maj 2023", "DATE"),
        ("Vedtaget 22.06.2022 af rådet.", "22.06.2022", "DATE"),
        ("Se sag EMN-2025-003383 og 2010-150914.", "EMN-2025-003383", "CASE_NO"),
        ("Sagsnr.: 23/4512", "23/4512", "CASE_NO"),
        ("Region Midtjylland støtter projektet.", "Region Midtjylland", "LOC"),
    ],
)
def test_rule_patterns(rules, text, span, label):
    assert (span, label) in ents(rules, text)


@pytest.mark.parametrize(
    "name, forms",
    [
        ("Rigsrevisionen", ("Rigsrevisionens",)),
        ("Danske Regioner", ("Danske Regioners",)),
        ("DBU", ("DBU's", "DBUs")),  # an abbreviation: both spellings in use
        ("FN's", ()),  # already a genitive
        ("TV 2", ()),
    ],
)
def test_organisation_genitives(name, forms):
    from pipeline.nlp.gazetteer import org_genitives

    assert org_genitives(name) == forms


@pytest.mark.parametrize(
    "text, span",
    [
        ("FN's generalforsamling mødes i næste uge.", "FN's"),
        ("Sagen blev afgjort ved Østre Landsret i går.", "Østre Landsret"),
        ("Aktien i Zealand Pharma steg kraftigt.", "Zealand Pharma"),
        ("Nordjyllands Politi efterlyser vidner.", "Nordjyllands Politi"),
        ("Kampen mellem AGF og FC Midtjylland endte uafgjort.", "FC Midtjylland"),
        ("KLs formand var uenig.", "KLs"),
    ],
)
def test_national_and_international_organisations(rules, text, span):
    assert (span, "ORG") in ents(rules, text)


def test_shipped_model_carries_the_current_patterns():
    """A trained pipeline keeps its own copy of the patterns: after editing a table,
    run `python -m pipeline.nlp.build_patterns --model models/ner` (or `make train-ner`)."""
    import spacy

    from pipeline.nlp.gazetteer import read_patterns_file
    from pipeline.paths import DEFAULT_NER_MODEL

    if not (DEFAULT_NER_MODEL / "config.cfg").exists():
        pytest.skip("no trained pipeline under models/ner")
    nlp = spacy.load(DEFAULT_NER_MODEL)
    shipped = sorted(map(repr, nlp.get_pipe("gazetteer").patterns))
    assert shipped == sorted(map(repr, read_patterns_file(GAZETTEER_DIR / "patterns.jsonl")))


def test_refreshing_a_trained_pipelines_patterns_touches_only_its_ruler(tmp_path):
    import shutil

    import spacy

    from pipeline.nlp.build_patterns import refresh_model_patterns
    from pipeline.nlp.components import RULER
    from pipeline.nlp.gazetteer import read_patterns_file
    from pipeline.paths import DEFAULT_NER_MODEL

    if not (DEFAULT_NER_MODEL / "config.cfg").exists():
        pytest.skip("no trained pipeline under models/ner")
    model = tmp_path / "ner"
    shutil.copytree(DEFAULT_NER_MODEL, model)
    few = read_patterns_file(GAZETTEER_DIR / "patterns.jsonl")[:5]
    (tmp_path / "few.jsonl").write_text("\n".join(map(json.dumps, few)) + "\n", encoding="utf-8")
    assert refresh_model_patterns(model, tmp_path / "few.jsonl") == 5
    assert spacy.load(model).get_pipe(RULER).patterns == few
    weights = (model / "ner" / "model").read_bytes()
    assert weights == (DEFAULT_NER_MODEL / "ner" / "model").read_bytes()


def test_ordinary_words_and_generic_bodies_are_not_entities(rules):
    text = "Udvalget og rådet drøftede, hvordan kommunen kan støtte de lokale integrationsråd."
    assert ents(rules, text) == []


def test_one_word_phrases_folded_into_a_set_match_the_same_spans():
    from pipeline.nlp.gazetteer import fold_one_word_phrases
    from pipeline.nlp.language import blank_danish

    phrases = [
        {"label": "LOC", "pattern": "Kyiv", "id": "city:kyiv"},
        {"label": "LOC", "pattern": "New York", "id": "city:new york"},
        {"label": "LOC", "pattern": "Berlin", "id": "city:berlin"},
        {"label": "ORG", "pattern": "Mjølner", "id": "org:mjølner"},
        {"label": "MUNICIPALITY", "pattern": [{"LOWER": "odder"}], "id": "municipality:odder"},
    ]
    folded = fold_one_word_phrases(phrases)
    assert len(folded) == 4  # New York, the token pattern, one set per label (LOC, ORG)
    text = "Fra Kyiv via Berlin til New York, med Mjølner, ikke kyiv eller berlinerne; Odder."
    found = []
    for patterns in (phrases, folded):
        nlp = blank_danish()
        nlp.add_pipe("span_ruler", config={"spans_key": None, "annotate_ents": True})
        nlp.get_pipe("span_ruler").add_patterns(patterns)
        found.append([(e.text, e.label_) for e in nlp(text).ents])
    assert found[0] == found[1]
    assert ("New York", "LOC") in found[1] and ("kyiv", "LOC") not in found[1]
