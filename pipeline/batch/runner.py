"""Run the whole pipeline over an archive on Dask: plan, distribute, commit, summarise.

:func:`run_batch` is what ``raadskoder run`` calls. The driver hashes the input
files and plans tasks (:mod:`pipeline.batch.manifest`); Dask workers run
:func:`pipeline.batch.tasks.run_task` on each task and write Parquet parts
themselves (the output folder must be reachable from every worker, e.g. a
shared disk on a cluster); the driver then drops rows that newer work has
superseded, writes ``manifest.parquet``, the theme counts and the report.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import pipeline
from pipeline.batch import store
from pipeline.batch.manifest import (
    MANIFEST_COLUMNS,
    InputFile,
    discover,
    plan,
    scan,
    task_key,
    typed,
)
from pipeline.batch.progress import Progress, Silent
from pipeline.batch.tasks import BatchConfig, run_task
from pipeline.paths import DEFAULT_NER_MODEL, DEFAULT_THEME_MODEL, GAZETTEER_DIR, PROJECT_ROOT

#: Sources whose change means documents must be extracted again.
EXTRACT_SOURCES = ("pipeline/readers", "pipeline/clean.py", "pipeline/segmenters",
                   "pipeline/survey.py", "pipeline/tables.py", "pipeline/batch/tasks.py",
                   "pipeline/batch/surveys.py", "pipeline/batch/metadata.py",
                   "corpus/extraction", "corpus/gazetteers/municipalities.csv")
NLP_SOURCES = ("pipeline/nlp",)


class BatchError(ValueError):
    """The run cannot start (bad input folder, model, codebook); the message says why."""


@dataclass
class BatchResult:
    """What a run did; ``manifest`` has one row per input file."""

    outdir: Path
    manifest: pd.DataFrame
    processed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {s: int((self.manifest["status"] == s).sum())
                for s in ("ok", "failed", "needs_ocr", "skipped")} if len(self.manifest) else {}

    @property
    def exit_code(self) -> int:
        """1 when any file failed (its reason is in the manifest), else 0."""
        return 1 if self.counts.get("failed", 0) else 0

    def summary(self) -> str:
        c = self.counts
        pages = int(pd.to_numeric(self.manifest.get("pages"), errors="coerce").fillna(0).sum()) \
            if len(self.manifest) else 0
        lines = [
            f"{len(self.manifest)} files: {c.get('ok', 0)} ok, {c.get('failed', 0)} failed, "
            f"{c.get('needs_ocr', 0)} need OCR, {c.get('skipped', 0)} skipped; "
            f"{self.processed} processed now, {self.unchanged} unchanged since the last run",
            f"{pages} pages in {self.seconds:.1f} s; outputs in {self.outdir}",
        ]
        failed = self.manifest[self.manifest["status"].isin(["failed", "needs_ocr"])] \
            if len(self.manifest) else self.manifest
        for row in failed.head(20).itertuples():
            lines.append(f"  {row.status}: {row.path}: {row.error}")
        if len(failed) > 20:
            lines.append(f"  ... and {len(failed) - 20} more (see manifest.parquet)")
        lines.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def run_batch(
    input: str | Path,
    outdir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    codebook: str | Path | None = None,
    model: str | Path | None = None,
    engine: str = "pdfium",
    files_per_task: int = 50,
    pages_per_task: int = 200,
    nlp: bool = True,
    nlp_model: str | Path | None = None,
    code: bool = True,
    ocr: bool = True,
    report: bool = True,
    progress: Progress | None = None,
) -> BatchResult:
    """Process every file under ``input`` into ``outdir``; see ``docs/batch.md``.

    ``workers=0`` runs the tasks in this process without Dask (debugging,
    profiling). Files unchanged since the last run into the same ``outdir``
    are not processed again.
    """
    t0 = time.perf_counter()
    progress = progress or Silent()
    input, outdir = Path(input), Path(outdir)
    if not input.exists():
        raise BatchError(f"{input}: no such file or folder")
    if engine not in ("pdfium", "pdfplumber"):
        raise BatchError(f"unknown engine {engine!r}; expected pdfium or pdfplumber")
    outdir.mkdir(parents=True, exist_ok=True)
    config, codebook_obj = make_config(outdir, engine=engine, ocr=ocr, nlp=nlp,
                                       nlp_model=nlp_model, code=code, model=model,
                                       codebook=codebook)
    store.remove_orphans(outdir)
    files = scan(discover(input, exclude=[outdir]))
    previous = store.read_manifest_parts(outdir)
    work = plan(files, previous, config.version, files_per_task=files_per_task,
                pages_per_task=pages_per_task)
    n_todo = sum(len(t) for t in work.tasks)
    progress.line(f"{len(files)} files under {input}: {n_todo} to process, "
                  f"{len(work.unchanged)} unchanged, in {len(work.tasks)} tasks")
    progress.start(n_todo)
    try:
        _execute(work.tasks, config, workers=workers, scheduler=scheduler, progress=progress)
    finally:
        progress.stop()
    result = BatchResult(outdir, pd.DataFrame(), processed=n_todo,
                         unchanged=len(work.unchanged))
    result.manifest, pruned = settle(outdir, files)
    if n_todo or pruned or not (outdir / "counts.parquet").exists():
        result.outputs.update(write_counts(outdir, config, codebook_obj))
        if report and code:
            result.outputs.update(_report(outdir, codebook_obj, config, result.warnings))
    result.seconds = time.perf_counter() - t0
    return result


def make_config(outdir: Path, *, engine: str, ocr: bool, nlp: bool, nlp_model, code: bool,
                model, codebook) -> tuple[BatchConfig, object]:
    """Check models and codebook once in the driver and fix every stage version."""
    codebook_obj, theme_ids, model_hash = None, (), "off"
    if code:
        from pipeline.classify.store import ModelError, load_theme_model
        from pipeline.codebook import CodebookError, load_codebook

        try:
            theme_model = load_theme_model(model)
            codebook_obj = load_codebook(codebook) if codebook else theme_model.codebook
        except (ModelError, CodebookError) as exc:
            raise BatchError(str(exc)) from exc
        theme_ids = tuple(theme_model.theme_ids)
        if list(codebook_obj.theme_ids) != list(theme_ids):
            raise BatchError(
                f"the theme model codes {list(theme_ids)} but the codebook "
                f"{codebook or ''} has {list(codebook_obj.theme_ids)}; train a model on "
                "that codebook or pass the codebook the model was trained on")
        model_hash = _hash_paths([Path(model) if model else DEFAULT_THEME_MODEL])
    try:
        from pipeline.clean import clean_document  # noqa: F401
        from pipeline.segmenters import segment_document  # noqa: F401
    except ImportError as exc:
        raise BatchError(f"the extraction stage is not available ({exc})") from exc
    if nlp:
        try:
            import pipeline.nlp as nlp_mod

            nlp_mod.extract_entities, nlp_mod.anonymize_texts, nlp_mod.load_nlp  # noqa: B018
        except (ImportError, AttributeError) as exc:
            raise BatchError(f"the NLP stage is not available ({exc}); use --no-nlp") from exc
    ocr_state = "off"
    if ocr:
        from pipeline.readers.ocr import tesseract_problem

        ocr_state = "on" if not tesseract_problem() else "missing"
    code_version = f"{pipeline.__version__}+{_hash_paths(EXTRACT_SOURCES)[:10]}-ocr-{ocr_state}"
    nlp_version = "off"
    if nlp:
        ner = Path(nlp_model) if nlp_model else DEFAULT_NER_MODEL
        nlp_version = _hash_paths([*NLP_SOURCES, ner, GAZETTEER_DIR])[:16]
    versions = {
        "code_version": code_version, "nlp_version": nlp_version, "model_hash": model_hash,
        "codebook_sha256": codebook_obj.sha256 if codebook_obj else "off", "engine": engine,
    }
    config = BatchConfig(
        outdir=str(outdir.resolve()), engine=engine, ocr=ocr, nlp=nlp,
        nlp_model=str(nlp_model) if nlp_model else None, code=code,
        model=str(model) if model else None, theme_ids=theme_ids,
        versions=tuple(sorted(versions.items())),
    )
    return config, codebook_obj


def _hash_paths(paths) -> str:
    """SHA-256 over the files at ``paths`` (folders recursively); relative to the project."""
    h = hashlib.sha256()
    for p in paths:
        p = Path(p)
        p = p if p.is_absolute() else PROJECT_ROOT / p
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            if f.suffix == ".pyc" or not f.exists():
                continue
            h.update(str(f.relative_to(p.parent) if p.is_dir() else f.name).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _execute(tasks: list[list[InputFile]], config: BatchConfig, *, workers, scheduler,
             progress: Progress) -> None:
    """Run the tasks (on Dask unless ``workers == 0``); a crashed task fails its files."""
    if not tasks:
        return
    keys = [task_key(t, config.version) for t in tasks]
    if workers == 0 and not scheduler:
        for files, key in zip(tasks, keys, strict=True):
            try:
                rows = run_task(files, config, key)
            except Exception as exc:  # as on Dask: a broken task fails its files, not the run
                rows = _crashed(config, files, key, exc)
            _account(progress, rows)
        return
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        import os

        n = workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = {client.submit(run_task, files, config, key, key=f"raadskoder-task-{key}",
                                 pure=False): (files, key)
                   for files, key in zip(tasks, keys, strict=True)}
        for future in as_completed(futures):
            files, key = futures[future]
            try:
                rows = future.result()
            except Exception as exc:  # worker died (segfault, memory) or a bug: fail the files
                rows = _crashed(config, files, key, exc)
            _account(progress, rows)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _account(progress: Progress, rows: list[dict]) -> None:
    pages = sum(int(r["pages"]) for r in rows if r.get("pages") is not None)
    progress.advance(len(rows), pages)


def _crashed(config: BatchConfig, files: list[InputFile], key: str, exc: Exception) -> list[dict]:
    rows = [{"doc_id": f.doc_id, "path": f.path, "size": f.size, "sha256": f.sha256,
             "status": "failed", "error": f"the task failed: {type(exc).__name__}: "
             f"{exc}", "task": key, "processed_at": pd.Timestamp.now("UTC").isoformat(),
             **config.version} for f in files]
    manifest = typed(pd.DataFrame(rows), MANIFEST_COLUMNS)
    for table in store.TABLES:  # parts the task may have written before it broke
        store.part_path(Path(config.outdir), table, key).unlink(missing_ok=True)
    store.write_task(Path(config.outdir), key, {}, manifest)
    return rows


def settle(outdir: Path, files: list[InputFile]) -> tuple[pd.DataFrame, bool]:
    """Keep each current file's newest row, prune superseded rows, write ``manifest.parquet``.

    Returns the manifest and whether any part was pruned (the counts are then stale).
    """
    all_rows = store.read_manifest_parts(outdir)
    pruned = False
    if all_rows.empty:
        manifest = typed(pd.DataFrame(), MANIFEST_COLUMNS)
    else:
        current = {f.path: f.doc_id for f in files}
        is_current = all_rows["path"].map(current).eq(all_rows["doc_id"])
        rows = all_rows[is_current.fillna(False).astype(bool)]
        live = rows.sort_values("processed_at").drop_duplicates("path", keep="last")
        keep = live.groupby("task")["path"].apply(set).to_dict()
        per_task = all_rows.groupby("task")["path"].apply(set).to_dict()
        for key, paths in per_task.items():
            if paths != keep.get(key, set()):
                store.prune(outdir, key, keep.get(key, set()))
                pruned = True
        manifest = typed(live.sort_values("path"), MANIFEST_COLUMNS)
    store.write_atomic(manifest, outdir / "manifest.parquet")
    store.prune_cache(outdir, set(manifest["doc_id"].dropna()))
    return manifest, pruned


def write_counts(outdir: Path, config: BatchConfig, codebook) -> dict[str, Path]:
    """Theme counts per municipality, year and document type (Parquet and CSV)."""
    from pipeline.batch.counts import theme_counts

    codes = store.read_table_parts(outdir, "codes")
    documents = store.read_table_parts(outdir, "documents")
    counts = theme_counts(codes, documents, list(config.theme_ids), codebook)
    store.write_atomic(counts, outdir / "counts.parquet")
    counts.to_csv(outdir / "counts.csv", index=False)
    return {"counts": outdir / "counts.parquet", "counts_csv": outdir / "counts.csv"}


def _report(outdir: Path, codebook, config: BatchConfig, warnings: list[str]) -> dict[str, Path]:
    """The report over all coded segments, when the report stage is installed."""
    try:
        from pipeline.report import build_report
    except ImportError as exc:
        warnings.append(f"no report: the report stage is not available ({exc})")
        return {}
    from pipeline.batch.counts import coded_for_report

    coded = coded_for_report(outdir)
    if coded.empty:
        return {}
    try:
        from pipeline.classify.store import load_theme_model

        card = getattr(load_theme_model(config.model), "card", None)
        paths = build_report(coded, outdir / "report", codebook=codebook, text_column="text",
                             model_card=card, title="Temaer i arkivet")
    except Exception as exc:  # the tables are the product; a report failure must not lose them
        warnings.append(f"report failed: {type(exc).__name__}: {exc}")
        return {}
    return {f"report_{k}": Path(v) for k, v in dict(paths).items()}
