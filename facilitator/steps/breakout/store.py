"""The queries of group work: breakouts, groups, memberships and notes. Each takes the store's
Queries `q` (one connection, one transaction), as every kind's store does."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, insert, select, update

from facilitator.domain.model import Step
from facilitator.store.schema import as_utc, participants

from . import tables as t
from .model import KIND, Breakout, BreakoutPlan, BreakoutStatus, Group, Note


# -- breakouts and groups -------------------------------------------------------------------
def create_breakout(q, session_id: int, plan: BreakoutPlan, group_names: list[str]) -> int:
    """Store a checked plan; with `plan.after` it goes after that statement, else at the agenda's end."""
    duration = plan.minutes * 60
    breakout_id = q.conn.execute(t.breakouts.insert().values(
        session_id=session_id, title=plan.title, duration=duration,
        assignment=plan.assignment, cap=plan.cap, categories=json.dumps(list(plan.categories)),
        status="pending", remaining=duration, message="")).inserted_primary_key[0]
    q.conn.execute(t.groups.insert(), [
        {"breakout_id": breakout_id, "number": n, "name": name, "place": g.place,
         "questions": json.dumps(list(g.questions))}
        for n, (g, name) in enumerate(zip(plan.groups, group_names), start=1)])
    q.place_step(session_id, Step(KIND, breakout_id), plan.after)
    return breakout_id


def breakouts(q, session_id: int) -> list[Breakout]:
    rows = q.conn.execute(_BREAKOUTS, {"session_id": session_id})
    return [_breakout(row) for row in rows]


def breakout(q, breakout_id: int) -> Breakout | None:
    row = q.conn.execute(select(t.breakouts).where(t.breakouts.c.id == breakout_id)).first()
    return _breakout(row) if row else None


def save_breakout(q, b: Breakout) -> None:
    q.conn.execute(update(t.breakouts).where(t.breakouts.c.id == b.id).values(
        status=b.status.value, remaining=b.remaining, ends_at=b.ends_at, message=b.message,
        reporting=b.reporting))


def groups(q, breakout_id: int) -> list[Group]:
    rows = q.conn.execute(select(t.groups).where(t.groups.c.breakout_id == breakout_id).order_by(t.groups.c.number))
    return [_group(row) for row in rows]


def group(q, group_id: int) -> Group | None:
    row = q.conn.execute(select(t.groups).where(t.groups.c.id == group_id)).first()
    return _group(row) if row else None


def set_reporter(q, group_id: int, participant_id: int | None) -> None:
    q.conn.execute(update(t.groups).where(t.groups.c.id == group_id).values(reporter_id=participant_id))


# -- memberships ----------------------------------------------------------------------------
def memberships(q, breakout_id: int) -> dict[int, int]:
    rows = q.conn.execute(select(t.memberships.c.participant_id, t.memberships.c.group_id)
                          .where(t.memberships.c.breakout_id == breakout_id))
    return {pid: gid for pid, gid in rows}


def group_of(q, breakout_id: int, participant_id: int) -> Group | None:
    row = q.conn.execute(select(t.groups).join(t.memberships, t.memberships.c.group_id == t.groups.c.id).where(
        t.memberships.c.breakout_id == breakout_id, t.memberships.c.participant_id == participant_id)).first()
    return _group(row) if row else None


def place(q, breakout_id: int, placement: dict[int, int]) -> None:
    """Put participants in groups, replacing any earlier group of theirs in this breakout."""
    if not placement:
        return
    q.conn.execute(delete(t.memberships).where(t.memberships.c.breakout_id == breakout_id,
                                                t.memberships.c.participant_id.in_(list(placement))))
    q.conn.execute(insert(t.memberships), [
        {"breakout_id": breakout_id, "participant_id": pid, "group_id": gid} for pid, gid in placement.items()])


def member_sectors(q, breakout_id: int) -> list[tuple[int, str, int]]:
    """(group id, sector, members) for every group and sector that has members."""
    rows = q.conn.execute(
        select(t.memberships.c.group_id, participants.c.sector, func.count())
        .join(participants, participants.c.id == t.memberships.c.participant_id)
        .where(t.memberships.c.breakout_id == breakout_id)
        .group_by(t.memberships.c.group_id, participants.c.sector))
    return [tuple(row) for row in rows]


def members(q, breakout_id: int) -> list[dict]:
    rows = q.conn.execute(
        select(t.memberships.c.group_id, participants.c.id, participants.c.number, participants.c.name,
               participants.c.sector)
        .join(participants, participants.c.id == t.memberships.c.participant_id)
        .where(t.memberships.c.breakout_id == breakout_id).order_by(participants.c.number))
    return [dict(row._mapping) for row in rows]


# -- notes ----------------------------------------------------------------------------------
def add_note(q, *, group_id: int, participant_id: int, client_id: str, category: str, text: str,
             now: datetime) -> tuple[Note, bool]:
    """The note, and whether it is new: a resent client_id returns the note stored the first time."""
    existing = q.conn.execute(select(t.notes).where(t.notes.c.participant_id == participant_id,
                                                    t.notes.c.client_id == client_id)).first()
    if existing:
        return _note(existing), False
    note_id = q.conn.execute(t.notes.insert().values(
        group_id=group_id, participant_id=participant_id, client_id=client_id, category=category,
        text=text, hidden=0, key_point=0, created_at=now)).inserted_primary_key[0]
    return Note(note_id, group_id, participant_id, client_id, category, text), True


def note(q, note_id: int) -> Note | None:
    row = q.conn.execute(select(t.notes).where(t.notes.c.id == note_id)).first()
    return _note(row) if row else None


def update_note(q, note_id: int, **values) -> None:
    q.conn.execute(update(t.notes).where(t.notes.c.id == note_id).values(**values))


def delete_note(q, note_id: int) -> None:
    q.conn.execute(delete(t.notes).where(t.notes.c.id == note_id))


def key_points_marked(q, group_id: int) -> int:
    return q.conn.execute(select(func.count()).where(t.notes.c.group_id == group_id, t.notes.c.key_point == 1,
                                                     t.notes.c.hidden == 0)).scalar_one()


def set_upvote(q, note_id: int, participant_id: int, on: bool) -> None:
    _toggle(q, t.note_upvotes, note_id, participant_id, on)


def set_support(q, note_id: int, participant_id: int, on: bool) -> None:
    _toggle(q, t.key_point_supports, note_id, participant_id, on)


def _toggle(q, table, note_id: int, participant_id: int, on: bool) -> None:
    where = and_(table.c.note_id == note_id, table.c.participant_id == participant_id)
    present = q.conn.execute(select(func.count()).where(where)).scalar_one()
    if on and not present:
        q.conn.execute(insert(table).values(note_id=note_id, participant_id=participant_id))
    elif not on and present:
        q.conn.execute(delete(table).where(where))


def supports_of(q, participant_id: int) -> list[int]:
    rows = q.conn.execute(select(t.key_point_supports.c.note_id)
                          .where(t.key_point_supports.c.participant_id == participant_id))
    return [note_id for (note_id,) in rows]


def notes_of_breakout(q, breakout_id: int, *, group_id: int | None = None,
                      include_hidden: bool = False) -> list[dict]:
    """Notes with their author, upvoters and supports, oldest first."""
    query = (select(t.notes, participants.c.number.label("author"), participants.c.name,
                    participants.c.sector)
             .join(participants, participants.c.id == t.notes.c.participant_id)
             .join(t.groups, t.groups.c.id == t.notes.c.group_id)
             .where(t.groups.c.breakout_id == breakout_id).order_by(t.notes.c.id))
    if group_id is not None:
        query = query.where(t.notes.c.group_id == group_id)
    if not include_hidden:
        query = query.where(t.notes.c.hidden == 0)
    rows = [dict(row._mapping) for row in q.conn.execute(query)]
    ids = [row["id"] for row in rows]
    upvoters = _numbers_by_note(q, t.note_upvotes, ids)
    supports = _numbers_by_note(q, t.key_point_supports, ids)
    for row in rows:
        row["hidden"], row["key_point"] = bool(row["hidden"]), bool(row["key_point"])
        row["upvoters"] = upvoters.get(row["id"], [])
        row["supports"] = len(supports.get(row["id"], []))
    return rows


def _numbers_by_note(q, table, note_ids: list[int]) -> dict[int, list[int]]:
    if not note_ids:
        return {}
    rows = q.conn.execute(select(table.c.note_id, participants.c.number)
                          .join(participants, participants.c.id == table.c.participant_id)
                          .where(table.c.note_id.in_(note_ids)).order_by(participants.c.number))
    found: dict[int, list[int]] = {}
    for note_id, number in rows:
        found.setdefault(note_id, []).append(number)
    return found


def recent_note_counts(q, breakout_id: int, since: datetime) -> dict[int, int]:
    rows = q.conn.execute(select(t.notes.c.group_id, func.count()).join(t.groups, t.groups.c.id == t.notes.c.group_id)
                          .where(t.groups.c.breakout_id == breakout_id, t.notes.c.created_at >= since)
                          .group_by(t.notes.c.group_id))
    return {gid: n for gid, n in rows}


_BREAKOUTS = (select(t.breakouts).where(t.breakouts.c.session_id == bindparam("session_id"))
              .order_by(t.breakouts.c.id))


def _breakout(row) -> Breakout:
    ends_at = as_utc(row.ends_at)
    return Breakout(id=row.id, title=row.title, duration=row.duration,
                    assignment=row.assignment, cap=row.cap, categories=tuple(json.loads(row.categories)),
                    status=BreakoutStatus(row.status), remaining=row.remaining, ends_at=ends_at,
                    message=row.message, reporting=row.reporting)


def _group(row) -> Group:
    return Group(row.id, row.breakout_id, row.number, row.name, row.place, tuple(json.loads(row.questions)),
                 row.reporter_id)


def _note(row) -> Note:
    return Note(row.id, row.group_id, row.participant_id, row.client_id, row.category, row.text,
                bool(row.hidden), bool(row.key_point))
