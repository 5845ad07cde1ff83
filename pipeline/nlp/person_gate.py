"""A learned gate for the persons the statistical model found and the rules dropped (R88).

The name rules of :mod:`pipeline.nlp.names` drop or relabel a model person where the
text does not agree with it (*Kilde: Danmarks Statistik*, a heading in capitals, a
Danish word opening a sentence). That protects ordinary words, and it also drops names
that are words (*Vind er ny i rådet*, *kan Soledad tage billeder*): on the read
development sets, a third of the persons the anonymiser missed were persons the model had
found. Which of the dropped ones are names is learnt here, from the model's own output on
texts it was not trained on, instead of written as one more rule.

:class:`PersonGateComponent` runs after the name scorer. Its candidates are the model's
persons (``doc.spans["model_persons"]``) that no redaction covers
(:func:`dropped_model_persons`). A logistic scorer
(:class:`~pipeline.nlp.name_scorer.NameTokenScorer` over the name scorer's word features,
plus the word's final entity label and its place in the model's person) scores each word;
a model person all of whose words score at or above ``threshold`` and that
:func:`may_keep` allows joins ``doc.spans["scored_names"]``, which the anonymiser hides as
``[navn]``. A person all of whose words score at or above ``sure_threshold`` (0.85) passes
fewer of the limits (R91: a stop word, lower case in a mixed text, initials in a sign-off).
``doc.ents`` are not changed: the gate is a second opinion for anonymisation, like the
name scorer.

The gate is fitted by ``train-ner`` (:func:`fit_person_gate`) on the pipeline's output for
the development sets that ``corpus/ner_gate_sets.txt`` names: texts the NER never trained on
(nor picked its checkpoint on: the dev split stays out), so the model's mistakes there are
the ones it makes on new text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components import MODEL_PERSONS_KEY
from pipeline.nlp.gazetteer import known_organisations, read_word_list
from pipeline.nlp.lexicon import (
    danish_lemma_table,
    function_words,
    is_danish_word,
    is_english_word,
    known_names,
    person_names,
)
from pipeline.nlp.name_scorer import (
    SCORED_NAMES_KEY,
    DocContext,
    NameTokenScorer,
    is_candidate,
    never_a_scored_name,
    token_features,
)
from pipeline.paths import CORPUS_DIR, PROJECT_ROOT

#: Name of the pipeline component and the file of its fitted scorer.
PERSON_GATE = "raadskoder_person_gate"
GATE_FILE = "person_gate.npz"
#: The development sets the gate is fitted on, one folder per line (relative to the project).
GATE_SETS_FILE = CORPUS_DIR / "ner_gate_sets.txt"
#: Feature space of the gate: it sees a few thousand words, not the corpus.
GATE_FEATURES = 2**18


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def dropped_model_persons(doc: Doc) -> list[Span]:
    """The model's persons that nothing the anonymiser replaces overlaps.

    The cheap test first: a model person under a final ``PER`` entity is hidden, and most
    docs have no other. The anonymiser's full set of spans
    (:func:`~pipeline.nlp.anonymize.redaction_spans`) is computed only for the rest."""
    model = list(doc.spans.get(MODEL_PERSONS_KEY, ()))
    if not model:
        return []
    persons = [(e.start_char, e.end_char, "PER") for e in doc.ents if e.label_ == "PER"]
    rest = [m for m in model if not _overlaps(m.start_char, m.end_char, persons)]
    if not rest:
        return []
    from pipeline.nlp.anonymize import redaction_spans  # it imports the loaded pipeline

    replaced = redaction_spans(doc)
    return [m for m in rest if not _overlaps(m.start_char, m.end_char, replaced)]


def gate_features(doc: Doc, span: Span, i: int, context: DocContext) -> list[str]:
    """The name scorer's features of ``doc[i]`` and what the rules made of the model's
    person ``span`` it is part of: the word's final entity label (``O``: none, the rules
    dropped it), the person's length and the word's place in it."""
    feats = token_features(doc, i, context)
    place = "only" if len(span) == 1 else (
        "first" if i == span.start else "last" if i == span.end - 1 else "inner")
    label = doc[i].ent_type_ or "O"
    feats += [f"g:ent={label}", f"g:place={place}", f"g:len={min(len(span), 3)}",
              f"g:ent|place={label}|{place}", f"g:ent|shape={label}|{feats[1]}"]
    return feats


def may_keep(span: Span, context: DocContext, *, sure: bool = False) -> bool:
    """Whether the gate may hide the model's person ``span`` at all (R89): only words the
    name scorer judges too, and among them none it never hides. The gate, fitted mostly on
    chats and minutes where a dropped model person is often a name, would otherwise hide
    words of a report that a small model, now and then, calls a person (R88 hid the adverb
    *dels* in two real reports). Each word must be

    - a word the name scorer judges (:func:`~pipeline.nlp.name_scorer.is_candidate`: letters,
      not cut at a line break, *be-*) and none its tier never hides
      (:func:`~pipeline.nlp.name_scorer.never_a_scored_name`);
    - no Danish stop or function word that is no known first name (*dels*, *hos*);
    - a known first or last name, or else: in lower case only in a text written wholly in
      lower case and no Danish or English word, as the lower-case scorer judges (*reel*,
      *gen*); in capitals, of two letters at most (an acronym: *EAU*); no inflected form of a
      Danish word (*Røde*, *Nye*; the lemma table), but a genitive.

    ``sure``: the gate scored every word of ``span`` at least its ``sure_threshold`` (R91).
    Such a span needs only the limits that kept real reports clean when the gate was sure
    too: a word the name scorer judges, no known organisation (*LO*), and unless a known
    name, no acronym in capitals and no inflected Danish word. It may be a stop word, lower
    case in a mixed text or a word the name scorer's tier never hides (*Som skrev …*, *Ref.
    sh/mk*, *Præst indledte …*).
    """
    first, known = person_names()["first"], known_names()
    lemmas = danish_lemma_table()
    for token in span:
        w = token.lower_
        if not is_candidate(token) or w in known_organisations():
            return False
        if not sure and (never_a_scored_name(token) or (
                (w in DANISH_STOP_WORDS or w in function_words()) and w not in first)):
            return False
        if w in known:
            continue
        if not sure and token.is_lower and (not all(context.lowtext) or is_danish_word(w)
                                            or is_english_word(w)):
            return False
        if token.is_upper and len(w) >= 3:
            return False
        lemma = lemmas.get(w)
        if lemma and lemma != w and not w.endswith("s"):
            return False
    return True


def candidate_rows(doc: Doc) -> list[tuple[Span, list[list[str]]]]:
    """Each dropped model person of ``doc`` with the feature rows of its words: what the
    gate is fitted on."""
    return _candidates(doc)[1]


def _candidates(doc: Doc) -> tuple[DocContext | None, list[tuple[Span, list[list[str]]]]]:
    """The doc's context (built only when there is a dropped model person) and each dropped
    model person with the gate's feature rows of its words: shared by fitting and scoring."""
    spans = dropped_model_persons(doc)
    if not spans:
        return None, []
    context = DocContext.of(doc)
    return context, [(span, [gate_features(doc, span, i, context)
                             for i in range(span.start, span.end)]) for span in spans]


class PersonGateComponent:
    """Pipeline component: adds the dropped model persons the gate keeps to
    ``doc.spans["scored_names"]``: those :func:`may_keep` accepts whose words all score at
    least ``threshold``; those whose words all score at least ``sure_threshold`` pass fewer
    of its limits (R91): the limits guard words a real report has (*dels*) that the gate
    scores as middling, and a name the gate is sure of (*Som skrev …*, *Ref. sh/mk*, *Præst
    indledte …*) passes them. Without a fitted gate (a pipeline built by hand, or trained
    before R88) it changes nothing."""

    def __init__(self, nlp: Language, name: str, threshold: float,
                 sure_threshold: float = 0.85) -> None:
        self.name = name
        self.threshold = threshold
        self.sure_threshold = sure_threshold
        self.gate: NameTokenScorer | None = None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """One doc at a time: a doc's candidates are scored together, and few docs have
        any (``batch_size`` is spaCy's argument, not needed here)."""
        for doc in docs:
            if self.gate is not None:
                self._gate(doc)
            yield doc

    def _gate(self, doc: Doc) -> None:
        context, candidates = _candidates(doc)
        if not candidates:
            return
        scores = self.gate.score_rows([row for _, words in candidates for row in words])
        kept, k = [], 0
        for span, words in candidates:
            score = min(scores[k:k + len(words)])  # a span is as sure as its least sure word
            k += len(words)
            if score >= self.threshold and may_keep(span, context,
                                                    sure=score >= self.sure_threshold):
                kept.append(Span(doc, span.start, span.end, "PER"))
        if kept:
            doc.spans[SCORED_NAMES_KEY] = [*doc.spans.get(SCORED_NAMES_KEY, ()), *kept]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.gate is not None:
            self.gate.save(path / GATE_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PersonGateComponent:
        file = Path(path) / GATE_FILE
        self.gate = NameTokenScorer.load(file) if file.exists() else None
        return self


@Language.factory(PERSON_GATE, default_config={"threshold": 0.6, "sure_threshold": 0.85})
def make_person_gate(nlp: Language, name: str, threshold: float,
                     sure_threshold: float) -> PersonGateComponent:
    return PersonGateComponent(nlp, name, threshold, sure_threshold)


def read_gate_sets(path: Path = GATE_SETS_FILE) -> list[Path]:
    """The development-set folders of ``ner_gate_sets.txt``, read as every word list is
    (:func:`~pipeline.nlp.gazetteer.read_word_list`), a comment after a folder cut off."""
    folders = (line.split("#", 1)[0].strip() for line in read_word_list(path))
    return [PROJECT_ROOT / folder for folder in folders if folder]


def gate_examples(nlp: Language, gold: Sequence[Doc]) -> tuple[list[list[str]], list[int]]:
    """Feature rows and 0/1 labels of every word of the dropped model persons in ``nlp``'s
    output for the ``gold`` texts (1: the word is inside a gold ``PER``). ``nlp`` should
    not hold a gate (its output would be the gate's own)."""
    from pipeline.nlp.pipeline import pipe  # the loader imports this module

    rows: list[list[str]] = []
    labels: list[int] = []
    for g, doc in zip(gold, pipe(nlp, (d.text for d in gold)), strict=True):
        persons = [(e.start_char, e.end_char, "PER") for e in g.ents if e.label_ == "PER"]
        for span, words in candidate_rows(doc):
            rows += words
            labels += [int(_overlaps(t.idx, t.idx + len(t), persons)) for t in span]
    return rows, labels


def fit_person_gate(nlp: Language, gold: Sequence[Doc], *, threshold: float = 0.6,
                    C: float = 1.0, source: Language | None = None) -> PersonGateComponent:
    """Fit the gate on the output for ``gold`` (texts the NER did not train on) of
    ``source`` (default ``nlp``; ``train-ner`` passes the saved pipeline as
    :func:`~pipeline.nlp.pipeline.load_nlp` loads it, with its load-time tokenizer cases) and
    put it last in ``nlp``, replacing an old one."""
    if PERSON_GATE in nlp.pipe_names:
        nlp.remove_pipe(PERSON_GATE)
    rows, labels = gate_examples(nlp if source is None else source, gold)
    component = nlp.add_pipe(PERSON_GATE, config={"threshold": threshold}, last=True)
    if rows and 0 < sum(labels) < len(labels):
        component.gate = NameTokenScorer(n_features=GATE_FEATURES, C=C,
                                         threshold=threshold).fit_rows(rows, labels)
    return component
