"""Inputs the server once mishandled, each pinned exactly: ids beyond 64 bits, lone surrogates, binary
attachments, a huge group count, events named after Socket.IO's own."""
from __future__ import annotations

import pytest

from tests.hostile.conftest import build_world, is_refusal
from tests.server import LiveServer


pytestmark = [pytest.mark.server]

@pytest.fixture
def fresh(tmp_path):
    """A server of its own: these bugs leave tracebacks in the log or freeze the server."""
    from facilitator.store import Store

    live = LiveServer(tmp_path / "bug").start()
    store = Store(live.database_url())
    world = build_world(live.url, store)
    yield live, world
    world.close()
    store.dispose()
    live.stop()


def _refused_cleanly(live, conn, event, payload, timeout=3.0):
    try:
        reply = conn.call(event, payload, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - the ack never came
        raise AssertionError(f"{event} {payload!r}: no acknowledgement ({exc!r})") from None
    assert is_refusal(reply), reply
    log = live.log_path.read_text()
    assert "Traceback" not in log, log[log.index("Traceback"):][:3000]


BIG = 2**64


@pytest.mark.parametrize("role,event,payload", [
    ("moderator", "moderate_comment", {"comment_id": BIG, "status": "approved"}),
    ("moderator", "hide_note", {"note_id": BIG, "hidden": True}),
    ("moderator", "set_reporter", {"group_id": BIG, "participant_id": None}),
    ("participant", "edit_note", {"note_id": BIG, "category": "Vragen", "text": "x"}),
    ("participant", "delete_note", {"note_id": -BIG}),
    ("participant", "upvote_note", {"note_id": BIG, "on": True}),
    ("participant", "mark_key_point", {"note_id": BIG, "on": True}),
], ids=lambda v: v if isinstance(v, str) else None)
def test_ids_beyond_64_bits_are_refused(fresh, role, event, payload):
    live, world = fresh
    conn = world.conns[0] if role == "moderator" else world.conns[1]
    _refused_cleanly(live, conn, event, payload)


@pytest.mark.parametrize("role,event,field", [("participant", "comment", "text"), ("participant", "add_note", "text"),
                                              ("moderator", "send_message", "text"),
                                              ("moderator", "add_breakout", "title")])
def test_lone_surrogates_are_refused(fresh, role, event, field):
    live, world = fresh
    payload = {"comment": {"statement_id": world.open_statement, "text": "a\ud800b"},
               "add_note": {"client_id": "surrogate-01", "category": world.categories[0], "text": "a\ud800b"},
               "send_message": {"breakout_id": world.breakout_id, "text": "a\ud800b"},
               "add_breakout": {"title": "a\ud800b", "count": 2}}[event]
    conn = world.conns[0] if role == "moderator" else world.conns[1]
    _refused_cleanly(live, conn, event, payload)


def test_binary_attachments_are_refused(fresh):
    live, world = fresh
    _refused_cleanly(live, world.conns[1], "vote", {"statement_id": world.open_statement, "choice": b"agree"})


def test_an_event_named_connect_is_refused(fresh):
    live, world = fresh
    _refused_cleanly(live, world.conns[1], "connect", {"role": "projector", "code": "NOSUCH"})


def test_an_event_named_disconnect_does_not_unhook_the_connection(fresh):
    live, world = fresh
    phone = world.conns[1]
    try:
        phone.call("disconnect", {}, timeout=2)
    except Exception:  # noqa: BLE001 - no ack is fine; what matters is what follows
        pass
    reply = phone.call("vote", {"statement_id": world.open_statement, "choice": "agree"})
    assert reply.get("ok") is True or not phone.connected, reply


def test_a_huge_group_count_is_refused_before_anything_is_built(fresh):
    """Refused on the count alone (how fast is for the benchmark, not for an assert on a busy machine)."""
    live, world = fresh
    reply = world.conns[0].call("add_breakout", {"title": "Te veel", "count": 2_000_000}, timeout=30)
    assert is_refusal(reply) and reply["error"] == "invalid_breakout", reply
    assert world.conns[1].call("sync", {})["ok"]  # the server goes on serving


def test_an_event_named_star_is_refused(fresh):
    live, world = fresh
    _refused_cleanly(live, world.conns[1], "*", None)
