"""Agendas kept between reads (store/agenda_cache.py): a phone connecting or a screen update reads
no agenda the hall's own writes have not changed, any other change is seen by the next read, and a
write always checks against the agenda as stored."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from facilitator import actions
from facilitator.domain.errors import DomainError
from facilitator.store import Store
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests.factories import make_session, services


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    store.keep_agendas()
    yield store
    store.dispose()


def _reads_of_agenda(store) -> list:
    seen = []

    @event.listens_for(store.engine, "before_execute")
    def _count(_conn, statement, *_args):
        if "agenda" in str(statement).split("FROM", 1)[-1][:40]:
            seen.append(statement)
    return seen


def _step(store, session_id):
    with store.read() as q:
        return q.cached_agenda(session_id).session.step


def _first_statement(store, session_id):
    with store.read() as q:
        return q.cached_agenda(session_id).statements[0].id


def test_what_the_hall_writes_keeps_the_agenda_and_the_moderator_changes_it(store):
    made = make_session(store)
    session_id = made.session.id
    statement_id = _first_statement(store, session_id)
    reads = _reads_of_agenda(store)

    def step_read_anew() -> bool:
        before = len(reads)
        _step(store, session_id)
        return len(reads) > before

    participant, _token = actions.join(services(store), made.session.code, "Onderwijs", "")
    assert not step_read_anew()  # a join changes no agenda: kept
    actions.steer(services(store), session_id, statement_domain.open_statement, statement_id)
    assert step_read_anew() and _step(store, session_id).item_id == statement_id  # the moderator's change
    statement_actions.record_vote(services(store), participant, statement_id, "agree")
    statement_actions.submit_comment(services(store), participant, statement_id, "Omdat het kan.")
    assert not step_read_anew()


def test_a_write_checks_against_the_agenda_as_stored_not_a_kept_one(tmp_path, store):
    made = make_session(store)
    session_id = made.session.id
    statement_id = _first_statement(store, session_id)
    actions.steer(services(store), session_id, statement_domain.open_statement, statement_id)
    participant, _token = actions.join(services(store), made.session.code, "Onderwijs", "")
    assert _step(store, session_id).item_id == statement_id  # kept: the statement is open
    # A change this store did not make (a command in another process): the kept agenda is now stale.
    elsewhere = Store(store.url)
    actions.steer(services(elsewhere), session_id, statement_domain.close_statement, statement_id)
    elsewhere.dispose()
    with pytest.raises(DomainError):
        statement_actions.record_vote(services(store), participant, statement_id, "agree")


def test_a_read_overtaken_by_a_change_keeps_nothing(store):
    made = make_session(store)
    session_id = made.session.id
    statement_id = _first_statement(store, session_id)
    store._agendas.forget_all()
    with store.read() as q:
        before = q.agenda(session_id)
        actions.steer(services(store), session_id, statement_domain.open_statement, statement_id)  # while reading
        q._kept_agendas[0].keep(before, q._kept_agendas[1])
    assert _step(store, session_id).item_id == statement_id
