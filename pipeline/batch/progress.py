"""Progress of a batch: a rich bar on a terminal, plain lines in logs and CI."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts files and pages as tasks finish and shows files, pages/s and time left."""

    def __init__(self, stream: TextIO | None = None, *, fancy: bool | None = None,
                 every: float = 2.0):
        self.stream = stream or sys.stderr
        self.fancy = self.stream.isatty() if fancy is None else fancy
        self.every = every

    def start(self, total_files: int) -> None:
        self.total, self.files, self.pages = total_files, 0, 0
        self.t0 = self._last = time.perf_counter()
        self._bar = None
        if self.fancy and total_files:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("files"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("run", total=total_files, rate="-")

    def advance(self, files: int, pages: int) -> None:
        self.files += files
        self.pages += pages
        now = time.perf_counter()
        rate = self.pages / max(now - self.t0, 1e-9)
        if self._bar is not None:
            self._bar.update(self._task, advance=files, rate=f"{rate:.1f}")
        elif now - self._last >= self.every or self.files >= self.total:
            self._last = now
            left = (now - self.t0) / self.files * (self.total - self.files) if self.files else 0
            self.line(f"[{self.files}/{self.total} files] {self.pages} pages, {rate:.1f} pages/s, "
                      f"about {left:.0f} s left")

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class Silent(Progress):
    """No output (library use and tests)."""

    def __init__(self):
        super().__init__(fancy=False)

    def line(self, text: str) -> None:
        pass
