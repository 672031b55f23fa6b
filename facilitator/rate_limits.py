"""Limits that stop one phone (or one address) from flooding everybody else.

Counted with the `limits` library in a moving window, in Redis when the server has a message
queue there (so every worker counts together), else in this process.
"""
from __future__ import annotations

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .domain.errors import DomainError

# A phone may vote, change its vote, comment and write notes briskly, but not like a script.
PARTICIPANT_WRITES = parse("30 per 10 seconds")
# Guessing join codes: a person mistypes a few times, a script tries thousands.
WRONG_CODES = parse("20 per minute")


class RateLimits:
    def __init__(self, storage_url: str = ""):
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_url or "memory://"))

    def participant_write(self, participant_id: int) -> None:
        """Raise rate_limited when this participant (all its connections together) writes too fast."""
        if not self.limiter.hit(PARTICIPANT_WRITES, "participant", str(participant_id)):
            raise DomainError("rate_limited")

    def wrong_code(self, address: str | None) -> bool:
        """Count a join attempt with a wrong code; False once this address has made too many."""
        return self.limiter.hit(WRONG_CODES, "wrong-code", address or "unknown")

    def may_try_code(self, address: str | None) -> bool:
        return self.limiter.test(WRONG_CODES, "wrong-code", address or "unknown")
