"""A learned second opinion on which words are person names, for the anonymiser.

The name rules of :mod:`pipeline.nlp.names` were written from errors on the
corpus's own texts, and what they learnt carries over to other writers' texts
only in part (the hard held-out set). :class:`NameTokenScorer` learns the same
question from the annotated corpus instead: a logistic regression over hashed
features of a word and its neighbours (shape, the word itself and its ending,
whether the lexicon knows it as a Danish or English word, a first or last name,
a place or a role; whether it opens a sentence or a quotation; whether the text
writes lower case; the words and shapes around it). It never sees the NER
model's output, so its errors are not the model's.

Only *candidate* words are scored: words of letters that are capitalised, or
lower-case words that are a known name or no Danish word (a lower-case Danish
word is a word in almost every text). The pipeline component judges capitalised
words with one scorer and, with a second fitted on lower-case copies of the
texts, the known names and the words that are no Danish or English word of
messages written wholly in lower case (:func:`lower_case_names`; rules R37, R79).
The anonymiser hides runs of candidates scored at or above a threshold that no
entity covers, and model places or organisations that no list knows when all
their words score so (:func:`scored_name_spans`).

scikit-learn fits the weights; scoring sums them itself (:func:`feature_index`
hashes like scikit-learn's ``FeatureHasher``), so the NLP stage of a batch worker
never imports scikit-learn.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from murmurhash import mrmr
from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from pipeline.nlp.augment import NameBank, swap_names
from pipeline.nlp.gazetteer import known_organisations
from pipeline.nlp.lexicon import (
    compound_head,
    is_danish_word,
    is_english_word,
    is_event_name,
    is_inflected_noun,
    known_names,
    not_names,
    person_names,
    person_verbs,
    word_facts,
)
from pipeline.nlp.names import (
    LETTER_WORDS,
    QUOTES,
    after_animal,
    unknown_place_or_organisation,
)

#: Name of the pipeline component, the file of its fitted scorer, and its spans key.
NAME_SCORER = "raadskoder_name_scorer"
SCORER_FILE = "name_scorer.npz"
LOWER_SCORER_FILE = "name_scorer_lower.npz"
SCORED_NAMES_KEY = "scored_names"


def _shape(text: str) -> str:
    if not any(c.isalpha() for c in text):
        return "p" if not any(c.isdigit() for c in text) else "d"
    if text.isupper() and len(text) > 1:
        return "X"
    if text[:1].isupper():
        return "Xx"
    return "x" if text.islower() else "o"


def is_candidate(token) -> bool:
    """Whether ``token`` is a word the scorer judges (see the module docstring)."""
    text = token.text
    if len(text) < 2 or text[0] == "-" or text[-1] == "-" or not (
        text.replace("-", "").replace("'", "").isalpha()
    ):
        return False  # "Rå-", "-ning": a word cut at a line break
    if text[:1].isupper():
        return True
    w = token.lower_
    if w in DANISH_STOP_WORDS:
        return False
    names = person_names()
    return w in names["first"] or w in names["last"] or not is_danish_word(w)


def feature_index(feature: str, n_features: int) -> int:
    """The column scikit-learn's ``FeatureHasher`` gives ``feature`` (MurmurHash3 of its
    UTF-8 bytes, seed 0, as spaCy's ``murmurhash`` computes it). Scoring with this instead
    of the hasher keeps scikit-learn out of the NLP stage: its imports cost a batch
    worker ~25 MB of peak memory while the spaCy pipeline is loaded."""
    h = mrmr.hash(feature)
    if h == -2147483648:  # abs() would overflow in C; scikit-learn's special case
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


@dataclass(frozen=True)
class DocContext:
    """Per-token facts of one doc, computed in one pass: the same values as
    :func:`~pipeline.nlp.names.opens_sentence`, :func:`~pipeline.nlp.names.opens_quotation`
    and :func:`~pipeline.nlp.names.writes_lower_case`, which look back from each token
    (quadratic in a long paragraph)."""

    texts: list[str]
    lowers: list[str]
    opens: list[bool]
    quote: list[bool]
    lowtext: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> DocContext:
        texts = [t.text for t in doc]
        n = len(texts)
        opens, lowtext, quote = [False] * n, [False] * n, [False] * n
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            first_alpha = None
            for t in sent:
                i = t.i
                opens[i] = first_alpha is None or i == 0 or t.is_sent_start is True
                if first_alpha is None and t.is_alpha:
                    first_alpha = t
                lowtext[i] = (first_alpha or t).is_lower
        quotes = 0
        for i, text in enumerate(texts):
            quote[i] = i > 0 and texts[i - 1] in QUOTES and quotes % 2 == 1
            quotes += text in QUOTES
        return cls(texts, [t.lower_ for t in doc], opens, quote, lowtext)


def token_features(doc: Doc, i: int, context: DocContext | None = None) -> list[str]:
    """Feature strings of ``doc[i]`` and its context (hashed by :class:`NameTokenScorer`)."""
    c = context or DocContext.of(doc)
    text, w = c.texts[i], c.lowers[i]
    shape = _shape(text)
    facts = word_facts(text)
    opens = c.opens[i]
    feats = [
        "bias", f"shape={shape}", f"w={w}", f"suf3={w[-3:]}", f"suf2={w[-2:]}",
        f"len={min(len(w), 12) // 3}", *(f"f={f}" for f in facts),
        f"open={opens}", f"quote={c.quote[i]}", f"lowtext={c.lowtext[i]}",
    ]
    known = "+".join(f for f in facts if f in ("first", "last", "da", "en")) or "none"
    feats += [f"shape|known={shape}|{known}", f"open|known={opens}|{known}",
              f"open|shape|known={opens}|{shape}|{known}"]
    n = len(c.texts)
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if j < 0 or j >= n:
            feats.append(f"{offset}:edge")
            continue
        near_shape = _shape(c.texts[j])
        feats += [f"{offset}:w={c.lowers[j]}", f"{offset}:shape={near_shape}"]
        if abs(offset) == 1:
            feats += [f"{offset}:f={f}" for f in word_facts(c.texts[j])]
            feats.append(f"{offset}:shape|shape={near_shape}|{shape}")
            if offset == 1 and c.lowers[j] in person_verbs():
                feats.append("1:personverb")
    return feats


def candidate_features(doc: Doc, *, lower: bool = True) -> tuple[list[int], list[list[str]]]:
    """The indices of the candidate words of ``doc`` and their features
    (``lower=False``: capitalised candidates only)."""
    index = candidate_indices(doc, lower=lower)
    return index, token_rows(doc, index)


def candidate_indices(doc: Doc, *, lower: bool = True) -> list[int]:
    """The indices of the candidate words of ``doc`` (``lower=False``: capitalised only)."""
    return [t.i for t in doc if (lower or not t.is_lower) and is_candidate(t)]


def token_rows(doc: Doc, index: Sequence[int],
               context: DocContext | None = None) -> list[list[str]]:
    """The features of the words of ``doc`` at ``index`` (``context``: the doc's
    :class:`DocContext`, when the caller has it already)."""
    if not index:
        return []
    context = context or DocContext.of(doc)
    return [token_features(doc, i, context) for i in index]


def lower_case_names(doc: Doc, context: DocContext | None = None) -> list[int]:
    """The lower-case words the lower-case scorer judges: known first or last names of
    three letters or more, and (R79) words of three letters or more that are no Danish or
    English word (*dragan*, *saulė*), in a text none of whose sentences opens with a
    capital (a message written wholly in lower case: *hej ahmed ses kl 10*). In a text that also
    writes capitals a lower-case word is a word; a name bank's name of two letters
    (*bo*, *le*) is a word too often (rule R37, ``docs/nlp.md``). The cheap test on the
    whole text comes first: most texts write capitals."""
    if not all((context or DocContext.of(doc)).lowtext):
        return []
    known = known_names()
    return [t.i for t in doc
            if t.is_lower and len(t) >= 3 and is_candidate(t) and (
                t.lower_ in known or not is_english_word(t.lower_))]


def lower_case_copies(docs: Iterable[Doc]) -> list[Doc]:
    """A lower-case copy of each gold doc with a person (entities and sentence
    boundaries kept): the corpus has too few wholly lower-case messages for the scorer
    to learn which lower-case words in them are names."""
    sentencizer = Sentencizer()
    out: list[Doc] = []
    for doc in docs:
        if not any(e.label_ == "PER" for e in doc.ents):
            continue
        copy = Doc(doc.vocab, words=[t.text.lower() for t in doc],
                   spaces=[bool(t.whitespace_) for t in doc])
        copy.ents = [Span(copy, e.start, e.end, e.label_) for e in doc.ents]
        out.append(sentencizer(copy))
    return out


class NameTokenScorer:
    """Probability that a candidate word is (part of) a person's name.

    Estimator-style: :meth:`fit` on gold docs (:func:`training_docs`),
    :meth:`predict_proba` per doc. ``threshold`` is the score from which the
    anonymiser hides a word; it is chosen on development data, not here.
    """

    def __init__(self, *, n_features: int = 2**20, C: float = 1.0, threshold: float = 0.6):
        self.n_features = n_features
        self.C = C
        self.threshold = threshold

    def _hasher(self):
        """scikit-learn's hasher, for fitting (scoring hashes with :func:`feature_index`)."""
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=self.n_features, input_type="string",
                             alternate_sign=False, dtype=np.float32)

    def fit(self, docs: Iterable[Doc]) -> NameTokenScorer:
        """Fit on gold docs: sentence boundaries set, gold entities in ``doc.ents`` (a
        candidate word inside a ``PER`` entity is a name, any other is not)."""
        rows: list[list[str]] = []
        labels: list[int] = []
        for doc in docs:
            persons = {i for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}
            index, feats = candidate_features(doc)
            rows += feats
            labels += [int(i in persons) for i in index]
        return self.fit_rows(rows, labels)

    def fit_rows(self, rows: Sequence[Sequence[str]], labels: Sequence[int]) -> NameTokenScorer:
        """Fit on feature rows and their 0/1 labels (what :meth:`fit` builds from gold docs;
        the model-person gate of :mod:`pipeline.nlp.person_gate` builds its own)."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", random_state=0)
        model.fit(self._hasher().transform(rows), np.array(labels))
        self.coef_ = model.coef_.ravel().astype(np.float32)
        self.intercept_ = float(model.intercept_[0])
        self.n_candidates_ = len(labels)
        self.n_names_ = int(sum(labels))
        return self

    def predict_proba(self, doc: Doc, *, lower: bool = True) -> dict[int, float]:
        """Score of each candidate word of ``doc``, by token index (``lower=False``:
        capitalised candidates only)."""
        return self.predict_proba_many([doc], lower=lower)[0]

    def predict_proba_many(self, docs: Sequence[Doc], *, lower: bool = True) -> list[dict]:
        """:meth:`predict_proba` of several docs with one vectorised sum of weights (the
        per-call overhead of numpy is larger than the work on a short answer)."""
        return self.score_tokens(docs, [candidate_indices(doc, lower=lower) for doc in docs])

    def score_tokens(self, docs: Sequence[Doc], indices: Sequence[Sequence[int]],
                     contexts: Sequence[DocContext] | None = None) -> list[dict]:
        """Score of the words at ``indices[k]`` of each ``docs[k]``, by token index
        (``contexts``: the docs' :class:`DocContext`, when the caller has them)."""
        rows: list[list[str]] = []
        for k, (doc, index) in enumerate(zip(docs, indices, strict=True)):
            rows += token_rows(doc, index, contexts[k] if contexts is not None else None)
        if not rows:
            return [{} for _ in docs]
        scores = self.score_rows(rows)
        out, k = [], 0
        for doc_index in indices:
            out.append(dict(zip(doc_index, scores[k:k + len(doc_index)], strict=True)))
            k += len(doc_index)
        return out

    def score_rows(self, rows: Sequence[Sequence[str]]) -> list[float]:
        """The probability of each feature row (one vectorised sum of weights)."""
        if not rows:
            return []
        n = self.n_features
        index = np.fromiter((feature_index(f, n) for feats in rows for f in feats), np.int64)
        owner = np.repeat(np.arange(len(rows)), [len(feats) for feats in rows])
        margin = np.bincount(owner, weights=self.coef_[index], minlength=len(rows))
        return (1.0 / (1.0 + np.exp(-(margin + self.intercept_)))).tolist()

    def save(self, path: str | Path) -> None:
        """The non-zero weights as a compressed ``.npz`` (no pickle: loads with any
        scikit-learn)."""
        rows = np.flatnonzero(self.coef_).astype(np.int32)
        np.savez_compressed(
            Path(path), rows=rows, values=self.coef_[rows],
            intercept=self.intercept_, n_features=self.n_features, C=self.C,
            threshold=self.threshold, n_candidates=self.n_candidates_, n_names=self.n_names_,
        )

    @classmethod
    def load(cls, path: str | Path) -> NameTokenScorer:
        """A saved scorer; its weights are a dense float32 vector (4 MB for 2**20
        features), indexed by :func:`feature_index` when scoring."""
        with np.load(Path(path)) as data:
            scorer = cls(n_features=int(data["n_features"]), C=float(data["C"]),
                         threshold=float(data["threshold"]))
            scorer.coef_ = np.zeros(scorer.n_features, dtype=np.float32)
            scorer.coef_[data["rows"]] = data["values"]
            scorer.intercept_ = float(data["intercept"])
            scorer.n_candidates_ = int(data["n_candidates"])
            scorer.n_names_ = int(data["n_names"])
        return scorer


def unknown_entity(ent: Span) -> bool:
    """A model place or organisation of one or two words that no list knows
    (:func:`~pipeline.nlp.names.unknown_place_or_organisation`: *hos Najma*), and no
    acronym: an organisation in three or more capitals (*WFP*, *CDU*) is one."""
    if ent.label_ == "ORG" and len(ent) == 1 and len(ent.text) >= 3 and ent.text.isupper():
        return False
    return len(ent) <= 2 and unknown_place_or_organisation(ent)


def scored_name_spans(doc: Doc, scorer: NameTokenScorer, threshold: float | None = None,
                      *, lower: bool = True) -> list[Span]:
    """Runs of candidate words scored at or above the threshold that no entity covers,
    or that make up a whole :func:`unknown_entity` (``lower=False``: capitalised words
    only)."""
    cut = scorer.threshold if threshold is None else threshold
    return name_spans(doc, scorer.predict_proba(doc, lower=lower), cut)


def never_a_scored_name(token) -> bool:
    """A greeting or sign-off word, a word of ``not_names.txt`` (feasts, interjections,
    abbreviations such as *Fx*), an event (*Flygtningedag*), a capitalised stop word that
    is no first name, a known organisation, the definite or plural form of a Danish noun
    that is no known name, or a compound with a lower-case Danish head: scored high after
    a greeting whose line break was lost (*Hej Bo Jeg har …*, *Kære Haris Bestyrelsen
    har …*), opening a sentence (*Fx fortæller …*), in a heading (*ALDI*) or as a feast
    (*Eid-fejring*)."""
    w = token.lower_
    head = compound_head(token.text)
    known = known_names()
    return after_animal(token.doc, token.i) or w in LETTER_WORDS or w in not_names() or (
        w in known_organisations()) or is_event_name(w) or (
        w in DANISH_STOP_WORDS and w not in person_names()["first"]) or (
        head.islower() and is_danish_word(head) and head not in known) or (
        not token.is_lower and is_inflected_noun(w) and w not in known)


def name_spans(doc: Doc, scores: dict[int, float], cut: float,
               lower_scores: dict[int, float] | None = None,
               lower_cut: float | None = None) -> list[Span]:
    """The runs of :func:`scored_name_spans` from the words' ``scores``, and from the
    ``lower_scores`` of the lower-case scorer (:func:`lower_case_names`) at ``lower_cut``."""
    hits = {i for i, p in scores.items() if p >= cut}
    if lower_scores and lower_cut is not None:
        hits.update(i for i, p in lower_scores.items() if p >= lower_cut)
    hits = {i for i in hits if not never_a_scored_name(doc[i])}
    for ent in doc.ents:  # the cheap test first: most entities hold no hit
        if not (all(i in hits for i in range(ent.start, ent.end)) and unknown_entity(ent)):
            hits.difference_update(range(ent.start, ent.end))
    spans: list[Span] = []
    for i in sorted(hits):
        if spans and spans[-1].end == i:
            spans[-1] = Span(doc, spans[-1].start, i + 1, "PER")
        else:
            spans.append(Span(doc, i, i + 1, "PER"))
    return spans


def training_docs(docs: Iterable[Doc], *, names: Path | None = None, copies: int = 0,
                  seed: int = 0) -> list[Doc]:
    """Gold docs with sentence boundaries, plus ``copies`` name-swapped copies of each
    doc with persons (names from the name bank at ``names``, written in the case of the
    name they replace), so that the scorer learns contexts rather than the corpus's
    few hundred names."""
    sentencizer = Sentencizer()
    rng = random.Random(seed)
    bank = NameBank.from_csv(names) if copies and names is not None else None
    out: list[Doc] = []
    for doc in docs:
        out.append(sentencizer(doc.copy()))
        if bank is None or not any(e.label_ == "PER" for e in doc.ents):
            continue
        for _ in range(copies):
            swapped = swap_names(doc, doc.vocab, bank, rng, match_case=True)
            if swapped is not None:
                out.append(sentencizer(swapped))
    return out


class NameScorerComponent:
    """Pipeline component: the scored name runs of each doc in ``doc.spans["scored_names"]``.

    Runs after the name rules (it reads the final ``doc.ents``) and changes no
    entity: the anonymiser hides these spans as its last resort
    (:func:`pipeline.nlp.anonymize.redaction_spans`). Two scorers: ``scorer`` judges
    capitalised words at ``threshold`` (rule R16); ``lower_scorer``, fitted with
    lower-case copies of the texts, judges the known names of wholly lower-case
    messages (:func:`lower_case_names`) at ``lower_threshold`` (rule R37; ``None``:
    not judged). Both were chosen on development data (``docs/nlp.md``). Without a
    fitted scorer (a pipeline built by hand) it sets no spans.
    """

    def __init__(self, nlp: Language, name: str, threshold: float,
                 lower_threshold: float | None) -> None:
        self.name = name
        self.threshold = threshold
        self.lower_threshold = lower_threshold
        self.scorer: NameTokenScorer | None = None
        self.lower_scorer: NameTokenScorer | None = None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Score ``batch_size`` docs at a time (``nlp.pipe`` calls this)."""
        for batch in minibatch(docs, size=batch_size):
            if self.scorer is not None:
                contexts = [DocContext.of(doc) for doc in batch]  # once, for both scorers
                scores = self.scorer.score_tokens(
                    batch, [candidate_indices(doc, lower=False) for doc in batch], contexts)
                lower = self._lower_scores(batch, contexts)
                for doc, doc_scores, doc_lower in zip(batch, scores, lower, strict=True):
                    doc.spans[SCORED_NAMES_KEY] = name_spans(
                        doc, doc_scores, self.threshold, doc_lower, self.lower_threshold)
            yield from batch

    def _lower_scores(self, docs: Sequence[Doc],
                      contexts: Sequence[DocContext]) -> list[dict[int, float]]:
        if self.lower_scorer is None or self.lower_threshold is None:
            return [{} for _ in docs]
        indices = [lower_case_names(doc, c) for doc, c in zip(docs, contexts, strict=True)]
        return self.lower_scorer.score_tokens(docs, indices, contexts)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for scorer, file in ((self.scorer, SCORER_FILE), (self.lower_scorer, LOWER_SCORER_FILE)):
            if scorer is not None:
                scorer.save(path / file)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NameScorerComponent:
        file, lower_file = Path(path) / SCORER_FILE, Path(path) / LOWER_SCORER_FILE
        self.scorer = NameTokenScorer.load(file) if file.exists() else None
        self.lower_scorer = NameTokenScorer.load(lower_file) if lower_file.exists() else None
        return self


@Language.factory(NAME_SCORER, default_config={"threshold": 0.6, "lower_threshold": 0.8})
def make_name_scorer(nlp: Language, name: str, threshold: float,
                     lower_threshold: float | None) -> NameScorerComponent:
    return NameScorerComponent(nlp, name, threshold, lower_threshold)


def add_name_scorer(nlp: Language, docs: Iterable[Doc], *, after: str | None = None,
                    **config) -> NameScorerComponent:
    """Fit both scorers on gold ``docs`` and put them into ``nlp`` after the component
    ``after`` (the name rules; last when absent), replacing an old one; ``config``
    overrides the component's defaults."""
    docs = list(docs)
    if NAME_SCORER in nlp.pipe_names:
        nlp.remove_pipe(NAME_SCORER)
    where = {"after": after} if after in nlp.pipe_names else {"last": True}
    component = nlp.add_pipe(NAME_SCORER, config=config, **where)
    gold = training_docs(docs)
    component.scorer = NameTokenScorer(threshold=component.threshold).fit(gold)
    lower_cut = component.lower_threshold
    component.lower_scorer = NameTokenScorer(
        threshold=1.0 if lower_cut is None else lower_cut).fit(gold + lower_case_copies(docs))
    return component
