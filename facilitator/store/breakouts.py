"""Queries for breakouts, groups, memberships and notes (mixed into Queries)."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, insert, select, update

from ..domain.model import Breakout, BreakoutPlan, BreakoutStatus, Group, Note, Step
from .schema import (as_utc, breakouts, groups, key_point_supports, memberships, note_upvotes, notes,
                     participants)


class BreakoutQueries:
    conn = None  # set by Queries

    # -- breakouts and groups -------------------------------------------------------------------
    def create_breakout(self, session_id: int, plan: BreakoutPlan, group_names: list[str]) -> int:
        """Store a checked plan; with `plan.after` it goes after that statement, else at the agenda's end."""
        duration = plan.minutes * 60
        breakout_id = self.conn.execute(breakouts.insert().values(
            session_id=session_id, title=plan.title, duration=duration,
            assignment=plan.assignment, cap=plan.cap, categories=json.dumps(list(plan.categories)),
            status="pending", remaining=duration, message="")).inserted_primary_key[0]
        self.conn.execute(groups.insert(), [
            {"breakout_id": breakout_id, "number": n, "name": name, "place": g.place,
             "questions": json.dumps(list(g.questions))}
            for n, (g, name) in enumerate(zip(plan.groups, group_names), start=1)])
        self.place_step(session_id, Step.breakout(breakout_id), plan.after)
        return breakout_id

    def breakouts(self, session_id: int) -> list[Breakout]:
        rows = self.conn.execute(_BREAKOUTS, {"session_id": session_id})
        return [_breakout(row) for row in rows]

    def breakout(self, breakout_id: int) -> Breakout | None:
        row = self.conn.execute(select(breakouts).where(breakouts.c.id == breakout_id)).first()
        return _breakout(row) if row else None

    def save_breakout(self, b: Breakout) -> None:
        self.conn.execute(update(breakouts).where(breakouts.c.id == b.id).values(
            status=b.status.value, remaining=b.remaining, ends_at=b.ends_at, message=b.message,
            reporting=b.reporting))

    def groups(self, breakout_id: int) -> list[Group]:
        rows = self.conn.execute(select(groups).where(groups.c.breakout_id == breakout_id).order_by(groups.c.number))
        return [_group(row) for row in rows]

    def group(self, group_id: int) -> Group | None:
        row = self.conn.execute(select(groups).where(groups.c.id == group_id)).first()
        return _group(row) if row else None

    def set_reporter(self, group_id: int, participant_id: int | None) -> None:
        self.conn.execute(update(groups).where(groups.c.id == group_id).values(reporter_id=participant_id))

    # -- memberships ----------------------------------------------------------------------------
    def memberships(self, breakout_id: int) -> dict[int, int]:
        rows = self.conn.execute(select(memberships.c.participant_id, memberships.c.group_id)
                                 .where(memberships.c.breakout_id == breakout_id))
        return {pid: gid for pid, gid in rows}

    def group_of(self, breakout_id: int, participant_id: int) -> Group | None:
        row = self.conn.execute(select(groups).join(memberships, memberships.c.group_id == groups.c.id).where(
            memberships.c.breakout_id == breakout_id, memberships.c.participant_id == participant_id)).first()
        return _group(row) if row else None

    def place(self, breakout_id: int, placement: dict[int, int]) -> None:
        """Put participants in groups, replacing any earlier group of theirs in this breakout."""
        if not placement:
            return
        self.conn.execute(delete(memberships).where(memberships.c.breakout_id == breakout_id,
                                                    memberships.c.participant_id.in_(list(placement))))
        self.conn.execute(insert(memberships), [
            {"breakout_id": breakout_id, "participant_id": pid, "group_id": gid} for pid, gid in placement.items()])

    def member_sectors(self, breakout_id: int) -> list[tuple[int, str, int]]:
        """(group id, sector, members) for every group and sector that has members."""
        rows = self.conn.execute(
            select(memberships.c.group_id, participants.c.sector, func.count())
            .join(participants, participants.c.id == memberships.c.participant_id)
            .where(memberships.c.breakout_id == breakout_id)
            .group_by(memberships.c.group_id, participants.c.sector))
        return [tuple(row) for row in rows]

    def members(self, breakout_id: int) -> list[dict]:
        rows = self.conn.execute(
            select(memberships.c.group_id, participants.c.id, participants.c.number, participants.c.name,
                   participants.c.sector)
            .join(participants, participants.c.id == memberships.c.participant_id)
            .where(memberships.c.breakout_id == breakout_id).order_by(participants.c.number))
        return [dict(row._mapping) for row in rows]

    # -- notes ----------------------------------------------------------------------------------
    def add_note(self, *, group_id: int, participant_id: int, client_id: str, category: str, text: str,
                 now: datetime) -> tuple[Note, bool]:
        """The note, and whether it is new: a resent client_id returns the note stored the first time."""
        existing = self.conn.execute(select(notes).where(notes.c.participant_id == participant_id,
                                                         notes.c.client_id == client_id)).first()
        if existing:
            return _note(existing), False
        note_id = self.conn.execute(notes.insert().values(
            group_id=group_id, participant_id=participant_id, client_id=client_id, category=category,
            text=text, hidden=0, key_point=0, created_at=now)).inserted_primary_key[0]
        return Note(note_id, group_id, participant_id, client_id, category, text), True

    def note(self, note_id: int) -> Note | None:
        row = self.conn.execute(select(notes).where(notes.c.id == note_id)).first()
        return _note(row) if row else None

    def update_note(self, note_id: int, **values) -> None:
        self.conn.execute(update(notes).where(notes.c.id == note_id).values(**values))

    def delete_note(self, note_id: int) -> None:
        self.conn.execute(delete(notes).where(notes.c.id == note_id))

    def key_points_marked(self, group_id: int) -> int:
        return self.conn.execute(select(func.count()).where(notes.c.group_id == group_id, notes.c.key_point == 1,
                                                            notes.c.hidden == 0)).scalar_one()

    def set_upvote(self, note_id: int, participant_id: int, on: bool) -> None:
        self._toggle(note_upvotes, note_id, participant_id, on)

    def set_support(self, note_id: int, participant_id: int, on: bool) -> None:
        self._toggle(key_point_supports, note_id, participant_id, on)

    def _toggle(self, table, note_id: int, participant_id: int, on: bool) -> None:
        where = and_(table.c.note_id == note_id, table.c.participant_id == participant_id)
        present = self.conn.execute(select(func.count()).where(where)).scalar_one()
        if on and not present:
            self.conn.execute(insert(table).values(note_id=note_id, participant_id=participant_id))
        elif not on and present:
            self.conn.execute(delete(table).where(where))

    def supports_of(self, participant_id: int) -> list[int]:
        rows = self.conn.execute(select(key_point_supports.c.note_id)
                                 .where(key_point_supports.c.participant_id == participant_id))
        return [note_id for (note_id,) in rows]

    def notes_of_breakout(self, breakout_id: int, *, group_id: int | None = None,
                          include_hidden: bool = False) -> list[dict]:
        """Notes with their author, upvoters and supports, oldest first."""
        query = (select(notes, participants.c.number.label("author"), participants.c.name,
                        participants.c.sector)
                 .join(participants, participants.c.id == notes.c.participant_id)
                 .join(groups, groups.c.id == notes.c.group_id)
                 .where(groups.c.breakout_id == breakout_id).order_by(notes.c.id))
        if group_id is not None:
            query = query.where(notes.c.group_id == group_id)
        if not include_hidden:
            query = query.where(notes.c.hidden == 0)
        rows = [dict(row._mapping) for row in self.conn.execute(query)]
        ids = [row["id"] for row in rows]
        upvoters = self._numbers_by_note(note_upvotes, ids)
        supports = self._numbers_by_note(key_point_supports, ids)
        for row in rows:
            row["hidden"], row["key_point"] = bool(row["hidden"]), bool(row["key_point"])
            row["upvoters"] = upvoters.get(row["id"], [])
            row["supports"] = len(supports.get(row["id"], []))
        return rows

    def _numbers_by_note(self, table, note_ids: list[int]) -> dict[int, list[int]]:
        if not note_ids:
            return {}
        rows = self.conn.execute(select(table.c.note_id, participants.c.number)
                                 .join(participants, participants.c.id == table.c.participant_id)
                                 .where(table.c.note_id.in_(note_ids)).order_by(participants.c.number))
        found: dict[int, list[int]] = {}
        for note_id, number in rows:
            found.setdefault(note_id, []).append(number)
        return found

    def recent_note_counts(self, breakout_id: int, since: datetime) -> dict[int, int]:
        rows = self.conn.execute(select(notes.c.group_id, func.count()).join(groups, groups.c.id == notes.c.group_id)
                                 .where(groups.c.breakout_id == breakout_id, notes.c.created_at >= since)
                                 .group_by(notes.c.group_id))
        return {gid: n for gid, n in rows}


_BREAKOUTS = (select(breakouts).where(breakouts.c.session_id == bindparam("session_id"))
              .order_by(breakouts.c.id))


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

