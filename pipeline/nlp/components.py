"""Registered spaCy factories and the functions that assemble the project's pipelines.

The factories are importable from here (and declared as ``spacy_factories``
entry points) so that ``spacy.load("models/ner")`` finds them:

- ``raadskoder_lemmatizer``: lookup lemmatizer on the Danish table of
  ``spacy-lookups-data``. The table is case-sensitive and holds lower-case
  words, so the token is looked up lower-cased first (*Kommunerne* →
  *kommune*); proper nouns the table lacks keep their text. The table is read
  from the installed package on first use, not copied into the model, which
  keeps ``models/ner`` small.
- ``raadskoder_personal_data``: CPR numbers, phone numbers and e-mail addresses
  (:mod:`pipeline.nlp.personal_data`) as ``doc.spans["personal_data"]``. They
  are not NER labels, so they never disturb ``doc.ents``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.language import Language
from spacy.lookups import Table
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.gazetteer import (
    is_municipality_name,
    known_organisations,
    read_patterns,
    read_patterns_file,
    read_word_list,
)
from pipeline.nlp.language import blank_danish, customize_tokenizer
from pipeline.nlp.lexicon import (
    TITLES_FILE,
    animal_words,
    compound_head,
    danish_lemma_table,
    function_words,
    is_danish_word,
    is_english_word,
    is_inflected_noun,
    is_verb,
    known_names,
    not_names,
    person_names,
    person_verbs,
)
from pipeline.nlp.name_scorer import NAME_SCORER, SCORER_FILE
from pipeline.nlp.names import (
    NAME_PARTICLES,
    PersonNameRule,
    after_animal,
    as_person,
    clear_first_name,
    coordinated_with_word,
    does_as_person,
    does_or_comes_from,
    fix_person,
    greeted,
    initials_of_person,
    joined_words,
    named_as_person,
    named_in_context,
    naming_cue,
    opens_sentence,
    owned_by_person,
    speaks,
    split_person_tail,
    writes_lower_case,
)
from pipeline.nlp.personal_data import find_personal_data
from pipeline.paths import DEFAULT_NER_MODEL, GAZETTEER_DIR

PERSONAL_DATA_KEY = "personal_data"
#: ``doc.spans`` key of the statistical model's own persons, kept before the rules
#: change them: the anonymiser widens a person to the model's name that holds it (R82).
MODEL_PERSONS_KEY = "model_persons"
RULER = "gazetteer"
LEMMATIZER = "raadskoder_lemmatizer"
PERSONAL_DATA = "raadskoder_personal_data"
ROLE_NAMES = "raadskoder_role_names"
PERSON_NAMES = "raadskoder_person_names"
ORG_CUES_FILE = GAZETTEER_DIR / "org_cues.txt"


def read_titles(path: Path = TITLES_FILE) -> list[str]:
    """Cue words that precede names, lower-cased (``#`` comments and blank lines skipped)."""
    return [w.lower() for w in read_word_list(path)]



@spacy.registry.misc("raadskoder.gazetteer_patterns.v1")
def gazetteer_patterns(path: str) -> list[dict]:
    """Config reader for the ruler's ``patterns`` at initialisation (a list, as spaCy needs)."""
    return read_patterns_file(Path(path))


def gazetteer_ents_filter(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """Merge gazetteer matches into the NER's entities.

    A match replaces the entities it overlaps (the gazetteers know *Aarhus
    Kommunes* and *integrationslovens § 42* better than a small model), except
    when the model found a longer entity that contains it: then the match is a
    municipality name inside an organisation (*Hvidovre Hospital*, *Skive
    Folkeblad*, *Roskilde Universitet*) and the model's entity stays. The
    anonymiser still replaces such a nested municipality name. Measured against
    the alternatives in ``benchmarks/ner_ruler_placement.py``.

    ``MUNICIPALITY`` is a closed class (98 names, all in the gazetteer), so a
    model's MUNICIPALITY that is no known name is another place
    (*Hundested*, *Lillerød*): it is relabelled ``LOC``. Model entities seen
    wrong on real documents are dropped: a lone stop word (*Dette* at the start
    of a line); a "person" in capitals (a heading such as *AKTUELLE TEMAER*),
    with a lower-case word in it (*Hvis integrationsrådet*), or made of one
    Danish word (in the lemma table and not a known first or last name) that
    nothing around it names as a person (*Dels muliggør …*; but *Kold var uenig*,
    *Referent: Pil*: :func:`~pipeline.nlp.names.named_in_context`; and, opening a
    sentence, *Ulv fratræder …*, *Gedde fra idrætsforeningen …*), or that opens a
    sentence and is long or inflected (*Derudover*, *Herved*, *Lodsejeren*;
    :func:`_plain_word`). Rule R79 keeps more of the model's persons where the text
    agrees: a chat's speaker (*Dag: god dag …*), a name in capitals before a verb
    (*STÆRK har lavet …*), a word inside a sentence before a verb (*at Lilje er kommet
    …*), names made of words in running text (*Lin Fang har lovet …*) and a lower-case
    first name with its surname (*som mads trane stod for*); and it makes a person of a
    model place or body that only a person fits (*oplæg ved Lunde*, *i Ravns bil*).

    Before any of this the model's own persons are kept in ``doc.spans["model_persons"]``
    (R82): the anonymiser widens a person the rules kept in part to the name the model
    found whole (:func:`pipeline.nlp.anonymize.redaction_spans`).
    """
    entities = list(entities)
    if entities:  # what the model called persons, before any rule
        entities[0].doc.spans[MODEL_PERSONS_KEY] = [e for e in entities if e.label_ == "PER"]
    entities = [c for e in entities for c in map(_checked, split_person_tail(e)) if c is not None]
    merged: list[Span] = []
    for span in filter_spans(spans):
        if any(
            e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in entities
        ):
            continue
        if span.label_ == "LOC" and any(
            e.label_ == "PER" and (e.start, e.end) == (span.start, span.end)
            and named_in_context(e) for e in entities
        ):
            continue  # a place's name as a person's, where the text names one: "Ordstyrer: Vind"
        entities = [e for e in entities if e.end <= span.start or e.start >= span.end]
        merged.append(span)
    return entities + merged


def _implausible(ent: Span) -> bool:
    """Model entities that real documents showed to be wrong (see gazetteer_ents_filter)."""
    if len(ent) == 1 and (ent[0].is_stop or ent[0].lower_ in DANISH_STOP_WORDS) and not (
        ent.label_ == "PER" and (
            (ent.text.isupper() and initials_of_person(ent))
            or (ent.text.istitle() and ent[0].lower_ in known_names()
                and does_as_person(ent.doc, ent.end)))
    ):
        return True  # "Dette" opening a line, "Vi" opening a quote; not "JK og AF", "Hans sagde"
    if ent.label_ != "PER":
        return False
    first = ent[0]
    if speaks(ent):
        return False  # a chat's speaker: "Dag: god dag til jer alle", "MH: ok med mig" (R79)
    if _lower_case_name(ent):
        return False  # a name in a message written in lower case: "spørg hede i sekretariatet"
    if len(ent) == 1 and first.lower_ in not_names():
        return True  # "Ibid" after a footnote number, "Eid", "Pozdrawiam"
    if first.lower_ in animal_words() or (len(ent) == 1 and after_animal(ent.doc, ent.start)):
        return True  # an animal: "Hesten Storm", "på hesten Storm"
    names = known_names()
    w = first.lower_
    if (
        len(ent) == 1 and opens_sentence(first) and w not in names
        and not (w[-1:] == "s" and w[:-1] in names)  # "Holms forslag", "Pers bil"
        and is_danish_word(w) and not owned_by_person(ent) and (_plain_word(w) or not (
            named_in_context(ent) or does_or_comes_from(ent)))
    ):
        return True  # an ordinary word opening a sentence: "Derudover", "Herved"; not "Pil satte …"
    if len(ent) == 1 and opens_sentence(first) and is_danish_word(w) and coordinated_with_word(ent):
        return True  # "Rose og tulipan", "Ask og birk": a word joined to a word
    letters = [t.text for t in ent if any(c.isalpha() for c in t.text)]  # also "m.v."
    if not any(c.isalpha() for c in ent.text) or any(c.isdigit() for c in ent.text):
        return True  # a quotation mark; a footnote number ("3 Ibid")
    if ent.text.endswith("-"):
        return True  # the first half of a split compound: "andre EU- og EØS-lande"
    tail = compound_head(ent[-1].text)
    if len(tail) >= 3 and tail.islower() and tail not in names:
        return True  # a compound with a lower-case head: "A-niveau", "Eid-fest", not "Lund-Hansen"
    bare = [_without_genitive(w) for w in letters]
    if bare and all(w.isupper() and len(w) > 1 for w in bare) and not all(
        w.lower() in names for w in bare
    ) and not initials_of_person(ent) and not _first_name_in_capitals(ent) and not (
        _capitals_subject(ent) or _capitals_named(ent)
    ):
        return True  # a heading or an acronym ("REM's"); but "RAVN OG DUE", names, initials stay
    if (
        len(ent) == 1 and not opens_sentence(first) and is_danish_word(w)
        and w not in names and not (w[-1:] == "s" and w[:-1] in names)
        and not (named_in_context(ent) or _subject_in_running_text(ent))
    ):
        return True  # a capitalised Danish word inside a sentence: "2004, Rapport kan ses"
    if len(ent) == 1 and first.is_lower and writes_lower_case(first) and (
        greeted(ent) or (opens_sentence(first) and does_or_comes_from(ent))
    ):
        return False  # a lower-case message's "hej fred,", "mvh nivi", "gro er vores kontakt"
    words = ent[:1] if _lower_first_name_run(ent) else ent
    return any(_implausible_lower(t) for t in words if any(c.isalpha() for c in t.text))


def _lower_case_name(ent: Span) -> bool:
    """Whether a one-word lower-case model person stands in a text written wholly in
    lower case and may be a name there (R81): three letters or more, all letters, no stop
    word, no word of ``not_names.txt`` or ``function_words.txt`` (*dels*, *hos*) and no
    long, inflected or adverbial Danish word (:func:`_plain_word`). A writer who does not
    capitalise writes names in lower case too, and the model read such names from their
    context (*sender lige videre til liv og saga*, *måske maj? hun er god til tal*) more
    often than the cues the rules ask for (R68, R76, R79) are there."""
    first = ent[0]
    w = first.lower_
    return (len(ent) == 1 and first.is_lower and first.is_alpha and len(w) >= 3
            and _wholly_lower_case(ent.doc) and w not in DANISH_STOP_WORDS
            and w not in not_names() and w not in function_words() and not _plain_word(w)
            and not _after_verb(ent) and not _joined_to_word(ent))


def _wholly_lower_case(doc: Doc) -> bool:
    """Whether no sentence of ``doc`` opens with a capital: a message written wholly in
    lower case (*hej ahmed ses kl 10*). A sentence of a report can open in lower case
    where a line break of the PDF split it (*spørgeskemaundersøgelsen, dels at …*), so
    one lower-case sentence does not make a text a lower-case message. A sentence with no
    letters (*🎉🎉*, *12:30*) does not count; the name scorer's ``DocContext.lowtext``, judged
    with its own rules (R37, R79), counts such a line as written in capitals."""
    for sent in doc.sents if doc.has_annotation("SENT_START") else [doc[:]]:
        first = next((t for t in sent if t.is_alpha), None)
        if first is not None and not first.is_lower:
            return False
    return True


def _after_verb(ent: Span) -> bool:
    """Whether a finite verb comes right before ``ent``: in lower-case text the word after
    a verb is its object (*vi ønsker fred*), not a name."""
    if ent.start == 0 or naming_cue(ent.doc, ent.start - 1):
        return False  # a naming verb gives a name: "min nabo hedder dag" (R87)
    verb = ent.doc[ent.start - 1].lower_
    return is_verb(verb) or verb in person_verbs()


def _joined_to_word(ent: Span) -> bool:
    """Whether ``ent`` is joined by *og* or *eller* to a lower-case Danish word that no
    entity covers, on either side: *fred og ro*, *ro og fred* (but *liv og saga*, where
    the model calls both persons)."""
    return any(not word.ent_type_ for word in joined_words(ent, before=True))


def _lower_first_name_run(ent: Span) -> bool:
    """Whether ``ent`` is a lower-case known first name followed by more words (*jytte
    sommer*): those are the surname even when they are Danish words too. The first name
    is one no ordinary word shares, or (R79) one that is also a word (*mads*) in a
    lower-case text where a verb follows the name or the words around it name a person
    (*som mads trane stod for*)."""
    head = ent[0]
    if not (len(ent) > 1 and head.is_lower and all(t.is_alpha for t in ent[1:])):
        return False
    return clear_first_name(head) or (
        head.lower_ in known_names() and writes_lower_case(head)
        and (does_or_comes_from(ent) or named_in_context(ent, verb_before=False))
    )


#: Letters that make capitals a word one can say, not an acronym (*KLINT*, not *BUPL*).
_VOWELS = frozenset("aeiouyæøå")


def _capitals_subject(ent: Span) -> bool:
    """Whether a one-word person in capitals is a name a verb follows (*KAVITHA læste …*,
    *STÆRK har lavet …*, *KLINT LÅSER OP*; R79): five letters or more with a vowel, no
    known organisation (*VIVE har undersøgt …*) and no long or inflected Danish word
    (*MØDET er aflyst*), before the cues by which R75 keeps a subject."""
    return len(ent) == 1 and _sayable_capitals(ent[0].lower_, 5) and does_or_comes_from(ent)


def _sayable_capitals(w: str, shortest: int) -> bool:
    """Whether a word written in capitals (``w``, lower-cased) can be a name: ``shortest``
    letters or more with a vowel (*KLINT*, not *BUPL*), no known organisation (*VIVE*) and
    no long, inflected or adverbial Danish word (*MØDET*, *POLITIKERE*). What R79's subject
    in capitals (:func:`_capitals_subject`) and R87's named one (:func:`_capitals_named`)
    ask of the word itself, before their cues."""
    return (len(w) >= shortest and any(c in _VOWELS for c in w)
            and w not in known_organisations() and not (is_danish_word(w) and _plain_word(w)))


#: Length from which a Danish word the model calls a person, opening a sentence, is taken
#: for the word even where the words around it name a person. Shorter base forms are
#: names as often as words (*Kold*, *Ulv*, *Krabbe*, *Strand*: Danish surnames); longer
#: ones are adverbs, participles and nouns (*Herudover*, *Sammenfattende*, *Hovedtal*).
#: Read off a development set (``docs/nlp.md``, rules R59-R62).
PLAIN_WORD_LENGTH = 7


#: Openings of the Danish pronominal adverbs: *Herved*, *Dermed*, *Hvorfor*.
_ADVERB_OPENINGS = ("her", "der", "hvor")


def _plain_word(w: str) -> bool:
    """Whether the lower-case Danish word ``w`` is one no name shares:
    :data:`PLAIN_WORD_LENGTH` letters or more, an inflected noun (*Lodsejeren*) or a
    pronominal adverb (*Herved*, *Dermed*)."""
    return len(w) >= PLAIN_WORD_LENGTH or is_inflected_noun(w) or w.startswith(_ADVERB_OPENINGS)


def _subject_in_running_text(ent: Span) -> bool:
    """Whether a capitalised word inside a sentence, after a lower-case word, is the
    subject of the verb or origin that follows it (*at Lilje er kommet hjem*, *og Gedde
    fra klubben kom*; R79): R75's cues where the capital cannot be the sentence's own.
    After a number or punctuation (*2004, Rapport kan ses*) a capital may open a line."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (before is not None and before.is_lower and before.is_alpha
            and ent[0].is_title and does_or_comes_from(ent))


def _capitals_named(ent: Span) -> bool:
    """Whether a person in capitals is a name by the words around it or by its own words
    (R85, R87): the cues by which a Danish word is a name in ordinary case
    (:func:`named_in_context`: a person verb, *SIGER RØNNE*, an address, *SOROKA PÅ 26 03 91
    58*, a people cue, *AFBUD: SPOGMAI, FIKRE HABTE OG TRØST*), a person listed with it only
    when that person has a word that is no Danish word (*YILDIZ OG STJERNE*; in a heading two
    words vouch for each other: *EMBEDSMÆND OG POLITIKERE*), for one word of three letters
    or more with a vowel that is no long, inflected or adverbial Danish word
    (:func:`_plain_word`); or several words that are no Danish or English words (*OKONKWO
    ADEBAYO*) or end in a known last name (*SKY NIELSEN*). A heading is made of words
    (*AKTUELLE TEMAER*) and an acronym has no vowel or is a known organisation (*VIVE*)."""
    words = [t for t in ent if t.is_alpha]
    if not words or any(t.lower_ in known_organisations() for t in words):
        return False
    if len(ent) == 1:
        return _sayable_capitals(ent[0].lower_, 3) and named_in_context(ent, named_list=True)
    if len(words) < 2:
        return False
    return named_in_context(ent, named_list=True) or (
        words[-1].lower_ in person_names()["last"]) or not any(
        is_danish_word(t.lower_) or is_english_word(t.lower_) for t in words)


def _first_name_in_capitals(ent: Span) -> bool:
    """A person written in capitals that opens with a known first name no ordinary word
    shares (*LENE KILDE*, *NAVID*); a heading opens with a word (*AKTUELLE TEMAER*)."""
    return ent[0].is_alpha and clear_first_name(ent[0])


def _without_genitive(word: str) -> str:
    """``word`` without a genitive ending written with an apostrophe (*REM's* → *REM*)."""
    for ending in ("'s", "’s", "'"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def _implausible_lower(token) -> bool:
    """A lower-case word that cannot be (part of) a person name in this text.

    A text that capitalises its sentences writes names with capitals, so a
    lower-case word there is a word (*Hvis integrationsrådet*, the season in
    *Sommer og vinter*) unless it is a known name that is no Danish word (a
    survey answer's *ahmed*). A text that does not capitalise (*bo, per og lykke
    hjalp*, *ring til fatuma*) writes names in lower case too: there a known
    name is kept, and so is an unknown word that is no Danish word, except a
    short word or a word with a Danish ending opening the text, which is how a
    line of a PDF shows the tail of a word cut at the line break (*nens* of
    *kommu-nens*, *muners* of *kom-muners*).
    """
    word = token.text
    if not word.islower() or word in NAME_PARTICLES or _INITIAL.fullmatch(word):
        return False  # also an initial: "mette f.", "tina m. jensen"
    if word in DANISH_STOP_WORDS or "." in word:
        return True  # a stop word, or an abbreviation: "m.fl.", "bl.a.", "f.eks."
    known, danish = word in known_names(), is_danish_word(word)
    if writes_lower_case(token):
        return not known and (danish or len(word) < 3 or (
            token.i == 0 and (len(word) <= 4 or word.endswith(_WORD_TAILS))
        ))
    return not known or danish


#: An initial in a name: *m.* in *tina m. jensen*.
_INITIAL = re.compile(r"[^\W\d_]\.")
#: Endings that the tail of a Danish word cut at a line break shows (*kommu-nens*).
_WORD_TAILS = ("ens", "ets", "ers", "erne", "ernes", "ning", "ningen", "heden", "elsen", "else",
               "ende", "ede")


def _checked(ent: Span) -> Span | None:
    """A model entity, or ``None`` when implausible.

    Persons go through :func:`fix_person`; organisations lose trailing
    lower-case stop words (*Dialogforum for Integration i*).
    """
    ent = _without_numbers(ent)
    if ent is None or _implausible(ent):
        return None
    if ent.label_ == "PER":
        return fix_person(ent)
    if ent.label_ == "MUNICIPALITY" and not is_municipality_name(ent.text):
        return Span(ent.doc, ent.start, ent.end, "LOC")
    if ent.label_ in ("ORG", "LOC") and (person := as_person(ent)) is not None:
        return person
    if ent.label_ in ("ORG", "LOC") and named_as_person(ent):
        return Span(ent.doc, ent.start, ent.end, "PER")  # "oplæg ved Lunde", "i Ravns bil"
    if ent.label_ == "ORG":
        end = ent.end
        while end > ent.start + 1 and ent.doc[end - 1].is_lower and ent.doc[end - 1].is_stop:
            end -= 1
        if end != ent.end:
            return Span(ent.doc, ent.start, end, "ORG")
    return ent


#: Labels whose entities may open or end with a number.
NUMERIC_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "CASE_NO", "LAW"})


def _without_numbers(ent: Span) -> Span | None:
    """A name entity without the numbers the model took in at its edges.

    *i perioden 2014-2017 Bodil Kjær* came back as one place; names do not
    open with a year or a count (and persons do not end with one), so the
    numbers go and the rest is checked as any entity (here: a person).
    Organisations may end with a number (*TV 2*) and keep it.
    """
    if ent.label_ in NUMERIC_LABELS:
        return ent
    start, end = ent.start, ent.end
    while start < end and not any(c.isalpha() for c in ent.doc[start].text):
        start += 1
    while ent.label_ == "PER" and end > start and not any(
        c.isalpha() for c in ent.doc[end - 1].text
    ):
        end -= 1  # only persons: "TV 2", "Kanal 5" end with their number
    if start == end:
        return None
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, ent.label_)


@spacy.registry.misc("raadskoder.gazetteer_ents_filter.v1")
def make_gazetteer_ents_filter():
    """Config entry for :func:`gazetteer_ents_filter` (``ents_filter`` of the span ruler)."""
    return gazetteer_ents_filter


class LowercaseLookupLemmatizer:
    """Lemmas from the Danish lookup table, looked up lower-cased first."""

    def __init__(self, nlp: Language, name: str, overwrite: bool = False) -> None:
        self.name = name
        self.overwrite = overwrite

    @property
    def table(self) -> Table:
        return danish_lemma_table()

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            if token.lemma and not self.overwrite:
                continue
            lower = token.lower_
            token.lemma_ = table.get(lower) or table.get(token.text) or (
                token.text if token.is_title else lower
            )
        return doc


@Language.factory(LEMMATIZER, default_config={"overwrite": False})
def make_lemmatizer(nlp: Language, name: str, overwrite: bool) -> LowercaseLookupLemmatizer:
    return LowercaseLookupLemmatizer(nlp, name, overwrite)


class PersonalDataTagger:
    """Marks CPR, phone and e-mail matches as spans (token-aligned, expanded)."""

    def __init__(self, nlp: Language, name: str, spans_key: str = PERSONAL_DATA_KEY) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for match in find_personal_data(doc.text):
            span = doc.char_span(match.start, match.end, match.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(PERSONAL_DATA, default_config={"spans_key": PERSONAL_DATA_KEY})
def make_personal_data(nlp: Language, name: str, spans_key: str) -> PersonalDataTagger:
    return PersonalDataTagger(nlp, name, spans_key)


#: Settings of the gazetteer ``span_ruler`` (the same as in corpus/ner/config.cfg).
RULER_CONFIG = {
    "spans_key": None,
    "annotate_ents": True,
    "overwrite": False,
    "validate": False,
    "ents_filter": {"@misc": "raadskoder.gazetteer_ents_filter.v1"},
}


class RoleNames:
    """Capitalised words right after a role word are a person: *formanden Bashir*.

    A small model misses lone or unusual names (*Al-Tamimi*, *Bashir*) that
    the context gives away; minutes name people by their role. Only words no
    entity covers are taken (so *konsulent Jobcenter Aarhus* stays an ORG), at
    most four, each capitalised and not a stop word. The same holds for
    organisations after a lower-case organisation noun (``org_cues``:
    *foreningen Kvindekraft Jammerbugt*, *boligorganisationen Alboa*), which
    also replace a model ``PER`` or ``LOC`` lying inside them. The word lists
    are stored in the component's config, so a saved pipeline carries them.
    """

    MAX_WORDS = 4

    def __init__(
        self, nlp: Language, name: str, titles: list[str], org_cues: list[str] | None = None
    ) -> None:
        self.name = name
        self.titles = set(titles)
        self.org_cues = set(org_cues or ())

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        owner = {i: e for e in ents for i in range(e.start, e.end)}
        new: list[Span] = []
        for token in doc:
            if token.lower_ in self.titles:
                label, replaceable = "PER", ()
            elif token.lower_ in self.org_cues:
                label, replaceable = "ORG", ("PER", "LOC")
            else:
                continue
            end = token.i + 1
            while (
                end < len(doc) and end - token.i <= self.MAX_WORDS
                and (end not in owner or owner[end].label_ in replaceable)
                and doc[end].is_title and not doc[end].is_stop
                and doc[end].text.replace("-", "").isalpha()
            ):
                end += 1
            inside = {owner[i] for i in range(token.i + 1, end) if i in owner}
            if end > token.i + 1 and all(e.end <= end for e in inside):
                ents = [e for e in ents if e not in inside]
                new.append(Span(doc, token.i + 1, end, label))
                owner.update({i: new[-1] for i in range(token.i + 1, end)})
        if new:
            doc.ents = sorted([*ents, *new])
        return doc


@Language.factory(
    ROLE_NAMES,
    default_config={"titles": read_titles(), "org_cues": read_titles(ORG_CUES_FILE)},
)
def make_role_names(
    nlp: Language, name: str, titles: list[str], org_cues: list[str] | None
) -> RoleNames:
    return RoleNames(nlp, name, titles, org_cues)


@Language.factory(PERSON_NAMES)
def make_person_names(nlp: Language, name: str) -> PersonNameRule:
    return PersonNameRule(nlp, name)


def add_ruler(
    nlp: Language, patterns: Iterable[dict] | None = None, *, gazetteer_dir: Path = GAZETTEER_DIR
) -> Language:
    """Add the gazetteer ruler after ``ner`` (or last when there is none), replacing any old one."""
    if RULER in nlp.pipe_names:
        nlp.remove_pipe(RULER)
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("span_ruler", name=RULER, config=RULER_CONFIG, **where)
    ruler.add_patterns(list(patterns if patterns is not None else read_patterns(gazetteer_dir)))
    return nlp


def add_rule_components(nlp: Language) -> Language:
    """Put the project's rules on any Danish pipeline.

    Adds the domain tokenizer cases, a sentencizer when nothing sets sentence
    boundaries (ambiguous municipality names are matched only inside a
    sentence), the gazetteer ruler, the role-name and person-name rules and the
    personal-data tagger.
    """
    customize_tokenizer(nlp)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    add_ruler(nlp)
    if ROLE_NAMES not in nlp.pipe_names:
        nlp.add_pipe(ROLE_NAMES, after=RULER)
    if PERSON_NAMES not in nlp.pipe_names:
        nlp.add_pipe(PERSON_NAMES, after=ROLE_NAMES)
    if PERSONAL_DATA not in nlp.pipe_names:
        nlp.add_pipe(PERSONAL_DATA, last=True)
    return nlp


def add_shipped_name_scorer(nlp: Language, model: Path = DEFAULT_NER_MODEL) -> Language:
    """Add the learned name scorer of the pipeline at ``model`` (when it has one) after
    the name rules: it reads words, not the NER's output, so it carries to any pipeline."""
    shipped = Path(model) / NAME_SCORER
    if NAME_SCORER not in nlp.pipe_names and (shipped / SCORER_FILE).exists():
        nlp.add_pipe(NAME_SCORER, after=PERSON_NAMES).from_disk(shipped)
    return nlp


def build_rule_pipeline() -> Language:
    """The pipeline without a statistical NER: tokenizer, sentences, lemmas, gazetteers, rules."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LEMMATIZER)
    return add_rule_components(nlp)
