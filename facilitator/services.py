"""What every action needs: the store, the publisher of events, the clock and the dice.

Its own module so that actions.py and group_actions.py both use it without importing each other.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .domain.events import Event
from .store import Store


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Services:
    """One per app, kept in app.extensions["facilitator"]."""

    store: Store
    publish: Callable[[tuple[Event, ...]], None]
    clock: Callable[[], datetime] = utc_now  # the one wall clock; tests pass their own
    rng: random.Random = field(default_factory=random.Random)  # group placement; seeded in tests
