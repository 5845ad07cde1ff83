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

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.components import PERSONAL_DATA_KEY
from pipeline.nlp.gazetteer import is_genitive_municipality, municipality_regex
from pipeline.nlp.name_scorer import SCORED_NAMES_KEY
from pipeline.nlp.names import first_names_in_entities, name_like_spans
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
        (e.start_char + m.start(), e.start_char + m.end(), "MUNICIPALITY")
        for e in doc.ents if e.label_ not in REDACTED_LABELS
        for m in names.finditer(e.text)
    ]
    unknown = [(s.start_char, s.end_char, "PER")
               for s in (*name_like_spans(doc), *first_names_in_entities(doc))]
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
    return sorted(chosen)


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
