"""Every query the product makes, on one connection, returning domain objects."""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..domain.errors import DomainError
from ..domain.model import (Agenda, Comment, CommentStatus, Participant, Session, SessionStatus,
                            Statement, StatementStatus, Step, insertion_index)
from .schema import agenda, as_utc, comments, participants, screens, sessions, settings, statements, votes


# How each kind whose items are in the Agenda reads and saves them: kind -> (read(q, session_id) -> items,
# save(q, item)), from Kind.agenda_items and Kind.save_item. The registry of kinds fills it in
# (facilitator/steps/__init__.py): it sits above the store, which imports no kind.
AGENDA_ITEMS: dict[str, tuple[Callable, Callable]] = {}


class Queries:
    def __init__(self, conn: Connection, kept_agendas: tuple | None = None):
        self.conn = conn
        self._agendas: dict[int, Agenda] = {}
        # For reads: (AgendaCache, its generation when this read began); see store/agenda_cache.py.
        self._kept_agendas = kept_agendas
        self._votes_to_write: dict[tuple[int, int], dict] = {}
        self.changed_sessions: set[int] = set()  # the store forgets its cached copies once committed

    def cached_agenda(self, session_id: int) -> Agenda:
        """The agenda, read once per transaction: a batch of votes checks them all against one read,
        and one screen update builds the projector, the panel and every phone from one read.

        Only for reads and for writes that do not change the agenda (votes, comments, joins, notes).
        """
        if session_id not in self._agendas:
            kept = self._kept_agendas[0].get(session_id) if self._kept_agendas else None
            self._agendas[session_id] = kept or self.agenda(session_id)
            if self._kept_agendas and kept is None:
                self._kept_agendas[0].keep(self._agendas[session_id], self._kept_agendas[1])
        return self._agendas[session_id]

    # -- sessions -------------------------------------------------------------------------------
    def create_session(self, *, code: str, title: str, date: str, language: str,
                       sectors: tuple[str, ...], moderator_key: str, projector_key: str, deck: str | None,
                       statement_texts: list[str], now: datetime, is_demo: bool = False,
                       statement_notes: list[str | None] | None = None, phone_results: bool = True) -> int:
        session_id = self.conn.execute(sessions.insert().values(
            code=code, title=title, date=date, language=language, sectors=json.dumps(list(sectors)),
            moderator_key=moderator_key, projector_key=projector_key, status=SessionStatus.ACTIVE.value,
            step_kind="lobby", deck=deck, is_demo=int(is_demo), phone_results=int(phone_results),
            created_at=now)).inserted_primary_key[0]
        if statement_texts:
            notes = statement_notes or [None] * len(statement_texts)
            self.conn.execute(statements.insert(), [
                {"session_id": session_id, "position": i, "text": text, "note": note, "status": "pending"}
                for i, (text, note) in enumerate(zip(statement_texts, notes, strict=True), start=1)])
            ids = self.conn.execute(select(statements.c.id).where(statements.c.session_id == session_id)
                                    .order_by(statements.c.position)).scalars()
            self.set_order(session_id, tuple(Step.statement(sid) for sid in ids))
        return session_id

    def session(self, session_id: int) -> Session | None:
        row = self.conn.execute(_SESSION_BY_ID, {"id": session_id}).first()
        return _session(row) if row else None

    def session_by_code(self, code: str) -> Session | None:
        row = self.conn.execute(_SESSION_BY_CODE, {"code": code}).first()
        return _session(row) if row else None

    def sessions(self) -> list[Session]:
        rows = self.conn.execute(select(sessions).order_by(sessions.c.created_at.desc(), sessions.c.id.desc()))
        return [_session(row) for row in rows]

    def latest_demo_session(self) -> Session | None:
        row = self.conn.execute(select(sessions).where(sessions.c.is_demo == 1, sessions.c.status == "active")
                                .order_by(sessions.c.id.desc()).limit(1)).first()
        return _session(row) if row else None

    def delete_session(self, session_id: int) -> None:
        """The session and everything in it: the foreign keys cascade to every table."""
        self.conn.execute(sessions.delete().where(sessions.c.id == session_id))
        self.changed_sessions.add(session_id)

    def sessions_dated_before(self, day: str) -> list[Session]:
        rows = self.conn.execute(select(sessions).where(sessions.c.date < day))
        return [_session(row) for row in rows]

    def moderator_key(self, session_id: int) -> str | None:
        return self.conn.execute(select(sessions.c.moderator_key).where(sessions.c.id == session_id)).scalar()

    def projector_key(self, session_id: int) -> str | None:
        return self.conn.execute(select(sessions.c.projector_key).where(sessions.c.id == session_id)).scalar()

    def agenda(self, session_id: int) -> Agenda:
        session = self.session(session_id)
        if session is None:  # deleted while a screen was still connected
            raise DomainError("unknown_session")
        items = tuple(item for read, _save in AGENDA_ITEMS.values() for item in read(self, session_id))
        return Agenda(session, tuple(self.statements(session_id)), items, self.order(session_id))

    def order(self, session_id: int) -> tuple[Step, ...]:
        """The session's steps in agenda order (without the lobby and the end)."""
        return tuple(Step(kind, item_id) for kind, item_id in self.conn.execute(_AGENDA, {"session_id": session_id}))

    def set_order(self, session_id: int, order: tuple[Step, ...]) -> None:
        """Write the whole order anew: an agenda is a few dozen rows, changed only while preparing."""
        self.conn.execute(agenda.delete().where(agenda.c.session_id == session_id))
        if order:
            self.conn.execute(agenda.insert(), [
                {"session_id": session_id, "position": position, "kind": step.kind, "item_id": step.item_id}
                for position, step in enumerate(order, start=1)])

    def place_step(self, session_id: int, step: Step, after: int | None) -> None:
        """Put a new step in the agenda after statement `after` and the steps that already follow it
        (None: at the end)."""
        order = list(self.order(session_id))
        index = len(order) if after is None else insertion_index(tuple(order), tuple(self.statements(session_id)), after)
        order.insert(index, step)
        self.set_order(session_id, tuple(order))

    def save_agenda(self, before: Agenda, after: Agenda) -> None:
        """Write what a transition changed: the session's step and status, statement statuses and the
        kinds' items (each through its kind's save)."""
        session = after.session
        if (session.step, session.status) != (before.session.step, before.session.status):
            self.conn.execute(update(sessions).where(sessions.c.id == session.id).values(
                step_kind=session.step.kind, step_item_id=session.step.item_id,
                status=session.status.value))
            self.changed_sessions.add(session.id)
        for old, new in zip(before.statements, after.statements):
            if old.status is not new.status:
                self.conn.execute(update(statements).where(statements.c.id == new.id)
                                  .values(status=new.status.value))
        for old, new in zip(before.items, after.items):
            if old != new:
                AGENDA_ITEMS[new.kind][1](self, new)

    # -- statements -----------------------------------------------------------------------------
    def statements(self, session_id: int) -> list[Statement]:
        rows = self.conn.execute(_STATEMENTS, {"session_id": session_id})
        return [Statement(r.id, r.position, r.text, StatementStatus(r.status), r.note) for r in rows]

    # -- participants ---------------------------------------------------------------------------
    def add_participant(self, *, session_id: int, token_hash: str, sector: str, name: str,
                        now: datetime) -> Participant:
        """The next pseudonymous number of the session, counting from 1."""
        last = self.conn.execute(_LAST_NUMBER, {"session_id": session_id}).scalar()
        number = 1 if last is None else last + 1
        participant_id = self.conn.execute(participants.insert(), {
            "session_id": session_id, "number": number, "token_hash": token_hash, "sector": sector, "name": name,
            "joined_at": now}).inserted_primary_key[0]
        return Participant(participant_id, session_id, number, sector, name)

    def participant_by_token(self, session_id: int, token_hash: str) -> Participant | None:
        row = self.conn.execute(_PARTICIPANT_BY_TOKEN, {"session_id": session_id, "token_hash": token_hash}).first()
        return _participant(row) if row else None

    def participant(self, participant_id: int) -> Participant | None:
        row = self.conn.execute(_PARTICIPANT_BY_ID, {"id": participant_id}).first()
        return _participant(row) if row else None

    def participants(self, session_id: int) -> list[Participant]:
        rows = self.conn.execute(select(participants).where(participants.c.session_id == session_id)
                                 .order_by(participants.c.number))
        return [_participant(row) for row in rows]

    def participant_counts(self) -> dict[int, int]:
        rows = self.conn.execute(select(participants.c.session_id, func.count())
                                 .group_by(participants.c.session_id))
        return {session_id: count for session_id, count in rows}

    def attendance(self, session_id: int) -> dict[str, int]:
        rows = self.conn.execute(select(participants.c.sector, func.count())
                                 .where(participants.c.session_id == session_id)
                                 .group_by(participants.c.sector))
        return {sector: count for sector, count in rows}

    # -- votes ----------------------------------------------------------------------------------
    def record_vote(self, *, session_id: int, statement_id: int, participant_id: int, choice: str,
                    now: datetime) -> None:
        """Insert or replace: one vote per participant per statement, whatever is retried.

        The row is written with the transaction's other votes in one statement when it commits
        (Store.write flushes them); a later vote of the same participant in the same batch wins.
        """
        self._votes_to_write[(participant_id, statement_id)] = {
            "participant_id": participant_id, "statement_id": statement_id, "session_id": session_id,
            "choice": choice, "updated_at": now}

    def write_pending(self) -> None:
        """Write what was queued in this transaction (votes) in one statement; called before commit."""
        if self._votes_to_write:
            rows, self._votes_to_write = list(self._votes_to_write.values()), {}
            self.conn.execute(_upsert_statement(self.conn.dialect.name, votes, tuple(rows[0]),
                                                ("participant_id", "statement_id"), ("choice", "updated_at")), rows)

    def vote_counts(self, session_id: int) -> dict[int, int]:
        rows = self.conn.execute(select(votes.c.statement_id, func.count())
                                 .where(votes.c.session_id == session_id).group_by(votes.c.statement_id))
        return {statement_id: count for statement_id, count in rows}

    def tally_rows(self, statement_id: int) -> list[tuple[str, str, int]]:
        rows = self.conn.execute(
            select(participants.c.sector, votes.c.choice, func.count())
            .join(participants, participants.c.id == votes.c.participant_id)
            .where(votes.c.statement_id == statement_id)
            .group_by(participants.c.sector, votes.c.choice))
        return [(sector, choice, count) for sector, choice, count in rows]

    def votes(self, session_id: int) -> list[tuple[int, int, str]]:
        rows = self.conn.execute(select(votes.c.participant_id, votes.c.statement_id, votes.c.choice)
                                 .where(votes.c.session_id == session_id))
        return [tuple(row) for row in rows]

    def votes_of(self, participant_id: int) -> dict[int, str]:
        rows = self.conn.execute(_VOTES_OF, {"participant_id": participant_id})
        return {statement_id: choice for statement_id, choice in rows}

    # -- comments -------------------------------------------------------------------------------
    def save_comment(self, *, session_id: int, statement_id: int, participant_id: int, text: str,
                     now: datetime, client_id: str | None = None) -> Comment:
        """One comment per participant per statement; a new text waits for approval again, and the
        same comment sent again (same client id) is left as it is."""
        mine = (comments.c.participant_id == participant_id) & (comments.c.statement_id == statement_id)
        row = self.conn.execute(select(comments).where(mine)).first()
        if row is None or client_id is None or row.client_id != client_id:
            self._upsert(comments, {"session_id": session_id, "statement_id": statement_id,
                                    "participant_id": participant_id, "text": text, "client_id": client_id,
                                    "status": CommentStatus.PENDING.value, "updated_at": now},
                         keys=("participant_id", "statement_id"),
                         update=("text", "status", "updated_at", "client_id"))
            row = self.conn.execute(select(comments).where(mine)).first()
        return _comment(row)

    def comment(self, comment_id: int) -> tuple[Comment, int] | None:
        """The comment and its session id."""
        row = self.conn.execute(select(comments).where(comments.c.id == comment_id)).first()
        return (_comment(row), row.session_id) if row else None

    def set_comment_status(self, comment_id: int, status: CommentStatus) -> None:
        self.conn.execute(update(comments).where(comments.c.id == comment_id).values(status=status.value))

    def comments(self, session_id: int) -> list[Comment]:
        rows = self.conn.execute(select(comments).where(comments.c.session_id == session_id)
                                 .order_by(comments.c.id))
        return [_comment(row) for row in rows]

    def comments_of(self, participant_id: int) -> dict[int, Comment]:
        rows = self.conn.execute(_COMMENTS_OF, {"participant_id": participant_id})
        return {row.statement_id: _comment(row) for row in rows}

    def comments_with_authors(self, statement_id: int, *, approved_only: bool = False) -> list[dict]:
        """Comments on one statement, newest first, with the author's number, sector, name and vote."""
        query = (select(comments.c.id, comments.c.statement_id, comments.c.text, comments.c.status,
                        participants.c.number, participants.c.sector, participants.c.name,
                        votes.c.choice)
                 .join(participants, participants.c.id == comments.c.participant_id)
                 .outerjoin(votes, (votes.c.participant_id == comments.c.participant_id)
                            & (votes.c.statement_id == comments.c.statement_id))
                 .where(comments.c.statement_id == statement_id)
                 .order_by(comments.c.updated_at.desc(), comments.c.id.desc()))
        if approved_only:
            query = query.where(comments.c.status == CommentStatus.APPROVED.value)
        return [dict(row._mapping) for row in self.conn.execute(query)]

    # -- projector screens ----------------------------------------------------------------------
    def screen_seen(self, session_id: int, screen_id: str, now: datetime, *, forget_before: datetime,
                    most: int) -> bool:
        """Notes that the screen is drawing; False (and nothing noted) when `most` others are already known."""
        self.conn.execute(screens.delete().where(screens.c.session_id == session_id,
                                                 screens.c.last_seen < forget_before))
        others = self.conn.execute(select(func.count()).select_from(screens).where(
            screens.c.session_id == session_id, screens.c.screen_id != screen_id)).scalar_one()
        if others >= most:
            return False
        self._upsert(screens, {"session_id": session_id, "screen_id": screen_id, "last_seen": now},
                     keys=("session_id", "screen_id"), update=("last_seen",))
        return True

    def screens_seen(self, session_id: int) -> list[datetime]:
        """When each projector screen of the session last said it is drawing."""
        seen = self.conn.execute(select(screens.c.last_seen).where(screens.c.session_id == session_id)).scalars()
        return [as_utc(moment) for moment in seen]

    # -- settings -------------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        return self.conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()

    def set_setting(self, key: str, value: str) -> None:
        self._upsert(settings, {"key": key, "value": value}, keys=("key",), update=("value",))

    def _upsert(self, table, values: dict, *, keys: tuple[str, ...], update: tuple[str, ...]) -> None:
        self.conn.execute(_upsert_statement(self.conn.dialect.name, table, tuple(values), keys, update), values)


@functools.cache
def _upsert_statement(dialect_name: str, table, columns: tuple[str, ...], keys: tuple[str, ...],
                      update: tuple[str, ...]):
    """Built once per shape: building SQLAlchemy constructs on every vote costs more than running them."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(table).values({col: bindparam(col) for col in columns})
    return stmt.on_conflict_do_update(index_elements=list(keys), set_={col: stmt.excluded[col] for col in update})


# The statements of the hot paths (joining, connecting, voting), built once.
_SESSION_BY_ID = select(sessions).where(sessions.c.id == bindparam("id"))
_SESSION_BY_CODE = select(sessions).where(sessions.c.code == bindparam("code"))
_AGENDA = (select(agenda.c.kind, agenda.c.item_id).where(agenda.c.session_id == bindparam("session_id"))
           .order_by(agenda.c.position))
_STATEMENTS = select(statements).where(statements.c.session_id == bindparam("session_id")).order_by(statements.c.position)
_PARTICIPANT_BY_TOKEN = select(participants).where(participants.c.session_id == bindparam("session_id"),
                                                   participants.c.token_hash == bindparam("token_hash"))
_LAST_NUMBER = select(func.max(participants.c.number)).where(participants.c.session_id == bindparam("session_id"))
_PARTICIPANT_BY_ID = select(participants).where(participants.c.id == bindparam("id"))
_VOTES_OF = select(votes.c.statement_id, votes.c.choice).where(votes.c.participant_id == bindparam("participant_id"))
_COMMENTS_OF = select(comments).where(comments.c.participant_id == bindparam("participant_id"))


def _session(row) -> Session:
    return Session(id=row.id, code=row.code, title=row.title, date=row.date, language=row.language,
                   sectors=tuple(json.loads(row.sectors)), status=SessionStatus(row.status),
                   step=Step(row.step_kind, row.step_item_id), phone_results=row.phone_results != 0)


def _participant(row) -> Participant:
    return Participant(row.id, row.session_id, row.number, row.sector, row.name)


def _comment(row) -> Comment:
    return Comment(row.id, row.statement_id, row.participant_id, row.text, CommentStatus(row.status))
