"""Run every ``benchmarks/bench_*.py`` in turn and print their figures (``make bench``).

Each benchmark runs in its own process, so one's memory and imports do not
colour another's figures; the exit status is non-zero when any of them failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"\n######## {script.name} ########", flush=True)
        t = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=here.parent)
        print(f"######## {script.name}: exit {code} in {time.perf_counter() - t:.0f} s", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
