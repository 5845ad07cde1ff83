"""The learned name scorer: candidates, fitting, saving, and its place in the anonymiser."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from spacy.tokens import Span

from pipeline.nlp.anonymize import redaction_spans
from pipeline.nlp.language import blank_danish
from pipeline.nlp.name_scorer import (
    NAME_SCORER,
    SCORED_NAMES_KEY,
    DocContext,
    NameTokenScorer,
    add_name_scorer,
    feature_index,
    is_candidate,
    lower_case_copies,
    lower_case_names,
    scored_name_spans,
    training_docs,
    unknown_entity,
)
from pipeline.nlp.names import opens_quotation, opens_sentence, writes_lower_case
from pipeline.paths import GAZETTEER_DIR

NAMES = ["Tsegai", "Ngozi", "Oksana", "Bashir", "Ilkay", "Dawit", "Mariam", "Yohannes", "Leyla",
         "Rustam", "Zaynab", "Kwame"]
PLACES = ["Vejle", "Herning", "Randers", "Esbjerg"]
# Sentence frames with a person slot, and the same frames' neighbours with a place slot.
PERSON_FRAMES = ["I går talte vi med {} om mødet.", "Formanden takkede {} for indsatsen.",
                 "Vi spurgte {} om lektiecaféen.", "Tak til {} for kagen!"]
PLACE_FRAMES = ["I går kørte vi til {} til mødet.", "Rådet i {} holdt møde.",
                "Vi flyttede fra {} sidste år."]


@pytest.fixture(scope="module")
def gold_docs():
    """Docs with gold entities, as `load_corpus` makes them."""
    nlp = blank_danish()
    rng = random.Random(3)
    docs = []
    for _ in range(120):
        if rng.random() < 0.6:
            frame, word, label = rng.choice(PERSON_FRAMES), rng.choice(NAMES), "PER"
        else:
            frame, word, label = rng.choice(PLACE_FRAMES), rng.choice(PLACES), "LOC"
        text = frame.format(word)
        doc = nlp.make_doc(text)
        start = text.index(word)
        doc.ents = [doc.char_span(start, start + len(word), label)]
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def scorer(gold_docs):
    return NameTokenScorer().fit(training_docs(gold_docs))


def test_candidates_are_capitalised_words_and_unusual_lower_case_words():
    doc = blank_danish()("Tak til Ngozi og tsegai for kaffen i Rå- og -huset")
    chosen = {t.text for t in doc if is_candidate(t)}
    assert {"Tak", "Ngozi", "tsegai"} <= chosen
    # stop words, Danish words in lower case, and words cut at a line break are not scored
    assert not chosen & {"til", "og", "for", "kaffen", "i", "Rå-", "-huset"}


def test_scores_names_above_places_in_new_sentences(scorer):
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp("Bagefter takkede vi Hodan for hjælpen, og så kørte vi til Kolding.")
    scores = scorer.predict_proba(doc)
    name, place = doc[3].i, doc[-2].i
    assert doc[name].text == "Hodan" and doc[place].text == "Kolding"
    assert scores[name] > 0.5 > scores[place]


def test_doc_context_matches_the_name_rules_view_of_each_token():
    """The scorer computes sentence openings, quotation openings and lower-case writing in
    one pass; they must be what the rules' own functions say, token by token."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp('3 Ibid. Bogen "Storm over Aleppo" kom i år. tak til bo og per!\n'
              '- Kære Amina, "Vi ses" sagde hun. ok ses i morgen: ravn kommer')
    context = DocContext.of(doc)
    for token in doc:
        assert (context.opens[token.i], context.quote[token.i], context.lowtext[token.i]) == (
            opens_sentence(token), opens_quotation(token), writes_lower_case(token)), token.text
    assert any(context.quote) and any(context.lowtext) and not all(context.opens)


def test_scoring_hashes_like_the_fitting_hasher_without_importing_scikit_learn():
    """Fitting uses scikit-learn's FeatureHasher; scoring computes the same columns with
    spaCy's murmurhash, so the NLP stage of a batch worker does not import scikit-learn
    (~25 MB of peak memory while the spaCy pipeline is loaded)."""
    from sklearn.feature_extraction import FeatureHasher

    features = ["bias", "w=københavn", "-1:w=æøå", "open|shape|known=True|Xx|first", "2:edge"]
    for n in (2**20, 1000):
        hasher = FeatureHasher(n_features=n, input_type="string", alternate_sign=False)
        assert [feature_index(f, n) for f in features] == [
            hasher.transform([[f]]).indices[0] for f in features]
    code = ("import sys; from pipeline.nlp import anonymize_texts; "
            "anonymize_texts(['Tak til Hodan og Ravn.']); "
            "print(any(m.split('.')[0] == 'sklearn' for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_save_and_load_give_the_same_scores(scorer, gold_docs, tmp_path):
    scorer.save(tmp_path / "scorer.npz")
    loaded = NameTokenScorer.load(tmp_path / "scorer.npz")
    doc = training_docs(gold_docs[:1])[0]
    assert loaded.predict_proba(doc) == pytest.approx(scorer.predict_proba(doc))
    assert (loaded.threshold, loaded.n_names_) == (scorer.threshold, scorer.n_names_)


def test_training_docs_add_name_swapped_copies(gold_docs):
    with_copies = training_docs(gold_docs, names=GAZETTEER_DIR / "person_names.csv", copies=1)
    persons = sum(any(e.label_ == "PER" for e in d.ents) for d in gold_docs)
    assert len(with_copies) == len(gold_docs) + persons
    assert all(d.has_annotation("SENT_START") for d in with_copies)


def test_scored_spans_skip_entities_and_join_neighbours(scorer):
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp("Vi takkede Dawit Mariam og Leyla for hjælpen.")
    spans = scored_name_spans(doc, scorer, 0.0)
    assert [s.text for s in spans if s.text.startswith("Dawit")] == ["Dawit Mariam"]
    doc.ents = [Span(doc, 5, 6, "PER")]  # "Leyla" found by the model already
    assert "Leyla" not in [s.text for s in scored_name_spans(doc, scorer, 0.0)]


def test_scored_names_may_replace_places_and_organisations_no_list_knows(scorer):
    """A model LOC/ORG that is no known place, organisation or entity head is the model's
    guess at an unseen name: it is hidden when all its words score as names."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp("Vi takkede Kwame og Vejle Kommune og Røde Kors.")
    doc.ents = [Span(doc, 2, 3, "LOC"), Span(doc, 4, 6, "ORG"), Span(doc, 7, 9, "ORG")]
    assert [unknown_entity(e) for e in doc.ents] == [True, False, False]
    texts = [s.text for s in scored_name_spans(doc, scorer, 0.0)]
    assert "Kwame" in texts
    assert not {"Vejle", "Kommune", "Røde", "Kors"} & {w for t in texts for w in t.split()}
    assert "Kwame" not in [s.text for s in scored_name_spans(doc, scorer, 1.01)]


def test_scorer_tier_skips_letter_words_stop_words_and_known_organisations(scorer):
    """A message whose line breaks were lost puts capitalised greeting words and stop words
    mid-sentence (*Hej Bo Jeg har …*, *… januar Vh Leyla*): they are never names, nor is
    a known organisation in a heading; a stop word that is a first name (*Hans*) may be."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp("Hej Kwame Jeg har talt med Hans om ALDI Tak for sidst Vh Leyla")
    texts = {w for s in scored_name_spans(doc, scorer, 0.0) for w in s.text.split()}
    assert {"Kwame", "Hans", "Leyla"} <= texts
    assert not {"Hej", "Jeg", "ALDI", "Tak", "Vh"} & texts
    # words of not_names.txt: an abbreviation opening a sentence, an interjection, a feast
    doc = nlp("Rådet er sjældent hørt. Fx fortæller Dawit, at Øhm og Eid ikke er navne")
    texts = {w for s in scored_name_spans(doc, scorer, 0.0) for w in s.text.split()}
    assert "Dawit" in texts and not {"Fx", "Øhm", "Eid"} & texts
    # the definite or plural form of a Danish noun is a thing, a known name ending so a name
    doc = nlp("Kære Dawit Bestyrelsen og Kommunerne takker Hansen for rådet")
    texts = {w for s in scored_name_spans(doc, scorer, 0.0) for w in s.text.split()}
    assert {"Dawit", "Hansen"} <= texts and not {"Bestyrelsen", "Kommunerne"} & texts
    # a compound with a lower-case Danish head is a thing, a double surname a name
    doc = nlp("Vi holdt Eid-fejring med Lund-Hansen og Dawit")
    texts = {s.text for s in scored_name_spans(doc, scorer, 0.0)}
    assert "Eid-fejring" not in texts and {"Lund-Hansen", "Dawit"} <= texts


def test_anonymiser_hides_scored_names_last(gold_docs):
    """The component's spans are the last tier of the redactions: an entity keeps its own
    replacement, an uncovered scored word becomes [navn]."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    component = add_name_scorer(nlp, gold_docs, threshold=0.0)
    assert nlp.pipe_names[-1] == NAME_SCORER and component.scorer is not None
    doc = nlp("Mødet i Vejle Kommune blev ledet af Kwame.")
    assert "Kwame" in [s.text for s in doc.spans[SCORED_NAMES_KEY]]
    doc.ents = [Span(doc, 2, 4, "MUNICIPALITY")]
    labels = {doc.text[s:e]: label for s, e, label in redaction_spans(doc)}
    assert labels["Kwame"] == "PER" and labels["Vejle Kommune"] == "MUNICIPALITY"


def test_lower_case_scorer_judges_known_names_of_wholly_lower_case_messages_only():
    """A message written wholly in lower case (*tak til dawit*) writes names that way too;
    in a text that also writes capitals a lower-case word is a word. Names of two letters
    (*bo*, *le*) are words too often, and words no name list holds are never judged."""
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    doc = nlp("hej dawit. ses vi i morgen med mariam og bo?")
    assert [doc[i].text for i in lower_case_names(doc)] == ["dawit", "mariam"]
    assert lower_case_names(nlp("Hej dawit. Ses vi i morgen med mariam?")) == []
    assert lower_case_names(nlp("hej dawit. Ses vi i morgen?")) == []


def test_lower_case_copies_keep_entities_and_skip_texts_without_persons(gold_docs):
    copies = lower_case_copies(gold_docs)
    persons = [d for d in gold_docs if any(e.label_ == "PER" for e in d.ents)]
    assert len(copies) == len(persons) > 0
    for copy, doc in zip(copies, persons, strict=True):
        assert copy.text == doc.text.lower() and copy.has_annotation("SENT_START")
        assert [(e.start, e.end, e.label_) for e in copy.ents] == [
            (e.start, e.end, e.label_) for e in doc.ents]


def test_component_hides_lower_case_names_in_lower_case_messages(gold_docs, tmp_path):
    nlp = blank_danish()
    nlp.add_pipe("sentencizer")
    component = add_name_scorer(nlp, gold_docs, threshold=1.01, lower_threshold=0.0)
    assert component.lower_scorer is not None and component.lower_scorer.n_names_ > 0

    def scored(text: str) -> list[str]:
        doc = nlp(text)
        return [s.text for s in doc.spans[SCORED_NAMES_KEY]]

    assert scored("tak til dawit for kagen") == ["dawit"]
    assert scored("Tak til dawit for kagen") == []
    component.to_disk(tmp_path)
    component.lower_threshold = None  # lower-case words not judged
    assert scored("tak til dawit for kagen") == []
    component.lower_scorer = None
    component.from_disk(tmp_path)
    assert component.lower_scorer is not None
    component.lower_threshold = 0.0
    assert scored("tak til dawit for kagen") == ["dawit"]
