"""Group commit: writes of the same moment share a transaction, yet each keeps its own outcome."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event

from facilitator import actions
from facilitator.domain.errors import DomainError
from facilitator.store import Store
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests.factories import make_session, services


@pytest.fixture
def batching_store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'batch.db'}")
    store.batch_writes(0.05, time.sleep)
    commits = []
    event.listen(store.engine, "commit", lambda conn: commits.append(1))
    store.commits = commits
    yield store
    store.dispose()


def _open_room(store, people: int):
    new = make_session(store)
    svc = services(store)
    first = store_statement(store, new.session.id)
    actions.steer(svc, new.session.id, statement_domain.open_statement, first)
    return svc, first, [actions.join(svc, new.session.code, "Onderwijs", "")[0] for _ in range(people)]


def store_statement(store, session_id):
    with store.read() as q:
        return q.statements(session_id)[0].id


def test_votes_at_once_share_commits_and_a_refused_one_undoes_nothing_else(batching_store):
    svc, statement_id, people = _open_room(batching_store, 20)
    batching_store.commits.clear()
    outcomes: dict[int, object] = {}

    def vote(i, person):
        choice = "maybe" if i == 7 else "agree"
        try:
            outcomes[i] = statement_actions.record_vote(svc, person, statement_id, choice)
        except DomainError as exc:
            outcomes[i] = exc.code

    threads = [threading.Thread(target=vote, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)

    assert outcomes[7] == "invalid_choice"
    assert [outcomes[i] for i in range(20) if i != 7] == ["agree"] * 19
    with batching_store.read() as q:
        assert len(q.votes(people[0].session_id)) == 19
    assert len(batching_store.commits) < 10, "twenty votes in the same moment should share a few commits"


def test_a_failing_database_fails_the_whole_batch_and_saves_none(batching_store, tmp_path):
    import sqlite3

    from facilitator.store import StoreUnavailable

    svc, statement_id, people = _open_room(batching_store, 3)
    blocker = sqlite3.connect(tmp_path / "batch.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the database: writes time out
    try:
        with pytest.raises(StoreUnavailable):
            statement_actions.record_vote(svc, people[0], statement_id, "agree")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with batching_store.read() as q:
        assert q.votes(people[0].session_id) == []
    assert statement_actions.record_vote(svc, people[0], statement_id, "agree") == "agree"
