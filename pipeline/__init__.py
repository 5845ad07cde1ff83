"""raadskoder: extract, code and count Danish integration-council documents.

The package is laid out by pipeline stage (see ``docs/architecture.md``):
readers -> clean -> segmenters -> nlp -> classify -> aggregate -> report,
with ``batch`` running the whole chain over archives. Every stage reads and
writes the one segment table defined in :mod:`pipeline.schema`.
"""

__version__ = "0.1.0"
