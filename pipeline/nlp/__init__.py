"""Danish NLP for the field: the project's spaCy pipeline, entities and anonymisation.

>>> from pipeline.nlp import anonymize_texts
>>> anonymize_texts(["Fatima Hassan fra Aarhus Kommune ringede på 12 34 56 78."])[0].text
'[navn] fra [kommunen] ringede på [telefon].'
"""

from __future__ import annotations

from pipeline.nlp.anonymize import Anonymized, anonymize_texts
from pipeline.nlp.pipeline import LABELS, extract_entities, load_nlp

__all__ = ["LABELS", "Anonymized", "anonymize_texts", "extract_entities", "load_nlp"]
