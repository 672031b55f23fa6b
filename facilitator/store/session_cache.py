"""Sessions by join code, kept for a second: the lookup every page and socket of a phone begins with.

A hall joining at once asks for the same session four times per phone (join page, form, phone page,
socket): in the benchmark that lookup was the largest single cost of a join. The store stays the
truth: every write reads the session again inside its own transaction, a write in this process
forgets what it changed as soon as it is committed, and a change made by another worker shows here
within MAX_AGE (a page may show a session's previous status for that long; its socket then gets the
current state).
"""
from __future__ import annotations

import time

from ..domain.model import Session

MAX_AGE = 1.0  # seconds
LIMIT = 1024  # guessed codes are never kept (only found sessions), so this only bounds real ones


class SessionCache:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._by_code: dict[str, tuple[Session, float]] = {}
        # Bumped by every forget(): a lookup that began before a change must not keep what it read.
        self.generation = 0

    def get(self, code: str) -> Session | None:
        kept = self._by_code.get(code)
        if kept is None or self._clock() - kept[1] > MAX_AGE:
            return None
        return kept[0]

    def keep(self, session: Session, generation: int) -> None:
        if generation != self.generation:
            return
        if len(self._by_code) >= LIMIT:
            self._by_code.clear()
        self._by_code[session.code] = (session, self._clock())

    def forget(self, session_ids: set[int]) -> None:
        self.generation += 1
        for code, (session, _at) in list(self._by_code.items()):
            if session.id in session_ids:
                del self._by_code[code]
