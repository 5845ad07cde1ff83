"""Archive runs on Dask: local cluster vs separate scheduler/worker, re-runs, SIGKILL, bad input."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from batch_helpers import make_archive_module

from pipeline.batch import runner
from pipeline.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Columns that legitimately differ between two runs of the same input (the code
#: version too, when the source tree is edited while the tests run).
VOLATILE = ("seconds_", "worker", "processed_at", "task", "cached", "code_version")



@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("arkiv")
    make_archive_module().make_archive(root, files=5, pages=(1, 2), image_only=1)
    return root / "archive"


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    """A tiny theme model trained here on one file of the project's training answers."""
    from pipeline.classify.labels import themes_to_matrix
    from pipeline.classify.model import ThemeClassifier
    from pipeline.classify.store import save_theme_model
    from pipeline.codebook import load_codebook

    codebook = load_codebook()
    train = pd.read_csv(ROOT / "corpus" / "survey" / "train" / "batch_01.csv", dtype=str)
    Y = themes_to_matrix(train["themes"].fillna(""), codebook.theme_ids)
    fitted = ThemeClassifier(codebook, min_df=1, cv=2).fit(train["answer"].tolist(), Y)
    return save_theme_model(fitted, tmp_path_factory.mktemp("model"), {"name": "tiny"}, "tiny\n")


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every output table, volatile columns dropped, rows sorted: comparable across runs."""
    tables = {}
    for name in ("documents", "segments", "entities", "codes"):
        parts = sorted((out / name).glob("*.parquet"))
        df = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        tables[name] = df
    tables["manifest"] = pd.read_parquet(out / "manifest.parquet")
    tables["counts"] = pd.read_parquet(out / "counts.parquet")
    for name, df in tables.items():
        df = df.drop(columns=[c for c in df.columns if c.startswith(VOLATILE)])
        tables[name] = df.sort_values(list(df.columns)[:3]).reset_index(drop=True)
    return tables


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def local_run(archive, model, tmp_path_factory):
    out = tmp_path_factory.mktemp("out_local")
    result = run_batch(archive, out, workers=2, model=model, files_per_task=3, nlp=False,
                       ocr=False, report=False)
    return out, result


def test_local_cluster_statuses_and_tables(local_run):
    out, result = local_run
    m = result.manifest.set_index(result.manifest["path"].map(lambda p: Path(p).name))
    assert m.loc["tom.pdf", "status"] == "failed" and "empty" in m.loc["tom.pdf", "error"]
    assert m.loc["afkortet.pdf", "status"] == "failed"
    assert "password" in m.loc["krypteret_med_kode.pdf", "error"]
    image = m[m["status"] == "needs_ocr"]
    assert len(image) == 1 and "OCR is switched off" in image["error"].iloc[0]
    for name in ("krypteret_uden_kode.pdf", "notat_ikke_pdf.pdf", "dagsorden_2023-02-01.html",
                 "survey_2023.csv", "survey_2023_eksport.xlsx"):
        assert m.loc[name, "status"] == "ok", (name, m.loc[name, "error"])
    assert result.exit_code == 1  # some files failed; the good ones are kept
    t = _tables(out)
    ok = set(result.manifest.loc[result.manifest["status"] == "ok", "doc_id"])
    assert set(t["documents"]["doc_id"]) == ok
    assert not t["segments"].duplicated(["doc_id", "seg"]).any()
    html = t["segments"][t["segments"]["source"].str.endswith(".html")]
    assert html["text"].str.contains("Næstved|rådet", regex=True).any()  # cp1252 decoded
    xlsx = t["segments"][t["segments"]["source"].str.endswith(".xlsx")]
    assert len(xlsx) == 10 and set(xlsx["question"]) == {"temaer", "udfordringer"}
    assert t["codes"]["kind"].ne("heading").all() and len(t["codes"])
    assert set(t["documents"]["municipality"].dropna()) >= {"Aarhus", "Vejle"}


def test_duckdb_reads_the_part_folders(local_run):
    duckdb = pytest.importorskip("duckdb")
    out, result = local_run
    query = f"select count(*) from read_parquet('{out}/segments/*.parquet')"
    n = duckdb.sql(query).fetchall()[0][0]
    assert n == result.manifest["segments"].fillna(0).sum()


def test_external_scheduler_gives_identical_tables(local_run, archive, model, tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    procs = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen(
            [BIN / "dask", "worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        out = tmp_path / "out_cluster"
        result = run_batch(archive, out, scheduler=address, model=model, files_per_task=3,
                           nlp=False, ocr=False, report=False)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    assert result.processed == len(result.manifest)
    local, remote = _tables(local_run[0]), _tables(out)
    for name in local:
        pd.testing.assert_frame_equal(local[name], remote[name], check_like=True, obj=name)


def test_rerun_skips_unchanged_and_recodes_new_model(local_run, archive, model, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(local_run[0], out)
    again = run_batch(archive, out, workers=0, model=model, nlp=False, ocr=False, report=False)
    assert again.processed == 0 and again.unchanged == len(again.manifest)
    # another model re-codes from the extraction cache without re-reading
    other = tmp_path / "model2"
    shutil.copytree(model, other)
    (other / "card.json").write_text('{"name": "tiny, other card"}')
    recoded = run_batch(archive, out, workers=0, model=other, nlp=False, ocr=False,
                        report=False)
    ok = recoded.manifest[recoded.manifest["status"] == "ok"]
    assert recoded.processed == len(recoded.manifest) and ok["cached"].all()
    t = _tables(out)
    assert not t["codes"].duplicated(["doc_id", "seg"]).any()
    assert set(t["codes"]["doc_id"]) <= set(ok["doc_id"])


def test_nlp_anonymises_and_report_is_written(archive, model, tmp_path):
    result = run_batch(archive / "Næstved", tmp_path / "out", workers=0, model=model)
    assert result.exit_code == 0 and (tmp_path / "out" / "report" / "report.html").exists()
    t = _tables(tmp_path / "out")
    assert t["segments"]["text_anonymised"].notna().all()
    places = t["entities"][t["entities"]["label"] == "MUNICIPALITY"]
    assert "Næstved" in set(places["text"].str.replace(" Kommune", ""))
    assert t["entities"].loc[t["entities"]["label"] == "PER", "text"].isna().all()
    counts = t["counts"]
    assert set(counts["doc_type"]) >= {"survey"} and (counts["base"] >= counts["documents"]).all()


def test_file_disappearing_during_the_run(archive, tmp_path, monkeypatch):
    import shutil

    src = tmp_path / "in"
    shutil.copytree(archive / "Næstved", src)
    victim = next(src.rglob("*.html"))
    real_scan = runner.scan

    def scan_then_delete(paths):
        files = real_scan(paths)
        victim.unlink()
        return files

    monkeypatch.setattr(runner, "scan", scan_then_delete)
    result = run_batch(src, tmp_path / "out", workers=0, code=False, nlp=False)
    row = result.manifest[result.manifest["path"] == str(victim)].iloc[0]
    assert row["status"] == "failed" and "disappeared" in row["error"]
    assert result.exit_code == 1
    assert (result.manifest["status"] == "ok").sum() == len(result.manifest) - 1
    monkeypatch.setattr(runner, "scan", real_scan)
    survey = next(src.rglob("*.csv"))
    old_id = result.manifest.set_index("path").loc[str(survey), "doc_id"]
    survey.write_text(survey.read_text(encoding="utf-8") + "raad09;temaer;Nyt svar\n",
                      encoding="utf-8")
    again = run_batch(src, tmp_path / "out", workers=0, code=False, nlp=False)
    assert str(victim) not in set(again.manifest["path"]) and again.exit_code == 0
    assert again.processed == 1  # only the changed file
    t = _tables(tmp_path / "out")
    assert old_id not in set(t["segments"]["doc_id"])
    assert not t["documents"]["path"].duplicated().any()
    assert (t["segments"]["respondent"] == "raad09").sum() == 1


def test_sigkill_mid_run_then_resume(archive, tmp_path):
    out = tmp_path / "out"
    cmd = [str(BIN / "raadskoder"), "run", str(archive), "-o", str(out), "--workers", "0",
           "--files-per-task", "1", "--no-nlp", "--no-code", "--no-report"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    parts = out / "_manifest"
    # the third file (sorted) is the image-only one: OCR keeps the run busy for seconds
    while time.time() < deadline and len(list(parts.glob("part-*.parquet"))) < 2:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    n_files = sum(1 for p in archive.rglob("*") if p.is_file())
    assert len(list(parts.glob("part-*.parquet"))) < n_files  # really killed mid-way
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # the broken files fail
    t = _tables(out)
    assert len(t["manifest"]) == n_files and not t["manifest"]["path"].duplicated().any()
    ok = set(t["manifest"].loc[t["manifest"]["status"] == "ok", "doc_id"])
    assert set(t["documents"]["doc_id"]) == ok and not t["documents"]["doc_id"].duplicated().any()
    assert not t["segments"].duplicated(["doc_id", "seg"]).any()
    assert set(t["segments"]["doc_id"]) == ok
    assert "files:" in done.stderr and "failed" in done.stderr


def test_a_broken_task_fails_its_files_not_the_run(archive, tmp_path, monkeypatch):
    calls = []
    real = runner.run_task

    def flaky(files, config, key):
        calls.append(key)
        if len(calls) == 1:
            raise MemoryError("simulated")
        return real(files, config, key)

    monkeypatch.setattr(runner, "run_task", flaky)
    result = run_batch(archive / "Næstved", tmp_path / "out", workers=0, files_per_task=1,
                       nlp=False, code=False)
    failed = result.manifest[result.manifest["status"] == "failed"]
    assert len(failed) == 1 and "MemoryError: simulated" in failed["error"].iloc[0]
    assert result.exit_code == 1 and (result.manifest["status"] == "ok").sum() >= 2


def test_large_documents_unload_the_nlp_before_coding(archive, model, tmp_path, monkeypatch):
    """Documents of RELEASE_MIN_SEGMENTS segments or more drop the spaCy pipeline between the
    NLP and the coding stage (worker memory) and reload it for the next file: same tables."""
    from pipeline.batch import tasks

    plain = run_batch(archive / "Næstved", tmp_path / "plain", workers=0, model=model)
    unloaded = []
    real_unload = tasks.unload_nlp
    monkeypatch.setattr(tasks, "RELEASE_MIN_SEGMENTS", 1)
    monkeypatch.setattr(tasks, "unload_nlp", lambda: (unloaded.append(1), real_unload()))
    small = run_batch(archive / "Næstved", tmp_path / "small", workers=0, model=model)
    assert plain.exit_code == small.exit_code == 0 and unloaded
    a, b = _tables(tmp_path / "plain"), _tables(tmp_path / "small")
    for name in ("segments", "entities", "codes"):
        pd.testing.assert_frame_equal(a[name], b[name])
