"""The report renders in headless Chromium: chart and count table are really drawn.

Chromium comes from the Debian package (``make system-deps``); without it these
tests are skipped with that reason. The 2023 reconstruction is used when the
coding stage and its model are available; otherwise the hand-made coded table.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from report_helpers import coded_frame, expected_counts

from pipeline.codebook import load_codebook
from pipeline.paths import DEFAULT_THEME_MODEL, REFERENCE_2023, SURVEY_DIR
from pipeline.report import build_report
from pipeline.report.charts import COLOR_COUNT, COLOR_REFERENCE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian package 'chromium')"
)


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


RECONSTRUCTION = SURVEY_DIR / "reconstruction_2023.csv"


def _coded_table():
    """The 2023 reconstruction coded by the shipped model, else the hand-made table."""
    if RECONSTRUCTION.is_file() and (DEFAULT_THEME_MODEL / "model.joblib").is_file():
        from pipeline.classify.apply import code_frame
        from pipeline.survey import load_answers

        return code_frame(load_answers(RECONSTRUCTION), text_column="answer")
    return coded_frame(anonymised=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    coded = _coded_table()
    paths = build_report(
        coded, out / "rapport", reference=REFERENCE_2023, title="Lokale integrationsråd"
    )
    return coded, paths["html"], out


def _has_colour(pixels: np.ndarray, hex_colour: str, tol: int = 12) -> int:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels[..., :3].astype(int) - rgb).max(axis=-1) <= tol).sum())


def test_screenshot_shows_the_chart(report):
    _, html, out = report
    shot = out / "shot.png"
    proc = _chromium(
        [f"--screenshot={shot}", "--window-size=1200,3000", html.resolve().as_uri()],
        out / "profile-shot",
    )
    assert shot.exists(), proc.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.shape[:2] == (3000, 1200)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 100  # not blank
    # Bars of both series are drawn (thousands of pixels of each chart colour).
    assert _has_colour(pixels, COLOR_REFERENCE) > 2000
    assert _has_colour(pixels, COLOR_COUNT) > 2000


def test_dom_contains_the_count_rows(report):
    coded, html, out = report
    proc = _chromium(["--dump-dom", html.resolve().as_uri()], out / "profile-dom")
    dom = proc.stdout
    assert 'id="counts-table"' in dom, proc.stderr[-2000:]
    codebook = load_codebook()
    expected = expected_counts(coded, codebook.theme_ids)
    rows = re.findall(r'<tr data-theme="(\w+)">(.*?)</tr>', dom, re.S)
    assert [t for t, _ in rows] == codebook.theme_ids
    n = coded["respondent"].nunique()
    for theme, cells in rows:
        assert f"{expected[theme]} ud af {n} råd" in cells
    # The chart is embedded in the page itself, so it shows without network access.
    assert re.search(r'<img class="chart" id="chart-counts"[^>]*src="data:image/png;base64,', dom)
