"""CLI commands for this stage (registered on :data:`pipeline.cli.app.app`)."""

from __future__ import annotations

from pipeline.cli.app import app, fail  # noqa: F401
