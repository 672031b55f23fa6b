"""The garbage collector, settled once the server has started.

CPython's full collection walks every container object the process holds, on the one thread that
also serves every phone. With a hall connected that is some 300,000 objects: in the benchmark a full
collection took 100 to 350 ms, and it came when the heap had grown by a quarter, that is, in the
middle of the joins and the votes, where every phone waits it out. So:

- what startup made (Flask, SQLAlchemy, templates, translations: half of those objects, living as
  long as the process) is frozen (gc.freeze, made for this) and never walked again;
- full collections are taken off the automatic schedule and run when the server is quiet (almost
  nothing allocated for QUIET seconds: between statements, while the room talks), and at least every
  AT_LEAST_EVERY seconds whatever happens, so memory held in cycles is still given back. The young
  generations are collected as always: their pauses are short.
"""
from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

QUIET = 2.0  # seconds in which the youngest generation was collected at most once
AT_LEAST_EVERY = 300.0
WORTH_IT = 20  # young collections since the last full one (some 14,000 new objects): else nothing to find
NEVER = 1 << 30  # a threshold the automatic schedule of full collections never reaches


def freeze_what_startup_made() -> None:
    gc.collect()  # what startup threw away goes first; only what it keeps is frozen
    gc.freeze()


def collect_when_quiet(sleep: Callable[[float], None], clock: Callable[[], float] = time.monotonic) -> None:
    """Run for ever (a background task of the server): full collections at quiet moments."""
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    schedule = QuietCollections(clock)
    while True:
        sleep(QUIET / 4)
        try:
            schedule.tick()
        except Exception:  # the server must keep serving whatever the collector does
            log.exception("full collection failed")


class QuietCollections:
    def __init__(self, clock: Callable[[], float], collect: Callable[[], object] = gc.collect,
                 young_collections: Callable[[], int] = lambda: gc.get_stats()[0]["collections"]):
        self._clock, self._collect, self._young_collections = clock, collect, young_collections
        self._last_full = clock()
        self._young_at_last_full = young_collections()
        self._seen = [(clock(), self._young_at_last_full)]  # (when, young collections so far)

    def tick(self) -> bool:
        """Collect if quiet (or overdue) and the heap has changed since the last time; True if it did."""
        now, count = self._clock(), self._young_collections()
        self._seen = [(at, n) for at, n in self._seen if now - at <= QUIET] + [(now, count)]
        oldest_at, oldest_count = self._seen[0]
        quiet = now - oldest_at >= QUIET * 0.75 and count - oldest_count <= 1
        since_full = count - self._young_at_last_full
        if (quiet and since_full >= WORTH_IT) or (now - self._last_full >= AT_LEAST_EVERY and since_full > 0):
            self._collect()
            self._last_full, self._young_at_last_full = self._clock(), self._young_collections()
            return True
        return False
