"""Codebook loading and validation: the shipped one, and malformed ones with clear errors."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from pipeline.codebook import CodebookError, load_codebook
from pipeline.paths import DEFAULT_CODEBOOK, REFERENCE_2023
from pipeline.tables import read_table

THEME_IDS = [
    "employment",
    "citizenship",
    "ukraine",
    "associations",
    "visibility",
    "retention",
    "coordination",
]


def test_shipped_codebook_has_the_2023_themes_and_published_labels():
    cb = load_codebook()
    assert cb.theme_ids == THEME_IDS
    ref = read_table(REFERENCE_2023).set_index("theme")
    for t in cb.themes:
        assert t.label == ref.loc[t.id, "label"]
        assert t.group == ref.loc[t.id, "group"]
        assert t.keywords and t.examples and t.definition
    assert len(cb.sha256) == 64


def test_keyword_patterns_match_compounds_and_inflections():
    cb = load_codebook()
    hits = {
        "employment": "beskæftigelsesindsatsen og sprogpraktikker",
        "ukraine": "de ukrainske familier",
        "associations": "idrætsforeningerne",
        "visibility": "rådets facebookside",
    }
    for tid, text in hits.items():
        assert any(rx.search(text) for rx in cb.theme(tid).compiled_keywords()), tid


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_another_codebook_is_loaded_from_a_path(tmp_path):
    data = _raw()
    data["name"] = "mini"
    data["themes"] = data["themes"][:2]
    cb = load_codebook(_write(tmp_path, data))
    assert cb.name == "mini" and cb.theme_ids == ["employment", "citizenship"]
    assert cb.label("citizenship") == "Medborgerskab, kulturmøde og mangfoldighed"


def _broken(mutate):
    data = copy.deepcopy(_raw())
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("version"), "missing top-level key(s) ['version']"),
        (lambda d: d["themes"][1].pop("label"), "theme 'citizenship': missing field(s) ['label']"),
        (lambda d: d["themes"][2].update(id="employment"), "duplicate theme id 'employment'"),
        (
            lambda d: d["themes"][4].update(group="andet"),
            "theme 'visibility': field 'group' is 'andet'",
        ),
        (
            lambda d: d["themes"][5]["keywords"].append("rekrut(ter"),
            "theme 'retention': field 'keywords': pattern 'rekrut(ter' does not compile",
        ),
        (lambda d: d["themes"][0].update(id="Beskæftigelse"), "field 'id' must be lower-case"),
        (lambda d: d["themes"][3].update(keywords="klub"), "field 'keywords' must be a list"),
        (lambda d: d.update(themes=[]), "'themes' must be a non-empty list"),
    ],
)
def test_malformed_codebooks_name_file_theme_and_field(tmp_path, mutate, expected):
    path = _write(tmp_path, _broken(mutate))
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(CodebookError, match="not found"):
        load_codebook(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="bad.yaml: not a readable UTF-8 YAML"):
        load_codebook(bad)
