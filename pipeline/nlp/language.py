"""Danish tokenizer adjustments for council documents.

spaCy's Danish tokenizer already keeps most abbreviations (*kr.*, *pct.*, *jf.*,
*bl.a.*) whole. What it does not know are the administrative abbreviations of
minutes (*sagsnr.*, *j.nr.*), and it is worth pinning down the tokens that the
gazetteer patterns and the anonymiser rely on: case numbers such as
``EMN-2025-003383``, ``2010-150914`` and ``23/4512``, e-mail addresses and
unspaced phone numbers (``+4512345678``) must stay one token so that a pattern
or a redaction never cuts through them.

Everything here is stored by the tokenizer itself (special cases and one
``token_match`` regex), so a pipeline saved with ``nlp.to_disk`` keeps the
behaviour without importing this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.symbols import NORM, ORTH

#: Abbreviations kept as one token (each also capitalised). Not in capitals: *KL.* at the
#: end of a sentence is the organisation KL and a full stop, not *kl.*
ABBREVIATIONS = (
    "kr.", "pct.", "nr.", "jf.", "bl.a.", "mio.", "mia.", "stk.", "ca.", "f.eks.", "evt.",
    "inkl.", "ekskl.", "mht.", "vedr.", "iht.", "jvf.", "pkt.", "tlf.", "sagsnr.", "j.nr.",
    "journalnr.", "dok.nr.", "kle-nr.", "KLE-nr.", "mv.", "m.v.", "m.fl.", "osv.", "dvs.", "hhv.",
    "ifm.", "kl.", "adm.",
)

#: Strings that are one token whatever punctuation they contain. Anchored, since
#: spaCy calls ``token_match`` on whole whitespace-delimited substrings.
TOKEN_MATCH = re.compile(
    r"^(?:"
    r"[A-ZÆØÅ]{2,6}-\d{4}-\d{3,}"  # EMN-2025-003383
    r"|(?:19|20)\d{2}-\d{5,}"  # 2010-150914
    r"|\d{2}/\d{3,6}"  # 23/4512
    r"|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}(?:-\d+)*"  # 27.00.00-A00-1-23 (KLE)
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"  # e-mail
    r"|(?:\+|00)45\d{8}"  # +4512345678
    r")$"
)


def customize_tokenizer(nlp: Language) -> Language:
    """Add the domain's special cases and token pattern to ``nlp.tokenizer`` in place.

    Works on any Danish pipeline (the project's own, or an installed one used
    with ``--spacy-model``). Returns ``nlp`` for chaining.
    """
    tokenizer = nlp.tokenizer
    for abbr in ABBREVIATIONS:
        for form in dict.fromkeys([abbr, abbr[0].upper() + abbr[1:]]):
            tokenizer.add_special_case(form, [{ORTH: form, NORM: abbr}])
    tokenizer.token_match = TOKEN_MATCH.match
    # "§42" -> "§", "42" (the default only splits "§ 42" on the space); "/Asma" -> "/",
    # "Asma": e-mail sign-offs put a slash before the name, which must be its own token
    # for the name to be found.
    prefixes = list(nlp.Defaults.prefixes or []) + ["§+", "/"]
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    return nlp


#: Title-case abbreviations written before a name (*Prof. Hansen*, *Dir. Lund*): kept whole
#: by :func:`split_word_abbreviations` although their stem is a Danish word.
TITLE_ABBREVIATIONS = frozenset({"Dr.", "Prof.", "Dir.", "Pr.", "Red.", "Stud.", "Mag."})


def split_word_abbreviations(nlp: Language, is_word: Callable[[str], bool]) -> Language:
    """Let a full stop after a title-case word be a full stop (*Det sagde Ole Vind.*).

    spaCy's Danish exceptions keep every abbreviation whole also in title case, and
    many are words or surnames too (*Vind.*, *Man.*, *Jan.*, *Bet.*): a surname ending
    a sentence then became one token with its full stop, which no rule or model took
    for a name, and the anonymiser left it in the text. The title-case special cases
    whose stem ``is_word`` (a Danish word or a known name) are removed, so such a
    token splits into the word and ``.``; titles before a name
    (:data:`TITLE_ABBREVIATIONS`), abbreviations that are no word (*Kbh.*, *Skt.*,
    *Ca.*) and all lower-case ones (*kr.*, *man.*) stay. Applied when a pipeline is
    loaded (:func:`pipeline.nlp.pipeline.load_nlp`), so the saved tokenizer and
    training are unchanged. Returns ``nlp``.
    """
    rules = nlp.tokenizer.rules
    drop = {
        key for key in rules
        if key.endswith(".") and len(key) > 2 and key[:-1].isalpha() and key[:-1].istitle()
        and key not in TITLE_ABBREVIATIONS and is_word(key[:-1])
    }
    if drop:
        nlp.tokenizer.rules = {key: value for key, value in rules.items() if key not in drop}
    return nlp


#: Prefixes that glue a name to what comes before it in messages: a mention (*@sol*,
#: *@Amina*) and a sign-off with a hyphen (*-Ilse*; not *-3* or the tail *-ning* of a
#: word cut at a line break).
NAME_PREFIXES = ("@", r"-(?=[A-ZÆØÅ])")


#: A footnote marker glued to the word before it in text from reports (*ifølge Tarek
#: Hussein2*, *Hedda Bank¹*): one or two digits after three lower-case letters. *CO2*,
#: *B12* and case numbers are not affected.
FOOTNOTE_SUFFIX = r"(?<=[a-zæøåäöüé]{3})[0-9¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}$"


def split_name_affixes(nlp: Language) -> Language:
    """Split :data:`NAME_PREFIXES` off the start of a token and a :data:`FOOTNOTE_SUFFIX`
    off its end, so that the name next to them is a token of its own that the model and
    the rules can find (*Hej @sol*, *Tak! -Ilse*, *ifølge Tarek Hussein2* were left in the
    anonymised text). Added to the loaded tokenizer's affixes when a pipeline is loaded,
    like :func:`split_word_abbreviations`. Returns ``nlp``."""
    tokenizer = nlp.tokenizer
    tokenizer.prefix_search = _extended(tokenizer.prefix_search,
                                        "|".join("^" + prefix for prefix in NAME_PREFIXES)).search
    tokenizer.suffix_search = _extended(tokenizer.suffix_search, FOOTNOTE_SUFFIX).search
    return nlp


#: Separators glued between a name and its neighbour with no space, split off as infixes:
#: a semicolon anywhere inside a token (survey exports pasted as text,
#: *1187;Ikast-Brande Kommune;formand*; R93), *+* or *&* between a lower-case letter and a
#: capitalised word (*Amina+Jens*, *Hassan&Jens*; not *H&M*) and a comma between a letter and
#: a digit (*Amina Hassan,12345678*; R94), an en or em dash between two letters (*Amina
#: Hassan–formand for rådet*, *Aarhus–København*; R100), and the quoted separator of a CSV line
#: pasted as text (*"1052";"Herning Kommune";"…"*, *"…","Zahra Jafari","Skanderborg"*; R102),
#: which must go first: a semicolon split alone leaves the quotes glued to the words.
GLUED_INFIXES = ('"[;,]"', ";", r"(?<=[a-zæøå])[+&](?=[A-ZÆØÅ][a-zæøå])",
                 r"(?<=[^\W\d_]),(?=\d)", r"(?<=[^\W\d_])[–—](?=[^\W\d_])")

#: A list number glued to the capitalised word after it (*1.Amina Hassan*, *2)Jens Holm*; R94).
GLUED_PREFIX = r"^\d{1,2}[.)](?=[A-ZÆØÅ][a-zæøå])"


def split_glued_separators(nlp: Language) -> Language:
    """Split :data:`GLUED_INFIXES` inside a token and :data:`GLUED_PREFIX` off its start.

    spaCy's Danish affixes leave these glued, so *1187;Ikast-Brande*, *1.Amina*,
    *Amina+Jens*, *Hassan–formand* or *"Herning* was one token that neither the gazetteer nor
    the model could read as a municipality or a name, and the name stayed in the anonymised
    text (rules R93, R94, R100, R102).
    None of them occurs inside a Danish word. Added to the loaded tokenizer's affixes when a
    pipeline is loaded, like :func:`split_name_affixes`. Returns ``nlp``."""
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = _extended(tokenizer.infix_finditer,
                                         "|".join(GLUED_INFIXES)).finditer
    tokenizer.prefix_search = _extended(tokenizer.prefix_search, GLUED_PREFIX).search
    return nlp


def _extended(method, extra: str) -> re.Pattern:
    """The regex of ``method`` (a compiled regex's bound ``search`` or ``finditer``, or
    ``None``) with ``extra`` as one more alternative."""
    return re.compile(f"{method.__self__.pattern}|{extra}" if method is not None else extra)


@spacy.registry.callbacks("raadskoder.customize_tokenizer.v1")
def make_customize_tokenizer():
    """Config callback (``[initialize.before_init]``) so ``spacy train`` uses our tokenizer."""
    return customize_tokenizer


def blank_danish() -> Language:
    """A blank Danish pipeline with the domain tokenizer: the base of everything here."""
    return customize_tokenizer(spacy.blank("da"))
