"""How a batch job shows its progress: a bar on a terminal, log lines elsewhere, or nothing.

Why two displays: a bar redrawn in place is right for a person at a terminal
and wrong in a log file or CI output, where periodic plain lines are what can
be read afterwards. Progress is measured in the input's own unit: rows for
Parquet (the count is in its metadata), bytes for CSV and JSON Lines (their
row count is unknown until the end, but the file size is not), so the
fraction done and the time left are honest for every format.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Literal, Protocol, TextIO

ProgressMode = Literal["auto", "bar", "log", "off"]


class Progress(Protocol):
    def start(self, total_units: int, done_units: int, done_rows: int) -> None: ...

    def advance(self, units: int, rows: int, words: int) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    """``--quiet``."""

    def start(self, total_units: int, done_units: int, done_rows: int) -> None:
        pass

    def advance(self, units: int, rows: int, words: int) -> None:
        pass

    def close(self) -> None:
        pass


class _Rates:
    """Rows, words and units done, and the rates of this run (resumed work excluded)."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.total_units = 0
        self.units = 0
        self.rows = 0
        self.words = 0
        self._started = clock()
        self._units_now = 0

    def start(self, total_units: int, done_units: int, done_rows: int) -> None:
        self.total_units, self.units, self.rows = total_units, done_units, done_rows
        self._started = self.clock()
        self._units_now = 0

    def advance(self, units: int, rows: int, words: int) -> None:
        self.units += units
        self.rows += rows
        self.words += words
        self._units_now += units

    def words_per_second(self) -> float:
        elapsed = self.clock() - self._started
        return self.words / elapsed if elapsed > 0 else 0.0

    def seconds_left(self) -> float | None:
        elapsed = self.clock() - self._started
        if self._units_now <= 0 or elapsed <= 0:
            return None
        return max(self.total_units - self.units, 0) * elapsed / self._units_now


class LogProgress:
    """A plain line on ``stream`` at most every ``interval`` seconds."""

    def __init__(
        self,
        stream: TextIO | None = None,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self._rates = _Rates(clock)
        self._last = clock()

    def start(self, total_units: int, done_units: int, done_rows: int) -> None:
        self._rates.start(total_units, done_units, done_rows)
        self._last = self._rates.clock()
        if done_rows:
            self._line(f"resuming after {done_rows:,} rows done earlier")

    def advance(self, units: int, rows: int, words: int) -> None:
        self._rates.advance(units, rows, words)
        now = self._rates.clock()
        if now - self._last >= self.interval:
            self._last = now
            self._line(self.status())

    def status(self) -> str:
        r = self._rates
        parts = [f"{r.rows:,} rows"]
        if r.total_units:
            parts[0] += f" ({min(r.units / r.total_units, 1.0):.0%})"
        parts.append(f"{r.words_per_second():,.0f} words/s")
        left = r.seconds_left()
        if left is not None:
            parts.append(f"about {format_seconds(left)} left")
        return ", ".join(parts)

    def close(self) -> None:
        pass

    def _line(self, text: str) -> None:
        print(f"corefine: batch: {text}", file=self.stream, flush=True)


class BarProgress:
    """A rich progress bar on standard error: fraction, rows, words/s, time left."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._rates = _Rates(time.monotonic)
        self._bar = Progress(
            TextColumn("corefine batch"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} rows · {task.fields[wps]:,.0f} words/s"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._bar.add_task("batch", total=None, rows=0, wps=0.0, start=False)

    def start(self, total_units: int, done_units: int, done_rows: int) -> None:
        self._rates.start(total_units, done_units, done_rows)
        self._bar.update(
            self._task, total=total_units or None, completed=done_units, rows=done_rows
        )
        self._bar.start_task(self._task)
        self._bar.start()

    def advance(self, units: int, rows: int, words: int) -> None:
        self._rates.advance(units, rows, words)
        r = self._rates
        self._bar.update(self._task, advance=units, rows=r.rows, wps=r.words_per_second())

    def close(self) -> None:
        self._bar.stop()


def make_progress(mode: ProgressMode) -> Progress:
    """``auto``: a bar when standard error is a terminal, log lines when it is not."""
    if mode == "off":
        return NoProgress()
    if mode == "bar" or (mode == "auto" and sys.stderr.isatty()):
        return BarProgress()
    return LogProgress()


def format_seconds(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 07 min``."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"
