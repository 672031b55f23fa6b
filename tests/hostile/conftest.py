"""Shared helpers of the hostile-input tests: forms with their CSRF token, raw socket connections that
notice being dropped, a whole-database snapshot as the oracle for "a refused event changes nothing",
and a session set up with an open statement and an open breakout (notes, comments, two sessions)."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import pytest
import requests
import socketio
from sqlalchemy import create_engine, select

from facilitator.store.schema import metadata
from facilitator.steps.breakout import store as breakout_store
from tests.factories import make_session
from tests.server import LiveServer
from tests.server import ROOT

CSRF_RE = re.compile(r'<input[^>]*name="csrf_token"[^>]*>', re.I)
VALUE_RE = re.compile(r'value="([^"]*)"')
ERROR_CODE_RE = re.compile(r"^[a-z][a-z_]*$")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes longer than about 20 seconds")


# --- HTTP forms -------------------------------------------------------------------------------

def csrf_token(html: str) -> str | None:
    """The form's hidden csrf_token, when the page has one (Flask-WTF), else None."""
    tag = CSRF_RE.search(html or "")
    if not tag:
        return None
    value = VALUE_RE.search(tag.group(0))
    return value.group(1) if value else None


def post_form(http: requests.Session, form_url: str, data: dict, *, post_url: str | None = None,
              **kwargs) -> requests.Response:
    """POST a form as a browser does: fetch the form page first and send its CSRF token back."""
    page = http.get(form_url, timeout=10, allow_redirects=False)
    token = csrf_token(page.text)
    body = dict(data)
    if token is not None and "csrf_token" not in body:
        body["csrf_token"] = token
    return http.post(post_url or form_url, data=body, timeout=10, allow_redirects=False, **kwargs)


def join(url: str, code: str, sector: str, name: str = "") -> requests.Session:
    """Join through the real form; the returned HTTP session holds the phone's cookies."""
    http = requests.Session()
    response = post_form(http, f"{url}/j/{code}", {"sector": sector, "name": name})
    assert response.status_code == 302, (response.status_code, response.text[:500])
    return http


# --- Socket.IO connections --------------------------------------------------------------------

class Conn:
    """One Socket.IO connection without automatic reconnects: a dropped connection stays dropped."""

    def __init__(self, url: str, role: str, code: str, *, cookies: dict | None = None, auth: dict | None = None):
        self.url, self.role, self.code = url, role, code
        self.cookies = dict(cookies or {})
        self.auth = {"role": role, "code": code, **(auth or {})}
        self.client = socketio.Client(reconnection=False)
        self.drops = 0
        self.states: list[dict] = []
        self.refusal: object = None
        self.client.on("state", self.states.append)
        self.client.on("disconnect", self._dropped)
        self.client.on("connect_error", self._refused)

    def _dropped(self, *_):
        self.drops += 1

    def _refused(self, data=None):
        # The server refuses with (message, {error, message}); browsers see the second part as
        # err.data, this client gets {"message": ..., "data": {...}}: keep what the page would see.
        self.refusal = data.get("data", data) if isinstance(data, dict) and isinstance(data.get("data"), dict) \
            else data

    def connect(self, auth: dict | None = None) -> Conn:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        self.client.connect(self.url, headers=headers, auth=self.auth if auth is None else auth,
                            transports=["websocket"], wait_timeout=10)
        return self

    @property
    def connected(self) -> bool:
        return self.client.connected

    def call(self, event: str, payload=None, timeout: float = 5.0):
        return self.client.call(event, payload, timeout=timeout)

    def close(self) -> None:
        try:
            if self.client.connected:
                self.client.disconnect()
        finally:
            self.client.shutdown() if hasattr(self.client, "shutdown") else None


def participant_conn(url: str, code: str, http: requests.Session) -> Conn:
    return Conn(url, "participant", code, cookies=http.cookies.get_dict()).connect()


def moderator_conn(url: str, code: str, key: str) -> Conn:
    return Conn(url, "moderator", code, auth={"key": key}).connect()


def projector_conn(url: str, code: str, key: str) -> Conn:
    return Conn(url, "projector", code, auth={"key": key}).connect()


def is_refusal(reply) -> bool:
    return (isinstance(reply, dict) and reply.get("ok") is False and isinstance(reply.get("error"), str)
            and bool(ERROR_CODE_RE.match(reply["error"])) and isinstance(reply.get("message"), str)
            and reply["message"].strip() != "")


# --- The oracle: the whole database ----------------------------------------------------------

class DatabaseSnapshot:
    """Every row of every table of the server's database, read from the test process."""

    def __init__(self, database_url: str):
        self.engine = create_engine(database_url)
        self.lock = threading.Lock()

    def take(self) -> dict[str, list[tuple]]:
        with self.lock, self.engine.connect() as conn:
            return {table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                    for table in metadata.sorted_tables}

    def dispose(self) -> None:
        self.engine.dispose()


def diff(before: dict, after: dict) -> dict:
    return {name: {"gone": [r for r in before[name] if r not in after[name]][:5],
                   "new": [r for r in after[name] if r not in before[name]][:5]}
            for name in before if before[name] != after.get(name)}


# --- A session in full swing -----------------------------------------------------------------

@dataclass
class World:
    """Session A with an open statement (voted and commented on) and an open breakout (two groups,
    both phones in group 1, a note each); the ids of another session B for cross-session attempts."""

    url: str
    code: str
    key: str
    projector_key: str
    session_id: int
    statement_ids: list[int]
    open_statement: int
    comment_ids: list[int]
    breakout_id: int
    group_ids: list[int]
    participant_ids: list[int]
    note_ids: list[int]
    categories: list[str]
    phones: list[requests.Session]
    conns: list[Conn] = field(default_factory=list)

    def ids(self) -> list[int]:
        return [*self.statement_ids, *self.comment_ids, self.breakout_id, *self.group_ids,
                *self.participant_ids, *self.note_ids]

    def close(self) -> None:
        for conn in self.conns:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - a connection the server dropped on purpose
                pass
        self.conns.clear()


def build_world(url: str, store, *, title: str = "Polarisatie voorkomen", extra_phones: int = 0) -> World:
    """Everything through the product's own doors: the factory, the join form and socket events.

    `extra_phones` more phones join and are put in group 1 too, to spread a participant's writes over
    many participants (the server limits how fast one participant may write)."""
    new = make_session(store, title=title)
    code, key = new.session.code, new.moderator_key
    mod = moderator_conn(url, code, key)
    with store.read() as q:
        statements = [s.id for s in q.statements(new.session.id)]
    assert mod.call("open_statement", {"statement_id": statements[0]}) == {"ok": True}
    phones = [join(url, code, "Onderwijs", "Anna"), join(url, code, "Gemeente", "Bram")]
    conns = [participant_conn(url, code, http) for http in phones]
    for i, conn in enumerate(conns):
        assert conn.call("vote", {"statement_id": statements[0], "choice": "agree"})["ok"]
        assert conn.call("comment", {"statement_id": statements[0], "text": f"Toelichting {i}"})["ok"]
    added = mod.call("add_breakout", {"title": "Groepen", "count": 2, "after": 1, "assignment": "manual"})
    assert added["ok"], added
    breakout_id = added["breakout_id"]
    assert mod.call("open_breakout", {"breakout_id": breakout_id}) == {"ok": True}
    with store.read() as q:
        participant_ids = [p.id for p in q.participants(new.session.id)]
        group_ids = [g.id for g in breakout_store.groups(q, breakout_id)]
        categories = list(breakout_store.breakout(q, breakout_id).categories)
        comment_ids = [c.id for c in q.comments(new.session.id)]
    for i in range(extra_phones):
        http = join(url, code, "Anders", f"Extra {i}")
        phones.append(http)
        conns.append(participant_conn(url, code, http))
    with store.read() as q:
        participant_ids = [p.id for p in q.participants(new.session.id)]
    for pid in participant_ids:
        assert mod.call("move_participant", {"breakout_id": breakout_id, "participant_id": pid,
                                             "group_id": group_ids[0]}) == {"ok": True}
    note_ids = []
    for i, conn in enumerate(conns[:2]):
        reply = conn.call("add_note", {"client_id": f"hostile-note-{i:04d}", "category": categories[0],
                                       "text": f"Notitie {i}"})
        assert reply["ok"], reply
        note_ids.append(reply["note"]["id"])
    world = World(url, code, key, new.projector_key, new.session.id, statements, statements[0], comment_ids,
                  breakout_id, group_ids, participant_ids, note_ids, categories, phones, [mod, *conns])
    return world


@pytest.fixture(scope="module")
def snapshots(server):
    snap = DatabaseSnapshot(server.database_url())
    yield snap
    snap.dispose()


def server_log(server) -> str:
    return server.log_path.read_text(errors="replace") if server.log_path.exists() else ""


@pytest.fixture(scope="module")
def module_store(server):
    """The running server's store, opened from the test process for the whole module."""
    from facilitator.store import Store

    store = Store(server.database_url())
    yield store
    store.dispose()


def socket_buffer_limit() -> int:
    """The server's max_http_buffer_size, read from facilitator/app.py (the lead may change it)."""
    source = (ROOT / "facilitator" / "app.py").read_text()
    found = re.search(r"max_http_buffer_size\s*=\s*([0-9_*\s]+)", source)
    if not found:
        return 1_000_000
    value = 1
    for factor in found.group(1).replace("_", "").split("*"):
        if factor.strip():
            value *= int(factor)
    return value


@pytest.fixture
def own_server(tmp_path):
    """A server of its own: wrong join codes lock the address out for a minute (rate limit)."""
    live = LiveServer(tmp_path / "own").start()
    yield live
    live.stop()
