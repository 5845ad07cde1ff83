"""Training never sees evaluation data; the card's hash covers only the train files."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from coding_helpers import IGNORE_TINY_FOLD_WARNINGS, TINY, TINY_PARAMS, write_tiny_train

from pipeline.classify.train import (
    RECONSTRUCTION_GOLD,
    TEST_SPLIT,
    TrainingDataError,
    files_sha256,
    is_evaluation_file,
    load_training_data,
    train_theme_model,
    training_files,
)
from pipeline.codebook import load_codebook

pytestmark = IGNORE_TINY_FOLD_WARNINGS


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def test_evaluation_files_are_recognised_by_name():
    for path in (TEST_SPLIT, RECONSTRUCTION_GOLD, "x/reconstruction_2023.csv", "a/TEST.csv"):
        assert is_evaluation_file(path)
    assert not is_evaluation_file("corpus/survey/train/batch_01.csv")


def test_loader_refuses_the_test_split_and_the_reconstruction(tmp_path, codebook):
    train = write_tiny_train(tmp_path / "train" / "batch_01.csv")
    for name in ("test.csv", "reconstruction_2023_gold.csv"):
        evil = shutil.copy(train, tmp_path / name)
        with pytest.raises(TrainingDataError, match="refusing to train on evaluation data"):
            load_training_data([train, evil], codebook)


def test_default_training_files_exclude_evaluation_files():
    files = training_files()
    assert files and not any(is_evaluation_file(f) for f in files)
    assert {f.parent.name for f in files} <= {"train", "reviewed"}


def test_folder_listing_skips_evaluation_files(tmp_path):
    write_tiny_train(tmp_path / "batch_01.csv")
    shutil.copy(tmp_path / "batch_01.csv", tmp_path / "test.csv")
    assert [f.name for f in training_files([tmp_path])] == ["batch_01.csv"]


def test_rows_duplicating_evaluation_answers_are_dropped(tmp_path, codebook):
    train = write_tiny_train(tmp_path / "batch_01.csv")
    leaked = TINY[0][1]  # long enough to count as a leak
    data = load_training_data([train], codebook, exclude_texts=[f"  {leaked.upper()} "])
    assert data.dropped_leaks == 1 and leaked not in data.texts
    assert len(data.texts) == len(TINY) - 1


def test_anonymised_copies_of_evaluation_answers_are_dropped(tmp_path, codebook):
    path = tmp_path / "review_01.csv"
    pd.DataFrame(
        {
            "answer_id": ["rv-1", "rv-2"],
            "answer": [
                "[navn] fra [kommunen] laver jobmesse hvert forår",
                "Noget helt andet om job",
            ],
            "themes": ["employment", "employment"],
        }
    ).to_csv(path, index=False)
    gold = ["Mette Hansen fra Vejle Kommune laver jobmesse hvert forår"]
    data = load_training_data([path], codebook, exclude_texts=gold)
    assert data.dropped_leaks == 1 and data.texts == ["Noget helt andet om job"]


def test_reviewed_corrections_override_training_rows(tmp_path, codebook):
    train = write_tiny_train(tmp_path / "train" / "batch_01.csv")
    reviewed = tmp_path / "reviewed" / "review_01.csv"
    reviewed.parent.mkdir()
    pd.DataFrame(
        {
            "answer_id": ["tt-001"],
            "question": ["temaer"],
            "answer": [TINY[0][1]],
            "themes": ["employment;citizenship"],
            "reviewer": ["ab"],
            "reviewed_at": ["2026-01-01"],
        }
    ).to_csv(reviewed, index=False)
    data = load_training_data(training_files([train.parent, reviewed.parent]), codebook)
    row = data.frame.index[data.frame["answer_id"] == "tt-001"]
    assert len(row) == 1 and data.frame.loc[row[0], "themes"] == "employment;citizenship"
    assert len(data.texts) == len(TINY)


def test_unknown_theme_in_training_file_names_file_and_row(tmp_path, codebook):
    bad = tmp_path / "batch_09.csv"
    bad.write_text("answer_id,question,answer,themes\nx,temaer,Job,jobs\n", encoding="utf-8")
    with pytest.raises(ValueError, match="batch_09.csv: row 1: unknown theme 'jobs'"):
        load_training_data([bad], codebook)


def test_card_hash_covers_only_train_files_and_evaluation_is_held_out(tmp_path, codebook):
    train = write_tiny_train(tmp_path / "batch_01.csv")
    gold = tmp_path / "test.csv"
    pd.DataFrame(
        {
            "answer": ["Vi skal have flere i job og sprogpraktik", "Mangfoldighedsfest i parken"],
            "themes": ["employment", "citizenship"],
        }
    ).to_csv(gold, index=False)
    model, card = train_theme_model(
        [train], codebook, params=TINY_PARAMS, evaluation={"test": gold}, cv_folds=0
    )
    assert card["training_data"]["sha256"] == files_sha256([train])
    assert card["training_data"]["n_answers"] == len(TINY)
    assert card["evaluation"]["test"]["n"] == 2
    assert model.n_train_ == len(TINY)
    before = card["training_data"]["sha256"]
    gold.write_text("answer,themes\nnoget helt andet,\n", encoding="utf-8")
    _, card2 = train_theme_model(
        [train], codebook, params=TINY_PARAMS, evaluation={"test": gold}, cv_folds=0
    )
    assert card2["training_data"]["sha256"] == before  # test data is not part of the hash


def test_fit_never_receives_an_evaluation_answer(tmp_path, codebook, monkeypatch):
    from pipeline.classify import train as train_mod

    gold_text = "Vi holder en stor mangfoldighedsfest for hele byen hvert år"
    train = write_tiny_train(tmp_path / "batch_01.csv")
    with train.open("a", encoding="utf-8") as fh:
        fh.write(f'tt-999,aktiviteter,"{gold_text}",citizenship\n')
    gold = tmp_path / "reconstruction_2023_gold.csv"
    pd.DataFrame({"respondent": ["r1"], "answer": [gold_text], "themes": ["citizenship"]}).to_csv(
        gold, index=False
    )
    seen: list[str] = []
    real_fit = train_mod.ThemeClassifier.fit

    def spy(self, texts, Y, groups=None):
        seen.extend(texts)
        return real_fit(self, texts, Y, groups)

    monkeypatch.setattr(train_mod.ThemeClassifier, "fit", spy)
    _, card = train_theme_model(
        [train],
        codebook,
        params=TINY_PARAMS,
        evaluation={"reconstruction": gold},
        cv_folds=2,
    )
    assert seen and gold_text not in seen
    assert card["training_data"]["dropped_evaluation_duplicates"] == 1
    assert card["evaluation"]["reconstruction"]["respondents"][1]["gold"] == 1


def test_writer_groups_follow_the_patterns_file(tmp_path):
    from pipeline.classify.train import WRITERS_FILE, writer_groups

    writers = tmp_path / "writers.yaml"
    writers.write_text('a: ["batch_0?.csv"]\nb: ["batch_1?.csv", "extra.csv"]\n', encoding="utf-8")
    files = ["batch_01.csv", "batch_12.csv", "extra.csv", "corrections.csv"]
    assert list(writer_groups(files, writers)) == ["a", "b", "b", "other"]
    # the shipped file gives every shipped training batch a writer
    shipped = [p.name for p in training_files() if p.parent.name == "train"]
    assert "other" not in set(writer_groups(shipped, WRITERS_FILE))
    assert set(writer_groups(files, tmp_path / "missing.yaml")) == {"other"}
    writers.write_text("a: batch_01.csv\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="writers.yaml"):
        writer_groups(files, writers)


def test_cross_validation_by_writer_holds_out_whole_writers(codebook, monkeypatch):
    import numpy as np

    from pipeline.classify import train as train_module
    from pipeline.classify.labels import themes_to_matrix

    texts = [a for _, a, _ in TINY]
    Y = themes_to_matrix([t for _, _, t in TINY], codebook.theme_ids)
    groups = np.array(["a", "b"] * (len(texts) // 2))
    seen = []
    real_fit = train_module.ThemeClassifier.fit

    def spy(self, fit_texts, fit_Y, groups=None):
        seen.append(set(fit_texts))
        assert groups is not None and len(set(groups)) == 1  # the other writer only
        return real_fit(self, fit_texts, fit_Y, groups)

    monkeypatch.setattr(train_module.ThemeClassifier, "fit", spy)
    result = train_module.cross_validate(TINY_PARAMS, codebook, texts, Y, groups=groups)
    assert result["folds"] == 2
    by_group = {g: {t for t, h in zip(texts, groups, strict=True) if h == g} for g in "ab"}
    assert set(map(frozenset, seen)) == set(map(frozenset, by_group.values()))


