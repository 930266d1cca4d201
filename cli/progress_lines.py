"""Progress of long work as plain lines, for logs and CI where a progress bar cannot redraw."""

from __future__ import annotations

import time
from collections.abc import Callable


class ProgressLines:
    """Says how far the work is at most every ``every_s`` seconds (and always at the last item):
    items done of the total, vectors embedded, their rate and the time left at the rate so far."""

    def __init__(self, label: str, total: int, every_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.total = total
        self.every_s = every_s
        self.clock = clock
        self.started = clock()
        self.last = self.started

    def line(self, done: int, embedded: int, current: str = "") -> str | None:
        """The line to print after ``done`` items, or None when the last one is too recent."""
        now = self.clock()
        if done < self.total and now - self.last < self.every_s:
            return None
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        left = (self.total - done) * elapsed / done if done else 0.0
        return (f"{self.label}: {done}/{self.total} files, {embedded} chunks embedded ({embedded / elapsed:.1f}/s), "
                f"{_clock(elapsed)} elapsed, about {_clock(left)} left{f' [{current}]' if current else ''}")


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}m{rest:02d}s"
