"""The ThemeClassifier estimator, its features and code_frame, on a tiny model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from coding_helpers import IGNORE_TINY_FOLD_WARNINGS, TINY, tiny_model, tiny_y
from sklearn.base import clone

import pipeline.nlp
from pipeline.classify.apply import CodingError, code_frame
from pipeline.classify.features import (
    CharNgrams,
    CharTfidf,
    KeywordCounter,
    StemmedWords,
    normalize_text,
)
from pipeline.classify.model import choose_threshold
from pipeline.classify.store import ModelError, load_theme_model, save_theme_model

pytestmark = IGNORE_TINY_FOLD_WARNINGS


@pytest.fixture(scope="module")
def model():
    return tiny_model()


def test_fit_learns_thresholds_and_predicts_its_training_themes(model):
    assert set(model.thresholds_) == set(model.theme_ids)
    assert all(0.05 <= t <= 0.95 for t in model.thresholds_.values())
    pred = model.predict(["Flere flygtninge skal i job", "Facebook og lokalavisen"])
    assert pred[0, model.theme_ids.index("employment")] == 1
    assert pred[1, model.theme_ids.index("visibility")] == 1


def test_empty_and_whitespace_answers_get_no_themes(model):
    texts = ["", "   ", "\n\t", None, float("nan")]
    assert not model.predict_proba(texts).any()
    assert not model.predict(texts).any()


def test_fit_is_deterministic_and_clone_keeps_params(model):
    again = clone(model).fit([a for _, a, _ in TINY], tiny_y(model.theme_ids))
    texts = ["Jobcentret og sprogpraktik", "Tværfaglig arbejdsgruppe"]
    np.testing.assert_allclose(again.predict_proba(texts), model.predict_proba(texts))
    assert again.thresholds_ == model.thresholds_


def test_fit_rejects_labels_of_the_wrong_shape(model):
    with pytest.raises(ValueError, match=r"Y must have shape \(2, 7\)"):
        clone(model).fit(["a", "b"], np.zeros((2, 3)))


def test_choose_threshold_maximises_f1_and_prefers_the_middle():
    y = np.array([1, 1, 0, 0])
    p = np.array([0.9, 0.6, 0.4, 0.1])
    # Every threshold in (0.4, 0.6] separates perfectly; the one nearest 0.5 wins.
    assert choose_threshold(y, p) == 0.5
    assert choose_threshold(np.zeros(4), p) == 0.5


def test_normalisation_and_stemming():
    assert normalize_text("  Beskæftigelse\u0301 \n OG  Job ") == "beskæftigelsé og job"
    assert normalize_text("beskaeftigelse paa", fold_ascii=True) == "beskæftigelse på"
    words = StemmedWords((1, 2))
    assert words("Flygtninge flygtningene") == ["flygtning", "flygtning", "flygtning flygtning"]


def test_cached_char_ngrams_equal_sklearn_char_wb():
    from sklearn.feature_extraction.text import CountVectorizer

    text = "Vi  arbejder\tmed beskæftigelse, i job og IGU - ja!"
    ours = CharNgrams((2, 5))
    ref = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert ours(text) == ref(normalize_text(text))
    assert ours(text) == ours(text)  # second call served from the cache


def test_char_tfidf_transform_equals_sklearn_tfidf():
    texts = [a for _, a, _ in TINY] + ["Jobcenter, jobcenter og ukendte ord", "", "job"]
    ours = CharTfidf((2, 5), min_df=1).fit(texts[:-3])
    expected = ours.vectorizer_.transform(texts).toarray()
    np.testing.assert_allclose(ours.transform(texts).toarray(), expected, rtol=1e-5, atol=1e-6)


def test_keyword_counter_counts_words_and_phrases_per_theme():
    kc = KeywordCounter(
        {"employment": [r"job\w*", r"beskæftig\w*", r"i arbejde\b"], "ukraine": [r"ukrain\w*"]}
    )
    texts = ["Jobcentret, jobmesse og beskæftigelse; flere i arbejde", "Ingen", "UKRAINERE"]
    X = kc.fit(["x"]).transform(texts).toarray()
    assert X[0, 0] == pytest.approx(np.log1p(4)) and X[0, 1] == 0 and not X[1].any()
    assert X[2, 1] == pytest.approx(np.log1p(1))
    import pickle

    again = pickle.loads(pickle.dumps(kc))
    np.testing.assert_array_equal(again.transform(texts).toarray(), X)
    assert kc.get_feature_names_out().tolist() == ["kw__employment", "kw__ukraine"]


def test_save_and_load_round_trip(model, tmp_path):
    save_theme_model(model, tmp_path / "m", {"name": "tiny"}, "# tiny\n")
    loaded = load_theme_model(tmp_path / "m")
    assert loaded.card == {"name": "tiny"} and loaded.theme_ids == model.theme_ids
    np.testing.assert_allclose(loaded.predict_proba(["job"]), model.predict_proba(["job"]))
    with pytest.raises(ModelError, match="no theme model found"):
        load_theme_model(tmp_path / "nothing")


def test_code_frame_keeps_columns_and_adds_theme_columns(model):
    df = pd.DataFrame(
        {
            "respondent": ["r1", "r2", "r3"],
            "text": ["Sprogpraktik og job", "", "  "],
            "extra": [1, 2, 3],
        }
    )
    out = code_frame(df, model=model, anonymize=False)
    ids = model.theme_ids
    assert out.columns.tolist() == [
        "respondent",
        "text",
        "extra",
        *ids,
        *[f"p_{t}" for t in ids],
        "themes",
    ]
    assert out.loc[0, "employment"] == 1 and "employment" in out.loc[0, "themes"]
    assert out.loc[1:, "themes"].tolist() == ["", ""]
    assert not out.loc[1:, ids].to_numpy().any()
    again = code_frame(out, model=model, anonymize=False)  # re-coding replaces, not duplicates
    assert again.columns.tolist() == out.columns.tolist()
    with pytest.raises(CodingError, match="columns found"):
        code_frame(df, text_column="answer", model=model, anonymize=False)


def test_code_frame_classifies_the_anonymised_text(model, monkeypatch):
    class Anon:
        def __init__(self, text):
            self.text, self.replacements = text, []

    seen = []

    def fake_anonymize(texts, nlp=None):
        seen.extend(texts)
        return [Anon(t.replace("Mette Hansen", "[navn]")) for t in texts]

    monkeypatch.setattr(pipeline.nlp, "anonymize_texts", fake_anonymize, raising=False)
    df = pd.DataFrame({"answer": ["Mette Hansen laver jobmesse"]})
    out = code_frame(df, text_column="answer", model=model)
    assert seen == ["Mette Hansen laver jobmesse"]
    assert out["answer_anonymised"].tolist() == ["[navn] laver jobmesse"]
    assert out["answer"].tolist() == ["Mette Hansen laver jobmesse"]
    assert out.columns.tolist()[:2] == ["answer", "answer_anonymised"]


def test_phrase_prefilter_never_changes_counts():
    import re

    phrases = [r"møder? op\b", r"f(?:alder|aldet) fra", r"kyiv|kiev", r"ved ikke,? at vi findes"]
    kc = KeywordCounter({"t": phrases}).fit(["x"])
    texts = ["Få møder op, flere falder fra", "KIEV og Kyiv", "folk ved ikke at vi findes", "ro"]
    got = kc.transform(texts).toarray()[:, 0]
    naive = [sum(len(re.findall(p, t.lower())) for p in phrases) for t in texts]
    np.testing.assert_allclose(got, np.log1p(naive))
    assert naive == [2, 2, 1, 0]


def test_thresholds_can_be_chosen_on_folds_that_keep_writers_whole():
    from coding_helpers import TINY_PARAMS
    from sklearn.model_selection import GroupKFold, cross_val_predict

    from pipeline.classify.model import ThemeClassifier
    from pipeline.codebook import load_codebook

    codebook = load_codebook()
    texts, Y = [a for _, a, _ in TINY], tiny_y(codebook.theme_ids)
    groups = ["a", "b", "c"] * (len(texts) // 3) + ["a"] * (len(texts) % 3)
    params = {**TINY_PARAMS, "threshold_folds": "groups"}
    model = ThemeClassifier(codebook, **params).fit(texts, Y, groups)
    expected = cross_val_predict(
        model._make_pipeline(), texts, Y, groups=np.asarray(groups), cv=GroupKFold(3),
        method="predict_proba",
    )
    assert np.allclose(model.oof_proba_, expected)
    # random folds ignore the groups; a misspelt option is refused
    random = ThemeClassifier(codebook, **TINY_PARAMS)
    assert np.allclose(random.fit(texts, Y, groups).oof_proba_, random.fit(texts, Y).oof_proba_)
    with pytest.raises(ValueError, match="threshold_folds"):
        ThemeClassifier(codebook, threshold_folds="writer").fit(texts, Y, groups)
