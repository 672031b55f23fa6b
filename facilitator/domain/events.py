"""What happened, in the past tense. Actions return these; broadcast.py decides who is told."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Event:
    name: ClassVar[str] = "event"
    # Events that change what every screen shows (not just a count) are pushed at once.
    changes_screen: ClassVar[bool] = False
    session_id: int

    def payload(self) -> dict:
        return {"type": self.name, "data": asdict(self)}


@dataclass(frozen=True)
class ParticipantJoined(Event):
    name: ClassVar[str] = "participant-joined"
    participant_id: int
    sector: str


@dataclass(frozen=True)
class VoteRecorded(Event):
    name: ClassVar[str] = "vote-recorded"
    statement_id: int
    participant_id: int
    choice: str


@dataclass(frozen=True)
class CommentSubmitted(Event):
    name: ClassVar[str] = "comment-submitted"
    statement_id: int
    comment_id: int


@dataclass(frozen=True)
class ScreenSeen(Event):
    """A projector screen said it is still drawing; only the control panel needs to know."""
    name: ClassVar[str] = "screen-seen"
    screen_id: str


@dataclass(frozen=True)
class CommentModerated(Event):
    name: ClassVar[str] = "comment-moderated"
    statement_id: int
    comment_id: int
    status: str
    participant_id: int  # the author, whose phone shows the comment's status


@dataclass(frozen=True)
class StepChanged(Event):
    name: ClassVar[str] = "step-changed"
    changes_screen: ClassVar[bool] = True
    kind: str
    item_id: int | None


@dataclass(frozen=True)
class StatementOpened(Event):
    name: ClassVar[str] = "statement-opened"
    changes_screen: ClassVar[bool] = True
    statement_id: int


@dataclass(frozen=True)
class StatementClosed(Event):
    name: ClassVar[str] = "statement-closed"
    changes_screen: ClassVar[bool] = True
    statement_id: int


@dataclass(frozen=True)
class StatementRevealed(Event):
    name: ClassVar[str] = "statement-revealed"
    changes_screen: ClassVar[bool] = True
    statement_id: int


@dataclass(frozen=True)
class SessionEnded(Event):
    name: ClassVar[str] = "session-ended"
    changes_screen: ClassVar[bool] = True


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


@dataclass(frozen=True)
class BoardChanged(Event):
    """A note, upvote, key point or the reporter of one group changed; only that group is told."""

    name: ClassVar[str] = "board-changed"
    group_id: int


@dataclass(frozen=True)
class KeyPointSupported(Event):
    name: ClassVar[str] = "key-point-supported"
    note_id: int


@dataclass(frozen=True)
class SessionDeleted(Event):
    """The session and everything in it are gone; its screens must be let go."""

    name: ClassVar[str] = "session-deleted"
