"""The server is SIGKILLed in the middle of a vote storm and started again on the same port and data.

Every vote acknowledged before the kill is in the store; the phones reconnect by themselves, land on
the current step with their own identity, and a vote sent but not acknowledged is resent and counted
once. The same for a real phone page in Chromium, whose pending vote waits in localStorage.
"""
from __future__ import annotations

import asyncio
import os
import signal
import statistics
import threading
import time

import pytest
import socketio
from playwright.sync_api import expect

from facilitator.store import Store
from tests import clients
from tests.factories import SECTORS, make_session
from tests.faults.conftest import new_participant, open_browser_phone
from tests.server import LiveServer

pytestmark = [pytest.mark.server, pytest.mark.faults]

PHONES = int(os.environ.get("FAULT_PHONES", "300"))
KILL_AFTER = PHONES // 2  # acknowledgements
CONCURRENCY = 30  # votes on their way at once
CHOICES = ["agree", "disagree", "neutral", "strongly_agree", "strongly_disagree", "pass"]
RESEND_LIMIT = 60.0  # seconds for every unacknowledged vote to be acknowledged after the restart
RECONNECT_LIMIT = 10.0  # seconds after the restart; the clients back off like the phone page (1 s .. 5 s)


class Phone:
    """One python-socketio phone that reconnects by itself, as the page does (backoff 1 s to 5 s)."""

    def __init__(self, index: int, url: str, code: str, participant_id: int, token: str):
        self.index, self.url, self.code = index, url, code
        self.participant_id = participant_id
        # The token goes in `auth` (docs/protocol.md), not in a Cookie header: python-engineio's
        # AsyncClient moves a Cookie header into a cookie jar that it throws away on disconnect, so
        # its reconnects would arrive without one. The phone page's browser keeps its cookie.
        self.token = token
        self.choice = CHOICES[index % len(CHOICES)]
        self.client = socketio.AsyncClient(reconnection=True, reconnection_delay=1, reconnection_delay_max=5)
        self.states: list[tuple[float, dict]] = []  # (monotonic time, state with `me`)
        self.acked = False
        self.client.on("state", self._on_state)

    async def _on_state(self, state):
        if "me" in state:
            self.states.append((time.monotonic(), state))

    async def connect(self):
        await self.client.connect(self.url, auth={"role": "participant", "code": self.code, "token": self.token},
                                  transports=["websocket"], wait_timeout=10)

    async def vote(self, statement_id: int, timeout: float = 5.0) -> bool:
        try:
            reply = await self.client.call("vote", {"statement_id": statement_id, "choice": self.choice},
                                           timeout=timeout)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                socketio.exceptions.SocketIOError):
            return False
        if isinstance(reply, dict) and reply.get("ok"):
            assert reply["choice"] == self.choice
            self.acked = True
        return self.acked


def stored_votes(database_url: str, session_id: int, statement_id: int) -> list[tuple[int, str]]:
    store = Store(database_url)
    try:
        with store.read() as q:
            return [(pid, choice) for pid, sid, choice in q.votes(session_id) if sid == statement_id]
    finally:
        store.dispose()


def test_kill_during_vote_storm(tmp_path):
    data = tmp_path / "data"
    server = LiveServer(data).start()
    store = Store(server.database_url())
    report: dict = {}
    try:
        new = make_session(store)
        code, session_id = new.session.code, new.session.id
        mod = clients.moderator(server.url, code, new.moderator_key)
        statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
        assert mod.call("open_statement", {"statement_id": statement_id})["ok"]
        mod.close()
        people = [new_participant(store, code, SECTORS[i % len(SECTORS)]) for i in range(PHONES)]
        store.dispose()

        killed = threading.Event()
        enough = threading.Event()
        kill_time: list[float] = []

        def killer():
            if enough.wait(60):
                server.kill()  # SIGKILL from another thread, while votes are still on their way
                kill_time.append(time.monotonic())
                killed.set()

        threading.Thread(target=killer, daemon=True).start()

        async def scenario():
            phones = [Phone(i, server.url, code, pid, token) for i, (pid, token) in enumerate(people)]
            gate = asyncio.Semaphore(CONCURRENCY)

            async def connect(phone):
                async with gate:
                    await phone.connect()

            await asyncio.wait_for(asyncio.gather(*(connect(p) for p in phones)), 60)
            assert all(p.client.connected for p in phones)
            numbers = {p.index: p.states[-1][1]["me"]["number"] for p in phones}

            acks = 0
            sent_before_kill: set[int] = set()

            async def vote(phone):
                nonlocal acks
                async with gate:
                    if killed.is_set():
                        return  # the storm stopped with the server: this phone votes after the restart
                    sent_before_kill.add(phone.index)
                    if await phone.vote(statement_id):
                        acks += 1
                        if acks >= KILL_AFTER:
                            enough.set()

            await asyncio.wait_for(asyncio.gather(*(vote(p) for p in phones)), 90)
            assert killed.wait(5), "the server was not killed: fewer acknowledgements than expected"
            acked = {p.index for p in phones if p.acked}
            report["acked_before_kill"] = len(acked)
            report["sent_unacked"] = len(sent_before_kill - acked)
            report["not_sent"] = PHONES - len(sent_before_kill)

            # The server is dead: what it acknowledged must be on disk already.
            stored = dict(await asyncio.to_thread(stored_votes, server.database_url(), session_id, statement_id))
            by_participant = {p.participant_id: p for p in phones}
            for index in acked:
                phone = phones[index]
                assert stored.get(phone.participant_id) == phone.choice, f"acknowledged vote of phone {index} lost"
            assert all(by_participant[pid].choice == choice for pid, choice in stored.items())
            report["stored_before_restart"] = len(stored)

            # Start again on the same port and data folder; the phones come back by themselves.
            restart_from = time.monotonic()
            await asyncio.to_thread(restart)
            up = time.monotonic()
            report["restart_seconds"] = round(up - restart_from, 2)
            report["down_seconds"] = round(up - kill_time[0], 2)
            deadline = up + RECONNECT_LIMIT
            dead_from = kill_time[0]  # any state after this came from the new server
            while time.monotonic() < deadline and not all(back(p, dead_from) for p in phones):
                await asyncio.sleep(0.05)
            late = [p.index for p in phones if not back(p, dead_from)]
            report["connected_now"] = sum(p.client.connected for p in phones)
            assert not late, f"{len(late)} phones did not reconnect within {RECONNECT_LIMIT}s of the restart"
            # Measured from the moment the new server answered its health check (a phone may beat it).
            delays = sorted(max(0.0, back(p, dead_from)[0] - up) for p in phones)
            report["reconnect_median"] = round(statistics.median(delays), 2)
            report["reconnect_max"] = round(delays[-1], 2)
            for p in phones:
                state = back(p, dead_from)[1]
                assert state["me"]["number"] == numbers[p.index], "a phone came back as somebody else"
                assert state["step"]["kind"] == "statement"
                assert state["step"]["statement"]["id"] == statement_id
                assert state["step"]["statement"]["status"] == "open"
                if p.index in acked:
                    assert state["me"]["votes"] == {str(statement_id): p.choice}

            # Like the page: every vote not acknowledged is sent again until it is acknowledged. On a
            # loaded machine a phone may drop once more after the restart; the page then resends on
            # its next reconnect, and so does this phone, within a generous deadline.
            async def resend(phone):
                deadline = time.monotonic() + RESEND_LIMIT
                while time.monotonic() < deadline:
                    if phone.client.connected:
                        async with gate:
                            if await phone.vote(statement_id, timeout=10):
                                return
                    await asyncio.sleep(0.5)
                raise AssertionError(f"phone {phone.index} could not vote within {RESEND_LIMIT}s")

            await asyncio.wait_for(asyncio.gather(*(resend(p) for p in phones if not p.acked)), RESEND_LIMIT + 15)
            stored = await asyncio.to_thread(stored_votes, server.database_url(), session_id, statement_id)
            assert len(stored) == PHONES, "a resent vote was counted twice or lost"
            assert dict(stored) == {p.participant_id: p.choice for p in phones}
            await asyncio.gather(*(p.client.disconnect() for p in phones), return_exceptions=True)

        def restart():
            nonlocal server
            server = LiveServer(data, port=server.port).start()

        asyncio.run(asyncio.wait_for(scenario(), 240))
        screen = clients.projector(server.url, code, new.projector_key)
        assert screen.wait_for(lambda s: s["votes"]["count"] == PHONES)["attendance"]["total"] == PHONES
        screen.close()
    finally:
        print("kill during storm:", report)
        server.stop()


def back(phone: Phone, since: float):
    """The first state with `me` the phone received after `since`, or None."""
    return next(((t, s) for t, s in phone.states if t >= since), None)


@pytest.mark.browser
def test_phone_page_resends_a_pending_vote_after_a_restart(tmp_path, browser):
    """Phone A taps while the server is down (pending); phone B taps while the server hangs and is then
    killed (sent, never acknowledged). After the restart both votes are stored once and shown saved."""
    data = tmp_path / "data"
    server = LiveServer(data).start()
    store = Store(server.database_url())
    contexts = []
    try:
        new = make_session(store)
        code, session_id = new.session.code, new.session.id
        mod = clients.moderator(server.url, code, new.moderator_key)
        statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
        assert mod.call("open_statement", {"statement_id": statement_id})["ok"]
        mod.close()
        (pid_a, token_a), (pid_b, token_b) = (new_participant(store, code, s) for s in SECTORS[:2])
        context_a, page_a = open_browser_phone(browser, server.url, code, token_a)
        context_b, page_b = open_browser_phone(browser, server.url, code, token_b)
        contexts += [context_a, context_b]
        for page in (page_a, page_b):
            expect(page.get_by_test_id("view-statement")).to_be_visible()
            expect(page.get_by_test_id("connection").first).to_have_attribute("data-state", "connected")

        # B: the server hangs (SIGSTOP), B's vote goes out on the wire and waits for an ack that never comes.
        os.kill(server.process.pid, signal.SIGSTOP)
        page_b.get_by_test_id("choice-strongly_agree").click()
        expect(page_b.get_by_test_id("vote-state")).to_have_attribute("data-state", "sending")
        server.kill()  # SIGKILL works on a stopped process; B's vote dies unread in the socket buffer

        # A: the server is gone; the page notices, and a tap stays pending in localStorage.
        expect(page_a.get_by_test_id("connection").first).to_have_attribute("data-state", "reconnecting",
                                                                              timeout=10_000)
        page_a.get_by_test_id("choice-disagree").click()
        vote_state_a = page_a.get_by_test_id("vote-state")
        expect(vote_state_a).to_have_attribute("data-state", "pending")
        assert page_a.evaluate(f"localStorage.getItem('facilitator:{code}:vote:{statement_id}')") == "disagree"
        assert stored_votes(server.database_url(), session_id, statement_id) == []

        started = time.monotonic()
        server = LiveServer(data, port=server.port).start()
        up = time.monotonic()
        # The page backs off at most 5 s between attempts; B's unacknowledged vote times out after 5 s
        # and is resent 3 s later.
        expect(vote_state_a).to_have_attribute("data-state", "saved", timeout=15_000)
        a_saved = time.monotonic() - up
        expect(page_b.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved", timeout=20_000)
        b_saved = time.monotonic() - up
        expect(page_a.get_by_test_id("choice-disagree")).to_have_attribute("aria-pressed", "true")
        expect(page_b.get_by_test_id("choice-strongly_agree")).to_have_attribute("aria-pressed", "true")
        assert page_a.evaluate(f"localStorage.getItem('facilitator:{code}:vote:{statement_id}')") is None
        stored = stored_votes(server.database_url(), session_id, statement_id)
        assert sorted(stored) == sorted([(pid_a, "disagree"), (pid_b, "strongly_agree")])
        print(f"phone page: restart took {up - started:.1f}s; pending vote saved {a_saved:.1f}s and "
              f"in-flight vote saved {b_saved:.1f}s after the server was up")
    finally:
        for context in contexts:
            context.close()
        if server.process and server.process.poll() is None:
            os.kill(server.process.pid, signal.SIGCONT)
        server.stop()
        store.dispose()
