"""Which worker sends a session's projector and control-panel update on this beat.

One process: always this one, without asking anybody (the laptop pays nothing for workers it does
not have). Several workers on one message queue: each would otherwise send its own update of a
session that got votes on every worker, N updates per beat where one would do, and every one of
them fanned out through Redis to every worker. So a worker first claims the session's beat in Redis.

Claiming is safe for what the loser changed: a winner reads the store after it claimed, so it sees
everything committed before the claim, but a loser's vote may have been committed after the
winner's read. The loser therefore leaves a "pending" mark, which the next claim wipes; at the next
beat the loser looks again: mark wiped means a later winner read after its change (it is shown),
mark still there means nobody has sent since, and it claims again itself. A change is shown within
a beat or two, whichever worker made it, and a session never gets more than one update per beat.
"""
from __future__ import annotations

from collections.abc import Iterable

# KEYS[1] the beat's lock, KEYS[2] the pending mark; ARGV[1] the beat in ms, ARGV[2] "new" or "again",
# ARGV[3] how long a pending mark may wait for a claim (ms). Returns 1: send now, 0: lost, 2: shown.
# One script, so that a claim and the wiping of the mark are one step no other worker can split.
CLAIM = """
if ARGV[2] == "again" and redis.call("EXISTS", KEYS[2]) == 0 then return 2 end
if redis.call("SET", KEYS[1], "1", "NX", "PX", ARGV[1]) then
  redis.call("DEL", KEYS[2])
  return 1
end
redis.call("SET", KEYS[2], "1", "PX", ARGV[3])
return 0
"""
PENDING_MS = 60_000  # far beyond any beat; only ends the mark of a worker that died meanwhile
SENT, LOST, SHOWN = 1, 0, 2


class OneProcess:
    """Every session's beat is this process's own."""

    def claim(self, audience: str, session_ids: set[int]) -> set[int]:
        return session_ids


class SharedBeats:
    """Claims each session's beat in Redis, so that one worker of many sends it."""

    def __init__(self, url: str, interval: float):
        import redis  # only a deployment with a message queue needs it (the `redis` extra)

        self._redis = redis.Redis.from_url(url)
        self._claim = self._redis.register_script(CLAIM)
        self._beat_ms = max(1, int(interval * 1000))
        self._lost: dict[str, set[int]] = {}  # audience -> sessions lost last beat, to look at again

    def claim(self, audience: str, session_ids: set[int]) -> set[int]:
        """The sessions this worker sends now; the others are another worker's this beat."""
        again = self._lost.pop(audience, set()) - session_ids
        if not session_ids and not again:
            return set()
        asks = [(session_id, "new") for session_id in session_ids] + [(session_id, "again") for session_id in again]
        answers = self._ask(audience, asks)
        self._lost[audience] = {session_id for (session_id, _), answer in zip(asks, answers) if answer == LOST}
        return {session_id for (session_id, _), answer in zip(asks, answers) if answer == SENT}

    def _ask(self, audience: str, asks: Iterable[tuple[int, str]]) -> list[int]:
        # One round trip for every session of the beat, not one per session.
        pipe = self._redis.pipeline(transaction=False)
        for session_id, how in asks:
            self._claim(keys=[f"facilitator/beat/{audience}/{session_id}",
                              f"facilitator/pending/{audience}/{session_id}"],
                        args=[self._beat_ms, how, PENDING_MS], client=pipe)
        return [int(answer) for answer in pipe.execute()]


def screen_turns(message_queue: str, interval: float):
    return SharedBeats(message_queue, interval) if message_queue.startswith("redis") else OneProcess()
