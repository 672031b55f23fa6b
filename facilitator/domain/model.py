"""The things a session is made of, as immutable values."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

# The five-point scale, from one end to the other, then "pass" which is no opinion at all.
SCALE = ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree")
PASS = "pass"
CHOICES = SCALE + (PASS,)

COMMENT_MAX = 500
NAME_MAX = 60
TITLE_MAX = 200
STATEMENT_MAX = 400
SECTOR_MAX = 60
LANGUAGES = ("nl", "en")
DEFAULT_SECTORS = ("Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente", "Anders")


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
    """Where the session is: the lobby (joining), one statement, or the closing screen."""

    kind: str  # "lobby" | "statement" | "end"
    statement_id: int | None = None

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

    @property
    def active(self) -> bool:
        return self.status is SessionStatus.ACTIVE


@dataclass(frozen=True)
class Agenda:
    """A session with its statements in order: everything the flow rules look at."""

    session: Session
    statements: tuple[Statement, ...]

    def statement(self, statement_id: int) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        from .errors import DomainError

        raise DomainError("unknown_statement", statement_id=statement_id)

    def steps(self) -> list[Step]:
        return [Step.lobby(), *(Step.statement(s.id) for s in self.statements), Step.end()]

    def current_statement(self) -> Statement | None:
        step = self.session.step
        return self.statement(step.statement_id) if step.kind == "statement" else None

    def with_changes(self, step: Step | None = None, status: SessionStatus | None = None,
                     statuses: dict[int, StatementStatus] | None = None) -> Agenda:
        statuses = statuses or {}
        session = replace(self.session, step=step or self.session.step, status=status or self.session.status)
        statements = tuple(replace(s, status=statuses.get(s.id, s.status)) for s in self.statements)
        return Agenda(session, statements)


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
