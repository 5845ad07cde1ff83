"""Survey statistics over time: the figures different reports state on the same topics.

The 2004, 2017 and 2023 reports on the local integration councils each state
figures ("28 af 40 råd", "knap 73 pct.") about the councils' formal right to be
consulted, their own budget and whether they are heard in practice. The report
extraction turns every stated figure into a row of a figures table (doc_id,
page, section, kind, n, m, value, qualifier, sentence); this module assigns the
rows to topics by cues kept as data in ``corpus/report/topics.yaml`` and lays
them side by side per report. It does not pretend the surveys are comparable
question by question: the sentence is kept so the reader can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline.paths import CORPUS_DIR

DEFAULT_TOPICS = CORPUS_DIR / "report" / "topics.yaml"
FIGURE_COLUMNS = ("doc_id", "page", "section", "kind", "n", "m", "value", "qualifier", "sentence")
COMPARISON_COLUMNS = (
    "topic", "label", "report", "doc_id", "page", "kind", "n", "m", "value",
    "qualifier", "figure", "sentence",
)  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


class TopicsError(ValueError):
    """The topics file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    cues: tuple[re.Pattern[str], ...]

    def matches(self, sentence: str) -> bool:
        return any(c.search(sentence) for c in self.cues)


def load_topics(path: str | Path | None = None) -> list[Topic]:
    """Read the topic cues (None = the shipped ``corpus/report/topics.yaml``)."""
    path = Path(path) if path is not None else DEFAULT_TOPICS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TopicsError(f"{path}: cannot read topics: {exc}") from exc
    topics = []
    for i, item in enumerate((data or {}).get("topics") or [], start=1):
        try:
            cues = tuple(re.compile(c, re.IGNORECASE) for c in item["cues"])
            topics.append(Topic(id=str(item["id"]), label=str(item["label"]), cues=cues))
        except (KeyError, TypeError, re.error) as exc:
            raise TopicsError(f"{path}: topic #{i} needs id, label and valid cues: {exc}") from exc
    if not topics:
        raise TopicsError(f"{path}: no topics defined")
    return topics


def report_label(row: pd.Series) -> str:
    """Name a report by its year when the figures table gives one (``year`` column, or a
    year in ``source``/``doc_id``), else by the start of its ``doc_id``."""
    if "year" in row and str(row["year"]).strip():
        return str(row["year"]).strip()
    for key in ("source", "title", "doc_id"):
        if key in row:
            match = _YEAR.search(Path(str(row[key])).name)
            if match:
                return match.group(1)
    return str(row.get("doc_id", ""))[:10]


def format_figure(row: pd.Series) -> str:
    """ "knap 28 ud af 40 (70 %)" or "knap 73 %" from a figures row."""
    qualifier = row.get("qualifier")
    qualifier = "" if qualifier is None or pd.isna(qualifier) else str(qualifier).strip()
    n, m, value = (pd.to_numeric(row.get(k), errors="coerce") for k in ("n", "m", "value"))
    if pd.notna(n) and pd.notna(m) and m:
        text = f"{_num(n)} ud af {_num(m)} ({_num(100 * n / m)} %)"
    elif pd.notna(value):
        text = f"{_num(value)} %"
    elif pd.notna(n):
        text = _num(n)
    else:
        text = "–"
    return f"{qualifier} {text}".strip()


def compare_figures(figures: pd.DataFrame, topics: list[Topic] | None = None) -> pd.DataFrame:
    """Figures assigned to topics, one row per (topic, figure), topics in file order and
    reports in label (year) order; columns :data:`COMPARISON_COLUMNS`."""
    missing = [c for c in ("doc_id", "sentence") if c not in figures.columns]
    if missing:
        raise ValueError(
            f"figures table lacks column(s) {missing}; expected {list(FIGURE_COLUMNS)}, "
            f"found {list(figures.columns)}"
        )
    topics = topics if topics is not None else load_topics()
    rows = []
    for order, topic in enumerate(topics):
        for _, fig in figures.iterrows():
            sentence = " ".join(str(fig["sentence"]).split())
            if not topic.matches(sentence):
                continue
            rows.append(
                {
                    "order": order,
                    "topic": topic.id,
                    "label": topic.label,
                    "report": report_label(fig),
                    "doc_id": fig["doc_id"],
                    "page": fig.get("page", ""),
                    "kind": fig.get("kind", ""),
                    "n": fig.get("n"),
                    "m": fig.get("m"),
                    "value": fig.get("value"),
                    "qualifier": fig.get("qualifier"),
                    "figure": format_figure(fig),
                    "sentence": sentence,
                }
            )
    out = pd.DataFrame(rows, columns=["order", *COMPARISON_COLUMNS])
    # A sentence repeated in a summary states the same figure twice: list it once.
    out = out.drop_duplicates(["topic", "report", "figure", "sentence"])
    out = out.sort_values(["order", "report"], kind="stable").drop(columns="order")
    return out.reset_index(drop=True)


def comparison_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Topics as rows, reports as columns, the distinct figures joined by "; " per cell."""
    if table.empty:
        return pd.DataFrame()
    return table.pivot_table(
        index="label", columns="report", values="figure", aggfunc=_join_distinct, sort=False
    ).fillna("")


def _join_distinct(values: pd.Series) -> str:
    return "; ".join(dict.fromkeys(values))


def _num(x: float) -> str:
    """Danish number: integers plain, else one decimal with a comma."""
    x = float(x)
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}".replace(".", ",")
