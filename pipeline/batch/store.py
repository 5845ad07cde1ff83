"""The output folder of a batch run: Parquet part files written atomically.

Layout of ``OUTDIR``::

    documents/part-<task>.parquet   one row per document
    segments/part-<task>.parquet    one row per segment (text and text_anonymised)
    entities/part-<task>.parquet    one row per entity found
    codes/part-<task>.parquet       one row per coded segment: themes, 0/1, p_<theme>
    _manifest/part-<task>.parquet   one row per input file of the task (the commit record)
    cache/<doc_id>.parquet          extracted + NLP'd segments of one document
    manifest.parquet, counts.parquet, counts.csv, report/

A task writes its table parts first and its ``_manifest`` part last, each through
a temporary file and ``os.replace``, so a part is either whole or absent, and a
task counts as done exactly when its manifest part exists. Table parts without a
manifest part (a task killed between two writes) are removed before the next run
starts, which is what makes a run killed with SIGKILL restartable without
doubles.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: The tables a task writes, in write order; the manifest part is always last.
TABLES = ("documents", "segments", "entities", "codes")
MANIFEST_PARTS = "_manifest"
CACHE = "cache"


def part_path(outdir: Path, table: str, key: str) -> Path:
    return Path(outdir) / table / f"part-{key}.parquet"


def write_atomic(df: pd.DataFrame, path: Path, *, metadata: dict[str, str] | None = None) -> None:
    """Write ``df`` as Parquet to ``path``: readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    if metadata:
        merged = dict(table.schema.metadata or {})
        merged.update({k.encode(): v.encode() for k, v in metadata.items()})
        table = table.replace_schema_metadata(merged)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_task(outdir: Path, key: str, tables: dict[str, pd.DataFrame],
               manifest: pd.DataFrame) -> None:
    """Commit one task: its table parts, then its manifest part."""
    for name in (t for t in TABLES if t in tables):
        write_atomic(tables[name], part_path(outdir, name, key))
    write_atomic(manifest, part_path(outdir, MANIFEST_PARTS, key))


def committed_keys(outdir: Path) -> set[str]:
    return {_key(p) for p in (Path(outdir) / MANIFEST_PARTS).glob("part-*.parquet")}


def remove_orphans(outdir: Path) -> int:
    """Delete table parts of uncommitted tasks and stray temporary files; return how many."""
    keys = committed_keys(outdir)
    removed = 0
    for name in (*TABLES, MANIFEST_PARTS, CACHE):
        folder = Path(outdir) / name
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)
            removed += 1
        if name in TABLES:
            for path in folder.glob("part-*.parquet"):
                if _key(path) not in keys:
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed


def read_manifest_parts(outdir: Path) -> pd.DataFrame:
    """All manifest rows of all committed tasks, with the task key in column ``task``."""
    frames = [pd.read_parquet(p) for p in sorted((Path(outdir) / MANIFEST_PARTS).glob("*.parquet"))]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def read_table_parts(outdir: Path, table: str) -> pd.DataFrame:
    paths = sorted((Path(outdir) / table).glob("part-*.parquet"))
    frames = [pd.read_parquet(p) for p in paths]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def prune(outdir: Path, key: str, keep_paths: set[str]) -> None:
    """Keep only the files ``keep_paths`` (and their documents) in the parts of task ``key``.

    Used after a run for tasks holding files that were re-processed since
    (changed content, new model) or that are gone. The manifest part is
    rewritten last, so a prune killed half-way is simply repeated next time.
    """
    manifest_path = part_path(outdir, MANIFEST_PARTS, key)
    manifest = pd.read_parquet(manifest_path)
    manifest = manifest[manifest["path"].isin(keep_paths)].reset_index(drop=True)
    docs = set(manifest.loc[manifest["status"] == "ok", "doc_id"])
    for name in TABLES:
        path = part_path(outdir, name, key)
        if not path.exists():
            continue
        if manifest.empty:
            path.unlink()
            continue
        df = pd.read_parquet(path)
        write_atomic(df[df["doc_id"].isin(docs)].reset_index(drop=True), path)
    if manifest.empty:
        manifest_path.unlink()
    else:
        write_atomic(manifest, manifest_path)


def cache_path(outdir: Path, doc_id: str) -> Path:
    return Path(outdir) / CACHE / f"{doc_id}.parquet"


def load_cache(outdir: Path, doc_id: str, version: str) -> pd.DataFrame | None:
    """The cached segments of ``doc_id`` if they were made by the same code ``version``."""
    path = cache_path(outdir, doc_id)
    try:
        meta = pq.read_schema(path).metadata or {}
        if meta.get(b"raadskoder_version", b"").decode() != version:
            return None
        return pd.read_parquet(path)
    except (OSError, pa.ArrowInvalid):
        return None


def save_cache(outdir: Path, doc_id: str, version: str, segments: pd.DataFrame,
               document: dict) -> None:
    meta = {"raadskoder_version": version, "document": pd.Series(document).to_json()}
    write_atomic(segments, cache_path(outdir, doc_id), metadata=meta)


def prune_cache(outdir: Path, keep: set[str]) -> None:
    """Drop cached extractions of documents no longer in the archive."""
    for path in (Path(outdir) / CACHE).glob("*.parquet"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)


def cached_document(outdir: Path, doc_id: str) -> dict:
    import json

    meta = pq.read_schema(cache_path(outdir, doc_id)).metadata or {}
    return json.loads(meta.get(b"document", b"{}").decode())


def _key(path: Path) -> str:
    return path.name[len("part-"):-len(".parquet")]
