"""A quiet progress line for long uploads: counts, not a wall of log lines."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Prints ``label: done/total (percent)`` at most every ``every`` seconds."""

    def __init__(self, label: str, total: int, stream: TextIO = sys.stderr,
                 every: float = 1.0) -> None:
        self.label, self.total, self.stream, self.every = label, total, stream, every
        self.done = 0
        self._last = 0.0

    def step(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.done == self.total or now - self._last >= self.every:
            self._last = now
            percent = 100 * self.done // self.total if self.total else 100
            self.stream.write(f"{self.label}: {self.done}/{self.total} ({percent}%)\n")
            self.stream.flush()
