"""The values of group work, and the events its verbs publish. Pure: no IO.

A breakout is an item of the agenda (Agenda.items, with its `kind`): the flow rules of domain.py
read it from there and hand back a changed copy, which the store saves (Kind.save_item).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from facilitator.domain.events import Event, Rooms
from facilitator.domain.model import Agenda

from .limits import DEFAULT_ASSIGNMENT, DEFAULT_MINUTES

KIND = "breakout"


class BreakoutStatus(StrEnum):
    PENDING = "pending"   # prepared; nobody placed yet
    OPEN = "open"         # groups known and shown; the clock has not started
    RUNNING = "running"   # the clock runs
    PAUSED = "paused"
    ENDED = "ended"       # work is over; report-back may follow


@dataclass(frozen=True)
class GroupPlan:
    """A group as prepared in a deck or the control panel, before the session has ids."""

    name: str
    place: str = ""
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class BreakoutPlan:
    """A breakout step as prepared: where it goes in the agenda, its groups and its rules."""

    kind: ClassVar[str] = KIND
    title: str
    groups: tuple[GroupPlan, ...]
    after: int | None = None  # statement position it follows; 0 = before the first; None = at the end
    minutes: int = DEFAULT_MINUTES
    assignment: str = DEFAULT_ASSIGNMENT
    cap: int | None = None  # most members per group, for self_select
    categories: tuple[str, ...] = ()  # empty: the session language's defaults


@dataclass(frozen=True)
class Breakout:
    kind: ClassVar[str] = KIND  # an item of the agenda (Agenda.items)
    id: int
    title: str
    duration: int  # seconds planned
    assignment: str
    cap: int | None
    categories: tuple[str, ...]
    status: BreakoutStatus = BreakoutStatus.PENDING
    remaining: int = 0  # seconds left while not running
    ends_at: datetime | None = None  # while running
    message: str = ""
    reporting: int | None = None  # number of the group whose key points are on screen

    def seconds_left(self, now: datetime) -> int:
        if self.status is BreakoutStatus.RUNNING and self.ends_at is not None:
            return max(0, int((self.ends_at - now).total_seconds() + 0.999))
        return self.remaining

    @property
    def placing(self) -> bool:
        """Whether newcomers are placed in a group now (the groups are open, the work not over)."""
        return self.status in (BreakoutStatus.OPEN, BreakoutStatus.RUNNING, BreakoutStatus.PAUSED)


@dataclass(frozen=True)
class Group:
    id: int
    breakout_id: int
    number: int
    name: str
    place: str = ""
    questions: tuple[str, ...] = ()
    reporter_id: int | None = None


@dataclass(frozen=True)
class Note:
    id: int
    group_id: int
    participant_id: int
    client_id: str
    category: str
    text: str
    hidden: bool = False
    key_point: bool = False


# -- the breakouts of an agenda ----------------------------------------------------------------------
def breakout_of(agenda: Agenda, breakout_id: int) -> Breakout:
    """The session's breakout with this id, or DomainError("unknown_breakout")."""
    return agenda.item(KIND, breakout_id)


def current_breakout(agenda: Agenda) -> Breakout | None:
    """The breakout on screen, if a breakout is."""
    return agenda.current(KIND)


def breakouts_of(agenda: Agenda) -> tuple[Breakout, ...]:
    return agenda.items_of(KIND)


# -- events ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BreakoutChanged(Event):
    """Status, clock, message or report-back of a breakout changed: every screen redraws."""

    name: ClassVar[str] = "breakout-changed"
    changes_screen: ClassVar[bool] = True
    breakout_id: int


@dataclass(frozen=True)
class ParticipantsPlaced(Event):
    """These participants got (or changed) their group; each phone is told its own."""

    name: ClassVar[str] = "participants-placed"
    breakout_id: int
    participant_ids: tuple[int, ...]

    def rooms(self) -> Rooms:
        return Rooms(personal=self.participant_ids)


@dataclass(frozen=True)
class BoardChanged(Event):
    """A note, upvote, key point or the reporter of one group changed; only that group is told."""

    name: ClassVar[str] = "board-changed"
    group_id: int

    def rooms(self) -> Rooms:
        return Rooms(groups=(self.group_id,))


@dataclass(frozen=True)
class KeyPointSupported(Event):
    name: ClassVar[str] = "key-point-supported"
    note_id: int
