"""What the moderator must know about (a refused write): the last few per session, shown in the panel.

One process: a dict. Several workers: a short list per session in Redis, because the write that
failed and the control panel that must show it are usually on different workers.
"""
from __future__ import annotations

import logging
from collections import defaultdict, deque

log = logging.getLogger(__name__)

KEEP = 5  # the panel shows the latest few; older ones are old news
# A problem concerns a live session; a day after the last one nobody is looking any more.
EXPIRE_SECONDS = 24 * 3600


class ProblemsInMemory:
    def __init__(self):
        self._by_session: dict[int, deque[str]] = defaultdict(lambda: deque(maxlen=KEEP))

    def add(self, session_id: int, message: str) -> None:
        self._by_session[session_id].append(message)

    def of(self, session_id: int) -> list[str]:
        return list(self._by_session.get(session_id, ()))

    def forget(self, session_id: int) -> None:
        self._by_session.pop(session_id, None)


class ProblemsInRedis:
    def __init__(self, url: str):
        import redis  # only a deployment with a message queue needs it (the `redis` extra)

        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._unreachable = redis.RedisError

    def add(self, session_id: int, message: str) -> None:
        key = _key(session_id)
        pipe = self._redis.pipeline()
        pipe.rpush(key, message)
        pipe.ltrim(key, -KEEP, -1)
        pipe.expire(key, EXPIRE_SECONDS)
        try:
            pipe.execute()
        except self._unreachable as exc:  # the warning is lost, the join or write it came with is not
            log.warning("could not keep a problem for the moderator of session %s: %s", session_id, exc)

    def of(self, session_id: int) -> list[str]:
        """The latest problems; none while Redis is away, so the panel still gets its state."""
        try:
            return self._redis.lrange(_key(session_id), 0, -1)
        except self._unreachable as exc:
            log.warning("could not read the problems of session %s: %s", session_id, exc)
            return []

    def forget(self, session_id: int) -> None:
        self._redis.delete(_key(session_id))


def _key(session_id: int) -> str:
    return f"facilitator/problems/{session_id}"


def problem_list(message_queue: str):
    return ProblemsInRedis(message_queue) if message_queue.startswith("redis") else ProblemsInMemory()
