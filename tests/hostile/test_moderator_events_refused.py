"""Every moderator event, read from the event table (so new events are covered by themselves), with a
valid payload: refused from a phone and from a projector, impossible without credentials, and refused
when a moderator of session A names the ids of session B. Nothing changes in any of these cases."""
from __future__ import annotations

import pytest
import socketio

from facilitator.socket_events import EVENTS
from tests.hostile.conftest import Conn, build_world, diff, is_refusal, join, participant_conn, projector_conn

pytestmark = [pytest.mark.server]

MODERATOR_EVENTS = sorted(event for event, (role, _, _) in EVENTS.items() if role == "moderator")


def valid_payload(event: str, w) -> dict:
    """A payload of the declared shape with ids of world `w`, built from the event's field table."""
    fields = EVENTS[event][1]
    ids = {"statement_id": w.open_statement, "comment_id": w.comment_ids[0], "breakout_id": w.breakout_id,
           "group_id": w.group_ids[1], "participant_id": w.participant_ids[0], "note_id": w.note_ids[0],
           "minutes": 5, "number": 1, "after": 1, "cap": None, "count": 3}
    words = {"status": "approved", "title": "Nieuwe ronde", "text": "Nog vijf minuten", "assignment": "random"}
    payload = {}
    for name, kind in fields.items():
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if name in ids:
            payload[name] = ids[name]
        elif name == "step":
            payload[name] = w.statement_ids[1]
        elif bool in kinds:
            payload[name] = True
        elif str in kinds:
            payload[name] = words.get(name, "x")
        elif None in kinds:
            payload[name] = None
        else:
            raise AssertionError(f"no valid value known for {event}.{name}: extend valid_payload")
    return payload


@pytest.fixture(scope="module")
def worlds(server, module_store):
    a = build_world(server.url, module_store, title="Sessie A")
    b = build_world(server.url, module_store, title="Sessie B")
    yield a, b
    a.close()
    b.close()


def test_the_table_has_moderator_events():
    assert {"end_session", "open_statement", "moderate_comment", "hide_note"} <= set(MODERATOR_EVENTS)


@pytest.mark.parametrize("event", MODERATOR_EVENTS)
def test_from_a_phone_or_projector_it_is_forbidden_and_changes_nothing(server, worlds, snapshots, event):
    a, _b = worlds
    payload = valid_payload(event, a)
    phone = participant_conn(server.url, a.code, join(server.url, a.code, "Anders"))
    screen = projector_conn(server.url, a.code, a.projector_key)
    try:
        for conn in (phone, a.conns[1], screen):
            before = snapshots.take()
            reply = conn.call(event, payload)
            assert is_refusal(reply) and reply["error"] == "forbidden", (conn.role, reply)
            after = snapshots.take()
            assert before == after, diff(before, after)
    finally:
        phone.close()
        screen.close()


@pytest.mark.parametrize("auth", [
    {"role": "moderator"}, {"role": "moderator", "key": ""}, {"role": "moderator", "key": "guess"},
    {"role": "moderator", "key": None}, {"role": "moderator", "key": 0}, {"role": "participant"},
    {"role": "participant", "token": "guess"}, {"role": "projector"}, {"role": "projector", "key": "guess"}],
    ids=lambda a: "-".join(f"{k}={v!r}" for k, v in a.items()))
def test_without_valid_credentials_the_connection_itself_is_refused(server, worlds, auth):
    a, _b = worlds
    conn = Conn(server.url, auth["role"], a.code, auth=auth)
    with pytest.raises(socketio.exceptions.ConnectionError):
        conn.connect()
    assert isinstance(conn.refusal, dict) and conn.refusal.get("message"), conn.refusal  # a connect_error
    assert not conn.connected  # so nothing can be sent at all
    conn.close()


@pytest.mark.parametrize("auth,code", [({"role": "moderator", "key": "guess"}, "forbidden"),
                                       ({"role": "participant"}, "not_joined"),
                                       ({"role": "projector"}, "forbidden")])
def test_a_refused_connection_says_why(server, worlds, auth, code):
    a, _b = worlds
    conn = Conn(server.url, auth["role"], a.code, auth=auth)
    with pytest.raises(socketio.exceptions.ConnectionError):
        conn.connect()
    refusal = conn.refusal if isinstance(conn.refusal, dict) else {}
    assert refusal.get("error") == code or (refusal.get("data") or {}).get("error") == code, refusal


@pytest.mark.parametrize("role", ["moderator", "projector"])
def test_the_key_of_session_b_does_not_open_session_a(server, worlds, role):
    a, b = worlds
    conn = Conn(server.url, role, a.code, auth={"key": b.key if role == "moderator" else b.projector_key})
    with pytest.raises(socketio.exceptions.ConnectionError):
        conn.connect()
    assert not conn.connected and conn.refusal["error"] == "forbidden"


CROSS = [event for event in MODERATOR_EVENTS
         if set(EVENTS[event][1]) & {"statement_id", "comment_id", "breakout_id", "group_id", "participant_id",
                                    "note_id", "step"}]


@pytest.mark.parametrize("event", CROSS)
def test_a_moderator_of_a_cannot_touch_the_ids_of_b(server, worlds, snapshots, event):
    a, b = worlds
    mod_a = a.conns[0]
    payload = valid_payload(event, b)
    if event == "move_participant":  # B's participant into B's group of B's breakout: all three foreign
        payload["group_id"] = b.group_ids[1]
    before = snapshots.take()
    reply = mod_a.call(event, payload)
    after = snapshots.take()
    assert is_refusal(reply), (event, payload, reply)
    assert reply["error"].startswith(("unknown_", "no_such", "invalid_")), reply
    assert before == after, diff(before, after)


@pytest.mark.parametrize("field", ["participant_id", "group_id"])
def test_moving_a_participant_of_b_or_into_a_group_of_b_is_refused(server, worlds, snapshots, field):
    a, b = worlds
    payload = {"breakout_id": a.breakout_id, "participant_id": a.participant_ids[0], "group_id": a.group_ids[1]}
    payload[field] = (b.participant_ids if field == "participant_id" else b.group_ids)[0]
    before = snapshots.take()
    reply = a.conns[0].call("move_participant", payload)
    assert is_refusal(reply) and reply["error"].startswith("unknown_"), reply
    assert snapshots.take() == before


def test_set_reporter_with_a_participant_of_b_is_refused(server, worlds, snapshots):
    a, b = worlds
    before = snapshots.take()
    reply = a.conns[0].call("set_reporter", {"group_id": a.group_ids[0], "participant_id": b.participant_ids[0]})
    assert is_refusal(reply), reply
    assert snapshots.take() == before
