"""Two server processes sharing PostgreSQL and Redis act as one: a vote on one reaches screens on the other."""
from __future__ import annotations

import time

import pytest
import requests

from facilitator.rate_limits import FAST_JOINS
from tests import clients
from tests.conftest import POSTGRES_URL, REDIS_URL
from tests.factories import make_session
from tests.forms import submit
from tests.server import LiveServer

pytestmark = pytest.mark.server
CHOICES = ("agree", "disagree")


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


def test_a_problem_seen_by_one_worker_reaches_the_moderator_on_any(two_workers, shared_services):
    """Joins from one address are counted by both workers together, and the warning they raise on
    one worker is in the control panel whichever worker the moderator's panel is connected to."""
    first, second = two_workers
    new = make_session(shared_services)
    code = new.session.code
    for n in range(FAST_JOINS.amount + 1):
        clients.join((first, second)[n % 2].url, code, "Onderwijs")
    for worker in (first, second):
        panel = clients.moderator(worker.url, code, new.moderator_key)
        problems = panel.wait_for(lambda s: "problems" in s)["problems"]
        assert len(problems) == 1 and str(FAST_JOINS.amount + 1) in problems[0]
        panel.close()


def test_votes_on_two_workers_update_the_projector_once_per_beat(tmp_path, shared_services):
    """Each worker would send its own update of a session that got votes on both, twice the
    messages through Redis to every screen; they take turns, and the last vote is still shown."""
    beat = 0.5
    env = {"DATABASE_URL": POSTGRES_URL, "FACILITATOR_MESSAGE_QUEUE": REDIS_URL,
           "FACILITATOR_BROADCAST_INTERVAL": str(beat)}
    workers = [LiveServer(tmp_path / name, env=env) for name in "ab"]
    try:
        for worker in workers:
            worker.start()
        new = make_session(shared_services)
        code = new.session.code
        mod = clients.moderator(workers[0].url, code, new.moderator_key)
        statement_id = clients.open_first_statement(mod)
        phones = [clients.phone(workers[n % 2].url, code, "Onderwijs") for n in range(6)]
        mod.wait_for(lambda s: s["attendance"]["total"] == 6)
        time.sleep(2 * beat)
        while not mod.states.empty():
            mod.states.get()
        started = time.monotonic()
        votes = 0
        while time.monotonic() - started < 3.0:
            for phone in phones:
                assert phone.call("vote", {"statement_id": statement_id, "choice": CHOICES[votes % 2]})["ok"]
                votes += 1
            time.sleep(0.05)
        agree = sum(1 for n in range(votes - len(phones), votes) if CHOICES[n % 2] == "agree")
        # The control panel shows the last vote of every phone, whichever worker took it.
        mod.wait_for(lambda s: s["result"] and s["result"]["overall"]["counts"]["agree"] == agree
                     and s["result"]["overall"]["total"] == len(phones))
        elapsed = time.monotonic() - started
        updates = mod.states.qsize() + 1
        # One per beat, plus the follow-ups that show the last votes of each worker.
        assert updates <= elapsed / beat + 3, f"{updates} updates in {elapsed:.1f} s at a beat of {beat} s"
        for c in (mod, *phones):
            c.close()
    finally:
        for worker in workers:
            worker.stop()
