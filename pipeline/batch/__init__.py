"""Archive runs on Dask: :func:`run_batch` (``raadskoder run``) and its parts.

- :mod:`~pipeline.batch.manifest`: input files, hashes, stage versions, task plan;
- :mod:`~pipeline.batch.tasks`: what a worker does with a task of files;
- :mod:`~pipeline.batch.store`: atomic Parquet part files, the extraction cache;
- :mod:`~pipeline.batch.metadata`: the municipality/year rule;
- :mod:`~pipeline.batch.surveys`: survey exports with extra header rows;
- :mod:`~pipeline.batch.counts`: theme counts per municipality, year and type;
- :mod:`~pipeline.batch.runner`: the driver; :mod:`~pipeline.batch.progress`: progress.
"""

from pipeline.batch.runner import BatchError, BatchResult, run_batch

__all__ = ["BatchError", "BatchResult", "run_batch"]
