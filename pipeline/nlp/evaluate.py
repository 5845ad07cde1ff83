"""Evaluation: per-label precision/recall/F1 and anonymisation recall/precision.

Entities are compared as exact character spans with their label, so gold data
tokenised differently from our tokenizer (CoNLL files) is scored fairly.

Anonymisation is scored on what matters for publishing: a gold person or
municipality mention counts as *recalled* when every non-space character of it
is inside some replacement (whatever placeholder was used: a name hidden as
``[kommunen]`` is still hidden); a person or municipality replacement counts as
*precise* when it overlaps a gold person or municipality mention. A
municipality name replaced inside a gold entity of another label (*Jobcenter
[kommunen]*, *[kommunens] Integrationsråd*) is what the anonymiser is meant
to do and counts as precise; how many there were is reported as ``nested``
and ``precision_strict`` leaves them out of the correct ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.anonymize import REDACTED_LABELS, redaction_spans
from pipeline.nlp.gazetteer import is_municipality_name
from pipeline.nlp.pipeline import pipe


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold, "predicted": n_pred}


def _covered(start: int, end: int, text: str, spans: list[tuple[int, int, str]]) -> bool:
    return all(
        text[i].isspace() or any(s <= i < e for s, e, _ in spans) for i in range(start, end)
    )


#: Characters of text shown on each side of an error in :func:`evaluate_docs`'s ``errors``.
ERROR_CONTEXT = 60


def evaluate_docs(nlp: Language, gold: Iterable[Doc], errors: list[dict] | None = None) -> dict:
    """Scores of ``nlp`` on gold docs: dict with ``labels``, ``micro`` and ``anonymisation``.

    Given a list as ``errors``, also appends one dict per anonymisation error to it (see
    :func:`_error`): a gold person or municipality mention left in the text (``missed``)
    or a replacement over no such mention (``false``), each with whether the statistical
    ``ner`` alone had it, so a reader can tell what the model never proposed from what
    the rules around it dropped or added. The errors quote the gold texts: meant for
    development sets whose errors may be read, never for a set kept unread."""
    gold = list(gold)
    predicted = list(pipe(nlp, (d.text for d in gold)))
    bare = _bare_model_entities(nlp, gold) if errors is not None else None
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    anon = {label: {"gold": 0, "recalled": 0, "replaced": 0, "precise": 0, "nested": 0}
            for label in REDACTED_LABELS}
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_set = {(e.start_char, e.end_char, e.label_) for e in g.ents}
        pred_set = {(e.start_char, e.end_char, e.label_) for e in p.ents}
        for _, _, label in gold_set:
            n_gold[label] = n_gold.get(label, 0) + 1
        for item in pred_set:
            n_pred[item[2]] = n_pred.get(item[2], 0) + 1
            if item in gold_set:
                tp[item[2]] = tp.get(item[2], 0) + 1
        redactions = redaction_spans(p)
        sensitive = [(s, e) for s, e, label in gold_set if label in REDACTED_LABELS]
        for s, e, label in gold_set:
            if label in anon:
                anon[label]["gold"] += 1
                hidden = _covered(s, e, g.text, redactions)
                anon[label]["recalled"] += hidden
                if errors is not None and not hidden:
                    errors.append(_error("missed", label, s, e, g.text, i, bare[i]))
        others = [(gs, ge) for gs, ge, label in gold_set if label not in REDACTED_LABELS]
        for s, e, label in redactions:
            if label not in anon:
                continue
            anon[label]["replaced"] += 1
            if any(s < ge and gs < e for gs, ge in sensitive):
                anon[label]["precise"] += 1
            elif label == "MUNICIPALITY" and is_municipality_name(g.text[s:e]) and any(
                gs <= s and e <= ge for gs, ge in others
            ):
                anon[label]["nested"] += 1
            elif errors is not None:
                errors.append(_error("false", label, s, e, g.text, i, bare[i]))
    labels = {
        label: _prf(tp.get(label, 0), n_pred.get(label, 0), n_gold.get(label, 0))
        for label in sorted(set(n_gold) | set(n_pred))
    }
    micro = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    anonymisation = {
        label: {
            "recall": c["recalled"] / c["gold"] if c["gold"] else 0.0,
            "precision": (c["precise"] + c["nested"]) / c["replaced"] if c["replaced"] else 0.0,
            "precision_strict": c["precise"] / c["replaced"] if c["replaced"] else 0.0,
            **c,
        }
        for label, c in anon.items()
    }
    return {"n_texts": len(gold), "labels": labels, "micro": micro,
            "anonymisation": anonymisation}


def _bare_model_entities(nlp: Language, gold: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """Per text, the entities of the statistical ``ner`` alone (empty lists without one)."""
    if "ner" not in nlp.pipe_names:
        return [[] for _ in gold]
    with nlp.select_pipes(enable=["ner"]):
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                for doc in nlp.pipe(d.text for d in gold)]


def _error(kind: str, label: str, start: int, end: int, text: str, index: int,
           bare: list[tuple[int, int, str]]) -> dict:
    """One anonymisation error: ``kind`` (``missed`` or ``false``), ``label``, the text's
    ``index`` in the evaluated set, the character span and its ``surface``, ``context``
    (:data:`ERROR_CONTEXT` characters each side) and ``model``: for a miss, whether the
    bare ``ner`` had the mention whole with its label; for a false replacement, whether
    it had an entity of that label overlapping it."""
    if kind == "missed":
        model = _covered(start, end, text, [b for b in bare if b[2] == label])
    else:
        model = any(s < end and start < e and lab == label for s, e, lab in bare)
    return {"kind": kind, "label": label, "index": index, "start": start, "end": end,
            "surface": text[start:end], "model": model,
            "context": text[max(0, start - ERROR_CONTEXT):end + ERROR_CONTEXT]}


def format_scores(scores: dict) -> str:
    """A plain-text table of :func:`evaluate_docs` output (for the CLI and model card)."""
    lines = [f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    rows = [*scores["labels"].items(), ("(micro)", scores["micro"])]
    for label, s in rows:
        lines.append(
            f"{label:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['support']:>7}{s['predicted']:>7}"
        )
    lines.append("")
    lines.append(
        f"{'anonymisation':<14}{'recall':>8}{'precision':>11}{'strict':>8}{'gold':>7}"
        f"{'replaced':>10}{'nested':>8}"
    )
    for label, s in scores["anonymisation"].items():
        lines.append(
            f"{label:<14}{s['recall']:>8.3f}{s['precision']:>11.3f}{s['precision_strict']:>8.3f}"
            f"{s['gold']:>7}{s['replaced']:>10}{s['nested']:>8}"
        )
    return "\n".join(lines)
