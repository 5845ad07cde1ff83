"""Command-line interface: thin typer commands over the library functions.

Each module here registers the commands of one stage on the shared ``app``;
the commands parse arguments and call functions that the tests also call.
"""

from __future__ import annotations

from pipeline.cli import batch, coding, extract, nlp, reporting  # noqa: F401  (register)
from pipeline.cli.app import app


def main() -> None:
    """Console entry point (``raadskoder``)."""
    app()


__all__ = ["app", "main"]
