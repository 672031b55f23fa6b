"""Two server processes sharing PostgreSQL and Redis act as one: a vote on one reaches screens on the other."""
from __future__ import annotations

import time

import pytest
import redis
import requests
from sqlalchemy.exc import OperationalError

from facilitator.store import Store
from tests import clients
from tests.conftest import POSTGRES_URL, service_missing
from tests.factories import make_session
from tests.forms import submit
from tests.server import LiveServer

pytestmark = pytest.mark.server
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_services(request):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis not reachable at {REDIS_URL}: {exc}")
    try:
        store = Store(request.getfixturevalue("postgres_url"))
    except OperationalError as exc:
        service_missing(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.orig}")
    yield store
    store.dispose()


@pytest.fixture
def two_workers(tmp_path, shared_services):
    """Two server processes on the same PostgreSQL and Redis."""
    env = {"DATABASE_URL": POSTGRES_URL, "FACILITATOR_MESSAGE_QUEUE": REDIS_URL}
    first = LiveServer(tmp_path / "a", env=env).start()
    second = LiveServer(tmp_path / "b", env=env)
    try:
        yield first, second.start()
    finally:
        first.stop()
        second.stop()


def test_two_workers_share_votes_and_screens(two_workers, shared_services):
    first, second = two_workers
    new = make_session(shared_services)
    code = new.session.code
    mod = clients.moderator(first.url, code, new.moderator_key)
    screen = clients.projector(second.url, code, new.projector_key)
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
    assert mod.call("open_statement", {"statement_id": statement_id})["ok"]
    # The projector on the second worker hears of a step taken on the first.
    screen.wait_for(lambda s: s["step"].get("statement", {}).get("status") == "open")
    phone_a = clients.phone(first.url, code, "Onderwijs")
    phone_b = clients.phone(second.url, code, "Gemeente")
    phone_b.wait_for(lambda s: s["step"]["kind"] == "statement")
    assert phone_a.call("vote", {"statement_id": statement_id, "choice": "agree"})["ok"]
    assert phone_b.call("vote", {"statement_id": statement_id, "choice": "disagree"})["ok"]
    assert screen.wait_for(lambda s: s["votes"]["count"] == 2)["attendance"]["total"] == 2
    state = mod.wait_for(lambda s: s["result"] and s["result"]["overall"]["total"] == 2)
    assert state["result"]["overall"]["counts"]["disagree"] == 1
    # A phone that reconnects to the other worker is the same participant with the same vote.
    moved = clients.Screen(first.url, "participant", code, cookies=phone_b.cookies).connect()
    assert moved.wait_for(lambda s: "me" in s)["me"]["votes"] == {str(statement_id): "disagree"}
    for c in (mod, screen, phone_a, phone_b, moved):
        c.close()


def test_deleting_on_one_worker_lets_go_of_the_screens_on_the_other(two_workers, shared_services):
    first, second = two_workers
    new = make_session(shared_services)
    code = new.session.code
    mod = clients.moderator(second.url, code, new.moderator_key)
    phone = clients.phone(second.url, code, "Onderwijs")
    told = []
    mod.client.on("session_deleted", told.append)
    phone.wait_for(lambda s: "me" in s)
    organiser = requests.Session()
    submit(organiser, f"{first.url}/organiser/login", {"password": "organiser-test-pw"}, timeout=5)
    done = submit(organiser, f"{first.url}/organiser/sessions/{code}/delete", {"confirm": "yes"},
                  form_url=f"{first.url}/organiser", timeout=5, allow_redirects=False)
    assert done.status_code == 302
    deadline = time.monotonic() + 15
    while not told and time.monotonic() < deadline:
        time.sleep(0.02)
    assert told == [{}], "the second worker's screens were not told through the message queue"
    # A client that ignores the message is out of the session's rooms: refused, then let go.
    refused = phone.call("sync", {})
    assert refused["ok"] is False and refused["error"] == "unknown_session"
    while phone.client.connected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not phone.client.connected
    mod.close()


def test_a_projector_on_one_worker_is_counted_by_a_panel_on_another(two_workers, shared_services):
    """The screens' last-seen times live in the store, not in the memory of the worker a projector
    happens to be connected to: a panel on the other worker sees it, and a moderator who reconnects
    anywhere gets it in the first snapshot."""
    first, second = two_workers
    new = make_session(shared_services)
    code = new.session.code
    mod = clients.moderator(first.url, code, new.moderator_key)
    assert mod.wait_for(lambda s: "screens" in s)["screens"] == []
    screen = clients.projector(second.url, code, new.projector_key)
    assert screen.call("screen_alive", {"screen_id": "pj-test-screen-1"})["ok"]
    seen = mod.wait_for(lambda s: len(s["screens"]) == 1)["screens"][0]
    assert 0 <= seen["seen_ago"] < 5
    assert screen.call("screen_alive", {"screen_id": "no"})["error"] == "invalid_client_id"
    later = clients.moderator(second.url, code, new.moderator_key)
    assert len(later.wait_for(lambda s: "screens" in s)["screens"]) == 1
    for c in (mod, screen, later):
        c.close()
