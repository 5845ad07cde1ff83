"""Anonymisation of quotes and answers: municipalities, persons and personal data.

What is replaced, and by what:

=====================  =============================
municipality mention   ``[kommunen]`` / genitive ``[kommunens]``
person                 ``[navn]``
CPR number             ``[cpr-nr.]``
e-mail address         ``[e-mail]``
phone number           ``[telefon]``
=====================  =============================

Organisations, committees, laws and ordinary words stay: *Røde Kors*,
*Arbejdsmarkedsudvalget*, *kommunen*, *Integrationsrådet* are what the analysis
is about. One exception protects the municipality's identity: a municipality
name inside another entity (*Jobcenter Aarhus*, *Sprogcenter Vejle*) is
replaced while the rest of the entity stays (*Jobcenter [kommunen]*).

The result carries replacement records (start, end, label, replacement, with
offsets into the original text) and never the replaced values, so the log can
be kept beside published output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components import MODEL_PERSONS_KEY, PERSONAL_DATA_KEY
from pipeline.nlp.gazetteer import is_genitive_municipality, municipality_regex
from pipeline.nlp.lexicon import is_role
from pipeline.nlp.name_scorer import SCORED_NAMES_KEY
from pipeline.nlp.names import (
    NAME_PARTICLES,
    QUOTES,
    first_names_in_entities,
    name_like_spans,
    signing_initials,
)
from pipeline.nlp.personal_data import PERSONAL_DATA_REPLACEMENTS, find_personal_data
from pipeline.nlp.pipeline import entity_dicts, map_docs

PERSON = "[navn]"
MUNICIPALITY = "[kommunen]"
MUNICIPALITY_GENITIVE = "[kommunens]"

#: Entity labels whose mentions are replaced.
REDACTED_LABELS = ("PER", "MUNICIPALITY")


@dataclass
class Anonymized:
    """An anonymised text and what was replaced where (never the original values)."""

    text: str
    replacements: list[dict] = field(default_factory=list)


def _replacement(label: str, surface: str) -> str:
    if label == "PER":
        return PERSON
    if label == "MUNICIPALITY":
        return MUNICIPALITY_GENITIVE if is_genitive_municipality(surface) else MUNICIPALITY
    return PERSONAL_DATA_REPLACEMENTS[label]


def redaction_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, label)`` character spans to replace in ``doc.text``.

    Priority: personal data (a CPR number the NER took for a case number is
    still a CPR number), then person and municipality entities, then
    municipality names nested in other entities, then capitalised words that
    read as names although no entity covers them (:func:`name_like_spans`) and
    lone first names the model took for a place or an organisation
    (:func:`first_names_in_entities`), and last the words the learned name scorer
    (:mod:`pipeline.nlp.name_scorer`, when the pipeline has it) finds likely names.
    A later span that overlaps only person spans already taken widens them to their
    union (*dragan* and the scorer's *dragan ribar*): dropping it would leave the rest of
    the name in the text.
    """
    text = doc.text
    if PERSONAL_DATA_KEY in doc.spans:
        personal = [(s.start_char, s.end_char, s.label_) for s in doc.spans[PERSONAL_DATA_KEY]]
    else:  # a pipeline without our component (e.g. a user's --model)
        personal = [(p.start, p.end, p.label) for p in find_personal_data(text)]
    entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents
                if e.label_ in REDACTED_LABELS]
    names = municipality_regex()
    nested = [
        (e.start_char + m.start(), _run_on(names, e, m), "MUNICIPALITY")
        for e in doc.ents if e.label_ not in REDACTED_LABELS
        for m in names.finditer(e.text)
    ]
    unknown = [(s.start_char, s.end_char, "PER")
               for s in (*name_like_spans(doc), *first_names_in_entities(doc),
                         *signing_initials(doc))]
    scored = [(s.start_char, s.end_char, "PER") for s in doc.spans.get(SCORED_NAMES_KEY, ())]
    chosen: list[tuple[int, int, str]] = []
    for candidates in (personal, entities, nested, unknown, scored):
        for start, end, label in candidates:
            overlapping = [c for c in chosen if start < c[1] and c[0] < end]
            if not overlapping:
                chosen.append((start, end, label))
            elif label == "PER" and all(c[2] == "PER" for c in overlapping):
                for c in overlapping:  # the same person, a longer run: "dragan ribar"
                    chosen.remove(c)
                chosen.append((min(start, *(c[0] for c in overlapping)),
                               max(end, *(c[1] for c in overlapping)), "PER"))
    return sorted(_widened_to_model_names(doc, chosen))


def _run_on(names: re.Pattern, ent: Span, match: re.Match) -> int:
    """End (in the doc's text) of a municipality name ``match`` of ``names`` found in
    ``ent``'s text: where the match ends the entity, the longest municipality form starting at
    the same place in the whole text (R105). The model's organisation may stop inside the
    name (*Center for Arbejdsmarked, Holbæk* before *Kommune*), which left *[kommunen]
    Kommune*."""
    end = ent.start_char + match.end()
    if end == ent.end_char:
        longer = names.match(ent.doc.text, ent.start_char + match.start())
        if longer is not None and longer.end() > end:
            return longer.end()
    return end


#: Lower-case words inside a name: the name rules' particles and the Spanish plural
#: articles (*Rosalinda de los Santos*).
_PARTICLES = NAME_PARTICLES | {"los", "las"}

#: Quotation marks around a nickname inside a name: *Erik "Muren" Thorvaldsen*, and the
#: single ones (*Erik 'Muren' Thorvaldsen*) that :data:`~pipeline.nlp.names.QUOTES` leaves
#: out because they are apostrophes too.
_QUOTES = QUOTES | {"'", "‘", "’"}


def _widened_to_model_names(doc: Doc, chosen: list[tuple[int, int, str]]
                            ) -> list[tuple[int, int, str]]:
    """Widen person spans to the model's person that holds them (R82).

    The rules may keep only part of a name the model found whole: a gazetteer
    organisation takes its first name (*Borgerservice Hanne* of *… Borgerservice Hanne
    Mølgaard indstiller*), the name rules keep *Rosalinda* and *Santos* but not *de los*,
    or *Erik* and *Thorvaldsen* but not the nickname *"Muren"*. Leaving the rest in the
    text names the person. The person replacements inside a model person become the
    whole of it when nothing else is replaced there and each word left over can be part
    of a name: a capitalised word that is no title or role, a particle (*de*, *al*), a
    nickname in quotes or the quotes themselves.
    """
    for model in doc.spans.get(MODEL_PERSONS_KEY, ()):
        start, end = model.start_char, model.end_char
        inside = [c for c in chosen if c[2] == "PER" and start <= c[0] and c[1] <= end]
        if not inside or any(c[0] < end and start < c[1] for c in chosen if c not in inside):
            continue  # no person inside; or a municipality, personal data or a longer person
        rest = [t for t in model if not any(c[0] <= t.idx < c[1] for c in inside)]
        if rest and all(_name_part(t) for t in rest):
            chosen = [c for c in chosen if c not in inside] + [(start, end, "PER")]
    return chosen


def _name_part(token) -> bool:
    """Whether ``token``, inside a model person, can be part of the name (R82)."""
    text = token.text
    if text in _QUOTES or text in ("-", "."):
        return True
    if token.lower_ in _PARTICLES:
        return True
    quoted = (token.i > 0 and token.doc[token.i - 1].text in _QUOTES
              and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text in _QUOTES)
    return (token.is_alpha or quoted or "-" in text) and text[:1].isupper() and not is_role(token)


def anonymize_doc(doc: Doc) -> Anonymized:
    """Replace the redaction spans of one processed text."""
    text = doc.text
    parts: list[str] = []
    records: list[dict] = []
    cursor = 0
    for start, end, label in redaction_spans(doc):
        replacement = _replacement(label, text[start:end])
        parts += [text[cursor:start], replacement]
        records.append({"start": start, "end": end, "label": label, "replacement": replacement})
        cursor = end
    parts.append(text[cursor:])
    return Anonymized("".join(parts), records)


def anonymize_texts(texts: Iterable[str], nlp: Language | None = None) -> list[Anonymized]:
    """Anonymise each text (batched through ``nlp.pipe``; lemmas and tags switched off)."""
    return map_docs(anonymize_doc, texts, nlp)


def analyse_texts(
    texts: Iterable[str], nlp: Language | None = None
) -> list[tuple[list[dict], Anonymized]]:
    """Entities and the anonymised text of each text, from one pass of the pipeline.

    The batch runner needs both; running :func:`extract_entities` and
    :func:`anonymize_texts` one after the other would process every text twice.
    """
    return map_docs(lambda doc: (entity_dicts(doc), anonymize_doc(doc)), texts, nlp)
