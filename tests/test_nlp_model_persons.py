"""How the model's persons are treated by the rules (R60-61, R68-69, R75-76, R79, R81, R84-R87).

The gazetteer filter (:func:`~pipeline.nlp.components.gazetteer_ents_filter`) and
:func:`~pipeline.nlp.names.fix_person` drop or relabel model persons that read as words,
places or titles. A model trained on names that are words (*Kold*, *Ulv*, *Tor Wold*)
is right about many of them where the words around them name a person, and these tests
pin down both sides: what is kept, and what is still dropped. Spans are made by hand
on a blank pipeline (no model needed); the texts are written for the tests.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.nlp import anonymize_texts
from pipeline.nlp.components import build_rule_pipeline, gazetteer_ents_filter
from pipeline.nlp.language import (
    blank_danish,
    split_glued_separators,
    split_name_affixes,
    split_word_abbreviations,
)
from pipeline.nlp.lexicon import is_danish_word, is_event_name, is_finite_verb
from pipeline.nlp.name_scorer import lower_case_names, unknown_entity
from pipeline.nlp.names import fix_person, merge_adjacent_persons, name_like_spans
from pipeline.nlp.pipeline import load_nlp


@pytest.fixture(scope="module")
def blank():
    return blank_danish()


def doc_with(blank, text, spans):
    """``text`` with sentences split after full stops and ``spans`` (surface, label) as
    the model's entities; returns the doc and the spans."""
    doc = blank(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text in (".", ":")
    ents = []
    for surface, label in spans:
        start = text.index(surface)
        ents.append(doc.char_span(start, start + len(surface), label))
    doc.ents = ents
    return doc, ents


def kept(blank, text, spans):
    """The (text, label) pairs the filter keeps of the model's ``spans``."""
    _, ents = doc_with(blank, text, spans)
    return [(e.text, e.label_) for e in gazetteer_ents_filter(ents, [])]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kold var uenig i forslaget.", "Kold"),        # a subject verb follows
        ("Tor kommer på torsdag.", "Tor"),
        ("Referent: Pil", "Pil"),                       # after a people cue
        ("Hej Tue", "Tue"),                             # after a greeting
        ("Ulv stemte imod forslaget.", "Ulv"),          # a person verb follows
    ],
)
def test_short_words_the_model_calls_persons_stay_in_context(blank, text, name):
    assert kept(blank, text, [(name, "PER")]) == [(name, "PER")]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Herudover er der mange frivillige.", "Herudover"),   # long, and an adverb
        ("Herved sluttede mødet.", "Herved"),                  # a pronominal adverb
        ("Lodsejeren har sagt nej.", "Lodsejeren"),            # an inflected noun
        ("Dels muliggør det en tidlig indsats.", "Dels"),     # no subject verb after it
        ("Vi har annonceret i Politiken, Urban og lokale blade.", "Urban"),  # no context
    ],
)
def test_words_the_model_calls_persons_are_still_dropped(blank, text, word):
    assert kept(blank, text, [(word, "PER")]) == []


def test_initials_that_spell_a_stop_word_stay_beside_a_person(blank):
    text = "Referat godkendt af JK og AF pr. mail."
    assert kept(blank, text, [("JK", "PER"), ("AF", "PER")]) == [("JK", "PER"), ("AF", "PER")]


def test_a_first_name_in_capitals_stays_and_a_heading_goes(blank):
    assert kept(blank, "FORMAND: LENE KILDE", [("LENE KILDE", "PER")]) == [("LENE KILDE", "PER")]
    assert kept(blank, "AKTUELLE TEMAER", [("AKTUELLE TEMAER", "PER")]) == []


def test_animals_and_greetings_in_other_languages_are_no_persons(blank):
    assert kept(blank, "Hun red på hesten Storm.", [("Storm", "PER")]) == []
    assert kept(blank, "Hesten Storm vandt igen.", [("Hesten Storm", "PER")]) == []
    assert kept(blank, "Pozdrawiam, Zofia Sowa", [("Pozdrawiam", "PER"), ("Zofia Sowa", "PER")]
                ) == [("Zofia Sowa", "PER")]
    doc, _ = doc_with(blank, "Hun red på hesten Storm i går.", [])
    assert [s.text for s in name_like_spans(doc)] == []


def test_a_lower_case_first_name_keeps_its_surname(blank):
    text = "svaret er skrevet af lene kilde og godkendt af bestyrelsen"
    assert kept(blank, text, [("lene kilde", "PER")]) == [("lene kilde", "PER")]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Aliyu Bello og Kristín Jóhannsdóttir kommer.", "Aliyu Bello", "PER"),  # first name
        ("Vi talte med Ji-woo Park om skolen.", "Ji-woo Park", "PER"),
        ("De mødtes på Wilders Plads i går.", "Wilders Plads", "LOC"),  # named after someone
        ("Filmen vises i Kino Ikast i aften.", "Kino Ikast", "ORG"),      # a word and a town
        ("Vind mener, at rådet har medvind.", "Vind", "PER"),            # a village as subject
        ("Bh Kåre Vind", "Kåre Vind", "PER"),                             # words, but signed
        ("God weekend og Glædelig Jul til alle.", "Glædelig Jul", None),  # a greeting
    ],
)
def test_fix_person_keeps_names_that_look_like_places_or_words(blank, text, surface, label):
    doc, (ent,) = doc_with(blank, text, [(surface, "PER")])
    fixed = fix_person(ent)
    assert (fixed.label_ if fixed is not None else None) == label


def test_surname_first_in_a_list_item_is_one_person(blank):
    doc, ents = doc_with(blank, "1. Hjort, Lise – formand", [("Hjort", "PER"), ("Lise", "PER")])
    assert [e.text for e in merge_adjacent_persons(ents)] == ["Hjort, Lise"]
    doc, ents = doc_with(blank, "Tak til Lise, Ahmad og Bo for kagen.",
                         [("Lise", "PER"), ("Ahmad", "PER"), ("Bo", "PER")])
    assert [e.text for e in merge_adjacent_persons(ents)] == ["Lise", "Ahmad", "Bo"]


def test_an_acronym_organisation_is_no_scored_name(blank):
    doc = blank("FN's fødevareprogram, WFP, har genoptaget uddelingerne.")
    assert not unknown_entity(Span(doc, 3, 4, "ORG"))


def test_rule_pipeline_keeps_an_animal_name_and_hides_its_owner():
    nlp = build_rule_pipeline()
    text = "Mette Kjærgaard vandt på hesten Storm."
    assert anonymize_texts([text], nlp)[0].text == "[navn] vandt på hesten Storm."


def test_a_surname_that_is_an_abbreviation_is_hidden_at_the_end_of_a_sentence():
    """spaCy keeps title-case abbreviations whole (*Vind.*, *Man.*); a surname that is one
    ended a sentence as one token with its full stop and stayed in the text."""
    nlp = split_word_abbreviations(build_rule_pipeline(), is_danish_word)
    assert [t.text for t in nlp.make_doc("Det sagde Ole Vind.")][-2:] == ["Vind", "."]
    assert [t.text for t in nlp.make_doc("Prof. Hansen og Kbh. Kommune")][:2] == ["Prof.", "Hansen"]
    assert [t.text for t in nlp.make_doc("Det koster ca. 30 kr.")][2:] == ["ca.", "30", "kr."]
    assert "Kbh." in [t.text for t in nlp.make_doc("Kbh. Kommune")]


def test_the_loaded_pipeline_hides_a_sentence_final_surname_that_is_a_word():
    nlp = load_nlp()
    assert [t.text for t in nlp.make_doc("Tak til Karen Man.")][-2:] == ["Man", "."]


def test_mentions_and_hyphen_sign_offs_free_the_name():
    """*Hej @sol* and *Tak! -Ilse* kept the name inside one token with the *@* or the
    hyphen; ``-3`` and the tail *-ning* of a word cut at a line break stay whole."""
    nlp = split_name_affixes(build_rule_pipeline())
    assert [t.text for t in nlp.make_doc("Tak! -Ilse")][-2:] == ["-", "Ilse"]
    assert [t.text for t in nlp.make_doc("Hej @sol")][-2:] == ["@", "sol"]
    assert [t.text for t in nlp.make_doc("var -3 og -ning")] == ["var", "-3", "og", "-ning"]
    assert [t.text for t in nlp.make_doc("skriv til ole@firma.dk")][-1] == "ole@firma.dk"
    doc = nlp("Hej @sol kan du komme?")
    assert [s.text for s in name_like_spans(doc)] == ["sol"]


def test_a_footnote_marker_frees_the_surname_before_it():
    """Report text glues footnote markers to words (*ifølge Tarek Hussein2*, *Hedda Bank¹*);
    the surname was one token with the marker and stayed in the anonymised text."""
    nlp = split_name_affixes(build_rule_pipeline())
    assert [t.text for t in nlp.make_doc("ifølge Tarek Hussein2 er")][2:4] == ["Hussein", "2"]
    assert [t.text for t in nlp.make_doc("Hedda Bank¹")][1:] == ["Bank", "¹"]
    assert [t.text for t in nlp.make_doc("CO2 og B12")] == ["CO2", "og", "B12"]


def test_glued_separators_are_split_off():
    """Semicolon-separated export lines (*1187;Skive;medlem*) kept a municipality glued to
    its neighbours in one token (R93), and so did list numbers, + and & and a comma before a
    digit keep a name (R94); e-mail addresses, case numbers, *H&M*, *8.B*, *1.maj* and *1,5*
    stay whole."""
    nlp = split_glued_separators(build_rule_pipeline())
    assert [t.text for t in nlp.make_doc("1187;Skive;medlem;Godt.")] == [
        "1187", ";", "Skive", ";", "medlem", ";", "Godt", "."]
    assert [t.text for t in nlp.make_doc("ole@firma.dk;23/4512")] == [
        "ole@firma.dk", ";", "23/4512"]
    assert [t.text for t in build_rule_pipeline().make_doc("1187;Skive")] == ["1187;Skive"]
    assert [t.text for t in nlp.make_doc("1.Amina 2)Jens Amina+Jens Bo&Ole Holm,12345678")] == [
        "1.", "Amina", "2)", "Jens", "Amina", "+", "Jens", "Bo", "&", "Ole", "Holm", ",",
        "12345678"]
    for whole in ("H&M", "AT&T", "8.B", "1.maj", "1,5", "12.05.2024"):
        assert [t.text for t in nlp.make_doc(whole)] == [whole]


def test_a_dash_glued_between_words_is_split_off():
    """R100: an en or em dash between two letters kept a surname glued to the next word
    (*Hassan–formand*), and two municipalities to each other; hyphens stay inside a word."""
    nlp = split_glued_separators(build_rule_pipeline())
    assert [t.text for t in nlp.make_doc("Amina Hassan–formand Aarhus—Odense")] == [
        "Amina", "Hassan", "–", "formand", "Aarhus", "—", "Odense"]
    for whole in ("Ikast-Brande", "Hassan-formand", "2019–2023", "Lyngby-Taarbæk"):
        assert [t.text for t in nlp.make_doc(whole)] == [whole]
    assert [t.text for t in build_rule_pipeline().make_doc("Hassan–formand")] == [
        "Hassan–formand"]


def test_the_quoted_separators_of_a_pasted_csv_line_are_split_off():
    """R102: a CSV line with quoted fields kept the quotes glued to the words after R93's
    semicolon split (*"Herning*, *Kommune"*), and with commas nothing was split."""
    nlp = split_glued_separators(build_rule_pipeline())
    assert [t.text for t in nlp.make_doc('"1052";"Herning Kommune";"Godt"')] == [
        '"', "1052", '";"', "Herning", "Kommune", '";"', "Godt", '"']
    assert [t.text for t in nlp.make_doc('"21:14","Zahra Jafari","Skive"')] == [
        '"', "21:14", '","', "Zahra", "Jafari", '","', "Skive", '"']
    assert [t.text for t in nlp.make_doc('"Godt",')] == ['"', "Godt", '"', ","]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kontakt i stedet Hede på 72 36 51 10.", "Hede"),       # a phone number follows
        ("Fra: Ebbe Strand <ebbe.strand@mail.dk>", "Ebbe Strand"),  # an e-mail header
        ("Vi vender tilbage. – Vind", "Vind"),                    # a dash signs the message
        ("/Aske", "Aske"),                                         # a slash signs it
        ("3. Budget 2025 – oplæg ved Vind", "Vind"),               # a talk and its speaker
        ("Velkomst v/ Ask", "Ask"),
        ("Gudstjenesten ledes af pastor Lang.", "Lang"),           # after a title
        ("Ordstyrer: Vind", "Vind"),                               # a people cue
        ("Hans siger, det er fint.", "Hans"),                      # a first name, a person verb
        ("hej fred, kan du sende budgettet igen?", "fred"),        # a lower-case greeting
        ("Lagmand Jóannes við Ánna kalder loven historisk.", "Jóannes við Ánna"),  # a particle
    ],
)
def test_persons_named_by_their_context_stay_persons(blank, text, name):
    """The model's person is kept as a person where the text names one (rule R68), also
    when it is a Danish word, a place the gazetteers know or a pronoun-shaped first name."""
    assert kept(blank, text, [(name, "PER")]) == [(name, "PER")]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Mødet holdes i Vind i maj.", "Vind", []),               # a word, no person cue
        ("Hans forslag blev vedtaget.", "Hans", []),                 # the pronoun
        ("vi ønsker fred i hele verden", "fred", []),                # a lower-case word
        ("Ring til os på 72 36 51 10 – Hjem og Skole", "Skole", []),  # no dash signature
        ("Han boede i Vind på 12 år.", "Vind", []),                 # a number, no phone
    ],
)
def test_words_and_places_without_a_person_cue_are_not_kept_as_persons(
    blank, text, name, expected
):
    assert kept(blank, text, [(name, "PER")]) == expected


def test_a_gazetteer_place_gives_way_to_a_person_the_text_names(blank):
    """A place match replaces the model's entity, except a person the words around it name."""
    doc, ents = doc_with(blank, "Ordstyrer: Vind", [("Vind", "PER")])
    place = Span(doc, ents[0].start, ents[0].end, "LOC")
    assert [(e.text, e.label_) for e in gazetteer_ents_filter(ents, [place])] == [("Vind", "PER")]
    doc, ents = doc_with(blank, "Mødet holdes i Vind i maj.", [("Vind", "PER")])
    place = Span(doc, ents[0].start, ents[0].end, "LOC")
    assert [(e.text, e.label_) for e in gazetteer_ents_filter(ents, [place])] == [("Vind", "LOC")]


@pytest.mark.parametrize(
    ("word", "event"),
    [("Flygtningedag", True), ("Bodilprisuddelingen", True), ("Kulturnatten", True),
     ("Kampdagen", True), ("Skovhauge", False), ("Bernat", False), ("Ravnkilde", False),
     ("Dag", False)],
)
def test_event_names_are_told_from_names(word, event):
    """Days, feasts and prizes end in an event head after a word (rule R70); surnames
    that end in the same letters (*Skovhauge*, *Bernat*) and the head alone do not count."""
    assert is_event_name(word) is event


def test_the_safety_net_leaves_events_and_still_hides_unknown_names(blank):
    doc, _ = doc_with(blank, "Vi planlægger Verdens Flygtningedag med Tsegai og Ngozi.", [])
    assert [s.text for s in name_like_spans(doc)] == ["Tsegai", "Ngozi"]


def test_a_compound_surname_stays_where_the_text_names_a_person(blank):
    doc, (ent,) = doc_with(blank, "Vi vender tilbage. – Ravnkilde", [("Ravnkilde", "PER")])
    assert fix_person(ent) is not None
    doc, (ent,) = doc_with(blank, "Vi måler det i Tryghedsindeks hvert år.",
                           [("Tryghedsindeks", "PER")])
    assert fix_person(ent) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ulv fratræder som formand til sommer.", "Ulv"),            # any present tense
        ("Ulv plantede et æbletræ i haven.", "Ulv"),                 # a past tense in -ede
        ("Ulv købte kaffe og kage til alle.", "Ulv"),                # a past tense in -te
        ("Gedde fra sprogskolen tilbød at hjælpe.", "Gedde"),         # where someone comes from
    ],
)
def test_a_verb_or_an_origin_after_a_word_the_model_calls_a_person(blank, text, name):
    """R74, adopted as R75: a Danish word opening a sentence that the model calls a person
    stays one when any finite verb follows it, known by its form (not a closed list), or
    *fra* and a definite noun."""
    assert kept(blank, text, [(name, "PER")]) == [(name, "PER")]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Gedde fra vest er sjælden i søen.", "Gedde"),     # fra, but no definite noun
        ("Ulv i Danmark er et stort emne.", "Ulv"),         # no verb after it
    ],
)
def test_no_verb_and_no_origin_after_the_word_still_drops_it(blank, text, word):
    assert kept(blank, text, [(word, "PER")]) == []


@pytest.mark.parametrize(
    ("word", "finite"),
    [("fratræder", True), ("ringede", True), ("købte", True), ("bedt", False),
     ("udvalget", False), ("sommer", False), ("hjalp", False)],
)
def test_finite_verbs_are_told_by_their_form(word, finite):
    assert is_finite_verb(word) is finite


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("gro er vores kontakt i kommunen", "gro", [("gro", "PER")]),      # a subject verb
        ("fred ringede, han er syg", "fred", [("fred", "PER")]),           # a person verb
        ("flink plantede træerne i går", "flink", [("flink", "PER")]),     # a verb by its form
        ("mehr fra sprogskolen hjælper os", "mehr", [("mehr", "PER")]),    # where she comes from
        ("fred og ro er vigtigt for os alle", "fred", []),                 # no verb after it
    ],
)
def test_lower_case_messages_keep_the_subject_the_model_calls_a_person(blank, text, name,
                                                                        expected):
    """R76: in a text written in lower case, a word opening a sentence that the model calls a
    person stays one where a verb or an origin follows it, as R75 keeps a capitalised one."""
    assert kept(blank, text, [(name, "PER")]) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # R79: capitals before a verb; words that are names inside a sentence or before a verb
        ("STÆRK har lavet plakaten til festen", [("STÆRK", "PER")], [("STÆRK", "PER")]),
        ("Lin Fang har lovet at bage til festen", [("Lin Fang", "PER")], [("Lin Fang", "PER")]),
        ("prisen blev overrakt af Lin Fang, der var glad", [("Lin Fang", "PER")],
         [("Lin Fang", "PER")]),
        ("den bedste dag var turen som mads trane stod for", [("mads trane", "PER")],
         [("mads trane", "PER")]),
        ("Formanden sagde, at Lilje er rask igen.", [("Lilje", "PER")], [("Lilje", "PER")]),
        ("Dag: god morgen alle sammen", [("Dag", "PER")], [("Dag", "PER")]),
        ("MH: ok med mig", [("MH", "PER")], [("MH", "PER")]),
        # acronyms, inflected words, titles, numbers before a capital, labels: still dropped
        ("VIVE har undersøgt sagen grundigt", [("VIVE", "PER")], []),
        ("MØDET er aflyst i denne uge", [("MØDET", "PER")], []),
        ("Glædelig Jul til alle i foreningen", [("Glædelig Jul", "PER")], []),
        ("vi spiser mads trane i dag", [("mads trane", "PER")], []),
        ("I 2004, Rapport kan ses på nettet", [("Rapport", "PER")], []),
        ("Dato: 12. maj", [("Dato", "PER")], []),
        ("April: høringssvar til budgettet", [("April", "PER")], []),
    ],
)
def test_more_places_where_the_models_person_is_kept(blank, text, spans, expected):
    assert kept(blank, text, spans) == expected


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("vi mødte saulė og hehe i går", ["saulė", "hehe"]),    # no Danish or English word
        ("hej team, vi ses", []),                                # English and Danish words
        ("Vi mødte saulė i går", []),                            # the text writes capitals
    ],
)
def test_the_lower_case_scorer_judges_unknown_words_of_lower_case_messages(blank, text,
                                                                           judged):
    """R79: in a message written wholly in lower case, words that are no Danish or English
    word are judged by the lower-case name scorer, as known names are."""
    doc = blank(text)
    assert [doc[i].text for i in lower_case_names(doc)] == judged


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        # R79 (g): a place or body the model labelled, that a cue only people take names
        ("Punkt 3: oplæg ved Lunde", "Lunde", "LOC", "PER"),              # a talk
        ("Til stede: formand Solbakken", "Solbakken", "ORG", "PER"),      # a role
        ("vi kører i Ravns bil i morgen", "Ravns", "LOC", "PER"),          # a name's genitive
        # places and bodies that act, and known organisations, stay what they are
        ("Tyrkiet kræver en ny aftale", "Tyrkiet", "LOC", "LOC"),
        ("Ceremonien på Christiansborg deltog mange i", "Christiansborg", "LOC", "LOC"),
        ("Anklager Rusland for valgsvindel", "Rusland", "LOC", "LOC"),
        ('"Det er dyrt," skriver Politiken.', "Politiken", "ORG", "ORG"),
        ("Jeg bor i Lunde og arbejder i byen", "Lunde", "LOC", "LOC"),
    ],
)
def test_a_place_or_body_that_only_a_person_fits_is_a_person(blank, text, surface, label,
                                                              expected):
    assert [lab for _, lab in kept(blank, text, [(surface, label)])] == [expected]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # R81: in a message written in lower case the model's lower-case person stays
        ("sender lige billederne til saga og tariq", "saga", [("saga", "PER")]),
        ("spørg hede om nøglen, hun har den", "hede", [("hede", "PER")]),
        ("ring til amin om nøglerne", "amin", [("amin", "PER")]),
        # but not a word after a verb, joined to a word, short, a stop word or a long word
        ("vi ønsker sol hele ugen", "sol", []),
        ("sol og varme hele weekenden", "sol", []),
        ("vi ses om en uge ok", "ok", []),
        ("det var alle der kom", "alle", []),
        ("fællesspisningen var en succes", "fællesspisningen", []),
        # nor a Danish function word that spaCy's stop list lacks (function_words.txt)
        ("tak for i går, dels for maden", "dels", []),
        ("kagen står hos mig", "hos", []),
        # and not where a sentence of the text opens with a capital
        ("Husk mødet. sender lige billederne til saga", "saga", []),
    ],
)
def test_lower_case_messages_keep_the_models_lower_case_persons(blank, text, name, expected):
    """R81: a writer who does not capitalise writes names in lower case too; the model's
    one-word person there is kept unless the words around it or the word itself make it a
    word."""
    assert kept(blank, text, [(name, "PER")]) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # R84: a genitive before what only a person has stays a person, also a Danish word
        ("Lunds forslag om kaffe blev vedtaget.", "Lunds", [("Lunds", "PER")]),
        ("Tordens skriftlige bemærkninger blev læst op.", "Tordens", [("Tordens", "PER")]),
        ("Rådet takkede, og Spurvs datter holdt en tale.", "Spurvs", [("Spurvs", "PER")]),
        ("Hvedes bil holder i vejen igen.", "Hvedes", [("Hvedes", "PER")]),
        # a village or town the model calls a person, before a person's noun
        ("Kirkebys bemærkning blev noteret.", "Kirkebys", [("Kirkebys", "PER")]),
        # a body's genitive has the definite ending; other nouns name no person
        ("Udvalgets forslag blev vedtaget.", "Udvalgets", []),
        ("Mølles hjul står stille i dag.", "Mølles", []),
    ],
)
def test_a_genitive_before_what_only_a_person_has_is_a_person(blank, text, name, expected):
    """R84: *Vinds forslag*, *Ørns bil*: what follows a genitive says whose it is."""
    assert kept(blank, text, [(name, "PER")]) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # R85: names in capitals the words around name as persons, or whose words are names
        ("TAK TIL AMINA OG KILDE FOR HJÆLPEN", [("AMINA", "PER"), ("KILDE", "PER")],
         [("AMINA", "PER"), ("KILDE", "PER")]),
        ("VIDNER BEDES KONTAKTE HVEDE PÅ 26 13 91 48", [("HVEDE", "PER")], [("HVEDE", "PER")]),
        ("TILMELDING HOS SKY NIELSEN", [("SKY NIELSEN", "PER")], [("SKY NIELSEN", "PER")]),
        ("VELKOMMEN TIL OKONKWO ADEBAYO", [("OKONKWO ADEBAYO", "PER")],
         [("OKONKWO ADEBAYO", "PER")]),
        # headings, acronyms and known organisations in capitals still go; two heading words
        # joined by OG do not vouch for each other (R87)
        ("AKTUELLE TEMAER I ÅR", [("AKTUELLE TEMAER", "PER")], []),
        ("SAMARBEJDE MELLEM EMBEDSMÆND OG POLITIKERE",
         [("EMBEDSMÆND", "PER"), ("POLITIKERE", "PER")], []),
        ("TAK TIL VIVE OG KL FOR HJÆLPEN", [("VIVE", "PER")], []),
        ("NYT FRA BESTYRELSEN", [("BESTYRELSEN", "PER")], []),
    ],
)
def test_names_in_capitals_that_the_text_names_as_persons(blank, text, spans, expected):
    """R85: a heading in capitals is made of words and names no one; a name in capitals is
    listed with a person, given with a phone number or made of names."""
    assert kept(blank, text, spans) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # R87: a naming verb with a person as subject gives a name
        ("Ja, hun hedder Præst og er præst.", "Præst", [("Præst", "PER")]),
        ("min nabo hedder dag og han er sød", "dag", [("dag", "PER")]),
        # an object after another verb, in lower case, is still a word
        ("vi ønsker sol hele ugen", "sol", []),
    ],
)
def test_a_name_after_a_naming_verb(blank, text, name, expected):
    """R87: *hun hedder Præst*, *min nabo hedder dag*."""
    assert kept(blank, text, [(name, "PER")]) == expected
