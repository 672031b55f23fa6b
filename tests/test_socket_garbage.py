"""A vote leaves (almost) nothing for the garbage collector. With a hall connected a full collection
walks every phone's objects on the thread that serves them all, so garbage that only a collection can
free (cycles) turns into pauses every phone waits out. Each socket event used to raise and keep a
routing error (Flask matched /socket.io/ against its pages): a traceback, frames, a cycle per vote."""
from __future__ import annotations

import gc

from flask.ctx import RequestContext
from werkzeug.exceptions import HTTPException
from werkzeug.routing.exceptions import RoutingException

from facilitator import actions
from facilitator.steps.statement import domain as statement_domain
from tests.factories import app_on, make_session
from tests.forms import submit


def _cyclic_garbage(action, times: int) -> list:
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(times):
            action()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_votes_and_connections_leave_no_cycles_of_errors_behind(tmp_path):
    with app_on(tmp_path) as app:
        svc = app.extensions["facilitator"].services
        made = make_session(svc.store)
        code = made.session.code
        with svc.store.read() as q:
            statement_id = q.agenda(made.session.id).statements[0].id
        actions.steer(svc, made.session.id, statement_domain.open_statement, statement_id)
        browsers = []
        for _ in range(10):
            browser = app.test_client()
            submit(browser, f"/j/{code}", {"sector": "Onderwijs"})
            browsers.append(browser)
        socketio = app.extensions["socketio"]
        phones = []

        def connect():
            phones.append(socketio.test_client(app, flask_test_client=browsers[len(phones)],
                                               auth={"role": "participant", "code": code}))

        def vote():
            reply = phones[len(voted) % len(phones)].emit("vote", {"statement_id": statement_id, "choice": "agree"},
                                                          callback=True)
            voted.append(reply)

        voted = []
        connecting = _cyclic_garbage(connect, 10)
        voting = _cyclic_garbage(vote, 40)
        assert all(reply["ok"] for reply in voted)
        # (Only what the events themselves leave: other tests' threads may leave garbage of their own.)
        for garbage in (connecting, voting):
            assert not [o for o in garbage if isinstance(o, (HTTPException, RoutingException, RequestContext))]
