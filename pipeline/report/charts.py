"""The report's charts, drawn with matplotlib and kept as PNG bytes.

Each function returns PNG bytes so the same image is written next to the report
(for slides and e-mails) and embedded in ``report.html`` as a ``data:`` URI (so
the HTML needs no network and no side files). The Agg backend is used: reports
are made on servers without a display.
"""

from __future__ import annotations

import base64
import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

#: Bar colour of the coded counts and of the reference figures. Tests look for
#: these colours in a screenshot of the rendered report, so they are constants.
COLOR_COUNT = "#1b6f8a"
COLOR_REFERENCE = "#e0a21b"
#: Colour map of the co-occurrence heat map.
HEATMAP_CMAP = "Blues"
#: One colour per theme, in codebook order (also the code colours of the .qdpx export).
THEME_PALETTE = (
    "#1b6f8a", "#e0a21b", "#b8433a", "#4f9a59", "#7d5ba6",
    "#c46aa3", "#6b7f8e", "#a6761d", "#1f9e9a", "#d95f02",
)  # fmt: skip
_DPI = 110


def theme_colors(theme_ids: list[str]) -> dict[str, str]:
    """A stable colour per theme id, cycling through :data:`THEME_PALETTE`."""
    return {t: THEME_PALETTE[i % len(THEME_PALETTE)] for i, t in enumerate(theme_ids)}


def counts_chart(counts: pd.DataFrame, *, reference_label: str = "Offentliggjort") -> bytes:
    """Horizontal bars: respondents per theme, with the reference figure beside each bar."""
    labels = [_wrap(lbl, 34) for lbl in counts["label"]]
    y = np.arange(len(counts))[::-1]
    has_ref = "reference" in counts and counts["reference"].notna().any()
    height = 0.38 if has_ref else 0.6
    fig, ax = plt.subplots(figsize=(8.5, 0.62 * len(counts) + 1.2), dpi=_DPI)
    bars = ax.barh(
        y + (height / 2 if has_ref else 0),
        counts["count"],
        height=height,
        color=COLOR_COUNT,
        label="Kodet (denne kørsel)",
    )
    ax.bar_label(bars, padding=3, fontsize=9)
    if has_ref:
        ref = pd.to_numeric(counts["reference"], errors="coerce")
        rbars = ax.barh(
            y - height / 2, ref.fillna(0), height=height, color=COLOR_REFERENCE,
            label=reference_label,
        )  # fmt: skip
        ax.bar_label(rbars, labels=[_int_or_blank(v) for v in ref], padding=3, fontsize=9)
    ax.set_yticks(y, labels, fontsize=9)
    base = int(counts["base"].max()) if len(counts) else 0
    top = max([base, 1, *pd.to_numeric(counts.get("reference"), errors="coerce").dropna()])
    ax.set_xlim(0, top * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"Antal råd (ud af {base})")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    return _png(fig)


def cooccurrence_chart(matrix: pd.DataFrame, labels: dict[str, str]) -> bytes:
    """Heat map of how many respondents mention both themes (diagonal: the theme at all)."""
    names = [_wrap(labels.get(t, t), 22) for t in matrix.index]
    values = matrix.to_numpy()
    fig, ax = plt.subplots(figsize=(7.8, 6.4), dpi=_DPI)
    image = ax.imshow(values, cmap=HEATMAP_CMAP, vmin=0, vmax=max(int(values.max()), 1))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            dark = values[i, j] > values.max() * 0.6
            ax.text(j, i, str(int(values[i, j])), ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")  # fmt: skip
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    fig.colorbar(image, ax=ax, shrink=0.75, label="Antal råd med begge temaer")
    fig.tight_layout()
    return _png(fig)


def data_uri(png: bytes) -> str:
    """``data:image/png;base64,...`` for embedding in HTML."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    # No software/version stamp: the PNG bytes then depend on the figure alone.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _int_or_blank(value: float) -> str:
    return "" if pd.isna(value) else str(int(value))
