"""Training end to end on a tiny corpus (1 epoch, tiny network), and --spacy-model."""

from __future__ import annotations

import random

import pytest
import spacy

from pipeline.nlp import anonymize_texts, extract_entities, load_nlp
from pipeline.nlp.components import PERSON_NAMES, PERSONAL_DATA, ROLE_NAMES, RULER
from pipeline.nlp.name_scorer import NAME_SCORER
from pipeline.nlp.person_gate import PERSON_GATE
from pipeline.nlp.train import MODEL_CARD, train_ner

FIRST = ["Amina", "Jens", "Olena", "Abdi", "Mette", "Reza", "Ayşe", "Piotr"]
LAST = ["Farah", "Nielsen", "Kovalenko", "Warsame", "Holm", "Karimi", "Demir", "Nowak"]
PLACES = ["Aarhus Kommune", "Vejle", "Odense Kommune", "Ikast-Brande Kommune"]

TINY = {
    "components.ner.model.tok2vec.embed.width": 16,
    "components.ner.model.tok2vec.encode.width": 16,
    "components.ner.model.tok2vec.encode.depth": 1,
    "components.ner.model.hidden_width": 16,
    "training.max_epochs": 1,
    "training.eval_frequency": 20,
}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    rng = random.Random(7)
    lines = []
    for i in range(60):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        place = rng.choice(PLACES)
        lines.append(f"{{{name}|PER}} fra {{{place}|MUNICIPALITY}} talte på møde nr. {i}.")
    path = tmp_path_factory.mktemp("corpus") / "tiny_01.txt"
    path.write_text("# genre: test\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path.parent


def test_train_tiny_model(tiny_corpus, tmp_path):
    heldout = tmp_path / "heldout"
    heldout.mkdir()
    (heldout / "h_01.txt").write_text(
        "# genre: test\n{Maja Holm|PER} fra {Aarhus Kommune|MUNICIPALITY} kom.\n", encoding="utf-8"
    )
    result = train_ner(tiny_corpus, tmp_path / "model", overrides=TINY, heldout=heldout,
                       gate_sets=(heldout, tmp_path / "missing"))  # a missing set is skipped
    assert (tmp_path / "model" / MODEL_CARD).exists()
    assert result.heldout["heldout"]["n_texts"] == 1
    assert (tmp_path / "model" / "scores_heldout.json").exists()
    assert "independent held-out set" in (tmp_path / "model" / MODEL_CARD).read_text()
    assert "- Person gate (R88, R89, R91): " in (tmp_path / "model" / MODEL_CARD).read_text()
    nlp = spacy.load(tmp_path / "model")
    assert nlp.pipe_names == [
        "sentencizer", "raadskoder_lemmatizer", "ner", RULER, ROLE_NAMES, PERSON_NAMES,
        NAME_SCORER, PERSONAL_DATA, PERSON_GATE,
    ]
    assert nlp.get_pipe(NAME_SCORER).scorer.n_names_ > 60  # fitted, saved and loaded
    assert set(nlp.get_pipe("ner").labels) == {"PER", "MUNICIPALITY"}
    assert "sagsnr." in [t.text for t in nlp("Se sagsnr. 23/4512.")]  # tokenizer saved
    assert sum(result.counts.values()) == 60
    assert set(result.scores) >= {"labels", "micro", "anonymisation"}
    ents = extract_entities(["Rådet i Aarhus Kommune mødes."], load_nlp(tmp_path / "model"))[0]
    assert {"start": 8, "end": 22, "label": "MUNICIPALITY", "text": "Aarhus Kommune"} in ents


def test_spacy_model_gets_our_rules(tmp_path):
    """A stand-in for da_core_news_lg/DaCy: a saved pipeline whose NER knows one name."""
    other = spacy.blank("da")
    ruler = other.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([
        {"label": "PER", "pattern": "Nadia Rahimi"},
        {"label": "LOC", "pattern": "Aarhus"},
    ])
    other.to_disk(tmp_path / "da_other")
    nlp = load_nlp(spacy_model=str(tmp_path / "da_other"))
    assert RULER in nlp.pipe_names and PERSONAL_DATA in nlp.pipe_names
    assert nlp.pipe_names.index(RULER) > nlp.pipe_names.index("ner")
    result = anonymize_texts(
        ["Nadia Rahimi fra Aarhus skrev fra nadia@example.dk til Røde Kors."], nlp
    )[0]
    assert result.text == "[navn] fra [kommunen] skrev fra [e-mail] til Røde Kors."


def test_unknown_spacy_model_is_a_clear_error():
    from pipeline.nlp.pipeline import ModelError

    with pytest.raises(ModelError, match="da_not_installed_xyz"):
        load_nlp(spacy_model="da_not_installed_xyz")
