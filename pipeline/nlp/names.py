"""Rules about person names: what looks like a name, and where.

A small statistical NER trained on a few thousand sentences both misses names it
has not seen (*Dahl har lavet …*, *Bader Shahid (S) stemte for*) and takes
capitalised non-names for persons (*Valby Lokaludvalg*, *Human Rights*,
*Wilders Plads*, *Bekendtgørelse*). Anonymisation cares most about the first
kind, reports about both. The rules use the word knowledge of
:mod:`pipeline.nlp.lexicon` (name bank, places, Danish and English words) and
the context of a word:

- :func:`fix_person` and :func:`as_person` check the model's persons,
  organisations and places against what names look like;
- :class:`PersonNameRule` (a pipeline component) marks names the model missed:
  runs opening with a known first name, party letters (*Hansen (V)*), subjects of
  person verbs (*Vinter stemte imod*, *SHN havde meldt afbud*), *X fra Y*, names in
  capitals, genitives (*Holms forslag*), names after people cues and initials in
  minutes, names listed with persons;
- :func:`name_like_spans` is the anonymiser's safety net: capitalised words that
  are no word of the language, and lower-case names written the way sloppy
  answers write them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.gazetteer import is_municipality_name, known_organisations
from pipeline.nlp.lexicon import (
    DEFINITE_ENDINGS,
    WORD_ENDINGS,
    animal_words,
    danish_lemma_table,
    english_stop_words,
    head_label,
    is_danish_compound,
    is_danish_word,
    is_english_word,
    is_event_name,
    is_inflected_noun,
    is_ordinary_word,
    is_place,
    is_role,
    is_verb,
    known_names,
    looks_like_noun,
    not_names,
    not_subject_names,
    person_names,
    person_participles,
    person_possessions,
    person_verbs,
    relation_words,
)
from pipeline.nlp.personal_data import find_personal_data

#: Lower-case particles of names (*Abd al-Rahman*, *van Dijk*); other lower-case words are not.
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al",
                            "el", "bin", "bint", "ibn", "abu", "af", "dela", "del", "dos", "das",
                            "á", "í", "við", "ter", "ten", "zu"})  # Faroese "Bárður á Steig"

#: Words that join the items of a list of names: *bo, per og lykke*.
_LIST_JOINERS = frozenset({",", "og", "&", "eller"})

#: Danish party letters written after a politician's name in minutes: *Hansen (V)*.
PARTY_LETTERS = frozenset({"A", "B", "C", "D", "F", "I", "K", "M", "O", "Q", "V", "Æ", "Ø", "Å",
                           "FG", "LA", "DF", "SF", "RV", "EL", "KF", "S", "DD"})


MAX_NAME_WORDS = 4


def opens_sentence(token) -> bool:
    """Whether only punctuation, numbers or symbols precede ``token`` in its sentence.

    A footnote number, bullet or quotation mark before a word (*3 Ibid.*,
    *” Herved*) does not make it less of a sentence opener.
    """
    if token.is_sent_start is True or token.i == 0:
        return True
    start = token.sent.start if token.doc.has_annotation("SENT_START") else 0
    return not any(t.is_alpha for t in token.doc[start:token.i])


QUOTES = frozenset({'"', "“", "”", "„", "«", "»"})


def opens_quotation(token) -> bool:
    """Whether ``token`` is the first word inside quotation marks (*Bogen "Storm over …"*):
    a capitalised word there opens a title as often as a name."""
    i = token.i
    if i == 0 or token.doc[i - 1].text not in QUOTES:
        return False
    return sum(t.text in QUOTES for t in token.doc[:i]) % 2 == 1


def quoted_title(span: Span) -> bool:
    """Whether ``span`` opens a quotation that reads as a title, not a nickname:
    *"Glad i skolen"* (the quotation goes on in lower case), *"Per Pilot"* (a word
    that is no known name)."""
    if not opens_quotation(span[0]) or opens_sentence(span[0]):
        return False  # a quotation opening a sentence is speech: "Oksana er …," siger hun
    doc, known = span.doc, known_names()
    after = doc[span.end] if span.end < len(doc) else None
    return (after is not None and after.is_lower and after.is_alpha) or not all(
        t.lower_ in known for t in span if t.is_alpha
    )


def _name_word(token) -> bool:
    """A capitalised word that may be part of a name (*Hassan*, *Al-Tamimi*, *al-Farouq*)."""
    text = token.text
    if text[:3].lower() in ("al-", "el-") and text[3:4].isupper():
        text = text[3:]
    plain = text.replace("-", "").replace("'", "")
    return text.istitle() and plain.isalpha() and len(plain) > 1 and not token.is_stop


def in_english(span: Span) -> bool:
    """Whether the sentence around ``span`` is English: more English than Danish stop words.

    Danish reports quote English passages, where capitalised nouns (*Ministry*)
    confuse a model trained on Danish. Stop words tell the languages apart
    (the Danish lemma table also lists English loanwords).
    """
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    english_only, danish = _stop_words_en_da()
    words = [t.lower_ for t in sent if t.is_alpha]
    n_en = sum(w in english_only for w in words)
    n_da = sum(w in danish for w in words)
    return n_en >= 2 and n_en > 2 * n_da


@lru_cache(maxsize=1)
def _stop_words_en_da() -> tuple[frozenset[str], frozenset[str]]:
    """English-only stop words, and Danish stop words that are not English-only."""
    english_only = english_stop_words() - DANISH_STOP_WORDS
    return english_only, frozenset(DANISH_STOP_WORDS) - english_only


def fix_person(ent: Span) -> Span | None:
    """A model ``PER`` entity checked against what names look like.

    Returns the entity (maybe relabelled or trimmed) or ``None`` to drop it:
    quotation marks opening a word (*’Mangfoldighed*) and all-English phrases
    with no known name (*Human Rights*, *However* in an English sentence) are
    dropped (a lone English word in a Danish sentence is a name the model knew
    from its context: *Wolf har sendt …*, *Sunday kan først …*); a leading role
    word (*Afdelingsleder Maria …*) is trimmed; an organisation or place head
    (*Valby Lokaludvalg*, *Wilders Plads*) relabels it; a lone word ending like
    a Danish abstract noun or splitting into two Danish words
    (*Tryghedsindeks*) is dropped.
    """
    if any(t.text[:1] in "'’‘\"«»”“" for t in ent) or quoted_title(ent):
        return None
    words = [t.text for t in ent if t.is_alpha or "-" in t.text]
    names = known_names()
    if words and not any(w.lower() in names for w in words) and all(
        is_english_word(w) for w in words
    ) and (len(words) > 1 or words[0].lower() in english_stop_words() or in_english(ent)):
        return None  # but a lone English word in a Danish sentence is a name: "Sunday kan …"
    start = ent.start
    signed = False
    while start < ent.end - 1 and (is_role(ent.doc[start]) or ent.doc[start].lower_ in SIGN_OFFS
                                   or (signed and ent.doc[start].text == ".")):
        signed = signed or ent.doc[start].lower_ in SIGN_OFFS
        start += 1  # "Afdelingsleder Maria …", "Mvh Bo", "Mvh. Bo"
    if signed and ent.end - start == 1 and ent.doc[start].lower_ not in names and looks_like_noun(
        ent.doc[start].text
    ):
        return None  # "Mvh. Jobcentret": an office signs, not a person
    label = head_label(words)
    if label == "LOC" and (ent[0].lower_ in person_names()["first"] or (
        _may_open_name(ent[0]) and len(words) > 1 and not words[-2].endswith("s")
    ) or named_in_context(ent)):
        label = None  # "Martin Strand", "Ji-woo Park": a first name opens it ("Wilders Plads"
        # is named after a person); "Fra: Ebbe Strand <ebbe@…>": the text names a person
    if label is None and words and words[-1].lower() not in names and is_place(
        words[-1], villages=len(words) == 1
    ) and (not _may_open_name(ent[0]) if len(words) > 1 else not named_in_context(ent)):
        # a name and a place: "Kino Ikast", "Venligboerne Struer"; a lone place: "Skjern";
        # but a first name and a town is a person ("Tobias Rønne", "Aliyu Bello"), and so
        # is a village that does what people do or the text names as a person ("Vind mener …",
        # "Consuelo og Soledad", "Ordstyrer: Vind")
        label = "ORG" if len(words) > 1 else "LOC"
    if label is not None:
        return Span(ent.doc, ent.start, ent.end, label)
    if len(words) > 1 and not any(w.lower() in names for w in words) and all(
        is_danish_word(w) or is_english_word(w) or w.lower() in not_names() for w in words
    ) and not (named_in_context(ent) or _name_in_running_text(ent)):
        return None  # "Hjemme Igen", "Glædelig Jul": a title or a greeting; not "Bh Kåre Vind"
    ent = Span(ent.doc, start, ent.end, "PER") if start != ent.start else ent
    if len(ent) == 1 and ent[0].lower_ not in names and len(ent.text) >= 8 and (
        ent[0].lower_.endswith(WORD_ENDINGS) or len(ent.text) >= 12 and is_danish_word(ent.text)
        or is_danish_compound(ent.text)
    ) and not named_in_context(ent):
        return None  # "Mangfoldighed", "Tryghedsindeks": a Danish noun; not "– Ravnkilde"
    return ent


def before_subject_verb(ent: Span) -> bool:
    """Whether a verb follows ``ent``: a common one (*Tor kommer …*, *Vind er ny …*; see
    ``subject_verbs.txt``) or any present or past tense by its form (*Ulv fratræder …*;
    :func:`~pipeline.nlp.lexicon.is_finite_verb`, R75): a word opening a sentence that
    does so is its subject."""
    return ent.end < len(ent.doc) and is_verb(ent.doc[ent.end].lower_)


#: Labels of what a person may come from: *Gedde fra idrætsforeningen*, *Aske fra DIF*.
_ORIGIN_LABELS = frozenset({"ORG", "LOC", "COMMITTEE", "MUNICIPALITY"})


def _comes_from(ent: Span) -> bool:
    """Whether *fra* and a definite noun or a named place or body follow ``ent`` (*Gedde
    fra idrætsforeningen*, *Aske fra ungdomsskolen*; R75): where someone comes from."""
    doc, i = ent.doc, ent.end
    if i + 1 >= len(doc) or doc[i].lower_ != "fra":
        return False
    after = doc[i + 1]
    return after.ent_type_ in _ORIGIN_LABELS or (after.is_lower and is_inflected_noun(after.text))


def does_or_comes_from(ent: Span) -> bool:
    """Whether a verb follows ``ent`` (:func:`before_subject_verb`, or a person verb or
    *har* + a person participle: :func:`does_as_person`) or where it comes from
    (:func:`_comes_from`): the cues by which a word opening a sentence is its subject, in
    capitals (R75; the person verbs are also part of :func:`named_in_context`) and in
    lower-case messages (*fred ringede …*; R76), and by which R79 keeps names in
    capitals, inside sentences and before a surname."""
    return before_subject_verb(ent) or does_as_person(ent.doc, ent.end) or _comes_from(ent)


def _name_in_running_text(ent: Span) -> bool:
    """Whether capitalised words the model calls a person stand where a sentence in
    ordinary case names someone (R79): before a verb (*Lin Fang har lovet …*, *Wang og
    Fan Li har …*), or inside it after a lower-case word and before punctuation
    (*spillet af Tor Wold, der …*). A title or greeting made of words stands alone,
    opens its line or runs on without a verb (*God weekend og Glædelig Jul til alle*)."""
    doc = ent.doc
    if not all(t.is_title for t in ent):
        return False
    if before_subject_verb(ent) or does_as_person(doc, ent.end):
        return True
    if opens_sentence(ent[0]):
        return False
    after = doc[ent.end] if ent.end < len(doc) else None
    return doc[ent.start - 1].is_lower and (after is None or after.is_punct)


def clear_first_name(token) -> bool:
    """Whether ``token`` is a known first name that no ordinary word shares (*Lene*,
    *Navid*; not *Anna*, also an English word, nor *Per*)."""
    return token.lower_ in person_names()["first"] and not is_ordinary_word(token)


def _may_open_name(token) -> bool:
    """Whether ``token`` can be the first name of a person: a known first name, or a
    word that is neither a word of the language nor a place (*Aliyu*, *Ji-woo*)."""
    return token.lower_ in person_names()["first"] or not (
        is_ordinary_word(token) or is_place(token.text)
    )


def as_person(ent: Span) -> Span | None:
    """A model ``ORG`` or ``LOC`` that reads as a person's name, relabelled ``PER``.

    A small model mixes up the three capitalised classes (*Lene Hjort fra …*
    as an organisation, *Amina og Tomasz* as a place). A span that (after any
    leading role word: *Politiinspektør Martin Slot*) is one to four name words
    opening with a known first name, with no organisation or place head
    (*Niels Bohr Institutet*, *Poul Due Jensens Fond*, *Karen Blixens Plads*),
    is a person. A lone word must be a known first name and no Danish word.
    A span with *fra* inside (*Knud fra Esbjerg*) is cut there: a person *fra*
    a place or an organisation, and the place is left to the gazetteer.
    Returns ``None`` when the entity should keep its label.
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    cut = next((t.i for t in ent[1:] if t.lower_ == "fra"), None)
    if cut is not None:
        end = cut  # "Knud fra Esbjerg" taken as one organisation: the person is "Knud"
    while start < end - 1 and is_role(doc[start]):
        start += 1
    span = doc[start:end]
    if len(span) > MAX_NAME_WORDS or not all(
        _name_word(t) or (t.lower_ in NAME_PARTICLES and 0 < i < len(span) - 1)
        for i, t in enumerate(span)
    ):
        return None
    first = person_names()["first"]
    head = span[0]
    if head.lower_ not in first or head_label([t.text for t in span]) is not None:
        return None
    if len(span) == 1 and cut is None and (
        is_ordinary_word(head) or opens_sentence(head) or is_place(head.text)
        or not _coordinated_with_person(span)
    ):
        return None  # a lone word is a person only beside one: "Amina og Tomasz"
    return Span(doc, start, end, "PER")


def named_as_person(ent: Span) -> bool:
    """Whether a one-word model ``LOC`` or ``ORG`` is a person by a cue that only people
    take (R79): a talk, a greeting or people cue, a signature or an address (*oplæg ved
    Lunde*); for a word that is no known place, also a role right before it (*formand
    Solbakken*); or the genitive of a known name that is no place, before a lower-case
    word (*i Ravns bil*). Known organisations, municipalities, inflected nouns and words
    in capitals keep their label, and a verb is no cue here: places and bodies act and
    are acted on as people are (*Christiansborg deltog*, *fyldte Vega*, *anklager
    Rusland*, *Hengaw oplyser*)."""
    if len(ent) != 1 or not _name_word(ent[0]):
        return False
    token, w = ent[0], ent[0].lower_
    if (w in known_organisations() or is_municipality_name(token.text)
            or is_inflected_noun(w)):
        return False
    return _cued(ent, role=not is_place(token.text)) or _genitive_of_known_name(token)


def joined_words(span: Span, *, before: bool = False) -> list[Token]:
    """The lower-case Danish words, no stop words, that *og*/*eller* join to ``span``:
    the one after it, and with ``before`` the one before it too (*fred og ro*, *ro og
    fred*). A word joined so to a word is a word as often as not."""
    doc = span.doc
    sides = ((span.end, span.end + 1),) + (((span.start - 1, span.start - 2),) if before else ())
    return [doc[other] for joiner, other in sides
            if 0 <= other < len(doc) and doc[joiner].lower_ in ("og", "eller")
            and doc[other].is_lower and doc[other].is_alpha and not doc[other].is_stop
            and is_danish_word(doc[other].text)]


def coordinated_with_word(span: Span) -> bool:
    """Whether ``span`` is joined by *og*/*eller* to a lower-case Danish word in a text
    that capitalises: *Rose og tulipan*, *Sommer og vinter* are words, not names."""
    return any(not writes_lower_case(w) for w in joined_words(span))


def _coordinated_with_person(span: Span, *, named_list: bool = False) -> bool:
    """Whether ``span`` and a ``PER`` entity are joined by *og*, *eller*, *&* or a comma;
    with ``named_list``, a person with a word that is no Danish word (*YILDIZ OG STJERNE*, not
    *EMBEDSMÆND OG POLITIKERE*, where two words vouch only for each other)."""
    doc = span.doc
    persons = [e for e in doc.ents if e.label_ == "PER" and not (
        named_list and all(is_danish_word(t.lower_) for t in e if t.is_alpha))]
    ends, starts = {e.end for e in persons}, {e.start for e in persons}
    before = span.start - 1
    after = span.end
    return (before >= 1 and doc[before].lower_ in _LIST_JOINERS and before in ends) or (
        after < len(doc) - 1 and doc[after].lower_ in _LIST_JOINERS and after + 1 in starts
    )


def has_person_context(ent: Span, *, verb_before: bool = True, named_list: bool = False) -> bool:
    """Whether the words around a lone capitalised word say it is a person.

    A person verb after it (*Rask stemte …*) or before it (*…, siger Holm*), a party
    letter (*Holm (V)*), a person it is listed with (*Amina og Tomasz*), a noun only a
    person has after its genitive (*Vinds forslag*: :func:`owned_by_person`), or another
    person entity of the same text that contains it (*Mette Lykke … Lykke sagde*).
    Used to keep names that are also Danish words (*Dam*, *Sommer*) only where
    they read as names. ``verb_before=False`` leaves out the verb before it: in a text
    written in lower case, the word after a verb is its object (*vi ønsker fred*).
    ``named_list`` counts a listed person only when it has a word that is no Danish word
    (R87: in a heading in capitals, *EMBEDSMÆND OG POLITIKERE* vouch only for each other).
    """
    doc = ent.doc
    verbs = person_verbs()
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 and verb_before else None
    if any(t is not None and t.lower_ in verbs for t in (before, after)) or does_as_person(
        doc, ent.end
    ):
        return True
    if after is not None and after.text == "(" and ent.end + 1 < len(doc) and (
        doc[ent.end + 1].text in PARTY_LETTERS
    ):
        return True
    if _coordinated_with_person(ent, named_list=named_list) or owned_by_person(ent):
        return True
    words = {t.lower_ for t in ent}
    return any(
        e.label_ == "PER" and len(e) > len(ent) and words <= {t.lower_ for t in e}
        for e in doc.ents
    )


def owned_by_person(ent: Span) -> bool:
    """Whether ``ent`` is one capitalised word in the genitive before a noun only a person
    has, perhaps after one lower-case word (*Vinds forslag*, *Mølles skriftlige
    bemærkninger*, *Flints datter*, *Ørns bil*; R84): the nouns of
    ``person_possessions.txt`` and ``relation_words.txt``. Where a name is also a Danish
    word, what follows its genitive says whose it is; a body's genitive has the definite
    ending (*Udvalgets forslag*, *Kommunens svar*) and is no name."""
    if len(ent) != 1 or not ent[0].is_title:
        return False
    w = ent[0].lower_
    if len(w) < 4 or not w.endswith("s") or is_inflected_noun(w[:-1]):
        return False
    doc, i = ent.doc, ent.end
    if i + 1 < len(doc) and doc[i].is_lower and doc[i].is_alpha and not _owned(doc[i]):
        i += 1  # an adjective or ordinal between: "Hvedes første indlæg"
    return i < len(doc) and _owned(doc[i])


def _owned(token: Token) -> bool:
    """Whether ``token`` is a lower-case noun of what a person has (:func:`owned_by_person`)."""
    return token.is_lower and (token.text in person_possessions() or token.text in relation_words())


def after_animal(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` names an animal: right after *hesten*, *hunden* (*på hesten Storm*)."""
    return i > 0 and doc[i - 1].lower_ in animal_words()


def named_in_context(ent: Span, *, verb_before: bool = True, named_list: bool = False) -> bool:
    """Whether the words around ``ent`` say it is a person (:func:`has_person_context`),
    or it follows a people cue (*Referent: Pil*), a title (*pastor Lang*) or a talk
    (*oplæg ved Vind*), opens a letter (*Hej Tue*, *Venlig hilsen Engel*), signs a message
    (*… – Vind*, */Aske*) or is given with an address (*Fra: Ebbe Strand <…@…>*,
    *Hede på 72 36 51 10*): where a name that is also a word (*Kold*, *Pil*) or a place
    (*Vind*, *Rosario*) is a name. ``verb_before``, ``named_list``: as in
    :func:`has_person_context`."""
    return _cued(ent) or has_person_context(ent, verb_before=verb_before, named_list=named_list)


def _cued(ent: Span, *, role: bool = True) -> bool:
    """Whether a cue that only people take names ``ent``: a greeting or people cue, a title
    or role before it (``role``), a talk, a signature or an address (the part of
    :func:`named_in_context` that the words' meaning plays no part in)."""
    doc, before = ent.doc, ent.start - 1
    if greeted(ent) or (before >= 0 and ((role and is_role(doc[before]))
                                         or _after_talk(doc, before) or _signs_off(ent)
                                         or naming_cue(doc, before))):
        return True
    return _with_address(ent)


def greeted(ent: Span) -> bool:
    """Whether ``ent`` follows a greeting or sign-off (*Hej Tue*, *mvh Ib*) or a people
    cue (*Referent: Pil*)."""
    doc, before = ent.doc, ent.start - 1
    return before >= 0 and (doc[before].lower_.rstrip(".") in LETTER_OPENERS
                            or _after_cue(doc, before))


#: Words for a talk before *ved* and the speaker: *oplæg ved Vind*, *foredrag ved Ask*.
_TALKS = frozenset({"oplæg", "foredrag", "indlæg", "velkomst", "orientering", "introduktion"})
#: Marks that sign a message before the writer's name: *– Vind*, */Aske*.
_SIGN_MARKS = frozenset({"-", "–", "—", "/"})
#: Words between a name and its phone number or address: *Hede på 72 36 51 10*.
_ADDRESS_WORDS = frozenset({"<", "på", "tlf", "tlf.", "tlf.:", "tlf:", "mobil", "telefon"})


def _after_talk(doc: Doc, ved: int) -> bool:
    """Whether ``doc[ved]`` is *ved* after a talk (*oplæg ved*) or the short *v/*."""
    return doc[ved].lower_ == "v/" or (
        doc[ved].lower_ == "ved" and ved >= 1 and doc[ved - 1].lower_ in _TALKS)


def _signs_off(ent: Span) -> bool:
    """Whether ``ent`` ends its text after a dash or slash that follows a sentence's end
    or opens the text: the signature of a short message (*… sagen. – Vind*)."""
    doc, mark = ent.doc, ent.start - 1
    if mark < 0 or doc[mark].text not in _SIGN_MARKS or any(
        not (t.is_punct or t.is_space) for t in doc[ent.end:]
    ):
        return False
    return mark == 0 or doc[mark - 1].text in (".", "!", "?") or "\n" in doc[mark - 1].text_with_ws


def _with_address(ent: Span) -> bool:
    """Whether a phone number or an e-mail address follows ``ent`` (*Ebbe Strand
    <ebbe@…>*, *Hede på 72 36 51 10*; not *på 12 år*): contact details are given for
    people. The address is found as the anonymiser finds it (:mod:`.personal_data`)."""
    doc, i = ent.doc, ent.end
    if i + 1 >= len(doc) or doc[i].lower_ not in _ADDRESS_WORDS:
        return False
    start = doc[i + 1].idx
    return any(found.start == 0 for found in find_personal_data(doc.text[start:start + 80]))


#: Auxiliaries before a participle in :func:`does_as_person`: *SHN havde meldt afbud*.
_AUXILIARIES = frozenset({"har", "havde"})


def does_as_person(doc: Doc, i: int) -> bool:
    """Whether the words from ``doc[i]`` on say what a person does: a person verb, or
    *har*/*havde* and a person participle (*… havde meldt afbud*), also after a party
    letter in brackets (*Konge (S) opfordrede …*)."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].text in PARTY_LETTERS and (
        doc[i + 2].text == ")"
    ):
        i += 3
    if i >= len(doc):
        return False
    w = doc[i].lower_
    return w in person_verbs() or (
        w in _AUXILIARIES and i + 1 < len(doc) and doc[i + 1].lower_ in person_participles()
    )


#: Initials of a person: *AK*, *LITH*, *FSJ* (2-4 capitals).
_INITIALS = re.compile(r"[A-ZÆØÅ]{2,4}")
#: Words before a colon that open a list of people in minutes: *Referent: MP*.
_PEOPLE_CUES = frozenset({
    "ref.", "ref", "referent", "afbud", "stede", "tilstede", "deltagere", "deltog", "fraværende",
    "ordstyrer", "sagsbehandler", "sekretær", "mødeleder", "kopi", "cc", "ansøger",
})


def _after_cue(doc: Doc, colon: int) -> bool:
    """Whether ``doc[colon]`` is the colon of a cue that introduces people (*Referent:*)."""
    return colon >= 1 and doc[colon].text == ":" and doc[colon - 1].lower_ in _PEOPLE_CUES


def _initials(text: str) -> bool:
    """2-4 capitals that may be a person's initials: not a party letter (*DF*, *SF*)."""
    return bool(_INITIALS.fullmatch(text)) and text not in PARTY_LETTERS


def name_run_end(doc: Doc, i: int, taken: set[int]) -> int:
    """End of the run of name words from ``doc[i]`` (at most :data:`MAX_NAME_WORDS`, no
    token another entity has), particles included: *Ali bin Said*, *Bárður á Steig*."""
    end = i + 1
    while end < len(doc) and end - i < MAX_NAME_WORDS and end not in taken:
        if _name_word(doc[end]):
            end += 1
        elif (doc[end].lower_ in NAME_PARTICLES and end + 1 < len(doc)
              and end + 1 not in taken and _name_word(doc[end + 1])):
            end += 2
        else:
            break
    return end


def cued_names(doc: Doc, taken: set[int]) -> list[Span]:
    """A capitalised name after a cue that introduces people in minutes: *Referent:
    Præst*, *Ansøger: Bárður á Lakjuni*, *Afbud: Vinter og Holm*.

    After such a cue a capitalised word is a person even when it is a Danish word,
    unless it is a role, a stop word or an inflected noun (*Referent: Sekretariatet*,
    *Afbud: Ingen*); the run goes on over name words and particles.
    """
    found: list[Span] = []
    for i in range(2, len(doc)):
        if not _after_cue(doc, i - 1):
            continue
        if i in taken or not _name_word(doc[i]) or is_role(doc[i]) or not _could_be_surname(
            doc[i]
        ) or is_place(doc[i].text):
            continue
        end = name_run_end(doc, i, taken)
        found.append(Span(doc, i, end, "PER"))
        taken.update(range(i, end))
    return found


def _genitive_of_known_name(token) -> bool:
    """Whether ``token`` is a known name in the genitive (*Holms*, *Ravns*), neither it nor
    its stem a place, before a lower-case word that is no stop word (*Holms forslag*)."""
    w, doc = token.lower_, token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (len(w) > 3 and w.endswith("s") and w[:-1] in known_names()
            and not is_place(token.text) and not is_place(token.text[:-1])
            and after is not None and after.is_lower and after.is_alpha and not after.is_stop)


def genitive_names(doc: Doc, taken: set[int]) -> list[Span]:
    """A known name in the genitive before a lower-case word: *Holms forslag*, *Pers bil*,
    *Amirs mor*. The name bank knows *Holm* and *Per*; Danish writes the genitive of a
    common noun in the definite form (*Holmens*), so a capitalised known name with
    *-s* before a lower-case word is the person who owns it (*hans* and the island
    *Mors* stay)."""
    known = known_names()
    found: list[Span] = []
    for i in range(len(doc) - 1):
        t = doc[i]
        if (i in taken or not _name_word(t) or t.lower_ in known
                or t.lower_ in DANISH_STOP_WORDS or not _genitive_of_known_name(t)):
            continue
        found.append(Span(doc, i, i + 1, "PER"))
        taken.add(i)
    return found


def initials_of_person(ent: Span) -> bool:
    """Whether a model ``PER`` in capitals is a person's initials, as minutes write them.

    Minutes name people by initials (*Anne Kristensen (AK)*, *Referent: MP*, *Til
    stede: RB, MK og JJ*, *BQ orienterede om …*). Capitals are otherwise headings or
    acronyms, so the initials are kept only in such a context: in brackets right
    after a person, after a cue such as *Referent:* or *Afbud:* (also as the next
    item of that list), or with a person verb or a listed person around them.
    """
    if len(ent) != 1 or not _initials(ent.text):
        return False
    return _bracketed_initials(ent.doc, ent.start) or _listed_initials(ent.doc, ent.start) or (
        has_person_context(ent)
    )


def _bracketed_initials(doc: Doc, i: int) -> bool:
    """``doc[i]`` in brackets right after the person whose initials they are (*Anne
    Kristensen (AK)*, not *Malthe Kjær (VIVE)*: that is where the person works), or
    after a role (*formanden (KS)*)."""
    if not (2 <= i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text[:1] == ")"):
        return False
    if is_role(doc[i - 2]):
        return True
    person = next((e for e in doc.ents if e.label_ == "PER" and e.end == i - 1), None)
    return person is not None and doc[i].text in _initials_of(person)


def _initials_of(person: Span) -> set[str]:
    """The ways a person's name is shortened: every word's first letter (*Svend-Aage
    Holm* → *SAH* or *SH*) or the first and last word's (*Anne Marie Holm* → *AH*)."""
    words = [t.text for t in person if t.is_alpha or "-" in t.text]
    if not words:
        return set()
    parts = [p for w in words for p in w.split("-") if p]
    whole = "".join(w[0] for w in words).upper()
    return {whole, "".join(p[0] for p in parts).upper(), (words[0][0] + words[-1][0]).upper(),
            (words[0][:2] + words[-1][:2]).upper()}  # also "Lise Thorup (LITH)"


def split_person_tail(ent: Span) -> list[Span]:
    """An organisation or place that ends with a person's full name, split in two.

    A list of staff (*chef for Jobcenter og Integration Marlene Sønderby*) runs the
    unit and the person together, and the model may take both as one organisation.
    When the last two or three words are a known first name (no Danish or English
    word) and name words, not in the genitive (*Anne Hansens Fond* stays) and after a
    word that is no name, they are the person.
    """
    if ent.label_ not in ("ORG", "LOC") or len(ent) < 3:
        return [ent]
    known = known_names()
    for k in range(max(1, len(ent) - MAX_NAME_WORDS + 1), len(ent) - 1):
        head, tail = ent[k], ent[k:]
        if (clear_first_name(head) and ent[k - 1].lower_ not in known
                and all(_name_word(t) for t in tail) and not tail[-1].lower_.endswith("s")
                and head_label([t.text for t in tail]) is None and not is_place(tail[-1].text)):
            doc = ent.doc
            return [Span(doc, ent.start, ent.start + k, ent.label_),
                    Span(doc, ent.start + k, ent.end, "PER")]
    return [ent]


def _listed_initials(doc: Doc, i: int) -> bool:
    """``doc[i]`` in a list of initials after a cue such as *Referent:* or *Til stede:*."""
    j = i - 1
    while j >= 1 and (doc[j].lower_ in _LIST_JOINERS or _INITIALS.fullmatch(doc[j].text)):
        j -= 1  # back over the list "RB, MK, AH og" to what opens it
    return _after_cue(doc, j)


def _a_word(w: str) -> bool:
    """Capitals that spell a word (*IT*, *AT*, *FOR*), not initials; two-letter
    abbreviations such as *ml* still count as initials."""
    return w in DANISH_STOP_WORDS or w in english_stop_words() or (
        len(w) > 2 and (is_danish_word(w) or is_english_word(w))
    )


#: Participles of what is done to a document, before *af* and the initials of who did it in
#: the metadata lines of minutes, exports and reports (*Udtrukket af KA*, *Sidst ændret
#: 12.05.2024 af JKN*, *Rapport genereret 16.12.2024 af YD*; R107).
_DOCUMENT_PARTICIPLES = frozenset({
    "genereret", "udsendt", "eksporteret", "redigeret", "udtrukket", "ændret", "markeret",
    "oprettet", "godkendt", "udarbejdet", "skrevet", "journaliseret", "registreret",
    "underskrevet", "udfyldt", "rettet", "opdateret", "tilføjet", "indtastet", "noteret",
    "udskrevet", "kontrolleret", "gennemlæst", "revideret", "tjekket", "arkiveret",
})


def _after_document_participle(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` follows *af* (or *af bruger*) and, at most four words before it, a
    participle of :data:`_DOCUMENT_PARTICIPLES`: who created, changed or approved a document."""
    j = i - 1
    if j >= 1 and doc[j].lower_ == "bruger":
        j -= 1
    if j < 1 or doc[j].lower_ != "af":
        return False
    return any(t.lower_ in _DOCUMENT_PARTICIPLES for t in doc[max(0, j - 4):j])


def initials_names(doc: Doc, taken: set[int]) -> list[Span]:
    """Initials the model missed, where minutes use them for people (see
    :func:`initials_of_person`): in brackets after a person or a role, in a list after
    a cue (*Afbud: TE*), or before what a person does (*ML spurgte*, *SHN havde meldt
    afbud*) when they are no word (*IT oplyser* is a department)."""
    found: list[Span] = []
    for i, t in enumerate(doc):
        if i in taken or not _initials(t.text):
            continue
        if not (_bracketed_initials(doc, i) or _listed_initials(doc, i) or (
            not _a_word(t.lower_) and (does_as_person(doc, i + 1) or (
                _after_document_participle(doc, i) and t.lower_ not in known_organisations()
            ))
        )):
            continue
        found.append(Span(doc, i, i + 1, "PER"))
        taken.add(i)
    return found


#: Words after *fra* that make it a time, not an origin: *Vinter fra november*.
_TIME_WORDS = frozenset({
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
    "lørdag", "søndag", "start", "starten", "begyndelsen", "i", "og", "til", "kl",
})


def from_names(doc: Doc, taken: set[int]) -> list[Span]:
    """A known name before *fra* and where the person is from: *Bo fra museet*,
    *glad fra beskæftigelse kom …*.

    Danish names people by where they work (*Mette fra jobcentret*), which also
    tells a name that is a word (*Bo*, *Glad*) from the word. Lower-case names
    count only in a text that writes lower case (see :func:`writes_lower_case`);
    *fra* followed by a month, a weekday or a number is time, not origin.
    """
    known = known_names()
    found: list[Span] = []
    for i in range(len(doc) - 2):
        t, nxt, origin = doc[i], doc[i + 1], doc[i + 2]
        if (i in taken or nxt.lower_ != "fra" or not origin.is_alpha
                or origin.lower_ in _TIME_WORDS or _after_greeting(doc, i)):
            continue
        w = t.lower_
        if w not in known or w in DANISH_STOP_WORDS or not t.is_alpha or len(w) < 2:
            continue
        if not (t.is_title or (t.is_lower and writes_lower_case(t))) or not _could_be_surname(t):
            continue
        found.append(Span(doc, i, i + 1, "PER"))
        taken.add(i)
    return found


#: Feasts whose greeting ends with a word that is also a name: *Eid Mubarak*, *Ramadan Kareem*.
GREETING_HEADS = frozenset({"eid", "ramadan"})

def _after_greeting(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` ends a feast greeting (*Eid Mubarak*, *Ramadan Kareem*)."""
    return i > 0 and doc[i - 1].lower_ in GREETING_HEADS


#: Words that close a letter before the writer's name: *Mvh Bo*, *Venlig hilsen Ib*.
SIGN_OFFS = frozenset({"hilsen", "hilsner", "mvh", "vh", "kh", "bh", "knus", "mh"})
#: Words that open a letter or a message before the name of whom it is to.
SALUTATIONS = frozenset({"kære", "hej", "hejsa", "hi", "hello", "dear", "goddag", "davs"})
#: The words right before a name in a letter: *Hej Tue*, *Bh Kåre Vind*.
LETTER_OPENERS = SIGN_OFFS | SALUTATIONS
#: The words of greetings and sign-offs themselves, never a name: *Hej Bo Jeg …*, *… januar
#: Vh Signe* (a message whose line breaks were lost).
LETTER_WORDS = LETTER_OPENERS | {"tak", "mange", "venlig", "venlige", "sendt"}


def signed_names(doc: Doc, taken: set[int]) -> list[Span]:
    """The name after a sign-off (*Hilsen Sol*, *Kh. Ea*, *Med venlig hilsen* and a new
    line, *Sommer*): whoever signs is a person, also when the name is a short word or a
    Danish word the name bank knows, or a Danish word in its base form that closes the
    message (*Bh Kilde*, in a lower-case text *mvh sultan*); roles, places, offices and
    stop words stay (*Mvh Sekretariatet*, *Mvh. Jobcentret*, *Hilsen Borgerservice*);
    unknown words are the safety net's."""
    known = known_names()
    found: list[Span] = []
    for i, t in enumerate(doc):
        lower = t.is_lower and t.is_alpha and len(t) > 1 and writes_lower_case(t)  # "mvh sultan"
        if i in taken or not (_name_word(t) or lower or (
            t.is_title and t.is_alpha and len(t) == 2
        )):
            continue
        j = i - 1
        while j >= 0 and (doc[j].is_space or doc[j].text in (".", ",")):
            j -= 1  # "Kh. Ea", "hilsen\nSommer", "Mvh, Bo"
        if j < 0 or doc[j].lower_ not in SIGN_OFFS or is_role(t) or is_place(t.text) or (
            t.lower_ in DANISH_STOP_WORDS
        ):
            continue
        end = i + 1 if lower else name_run_end(doc, i, taken)
        words = doc[i:end]
        bank = any(_is_known(w, known) for w in words) and (
            lower or _could_be_surname(t, strict=True)
        )
        if bank or (_closes_text(doc, end) and all(  # a base-form word closing the message
            _word_name(w) and not is_danish_compound(w.lower_) for w in words
        )):
            found.append(Span(doc, i, end, "PER"))
            taken.update(range(i, end))
    return found


def _closes_text(doc: Doc, end: int) -> bool:
    """Whether nothing but punctuation and line breaks follows ``doc[end - 1]`` on its line:
    the signature that ends a message (*Bh Kilde*, *mvh sultan*)."""
    for t in doc[end:]:
        if t.is_space and "\n" in t.text:
            return True
        if not (t.is_punct or t.is_space):
            return False
    return True


def _line_start(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` opens a line, also after a chat time stamp (*[10:51] dag: …*)."""
    if i >= 3 and doc[i - 1].text == "]" and doc[i - 3].text == "[":
        i -= 3
    return i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)


def _after_speaker_colon(doc: Doc, start: int, end: int):
    """The token after the colon that follows ``doc[start:end]`` where that span opens a
    line (a chat's or a quote's speaker: *dag: jeg kommer*, *Konge: "…"*), else ``None``."""
    if not _line_start(doc, start) or end + 1 >= len(doc) or doc[end].text != ":":
        return None
    return doc[end + 1]


def _opens_quote(token) -> bool:
    """Whether ``token`` opens what a speaker says: a quotation mark or a dash."""
    return token.text in QUOTES or token.text in ("-", "–")


def speaks(ent: Span) -> bool:
    """Whether ``ent`` (one or two words) opens a line as the speaker before a colon and a
    lower-case word, a quotation mark or a dash (*Dag: god dag til jer alle*, *MH: ok med
    mig*; R79): where the model calls it a person, a chat's or a quote's speaker. Labels of
    notes, cue words and months (*Dato:*, *Referent:*, *April:*) are no speakers."""
    after = _after_speaker_colon(ent.doc, ent.start, ent.end) if len(ent) <= 2 else None
    if after is None or not (after.is_lower or _opens_quote(after)):
        return False
    return not any(
        t.lower_ in _PEOPLE_CUES or t.lower_ in _TIME_WORDS or _never_a_name(t) for t in ent
    )


def speaker_names(doc: Doc, taken: set[int]) -> list[Span]:
    """The speaker before a colon that opens a line: a chat line written in lower case
    (*dag: jeg kommer senere*, *[10:51] sultan: ja*, *abu bakr: jeg tager min søn med*)
    or a quote in news and minutes (*Konge: "Vi skal tænke større."*, *Strand: - Vi har
    brug for …*). One or two name words; labels of notes (*note:*, *tid:*, *svar:*),
    roles, stop words and cue words before a colon (*Referent:*) are no speakers."""
    found: list[Span] = []
    for i in range(len(doc)):
        if i in taken or not _line_start(doc, i):
            continue  # the cheap test first: most tokens open no line
        end = i
        while end < len(doc) and end - i < 2 and end not in taken and (
            doc[end].text.replace("-", "").isalpha()
        ):
            end += 1
        after = _after_speaker_colon(doc, i, end) if end > i else None
        if after is None:
            continue
        span = doc[i:end]
        chat = all(t.is_lower for t in span) and after.is_lower
        quote = all(t.is_title for t in span) and _opens_quote(after)
        if not (chat or quote) or any(
            t.lower_ in _PEOPLE_CUES or _never_a_name(t)
            or (is_danish_word(t.lower_) and not _word_name(t) and t.lower_ not in known_names())
            for t in span
        ):
            continue
        found.append(Span(doc, i, end, "PER"))
        taken.update(range(i, end))
    return found


#: Words before a person in a sloppy answer: *sammen med rune*, *(v. tove)*, *hos sultan*.
_WITH_PERSON = frozenset({"med", "ved", "v.", "hos"})
#: What may follow such a person: the end, a bracket, a comma, *at*, *om*, *og*.
_AFTER_PERSON = frozenset({".", ",", ")", ":", ";", "!", "?", "-", "–", "at", "om", "og"})


def with_lower_names(doc: Doc, taken: set[int]) -> list[Span]:
    """Lower-case known first names after *med*, *ved*, *v.* or *hos* in a text that
    writes lower case: *sammen med rune*, *biblioteket (v. tove)*.

    Such a writer spells names in lower case, and a bare singular word after these
    prepositions, closing the clause, is a person more often than the word (*med
    rune* would be *med runer* or *med en rune*). Months and stop words never count.
    """
    first = person_names()["first"]
    found: list[Span] = []
    for i in range(1, len(doc)):
        t = doc[i]
        if i in taken or not (t.is_lower and t.is_alpha and len(t) > 2) or t.text not in first:
            continue
        after = doc[i + 1].lower_ if i + 1 < len(doc) else "."
        if (doc[i - 1].lower_ in _WITH_PERSON and after in _AFTER_PERSON
                and t.text not in DANISH_STOP_WORDS and t.text not in _TIME_WORDS
                and writes_lower_case(t)):
            found.append(Span(doc, i, i + 1, "PER"))
            taken.add(i)
    return found


def writes_lower_case(token) -> bool:
    """Whether the sentence of ``token`` opens in lower case (*bo, per og lykke hjalp*):
    a writer who does not capitalise writes names in lower case too; elsewhere a
    lower-case *vinter* is the season."""
    start = token.sent.start if token.doc.has_annotation("SENT_START") else 0
    first = next((t for t in token.doc[start:token.i + 1] if t.is_alpha), token)
    return first.is_lower


def listed_with_persons(doc: Doc, taken: set[int]) -> list[Span]:
    """Capitalised words in a list with persons: *Tak til Vibe, Lea, Mads og Om*.

    A name that is also a word (*Vibe*, *Om*) is a person when it is joined by a
    comma, *og*, *eller* or *&* to a person, unless it is a role, a place, an
    inflected Danish noun or (opening a sentence) no known name; right after a
    person and a comma, a word or noun the name bank does not know stays a word
    (*Kære Fatma, Hjertelig tak*, *Lene Graversen, Borgerservice*); found names
    count as persons for their neighbours in turn.
    """
    known = known_names()
    persons = {i for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}
    found: list[Span] = []
    changed = True
    while changed:
        changed = False
        for i, t in enumerate(doc):
            if i in taken or i in persons or not (t.is_title and t.is_alpha and len(t) > 1):
                continue
            if not _could_be_surname(t) or (opens_sentence(t) and t.lower_ not in known):
                continue
            left = i >= 2 and doc[i - 1].lower_ in _LIST_JOINERS and (i - 2) in persons
            right = i + 2 < len(doc) and doc[i + 1].lower_ in _LIST_JOINERS and (i + 2) in persons
            # a comma after a person also ends a vocative or opens the unit of a signature
            after_comma_only = left and not right and doc[i - 1].text == ","
            if after_comma_only and t.lower_ not in known and (
                is_ordinary_word(t) or looks_like_noun(t.lower_)
            ):
                continue  # "Kære Fatma, Hjertelig tak", "Lene Graversen, Borgerservice"
            if left or right:
                found.append(Span(doc, i, i + 1, "PER"))
                persons.add(i)
                taken.add(i)
                changed = True
    return found


def merge_adjacent_persons(ents: list[Span]) -> list[Span]:
    """Join ``PER`` entities that touch (*Fatima* by the model + *Hassan* by a rule), and
    a surname and first name written as one item of a list (:func:`_surname_first`)."""
    merged: list[Span] = []
    for ent in ents:
        last = merged[-1] if merged else None
        if last is not None and ent.label_ == last.label_ == "PER" and (
            last.end == ent.start or _surname_first(last, ent)
        ):
            merged[-1] = Span(ent.doc, last.start, ent.end, "PER")
        else:
            merged.append(ent)
    return merged


#: What may stand before a list item (*1. Hjort, Lise*, *• Falk, Ahmad*, *Til stede: …*).
_ITEM_OPENERS = frozenset({".", ":", ";", "-", "–", "•", "*", "·", "/", ")"})
#: What may follow the item (*Hjort, Lise – formand*, *Falk, Ahmad (V)*).
_ITEM_CLOSERS = frozenset({".", ";", "-", "–", "(", ":", "·", "/"})


def _surname_first(last: Span, ent: Span) -> bool:
    """Whether *Hjort* and *Lise* are one person written surname first: *1. Hjort, Lise –
    formand*. Member lists and signatures write people so; the two words, a comma between
    them, make a whole item, and the second is a known first name. *Lise, Ahmad og Bo*
    (three people) goes on after the second name and is left alone."""
    doc = last.doc
    if not (len(last) == 1 and len(ent) == 1 and ent.start == last.end + 1
            and doc[last.end].text == "," and ent[0].lower_ in person_names()["first"]):
        return False
    before = doc[last.start - 1] if last.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    opens = before is None or before.text in _ITEM_OPENERS or before.is_space or (
        before.text.rstrip(".").isdigit())  # "1. Hjort, Lise"
    closes = after is None or after.text in _ITEM_CLOSERS or after.is_space
    return opens and closes


class PersonNameRule:
    """Mark person names the model missed, from the name gazetteer and party letters.

    Only tokens no entity covers are taken, so organisations the model or the
    gazetteer found (*Hassans Café*, *Jobcenter Aarhus*) stay. A run of
    capitalised words (at most four) opening with a known first name is a
    person unless it opens a sentence with an ordinary word and no other word
    of it is a known name (*Per* "per", *Hans* "his", *May*). A lone known
    first or last name is a person unless it is an English stop word (*Will*,
    *May*) or a Danish word opening a sentence (*Hans bror …*); *Dahl* opening
    a sentence and *Skov* inside one are persons. A capitalised run before a
    party letter in brackets is a person, and so are the subject of a person
    verb (*Vinter stemte imod*), a known name before *fra* (*Bo fra museet*),
    names in capitals (*FORMAND: AHMED BARZANI*), lower-case names after *med*/*ved*
    in sloppy text, names after a people cue (*Ansøger: …*), known names in the
    genitive (*Holms forslag*), names listed with a person (*Vibe, Lea og Mads*),
    initials where minutes write people (*Referent: Hussein Kareem (HK)*, *ML
    spurgte*) and a first name right before a person.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        names = person_names()
        first, known = names["first"], known_names()
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new: list[Span] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in taken or token.lower_ not in known or not _name_word(token) or (
                _after_greeting(doc, i) or after_animal(doc, i)
            ):
                i += 1  # "Ramadan Kareem", "Eid Mubarak": greetings; "hesten Storm": a horse
                continue
            end = name_run_end(doc, i, taken)
            if self._accept(doc[i:end], first, known):
                start = i
                while (start > 0 and i - start < 2 and start - 1 not in taken
                       and _name_word(doc[start - 1]) and not is_ordinary_word(doc[start - 1])
                       and not is_role(doc[start - 1])):
                    start -= 1  # an unknown first name before a known one: "Gulnaz Karimi"
                new.append(Span(doc, start, end, "PER"))
                taken.update(range(start, end))
            i = end
        new += self._party_names(doc, taken)
        new += self._verb_names(doc, taken)
        new += self._upper_names(doc, taken)
        new += from_names(doc, taken)
        new += with_lower_names(doc, taken)
        new += cued_names(doc, taken)
        new += genitive_names(doc, taken)
        new += signed_names(doc, taken)
        new += speaker_names(doc, taken)
        if new:
            doc.ents = merge_adjacent_persons(sorted([*doc.ents, *new]))
        # second pass, on the persons found so far: names listed with them, their initials,
        # first names before them
        relabelled = [  # a union's letters after a person are the person's: "Kareem (HK)"
            Span(doc, e.start, e.end, "PER") if e.label_ != "PER" and len(e) == 1
            and _initials(e.text) and _bracketed_initials(doc, e.start) else e
            for e in doc.ents
        ]
        if relabelled != list(doc.ents):
            doc.ents = relabelled
        listed = listed_with_persons(doc, taken)
        ents = extend_persons_left(sorted([*doc.ents, *listed, *initials_names(doc, taken)]))
        if ents != list(doc.ents):
            doc.ents = merge_adjacent_persons(ents)
        cued = merge_adjacent_persons(cued_persons(doc))
        if cued != list(doc.ents):
            doc.ents = cued
        return doc

    @staticmethod
    def _accept(span: Span, first: frozenset[str], known: frozenset[str]) -> bool:
        head = span[0]
        if head_label([t.text for t in span]) is not None or quoted_title(span):
            return False  # "Per Pilot", "Glad i skolen": a title in quotation marks
        sent_start = opens_sentence(head)
        if len(span) > 1 and head.lower_ in first:
            others_known = any(t.lower_ in known for t in span[1:])
            return others_known or not (sent_start and is_ordinary_word(head))
        if len(span) > 1:
            return False  # a known last name opening a capitalised run: "Holm Park"
        w = head.lower_
        if len(w) <= 2 or w in english_stop_words() or (len(w) >= 8 and w.endswith(WORD_ENDINGS)):
            return False  # "My", "Will", "May"
        return not (sent_start and is_danish_word(w))  # "Hans bror …", "Skov er …"

    @staticmethod
    def _upper_names(doc: Doc, taken: set[int]) -> list[Span]:
        """Names in capitals (*FORMAND: AHMED BARZANI*, *TAK TIL OLE OG HIBA*).

        Headings and signatures write names in capitals, which the model (trained
        on mixed case) misses. A run of capitalised words opening with a known
        first name (that is no Danish or English word, or is followed by another
        known name: *HELLE MARIE*), followed by up to three known names or
        non-words, is a person.
        """
        first, known = person_names()["first"], known_names()

        def upper(i: int) -> bool:
            t = doc[i]
            plain = t.text.replace("-", "")
            return i not in taken and t.is_upper and plain.isalpha() and len(plain) > 1

        found: list[Span] = []
        i = 0
        while i < len(doc):
            w = doc[i].lower_
            word = is_danish_word(w) or is_english_word(w)
            if not (upper(i) and w in first and w not in not_names() and (
                not word or (i + 1 < len(doc) and upper(i + 1) and doc[i + 1].lower_ in known)
            )):
                i += 1
                continue
            end = i + 1
            while end < len(doc) and end - i < MAX_NAME_WORDS and upper(end) and (
                doc[end].lower_ in known or not is_ordinary_word(doc[end])
            ):
                end += 1
            found.append(Span(doc, i, end, "PER"))
            taken.update(range(i, end))
            i = end
        return found

    @staticmethod
    def _verb_names(doc: Doc, taken: set[int]) -> list[Span]:
        """A lone capitalised word that is the subject of a person verb: *Vinter stemte imod*,
        *…, siger Rask.* Minutes name people by surname, and many Danish surnames are words.

        Opening a sentence, a Danish word in its base form is taken too (*Ulv gennemgik
        regnskabet*, *Kilde og Vang takker af*): a Danish sentence opens a common noun
        with an article or in a definite or plural form (*Udvalget*, *Borgere*), so a
        bare singular noun before a person verb is someone's name.
        """
        verbs = person_verbs()
        found: list[Span] = []
        for i, token in enumerate(doc):
            if i in taken or not _name_word(token):
                continue
            if opens_sentence(token) and (
                (does_as_person(doc, i + 1) and not _subject_after(doc, i + 1))
                or _coordinated_subject(doc, i)
            ) and _word_name(token):
                found.append(Span(doc, i, i + 1, "PER"))
                taken.add(i)
                continue
            if not _could_be_surname(token, strict=True):
                continue
            after = doc[i + 1] if i + 1 < len(doc) else None
            if opens_sentence(token):
                ok = does_as_person(doc, i + 1)  # "Vinter stemte", "Konge (S) opfordrede"
            else:
                ok = i > 0 and doc[i - 1].lower_ in verbs and (
                    after is None or not (after.is_title or after.is_upper)
                )
            if ok:
                found.append(Span(doc, i, i + 1, "PER"))
                taken.add(i)
        return found

    @staticmethod
    def _party_names(doc: Doc, taken: set[int]) -> list[Span]:
        found: list[Span] = []
        for i in range(len(doc) - 2):
            if not (doc[i].text == "(" and doc[i + 1].text in PARTY_LETTERS
                    and doc[i + 2].text == ")"):
                continue
            start = i
            while start > 0 and i - start < MAX_NAME_WORDS and (start - 1) not in taken \
                    and _name_word(doc[start - 1]):
                start -= 1
            if start < i and not (doc[start].is_sent_start and is_ordinary_word(doc[start])
                                  and i - start == 1):
                found.append(Span(doc, start, i, "PER"))
                taken.update(range(start, i))
        return found


#: Endings of abstract and collective nouns, which open headlines without an article
#: (*Regering foreslår*, *Ledelse beklager*), and of agent nouns (*Kurator oplyser*,
#: *Bilist flygtede*, *Pensionist vandt*): nobody's name.
_NOT_NAME_ENDINGS = ("ing", "else", "hed", "skab", "tion", "sion", "itet", "isme", "dom",
                     "ale", "eri", "ance", "ence", "ium", "tek", "ist", "or", "ør", "ant",
                     "ent")


def _never_a_name(token) -> bool:
    """A stop word, role, place, feast or word of ``not_subject_names.txt`` (adverbs,
    numerals, headline nouns, labels of notes): no one's name in any of the positions
    where :func:`_word_name` and :func:`speaker_names` let a Danish word be one."""
    w = token.lower_
    return (w in DANISH_STOP_WORDS or w in not_names() or w in not_subject_names()
            or is_role(token) or is_place(token.text))


def _word_name(token) -> bool:
    """A capitalised Danish word in its base form that a person can be called (*Ulv*,
    *Sol*, *Kilde*, *Strand*): none of :func:`_never_a_name`, no inflected form, abstract
    noun or organisation head word (*Skole*, *Klub*)."""
    w = token.lower_
    if len(w) < 3 or _never_a_name(token) or w.endswith(_NOT_NAME_ENDINGS) or (
        head_label([w]) is not None
    ):
        return False
    return danish_lemma_table().get(w) == w


#: Subject pronouns: after the verb they show that the word before it is no subject.
_SUBJECT_PRONOUNS = frozenset({"jeg", "du", "han", "hun", "vi", "i", "de", "man", "den", "det"})


def _subject_after(doc: Doc, v: int) -> bool:
    """Whether the verb ``doc[v]`` is followed by its own subject, so the word before it is
    an adverb (Danish puts the verb second): a subject pronoun (*Derfor mener vi …*), or a
    definite noun before a comma or *at* (*Konkret anbefaler instituttet, at …*)."""
    if v + 1 >= len(doc):
        return False
    nxt = doc[v + 1]
    if nxt.lower_ in _SUBJECT_PRONOUNS:
        return True
    return (nxt.is_lower and nxt.lower_.endswith(("en", "et", "ne")) and v + 2 < len(doc)
            and doc[v + 2].lower_ in (",", "at"))


def _coordinated_subject(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` and a capitalised name word after *og*/*&* are the subject of a
    person verb: *Kilde og Vang takker af*, *Engel og Due åbnede …*."""
    return (i + 3 < len(doc) and doc[i + 1].lower_ in ("og", "&") and _name_word(doc[i + 2])
            and does_as_person(doc, i + 3))


def _could_be_surname(token, *, strict: bool = False) -> bool:
    """A capitalised word that may be a surname even when it is a Danish word (*Bader*,
    *Rask*): not a role, feast, place, English word or inflected Danish noun (*Udvalget*,
    *Kommunen*: noun phrases). ``strict``: a known name or no Danish word at all, for
    contexts where an adverb would fit as well (*Desuden anbefaler …*)."""
    w = token.lower_
    known = w in known_names()
    if is_role(token) or w in not_names() or is_place(token.text) or (
        not known and is_english_word(w)
    ):
        return False
    lemma = danish_lemma_table().get(w)
    if strict:
        return known or (lemma is None and len(w) > 2 and not looks_like_noun(w))
    return lemma is None or lemma == w or known


def extend_persons_left(ents: list[Span]) -> list[Span]:
    """Persons widened by a name word right before them that no entity covers.

    The model sometimes finds only the surname of an unusual full name
    (*… Borgerrepræsentationen Bader [Shahid]*, *Ivalu [Kleist] arbejder …*). A
    capitalised word directly before a person (opening a sentence only when it is
    no Danish or English word), itself not preceded by another
    capitalised name-like word outside an entity (so long unknown runs stay
    out), is taken as the first name.
    """
    if not ents:
        return ents
    doc = ents[0].doc
    taken = {i for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    for ent in ents:
        j = ent.start - 1
        if ent.label_ == "PER" and j >= 0 and j not in taken and len(ent) <= MAX_NAME_WORDS - 1:
            word = doc[j]
            before = doc[j - 1] if j > 0 else None
            if (_name_word(word) and _could_be_surname(word) and word.lower_ not in SIGN_OFFS
                    and (not opens_sentence(word) or not is_ordinary_word(word))
                    and (before is None or before.i in taken or not before.is_title
                         or is_ordinary_word(before) or is_danish_compound(before.text))):
                ent = Span(doc, j, ent.end, "PER")
                taken.add(j)
        out.append(ent)
    return out


def name_like_spans(doc: Doc) -> list[Span]:
    """Capitalised words no entity covers that read as names: the anonymiser's safety net.

    Danish capitalises proper nouns only, so a capitalised word inside a Danish
    sentence that no entity covers, and that is neither a Danish nor an English
    word, is most often a name the model and the gazetteer do not know
    (*… sammen med Tsegai og Ngozi*). Publishing such a name costs more than
    hiding an unknown product name, so anonymisation hides these runs while the
    entity output (where precision matters as much) does not change. A run that
    opens a sentence counts only from its first unusual word (*Når Indre …*),
    needs at least two words or a known name, and runs with an organisation or
    place head (*… Plads*, *… Forening*) or ending in an event (*Verdens
    Flygtningedag*; :func:`~pipeline.nlp.lexicon.is_event_name`), English sentences and
    role words stay.
    Lower-case known first names that are no Danish or English word
    (*amina og jonas*) are taken as well: sloppy answers write names that way, and so
    is the word after *@* (a mention: *Hej @sol*) that no entity covers.
    """
    if len(doc) == 0:
        return []
    names = person_names()
    known = known_names()
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    texts = [t.text for t in doc]
    found: list[Span] = []
    i = 0
    while i < len(doc):
        text = texts[i]
        mention = i > 0 and texts[i - 1] == "@"
        # cheap string tests first: most tokens are lower-case words or punctuation
        if i in taken or text.endswith("-") or not (
            text[:1].isupper() or text.lower() in names["first"] or mention
        ):
            i += 1
            continue
        token = doc[i]
        if mention and token.is_alpha:
            found.append(Span(doc, i, i + 1, "PER"))  # a mention: "Hej @sol", "@amina"
            i += 1
            continue
        if token.lower_ in GREETING_HEADS:
            i += 2  # "Eid Mubarak", "Ramadan Kareem": a greeting, not a name
            continue
        if token.lower_.rstrip(".") in LETTER_WORDS or token.lower_ in animal_words() or (
            after_animal(doc, i)
        ):
            i += 1  # "… januar Vh Signe": the sign-off, not a name; "Hesten Storm": a horse
            continue
        if not (_name_word(token) or _lower_name(token, names["first"], first=True)):
            i += 1
            continue
        lower = token.is_lower
        end = i + 1
        while end < len(doc) and end - i < MAX_NAME_WORDS and end not in taken and (
            _name_word(doc[end]) if not lower else _lower_name(doc[end], known)
        ):
            end += 1
        span = _trim_name_run(doc[i:end], known)
        if span is not None and not is_event_name(span[-1].text):
            found.append(span)  # not an event: "Verdens Flygtningedag"
        i = end
    return found + lower_name_lists(doc, taken | {i for s in found for i in range(s.start, s.end)})


def lower_name_lists(doc: Doc, taken: set[int]) -> list[Span]:
    """Lower-case known names listed together: *tak til lykke og bo*, *bo, per og lykke*.

    One lower-case *per* or *lykke* is a word; two or more known names joined by
    commas and *og*, at least one of them a first name or no Danish word, are
    people in a sloppy answer. Stop words (*hans*, *mine*) never count.
    """

    names = person_names()
    known = known_names()

    persons = {e.start for e in doc.ents if e.label_ == "PER" and len(e) == 1}

    def item(i: int) -> bool:
        t = doc[i]
        return ((i not in taken or i in persons) and t.is_lower and t.is_alpha
                and len(t.text) > 1 and t.text in known and t.text not in DANISH_STOP_WORDS)

    found: list[Span] = []
    i = 0
    while i < len(doc):
        if not item(i):
            i += 1
            continue
        items = [i]
        j = i + 1
        while j + 1 < len(doc) and doc[j].lower_ in _LIST_JOINERS and item(j + 1):
            items.append(j + 1)
            j += 2
        if len(items) >= 2 and any(
            doc[k].text in names["first"] or not is_danish_word(doc[k].text) for k in items
        ):
            found += [Span(doc, k, k + 1, "PER") for k in items if k not in taken]
        i = items[-1] + 1
    return found


#: Sign-off words before the initials or short name that close a message (*Vh B*, *Knus F*;
#: R97), in lower case or capitalised as they are written (*VH* is not one).
_INITIALS_SIGN_OFFS = frozenset(form for word in ("vh", "mvh", "kh", "hilsen", "knus")
                                for form in (word, word.capitalize()))


def signing_initials(doc: Doc) -> list[Span]:
    """One to three letters that close a line after a slash opening a word (*… afbud. /ts*,
    */D*) or after a sign-off word and a space (*Vh B*, *Knus F*, *Mvh, kss*): the writer's
    initials or short name, which the anonymiser hides (rule R97; entities are not changed).
    Roles, places, the gazetteer's organisations and municipality names stay (*Mvh KL*);
    the model's ``ORG`` label does not count here, as it gives single capitals (party
    letters) that label whatever they are."""
    text, found = doc.text, []
    for t in doc:
        if len(t) > 4 or t.i == 0:  # cheap first: most tokens are longer or open the text
            continue
        letters = t.text[:-1] if t.text.endswith(".") else t.text  # "/A." can be one token
        if not (letters.isalpha() and len(letters) <= 3 and _closes_line(doc, t.i)) or (
            is_role(t) or is_place(letters) or letters.lower() in known_organisations()
            or is_municipality_name(letters)
        ):
            continue
        before = doc[t.i - 1]
        if (before.text == "/" and not before.whitespace_ and (
            before.idx == 0 or text[before.idx - 1].isspace()
        )) or _after_initials_sign_off(doc, t.i):
            found.append(doc.char_span(t.idx, t.idx + len(letters), "PER", alignment_mode="expand"))
    return found


def _closes_line(doc: Doc, i: int) -> bool:
    """Whether only a full stop and spaces follow ``doc[i]`` before its line ends."""
    text, end = doc.text, doc[i].idx + len(doc[i].text)
    if text[end:end + 1] == ".":
        end += 1
    line_end = text.find("\n", end)
    return not text[end:line_end if line_end >= 0 else len(text)].strip()


def _after_initials_sign_off(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` follows a sign-off word of :data:`_INITIALS_SIGN_OFFS`, a full stop
    and a comma at most, and at least one space (*Vh B*, *Kh. F*, *Mvh, kss*)."""
    text, start = doc.text, doc[i].idx
    lo = max(0, start - 30)  # a sign-off word, its marks and the spaces fit in 30 characters
    head = text[lo:start]
    if not head or not head[-1].isspace():
        return False
    head = head.rstrip()
    head = head[:-1] if head.endswith(",") else head
    head = head[:-1] if head.endswith(".") else head
    word = re.search(r"(?:^|(?<=\s))(\S+)$", head)
    if word is None or (word.start(1) == 0 and lo > 0 and not text[lo - 1].isspace()):
        return False  # the window cut a longer word
    return word.group(1) in _INITIALS_SIGN_OFFS


def first_names_in_entities(doc: Doc) -> list[Span]:
    """Lone known first names that the model labelled ``ORG`` or ``LOC``: hidden as well.

    *Knud fra Esbjerg var leder* may come back with *Knud* as a place; the entity
    output keeps the model's label (see :func:`as_person` for when it is relabelled),
    but for anonymisation a known first name that is no Danish or English word and no
    known place is hidden whatever its label.
    """
    first = person_names()["first"]
    return [
        e for e in doc.ents
        if e.label_ in ("ORG", "LOC") and len(e) == 1 and e[0].lower_ in first
        and _name_word(e[0]) and not is_ordinary_word(e[0]) and not is_place(e.text)
    ]


def _lower_name(token, names: frozenset[str], *, first: bool = False) -> bool:
    """A lower-case known name that is no Danish word: *hassan* opening a name (``first``:
    a first name of four letters or more, and no English word either), *ali* after it."""
    w = token.text
    return (w.islower() and w.isalpha() and len(w) >= (4 if first else 3) and w in names
            and not is_danish_word(w) and not (first and is_english_word(w)))


def _is_known(token, known: frozenset[str]) -> bool:
    """A known name word, also in the genitive (*Rajeshs*, *Hodans*, *Aliʼs*)."""
    w = token.lower_
    return w in known or (len(w) > 3 and w[-1] == "s" and w[:-1] in known) or (
        w[-2:] in ("'s", "’s") and w[:-2] in known
    )


def _unknown_genitive(token) -> bool:
    """An unknown word in the genitive before a lower-case noun: *Rajeshs kone*, *Ngozis idé*.

    Opening a sentence, a capitalised unknown word is a loanword as often as a
    name; in the genitive (*-s*, no Danish or English word with or without it)
    followed by a lower-case word it owns something, which names do.
    """
    w = token.lower_
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (len(w) > 3 and w.endswith("s") and after is not None and after.is_lower
            and after.is_alpha and not after.is_stop and not is_ordinary_word(token)
            and not is_danish_compound(token.text)
            and not is_danish_word(w[:-1]) and not is_english_word(w[:-1]))


def _trim_name_run(span: Span, known: frozenset[str]) -> Span | None:
    """The name part of a capitalised run, or ``None`` when it does not read as a name."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (is_role(doc[start]) or (
        opens_sentence(doc[start]) and is_ordinary_word(doc[start])
        and doc[start].lower_ not in known
    )):
        start += 1  # "Når Indre …", "Konsulent Tsegai …"
    if start == end:
        return None
    run = doc[start:end]
    if quoted_title(run):
        return None
    unusual = [t for t in run if _is_known(t, known)
               or not (is_ordinary_word(t) or is_danish_compound(t.text))]
    if not unusual:
        return None  # capitalised Danish words: an event, a title or a heading, not a name
    if opens_sentence(run[0]) and len(run) == 1 and (
        not _is_known(run[0], known) or is_ordinary_word(run[0])
    ) and not _unknown_genitive(run[0]):
        return None  # one word opening a sentence: "Bo trygt …", a loanword as often as a name
    words = [t.text for t in run]
    if head_label(words) is not None or is_place(run.text) or any(
        is_municipality_name(w) for w in words
    ) or in_english(run):
        return None
    return Span(doc, start, end, "PER")


#: Possessive pronouns before a relation word: *min kollega Sanela*, *hendes mand Ali*.
_POSSESSIVES = frozenset({"min", "mit", "mine", "din", "dit", "dine", "hans", "hendes", "sin",
                          "sit", "sine", "vores", "jeres", "deres"})
#: Verbs that give a name, and the subjects that make it a person's: *jeg hedder Nomvula*.
_NAMING_VERBS = frozenset({"hedder", "hed", "kaldes"})
_NAMING_SUBJECTS = frozenset({"jeg", "du", "han", "hun", "vi", "de"})


def _relation_cue(doc: Doc, i: int) -> bool:
    """*min kollega*, *hendes svigerinde*, *naboen*: a relation word after a possessive,
    or in the definite form, right before a name."""
    w = doc[i].lower_
    return w in relation_words() and (
        (i > 0 and doc[i - 1].lower_ in _POSSESSIVES) or w.endswith(DEFINITE_ENDINGS)
    )


def naming_cue(doc: Doc, i: int) -> bool:
    """*jeg hedder*, *min søn hedder*, *mit navn er*: what follows is someone's name."""
    w = doc[i].lower_
    if w in _NAMING_VERBS and i > 0:
        before = doc[i - 1]
        return before.lower_ in _NAMING_SUBJECTS or before.ent_type_ == "PER" or (
            before.lower_ in relation_words())
    return w == "er" and i > 1 and doc[i - 1].lower_ == "navn" and doc[i - 2].lower_ in (
        _POSSESSIVES)


def _salutation_cue(doc: Doc, i: int) -> bool:
    """*Kære Haris*, *Hej Amra*: a salutation opening the text, a line or a sentence."""
    return doc[i].lower_ in SALUTATIONS and (
        i == 0 or _line_start(doc, i) or opens_sentence(doc[i]))


def _cued_word(token, *, strict: bool) -> bool:
    """A word that a cue makes a name: capitalised (or lower case in a text that writes
    lower case, and a known name or no word), not a stop word, role, place or
    organisation. ``strict`` (after a salutation, where nouns are capitalised too:
    *Kære Borger*): a known name or no Danish or English word."""
    text = token.text
    if len(text) < 2 or not text.replace("-", "").isalpha() or token.is_upper:
        return False
    w = token.lower_
    if (w in DANISH_STOP_WORDS or is_role(token) or is_place(text) or w in not_names()
            or w in known_organisations() or w in relation_words()):
        return False
    known = w in known_names()
    if token.is_lower:
        return writes_lower_case(token) and (known or not is_ordinary_word(token))
    if not token.is_title:
        return False
    return known or not is_ordinary_word(token) if strict else True


def unknown_place_or_organisation(ent: Span) -> bool:
    """A model LOC/ORG that no list knows (no place, organisation of ``organisations.csv``
    or entity head): a small model labels unseen names so (*Min svigerinde Halimo*)."""
    return ent.label_ in ("LOC", "ORG") and not (
        is_place(ent.text) or ent.text.lower() in known_organisations()
        or head_label([t.text for t in ent]) is not None
    )


def cued_persons(doc: Doc) -> list[Span]:
    """``doc.ents`` with the persons that the words around them give away.

    Four Danish contexts name a person whatever the name is: a relation word after a
    possessive or in the definite form (*min kollega Sanela*, *naboen ravn*, *Min
    svigerinde Halimo*), a naming verb with a person as subject (*jeg hedder
    Nomvula*, *mit navn er …*), a salutation (*Kære Haris*, *Hej Amra*) and a
    possessive of a person after *og* (*Mahtab og hendes mand*, *Ulv og hans far*).
    The name words there become a person when no entity covers them or when the
    model took them for a place or an organisation that no list knows (a small model
    labels unseen names *Halimo* and *Sanela* as places); a model organisation that
    runs on from the name after a salutation (*Kære Haris Bestyrelsen har …*, a line
    break lost) keeps only the name.
    """
    ents = list(doc.ents)
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    found: list[tuple[int, int, Span | None]] = []
    for i in range(len(doc)):
        if _relation_cue(doc, i) or naming_cue(doc, i):
            strict, start = False, i + 1
        elif _salutation_cue(doc, i):
            strict, start = True, i + 1
        elif (doc[i].lower_ == "og" and i > 0 and i + 2 < len(doc)
              and doc[i + 1].lower_ in ("hans", "hendes") and doc[i + 2].is_alpha):
            j = i - 1  # "Mahtab og hendes mand": the name before
            if j in owner or not _cued_word(doc[j], strict=opens_sentence(doc[j])):
                if j in owner and len(owner[j]) == 1 and unknown_place_or_organisation(owner[j]):
                    found.append((j, j + 1, owner[j]))
                continue
            found.append((j, j + 1, None))
            continue
        else:
            continue
        if start >= len(doc):
            continue
        ent = owner.get(start)
        if ent is not None:
            if ent.start != start or ent.label_ not in ("LOC", "ORG"):
                continue
            end = start
            while end < ent.end and end - start < MAX_NAME_WORDS and _cued_word(
                doc[end], strict=True
            ):
                end += 1
            rest = doc[end] if end < ent.end else None
            if (end == ent.end and unknown_place_or_organisation(ent)) or (
                strict and end > start and rest is not None and rest.is_title
                and is_danish_word(rest.lower_)
            ):  # "Kære Haris Bestyrelsen har …": the rest is the next sentence's word
                found.append((start, end, ent))
            continue
        end = start
        while end < len(doc) and end not in owner and end - start < MAX_NAME_WORDS and (
            _cued_word(doc[end], strict=strict or end > start)
        ):
            end += 1
        if end > start:
            found.append((start, end, None))
    if not found:
        return ents
    replaced = {e for _, _, e in found if e is not None}
    kept = [e for e in ents if e not in replaced]
    taken = {i for e in kept for i in range(e.start, e.end)}
    for start, end, _ in found:
        if not taken & set(range(start, end)):
            kept.append(Span(doc, start, end, "PER"))
            taken.update(range(start, end))
    return sorted(kept)
