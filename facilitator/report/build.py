"""Domain objects in, one Report out. build_report is pure; load_report only gathers its inputs."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from ..domain.model import CHOICES, Comment, CommentStatus, Participant, Session, Statement, StatementStatus
from ..domain.tally import build_tally
from ..steps import KINDS
from .model import AgendaItem, Attendance, Report, ReportComment, StatementResult, VoteRow


def build_report(session: Session, statements: Sequence[Statement], participants: Sequence[Participant],
                 votes: Iterable[tuple[int, int, str]], comments: Iterable[Comment],
                 generated_at: datetime, *, sections: Mapping[str, object] | None = None,
                 agenda: Iterable[AgendaItem] = ()) -> Report:
    """votes are (participant_id, statement_id, choice); only approved comments are kept.

    sections are what each kind gathered for its part of the report (Kind.report_data), by kind;
    each kind builds its section from them (Kind.report_section).
    """
    people = {p.id: p for p in participants}
    comments = list(comments)  # read once per statement
    ordered = sorted(statements, key=lambda s: (s.position, s.id))
    known = {s.id for s in ordered}
    # A later vote replaces an earlier one, as in the live session; unknown ids and choices are dropped.
    current: dict[tuple[int, int], str] = {}
    for participant_id, statement_id, choice in votes:
        if participant_id in people and statement_id in known and choice in CHOICES:
            current[(participant_id, statement_id)] = choice

    sectors = _sectors(session, participants)
    results = tuple(
        StatementResult(
            position=s.position,
            text=s.text,
            status=StatementStatus(s.status).value,
            tally=build_tally(_rows(s.id, current, people), sectors),
            comments=_comments(s.id, comments, current, people),
        )
        for s in ordered
    )
    position = {s.id: s.position for s in ordered}
    rows = sorted(
        (VoteRow(people[pid].number, people[pid].sector, position[sid], choice)
         for (pid, sid), choice in current.items()),
        key=lambda v: (v.statement_position, v.participant_number),
    )
    return Report(
        title=session.title,
        date=session.date,
        language=session.language,
        code=session.code,
        generated_at=generated_at,
        sectors=sectors,
        attendance=_attendance(participants, sectors),
        statements=results,
        votes=tuple(rows),
        agenda=tuple(agenda),
        sections=tuple((name, KINDS[name].report_section(data, people, sectors))
                       for name, data in (sections or {}).items()),
    )


def load_report(store, code: str, now: datetime) -> Report | None:
    """Read everything for one session in one short read, then build outside it. None for an unknown code."""
    with store.read() as q:
        session = q.session_by_code(code)
        if session is None:
            return None
        statements = q.statements(session.id)
        participants = q.participants(session.id)
        votes = q.votes(session.id)
        comments = q.comments(session.id)
        order = q.order(session.id)
        # Only the kinds the agenda holds: a session without their steps has nothing of theirs to read.
        sections = {name: kind.report_data(q, session.id, order) for name, kind in KINDS.items()
                    if kind.report_data and any(step.kind == name for step in order)}
        agenda = _agenda(q, session.id, order)
    return build_report(session, statements, participants, votes, comments, now, sections=sections,
                        agenda=agenda)


def _agenda(q, session_id: int, order) -> list[AgendaItem]:
    """Every step in agenda order with its title, as its kind names it."""
    titles = {name: kind.titles(q, session_id) for name, kind in KINDS.items()
              if kind.titles and any(step.kind == name for step in order)}
    return [AgendaItem(step.kind, KINDS[step.kind].label if step.kind in KINDS else step.kind,
                       titles.get(step.kind, {}).get(step.item_id, "")) for step in order]


def _sectors(session: Session, participants: Sequence[Participant]) -> tuple[str, ...]:
    # A sector may be dropped from the session after people joined with it; they still count.
    extra = [p.sector for p in participants if p.sector not in session.sectors]
    return tuple(session.sectors) + tuple(dict.fromkeys(extra))


def _attendance(participants: Sequence[Participant], sectors: tuple[str, ...]) -> Attendance:
    counts = Counter(p.sector for p in participants)
    return Attendance(total=len(participants), by_sector=tuple((s, counts[s]) for s in sectors))


def _rows(statement_id: int, current: dict, people: dict) -> list[tuple[str, str, int]]:
    counts = Counter((people[pid].sector, choice) for (pid, sid), choice in current.items() if sid == statement_id)
    return [(sector, choice, n) for (sector, choice), n in counts.items()]


def _comments(statement_id: int, comments: Iterable[Comment], current: dict,
              people: dict) -> tuple[ReportComment, ...]:
    approved = sorted(
        (c for c in comments if c.statement_id == statement_id and c.status == CommentStatus.APPROVED),
        key=lambda c: c.id,  # ids grow with time: oldest first, as the moderator saw them
    )
    return tuple(
        ReportComment(
            text=c.text,
            sector=people[c.participant_id].sector if c.participant_id in people else "",
            choice=current.get((c.participant_id, statement_id)),
        )
        for c in approved
    )
