"""A venue behind one address: one person's wrong codes, passwords or floods never lock out the hall.

The Flask test client and Socket.IO's test client both come from 127.0.0.1, like a hall of phones
behind one NAT address.
"""
from __future__ import annotations

import pytest

from facilitator import actions, create_app
from facilitator.extension import socketio
from facilitator.rate_limits import (FLOODING_AFTER, PARTICIPANT_WRITES, SYNCS, WRONG_CODES, WRONG_PASSWORDS,
                                     MemoryCounter, RateLimits)
from facilitator.steps.statement import domain as statement_domain
from tests.factories import SECTORS, make_session
from tests.forms import submit


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading",
                      "ORGANISER_PASSWORD": "pw", "PUBLIC_URL": "http://192.168.1.20:5000"})
    # Time stands still: these tests count, and a window that ends mid-test would reset the count.
    app.extensions["facilitator"].rate_limits = RateLimits(clock=lambda: 1000.0)
    yield app
    app.extensions["facilitator"].services.store.dispose()


@pytest.fixture
def new(app):
    return make_session(app.extensions["facilitator"].services.store)


def join(app, code: str, sector: str = SECTORS[0]):
    """A phone of its own (its own cookie jar), joined through the form."""
    phone = app.test_client()
    response = submit(phone, f"/j/{code}", {"sector": sector, "name": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return phone


def connect(app, http_client, **auth):
    sock = socketio.test_client(app, auth=auth, flask_test_client=http_client)
    assert sock.is_connected(), auth
    return sock


def wrong_codes(client, count: int) -> list[int]:
    return [client.get("/join", query_string={"code": f"WRONG{i}"}).status_code for i in range(count)]


def test_a_hall_behind_one_address_is_served_after_someone_mistyped(app, new):
    """25 wrong codes from the hall's address, then 200 phones from it join and reconnect: all served."""
    code = new.session.code
    assert set(wrong_codes(app.test_client(), 25)) == {404}
    phones = [join(app, code, SECTORS[i % len(SECTORS)]) for i in range(200)]
    for phone in phones:
        assert phone.get(f"/j/{code}").status_code == 302  # a reload: already joined, on to the phone page
        for _attempt in range(2):  # a connection and a reconnection
            sock = connect(app, phone, role="participant", code=code)
            assert sock.get_received()[0]["args"][0]["me"]["sector"] in SECTORS
            sock.disconnect()
    with app.extensions["facilitator"].services.store.read() as q:
        assert len(q.participants(new.session.id)) == 200


def test_a_guesser_cannot_lock_out_those_with_a_token_or_key(app, new):
    code = new.session.code
    phone = join(app, code)
    statuses = wrong_codes(app.test_client(), WRONG_CODES.amount + 5)
    assert statuses[:WRONG_CODES.amount] == [404] * WRONG_CODES.amount and set(statuses[WRONG_CODES.amount:]) == {429}
    # A request that carries only a code now waits, whether the code is right or not: answering a
    # right one would tell the guesser which it is.
    stranger = app.test_client()
    assert stranger.get(f"/j/{code}").status_code == 429
    assert stranger.get("/join", query_string={"code": code}).status_code == 429
    refused = socketio.test_client(app, auth={"role": "participant", "code": code})
    assert not refused.is_connected()
    # Everyone holding this session's token or key is served as before, on every door.
    assert phone.get(f"/s/{code}").status_code == 200
    vote_phone = connect(app, phone, role="participant", code=code)
    assert vote_phone.emit("sync", {}, callback=True)["ok"] is True
    moderator = app.test_client()
    assert moderator.get(f"/m/{code}", query_string={"key": new.moderator_key}).status_code == 302
    assert moderator.get(f"/m/{code}").status_code == 200
    assert moderator.get(f"/r/{code}/results.csv").status_code == 200
    connect(app, moderator, role="moderator", code=code)
    screen = app.test_client()
    assert screen.get(f"/p/{code}", query_string={"key": new.projector_key}).status_code == 302
    assert screen.get(f"/p/{code}").status_code == 200
    assert screen.get(f"/qr/{code}.svg").status_code == 200
    connect(app, screen, role="projector", code=code)


@pytest.mark.parametrize("path", ["/qr/{code}.svg", "/m/{code}", "/r/{code}/report.html", "/r/{code}/votes.csv",
                                  "/p/{code}"])
def test_every_door_that_takes_a_code_counts_wrong_ones(app, new, path):
    """/qr, /m, /r and /p told a right code from a wrong one (200 or 403 against 404) without limit."""
    client = app.test_client()
    statuses = [client.get(path.format(code=f"WRONG{i}")).status_code for i in range(WRONG_CODES.amount + 1)]
    assert set(statuses[:WRONG_CODES.amount]) == {404} and statuses[-1] == 429
    # Past the limit, the right code without its key tells nothing either.
    assert client.get(path.format(code=new.session.code)).status_code == 429


def test_a_phone_asking_for_sync_in_a_loop_is_slowed(app, new):
    svc = app.extensions["facilitator"].services
    with svc.store.read() as q:
        statement_id = q.statements(new.session.id)[0].id
    actions.steer(svc, new.session.id, statement_domain.open_statement, statement_id)
    sock = connect(app, join(app, new.session.code), role="participant", code=new.session.code)
    replies = [sock.emit("sync", {}, callback=True) for _ in range(SYNCS.amount + 3)]
    assert all(r["ok"] and r["state"]["me"] for r in replies[:SYNCS.amount])
    assert {r.get("error") for r in replies[SYNCS.amount:]} == {"rate_limited"}
    # Syncs have their own budget: the phone may still vote.
    vote = sock.emit("vote", {"statement_id": statement_id, "choice": "agree"}, callback=True)
    assert vote == {"ok": True, "statement_id": statement_id, "choice": "agree"}


def login(client, password: str):
    return submit(client, "/organiser/login", {"password": password}, form_url="/organiser/login")


def test_organiser_password_guessing_is_limited(app):
    client = app.test_client()
    statuses = [login(client, f"guess{i}").status_code for i in range(WRONG_PASSWORDS.amount)]
    assert statuses == [403] * WRONG_PASSWORDS.amount
    # Past the limit even the right password waits, or the guesser would learn it is right.
    refused = login(client, "pw")
    assert refused.status_code == 429 and "Traceback" not in refused.get_data(as_text=True)
    assert client.get("/organiser").status_code == 302  # not signed in


def test_a_change_of_password_signs_everyone_out(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading", "ORGANISER_PASSWORD": ""})
    app.extensions["facilitator"].rate_limits = RateLimits(clock=lambda: 1000.0)
    store = app.extensions["facilitator"].services.store
    password = app.extensions["facilitator"].new_organiser_password  # made when the app was built
    client = app.test_client()
    assert login(client, password).status_code == 302
    assert client.get("/organiser").status_code == 200
    actions.reset_organiser_password(app.extensions["facilitator"].services)  # `facilitator organiser-password`
    assert client.get("/organiser").status_code == 302
    assert client.get(f"/r/{make_session(store).session.code}/data.json").status_code == 403


def test_the_organiser_page_is_never_cached(app, new):
    client = app.test_client()
    login(client, "pw")
    page = client.get("/organiser")
    assert page.status_code == 200 and new.moderator_key in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_fast_joins_from_one_address_warn_the_moderator(app, new):
    from facilitator.rate_limits import FAST_JOINS

    code = new.session.code
    moderator = app.test_client()
    moderator.get(f"/m/{code}", query_string={"key": new.moderator_key})
    for _ in range(FAST_JOINS.amount):
        join(app, code)
    panel = connect(app, moderator, role="moderator", code=code)
    assert panel.get_received()[-1]["args"][0]["problems"] == []
    join(app, code)
    panel.disconnect()
    panel = connect(app, moderator, role="moderator", code=code)
    problems = panel.get_received()[-1]["args"][0]["problems"]
    assert len(problems) == 1 and str(FAST_JOINS.amount + 1) in problems[0] and "adres" in problems[0]


def test_the_in_process_counter_forgets_old_windows():
    """Windows pass, and their counts leave memory: a day of addresses does not pile up."""
    now = [1000.0]
    limits = RateLimits(clock=lambda: now[0])
    for _ in range(WRONG_CODES.amount):
        limits.wrong_code("10.0.0.1")
    assert not limits.may_guess_code("10.0.0.1") and limits.may_guess_code("10.0.0.2")
    now[0] += WRONG_CODES.seconds
    assert limits.may_guess_code("10.0.0.1")
    now[0] += MemoryCounter.SWEEP_EVERY + WRONG_CODES.seconds
    limits.wrong_code("10.0.0.3")
    assert len(limits._counter._counts) == 1


def test_counting_in_process_starts_no_timer():
    """The `limits` library's memory storage walked every key on a timer, every 10 ms, on the event
    loop: 41% of the server's CPU in a vote burst. Counting here is a dict lookup and nothing runs
    between requests."""
    import threading

    before = set(threading.enumerate())
    limits = RateLimits()
    for participant in range(2000):
        limits.participant_write(participant)
    limits.wrong_code("10.0.0.1")
    assert set(threading.enumerate()) == before


def test_a_phone_that_floods_is_let_go_and_kept_out_for_the_window(app, new):
    svc = app.extensions["facilitator"].services
    with svc.store.read() as q:
        statement_id = q.statements(new.session.id)[0].id
    actions.steer(svc, new.session.id, statement_domain.open_statement, statement_id)
    code = new.session.code
    flooder_phone, neighbour_phone = join(app, code), join(app, code)
    flooder = connect(app, flooder_phone, role="participant", code=code)
    neighbour = connect(app, neighbour_phone, role="participant", code=code)
    replies = [flooder.emit("comment", {"statement_id": statement_id, "text": f"spam {i}"}, callback=True)
               for i in range(PARTICIPANT_WRITES.amount)]
    assert all(r["ok"] for r in replies)
    # Told to slow down, and still connected: a phone with a burst of resends is no script.
    assert flooder.emit("vote", {"statement_id": statement_id, "choice": "agree"}, callback=True)["error"] == "rate_limited"
    assert flooder.is_connected()
    for i in range(FLOODING_AFTER - PARTICIPANT_WRITES.amount - 1):  # up to FLOODING_AFTER writes in all
        flooder.emit("comment", {"statement_id": statement_id, "text": f"more {i}"}, callback=True)
    assert flooder.is_connected()
    # Twice its allowance in one window: let go, and not let back in before the window ends.
    last = flooder.emit("comment", {"statement_id": statement_id, "text": "one too many"}, callback=True)
    assert last["error"] == "rate_limited"
    socketio.sleep(0)  # the disconnect runs once the reply is out
    assert not flooder.is_connected()
    again = socketio.test_client(app, auth={"role": "participant", "code": code}, flask_test_client=flooder_phone)
    assert not again.is_connected()
    # Everybody else goes on as before.
    vote = neighbour.emit("vote", {"statement_id": statement_id, "choice": "agree"}, callback=True)
    assert vote == {"ok": True, "statement_id": statement_id, "choice": "agree"}
