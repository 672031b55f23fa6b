"""Agendas kept between reads, where this server makes every change (no message queue).

Each phone that connects gets a first state built on its session's agenda (the session, its steps
and their items: four queries), and so does every screen update: in a hall joining at once, that
read was 6 % of the server's CPU. Votes, joins, comments and notes never change an agenda; the
moderator and the organisers do, now and then. So an agenda that was read is kept until a write
touches any table outside WRITES_THAT_KEEP_AGENDAS, which drops every kept agenda; a read that such
a write overtook keeps nothing (the generation). Writes never use a kept agenda: they read their
own inside their transaction.

With several workers (a message queue), another worker's change would not drop what is kept here,
so the store keeps nothing there (app.py).
"""
from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.sql.expression import TextClause, UpdateBase

from ..domain.model import Agenda

# The tables written by what a hall does all day; every other write may change an agenda. A new
# table changes agendas until it is named here, which errs on the safe side.
WRITES_THAT_KEEP_AGENDAS = frozenset({"votes", "comments", "participants", "screens", "memberships", "notes",
                                      "note_upvotes", "key_point_supports"})
CHANGED = "facilitator.agenda_changed"  # the flag on a connection whose transaction changed an agenda


class AgendaCache:
    def __init__(self):
        self._kept: dict[int, Agenda] = {}
        self.generation = 0

    def get(self, session_id: int) -> Agenda | None:
        return self._kept.get(session_id)

    def keep(self, agenda: Agenda, generation: int) -> None:
        if generation == self.generation:
            self._kept[agenda.session.id] = agenda

    def forget_all(self) -> None:
        self.generation += 1
        self._kept.clear()


def note_agenda_writes(engine: Engine) -> None:
    """Flag a connection when a statement on it may change an agenda (Store.write reads the flag)."""
    @event.listens_for(engine, "before_execute")
    def _note(conn, statement, *_args):
        # Inserts, updates, deletes, and text whose effect we cannot see; not reads or savepoints.
        if isinstance(statement, TextClause) or (
                isinstance(statement, UpdateBase) and statement.table.name not in WRITES_THAT_KEEP_AGENDAS):
            conn.info[CHANGED] = True
