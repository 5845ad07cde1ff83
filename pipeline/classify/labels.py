"""Theme labels as strings ("employment;visibility") and as 0/1 matrices.

Corpus files and coded tables store a row's themes as ids joined by ``;`` (what
a person can read and edit in Excel); models and metrics want a 0/1 matrix with
one column per theme in codebook order. These two functions are the only
conversion between the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

SEPARATOR = ";"


class LabelError(ValueError):
    """A themes cell names a theme the codebook does not have."""


def themes_to_matrix(
    cells: Iterable[object], theme_ids: Sequence[str], *, source: str = "labels"
) -> np.ndarray:
    """Parse ``;``-joined theme cells into an (n, k) int8 matrix (empty/NA = no theme)."""
    index = {t: j for j, t in enumerate(theme_ids)}
    cells = list(cells)
    Y = np.zeros((len(cells), len(theme_ids)), dtype=np.int8)
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            continue
        for tid in str(cell).replace(",", SEPARATOR).split(SEPARATOR):
            tid = tid.strip()
            if not tid:
                continue
            if tid not in index:
                raise LabelError(
                    f"{source}: row {i + 1}: unknown theme {tid!r}; expected {list(theme_ids)}"
                )
            Y[i, index[tid]] = 1
    return Y


def matrix_to_themes(Y: np.ndarray, theme_ids: Sequence[str]) -> list[str]:
    """Join each row's positive theme ids with ``;`` in codebook order ("" for none)."""
    return [SEPARATOR.join(theme_ids[j] for j in np.flatnonzero(row)) for row in np.asarray(Y)]
