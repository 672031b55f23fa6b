"""Socket.IO handlers: parse, authorise, call one action, reply. Who sends what: docs/protocol.md."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from . import auth
from .broadcast import participant_room, room
from .domain.errors import DomainError
from .domain.limits import LANGUAGES
from .domain.model import Participant
from .i18n import LANG_COOKIE
from .messages import error_message, error_reply
from .socket_events import EVENTS
from .store import StoreUnavailable

log = logging.getLogger(__name__)
MAX_PAYLOAD = 4096
# No request context for events without a handler: both languages, the interface's own words.
UNKNOWN_EVENT_MESSAGE = "Het verzoek werd niet begrepen. / The request was not understood."


@dataclass(frozen=True)
class Connection:
    """Who is on the other end of one socket; settled once, when it connects."""

    role: str
    session_id: int
    code: str
    locale: str  # the language this connection is answered in
    session_language: str  # the language of the session, in which the moderator is told of problems
    participant: Participant | None = None


# Who is behind each socket of this process. A socket lives in one process, so this is no state
# kept only in memory: a reconnect to any process settles it anew from the store.
CONNECTIONS: dict[str, Connection] = {}


def register(app, socketio: SocketIO) -> None:
    # Every socket event runs in a request context made from its connection's /socket.io/ address,
    # and Flask matches that address against its routes first: with no route, each vote raised and
    # kept a NotFound (a traceback, frames, a cycle for the garbage collector). A route that matches
    # costs nothing; the Socket.IO layer answers /socket.io/ before Flask, so its view never runs.
    app.add_url_rule("/socket.io/", endpoint="socket_io", view_func=_never_called, strict_slashes=False)
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    # Registered on python-socketio itself: Flask-SocketIO's wrapper of the catch-all fails on an
    # event literally named "*" before any code of ours runs.
    socketio.server.on("*", _unknown_event)
    for event, (role, fields, run) in EVENTS.items():
        socketio.on_event(event, _handler(event, role, fields, run))


def _never_called():
    return "", 404


def on_connect(auth_data=None):
    """Any screen connects; it joins its session's room for its role and gets a first `state`."""
    if request.sid in CONNECTIONS:  # an event a client named "connect", not a connection
        return error_reply("unknown_event", CONNECTIONS[request.sid].locale)
    try:
        conn = _identify(auth_data if isinstance(auth_data, dict) else {})
        CONNECTIONS[request.sid] = conn
        join_room(room(conn.session_id, conn.role))
        if conn.participant is not None:
            join_room(participant_room(conn.participant.id))
        _, broadcaster = _services()
        # Raises unknown_session when another worker deleted the session a moment ago.
        broadcaster.greet(request.sid, conn.session_id, conn.role, conn.participant)
    except DomainError as exc:
        CONNECTIONS.pop(request.sid, None)
        log.info("connection refused: %s", exc.code)
        message = error_message(exc.code)
        # (message, data): the browser's connect_error then carries data {error, message}.
        raise ConnectionRefusedError(message, {"error": exc.code, "message": message})


def on_disconnect(*_reason):
    if current_app.extensions["socketio"].server.manager.is_connected(request.sid, "/"):
        return error_reply("unknown_event")  # an event a client named "disconnect": it stays connected
    CONNECTIONS.pop(request.sid, None)


def _unknown_event(*args):
    """Any event without a handler of its own (python-socketio passes the name, the sid, the data)."""
    log.info("unknown event %r", str(args[0])[:40] if args else "")
    return {"ok": False, "error": "unknown_event", "message": UNKNOWN_EVENT_MESSAGE}


def _identify(data: dict) -> Connection:
    role, code = data.get("role"), auth.normalise_code(data.get("code"))
    if role not in ("participant", "projector", "moderator") or not code:
        raise DomainError("bad_request")
    svc, _ = _services()
    found = svc.store.session_by_code(code)
    participant, refusal = None, None
    if found is None:
        refusal = "unknown_session"
    elif role == "participant":  # no database work at all for a phone that has just joined (its token is kept)
        token = request.cookies.get(auth.participant_cookie(code)) or data.get("token")
        participant = svc.store.participant_by_token(found.id, auth.hash_token(token)) if isinstance(token, str) else None
        refusal = None if participant is not None else "not_joined"
        if participant is not None and current_app.extensions["facilitator"].rate_limits.is_flooding(participant.id):
            raise DomainError("rate_limited")  # let go for flooding: not back before its window ends
    else:
        with svc.store.read() as q:
            if role == "moderator":
                key = request.cookies.get(auth.moderator_cookie(code)) or data.get("key")
                refusal = None if auth.same_secret(key, q.moderator_key(found.id)) else "forbidden"
            else:
                key = (request.cookies.get(auth.projector_cookie(code)) or request.cookies.get(auth.moderator_cookie(code))
                       or data.get("key"))
                refusal = None if auth.opens_projector(key, q.projector_key(found.id), q.moderator_key(found.id)) \
                    else "forbidden"
    if refusal is not None:
        # Only failures count against the address: a valid token or key is never refused for the
        # mistakes of others behind the same address (a whole hall shares one).
        limits = current_app.extensions["facilitator"].rate_limits
        if not limits.may_guess_code(request.remote_addr):
            raise DomainError("rate_limited")
        if found is None:
            limits.wrong_code(request.remote_addr)
        raise DomainError(refusal)
    chosen = data.get("lang") or request.cookies.get(LANG_COOKIE)
    locale = chosen if chosen in LANGUAGES else found.language
    return Connection(role, found.id, code, locale, found.language, participant)


def _handler(event: str, role: str, fields: dict[str, type], run: Callable):
    def handle(payload=None, *_extra):
        conn: Connection | None = CONNECTIONS.get(request.sid)
        locale = conn.locale if conn else _locale()
        try:
            if conn is None or conn.role != role:
                raise DomainError("forbidden")
            if not _still_in_session(conn):
                raise DomainError("unknown_session")
            if role == "participant":  # before any database work: a flood costs a dict lookup
                limits = current_app.extensions["facilitator"].rate_limits
                (limits.sync if event == "sync" else limits.participant_write)(conn.participant.id)
            reply = run(_services()[0], conn, **_parse(payload, fields))
            return {"ok": True, **(reply or {})}
        except DomainError as exc:
            log.info("%s refused for %s: %s", event, conn.role if conn else "nobody", exc.code)
            if exc.code == "rate_limited" and role == "participant" and conn is not None \
                    and current_app.extensions["facilitator"].rate_limits.is_flooding(conn.participant.id):
                _let_go(request.sid)
            return error_reply(exc.code, locale, **exc.params)
        except StoreUnavailable as exc:
            log.error("%s not saved: %s", event, exc)
            if conn is not None:
                _services()[1].report_problem(conn.session_id, error_message("not_saved", conn.session_language))
            return error_reply("not_saved", locale)
    handle.__name__ = f"on_{event}"
    return handle


def _still_in_session(conn: Connection) -> bool:
    """False once the session was deleted: deleting closes its rooms on every worker (through the
    message queue), and a socket outside its session's room acts on nothing any more."""
    members = current_app.extensions["socketio"].server.manager.rooms.get("/", {}).get(
        room(conn.session_id, conn.role), ())
    if request.sid in members:
        return True
    _let_go(request.sid)
    return False


def _let_go(sid: str) -> None:
    """Close this socket once the reply to its event is out; it acts on nothing from now on."""
    CONNECTIONS.pop(sid, None)
    sio = current_app.extensions["socketio"]
    sio.start_background_task(sio.server.disconnect, sid, namespace="/")


def _parse(payload: object, fields: dict) -> dict:
    """The declared fields, each of its declared type; anything else is a bad request.

    A type may be a tuple of types; one that includes None makes the field optional.
    """
    if payload is None and not fields:
        return {}
    if not isinstance(payload, dict) or _size(payload) > MAX_PAYLOAD:
        raise DomainError("bad_request")
    values = {}
    for name, kind in fields.items():
        value = payload.get(name)
        if not any(_is(value, k) for k in (kind if isinstance(kind, tuple) else (kind,))):
            raise DomainError("bad_request", field=name)
        values[name] = value
    return values


def _size(payload: dict) -> int:
    """The payload's size in bytes as the client sent it: JSON in UTF-8, not escaped to ASCII (a
    comment of 340 emoji is 1.4 KB, not the 4 KB of its \\u escapes). Binary attachments count as too large."""
    try:
        return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    except (TypeError, ValueError):
        return MAX_PAYLOAD + 1


def _is(value: object, kind) -> bool:
    if kind is None:
        return value is None
    if kind is object:
        return value is not None
    if kind is int:  # JSON true is not a number, and no id or count of ours is beyond 32 bits
        return isinstance(value, int) and not isinstance(value, bool) and -2**31 < value < 2**31
    return isinstance(value, kind)


def _services():
    ext = current_app.extensions["facilitator"]
    return ext.services, ext.broadcaster


def _locale() -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else "nl"
