"""The compact Danish lemma table gives exactly the lookups of spaCy's table."""

from __future__ import annotations

import random

import pytest
from spacy.lookups import load_lookups

from pipeline.nlp.lemmas import LEMMA_FILE, compact_from_table, load_compact, save_compact


@pytest.fixture(scope="module")
def table():
    return load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")


def test_round_trip_of_a_small_table(tmp_path):
    from spacy.lookups import Table

    small = Table.from_dict({"huse": "hus", "husene": "hus", "gik": "gå", "Ærø": "Ærø"})
    back = load_compact(save_compact(compact_from_table(small), tmp_path / "t.npz"))
    assert [back.get(w) for w in ("husene", "gik", "Ærø")] == ["hus", "gå", "Ærø"]
    assert back.get("bil") is None and back.get("bil", "x") == "x"
    assert len(back) == 4


def test_shipped_file_matches_the_package_table(table):
    shipped = load_compact(LEMMA_FILE)
    assert len(shipped) == len(table)
    words = ["flygtningene", "kommunerne", "beskæftigelsen", "gik", "foreningerne", "xyzzy"]
    for word in words:
        assert shipped.get(word) == table.get(word)
    rng = random.Random(0)
    keys = rng.sample(list(table.keys()), 2000)
    assert all(shipped.lemmas[int(shipped.values[shipped.keys.searchsorted(k)])] == table[k]
               for k in keys)


def test_shipped_english_words_match_the_package_vocabulary():
    from pipeline.nlp.lemmas import ENGLISH_WORDS_FILE, CompactWordSet, load_word_set
    from pipeline.nlp.lexicon import english_vocabulary

    vocabulary = english_vocabulary()
    shipped = load_word_set(ENGLISH_WORDS_FILE)
    assert len(shipped) == len(vocabulary)
    assert all(w in shipped for w in random.Random(0).sample(sorted(vocabulary), 3000))
    assert "however" in shipped and "right" in shipped
    assert "fatima" not in shipped and "zlatkomir" not in shipped and 3 not in shipped
    small = CompactWordSet.from_words(["may", "will", "may"])
    assert len(small) == 2 and "will" in small and "hans" not in small
