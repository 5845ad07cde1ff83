"""Person-name rules: names of many origins found by the gazetteer, non-names left alone.

Tested on the rule-only pipeline (no statistical NER), so what is checked is the
rules themselves: ``raadskoder_person_names`` (known names, party letters),
``raadskoder_role_names`` with organisation cues, the organisation patterns of
``rules.jsonl`` and the country list. :func:`fix_person` (the clean-up of model
persons) is tested on hand-made spans. The texts are written for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Span

from pipeline.nlp import anonymize_texts, extract_entities
from pipeline.nlp.components import build_rule_pipeline
from pipeline.nlp.language import blank_danish
from pipeline.nlp.lexicon import head_label, person_names
from pipeline.nlp.names import fix_person
from pipeline.paths import GAZETTEER_DIR


@pytest.fixture(scope="module")
def rules():
    return build_rule_pipeline()


def anon(text, nlp):
    return anonymize_texts([text], nlp)[0].text


@pytest.mark.parametrize(
    "name",
    [
        "Mette Kjærgaard",          # Danish
        "Khaled Haddad",            # Arabic
        "Hodan Warsame",            # Somali
        "Zeynep Yıldız",            # Turkish
        "Rojin Barzani",            # Kurdish
        "Shirin Hosseini",          # Persian
        "Zabihullah Stanekzai",     # Afghan
        "Imran Qureshi",            # Pakistani
        "Tharsini Sivanathan",      # Tamil
        "Quynh Tran",               # Vietnamese
        "Lejla Hadžić",             # Bosnian
        "Katarzyna Nowak",          # Polish
        "Oksana Melnyk",            # Ukrainian
        "Semhar Tesfamariam",       # Eritrean
        "Maricel Santos",           # Filipino
        "Siriporn Srisuk",          # Thai
    ],
)
def test_names_of_many_origins_are_anonymised(rules, name):
    text = f"På mødet fortalte {name} om sine erfaringer med sprogskolen."
    assert anon(text, rules) == "På mødet fortalte [navn] om sine erfaringer med sprogskolen."


@pytest.mark.parametrize(
    "text, expected",
    [
        # a known first name followed by an unknown surname
        ("Referent var Abdiwali Qorsheel fra sekretariatet.",
         "Referent var [navn] fra sekretariatet."),
        # a lone known surname opening a sentence (no ordinary word)
        ("Haddad lovede at sende materialet ud.", "[navn] lovede at sende materialet ud."),
        # unknown names before a party letter
        ("Forslaget blev støttet af Brorsbøl Thing (V) og Ulvedahl (Ø).",
         "Forslaget blev støttet af [navn] (V) og [navn] (Ø)."),
    ],
)
def test_names_in_context(rules, text, expected):
    assert anon(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sidst ændret 12.05.2024 af JKN", "Sidst ændret 12.05.2024 af [navn]"),
        ("Eksporteret 19.11.2024 14:03 af bruger AKO",
         "Eksporteret 19.11.2024 14:03 af bruger [navn]"),
        ("Udtrukket af KA, 1. oktober 2024", "Udtrukket af [navn], 1. oktober 2024"),
        # an organisation, a party letter, no document participle: no initials of a person
        ("Rapporten er udarbejdet af KL", "Rapporten er udarbejdet af KL"),
        ("Forslaget er udarbejdet af SF", "Forslaget er udarbejdet af SF"),
        ("Bygningen er ejet af AAB", "Bygningen er ejet af AAB"),
    ],
)
def test_initials_of_who_made_or_changed_a_document(rules, text, expected):
    """R107: the metadata line of minutes, an export or a report names who made, changed or
    approved it by initials after a participle and *af*."""
    assert anon(text, rules) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kære Borger, tak for din henvendelse.",  # a salutation before a noun
        "Projektet hedder Sammen om Integration.",  # a naming verb without a person
        "Min mand og jeg kommer begge to.",
        "Hej Jobcenter Aarhus, vi mangler svar.",
    ],
)
def test_cue_words_alone_make_no_names(rules, text):
    assert "[navn]" not in anon(text, rules)


@pytest.mark.parametrize(
    "text",
    [
        "Per person blev der brugt 200 kr. på forplejning.",
        "Hans bror deltog også i mødet.",
        "Valby Lokaludvalg og Vesterbro Boligforening holdt fællesmøde.",
        "Tømrerfirmaet Hjortshøj ApS har ansat to lærlinge.",
        "Foreningen Nye Naboer inviterede til fællesspisning.",
        "The report Human Rights and Integration was published in English.",
        "Mange familier er kommet fra Myanmar og Eritrea.",
        "Vi har en Facebookgruppe, og Instagramprofilen passes af to medlemmer.",
        "Foto: Shutterstock",
    ],
)
def test_non_names_are_not_replaced(rules, text):
    assert "[navn]" not in anon(text, rules)


def test_organisation_patterns_and_cues(rules):
    text = ("Tømrerfirmaet Hjortshøj ApS, Projekt Brobyggerne og foreningen "
            "Kvindekraft Vestegnen mødtes.")
    ents = {(e["text"], e["label"]) for e in extract_entities([text], rules)[0]}
    assert ("Hjortshøj ApS", "ORG") in ents
    assert ("Projekt Brobyggerne", "ORG") in ents
    assert ("Kvindekraft Vestegnen", "ORG") in ents


def test_countries_are_places(rules):
    ents = extract_entities(["Hun kom fra Myanmar via Thailand."], rules)[0]
    assert [(e["text"], e["label"]) for e in ents] == [("Myanmar", "LOC"), ("Thailand", "LOC")]


@pytest.fixture(scope="module")
def blank():
    return blank_danish()


def person(blank, text, start, end):
    doc = blank(text)
    return fix_person(Span(doc, start, end, "PER"))


def test_fix_person(blank):
    assert person(blank, "De mødtes på Wilders Plads i går.", 3, 5).label_ == "LOC"
    assert person(blank, "Hun er med i Valby Lokaludvalg nu.", 4, 6).label_ == "COMMITTEE"
    assert person(blank, "Han skrev om Human Rights i går.", 3, 5) is None
    assert person(blank, "Et ’Mangfoldighed projekt.", 1, 2) is None
    trimmed = person(blank, "Hilsen Afdelingsleder Maria Holm her.", 1, 4)
    assert (trimmed.text, trimmed.label_) == ("Maria Holm", "PER")
    kept = person(blank, "Tak til Helle Skov for indsatsen.", 2, 4)
    assert (kept.text, kept.label_) == ("Helle Skov", "PER")


@pytest.mark.parametrize(
    ("text", "start", "end", "name"),
    [
        ("Kammeradvokat Jonas Lindqvist afviste kritikken.", 0, 3, "Jonas Lindqvist"),
        ("Landstræner Ewa Nowak udtager holdet i dag.", 0, 3, "Ewa Nowak"),
        ("Medejer Ali Demir åbner en ny butik.", 0, 3, "Ali Demir"),
        ("Seniorforsker Hanne Kjær har ledet studiet.", 0, 3, "Hanne Kjær"),
    ],
)
def test_professions_before_a_name_are_trimmed(blank, text, start, end, name):
    """Role heads are data (``role_heads.txt``): any compound ending in one is a role."""
    trimmed = person(blank, text, start, end)
    assert (trimmed.text, trimmed.label_) == (name, "PER")


def test_head_label():
    assert head_label(["Brabrand", "Idrætsforening"]) == "ORG"
    assert head_label(["Kongens", "Have"]) == "LOC"
    assert head_label(["Fatima", "Hassan"]) is None


def test_name_gazetteer_covers_many_origins():
    names = person_names(Path(GAZETTEER_DIR))
    assert len(names["first"]) > 600 and len(names["last"]) > 500
    origins = {line.split(",")[1] for line in
               (GAZETTEER_DIR / "person_names.csv").read_text(encoding="utf-8").splitlines()[1:]}
    assert len(origins) >= 10


def test_lower_case_municipality_and_genitive_organisation(rules):
    assert anon("odense kommune er god til at lytte.", rules) == "[kommunen] er god til at lytte."
    ents = extract_entities(["Se Rigsrevisionens beretning om sagen."], rules)[0]
    assert [(e["text"], e["label"]) for e in ents] == [("Rigsrevisionens", "ORG")]


def test_model_entities_cleaned(blank):
    from pipeline.nlp.components import gazetteer_ents_filter

    text = "3 Ibid. s. 41. ” Herved sluttede mødet. Human Rights kom."
    doc = blank(text)
    for token in doc:  # sentences as a sentencizer would set them
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    spans = [("3 Ibid", "PER"), ("Herved", "PER"), ("Human Rights", "PER")]
    ents = [doc.char_span(text.index(t), text.index(t) + len(t), label) for t, label in spans]
    # a footnote number; an adverb after a quotation mark opening a sentence; English words
    assert gazetteer_ents_filter(ents, []) == []


def ent_of(blank, text, surface, label):
    doc = blank(text)
    start = text.index(surface)
    return doc.char_span(start, start + len(surface), label)


def test_model_org_or_loc_that_reads_as_a_person_is_relabelled(blank):
    from pipeline.nlp.names import as_person

    org = as_person(ent_of(blank, "Mødet blev ledet af Mette Bundgaard i år.",
                           "Mette Bundgaard", "ORG"))
    assert (org.text, org.label_) == ("Mette Bundgaard", "PER")
    role = as_person(ent_of(blank, "Som Politiinspektør Mette Bundgaard sagde.",
                            "Politiinspektør Mette Bundgaard", "ORG"))
    assert (role.text, role.label_) == ("Mette Bundgaard", "PER")
    # an organisation or a place named after a person keeps its label
    assert as_person(ent_of(blank, "Vi mødtes i Mette Bundgaards Forening.",
                            "Mette Bundgaards Forening", "ORG")) is None
    assert as_person(ent_of(blank, "Vi mødtes på Karen Blixens Plads.",
                            "Karen Blixens Plads", "LOC")) is None
    # a place that is no known first name
    assert as_person(ent_of(blank, "De bor i Vollsmose nu.", "Vollsmose", "LOC")) is None


def test_danish_compounds_are_words_not_names():
    from pipeline.nlp.lexicon import is_danish_compound

    assert is_danish_compound("Integrationsprisen")
    assert is_danish_compound("Kulturaftenen")
    assert not is_danish_compound("Kristensen")
    assert not is_danish_compound("Okonkwo")
    assert is_danish_compound("Lillebæltsbroen")  # a compound head before a linking s
    assert not is_danish_compound("Frederiksen")


@pytest.mark.parametrize(
    "text, names",
    [
        ("Referatet blev skrevet af Ngozi Okonkwo og sendt rundt.", ["Ngozi Okonkwo"]),
        ("Tak til Tsegereda for hjælpen med kaffen.", ["Tsegereda"]),
        ("vores nye formand hassan ali starter i maj", ["hassan ali"]),
        # events and compounds, sentence-initial ordinary words, English text
        ("Rådet var med til Mangfoldighedsdagen på torvet.", []),
        ("Bo godt og trygt i byen.", []),
        ("Vi fejrede Eid med familierne fra Ukraines østlige egne.", []),
        ("The Council met the Ministry of Labour.", []),
        # a message whose line breaks were lost: the sign-off is no part of the name
        ("Vi rykker det til januar Vh Tsegai", ["Tsegai"]),
        ("fristen er 1. oktober Mvh. Sanne Holst", ["Sanne Holst"]),
    ],
)
def test_name_like_words_no_entity_covers(blank, text, names):
    from pipeline.nlp.names import name_like_spans

    assert [s.text for s in name_like_spans(blank(text))] == names


def test_anonymiser_hides_unknown_names_the_entities_do_not_change(rules):
    text = "Referatet blev skrevet af Ngozi Okonkwo og sendt rundt."
    assert anon(text, rules) == "Referatet blev skrevet af [navn] og sendt rundt."


def test_places_are_not_persons(blank):
    from pipeline.nlp.lexicon import is_place
    from pipeline.nlp.names import as_person

    assert is_place("Stenløse") and is_place("Vollsmose") and is_place("Skjern")
    assert is_place("Ikast-Brande") and is_place("Tyskland")
    assert not is_place("Tsegereda")
    # a village is a place, but villages are surnames as often: not used to relabel
    assert not is_place("Vind", villages=False)
    kino = fix_person(ent_of(blank, "Filmen blev vist i Bio Struer i går.", "Bio Struer", "PER"))
    assert kino.label_ == "ORG"
    town = fix_person(ent_of(blank, "Mange er flyttet til Skjern i år.", "Skjern", "PER"))
    assert town.label_ == "LOC"
    # a lone first name the model took for a place is a person only beside a person
    doc = blank("Karin og Tomasz skriver udkastet.")
    doc.ents = [doc.char_span(0, 5, "PER"), doc.char_span(9, 15, "LOC")]
    assert as_person(doc.ents[1]).label_ == "PER"
    alone = blank("Vi tog til Tomasz i går.")
    alone.ents = [alone.char_span(11, 17, "LOC")]
    assert as_person(alone.ents[0]) is None


def test_model_entities_lose_numbers_at_their_edges(blank):
    from pipeline.nlp.components import gazetteer_ents_filter

    text = "Formand i perioden 2014-2017 Bodil Kjær, derefter andre EU- og EØS-lande."
    doc = blank(text)
    spans = [("2014-2017 Bodil Kjær", "LOC"), ("EU-", "PER")]
    ents = [doc.char_span(text.index(t), text.index(t) + len(t), label) for t, label in spans]
    assert [(e.text, e.label_) for e in gazetteer_ents_filter(ents, [])] == [("Bodil Kjær", "PER")]


def test_lone_first_names_labelled_as_places_are_still_hidden(blank):
    from pipeline.nlp.names import first_names_in_entities

    doc = blank("Mette fra Esbjerg var leder, og lejren lå i Vejle.")
    doc.ents = [doc.char_span(0, 5, "LOC"), doc.char_span(10, 17, "LOC"),
                doc.char_span(44, 49, "LOC")]
    assert [e.text for e in first_names_in_entities(doc)] == ["Mette"]


def test_organisations_keep_their_trailing_number(blank):
    from pipeline.nlp.components import gazetteer_ents_filter

    text = "Indslaget blev vist på TV 2 i går."
    doc = blank(text)
    ent = doc.char_span(text.index("TV 2"), text.index("TV 2") + 4, "ORG")
    assert [(e.text, e.label_) for e in gazetteer_ents_filter([ent], [])] == [("TV 2", "ORG")]


def test_compounds_with_a_lower_case_head_are_not_persons(blank):
    from pipeline.nlp.components import gazetteer_ents_filter

    text = "Dansk på A-niveau, og Karen Lund-Hansen holdt tale, Øhm."
    doc = blank(text)
    spans = [("A-niveau", "PER"), ("Karen Lund-Hansen", "PER"), ("Øhm", "PER")]
    ents = [doc.char_span(text.index(t), text.index(t) + len(t), label) for t, label in spans]
    assert [e.text for e in gazetteer_ents_filter(ents, [])] == ["Karen Lund-Hansen"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a surname that is a Danish word, as the subject of a person verb
        ("Vinter stemte imod forslaget.", "[navn] stemte imod forslaget."),
        ("Det er for tidligt, siger Rask.", "Det er for tidligt, siger [navn]."),
        # an unknown name before a verb only people do
        ("Dorje flygtede fra Tibet som ung.", "[navn] flygtede fra Tibet som ung."),
        # names in capitals in headings
        ("FORMAND: AHMED BARZANI", "FORMAND: [navn]"),
        ("TAK TIL OLE OG HIBA", "TAK TIL [navn] OG [navn]"),
        # lower-case names listed together in a sloppy answer
        ("tak til lykke og bo for kaffen", "tak til [navn] og [navn] for kaffen"),
        # an unknown name in the genitive opening a sentence
        ("Tsegereds kone underviser på sprogskolen.", "[navn] kone underviser på sprogskolen."),
        # initials the model does not know, where minutes write people
        ("Afbud: TE.", "Afbud: [navn]."),
        ("ML spurgte til budgettet.", "[navn] spurgte til budgettet."),
        ("SHN havde meldt afbud.", "[navn] havde meldt afbud."),
        ("Ved formanden (KS): Alt vel.", "Ved formanden ([navn]): Alt vel."),
        # a surname that is a word, before a party letter and a person verb
        ("Vinter (V) opfordrede til ro.", "[navn] (V) opfordrede til ro."),
        # lower-case names after med, ved, v. in a sloppy answer
        ("jeg har lavet det meste sammen med rune", "jeg har lavet det meste sammen med [navn]"),
        ("biblioteket (v. tove) hjalp", "biblioteket (v. [navn]) hjalp"),
        # a known name in the genitive before what the person owns
        ("Holms forslag blev nedstemt.", "[navn] forslag blev nedstemt."),
        # a name after a cue that introduces people, with a Faroese particle
        ("Ansøger: Bárður á Lakjuni", "Ansøger: [navn]"),
        # whoever signs is a person, the sign-off stays
        ("Kh. Ea", "Kh. [navn]"),
        ("Mvh Bo", "Mvh [navn]"),
        # a Danish word in its base form as the subject of a person verb, alone or with another
        ("Ulv gennemgik årsregnskabet.", "[navn] gennemgik årsregnskabet."),
        ("Kilde og Vang takker af efter ti år.", "[navn] og [navn] takker af efter ti år."),
        # the speaker of a chat line written in lower case, and of a quote
        ("[10:51] dag: jeg kommer lidt senere", "[10:51] [navn]: jeg kommer lidt senere"),
        ('Konge: "Vi skal tænke større."', '[navn]: "Vi skal tænke større."'),
        # a Danish word that closes a message after the sign-off, also in lower case
        ("Tak for i dag. Bh Kilde", "Tak for i dag. Bh [navn]"),
        ("ses i morgen mvh sultan", "ses i morgen mvh [navn]"),
        # words around a name give it away: a relation word after a possessive or in the
        # definite form, also when the name is a Danish word; a naming verb with a person
        # as subject; a salutation; a person's possessive after "og"
        ("Min nabo Ravn har hjulpet os med flytningen.",
         "Min nabo [navn] har hjulpet os med flytningen."),
        ("vi fik hjælp af naboen ravn til breve", "vi fik hjælp af naboen [navn] til breve"),
        ("Hej, jeg hedder Storm og er ny i foreningen.",
         "Hej, jeg hedder [navn] og er ny i foreningen."),
        ("Kære Abebe, tak for din ansøgning.", "Kære [navn], tak for din ansøgning."),
        ("Tak til Ulv og hans far for hjælpen.", "Tak til [navn] og hans far for hjælpen."),
    ],
)
def test_names_in_hard_contexts_are_anonymised(rules, text, expected):
    assert anon(text, rules) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Desuden anbefaler rådet en fælles indsats.",   # an adverb before a person verb
        'Kampagnen "Glad i skolen" kører i hele regionen.',  # a title in quotation marks
        'Filmen "Per Pilot" blev vist i biografen.',
        "Udvalget stemte for indstillingen.",          # an inflected noun before a person verb
        "sol og vind er gratis energi",                # lower-case words, not a list of names
        "Hjertestarterkursus med frivillige fra foreningen.",
        "ALLE ER VELKOMNE TIL MØDET",                  # a heading in capitals without names
        "IT oplyser at systemet er nede.",            # capitals that spell a word
        "Vi startede med maj og juni.",                  # a month after med
        "vi holdt fest med sol og musik",               # a word after med
        "Hans bror kom også.",                          # a pronoun, not Hans's
        "Referent: Sekretariatet",                      # a cue before an inflected noun
        "Mvh. Jobcentret",                              # an office signs
        "Eid Mubarak til alle!",                        # a greeting, not a name
        "Bilist flygtede efter påkørsel.",             # a headline's person noun, no name
        "Tre døde i trafikken i weekenden.",            # a numeral
        "Politi efterlyser vidner.",                    # an authority without its article
        "note: ring til kommunen om lokalet",           # the label of a note, no speaker
        'Citat: "Vi skal lytte mere."',                 # nor of a quote
        "Overordnet anbefaler sekretariatet, at mødet flyttes.",  # the subject after the verb
        "Generelt mener vi, at det gik godt.",
        "Venlig hilsen Borgerservice",                  # an office signs (a compound)
        "Hilsen Kilde og tak for sidst",                # the word does not close the message
    ],
)
def test_words_in_the_same_contexts_stay(rules, text):
    assert anon(text, rules) == text


def test_person_widened_by_the_first_name_before_it():
    from pipeline.nlp.names import extend_persons_left

    nlp = blank_danish()
    doc = nlp("Medlem af Borgerrepræsentationen Bader Shahid stemte for.")
    shahid = Span(doc, 4, 5, "PER")
    assert [e.text for e in extend_persons_left([shahid])] == ["Bader Shahid"]
    doc = nlp("Han mødte Nkemdirim Okafor Shahid i går.")  # a longer unknown run stays out
    assert [e.text for e in extend_persons_left([Span(doc, 4, 5, "PER")])] == ["Shahid"]


def test_words_listed_with_persons_are_persons():
    from pipeline.nlp.names import listed_with_persons

    nlp = blank_danish()
    doc = nlp("Tak til Vibe, Lea og Mads for hjælpen.")
    doc.ents = [Span(doc, 4, 5, "PER"), Span(doc, 6, 7, "PER")]  # Lea, Mads
    assert [s.text for s in listed_with_persons(doc, set())] == ["Vibe"]
    doc = nlp("Mødet med Kommunen og Lea blev godt.")  # an inflected noun stays
    doc.ents = [Span(doc, 5, 6, "PER")]
    assert listed_with_persons(doc, set()) == []


def test_lower_case_words_are_names_only_where_the_writer_writes_names_so():
    from pipeline.nlp.components import _implausible_lower

    nlp = build_rule_pipeline()
    careful = nlp("Sommer og vinter holder vi fester.")
    sloppy = nlp("bo og lykke hjalp med kaffen")
    assert _implausible_lower(careful[2])        # "vinter": the season, in a capitalised text
    assert not _implausible_lower(sloppy[2])     # "lykke": a name, in a text without capitals
    assert _implausible_lower(sloppy[4])         # "kaffen": a Danish word that is no name
    assert _implausible_lower(sloppy[1])         # "og": a stop word never
    fragment = nlp("nens politiske niveau og fatuma")
    assert _implausible_lower(fragment[0])       # the tail of a word cut at a line break
    assert not _implausible_lower(fragment[4])   # an unknown name inside a lower-case text
    assert _implausible_lower(nlp("muners integrationsråd mødes")[0])  # kom-muners


def test_trade_heads_make_organisations():
    assert head_label(["Lund", "Elektro"]) == "ORG"
    assert head_label(["Alis", "Grill"]) == "ORG"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bo fra museet hjalp os.", "[navn] fra museet hjalp os."),
        ("glad fra beskæftigelse kom og fortalte", "[navn] fra beskæftigelse kom og fortalte"),
        ("Vi var glade, og Mette var glad fra starten.",
         "Vi var glade, og [navn] var glad fra starten."),
        ("Vinter fra november til marts er hård.", "Vinter fra november til marts er hård."),
    ],
)
def test_a_name_before_fra_is_a_person(rules, text, expected):
    assert anon(text, rules) == expected


def test_an_organisation_with_fra_inside_is_cut_to_the_person():
    from pipeline.nlp.names import as_person

    nlp = blank_danish()
    doc = nlp("Knud fra Esbjerg var leder.")
    person = as_person(Span(doc, 0, 3, "ORG"))
    assert person is not None and (person.text, person.label_) == ("Knud", "PER")


def _with_persons(text: str, persons: list[str]):
    """A doc of ``text`` whose entities are the given words as ``PER`` (as a model would)."""
    doc = blank_danish()(text)
    spans = []
    for name in persons:
        start = doc.text.index(name)
        spans.append(doc.char_span(start, start + len(name), label="PER"))
    doc.ents = spans
    return doc


@pytest.mark.parametrize(
    "text, persons, initials, kept",
    [
        ("Deltagere: Anne Kristensen (AK) og Ivan Berg.", ["Anne Kristensen", "AK"], "AK", True),
        ("Til stede: RB, MK og JJ.", ["RB", "MK", "JJ"], "JJ", True),
        ("Mødet slut kl. 19.15. Ref.: LT", ["LT"], "LT", True),
        ("Ad 3: BQ orienterede om status.", ["BQ"], "BQ", True),
        # capitals that are headings or acronyms stay capitals
        ("GET SIG MEST MED? (VÆLG MAKS 2)", ["MAKS"], "MAKS", False),
        ("Mødet med DFH blev udsat.", ["DFH"], "DFH", False),
        ("Holm (V) stemte imod.", ["Holm", "V"], "V", False),  # a party letter
    ],
)
def test_initials_are_persons_only_where_minutes_write_people(text, persons, initials, kept):
    from pipeline.nlp.names import initials_of_person

    doc = _with_persons(text, persons)
    ent = next(e for e in doc.ents if e.text == initials)
    assert initials_of_person(ent) is kept


def test_letters_after_a_person_are_initials_only_when_they_fit_the_name(rules):
    ents = extract_entities(["Referent: Hussein Kareem (HK), Lise Thorup (LITH) og "
                             "Malthe Kjær (VIVE)."], rules)[0]
    labels = {e["text"]: e["label"] for e in ents}
    assert labels["HK"] == labels["LITH"] == "PER"  # even where HK is also a union
    assert labels.get("VIVE") != "PER"  # where Malthe Kjær works


def test_a_word_joined_to_a_lower_case_word_is_no_person(blank):
    from pipeline.nlp.components import gazetteer_ents_filter

    for text, word in [("Rose og tulipan blev plantet.", "Rose"), ("Mette og jeg kom.", "Mette")]:
        doc = blank(text)
        ent = doc.char_span(0, len(word), "PER")
        kept = [e.text for e in gazetteer_ents_filter([ent], [])]
        assert kept == ([] if word == "Rose" else ["Mette"])


def test_a_person_at_the_end_of_an_organisation_is_split_off(blank):
    from pipeline.nlp.names import split_person_tail

    org = ent_of(blank, "chef for Jobcenter og Integration Marlene Sønderby, referent",
                 "Jobcenter og Integration Marlene Sønderby", "ORG")
    assert [(s.text, s.label_) for s in split_person_tail(org)] == [
        ("Jobcenter og Integration", "ORG"), ("Marlene Sønderby", "PER")]
    fund = ent_of(blank, "Støtte fra Poul Due Jensens Fond.", "Poul Due Jensens Fond", "ORG")
    assert split_person_tail(fund) == [fund]


def test_a_word_after_a_comma_is_no_person_unless_the_name_bank_knows_it(rules):
    ents = extract_entities(["Til Henriette Lassen, Beskæftigelsesforvaltningen.",
                             "Kære Fatma, Hjertelig tak for din indsats."], rules)
    assert [[e["text"] for e in doc if e["label"] == "PER"] for doc in ents] == [
        ["Henriette Lassen"], ["Fatma"]]
