"""Limits that stop one phone, one script or one guesser from spoiling the session for everybody else.

What counts against an address is failures only (a wrong join code, a wrong password): a hall of a
thousand phones shares one NAT address, and its phones joining, reloading and reconnecting with the
right code, token or key never use up anything. What a participant sends counts against that
participant (all its connections together), never against its address.

Counted in fixed windows. In this process, a plain dict: the check is a dict lookup, and stale
windows are swept now and then, not by a timer (the `limits` library's memory storage walks every
key every 10 ms on the event loop, which cost 41% of the server's CPU in a vote burst). With a
message queue in Redis, in Redis through `limits`' storage, so that every worker counts together.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from limits.storage import storage_from_string

from .domain.errors import DomainError


@dataclass(frozen=True)
class Limit:
    name: str
    amount: int
    seconds: int


# A phone may vote, change its vote, comment and write notes briskly, but not like a script.
PARTICIPANT_WRITES = Limit("participant-writes", 30, 10)
# A phone that goes on writing after it was told to slow down, twice its allowance in one window, is
# a script: it is let go and may not come back until the window is over. Refusing each of its events
# is cheap, but it re-sends the moment it is answered, and Socket.IO's own work on a flood slowed
# everybody else's acknowledgements threefold.
FLOODING_AFTER = 2 * PARTICIPANT_WRITES.amount
# `sync` builds a full snapshot: a phone needs one now and then, a loop asking for it is an attack.
SYNCS = Limit("sync", 10, 10)
# Guessing join codes. Only wrong codes count, so a hall behind one address reaches this only if
# someone there tries codes on purpose: even a thousand people mistyping now and then stay far below.
# At 100 a minute, finding one of a few live codes among 887 million takes years.
WRONG_CODES = Limit("wrong-codes", 100, 60)
# The organiser's password: a person mistypes a few times, a script tries thousands.
WRONG_PASSWORDS = Limit("wrong-passwords", 10, 60)
# Joins of one session from one address faster than people scan a code, pick a sector and tap
# "join": not refused (a hall behind one NAT joins like that), but the moderator is told.
FAST_JOINS = Limit("joins", 30, 60)


class RateLimits:
    def __init__(self, storage_url: str = "", clock=time.monotonic):
        shared = storage_url.startswith("redis")
        self._counter = RedisCounter(storage_url) if shared else MemoryCounter(clock)
        self._clock = time.time if shared else clock  # workers agree on windows by the wall clock

    def participant_write(self, participant_id: int) -> None:
        """Raise rate_limited when this participant (all its connections together) writes too fast."""
        self._within(PARTICIPANT_WRITES, str(participant_id))

    def is_flooding(self, participant_id: int) -> bool:
        """Whether this participant wrote more than FLOODING_AFTER times in the current window."""
        return self._count(PARTICIPANT_WRITES, str(participant_id)) > FLOODING_AFTER

    def sync(self, participant_id: int) -> None:
        self._within(SYNCS, str(participant_id))

    def may_guess_code(self, address: str | None) -> bool:
        """Whether a request that carries only a join code may be looked up at all.

        Once an address has made too many wrong guesses, a right code is refused too: answering it
        would tell the guesser which code is right. A valid token or key is never asked this.
        """
        return self._count(WRONG_CODES, address or "unknown") < WRONG_CODES.amount

    def wrong_code(self, address: str | None) -> None:
        self._hit(WRONG_CODES, address or "unknown")

    def may_try_password(self, address: str | None) -> bool:
        return self._count(WRONG_PASSWORDS, address or "unknown") < WRONG_PASSWORDS.amount

    def wrong_password(self, address: str | None) -> None:
        self._hit(WRONG_PASSWORDS, address or "unknown")

    def joined(self, session_id: int, address: str | None) -> bool:
        """Count a join; True exactly once per window, when joins from this address become too fast."""
        return self._hit(FAST_JOINS, f"{session_id}/{address or 'unknown'}") == FAST_JOINS.amount + 1

    def _within(self, limit: Limit, key: str) -> None:
        if self._hit(limit, key) > limit.amount:
            raise DomainError("rate_limited")

    def _hit(self, limit: Limit, key: str) -> int:
        return self._counter.incr(self._key(limit, key), limit.seconds)

    def _count(self, limit: Limit, key: str) -> int:
        return self._counter.get(self._key(limit, key))

    def _key(self, limit: Limit, key: str) -> str:
        return f"facilitator/{limit.name}/{key}/{int(self._clock() // limit.seconds)}"


class MemoryCounter:
    """Counts per key in this process; a key lives until its window has passed."""

    SWEEP_EVERY = 10.0  # seconds between sweeps of expired windows

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._counts: dict[str, list] = {}  # key -> [count, expires_at]
        self._next_sweep = clock() + self.SWEEP_EVERY

    def incr(self, key: str, expiry: int) -> int:
        now = self._clock()
        if now >= self._next_sweep:
            self._sweep(now)
        entry = self._counts.get(key)
        if entry is None:
            entry = self._counts[key] = [0, now + expiry]
        entry[0] += 1
        return entry[0]

    def get(self, key: str) -> int:
        entry = self._counts.get(key)
        return entry[0] if entry else 0

    def _sweep(self, now: float) -> None:
        self._counts = {key: entry for key, entry in self._counts.items() if entry[1] > now}
        self._next_sweep = now + self.SWEEP_EVERY


class RedisCounter:
    """The same counts in Redis, shared by every worker; Redis expires the windows itself."""

    def __init__(self, url: str):
        self._storage = storage_from_string(url)

    def incr(self, key: str, expiry: int) -> int:
        return self._storage.incr(key, expiry)

    def get(self, key: str) -> int:
        return self._storage.get(key)
