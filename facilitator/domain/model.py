"""The things a session is made of, as immutable values."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar
from datetime import datetime
from enum import StrEnum

from .errors import DomainError
from .limits import DEFAULT_ASSIGNMENT, DEFAULT_MINUTES

# The five-point scale, from one end to the other, then "pass" which is no opinion at all.
SCALE = ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree")
PASS = "pass"
CHOICES = SCALE + (PASS,)


class StatementStatus(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class CommentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


class SessionStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True)
class Step:
    """Where the session is: the lobby (joining), a statement, a breakout, or the closing screen."""

    kind: str  # "lobby" | "statement" | "breakout" | "end"
    item_id: int | None = None  # the statement's or the breakout's id

    @classmethod
    def lobby(cls) -> Step:
        return cls("lobby")

    @classmethod
    def end(cls) -> Step:
        return cls("end")

    @classmethod
    def statement(cls, statement_id: int) -> Step:
        return cls("statement", statement_id)

    @classmethod
    def breakout(cls, breakout_id: int) -> Step:
        return cls("breakout", breakout_id)


@dataclass(frozen=True)
class Statement:
    id: int
    position: int
    text: str
    status: StatementStatus = StatementStatus.PENDING
    note: str | None = None  # for the moderator only


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

    kind: ClassVar[str] = "breakout"
    title: str
    groups: tuple[GroupPlan, ...]
    after: int | None = None  # statement position it follows; 0 = before the first; None = at the end
    minutes: int = DEFAULT_MINUTES
    assignment: str = DEFAULT_ASSIGNMENT
    cap: int | None = None  # most members per group, for self_select
    categories: tuple[str, ...] = ()  # empty: the session language's defaults


@dataclass(frozen=True)
class Breakout:
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


@dataclass(frozen=True)
class Session:
    id: int
    code: str
    title: str
    date: str  # ISO date, YYYY-MM-DD
    language: str
    sectors: tuple[str, ...]
    status: SessionStatus = SessionStatus.ACTIVE
    step: Step = field(default_factory=Step.lobby)
    phone_results: bool = True  # after the reveal, phones show the result too (not only the projector)

    @property
    def active(self) -> bool:
        return self.status is SessionStatus.ACTIVE


@dataclass(frozen=True)
class Agenda:
    """A session with its statements and breakouts, and the order of its steps: everything the flow rules look at."""

    session: Session
    statements: tuple[Statement, ...]
    breakouts: tuple[Breakout, ...] = ()
    # The agenda table's rows in order (lobby and end not included); None: the statements, then the breakouts.
    order: tuple[Step, ...] | None = None

    def statement(self, statement_id: int) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise DomainError("unknown_statement", statement_id=statement_id)

    def breakout(self, breakout_id: int) -> Breakout:
        for breakout in self.breakouts:
            if breakout.id == breakout_id:
                return breakout
        raise DomainError("unknown_breakout", breakout_id=breakout_id)

    def steps(self) -> list[Step]:
        """Lobby, then every step in the agenda's order, then the end."""
        order = self.order
        if order is None:
            order = (*(Step.statement(s.id) for s in self.statements), *(Step.breakout(b.id) for b in self.breakouts))
        return [Step.lobby(), *order, Step.end()]

    def current_statement(self) -> Statement | None:
        step = self.session.step
        return self.statement(step.item_id) if step.kind == "statement" else None

    def current_breakout(self) -> Breakout | None:
        step = self.session.step
        return self.breakout(step.item_id) if step.kind == "breakout" else None

    def with_changes(self, step: Step | None = None, status: SessionStatus | None = None,
                     statuses: dict[int, StatementStatus] | None = None,
                     breakout: Breakout | None = None) -> Agenda:
        statuses = statuses or {}
        session = replace(self.session, step=step or self.session.step, status=status or self.session.status)
        statements = tuple(replace(s, status=statuses.get(s.id, s.status)) for s in self.statements)
        breakouts = tuple(breakout if breakout is not None and b.id == breakout.id else b
                          for b in self.breakouts)
        return replace(self, session=session, statements=statements, breakouts=breakouts)


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    number: int  # pseudonymous, per session, shown in the control panel and exports
    sector: str
    name: str = ""


@dataclass(frozen=True)
class Comment:
    id: int
    statement_id: int
    participant_id: int
    text: str
    status: CommentStatus = CommentStatus.PENDING


def insertion_index(order: tuple[Step, ...], statements: tuple[Statement, ...], after: int) -> int:
    """Where a step placed "after statement N" goes in `order`: after that statement and the steps
    that already follow it (0: before the first statement). How decks without `steps:` and the
    control panel's "after" place a breakout, as the agenda did before it had its own table."""
    ids = {s.id: s.position for s in statements}
    for index, step in enumerate(order):
        if step.kind == "statement" and ids.get(step.item_id, 0) > after:
            return index
    return len(order)
