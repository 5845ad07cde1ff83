"""Rendering the model card (``card.json``) as ``MODEL_CARD.md`` for people."""

from __future__ import annotations

from typing import Any


def render_model_card(card: dict[str, Any]) -> str:
    """Markdown version of a card produced by :func:`pipeline.classify.train.train_theme_model`."""
    td = card["training_data"]
    lines = [
        "# Theme classifier: model card",
        "",
        f"Created {card['created']}. Codebook `{card['codebook']['name']}` "
        f"version {card['codebook']['version']} (`{card['codebook']['path']}`, "
        f"sha256 `{card['codebook']['sha256'][:16]}…`).",
        "",
        "## Model",
        "",
        f"- Features: {card['model']['features']}.",
        f"- Classifier: {card['model']['classifier']}; per-theme thresholds chosen by "
        "5-fold cross-validated predictions on the training data only (maximum F1).",
        "- Parameters: "
        + ", ".join(f"`{k}={v}`" for k, v in card["model"]["params"].items())
        + ".",
        "",
        "## Training data",
        "",
        f"- Files: {', '.join(f'`{f}`' for f in td['files'])}",
        f"- SHA-256 over the training files: `{td['sha256']}`",
        f"- {td['n_answers']} answers; {td['n_no_theme']} with no theme, "
        f"{td['n_multi_theme']} with two or more.",
        f"- Rows dropped because their text occurs in an evaluation file: "
        f"{td['dropped_evaluation_duplicates']}.",
        "",
        "| theme | answers | threshold |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {t} | {n} | {card['thresholds'][t]:.2f} |" for t, n in td["per_theme"].items()]
    lines += ["", "## Results", ""]
    sections = []
    if "cv" in card:
        sections.append(
            (
                f"{card['cv']['folds']}-fold cross-validation on the training set "
                "(thresholds re-chosen inside each fold)",
                card["cv"],
            )
        )
    if "cv_by_writer" in card:
        sections.append(
            (
                "Cross-validation leaving one training writer out "
                f"({card['cv_by_writer']['folds']} writers, `corpus/survey/writers.yaml`; "
                "thresholds re-chosen inside each fold)",
                card["cv_by_writer"],
            )
        )
    for name, res in card.get("evaluation", {}).items():
        sections.append((f"{name} (`{res['file']}`, never trained on)", res))
    for title, res in sections:
        lines += [f"### {title}", "", *metrics_markdown(res), ""]
    lines += council_counts_markdown(card.get("council_counts_by_writer"))
    lines += [
        "## Libraries",
        "",
        ", ".join(f"{k} {v}" for k, v in card["libraries"].items()),
        "",
    ]
    return "\n".join(lines)


def metrics_markdown(res: dict[str, Any]) -> list[str]:
    """A per-theme metrics table plus macro/micro-F1 (and respondent counts) as Markdown."""
    resp = {r["theme"]: r for r in res.get("respondents", [])}
    head = "| theme | precision | recall | F1 | kappa | support |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: |"
    if resp:
        head += " respondents gold | coded | difference |"
        rule += " ---: | ---: | ---: |"
    out = [
        f"{res['n']} answers: macro-F1 **{res['macro_f1']:.3f}**, micro-F1 {res['micro_f1']:.3f}.",
        "",
        head,
        rule,
    ]
    for row in res["themes"]:
        line = (
            f"| {row['theme']} | {row['precision']:.3f} | {row['recall']:.3f} | "
            f"{row['f1']:.3f} | {row['kappa']:.3f} | {row['support']} |"
        )
        if resp:
            r = resp[row["theme"]]
            line += f" {r['gold']} | {r['predicted']} | {r['difference']:+d} |"
        out.append(line)
    return out


def council_counts_markdown(counts: dict[str, Any] | None) -> list[str]:
    """The "N ud af M råd" check on whole training answer sets, when the corpus has them."""
    if not counts or not counts.get("n_councils"):
        return []
    lines = [
        "### Council counts on whole answer sets, leaving their writer out",
        "",
        f"{counts['n_councils']} training councils whose six answers were written together "
        "(`corpus/survey/answer_sets.yaml`), coded by the models of the writer-CV above "
        "(none saw their writer). A council counts for a theme when at least one of its "
        "answers has it, as in the published figures; a few answer-level false positives "
        "become whole councils. Mean absolute difference per theme: "
        f"{counts['mean_abs_difference']:.2f}.",
        "",
        "| theme | gold councils | coded councils | difference | false councils "
        "| missed councils |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += _council_rows(counts["per_theme"], {t: str(v["gold"])
                                                 for t, v in counts["per_theme"].items()})
    lines += _gate_lines(counts)
    fragile = counts.get("fragile_by_margin") or []
    if fragile:
        lines += [
            "",
            "Coded councils that rest only on answers less than a review margin above the "
            "council's threshold, gate included (what the report flags as *Usikre råd*), "
            "by margin:",
            "",
            "| margin | false councils flagged | true councils flagged |",
            "| ---: | ---: | ---: |",
        ]
        lines += [
            f"| {r['margin']:.2f} | {r['false_flagged']} of {r['false_councils']} "
            f"| {r['true_flagged']} of {r['true_councils']} |"
            for r in fragile
        ]
    return [*lines, ""]


def _gate_lines(counts: dict[str, Any]) -> list[str]:
    """The council gates chosen on these councils and what they change."""
    gates, gated = counts.get("gates"), counts.get("gated")
    if not gates or not gated:
        return []
    nested = counts.get("nested_gate_check") or {}
    f1 = counts.get("answer_macro_f1") or {}
    lines = [
        "",
        "**Council gates** (`pipeline/classify/councils.py`): per theme, how far above the "
        "answer threshold a council's best answer must be for the council to be coded; "
        "chosen on these councils to bring the coded count nearest the gold count, and "
        "applied by `code`, `evaluate` and the batch runner to respondents with several "
        "answers. Counts with the gates, on the councils they were chosen on:",
        "",
        "| theme | gate | coded councils | difference | false councils | missed councils |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += _council_rows(gated["per_theme"], {t: f"{g:.3f}" for t, g in gates.items()})
    if nested:
        lines += [
            "",
            f"On councils the gates were not chosen on ({nested['folds']} folds x "
            f"{nested['shuffles']} shuffles), the mean absolute difference per theme "
            f"goes from {nested['mean_abs_difference_without']:.2f} to "
            f"{nested['mean_abs_difference_gated']:.2f} councils.",
        ]
    if f1:
        lines += [
            f"Answer-level macro-F1 on these councils' answers: {f1['without_gates']:.3f} "
            f"without gates, {f1['gated']:.3f} with them.",
        ]
    return lines


def _council_rows(per_theme: dict[str, dict[str, int]], first: dict[str, str]) -> list[str]:
    """Table rows: theme, ``first`` (gold councils or gate), coded, difference, false, missed."""
    return [
        f"| {t} | {first[t]} | {v['coded']} | {v['difference']:+d} | {v['false_councils']} "
        f"| {v['missed_councils']} |"
        for t, v in per_theme.items()
    ]
