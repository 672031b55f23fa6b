"""Sessions by join code, kept for a second, and participants by token: the lookups every page and
socket of a phone begins with.

A hall joining at once asks for the same session four times per phone (join page, form, phone page,
socket): in the benchmark that lookup was the largest single cost of a join. The store stays the
truth: every write reads the session again inside its own transaction, a write in this process
forgets what it changed as soon as it is committed, and a change made by another worker shows here
within MAX_AGE (a page may show a session's previous status for that long; its socket then gets the
current state).
"""
from __future__ import annotations

import time

from ..domain.model import Participant, Session

MAX_AGE = 1.0  # seconds
LIMIT = 1024  # guessed codes are never kept (only found sessions), so this only bounds real ones
# A participant row never changes and goes only with its session, which every page and socket looks
# up first: a kept participant can be older without ever being wrong.
PARTICIPANT_MAX_AGE = 60.0
PARTICIPANT_LIMIT = 8192


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


class ParticipantCache:
    """Participants by the hash of their token. A phone that joins is looked up by its phone page and
    then by its socket, within a second of joining: both found here, kept when it joined. Guessed
    tokens are never kept (only found participants), so a flood of them cannot grow it."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._by_token: dict[str, tuple[Participant, float]] = {}

    def get(self, session_id: int, token_hash: str) -> Participant | None:
        kept = self._by_token.get(token_hash)
        if kept is None or kept[0].session_id != session_id or self._clock() - kept[1] > PARTICIPANT_MAX_AGE:
            return None
        return kept[0]

    def keep(self, participant: Participant, token_hash: str) -> None:
        if len(self._by_token) >= PARTICIPANT_LIMIT:
            self._by_token.clear()
        self._by_token[token_hash] = (participant, self._clock())
