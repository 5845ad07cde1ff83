"""Loading the pipeline and reading entities from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import components, person_gate  # noqa: F401  (registers the factories)
from pipeline.nlp.components import (
    add_rule_components,
    add_shipped_name_scorer,
    build_rule_pipeline,
)
from pipeline.nlp.language import (
    split_glued_separators,
    split_name_affixes,
    split_word_abbreviations,
)
from pipeline.nlp.lexicon import is_danish_word, known_names, word_facts
from pipeline.nlp.name_scorer import NAME_SCORER
from pipeline.nlp.person_gate import PERSON_GATE
from pipeline.paths import DEFAULT_NER_MODEL

T = TypeVar("T")

LABELS = (
    "PER", "ORG", "LOC", "MUNICIPALITY", "COMMITTEE", "LAW", "DATE", "MONEY", "PERCENT", "CASE_NO",
)

#: Components no caller of :func:`extract_entities` or the anonymiser needs.
NOT_FOR_ENTITIES = ("raadskoder_lemmatizer", "lemmatizer", "tagger", "morphologizer",
                    "attribute_ruler", "trainable_lemmatizer")
#: Components that change no entity and only give the anonymiser more to hide (the name
#: scorer's and the person gate's ``doc.spans["scored_names"]``): :func:`extract_entities`
#: skips them.
ONLY_FOR_ANONYMISATION = (NAME_SCORER, PERSON_GATE)

BATCH_SIZE = 256


class ModelError(ValueError):
    """A pipeline cannot be loaded; the message names it and says why."""


def load_nlp(model: str | Path | None = None, spacy_model: str | None = None) -> Language:
    """The project's pipeline, cached per argument pair.

    ``model``: a pipeline directory (``None`` = the shipped ``models/ner``; when
    that has not been trained the rule-only pipeline is used, which finds no
    person names). ``spacy_model``: the name or path of another installed
    Danish pipeline (``da_core_news_lg``, a DaCy model) used instead, with the
    project's tokenizer cases, gazetteer ruler, name and personal-data rules and the
    shipped pipeline's learned name scorer added.
    """
    return _load(str(model) if model is not None else None, spacy_model)


def clear_loaded() -> None:
    """Forget the pipelines :func:`load_nlp` has cached (the next call loads again), and
    the cache of word facts the name scorer reads (:func:`~pipeline.nlp.lexicon.word_facts`)."""
    _load.cache_clear()
    word_facts.cache_clear()


@lru_cache(maxsize=8)
def _load(model: str | None, spacy_model: str | None) -> Language:
    nlp = split_word_abbreviations(_load_pipeline(model, spacy_model), _word_or_name)
    return split_glued_separators(split_name_affixes(nlp))


def _word_or_name(word: str) -> bool:
    return is_danish_word(word) or word.lower() in known_names()


def _load_pipeline(model: str | None, spacy_model: str | None) -> Language:
    if spacy_model is not None:
        try:
            nlp = spacy.load(spacy_model)
        except OSError as exc:
            raise ModelError(f"{spacy_model}: cannot load spaCy pipeline: {exc}") from exc
        return add_shipped_name_scorer(add_rule_components(nlp))
    path = Path(model) if model is not None else DEFAULT_NER_MODEL
    if model is None and not (path / "config.cfg").exists():
        return build_rule_pipeline()
    if not (path / "config.cfg").exists():
        raise ModelError(f"{path}: not a spaCy pipeline directory (no config.cfg)")
    return spacy.load(path)


def entity_dicts(doc) -> list[dict]:
    """``doc.ents`` as JSON-ready dicts with character offsets into ``doc.text``."""
    return [
        {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
        for e in doc.ents
    ]


def pipe(nlp: Language, texts: Iterable[str], *, batch_size: int = BATCH_SIZE,
         skip: Iterable[str] = ()):
    """``nlp.pipe`` over texts (empty cells read as "") without the components entities skip,
    nor those named in ``skip``."""
    skipped = {*NOT_FOR_ENTITIES, *skip}
    disable = [name for name in nlp.pipe_names if name in skipped]
    return nlp.pipe((as_text(t) for t in texts), batch_size=batch_size, disable=disable)


def as_text(value) -> str:
    """A table cell as text: ``None`` and NaN (empty cells) become ``""``."""
    if isinstance(value, str):
        return value
    if value is None or value != value:  # NaN is the only value not equal to itself
        return ""
    return str(value)


def extract_entities(texts: Iterable[str], nlp: Language | None = None) -> list[list[dict]]:
    """Entities of each text: lists of ``{"start", "end", "label", "text"}``."""
    return map_docs(entity_dicts, texts, nlp, skip=ONLY_FOR_ANONYMISATION)


def map_docs(fn: Callable[[Doc], T], texts: Iterable[str], nlp: Language | None = None, *,
             skip: Iterable[str] = ()) -> list[T]:
    """``fn`` of each processed text, computed inside
    :meth:`~spacy.language.Language.memory_zone`.

    The zone frees the strings and lexemes of the texts afterwards: a worker that
    reads an archive of millions of words would otherwise keep every word it ever
    saw. ``fn`` must return plain data; the docs are invalid once the zone ends.
    ``skip``: as in :func:`pipe`.
    """
    nlp = nlp or load_nlp()
    with nlp.memory_zone():
        return [fn(doc) for doc in pipe(nlp, texts, skip=skip)]
