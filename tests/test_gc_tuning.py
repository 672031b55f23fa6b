"""Full collections wait for a quiet moment (facilitator/gc_tuning.py): never in the middle of a vote
storm, but at the latest every AT_LEAST_EVERY seconds, and not at all when nothing has changed."""
from __future__ import annotations

from facilitator.gc_tuning import AT_LEAST_EVERY, QUIET, WORTH_IT, QuietCollections


class Heap:
    """A clock and a count of young collections, moved by the test."""

    def __init__(self):
        self.now, self.young, self.full = 0.0, 0, 0

    def run(self, seconds: float, young_per_second: float, schedule: QuietCollections) -> None:
        for _ in range(int(seconds / (QUIET / 4))):
            self.now += QUIET / 4
            self.young += young_per_second * QUIET / 4
            schedule.tick()


def _schedule(heap: Heap) -> QuietCollections:
    def collect():
        heap.full += 1
    return QuietCollections(lambda: heap.now, collect, lambda: int(heap.young))


def test_no_full_collection_while_the_room_votes_then_one_once_it_is_quiet():
    heap = Heap()
    schedule = _schedule(heap)
    heap.run(60, young_per_second=50, schedule=schedule)  # a storm: a collection of the young every 20 ms
    assert heap.full == 0
    heap.run(QUIET * 2, young_per_second=0, schedule=schedule)
    assert heap.full == 1
    heap.run(60, young_per_second=0, schedule=schedule)  # nothing new: nothing to walk
    assert heap.full == 1


def test_a_server_that_is_never_quiet_still_collects_every_few_minutes():
    heap = Heap()
    schedule = _schedule(heap)
    heap.run(AT_LEAST_EVERY * 3 + 1, young_per_second=50, schedule=schedule)
    assert heap.full == 3


def test_a_little_traffic_is_not_worth_a_full_collection():
    heap = Heap()
    schedule = _schedule(heap)
    heap.run(QUIET * 10, young_per_second=(WORTH_IT - 1) / (QUIET * 10), schedule=schedule)
    assert heap.full == 0
