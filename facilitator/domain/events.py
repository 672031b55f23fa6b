"""What happened, in the past tense. Actions return these; each says who must hear it (`rooms()`),
and broadcast.py turns that into Socket.IO rooms without knowing one event from another."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

EVERYONE = "everyone"  # in Rooms.personal: every participant of the session


@dataclass(frozen=True)
class Rooms:
    """Who must hear an event. Screens and panels are told on the next beat (coalesced), phones at once.

    screens: the session's projector and control panel get a new `state`.
    panel: the control panel alone gets one (what only the moderator sees changed).
    phones: every phone gets the room's shared `state` at once (what everyone sees changed).
    personal: these participants' phones (or EVERYONE) get their own `state` (their vote, group ...).
    personal_step: the step on screen is now of this kind; every phone gets its own `state` when the
        kind gives phones a part of their own (steps/<kind>: PERSONAL), so broadcast asks the registry.
    groups: the boards of these groups go to their members.
    let_go: the session is gone; its screens are let go.
    """

    screens: bool = True
    panel: bool = False
    phones: bool = False
    personal: tuple[int, ...] | str = ()
    personal_step: str | None = None
    groups: tuple[int, ...] = ()
    let_go: bool = False


@dataclass(frozen=True)
class Event:
    name: ClassVar[str] = "event"
    # Events that change what every screen shows (not just a count) are pushed to phones at once.
    changes_screen: ClassVar[bool] = False
    session_id: int

    def rooms(self) -> Rooms:
        return Rooms(phones=self.changes_screen)

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

    def rooms(self) -> Rooms:
        return Rooms(screens=False, panel=True)


@dataclass(frozen=True)
class CommentModerated(Event):
    name: ClassVar[str] = "comment-moderated"
    statement_id: int
    comment_id: int
    status: str
    participant_id: int  # the author, whose phone shows the comment's status

    def rooms(self) -> Rooms:
        return Rooms(personal=(self.participant_id,))


@dataclass(frozen=True)
class StepChanged(Event):
    name: ClassVar[str] = "step-changed"
    changes_screen: ClassVar[bool] = True
    kind: str
    item_id: int | None

    def rooms(self) -> Rooms:
        return Rooms(phones=True, personal_step=self.kind)


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
class SessionDeleted(Event):
    """The session and everything in it are gone; its screens must be let go."""

    name: ClassVar[str] = "session-deleted"

    def rooms(self) -> Rooms:
        return Rooms(screens=False, let_go=True)
