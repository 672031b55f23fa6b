"""Figures from a load run: percentiles, the summary table and the progress bar."""
from __future__ import annotations

import math
import sys


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile; None when there is nothing to measure."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict:
    """p50, p95, p99 and max in milliseconds."""
    return {name: (None if v is None else round(v * 1000, 1)) for name, v in
            (("p50_ms", percentile(values, 50)), ("p95_ms", percentile(values, 95)),
             ("p99_ms", percentile(values, 99)), ("max_ms", max(values) if values else None))}


def table(rows: list[tuple[str, object]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name.ljust(width)}  {_show(value)}" for name, value in rows)


def _show(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


class Progress:
    """A one-line bar on stderr, redrawn at most every 1%."""

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done = 0
        self._shown = -1

    def step(self, n: int = 1) -> None:
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        # Redrawing in place needs a terminal; a log file gets a line every quarter instead.
        every = 1 if self.stream.isatty() else 25
        if percent != self._shown and (percent % every == 0):
            self._shown = percent
            filled = percent // 4
            end = "" if self.stream.isatty() else "\n"
            self.stream.write(f"\r  {self.label:<10} [{'#' * filled}{'.' * (25 - filled)}] "
                              f"{self.done}/{self.total}{end}")
            self.stream.flush()

    def finish(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()
