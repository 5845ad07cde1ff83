"""Run a benchmark step in a fresh Python process and read back its JSON figures.

Peak memory (``getrusage`` maxrss) belongs to a whole process, so each measured
step runs in its own interpreter; the child prints one JSON line as its last
line of output.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(script: str, args: list[str], label: str) -> dict | None:
    """Run ``python script args...``; return its last-line JSON, or print why it failed."""
    proc = subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(f"{label}: failed\n{proc.stderr.strip()[-2000:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])
