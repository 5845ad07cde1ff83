"""Annotated data → DocBin: inline, CoNLL/IOB2, CoNLL-U, DocBin; deterministic split."""

from __future__ import annotations

import random

import pytest
from spacy.tokens import DocBin

from pipeline.nlp.augment import NameBank, swap_names
from pipeline.nlp.corpus import (
    CorpusError,
    Record,
    load_corpus,
    parse_inline,
    record_to_doc,
    split_of,
    write_docbins,
)
from pipeline.nlp.language import blank_danish
from pipeline.nlp.lexicon import is_danish_word
from pipeline.paths import CORPUS_DIR, GAZETTEER_DIR, NER_DIR


@pytest.fixture(scope="module")
def nlp():
    return blank_danish()


@pytest.fixture(scope="module")
def names() -> NameBank:
    """The name swap's bank (~19,000 names), read once for the tests that swap names."""
    return NameBank.from_csv(GAZETTEER_DIR / "person_names.csv")


def test_parse_inline_offsets():
    text, spans = parse_inline("Mødet i {Økonomiudvalget|COMMITTEE} ledet af {Ole Lund|PER}.")
    assert text == "Mødet i Økonomiudvalget ledet af Ole Lund."
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("Økonomiudvalget", "COMMITTEE"), ("Ole Lund", "PER")
    ]


def test_parse_inline_rejects_broken_marks():
    with pytest.raises(ValueError):
        parse_inline("Mødet i {Arbejdsmarkedsudvalget|COMMITTEE.")


def test_inline_file_comments_misalignment_and_split(tmp_path, nlp):
    (tmp_path / "a.txt").write_text(
        "# genre: test\n"
        "{Sara Nielsen|PER} bor i {Odense|MUNICIPALITY}.\n"
        "\n"
        "{KL|ORG}s formand talte.\n",  # "KLs" is one token: reported, not trained on
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path, nlp)
    assert sum(corpus.counts().values()) == 1
    assert len(corpus.problems) == 1 and "a.txt:4" in corpus.problems[0]
    (doc,) = [d for docs in corpus.docs.values() for d in docs]
    expected = [("Sara Nielsen", "PER"), ("Odense", "MUNICIPALITY")]
    assert [(e.text, e.label_) for e in doc.ents] == expected


def test_span_edge_inside_a_token_at_a_digit_or_punctuation_splits_it(tmp_path, nlp):
    # A footnote number glued to a name ("Hussein2") and a mention ("@hodan") are one token
    # for the training tokenizer: the annotation is kept and the token split at the span's
    # edge. An edge between two letters is still a problem.
    (tmp_path / "a.txt").write_text(
        "ifølge {Tarek Hussein|PER}2 er det godt\nTak @{hodan|PER}!\n{Amina|PER}s bog.\n",
        encoding="utf-8")
    corpus = load_corpus(tmp_path, nlp)
    docs = sorted((d for docs in corpus.docs.values() for d in docs), key=len)
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [[("hodan", "PER")],
                                                                    [("Tarek Hussein", "PER")]]
    assert [t.text for t in docs[0]] == ["Tak", "@", "hodan", "!"]
    assert [t.text for t in docs[1]][:4] == ["ifølge", "Tarek", "Hussein", "2"]
    assert len(corpus.problems) == 1 and "a.txt:3" in corpus.problems[0]


def test_malformed_inline_names_file_and_line(tmp_path, nlp):
    (tmp_path / "b.txt").write_text("ok\n{broken|PER\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"b\.txt:2"):
        load_corpus(tmp_path, nlp)


def test_split_is_deterministic_and_roughly_80_10_10():
    texts = [f"Sætning nummer {i} om integrationsrådet." for i in range(2000)]
    splits = [split_of(t) for t in texts]
    assert splits == [split_of(t) for t in texts]
    assert split_of("a  b") == split_of("a b")
    shares = {s: splits.count(s) / len(splits) for s in ("train", "dev", "test")}
    assert 0.75 < shares["train"] < 0.85 and 0.06 < shares["test"] < 0.14


def test_conll_iob2(tmp_path, nlp):
    (tmp_path / "d.conll").write_text(
        "-DOCSTART- O\n\nAmina B-PER\nFarah I-PER\nbor O\ni O\nAarhus B-LOC\n. O\n\n"
        "Røde B-ORG\nKors I-ORG\nhjælper O\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path, nlp)
    docs = [d for ds in corpus.docs.values() for d in ds]
    assert sorted((e.text, e.label_) for d in docs for e in d.ents) == [
        ("Aarhus", "LOC"), ("Amina Farah", "PER"), ("Røde Kors", "ORG")
    ]


def test_conllu_with_name_in_misc(tmp_path, nlp):
    (tmp_path / "dane.conllu").write_text(
        "# sent_id = 1\n"
        "1\tOksana\tOksana\tPROPN\t_\t_\t2\tnsubj\t_\tname=B-PER\n"
        "2\tflyttede\tflytte\tVERB\t_\t_\t0\troot\t_\tname=O\n"
        "3\ttil\ttil\tADP\t_\t_\t4\tcase\t_\tname=O\n"
        "4\tVejle\tVejle\tPROPN\t_\t_\t2\tobl\t_\tname=B-LOC|SpaceAfter=No\n"
        "5\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\tname=O\n",
        encoding="utf-8",
    )
    docs = [d for ds in load_corpus(tmp_path, nlp).docs.values() for d in ds]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("Oksana", "PER"), ("Vejle", "LOC")]


def test_docbin_roundtrip(tmp_path, nlp):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "c.txt").write_text(
        "\n".join(f"{{Ali Hassan|PER}} talte på møde {i} i {{Vejle|MUNICIPALITY}}."
                  for i in range(30)),
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path / "src", nlp)
    paths = write_docbins(corpus, tmp_path / "bin")
    total = sum(len(DocBin().from_disk(p)) for p in paths.values())
    assert total == 30
    again = load_corpus(paths["train"], nlp, "docbin")
    assert again.counts()["train"] + again.counts()["dev"] + again.counts()["test"] == len(
        corpus.docs["train"]
    )


def test_unknown_extension_and_missing_path(tmp_path, nlp):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match="x.pdf"):
        load_corpus(tmp_path / "x.pdf", nlp)
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "missing", nlp)


def test_shipped_corpus_converts(nlp):
    if not any(NER_DIR.glob("*.txt")):
        pytest.skip("corpus/ner has no annotated files yet")
    corpus = load_corpus(NER_DIR, nlp)
    counts = corpus.counts()
    assert counts["train"] > counts["dev"] > 0 and counts["test"] > 0
    assert len(corpus.problems) < 0.02 * sum(counts.values())


def test_name_swap_augmenter_keeps_other_entities(nlp, names):
    line = "{Ole Lund|PER} fra {Røde Kors|ORG} mødte {Hodan|PER} i {Vejle|MUNICIPALITY}."
    text, spans = parse_inline(line)
    doc = record_to_doc(Record(text, spans, "t"), nlp)
    swapped = swap_names(doc, nlp.vocab, names, random.Random(3))
    labels = [(e.label_, e.text) for e in swapped.ents]
    assert [label for label, _ in labels] == ["PER", "ORG", "PER", "MUNICIPALITY"]
    assert labels[1][1] == "Røde Kors" and labels[3][1] == "Vejle"
    assert len(labels[2][1].split()) == 1 and swapped.text.endswith("i Vejle.")
    assert swap_names(nlp("Ingen navne her."), nlp.vocab, names, random.Random(0)) is None


#: The fewest texts each held-out or development set must load (a set cut short by a bad
#: edit fails). Every `corpus/ner_heldout*` and `corpus/ner_dev_*` directory is checked;
#: one missing here fails, so a new set cannot escape the check.
MIN_TEXTS = {"ner_heldout": 600, "ner_heldout_news": 400, "ner_heldout_hard": 700,
             "ner_dev_hard": 800, "ner_dev_sixteenth": 2400, "ner_dev_seventeenth": 2400,
             "ner_dev_eighteenth": 2400, "ner_dev_nineteenth": 2400,
             "ner_dev_twentieth": 2400, "ner_dev_twentyfirst": 2000,
             "ner_dev_twentysecond": 2000, "ner_dev_twentythird": 2400,
             "ner_dev_twentyfourth": 2400, "ner_dev_twentyfifth": 2400,
             "ner_dev_twentysixth": 4800, "ner_dev_twentyseventh": 2400,
             "ner_dev_twentyeighth": 2400, "ner_dev_twentyninth": 4800,
             "ner_dev_thirtieth": 4800, "ner_dev_thirtyfirst": 4800,
             "ner_dev_thirtysecond": 4800, "ner_dev_thirtythird": 4800,
             "ner_dev_thirtyfourth": 4800, "ner_dev_thirtyfifth": 4800,
             "ner_dev_thirtysixth": 4800, "ner_dev_thirtyseventh": 4800,
             "ner_dev_thirtyeighth": 4800, "ner_dev_thirtyninth": 4800,
             "ner_dev_fortieth": 4800, "ner_dev_fortyfirst": 4800,
             "ner_dev_fortysecond": 4800, "ner_dev_fortythird": 4800,
             "ner_dev_fortyfourth": 4500, "ner_dev_fortyfifth": 4500,
             "ner_dev_fortysixth": 4500, "ner_dev_fortyseventh": 4500,
             "ner_dev_fortyeighth": 4500, "ner_dev_fortyninth": 4500,
             "ner_dev_fiftieth": 4500, "ner_dev_fiftyfirst": 4500,
             "ner_dev_fiftysecond": 4500, "ner_dev_fiftythird": 4500,
             "ner_dev_fiftyfourth": 4500, "ner_dev_fiftyfifth": 4500,
             "ner_dev_fiftysixth": 4500, "ner_dev_fiftyseventh": 4500,
             "ner_dev_fiftyeighth": 4500,
             "ner_dev_targeted": 1200}


def _kept_out_sets() -> list[str]:
    return sorted(p.name for pattern in ("ner_heldout*", "ner_dev_*")
                  for p in CORPUS_DIR.glob(pattern) if p.is_dir())


def _texts(corpus) -> set[str]:
    return {" ".join(d.text.split()) for docs in corpus.docs.values() for d in docs}


@pytest.fixture(scope="module")
def training_texts(nlp) -> set[str]:
    """The training corpus's texts, loaded once for every set compared with them."""
    return _texts(load_corpus(NER_DIR, nlp))


@pytest.mark.parametrize("name", _kept_out_sets())
def test_heldout_set_is_never_in_the_training_corpus(nlp, training_texts, name):
    """The independent writers' evaluation sets (`corpus/ner_heldout*/`) and the
    development sets still in use (`corpus/ner_dev_*/`) stay out of training: they are not
    under the directory `train-ner` reads, and none of their texts occur there (the sets that
    became training data are listed in `corpus/ner/DEV_SETS.md`)."""
    assert name in MIN_TEXTS, f"corpus/{name}/: a new set; add its size to MIN_TEXTS"
    heldout = CORPUS_DIR / name
    assert not heldout.resolve().is_relative_to(NER_DIR.resolve())
    held = load_corpus(heldout, nlp)
    assert not held.problems
    held_texts = _texts(held)
    assert len(held_texts) > MIN_TEXTS[name]
    # headings such as "Dagsorden" or "Sendt fra min iPhone" occur in both, sentences do not
    assert not {t for t in held_texts & training_texts if len(t.split()) >= 5}


def test_name_swap_can_keep_the_case_and_draw_names_that_are_words(nlp, names):
    words = names.word_names()
    assert "Storm" in words or "Skov" in words
    assert all(is_danish_word(w.lower()) for w in words)
    text, spans = parse_inline("spørg {umut|PER} om nøglen, sagde {AMAL HASSAN|PER}")
    doc = record_to_doc(Record(text, spans, "t"), nlp)
    for seed in range(5):
        swapped = swap_names(doc, nlp.vocab, names, random.Random(seed), match_case=True)
        lower, upper = [e.text for e in swapped.ents]
        assert lower.islower() and upper.isupper()
        drawn = swap_names(doc, nlp.vocab, names, random.Random(seed), word_names=words,
                           word_share=1.0)
        assert all(e.text in words for e in drawn.ents)
