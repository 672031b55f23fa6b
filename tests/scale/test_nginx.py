"""Three workers behind nginx (deploy/nginx/facilitator.conf) on PostgreSQL and Redis: a worker dies in
the middle of a vote, and the room does not notice more than a reconnect.

Phones, projector and control panel all go through nginx over TLS, as at a real venue. One worker is
killed (SIGKILL) while the phones vote; the phones it held reconnect through nginx to the others as
the same participants with their votes, no acknowledged vote is lost, and every screen shows the
same counts.
"""
from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio

from tests import clients
from tests.conftest import POSTGRES_URL, REDIS_URL, service_missing
from tests.factories import make_session
from tests.scale.nginx import NGINX, Nginx
from tests.server import LiveServer

pytestmark = pytest.mark.server
CHOICES = ("agree", "disagree", "neutral")
PHONES = 12
ROUNDS = 4


@pytest.fixture
def nginx_and_workers(tmp_path, shared_services, monkeypatch):
    if NGINX is None:
        service_missing("nginx is not installed (apt-get install nginx)")
    env = {"DATABASE_URL": POSTGRES_URL, "FACILITATOR_MESSAGE_QUEUE": REDIS_URL, "FACILITATOR_BEHIND_PROXY": "1"}
    workers = [LiveServer(tmp_path / f"worker{n}", env=env) for n in range(3)]
    proxy = None
    try:
        # Started side by side: each takes a few seconds to import and open its connections.
        with ThreadPoolExecutor(len(workers)) as pool:
            list(pool.map(LiveServer.start, workers))
        proxy = Nginx(tmp_path / "nginx", [worker.port for worker in workers]).start()
        # The test's clients trust the proxy's certificate, and nothing else does.
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(proxy.cert))
        monkeypatch.setenv("WEBSOCKET_CLIENT_CA_BUNDLE", str(proxy.cert))
        yield proxy, workers
    finally:
        if proxy:
            proxy.stop()
        for worker in workers:
            worker.stop()


def vote(phone: clients.Screen, statement_id: int, choice: str) -> bool:
    """One vote as a phone sends it; True when the server acknowledged it."""
    try:
        return phone.call("vote", {"statement_id": statement_id, "choice": choice}, timeout=3)["ok"]
    except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
        return False  # its worker died under it: not acknowledged, so the phone will send it again


def test_a_worker_killed_mid_vote_behind_nginx_loses_nothing(nginx_and_workers, shared_services):
    proxy, workers = nginx_and_workers
    new = make_session(shared_services)
    code = new.session.code
    mod = clients.moderator(proxy.url, code, new.moderator_key)
    screen = clients.projector(proxy.url, code, new.projector_key)
    statement_id = clients.open_first_statement(mod)
    phones = [clients.phone(proxy.url, code, ("Onderwijs", "Gemeente")[n % 2]) for n in range(PHONES)]
    numbers = [phone.wait_for(lambda s: "me" in s)["me"]["number"] for phone in phones]
    dropped = []
    for phone in phones:
        phone.client.on("disconnect", lambda phone=phone: dropped.append(phone))

    acknowledged: dict[int, str] = {}  # phone -> the last choice the server said it stored
    unsent: dict[int, str] = {}  # phone -> a choice it still has to send
    for round_ in range(ROUNDS):
        for n, phone in enumerate(phones):
            if round_ == ROUNDS // 2 and n == PHONES // 2:
                workers[0].kill()  # in the middle of a round: some phones have voted, some not yet
            choice = CHOICES[(n + round_) % len(CHOICES)]
            if vote(phone, statement_id, choice):
                acknowledged[n] = choice
                unsent.pop(n, None)
            else:
                unsent[n] = choice
    assert dropped, "the killed worker held no phone: least_conn should have spread them"

    # The phones it held come back through nginx, on the other workers, and send what was not taken.
    deadline = time.monotonic() + 20
    while unsent and time.monotonic() < deadline:
        for n, choice in list(unsent.items()):
            if phones[n].client.connected and vote(phones[n], statement_id, choice):
                acknowledged[n] = choice
                del unsent[n]
        time.sleep(0.1)
    assert not unsent, f"phones {sorted(unsent)} could not vote again after the worker died"

    # Each phone the dead worker held is still the same participant and sees its own last vote.
    for n, phone in enumerate(phones):
        if phone in dropped:
            again = phone.call("sync")["state"]
            assert again["me"]["number"] == numbers[n]
            assert again["me"]["votes"] == {str(statement_id): acknowledged[n]}

    # No acknowledged vote is lost: what is stored is what each phone was told.
    with shared_services.read() as q:
        number_of = {person.id: person.number for person in q.participants(new.session.id)}
        stored = {number_of[pid]: choice for pid, sid, choice in q.votes(new.session.id) if sid == statement_id}
    assert stored == {numbers[n]: choice for n, choice in acknowledged.items()}
    expected = Counter(acknowledged.values())

    # Every screen, wherever it is connected now, shows the same counts.
    assert mod.call("close_statement", {"statement_id": statement_id})["ok"]
    assert mod.call("reveal_statement", {"statement_id": statement_id})["ok"]
    shown = lambda s: s.get("result") and Counter({k: v for k, v in s["result"]["overall"]["counts"].items() if v}) == expected  # noqa: E731
    for c in (mod, screen, *phones):  # the phones show the result too (the session lets them)
        c.wait_for(shown)
    for c in (mod, screen, *phones):
        c.close()
