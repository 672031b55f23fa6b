"""A deleted session is gone: from every screen that showed it, from the ids, and from the file."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import event

from facilitator import actions
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests import clients
from tests.factories import make_session, services
from tests.forms import submit

pytestmark = pytest.mark.server


def wait_until(condition, timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def test_deleting_a_session_lets_go_of_its_screens(server, server_store):
    a = make_session(server_store, title="Sessie A")
    code = a.session.code
    mod = clients.moderator(server.url, code, a.moderator_key)
    screen = clients.projector(server.url, code, a.projector_key)
    phone = clients.phone(server.url, code, "Onderwijs")
    phone.wait_for(lambda s: "me" in s)
    told = []
    for client in (mod, screen, phone):
        client.client.on("session_deleted", lambda data, role=client.role: told.append(role))
    organiser = requests.Session()
    submit(organiser, f"{server.url}/organiser/login", {"password": "organiser-test-pw"}, timeout=5)
    done = submit(organiser, f"{server.url}/organiser/sessions/{code}/delete", {"confirm": "yes"},
                  form_url=f"{server.url}/organiser", timeout=5, allow_redirects=False)
    assert done.status_code == 302
    for client in (mod, screen, phone):
        wait_until(lambda: not client.client.connected, what=f"the {client.role} was not disconnected")
    assert sorted(told) == ["moderator", "participant", "projector"]  # the pages were told why
    # and they cannot come back
    for role, key in (("moderator", a.moderator_key), ("projector", a.projector_key)):
        again = clients.Screen(server.url, role, code, auth={"key": key})
        refusals = []
        again.client.on("connect_error", refusals.append)
        with pytest.raises(clients.socketio.exceptions.ConnectionError):
            again.connect()
        assert refusals[-1]["data"]["error"] == "unknown_session", refusals


def test_a_connection_outliving_its_session_acts_on_nothing_and_sees_nothing(server, server_store):
    """Deleted elsewhere (`facilitator session delete`, another worker): A's sockets are still open
    here, and the next session must not be theirs to steer or to watch."""
    a = make_session(server_store, title="Sessie A")
    mod_a = clients.moderator(server.url, a.session.code, a.moderator_key)
    phone_a = clients.phone(server.url, a.session.code, "Onderwijs", "Anna")
    phone_a.wait_for(lambda s: "me" in s)
    with server_store.read() as q:
        a_participant = q.participants(a.session.id)[0].id
    actions.delete_session(services(server_store), a.session.code)  # another process: no socket told

    b = make_session(server_store, title="Sessie B")
    phone_b = clients.phone(server.url, b.session.code, "Gemeente", "Bram")
    with server_store.read() as q:
        b_participant = q.participants(b.session.id)[0].id
    assert b.session.id != a.session.id and b_participant != a_participant  # ids are never reused

    refused = mod_a.call("next_step", {})
    assert refused["ok"] is False and refused["error"] == "unknown_session"
    with server_store.read() as q:
        assert q.agenda(b.session.id).session.step.kind == "lobby"
    assert phone_a.call("vote", {"statement_id": 1, "choice": "agree"})["error"] == "unknown_session"
    # B's moderator moves on: A's phone hears nothing of B (nor of B's participant's name).
    mod_b = clients.moderator(server.url, b.session.code, b.moderator_key)
    seen_by_a = phone_a.states.qsize()
    assert mod_b.call("next_step", {}) == {"ok": True}
    phone_b.wait_for(lambda s: s["step"]["kind"] == "statement")
    assert mod_b.call("no_such_event", {})["error"] == "unknown_event"  # B's update has gone out by now
    late = [phone_a.states.get() for _ in range(phone_a.states.qsize())][seen_by_a:]
    assert not [s for s in late if s["session"]["code"] == b.session.code]
    for c in (mod_a, phone_a, phone_b, mod_b):
        c.close()


def test_deleted_text_is_gone_from_the_database_file(tmp_path):
    from facilitator.store import Store

    store = Store(f"sqlite:///{tmp_path / 'facilitator.db'}")
    # Debian builds SQLite with secure_delete on by default, most builds (Python's own on Windows and
    # macOS) with it off: be such a build, before the store's own settings run on each connection.
    store.dispose()
    event.listen(store.engine, "connect", lambda conn, _record: conn.execute("PRAGMA secure_delete=OFF"), insert=True)
    kept = make_session(store, title="Een sessie die blijft")  # its rows keep the pages in use
    actions.join(services(store), kept.session.code, "Gemeente", "Bram")
    new = make_session(store, title="Geheime bijeenkomst Zwolle-Zuid")
    secret = "Mijn buurjongen radicaliseert en ik weet niet wie ik moet bellen"
    participant, _token = actions.join(services(store), new.session.code, "Onderwijs", "Annelies Voorbeeld")
    with store.write() as q:
        statement = q.statements(new.session.id)[0]
    actions.steer(services(store), new.session.id, statement_domain.open_statement, statement.id)
    statement_actions.submit_comment(services(store), participant, statement.id, secret)
    files = lambda: b"".join(p.read_bytes() for p in Path(tmp_path).glob("facilitator.db*"))  # noqa: E731
    assert secret.encode() in files()  # it was stored (and the test can see it)

    actions.delete_session(services(store), new.session.code)
    store.dispose()
    content = files()
    assert b"Een sessie die blijft" in content
    for gone in (secret, "Annelies Voorbeeld", "Geheime bijeenkomst", new.moderator_key):
        assert gone.encode() not in content, f"{gone!r} is still in the file"
