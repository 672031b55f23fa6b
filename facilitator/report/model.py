"""The report as one immutable value that every renderer (HTML, CSV, JSON, later PDF/DOCX/XLSX) reads.

People appear only by their pseudonymous per-session number and sector: never by name, token or id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.tally import Tally


@dataclass(frozen=True)
class Attendance:
    total: int
    by_sector: tuple[tuple[str, int], ...]  # (sector, participants), in the report's sector order


@dataclass(frozen=True)
class ReportComment:
    text: str
    sector: str
    choice: str | None  # the author's vote on this statement; None if they did not vote


@dataclass(frozen=True)
class StatementResult:
    position: int
    text: str
    status: str  # a StatementStatus value
    tally: Tally
    comments: tuple[ReportComment, ...]  # approved comments only, oldest first


@dataclass(frozen=True)
class VoteRow:
    participant_number: int
    sector: str
    statement_position: int
    choice: str


@dataclass(frozen=True)
class MemberRow:
    participant_number: int
    sector: str


@dataclass(frozen=True)
class NoteResult:
    category: str
    text: str
    participant_number: int  # the author
    sector: str  # the author's
    upvotes: int  # group members who upvoted it while working
    key_point: bool  # marked by the group's reporter
    supports: int  # "+1"s from the room during report-back (key points only)


@dataclass(frozen=True)
class GroupResult:
    number: int
    name: str
    place: str
    questions: tuple[str, ...]  # guiding questions, as prepared
    members: tuple[MemberRow, ...]  # by participant number
    by_sector: tuple[tuple[str, int], ...]  # (sector, members), in the report's sector order, zeros included
    reporter_number: int | None
    # Visible notes only (the moderator's hidden ones are left out): by category in the breakout's
    # category order (unknown categories after, as first seen), then most upvotes, then oldest first.
    notes: tuple[NoteResult, ...]

    @property
    def key_points(self) -> tuple[NoteResult, ...]:
        """The reporter's key points, most supported first, then in note order."""
        return tuple(sorted((n for n in self.notes if n.key_point), key=lambda n: -n.supports))

    @property
    def notes_by_category(self) -> tuple[tuple[str, tuple[NoteResult, ...]], ...]:
        """(category, notes) in note order, categories without notes left out."""
        grouped: dict[str, list[NoteResult]] = {}
        for note in self.notes:
            grouped.setdefault(note.category, []).append(note)
        return tuple((category, tuple(notes)) for category, notes in grouped.items())


@dataclass(frozen=True)
class BreakoutResult:
    title: str
    minutes: int  # planned duration
    assignment: str  # how people were placed: an ASSIGNMENTS value
    categories: tuple[str, ...]  # the note categories, in the breakout's order
    groups: tuple[GroupResult, ...]  # by number


@dataclass(frozen=True)
class AgendaItem:
    """One step of the agenda as the report lists it: its kind, the kind's name (an English msgid,
    translated by the renderer) and its title (a statement's text, a breakout's or slide's title)."""

    kind: str
    label: str
    title: str


@dataclass(frozen=True)
class Report:
    title: str
    date: str  # ISO date of the session, YYYY-MM-DD
    language: str  # "nl" | "en"
    code: str
    generated_at: datetime
    # The session's sectors, then any sector participants joined with that is no longer offered.
    sectors: tuple[str, ...]
    attendance: Attendance
    statements: tuple[StatementResult, ...]  # by position
    votes: tuple[VoteRow, ...]  # raw data, by statement position then participant number
    breakouts: tuple[BreakoutResult, ...] = ()  # in agenda order
    agenda: tuple[AgendaItem, ...] = ()  # every step in order, of every kind
