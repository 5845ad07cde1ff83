"""Tiny hand-written training data for the coding tests (trains in well under a second)."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pytest

from pipeline.classify.labels import themes_to_matrix
from pipeline.classify.model import ThemeClassifier
from pipeline.codebook import load_codebook

#: (question, answer, themes): four or more answers per theme plus some with none.
TINY = [
    ("temaer", "Flere flygtninge skal i job, især kvinderne", "employment"),
    ("aktiviteter", "Jobmesse med jobcentret og sprogpraktik i plejen", "employment"),
    ("temaer", "At folk kan forsørge sig selv og få et arbejde", "employment"),
    ("udfordringer", "Mange ledige nydanskere uden beskæftigelse", "employment"),
    ("aktiviteter", "Mangfoldighedsfest og kulturmøde på torvet", "citizenship"),
    ("temaer", "Medborgerskab, demokrati og valgdeltagelse", "citizenship"),
    ("aktiviteter", "Eid-fest for hele byen og fællesspisning", "citizenship"),
    ("temaer", "Vi arbejder mod diskrimination og fordomme", "citizenship"),
    ("temaer", "Modtagelse af ukrainske flygtninge", "ukraine"),
    ("aktiviteter", "Velkomstmøde for ukrainerne efter særloven", "ukraine"),
    ("udfordringer", "Boliger til de fordrevne fra Ukraine", "ukraine"),
    ("temaer", "Familierne fra Kharkiv og Odesa skal falde til", "ukraine"),
    ("temaer", "Børn i idrætsforeninger og fritidsliv", "associations"),
    ("aktiviteter", "Fritidspas og kontingentstøtte til fodbold", "associations"),
    ("lokale_aktoerer", "Spejderne og svømmeklubben tager imod nye børn", "associations"),
    ("temaer", "Foreningslivet skal åbnes for minoriteter", "associations"),
    ("udfordringer", "Ingen ved at rådet findes, vi skal være mere synlige", "visibility"),
    ("aktiviteter", "Facebook-side, pjece og indlæg i lokalavisen", "visibility"),
    ("aktiviteter", "Stand på markedet og uddeling af integrationsprisen", "visibility"),
    ("temaer", "Kendskabet til rådet blandt borgerne skal øges", "visibility"),
    ("udfordringer", "Svært at rekruttere nye medlemmer til rådet", "retention"),
    ("udfordringer", "Medlemmerne mister motivationen og fremmødet er lavt", "retention"),
    ("gode_erfaringer", "Strategidag gav gejsten tilbage blandt medlemmerne", "retention"),
    ("udfordringer", "Flere medlemmer er faldet fra, pladser står tomme", "retention"),
    ("samarbejde_kommune", "Tværfagligt samarbejde mellem forvaltningerne", "coordination"),
    ("samarbejde_kommune", "Vi bryder siloerne ned mellem afdelinger i kommunen", "coordination"),
    ("temaer", "Koordinering på tværs af forvaltninger om integration", "coordination"),
    ("samarbejde_kommune", "Tværgående arbejdsgruppe mellem skole og jobcenter", "coordination"),
    ("samarbejde_kommune", "Godt samarbejde, vi mødes fire gange om året", ""),
    ("udfordringer", "Budgettet er for lille", ""),
    ("gode_erfaringer", "ved ikke", ""),
    ("lokale_aktoerer", "Vi holder møderne på rådhuset", ""),
    ("samarbejde_kommune", "Vi får dagsordener og referater tilsendt", ""),
    ("gode_erfaringer", "Ingen kommentarer", ""),
]


#: Tiny training folds lack some themes; sklearn warns about that, as expected here.
TINY_FOLD_WARNING = "Label not .* is present"
#: ``pytestmark`` of the test modules that train on :data:`TINY`.
IGNORE_TINY_FOLD_WARNINGS = pytest.mark.filterwarnings(f"ignore:{TINY_FOLD_WARNING}")
#: Model parameters for :data:`TINY` (34 answers: every word counts, 3 threshold folds).
TINY_PARAMS = {"min_df": 1, "cv": 3}


def tiny_y(theme_ids: list[str]) -> np.ndarray:
    """The 0/1 theme matrix of :data:`TINY` for ``theme_ids``."""
    return themes_to_matrix([t for _, _, t in TINY], theme_ids)


def write_tiny_train(path: Path) -> Path:
    """Write :data:`TINY` as a training CSV (``answer_id,question,answer,themes``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["answer_id", "question", "answer", "themes"])
        for i, (q, a, t) in enumerate(TINY, start=1):
            writer.writerow([f"tt-{i:03d}", q, a, t])
    return path


def tiny_model() -> ThemeClassifier:
    """A ThemeClassifier fitted on :data:`TINY` with the shipped codebook."""
    codebook = load_codebook()
    texts = [a for _, a, _ in TINY]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=TINY_FOLD_WARNING)
        return ThemeClassifier(codebook, **TINY_PARAMS).fit(texts, tiny_y(codebook.theme_ids))
