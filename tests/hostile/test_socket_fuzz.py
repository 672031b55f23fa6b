"""Thousands of random and malformed payloads to every socket event, from every role (the forms:
test_form_fuzz.py).

One real server (eventlet, in a subprocess) for the module and a few long-lived connections: a phone
(participant), a projector and the moderator of a session with an open statement and an open
breakout. The oracle for every reply:

* it is `{"ok": false, "error": CODE, "message": TEXT}`, and then the whole database is exactly as it
  was before the event (a refused event changes nothing), and the code is the one the protocol
  demands where that is decidable here (`forbidden` for another role's event, `unknown_event`,
  `bad_request` for a payload of the wrong shape or over 4 KB);
* or it is `{"ok": true, ...}`, and then the event belongs to the connection's role and the payload
  has the declared shape (a valid vote, a moderator step, ...).

The connection stays up, the server keeps answering and its log holds no traceback.

Inputs the server once mishandled (ids beyond 64 bits, lone surrogates, binary attachments, a huge
group count, events named after Socket.IO's own) are part of the random inputs and have tests of
their own in test_pinned_inputs.py.
"""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings, strategies as st

from facilitator.socket_events import EVENTS
from tests.hostile.conftest import Conn, build_world, join, participant_conn, projector_conn
from tests.hostile.fuzzing import (BUFFER_LIMIT, FUZZ, RANDOM_EVENT_NAMES, ROLES, SCALE, Arena, payloads,
                                   server_is_well, weighted)


pytestmark = [pytest.mark.server]


@pytest.fixture(scope="module")
def arena(server, module_store, snapshots):
    arena = Arena(server, module_store, snapshots)
    yield arena
    arena.world.close()
    arena.projector.close()


@pytest.fixture(scope="module")
def phone_arena(server, module_store, snapshots):
    arena = Arena(server, module_store, snapshots, phones=40)
    yield arena
    arena.world.close()
    arena.projector.close()



# --- socket fuzz ---------------------------------------------------------------------------------------

EVENT_NAMES = sorted(EVENTS)


@pytest.mark.slow
@pytest.mark.parametrize("role,examples", [("participant", 3000), ("moderator", 3000), ("projector", 1200)])
def test_every_event_from_every_role_survives_random_payloads(request, server, role, examples):
    arena = request.getfixturevalue("phone_arena" if role == "participant" else "arena")

    @settings(max_examples=max(10, int(examples * SCALE)), **FUZZ)
    @given(data=st.data())
    def fuzz(data):
        event = data.draw(weighted((8, st.sampled_from(EVENT_NAMES)), (1, RANDOM_EVENT_NAMES)), label="event")
        payload = data.draw(payloads(event, arena.world), label="payload")
        arena.send(role, event, payload)

    started = time.monotonic()
    sent = arena.sent[role]
    fuzz()
    print(f"\n{role}: {arena.sent[role]} events, {arena.accepted[role]} accepted, {arena.dropped} oversized "
          f"dropped, {arena.rebuilds} sessions rebuilt, {time.monotonic() - started:.1f}s; refusals {arena.errors}")
    assert arena.sent[role] - sent >= int(examples * SCALE) * 0.9
    server_is_well(server)


def test_every_event_accepts_its_valid_payload_from_its_own_role_only(arena, server):
    """The oracle itself works: a valid vote changes the database, and every event sent by a role it
    does not belong to is refused with `forbidden` and changes nothing."""
    arena.build()
    w = arena.world
    http = join(server.url, w.code, "Gemeente")
    phone = participant_conn(server.url, w.code, http)
    before = arena.snapshots.take()
    reply = phone.call("vote", {"statement_id": w.open_statement, "choice": "neutral"})
    assert reply == {"ok": True, "statement_id": w.open_statement, "choice": "neutral"}
    assert arena.snapshots.take() != before
    phone.close()
    arena.last = arena.snapshots.take()
    for event, (role, fields, _) in EVENTS.items():
        for other in ROLES:
            if other != role:
                arena.send(other, event, {})
    server_is_well(server)


def test_a_payload_over_the_buffer_limit_drops_only_that_connection(server, module_store, snapshots):
    world = build_world(server.url, module_store)
    screen = projector_conn(server.url, world.code, world.projector_key)
    try:
        victim = world.conns[1]
        before = snapshots.take()
        victim.client.emit("comment", {"statement_id": world.open_statement, "text": "x" * (BUFFER_LIMIT + 10)})
        deadline = time.monotonic() + 5
        while victim.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not victim.connected
        assert snapshots.take() == before
        # Everyone else is still served, and a fresh connection of the same phone works.
        assert world.conns[0].call("send_message", {"breakout_id": world.breakout_id, "text": "nog 5 min"}) \
            == {"ok": True}
        assert screen.call("vote", {})["error"] == "forbidden"
        again = participant_conn(server.url, world.code, world.phones[0])
        assert again.call("sync", {})["ok"]
        again.close()
    finally:
        world.close()
        screen.close()
    server_is_well(server)


def test_random_auth_on_connect_is_refused_properly(own_server):
    """Random `auth` data on connect: refused with a proper connect_error, or a legitimate connection."""
    from facilitator.store import Store

    store = Store(own_server.database_url())
    world = build_world(own_server.url, store)
    rng = random.Random(20261201)
    code = world.code
    samples = [1, "x", [], {}, {"role": "moderator"}, {"role": "moderator", "code": code},
               {"role": "moderator", "code": code, "key": None}, {"role": "moderator", "code": code, "key": 5},
               {"role": "moderator", "code": code, "key": ["a"]}, {"role": "participant", "code": code},
               {"role": "participant", "code": code, "token": {"$ne": ""}},
               {"role": "participant", "code": code, "token": "x" * 5000},
               {"role": "projector", "code": ["ABC"]}, {"role": "projector", "code": "x" * 10000},
               {"role": "admin", "code": code}, {"role": "projector", "code": code.lower() + "\x00"},
               {"role": "projector", "code": code, "lang": {"a": 1}}]
    samples += [{"role": rng.choice(ROLES), "code": "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789?*%")
                                                            for _ in range(rng.randint(0, 9)))}
                for _ in range(40)]
    try:
        for auth in samples:
            conn = Conn(own_server.url, "projector", code)
            try:
                conn.connect(auth=auth)
            except Exception:  # noqa: BLE001 - socketio.exceptions.ConnectionError
                if not isinstance(auth, dict):
                    continue  # the client library itself may refuse to send auth that is no object
                assert isinstance(conn.refusal, dict) and conn.refusal.get("message"), (auth, conn.refusal)
                assert conn.refusal.get("error") in ("bad_request", "unknown_session", "not_joined", "forbidden",
                                                     "rate_limited"), conn.refusal
            else:
                assert isinstance(auth, dict) and auth.get("role") == "projector", auth
                assert conn.call("vote", {})["error"] == "forbidden"
            finally:
                conn.close()
        # The phones and the moderator that were connected all along are still served.
        assert world.conns[0].call("no_such_event", {})["error"] == "unknown_event"
        assert world.conns[1].call("sync", {})["ok"]
    finally:
        world.close()
        store.dispose()
    server_is_well(own_server)

