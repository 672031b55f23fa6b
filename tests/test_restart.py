"""A killed server loses nothing it acknowledged, and phones keep their identity across the restart."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitator.store import Store
from tests import clients
from tests.factories import SECTORS, make_session
from tests.server import LiveServer

pytestmark = pytest.mark.server
PHONES = 30


def test_votes_acknowledged_before_a_kill_are_there_after_restart(tmp_path):
    server = LiveServer(tmp_path / "data").start()
    store = Store(server.database_url())
    new = make_session(store)
    code = new.session.code
    try:
        mod = clients.moderator(server.url, code, new.moderator_key)
        statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
        assert mod.call("open_statement", {"statement_id": statement_id})["ok"]
        cookies = [clients.join(server.url, code, SECTORS[i % len(SECTORS)]) for i in range(PHONES)]
        phones = [clients.Screen(server.url, "participant", code, cookies=c).connect() for c in cookies]
        choices = ["agree", "disagree", "neutral", "strongly_agree", "pass"]

        def vote(i):
            reply = phones[i].call("vote", {"statement_id": statement_id, "choice": choices[i % 5]})
            return i if reply["ok"] else None

        with ThreadPoolExecutor(max_workers=10) as pool:
            acknowledged = {i for i in pool.map(vote, range(PHONES)) if i is not None}
        assert len(acknowledged) == PHONES
        server.kill()  # no clean shutdown: SIGKILL right after the last acknowledgement
        for phone in (*phones, mod):
            phone.client.disconnect()

        with store.read() as q:
            stored = {pid: choice for pid, sid, choice in q.votes(new.session.id) if sid == statement_id}
        assert len(stored) == PHONES

        server = LiveServer(tmp_path / "data", port=server.port).start()
        back = clients.Screen(server.url, "participant", code, cookies=cookies[7]).connect()
        state = back.wait_for(lambda s: "me" in s)
        assert state["me"]["votes"] == {str(statement_id): choices[7 % 5]}
        assert state["step"]["statement"]["id"] == statement_id and state["step"]["statement"]["status"] == "open"
        screen = clients.projector(server.url, code, new.projector_key)
        assert screen.wait_for(lambda s: s["votes"]["count"] == PHONES)["attendance"]["total"] == PHONES
        back.close(), screen.close()
    finally:
        server.stop()
        store.dispose()
