"""Training the pipeline: corpus → DocBin → ``spacy train`` → ``models/ner`` + model card.

Training goes through spaCy's own ``train`` with ``corpus/ner/config.cfg``;
this module only prepares the data, points the config at it, scores the best
model on the held-out test split (never trained on, never used to pick the
model: spaCy picks on dev) and writes the model card.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

from pipeline.nlp import augment, components  # noqa: F401  (registered for spacy train)
from pipeline.nlp.components import PERSON_NAMES
from pipeline.nlp.corpus import Corpus, CorpusError, label_counts, load_corpus, write_docbins
from pipeline.nlp.evaluate import evaluate_docs, format_scores
from pipeline.nlp.gazetteer import PATTERNS_FILE, write_patterns
from pipeline.nlp.language import blank_danish
from pipeline.nlp.lexicon import NAMES_FILE
from pipeline.nlp.name_scorer import add_name_scorer
from pipeline.nlp.person_gate import PERSON_GATE, fit_person_gate, read_gate_sets
from pipeline.nlp.pipeline import clear_loaded, load_nlp
from pipeline.paths import (
    DEFAULT_NER_MODEL,
    GAZETTEER_DIR,
    NER_DIR,
    NER_HELDOUT_DIR,
    NER_HELDOUT_HARD_DIR,
    NER_HELDOUT_NEWS_DIR,
)

DEFAULT_CONFIG = NER_DIR / "config.cfg"
MODEL_CARD = "MODEL_CARD.md"


@dataclass
class TrainResult:
    """Where the model went, how it scored on the test split, and the data it saw."""

    model_dir: Path
    scores: dict
    counts: dict[str, int]
    problems: list[str]
    seconds: float
    #: scores per independent evaluation set, by folder name (empty: none)
    heldout: dict[str, dict] = field(default_factory=dict)


def train_ner(
    data: Path = NER_DIR,
    out: Path = DEFAULT_NER_MODEL,
    *,
    fmt: str = "auto",
    config: Path = DEFAULT_CONFIG,
    overrides: dict | None = None,
    gazetteer_dir: Path = GAZETTEER_DIR,
    heldout: Path | Sequence[Path] | None = (
        NER_HELDOUT_DIR, NER_HELDOUT_NEWS_DIR, NER_HELDOUT_HARD_DIR,
    ),
    gate_sets: Sequence[Path] | None = None,
) -> TrainResult:
    """Train the NER on ``data`` (inline, CoNLL/IOB2 or DocBin) and save the pipeline to ``out``.

    ``overrides`` are spaCy config overrides (``{"training.max_epochs": 2}``).
    ``heldout`` is one or more evaluation sets scored in full for the model card
    (``None`` or missing folders: none); they are never read for training.
    ``gate_sets``: development sets (inline folders) the person gate is fitted on
    (``None``: those of ``corpus/ner_gate_sets.txt``; R88).
    """
    started = time.time()
    corpus = load_corpus(Path(data), blank_danish(), fmt)
    if not corpus.docs["train"]:
        raise CorpusError(f"{data}: no usable training texts ({len(corpus.problems)} problems)")
    patterns = write_patterns(gazetteer_dir) if (Path(gazetteer_dir) / "rules.jsonl").exists() \
        else Path(gazetteer_dir) / PATTERNS_FILE
    with tempfile.TemporaryDirectory(prefix="raadskoder-ner-") as tmp:
        work = Path(tmp)
        paths = write_docbins(_with_dev(corpus), work / "data")
        spacy_train(
            Path(config),
            work / "output",
            overrides={
                "paths.train": str(paths["train"]),
                "paths.dev": str(paths["dev"]),
                "paths.patterns": str(patterns),
                "paths.names": str(Path(gazetteer_dir) / NAMES_FILE),
                **(overrides or {}),
            },
        )
        out = Path(out)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(work / "output" / "model-best", out)
    nlp = spacy.load(out)
    # the anonymiser's learned second opinion on names, fitted on the same training split
    add_name_scorer(nlp, corpus.docs["train"], after=PERSON_NAMES)
    nlp.to_disk(out)
    # the gate learns which of the model's dropped persons are names from texts the NER
    # did not train on (the development sets named for it; the dev split stays a guard), in
    # the output of the pipeline as it is loaded for use (R88, R89)
    clear_loaded()
    fit_person_gate(nlp, _gate_docs(read_gate_sets() if gate_sets is None else gate_sets),
                    source=load_nlp(out))
    nlp.to_disk(out)
    # scored as users load it, with the load-time tokenizer cases (R64-R66), like evaluate-ner
    clear_loaded()
    loaded = load_nlp(out)
    test = corpus.docs["test"]
    scores = evaluate_docs(loaded, test) if test else {}
    result = TrainResult(out, scores, corpus.counts(), corpus.problems, time.time() - started,
                         heldout=score_heldout(loaded, heldout))
    clear_loaded()
    write_model_card(result, data=Path(data), config=Path(config), corpus=corpus)
    return result


def _gate_docs(paths: Sequence[Path]) -> list:
    """Every text of the development sets at ``paths`` (missing folders: none)."""
    return [doc for path in paths if Path(path).exists() for doc in _every_text(path)]


def _every_text(path: Path) -> list:
    """Every text of the annotated set at ``path``, whatever split its hash gives it."""
    return [doc for docs in load_corpus(Path(path), blank_danish()).docs.values() for doc in docs]


def score_heldout(nlp, paths: Path | Sequence[Path] | None) -> dict[str, dict]:
    """Scores on every text of each independent evaluation set that exists, by folder name."""
    paths = [] if paths is None else [paths] if isinstance(paths, (str, Path)) else paths
    scores = {}
    for path in map(Path, paths):
        if path.exists():
            scores[path.name] = evaluate_docs(nlp, _every_text(path))
    return scores


def _with_dev(corpus: Corpus) -> Corpus:
    """spaCy needs a dev set; a tiny corpus without one validates on its training texts."""
    if corpus.docs["dev"]:
        return corpus
    return Corpus({**corpus.docs, "dev": corpus.docs["train"]}, corpus.problems)


def write_model_card(result: TrainResult, *, data: Path, config: Path, corpus: Corpus) -> Path:
    """``MODEL_CARD.md`` and ``scores.json`` beside the pipeline."""
    out = result.model_dir
    (out / "scores.json").write_text(json.dumps(result.scores, indent=2), encoding="utf-8")
    for name, scores in result.heldout.items():
        # ner_heldout -> scores_heldout.json, ner_heldout_news -> scores_heldout_news.json, …
        stem = name.removeprefix("ner_")
        (out / f"scores_{stem}.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    nlp = spacy.load(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    train_counts = label_counts(corpus.docs["train"])
    card = [
        "# raadskoder Danish NER pipeline",
        "",
        "Built from `spacy.blank(\"da\")` by `raadskoder train-ner` "
        f"(config `{_rel(config)}`, data `{_rel(data)}`).",
        "",
        f"- Pipeline: {', '.join(nlp.pipe_names)}",
        f"- Labels (ner): {', '.join(nlp.get_pipe('ner').labels)}",
        f"- Texts: {result.counts} (split by a hash of each text; test held out)",
        f"- Lines left out (misaligned or malformed): {len(result.problems)}",
        f"- Training mentions per label: {train_counts}",
        f"- Person gate (R88, R89, R91): {_gate_line(nlp)}",
        f"- Size on disk: {size / 1e6:.1f} MB; training took {result.seconds / 60:.1f} min",
        f"- spaCy {spacy.__version__}",
        "",
        "## Scores on the held-out test split",
        "",
        "```",
        format_scores(result.scores) if result.scores else "(no test split)",
        "```",
        "",
        *_heldout_section(result.heldout),
        "Entities are scored as exact character spans. Anonymisation recall: share of gold",
        "person/municipality mentions fully replaced; precision: share of person/municipality",
        "replacements overlapping a gold person/municipality mention.",
        "",
        "## Limits",
        "",
        "The corpus is written by the project (council-report, minutes, survey-answer and",
        "news-style sentences), not sampled from real documents: expect lower scores on real",
        "text, especially for person names in unusual contexts. Personal data (CPR, phone,",
        "e-mail) is found by rules, not by this model.",
        "",
        "The rule components after the `ner` (gazetteer, role and person names, clean-up of",
        "model entities) read `corpus/gazetteers/` (`person_names.csv`, `entity_heads.csv`)",
        "at run time, and were developed by looking at errors on the dev split: dev scores",
        "overstate them, the test split above is the fair figure.",
    ]
    path = out / MODEL_CARD
    path.write_text("\n".join(card) + "\n", encoding="utf-8")
    return path


def _gate_line(nlp) -> str:
    """What the person gate was fitted on, for the model card."""
    component = nlp.get_pipe(PERSON_GATE) if PERSON_GATE in nlp.pipe_names else None
    if component is None or component.gate is None:
        return "none (no development set named, or no dropped model person in them)"
    gate = component.gate
    return (f"fitted on {gate.n_candidates_} words of the model's persons that the rules "
            f"dropped in the development sets of `corpus/ner_gate_sets.txt` ({gate.n_names_} "
            f"of them inside a gold person); hides those scoring >= {component.threshold} that "
            f"its limits allow, and with fewer limits those scoring >= "
            f"{component.sure_threshold}")


def _heldout_section(heldout: dict[str, dict]) -> list[str]:
    lines: list[str] = []
    for name, scores in heldout.items():
        lines += [
            f"## Scores on the independent held-out set `{name}` ({scores['n_texts']} texts)",
            "",
            "Written by a writer who did not see the training corpus, the gazetteers or the",
            "name rules; never trained on, never used to choose anything.",
            "",
            "```",
            format_scores(scores),
            "```",
            "",
        ]
    return lines


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
