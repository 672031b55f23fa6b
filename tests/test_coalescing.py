"""A storm of votes reaches the projector and the control panel as one update per beat, never one per vote.

The beat is taken in hand (flush() called by the test, the timer set to an hour), so the test
counts messages without timing anything: a loaded machine cannot make it flake.
"""
from __future__ import annotations

import pytest

from facilitator import actions, create_app
from facilitator.extension import socketio
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests.factories import make_session


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading",
                      "BROADCAST_INTERVAL": "3600"})
    yield app
    app.extensions["facilitator"].services.store.dispose()


def test_forty_votes_become_one_update_for_each_screen(app):
    ext = app.extensions["facilitator"]
    svc = ext.services
    new = make_session(svc.store)
    with svc.store.read() as q:
        statement_id = q.statements(new.session.id)[0].id
    actions.steer(svc, new.session.id, statement_domain.open_statement, statement_id)
    people = [actions.join(svc, new.session.code, "Onderwijs", "")[0] for _ in range(40)]
    screen = socketio.test_client(app, auth={"role": "projector", "code": new.session.code, "key": new.projector_key})
    panel = socketio.test_client(app, auth={"role": "moderator", "code": new.session.code, "key": new.moderator_key})
    ext.broadcaster.flush()  # what the joins queued
    screen.get_received(), panel.get_received()

    for person in people:
        statement_actions.record_vote(svc, person, statement_id, "agree")
    ext.broadcaster.flush()  # one beat

    for client in (screen, panel):
        states = [m["args"][0] for m in client.get_received() if m["name"] == "state"]
        assert [s["votes"]["count"] for s in states] == [40]
