"""The things a session is made of, as immutable values."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import DomainError

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
    """Where the session is: the lobby (joining), a step of the agenda, or the closing screen."""

    kind: str  # "lobby", "end", or a kind of step (facilitator/steps: "statement", ...)
    item_id: int | None = None  # the id of the step's item in its kind's own table

    @classmethod
    def lobby(cls) -> Step:
        return cls("lobby")

    @classmethod
    def end(cls) -> Step:
        return cls("end")

    @classmethod
    def statement(cls, statement_id: int) -> Step:
        return cls("statement", statement_id)


@dataclass(frozen=True)
class Statement:
    id: int
    position: int
    text: str
    status: StatementStatus = StatementStatus.PENDING
    note: str | None = None  # for the moderator only


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
    """A session with its statements, the items of the other kinds that the flow rules look at, and
    the order of its steps: everything a transition reads and changes."""

    session: Session
    statements: tuple[Statement, ...]
    # The items of the kinds whose state transitions change (each has a `kind` and an `id`; the store
    # reads and saves them through the kind's Kind.agenda_items and Kind.save_item).
    items: tuple = ()
    # The agenda table's rows in order (lobby and end not included); None: the statements, then the items.
    order: tuple[Step, ...] | None = None

    def statement(self, statement_id: int) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise DomainError("unknown_statement", statement_id=statement_id)

    def item(self, kind: str, item_id: int):
        """The item of this kind with this id, or DomainError("unknown_<kind>")."""
        for item in self.items:
            if item.kind == kind and item.id == item_id:
                return item
        raise DomainError(f"unknown_{kind}", **{f"{kind}_id": item_id})

    def items_of(self, kind: str) -> tuple:
        return tuple(item for item in self.items if item.kind == kind)

    def current(self, kind: str):
        """The item of this kind on screen, or None when the step on screen is of another kind."""
        step = self.session.step
        return self.item(kind, step.item_id) if step.kind == kind else None

    def steps(self) -> list[Step]:
        """Lobby, then every step in the agenda's order, then the end."""
        order = self.order
        if order is None:
            order = (*(Step.statement(s.id) for s in self.statements), *(Step(i.kind, i.id) for i in self.items))
        return [Step.lobby(), *order, Step.end()]

    def current_statement(self) -> Statement | None:
        step = self.session.step
        return self.statement(step.item_id) if step.kind == "statement" else None

    def with_changes(self, step: Step | None = None, status: SessionStatus | None = None,
                     statuses: dict[int, StatementStatus] | None = None, item=None) -> Agenda:
        """A copy with the step, session status and statement statuses changed, and `item` in place
        of the item of its kind with its id."""
        statuses = statuses or {}
        session = replace(self.session, step=step or self.session.step, status=status or self.session.status)
        statements = tuple(replace(s, status=statuses.get(s.id, s.status)) for s in self.statements)
        items = self.items
        if item is not None:
            items = tuple(item if (i.kind, i.id) == (item.kind, item.id) else i for i in items)
        return replace(self, session=session, statements=statements, items=items)


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
    control panel's "after" place a step, as the agenda did before it had its own table."""
    ids = {s.id: s.position for s in statements}
    for index, step in enumerate(order):
        if step.kind == "statement" and ids.get(step.item_id, 0) > after:
            return index
    return len(order)
