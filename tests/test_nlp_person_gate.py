"""The person gate (R88): the model's dropped persons, their features, fitting and the component."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.anonymize import anonymize_doc
from pipeline.nlp.components import MODEL_PERSONS_KEY
from pipeline.nlp.language import blank_danish
from pipeline.nlp.name_scorer import SCORED_NAMES_KEY, DocContext
from pipeline.nlp.person_gate import (
    GATE_FILE,
    PERSON_GATE,
    PersonGateComponent,
    dropped_model_persons,
    fit_person_gate,
    gate_features,
    may_keep,
    read_gate_sets,
)

NAMES = ["Vind", "Frost", "Sne", "Pil", "Bue", "Dag", "Ring", "Kamp"]  # names that are words
WORDS = ["Kilde", "Referat", "Bilag", "Dagsorden", "Tema", "Status", "Punkt", "Notat"]
# The fake model below calls every capitalised word after the first a person, and the
# fake rules keep none: the gate must learn from the frames which of them are names.
PERSON_FRAMES = ["I går talte vi med {} om mødet.", "Vi spurgte {} om lektiecaféen.",
                 "Tak til {} for kagen!", "Derfor har {} lovet at komme."]
WORD_FRAMES = ["Se også {}: det ligger på nettet.", "Under {} står tallene fra i år.",
               "Der står mere i {} 2."]


@Language.component("test_fake_model_persons")
def fake_model_persons(doc: Doc) -> Doc:
    """Every capitalised word but the first is a model person; no entity is kept."""
    doc.spans[MODEL_PERSONS_KEY] = [Span(doc, t.i, t.i + 1, "PER") for t in doc
                                    if t.i > 0 and t.text[:1].isupper()]
    doc.ents = []
    return doc


def _fake_pipeline():
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_fake_model_persons")
    return nlp


@pytest.fixture(scope="module")
def gold():
    """Gold docs: the names of the person frames are PER, the words of the others nothing."""
    nlp = blank_danish()
    rng = random.Random(5)
    docs = []
    for _ in range(160):
        person = rng.random() < 0.5
        word = rng.choice(NAMES if person else WORDS)
        text = rng.choice(PERSON_FRAMES if person else WORD_FRAMES).format(word)
        doc = nlp.make_doc(text)
        start = text.index(word)
        doc.ents = [doc.char_span(start, start + len(word), "PER")] if person else []
        docs.append(doc)
    return docs


def test_dropped_model_persons_are_those_no_redaction_covers():
    nlp = blank_danish()
    doc = nlp.make_doc("Møde med Vind og Lund i Vejle.")
    doc.spans[MODEL_PERSONS_KEY] = [Span(doc, 2, 3, "PER"), Span(doc, 4, 5, "PER")]
    assert [s.text for s in dropped_model_persons(doc)] == ["Vind", "Lund"]
    doc.ents = [Span(doc, 4, 5, "PER")]  # the rules kept Lund
    assert [s.text for s in dropped_model_persons(doc)] == ["Vind"]
    doc.spans[SCORED_NAMES_KEY] = [Span(doc, 2, 3, "PER")]  # the name scorer hid Vind
    assert dropped_model_persons(doc) == []
    doc.spans[MODEL_PERSONS_KEY] = []
    assert dropped_model_persons(nlp.make_doc("Ingen personer her.")) == []


def test_gate_features_say_what_the_rules_made_of_the_model_person():
    nlp = blank_danish()
    doc = nlp.make_doc("Kontakt Vilde Strand i morgen.")
    doc.ents = [Span(doc, 1, 3, "LOC")]
    span = Span(doc, 1, 3, "PER")
    first = gate_features(doc, span, 1, DocContext.of(doc))
    last = gate_features(doc, span, 2, DocContext.of(doc))
    assert {"g:ent=LOC", "g:place=first", "g:len=2"} <= set(first)
    assert "g:place=last" in last and "w=strand" in last


def test_fitted_gate_hides_names_the_rules_dropped_and_keeps_words(gold, tmp_path):
    nlp = _fake_pipeline()
    component = fit_person_gate(nlp, gold)
    assert nlp.pipe_names[-1] == PERSON_GATE and component.gate is not None
    assert component.gate.n_names_ > 0 and component.gate.n_candidates_ > component.gate.n_names_
    names = nlp("Derfor har Hjelm lovet at komme.")
    assert [s.text for s in names.spans[SCORED_NAMES_KEY]] == ["Hjelm"]
    assert anonymize_doc(names).text == "Derfor har [navn] lovet at komme."
    words = nlp("Under Status står tallene fra i år.")
    assert SCORED_NAMES_KEY not in words.spans or not list(words.spans[SCORED_NAMES_KEY])
    component.to_disk(tmp_path / "gate")
    assert (tmp_path / "gate" / GATE_FILE).exists()
    loaded = PersonGateComponent(nlp, PERSON_GATE, component.threshold).from_disk(tmp_path / "gate")
    again = loaded(_fake_pipeline()("Derfor har Hjelm lovet at komme."))
    assert [s.text for s in again.spans[SCORED_NAMES_KEY]] == ["Hjelm"]


def test_gate_without_weights_changes_nothing(tmp_path):
    nlp = _fake_pipeline()
    component = nlp.add_pipe(PERSON_GATE)
    assert component.gate is None
    doc = nlp("Derfor har Hjelm lovet at komme.")
    assert SCORED_NAMES_KEY not in doc.spans
    component.to_disk(tmp_path / "empty")
    assert component.from_disk(tmp_path / "empty").gate is None


def test_gate_sets_file_names_existing_sets_and_no_judge_or_evaluation_set(tmp_path):
    sets = read_gate_sets()
    assert len(sets) >= 20 and all(path.is_dir() for path in sets)
    names = {path.name for path in sets}
    assert not names & {"ner_dev_fortieth", "ner_dev_fortyfirst", "ner_dev_fortysecond",
                        "ner_dev_fortythird", "ner_dev_hard"}
    assert not any(name.startswith("ner_heldout") or name == "ner" for name in names)
    listed = tmp_path / "sets.txt"
    listed.write_text("# comment\n\ncorpus/ner_dev_targeted  # read set\n", encoding="utf-8")
    assert [path.name for path in read_gate_sets(listed)] == ["ner_dev_targeted"]
    assert read_gate_sets(tmp_path / "missing.txt") == []


def test_gate_never_keeps_function_words_or_lower_case_words_in_capitalised_text():
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    report = nlp("Det kræver dels et godt kendskab til processen, og Vind sagde ja.")
    dels, vind = Span(report, 2, 3, "PER"), Span(report, 10, 11, "PER")
    context = DocContext.of(report)
    assert not may_keep(dels, context)  # a function word (R88 hid it in a real report)
    assert may_keep(vind, context)
    chat = nlp("spørg lige hayat om hun har nøglen")
    chat_context = DocContext.of(chat)
    assert may_keep(Span(chat, 2, 3, "PER"), chat_context)  # lower case in a lower-case text
    assert not may_keep(Span(chat, 4, 5, "PER"), chat_context)  # "hun": a pronoun
    mixed = nlp("Hej alle. spørg lige hayat om nøglen")
    assert not may_keep(Span(mixed, 6, 7, "PER"), DocContext.of(mixed))


class _ConstantScorer:
    """A fitted gate that scores every word the same."""

    def __init__(self, score: float) -> None:
        self.score = score

    def score_rows(self, rows):
        return [self.score] * len(rows)


def test_a_name_the_gate_is_sure_of_passes_the_limits_and_a_middling_one_does_not():
    nlp = _fake_pipeline()
    component = nlp.add_pipe(PERSON_GATE)
    assert (component.threshold, component.sure_threshold) == (0.6, 0.85)
    text = "Mødet blev ledet af Vind, og dels af OS."  # may_keep takes "Vind", not "OS"
    hidden = {}
    for score in (0.5, 0.7, 0.9):
        component.gate = _ConstantScorer(score)
        doc = nlp(text)
        hidden[score] = [s.text for s in doc.spans.get(SCORED_NAMES_KEY, ())]
    assert hidden == {0.5: [], 0.7: ["Vind"], 0.9: ["Vind", "OS"]}
    # even a sure gate keeps an organisation, an acronym and an inflected word (R91)
    component.gate = _ConstantScorer(0.99)
    doc = nlp("Mødet med LO og EAU, og for eksempel er Røde")
    assert SCORED_NAMES_KEY not in doc.spans
