"""What the name rules know about words: Danish and English vocabulary, the name bank,
places, the heads of organisation and place names, and the verbs people do.

Everything here is data or read from data, not learned from the corpus:

- Ordinary words: the Danish lookup-lemma table and an English vocabulary (the
  lemmas of the English table of ``spacy-lookups-data`` and spaCy's English
  stop words), both read from installed packages (or their compact copies in
  ``corpus/lexicon/``) on first use.
- ``person_names.csv``: first and last names of the origins common in Denmark;
  ``not_names.txt``: capitalised words that are never names (feasts, *Ibid*).
- ``countries.txt``, ``cities.txt``, ``towns.csv``: places, so that a lone
  *Skjern* or *Aleppo* is never a person.
- ``entity_heads.csv``: words that end or open organisation and place names
  (*… Forening*, *… Lokaludvalg*, *Projekt …*, *… Plads*, *… Elektro*).
- ``person_verbs.txt``: verbs whose subject is a person (*stemte*, *siger*), and
  ``person_participles.txt``, their participles after *har*/*havde* (*meldt*);
  ``titles.txt``: role words (*formand*, *borgmester*), and ``role_heads.txt``: the heads
  of role and profession compounds (*-leder*, *-advokat*: *Forsvarsadvokat*).

:mod:`pipeline.nlp.names` builds the person rules on these tests.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.lookups import Table, load_lookups

from pipeline.nlp.gazetteer import (
    CITY_FILES,
    COUNTRIES_FILE,
    is_municipality_name,
    organisation_words,
    read_word_list,
)
from pipeline.nlp.lemmas import (
    ENGLISH_WORDS_FILE,
    LEMMA_FILE,
    CompactLookup,
    CompactWordSet,
    load_compact,
    load_word_set,
)
from pipeline.paths import GAZETTEER_DIR

NAMES_FILE = "person_names.csv"
TOWNS_FILE = "towns.csv"


NOT_NAMES_FILE = "not_names.txt"
FUNCTION_WORDS_FILE = "function_words.txt"
NOT_SUBJECT_NAMES_FILE = "not_subject_names.txt"
TITLES_FILE = GAZETTEER_DIR / "titles.txt"
ROLE_HEADS_FILE = GAZETTEER_DIR / "role_heads.txt"
EVENT_HEADS_FILE = GAZETTEER_DIR / "event_heads.txt"
RELATION_WORDS_FILE = "relation_words.txt"
PERSON_POSSESSIONS_FILE = "person_possessions.txt"
ANIMAL_WORDS_FILE = "animal_words.txt"
SUBJECT_VERBS_FILE = "subject_verbs.txt"


HEADS_FILE = "entity_heads.csv"
PERSON_VERBS_FILE = "person_verbs.txt"
PERSON_PARTICIPLES_FILE = "person_participles.txt"

#: Endings of Danish abstract and derived nouns and adverbs, never of names
#: (*Bekendtgørelse*, *Afslutningsvist*, *Mangfoldighed*).
WORD_ENDINGS = ("hed", "heden", "else", "elsen", "tion", "tionen", "tionens", "skab", "skabet",
                "politik", "politikken", "politikkens", "vist", "mæssig", "mæssigt", "ning",
                "ningen", "ninger", "erne", "ernes")


@lru_cache(maxsize=1)
def danish_lemma_table() -> Table | CompactLookup:
    """The Danish lookup table of ``spacy-lookups-data`` (read once, on first use).

    The compact copy in ``corpus/lexicon/`` is used when present: the same lookups
    for ~10 MB instead of ~220 MB per process (see :mod:`pipeline.nlp.lemmas`).
    """
    if LEMMA_FILE.exists():
        return load_compact(LEMMA_FILE)
    return load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str] | CompactWordSet:
    """Lower-case English words (see :func:`english_vocabulary`), from the compact copy
    in ``corpus/lexicon/`` when present (~1.5 MB instead of ~20 MB per process)."""
    if ENGLISH_WORDS_FILE.exists():
        return load_word_set(ENGLISH_WORDS_FILE)
    return english_vocabulary()


def english_vocabulary() -> frozenset[str]:
    """Lower-case English words: adjectives, adverbs and verbs of the English lemma index,
    the lemmas of the lookup table (inflected words) and the stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    lookups = load_lookups("en", ["lemma_lookup", "lemma_index"])
    words = {str(v).lower() for v in lookups.get_table("lemma_lookup").values()}
    index = lookups.get_table("lemma_index")
    # not the noun index: it lists proper names (Fatima, Jafar, Sabah)
    words.update(w.lower() for pos in ("adj", "adv", "verb") for w in index.get(pos, []))
    return frozenset(words) | STOP_WORDS


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words (*may*, *will*, *my*): never a lone name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def is_english_word(word: str) -> bool:
    """Whether ``word`` (any case) is an English word or its plural/genitive."""
    w = word.lower().removesuffix("'s").removesuffix("’s")
    vocab = english_words()
    return w in vocab or (w.endswith("s") and w[:-1] in vocab)


def is_danish_word(word: str) -> bool:
    """Whether ``word`` is in the Danish lemma table (looked up lower-cased)."""
    return danish_lemma_table().get(word.lower()) is not None


@lru_cache(maxsize=4)
def person_names(directory: Path = GAZETTEER_DIR) -> dict[str, frozenset[str]]:
    """Lower-cased name words per kind (``first``, ``last``) of ``person_names.csv``,
    without the words of ``not_names.txt`` (holidays such as *Eid*, also a given name)."""
    path = Path(directory) / NAMES_FILE
    kinds: dict[str, set[str]] = {"first": set(), "last": set()}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words = (p.lower() for n in row["names"].split("|") for p in n.split())
                kinds.setdefault(row["kind"].strip(), set()).update(words)
    never = not_names(directory)
    return {kind: frozenset(words - never) for kind, words in kinds.items()}


def _lower_words(directory: Path, name: str) -> frozenset[str]:
    """The lower-cased entries of the word list ``name`` in ``directory``."""
    return frozenset(w.lower() for w in read_word_list(Path(directory) / name))


@lru_cache(maxsize=4)
def not_names(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Lower-cased words of ``not_names.txt``: holidays and feasts, never a person here."""
    return _lower_words(directory, NOT_NAMES_FILE)


@lru_cache(maxsize=4)
def function_words(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Lower-cased words of ``function_words.txt``: Danish adverbs, conjunctions,
    prepositions, pronouns and interjections that spaCy's stop list lacks (*dels*,
    *ligeledes*, *hos*), no name even in a text written in lower case."""
    return _lower_words(directory, FUNCTION_WORDS_FILE)


@lru_cache(maxsize=4)
def not_subject_names(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Lower-cased words of ``not_subject_names.txt``: sentence adverbs, numerals and
    headline person nouns that open a sentence before a person verb (*Desuden anbefaler
    rådet*, *Tre døde*, *Bilist flygtede*) without being anyone's name."""
    return _lower_words(directory, NOT_SUBJECT_NAMES_FILE)


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Every lower-cased first and last name word (*lund*, *holm*, *per*)."""
    names = person_names()
    return names["first"] | names["last"]


@lru_cache(maxsize=4)
def animal_words(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Animals named right before their name (*hesten Storm*, *hunden Bella*):
    ``animal_words.txt``. The name after one is an animal's, not a person's."""
    return _lower_words(directory, ANIMAL_WORDS_FILE)


@lru_cache(maxsize=4)
def subject_verbs(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Common verbs that follow a sentence's subject (*er*, *har*, *kommer*):
    ``subject_verbs.txt``. After one, a short word the model took for a person stays one."""
    return _lower_words(directory, SUBJECT_VERBS_FILE)


@lru_cache(maxsize=4)
def relation_words(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Family and social relations before a name (*kollega*, *naboen*, *svigerinde*):
    ``relation_words.txt``."""
    return _lower_words(directory, RELATION_WORDS_FILE)


@lru_cache(maxsize=4)
def person_possessions(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Nouns a person's genitive comes before (*forslag*, *bemærkninger*, *bil*,
    *barselsorlov*): ``person_possessions.txt``."""
    return _lower_words(directory, PERSON_POSSESSIONS_FILE)


@lru_cache(maxsize=4)
def person_verbs(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Verbs whose subject is a person (*stemte*, *fremlagde*, *siger*): ``person_verbs.txt``."""
    return _lower_words(directory, PERSON_VERBS_FILE)


@lru_cache(maxsize=4)
def person_participles(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Participles whose subject is a person after *har*/*havde* (*meldt*, *foreslået*):
    ``person_participles.txt``."""
    return _lower_words(directory, PERSON_PARTICIPLES_FILE)


@lru_cache(maxsize=4)
def entity_heads(directory: Path = GAZETTEER_DIR) -> dict[tuple[str, str], tuple[str, ...]]:
    """``(label, position) -> words`` of ``entity_heads.csv`` (lower case).

    ``position`` is ``suffix`` (the last word ends with it: *Idrætsforening*),
    ``last`` (the last word is it: *Plads*) or ``first`` (the first word is it:
    *Projekt*).
    """
    path = Path(directory) / HEADS_FILE
    heads: dict[tuple[str, str], list[str]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = (row["label"].strip(), row["position"].strip())
                heads.setdefault(key, []).append(row["word"].strip().lower())
    return {key: tuple(words) for key, words in heads.items()}


@lru_cache(maxsize=4)
def known_places(directory: Path = GAZETTEER_DIR) -> dict[str, str]:
    """Lower-cased names of countries, cities abroad and Danish towns, villages, districts
    and islands, each with its kind (``country``, ``city``, ``town``, ``village``,
    ``district``, ``island``).

    Read from ``countries.txt``, ``cities.txt``, ``world_places.txt`` (GeoNames) and
    ``towns.csv`` (public postal-district and
    town lists, see ``README_towns.md``); the 98 municipalities are checked by
    :func:`pipeline.nlp.gazetteer.is_municipality_name`. Village names are often
    surnames too (*Vind*, *Borup*), so rules that relabel on a place use only
    the other kinds.
    """
    places: dict[str, str] = {}
    path = Path(directory) / TOWNS_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name, kind = row["name"].strip().lower(), row["kind"].strip()
                if places.get(name) in (None, "village"):
                    places[name] = kind
    for name in CITY_FILES:
        places.update((w.lower(), "city") for w in read_word_list(Path(directory) / name))
    places.update((w.lower(), "country") for w in read_word_list(Path(directory) / COUNTRIES_FILE))
    return places


def is_place(text: str, *, villages: bool = True) -> bool:
    """Whether ``text`` is a known municipality, town or country (*Ikast*, *Haarby*, *Bergen*),
    also in the genitive (*Ukraines*)."""
    places, low = known_places(), text.lower()
    kind = places.get(low)
    if kind is None and len(low) > 3 and low[-1] == "s":
        kind = places.get(low[:-1])
    return is_municipality_name(text) or (kind is not None and (villages or kind != "village"))


def head_label(words: list[str]) -> str | None:
    """The label an organisation or place head word gives a capitalised phrase, if any."""
    if not words:
        return None
    first, last = words[0].lower(), words[-1].lower()
    if last in known_names():
        return None  # a surname that is also a word: "Marianne Gade", "Christian Bro"
    for (label, position), heads in entity_heads().items():
        if position == "suffix" and len(last) > 2 and last.endswith(heads):
            return label
        if (position == "last" and len(words) > 1 and last in heads) or (
            position == "first" and len(words) > 1 and first in heads
        ):
            return label
    return None


def is_ordinary_word(token) -> bool:
    """A word of the language rather than a name: Danish or English, a noun ending, a feast."""
    w = token.lower_
    return (
        is_danish_word(w) or is_english_word(w) or w in not_names()
        or (len(w) >= 8 and w.endswith(WORD_ENDINGS))
    )


@lru_cache(maxsize=65536)
def is_danish_compound(word: str, min_part: int = 4) -> bool:
    """Whether ``word`` splits into two Danish words, with an optional linking *s* or *e*.

    Danish writes compounds as one word and the lemma table lists few of them
    (*Integrationsprisen*, *Mangfoldighedsdagen*, *Kulturaftenen*). Parts of at
    least four letters keep most surnames out (*Kristensen*, *Hansen*); Danish
    surnames that do split (*Nordstrøm*) are in the name gazetteer anyway. The head
    may itself be a compound before a linking letter (*Lillebæltsbroen*), or the
    one-word name of an organisation in the gazetteer (*Facebookgruppe*,
    *Instagramprofil*: answers about a council's visibility are full of them).
    """
    w = word.lower()
    if len(w) < 2 * min_part:
        return False
    table = danish_lemma_table()
    brands = organisation_words()
    for k in range(min_part, len(w) - min_part + 1):
        head, tail = w[:k], w[k:]
        if table.get(tail) is None:
            continue
        if head in brands or (head[-1] == "s" and head[:-1] in brands):
            return True  # a brand and a Danish word: "Facebookgruppe", "Legoklodser"
        bare = head[:-1] if head[-1] in "se" and len(head) > min_part else None
        if table.get(head) is not None or (bare is not None and table.get(bare) is not None):
            return True
        if bare is not None and len(tail) >= 5 and is_danish_compound(bare, min_part):
            return True  # a compound in the head too: "Lillebælts|broen"
    return False


@lru_cache(maxsize=1)
def _role_words() -> tuple[frozenset[str], tuple[str, ...]]:
    words = frozenset(w.lower() for w in read_word_list(TITLES_FILE))
    return words, tuple(w.lower() for w in read_word_list(ROLE_HEADS_FILE))


def is_role(token) -> bool:
    return is_role_word(token.lower_)


@lru_cache(maxsize=1)
def _event_name_pattern() -> re.Pattern[str]:
    """One pattern for every head of ``event_heads.txt`` after three or more letters, built
    once: the scorer's tier and the safety net ask for every candidate word."""
    heads = "|".join(re.escape(w.lower()) for w in read_word_list(EVENT_HEADS_FILE))
    return re.compile(rf".{{3,}}(?:{heads})")


def is_event_name(word: str) -> bool:
    """Whether ``word`` names a day, feast, prize or other event (*Flygtningedag*,
    *Bodilprisuddelingen*, *Kulturnatten*): a compound ending in a head of
    ``event_heads.txt`` after three or more letters, and no known name. Writers leave
    events unlabelled, and the anonymiser's looser tiers must not hide them."""
    w = word.lower()
    return w not in known_names() and _event_name_pattern().fullmatch(w) is not None


def is_role_word(w: str) -> bool:
    """Whether the lower-case word ``w`` is a role or title (*formand*, *afdelingsleder*)."""
    words, endings = _role_words()
    return w in words or (len(w) > 6 and w.endswith(endings) and w not in known_names())


#: Endings of the Danish definite forms, singular and plural: *Tænketank-en*, *Institut-tet*,
#: *kommun-erne*. One list for every test of a definite form (names read it too).
DEFINITE_ENDINGS = ("erne", "ene", "en", "et", "ne")
#: ... and of the plural: *borg-er*.
_NOUN_ENDINGS = (*DEFINITE_ENDINGS, "er")


def looks_like_noun(word: str) -> bool:
    """Whether an unknown capitalised word is a Danish noun the lemma table lacks: a
    compound (*Eksperttænketanken*) or a definite or plural form of a Danish word or
    compound, also misspelt by one letter (*Institutet*)."""
    w = word.lower()
    if is_danish_word(w) or is_danish_compound(w):
        return True
    for ending in _NOUN_ENDINGS:
        stem = w[: -len(ending)]
        if w.endswith(ending) and len(stem) >= 4 and (
            is_danish_word(stem) or is_danish_compound(stem)
            or is_danish_word(stem + stem[-1]) or is_danish_word(stem[:-1])
        ):
            return True
    return False


#: ... and of a word that ends in *-e* or *-er* already: *bestyrelse-n*, *råde-t*.
_INFLECTED_ENDINGS = (*DEFINITE_ENDINGS, "n", "t")


def is_inflected_noun(word: str) -> bool:
    """Whether lower-case ``word`` is the definite or plural form of a Danish word of four
    letters or more: *bestyrelsen* (bestyrelse + n), *kontoret* (kontor + et), *kommunerne*.
    Narrower than :func:`looks_like_noun`, which also takes any Danish word in its base
    form (*storm*, a name too) and compounds."""
    return any(word.endswith(ending) and len(word) - len(ending) >= 4
               and is_danish_word(word[: -len(ending)]) for ending in _INFLECTED_ENDINGS)


def is_verb(word: str) -> bool:
    """Whether lower-case ``word`` is a verb a subject comes before: a common one of
    ``subject_verbs.txt`` (*er*, *har*, *kommer*) or a present or past tense by its form
    (:func:`is_finite_verb`)."""
    return word in subject_verbs() or is_finite_verb(word)


def is_finite_verb(word: str) -> bool:
    """Whether lower-case ``word`` reads as a present or past tense by its form against the
    lemma table: the lemma + *r* on a lemma ending in *e* (*fratræder*), the lemma + *de*
    (*ringede*) or the lemma without its *e* + *te* (*købte*). Open where a word list is
    closed: any verb a writer picks. Forms that are nouns too (*lærer*, *maler*) pass."""
    lemma = danish_lemma_table().get(word)
    if not lemma or lemma == word:
        return False
    if lemma.endswith("e"):
        return word in (lemma + "r", lemma + "de", lemma[:-1] + "te")
    return word == lemma + "de"


def compound_head(text: str) -> str:
    """The part after the last hyphen inside ``text`` (*fejring* of *Eid-fejring*, *Hansen*
    of *Lund-Hansen*), or ``""``: a lower-case Danish head makes the compound a thing."""
    return text.rsplit("-", 1)[-1] if "-" in text[1:] else ""


@lru_cache(maxsize=2**14)
def word_facts(text: str) -> tuple[str, ...]:
    """What the lexicon knows about one word (first or last name, Danish word or
    compound, English word, stop word, role, place), as short strings: features of the
    name scorer (:mod:`pipeline.nlp.name_scorer`). All but *place* are read in lower
    case, so a name in capitals or in a chat reads the same. Cached, a text repeats its
    words; :func:`pipeline.nlp.pipeline.clear_loaded` empties it."""
    w = text.lower()
    names = person_names()
    facts = []
    if w in names["first"]:
        facts.append("first")
    if w in names["last"]:
        facts.append("last")
    if is_danish_word(w):
        facts.append("da")
    elif len(w) >= 8 and is_danish_compound(w):
        facts.append("dacomp")
    if is_english_word(w):
        facts.append("en")
    if w in DANISH_STOP_WORDS:
        facts.append("stop")
    if is_role_word(w):
        facts.append("role")
    if is_place(text):
        facts.append("place")
    return tuple(facts)
