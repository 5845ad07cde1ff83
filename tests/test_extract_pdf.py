"""PDF round trip: seed texts rendered with reportlab come back clean.

The PDFs get the hard parts of real council PDFs: a running header, a
``Side N af M`` footer, words broken at line ends with a hyphen, and pages set
in two columns. The seed texts are rendered at test time (never stored).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from pipeline.clean import clean_document, collapse_ws
from pipeline.readers import read_document
from pipeline.readers.synth import Block, blocks_from_text, render_pdf

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
HEADER = "Testudgave · løbende sidehoved"


def seed_text(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"), None) if SEEDS.exists() else None
    if path is None:
        pytest.skip(f"seed {name} not available in {SEEDS}")
    text = path.read_text(encoding="utf-8")
    # the seeds carry their own line-end hyphens: the reference has the words whole
    text = re.sub(r"(\w)-\n\s*([a-zæøå])", r"\1\2", text)
    return text.encode("cp1252", "replace").decode("cp1252")  # what Helvetica can show


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Edit distance / reference length, aligned word-wise first (an upper bound)."""
    ref, hyp = reference.split(" "), hypothesis.split(" ")
    errors = 0
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            errors += levenshtein(" ".join(ref[i1:i2]), " ".join(hyp[j1:j2])) + 1
    return errors / max(1, len(reference))


def test_cer_helper_counts_errors():
    assert char_error_rate("et to tre", "et to tre") == 0
    assert 0 < char_error_rate("et to tre fire", "et tu tre fire") < 0.3


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_pdf_round_trip(tmp_path, seed):
    blocks = blocks_from_text(seed_text(seed))
    rendered = render_pdf(tmp_path / f"{seed}.pdf", blocks, header=HEADER,
                          two_column_pages={2, 3})
    assert rendered.pages >= 2 and rendered.hyphenated
    clean = clean_document(read_document(rendered.path))
    reference = collapse_ws(" ".join(b.text for b in blocks))
    output = collapse_ws(clean.text)
    assert char_error_rate(reference, output) <= 0.01
    # no running header, footer or page number left
    assert "løbende sidehoved" not in clean.text
    assert not re.search(r"Side \d+ af \d+", clean.text)
    # every word the renderer broke at a line end is whole again
    words = set(re.findall(r"[\wæøåÆØÅ]+", output))
    missing = [w for w in rendered.hyphenated if re.sub(r"\W+$", "", w) not in words]
    assert not missing
    assert len(clean.page_starts) == rendered.pages


def test_two_column_page_reads_left_column_first(tmp_path):
    left = [f"Venstre spalte sætning nummer {i} handler om rådets møder." for i in range(12)]
    right = [f"Højre spalte sætning nummer {i} handler om kommunens svar." for i in range(12)]
    blocks = [Block(" ".join(left)), Block(" ".join(right))]
    rendered = render_pdf(tmp_path / "cols.pdf", blocks, two_column_pages={1}, hyphenate=False)
    text = collapse_ws(clean_document(read_document(rendered.path)).text)
    left_end = text.index("Venstre spalte sætning nummer 11")
    right_start = text.index("Højre spalte sætning nummer 0")
    assert left_end < right_start < text.index("Højre spalte sætning nummer 11")


def test_real_hyphens_survive_line_ends(tmp_path):
    lines = [
        "Sagen er drøftet i Beskæftigelses-",
        "og Integrationsudvalget og i Børne- og Ungeudvalget, og den er sendt til Ikast-",
        "Brande Kommune, der har lavet en 2030-",
        "fremskrivning af behovet, og rådet har fået en e-",
        "mail om udformnin-",
        "gen af den nye plan.",
    ]
    rendered = render_pdf(tmp_path / "hyph.pdf", [Block(t, "line") for t in lines],
                          hyphenate=False)
    text = collapse_ws(clean_document(read_document(rendered.path)).text)
    assert "Beskæftigelses- og Integrationsudvalget" in text
    assert "Ikast-Brande Kommune" in text
    assert "2030-fremskrivning" in text
    assert "e-mail" in text
    assert "udformningen af den nye plan" in text
