"""Shared by the batch tests: the archive generator of ``benchmarks/``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_archive_module():
    """Import ``benchmarks/make_archive.py`` (the benchmarks folder is not a package)."""
    if "make_archive" not in sys.modules:
        path = ROOT / "benchmarks" / "make_archive.py"
        spec = importlib.util.spec_from_file_location("make_archive", path)
        sys.modules["make_archive"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["make_archive"])
    return sys.modules["make_archive"]
