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
class AgendaItem:
    """One step of the agenda as the report lists it: its kind, the kind's name (an English msgid,
    translated by the renderer) and its title (a statement's text, another step's title)."""

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
    agenda: tuple[AgendaItem, ...] = ()  # every step in order, of every kind
    # Each kind's own section, (kind, section), as the kind builds it (Kind.report_section); only the
    # kinds the session has steps of.
    sections: tuple[tuple[str, object], ...] = ()

    def section(self, kind: str, default=()):
        """One kind's section, or `default` when the session has no step of that kind."""
        return next((section for name, section in self.sections if name == kind), default)
