"""Domain objects in, one Report out. build_report is pure; load_report only gathers its inputs."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain.model import (CHOICES, Breakout, Comment, CommentStatus, Group, Participant, Session, Statement,
                            StatementStatus, Step)
from ..domain.tally import build_tally
from ..steps import KINDS
from .model import (AgendaItem, Attendance, BreakoutResult, GroupResult, MemberRow, NoteResult, Report, ReportComment,
                    StatementResult, VoteRow)


@dataclass(frozen=True)
class BreakoutData:
    """One breakout as the store's read API hands it over; build_report's plain-data input.

    members are q.members(breakout_id) rows: only group_id, number and sector are read (names never).
    notes are q.notes_of_breakout(breakout_id) rows: id, group_id, category, text, hidden, key_point,
    author (participant number), sector, upvoters (participant numbers) and supports (a count).
    """

    breakout: Breakout
    groups: Sequence[Group]
    members: Sequence[Mapping] = ()
    notes: Sequence[Mapping] = ()
    position: int = 0  # its place in the agenda: the report lists breakouts in that order


def build_report(session: Session, statements: Sequence[Statement], participants: Sequence[Participant],
                 votes: Iterable[tuple[int, int, str]], comments: Iterable[Comment],
                 generated_at: datetime, *, breakouts: Iterable[BreakoutData] = (),
                 agenda: Iterable[AgendaItem] = ()) -> Report:
    """votes are (participant_id, statement_id, choice); only approved comments are kept.

    breakouts come as BreakoutData, in any order (the report puts them in agenda order); notes the
    moderator hid are left out even if given.
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
        breakouts=_breakouts(breakouts, people, sectors),
        agenda=tuple(agenda),
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
        breakouts = [BreakoutData(b, q.groups(b.id), q.members(b.id), q.notes_of_breakout(b.id),
                                  order.index(Step.breakout(b.id)) if Step.breakout(b.id) in order else len(order))
                     for b in q.breakouts(session.id)]
        agenda = _agenda(q, session.id, order)
    return build_report(session, statements, participants, votes, comments, now, breakouts=breakouts,
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


def _breakouts(breakouts: Iterable[BreakoutData], people: dict[int, Participant],
               sectors: tuple[str, ...]) -> tuple[BreakoutResult, ...]:
    ordered = sorted(breakouts, key=lambda d: (d.position, d.breakout.id))
    return tuple(
        BreakoutResult(
            title=d.breakout.title,
            minutes=d.breakout.duration // 60,
            assignment=d.breakout.assignment,
            categories=tuple(d.breakout.categories),
            groups=tuple(_group(g, d, people, sectors) for g in sorted(d.groups, key=lambda g: (g.number, g.id))),
        )
        for d in ordered
    )


def _group(group: Group, data: BreakoutData, people: dict[int, Participant],
           sectors: tuple[str, ...]) -> GroupResult:
    members = sorted((MemberRow(m["number"], m["sector"]) for m in data.members if m["group_id"] == group.id),
                     key=lambda m: m.participant_number)
    counts = Counter(m.sector for m in members)
    extra = [s for s in counts if s not in sectors]  # not expected: members are participants of the session
    reporter = people.get(group.reporter_id) if group.reporter_id is not None else None
    return GroupResult(
        number=group.number,
        name=group.name,
        place=group.place,
        questions=tuple(group.questions),
        members=tuple(members),
        by_sector=tuple((s, counts[s]) for s in (*sectors, *extra)),
        reporter_number=reporter.number if reporter else None,
        notes=_notes(group.id, data),
    )


def _notes(group_id: int, data: BreakoutData) -> tuple[NoteResult, ...]:
    visible = [n for n in data.notes if n["group_id"] == group_id and not n.get("hidden")]
    order = {c: i for i, c in enumerate(data.breakout.categories)}
    for n in sorted(visible, key=lambda n: n["id"]):  # a category no longer offered goes last, as first seen
        order.setdefault(n["category"], len(order))
    visible.sort(key=lambda n: (order[n["category"]], -len(n["upvoters"]), n["id"]))  # ids grow with time
    # Supports count only while the note is a key point: ones given before the reporter unmarked it
    # stay in the store but back nothing in the report.
    return tuple(
        NoteResult(category=n["category"], text=n["text"], participant_number=n["author"], sector=n["sector"],
                   upvotes=len(n["upvoters"]), key_point=bool(n["key_point"]),
                   supports=int(n["supports"]) if n["key_point"] else 0)
        for n in visible
    )
