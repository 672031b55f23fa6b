"""The socket fuzz's parts: payload strategies, the oracle that judges every reply, and the arena
(a session with a phone, a projector and a moderator whose database is compared before and after).

The tests are in test_socket_fuzz.py, test_form_fuzz.py and test_pinned_inputs.py."""
from __future__ import annotations

import json
import os
import time

import pytest
import requests
from hypothesis import HealthCheck, strategies as st

from facilitator.domain.model import CHOICES
from facilitator.socket_events import EVENTS
from tests.hostile.conftest import (Conn, build_world, diff, is_refusal, moderator_conn, participant_conn,
                                    projector_conn, server_log, socket_buffer_limit)

pytestmark = [pytest.mark.server]

MAX_PAYLOAD = 4096                    # docs/protocol.md: "Payloads over 4 KB are refused" (JSON in UTF-8)
BUFFER_LIMIT = socket_buffer_limit()  # facilitator/app.py: SocketIO(max_http_buffer_size=...)
INT_MIN, INT_MAX = -2**70, 2**70  # beyond 64 bits too: the server must refuse them itself
TEXT_CHARS = st.characters()  # lone surrogates included: the server must refuse them itself
SCALE = float(os.environ.get("HOSTILE_FUZZ_SCALE", "1"))  # e.g. 0.1 for a quick look, 5 for a long night
ROLES = ("participant", "projector", "moderator")
FUZZ = dict(deadline=None, database=None, derandomize=False,
            suppress_health_check=list(HealthCheck))
BORING_STATUSES = {200, 302, 303, 400, 403, 404, 405, 410, 413, 429}

# --- payload strategies ------------------------------------------------------------------------

ints = st.one_of(st.integers(-3, 40), st.integers(INT_MIN, INT_MAX),
                 st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**53 + 1, INT_MAX, INT_MIN]))
texts = st.one_of(st.text(TEXT_CHARS, max_size=40), st.text(TEXT_CHARS, min_size=490, max_size=620),
                  st.sampled_from(["", " ", "\u202egnp.exe", "<script>alert(1)</script>", "=HYPERLINK(1)",
                                   "\x00", "\u200d" * 30, "lobby", "end", "agree", "approved", "hidden"]))
# Big strings, up to ~60 KB on the wire (under max_http_buffer_size): ASCII, so one char is one byte.
huge_texts = st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "<", " ", "9", "{"]),
                       st.integers(4_000, 60_000))
floats = st.floats(allow_nan=False, allow_infinity=False)
scalars = st.one_of(st.none(), st.booleans(), ints, floats, texts)
nested = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=6), st.dictionaries(st.text(TEXT_CHARS, max_size=12), children, max_size=6)),
    max_leaves=25)
anything = st.one_of(scalars, nested, huge_texts)
extra_fields = st.dictionaries(st.text(TEXT_CHARS, min_size=1, max_size=15), nested, max_size=3)

def weighted(*pairs) -> st.SearchStrategy:
    """One of the strategies, chosen with the given weights (st.one_of picks evenly)."""
    pairs = [(w, strat) for w, strat in pairs]
    table = [strat for w, strat in pairs for _ in range(w)]
    chosen = st.integers(0, len(table) - 1).flatmap(lambda i: table[i])
    if len(pairs) == 1:
        chosen.weight = pairs[0][0]
    return chosen


GOOD_STRINGS = {"choice": list(CHOICES), "status": ["approved", "hidden", "pending"],
                "assignment": ["sector_balanced", "random", "self_select", "manual"],
                "client_id": ["hostile-fuzz-0001", "abcdefgh", "x" * 64, "bad id!"],
                "step": ["lobby", "end"]}


def value_of(kind, name: str, world) -> st.SearchStrategy:
    """A value of the declared type (often a real id or a meaningful word), or of a wrong one."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    options = [anything]
    for k in kinds:
        if k is None:
            options.append(st.none())
        elif k is int and name == "count":
            options += [st.integers(-10**12, 10**12), st.integers(0, 25)]
        elif k is int:
            options += [ints, weighted((3, st.sampled_from(world.ids())))]
        elif k is bool:
            options += [weighted((3, st.booleans()))]
        elif k is str:
            words = GOOD_STRINGS.get(name, []) + (world.categories if name == "category" else [])
            options += [weighted((2, texts))] + ([weighted((3, st.sampled_from(words)))] if words else [])
        elif k is list:
            options += [st.lists(texts, max_size=10), st.lists(st.fixed_dictionaries(
                {}, optional={"name": texts, "place": texts, "questions": st.lists(texts, max_size=10)}),
                max_size=22), st.lists(nested, max_size=5)]
        elif k is object:
            options += [st.sampled_from(["lobby", "end"]), st.sampled_from(world.ids()),
                        st.fixed_dictionaries({"breakout": st.sampled_from(world.ids())}), nested]
    return weighted(*((w.weight if hasattr(w, "weight") else 1, w) for w in options))


def payloads(event: str, world) -> st.SearchStrategy:
    fields = EVENTS[event][1] if event in EVENTS else {"statement_id": int, "text": str}
    shaped = st.builds(lambda base, extra: {**extra, **base},
                       st.fixed_dictionaries({}, optional={name: value_of(kind, name, world)
                                                           for name, kind in fields.items()}), extra_fields)
    complete = st.fixed_dictionaries({name: value_of(kind, name, world) for name, kind in fields.items()})
    return weighted((4, complete), (1, shaped), (1, anything), (1, 
                     st.builds(lambda p, s: {**p, "padding": s}, complete, huge_texts)))


RESERVED_EVENT_NAMES = ("connect", "disconnect", "*")  # handled by the server like any unknown event
RANDOM_EVENT_NAMES = st.one_of(
    st.text(TEXT_CHARS, min_size=1, max_size=40).filter(lambda n: n not in EVENTS),
    st.sampled_from(RESERVED_EVENT_NAMES),
    st.sampled_from(["Vote", "vote ", "VOTE", "__proto__", "constructor", "message", "state", "board",
                     "connect_error", "open_statement\x00", "end_session;", "../vote"]))


# --- the oracle ----------------------------------------------------------------------------------

def _is(value, kind) -> bool:
    if kind is None:
        return value is None
    if kind is object:
        return value is not None
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def well_shaped(payload, fields: dict) -> bool:
    """Whether the payload has the shape the event declares (what the server checks before acting)."""
    if payload is None and not fields:
        return True
    if not isinstance(payload, dict) or payload_bytes(payload) > MAX_PAYLOAD:
        return False
    return all(any(_is(payload.get(name), k) for k in (kind if isinstance(kind, tuple) else (kind,)))
               for name, kind in fields.items())


def payload_bytes(payload: dict) -> int:
    """The size docs/protocol.md limits: the payload as JSON in UTF-8, as sent, not escaped."""
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))


def check_reply(event: str, role: str, payload, reply, before: dict, after: dict, world) -> None:
    known = event in EVENTS
    if isinstance(reply, dict) and reply.get("ok") is True:
        assert known, f"unknown event {event!r} accepted: {reply}"
        event_role, fields, _ = EVENTS[event]
        assert role == event_role, f"{role} may not send {event}, yet it was accepted: {reply}"
        assert well_shaped(payload, fields), f"{event} accepted a malformed payload: {reply}"
        if event == "vote":
            assert reply["choice"] in CHOICES and reply["statement_id"] == payload["statement_id"]
        if event == "comment":
            assert isinstance(reply["text"], str) and 1 <= len(reply["text"]) <= 500
        if event in ("add_note", "edit_note"):
            assert 1 <= len(reply["note"]["text"]) <= 280 and reply["note"]["category"] in world.categories
        return
    assert is_refusal(reply), f"{event} from {role}: not a proper refusal: {reply!r}"
    assert before == after, f"refused {event} from {role} changed the database: {diff(before, after)}"
    if reply["error"] == "rate_limited":
        return
    if not known:
        assert reply["error"] == "unknown_event", reply
    elif EVENTS[event][0] != role:
        assert reply["error"] == "forbidden", reply
    elif not well_shaped(payload, EVENTS[event][1]):
        assert reply["error"] == "bad_request", reply


def short(payload) -> str:
    text = repr(payload)
    return text if len(text) < 600 else text[:300] + f"...({len(text)} chars)..." + text[-200:]


def wire_size(event, payload) -> int:
    """About the size of the Socket.IO message (the client escapes non-ASCII as \\uXXXX)."""
    return len(json.dumps([event, payload], separators=(",", ":"))) + 8


# --- the arena ---------------------------------------------------------------------------------------

class Arena:
    """A live session and its connections; rebuilt when the moderator ends it.

    With `phones`, the participant's events rotate over that many phones, so that the per-participant
    write limit (rate_limited, a proper refusal too) does not answer most of them."""

    def __init__(self, server, store, snapshots, phones: int = 0):
        self.server, self.store, self.snapshots, self.phones = server, store, snapshots, phones
        self.world = None
        self.rebuilds = self.dropped = 0
        self.sent = {role: 0 for role in ROLES}
        self.accepted = {role: 0 for role in ROLES}
        self.errors: dict[str, int] = {}
        self.turn = 0
        self.build()

    def build(self):
        if self.world is not None:
            self.world.close()
            self.projector.close()
            self.rebuilds += 1
        self.world = build_world(self.server.url, self.store, extra_phones=self.phones)
        self.projector = projector_conn(self.server.url, self.world.code, self.world.projector_key)
        self.moderator = self.world.conns[0]
        self.participants = self.world.conns[1:]
        self.last = self.snapshots.take()
        self.moderator_moves = 0

    def conn(self, role: str) -> Conn:
        if role == "participant":
            self.turn = (self.turn + 1) % len(self.participants)
            return self.participants[self.turn]
        return self.moderator if role == "moderator" else self.projector

    def reconnect(self, role: str, dropped: Conn) -> None:
        w = self.world
        if role == "participant":
            index = self.participants.index(dropped)
            fresh = participant_conn(w.url, w.code, w.phones[index])
            self.participants[index] = fresh
        elif role == "moderator":
            fresh = self.moderator = moderator_conn(w.url, w.code, w.key)
        else:
            fresh = self.projector = projector_conn(w.url, w.code, w.projector_key)
        w.conns.append(fresh)

    def send(self, role: str, event: str, payload) -> None:
        if wire_size(event, payload) > BUFFER_LIMIT - 200:
            return self.send_oversized(role, event, payload)
        conn = self.conn(role)
        if not conn.connected:  # left behind by an earlier failing example
            self.build()
            conn = self.conn(role)
        before = self.last
        try:
            reply = conn.call(event, payload, timeout=10)
        except Exception as exc:  # noqa: BLE001 - no acknowledgement, or the connection is gone
            log = server_log(self.server)
            self.build()  # so that the next example starts from a working session again
            raise AssertionError(f"{event} from {role}: {exc!r}; payload {short(payload)}; server log: "
                                 f"{log[-3000:]}") from None
        after = self.snapshots.take()
        self.last = after
        self.sent[role] += 1
        if isinstance(reply, dict) and reply.get("ok") is False:
            self.errors[reply.get("error")] = self.errors.get(reply.get("error"), 0) + 1
        check_reply(event, role, payload, reply, before, after, self.world)
        assert conn.connected and conn.drops == 0, f"{role} connection dropped after {event}"
        if reply.get("ok"):
            self.accepted[role] += 1
            if role == "moderator":
                self.moderator_moves += 1
                ended = any(row[0] == self.world.session_id and "ended" in row for row in after["sessions"])
                if ended or self.moderator_moves >= 200:
                    self.build()

    def send_oversized(self, role: str, event: str, payload) -> None:
        """At or over max_http_buffer_size: the server may drop this one connection (it must, well over
        the limit), but it changes nothing and goes on serving everyone else."""
        conn = self.conn(role)
        before = self.last
        size = wire_size(event, payload)
        # Asked for an acknowledgement: a message the server reads is answered (accepted or refused),
        # one it refuses to read closes the connection. Either ends the wait; no time is guessed.
        answers: list = []
        conn.client.emit(event, payload, callback=lambda *reply: answers.append(reply))
        deadline = time.monotonic() + 30
        while conn.connected and not answers and time.monotonic() < deadline:
            time.sleep(0.01)
        self.sent[role] += 1
        if conn.connected:
            assert answers, f"no answer and no disconnection for a {size}-byte {event}"
            assert size <= BUFFER_LIMIT + 200, f"an oversized message ({size} bytes) was not refused"
        else:
            self.dropped += 1
            self.reconnect(role, conn)
        after = self.last = self.snapshots.take()
        for other in ROLES:
            if other != role:
                peer = self.conn(other)
                assert peer.connected and peer.call("no_such_event", {}, timeout=10)["error"] == "unknown_event"
        if size > BUFFER_LIMIT + 200:
            assert before == after, f"an oversized {event} changed the database: {diff(before, after)}"
        else:
            self.last = self.snapshots.take()



def server_is_well(server) -> None:
    assert server.process.poll() is None, "the server process died"
    assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
    log = server_log(server)
    assert "Traceback" not in log, log[log.index("Traceback") - 200:][:4000]
