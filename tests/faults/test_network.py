"""A phone loses the venue's Wi-Fi for 30 s, and a phone sleeps long enough for the server to forget it.

Both come back on the current step with their earlier vote and comment. The phone is real Chromium; its
network runs through a TCP proxy of the test's own (tests.faults.conftest.NetworkProxy) that can cut or
blackhole it while the moderator, connected directly, moves on.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from facilitator.store import Store
from tests import clients
from tests.factories import SECTORS, STATEMENTS, make_session
from tests.faults.conftest import new_participant, open_browser_phone, wait_until
from tests.server import LiveServer

pytestmark = [pytest.mark.server, pytest.mark.browser, pytest.mark.faults, pytest.mark.slow]

WIFI_DOWN = 30.0
# python-engineio's defaults, which the server keeps: it forgets a silent client after at most
# ping_interval + ping_timeout = 25 + 20 s.
SERVER_FORGETS_WITHIN = 25 + 20 + 10


@pytest.fixture
def room(tmp_path, proxy_factory, browser):
    server = LiveServer(tmp_path / "data").start()
    store = Store(server.database_url())
    new = make_session(store)
    code = new.session.code
    mod = clients.moderator(server.url, code, new.moderator_key)
    agenda = mod.wait_for(lambda s: s["agenda"])["agenda"]
    first, second = agenda[1]["statement"]["id"], agenda[2]["statement"]["id"]
    assert mod.call("open_statement", {"statement_id": first})["ok"]
    proxy = proxy_factory(server.port)
    _pid, token = new_participant(store, code, SECTORS[0])
    context, page = open_browser_phone(browser, proxy.url, code, token)
    # The phone votes and explains, and both are acknowledged before the network goes.
    expect(page.get_by_test_id("view-statement")).to_be_visible()
    page.get_by_test_id("choice-agree").click()
    expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved")
    page.get_by_test_id("comment-input").fill("Omdat samenwerken werkt.")
    page.get_by_test_id("comment-submit").click()
    expect(page.get_by_test_id("comment-status")).to_have_attribute("data-status", "pending")
    yield {"server": server, "mod": mod, "proxy": proxy, "page": page, "first": first, "second": second}
    context.close()
    mod.close()
    server.stop()
    store.dispose()


def connection_state(page) -> str:
    return page.get_by_test_id("connection").first.get_attribute("data-state")


def assert_back_on_the_current_step_with_earlier_answers(room) -> float:
    """The phone shows statement 2 (opened while it was away), then its vote and comment on statement 1."""
    page, mod = room["page"], room["mod"]
    started = time.monotonic()
    expect(page.get_by_test_id("statement-text")).to_have_text(STATEMENTS[1], timeout=15_000)
    expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "none")
    back_after = time.monotonic() - started
    expect(page.get_by_test_id("connection").first).to_have_attribute("data-state", "connected")
    # The moderator goes back to statement 1 (closed now): the phone still shows its own answers,
    # which it holds from the snapshot it got on reconnecting.
    assert mod.call("show_step", {"step": room["first"]})["ok"]
    expect(page.get_by_test_id("statement-text")).to_have_text(STATEMENTS[0])
    expect(page.get_by_test_id("choice-agree")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved")
    expect(page.get_by_test_id("comment-status")).to_have_attribute("data-status", "pending")  # its comment
    return back_after


def test_wifi_drop_of_30_seconds(room):
    page, proxy, mod = room["page"], room["proxy"], room["mod"]
    proxy.cut()
    expect(page.get_by_test_id("connection").first).to_have_attribute("data-state", "reconnecting",
                                                                        timeout=5_000)
    down_from = time.monotonic()
    assert mod.call("open_statement", {"statement_id": room["second"]})["ok"]  # the room moves on
    time.sleep(max(0.0, WIFI_DOWN - (time.monotonic() - down_from)))
    assert proxy.refused > 0, "the phone did not try to reconnect while the network was down"
    expect(page.get_by_test_id("statement-text")).to_have_text(STATEMENTS[0])  # still the old step
    proxy.restore()
    back_after = assert_back_on_the_current_step_with_earlier_answers(room)
    print(f"wifi drop: {proxy.refused} refused attempts in {WIFI_DOWN:.0f}s; back on the current step "
          f"{back_after:.1f}s after the network returned")


def test_phone_sleeps_until_the_server_forgot_it(room):
    """A phone asleep for 10 minutes: its page is frozen (no script runs, no timer fires, as on a
    locked phone) and its network a blackhole, until the server has given up on the connection by
    its own ping timeout, which is all that 10 minutes would add."""
    page, proxy, mod = room["page"], room["proxy"], room["mod"]
    cdp = page.context.new_cdp_session(page)
    proxy.blackhole()
    cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
    asleep_from = time.monotonic()
    try:
        assert mod.call("open_statement", {"statement_id": room["second"]})["ok"]
        wait_until(lambda: proxy.server_closed, SERVER_FORGETS_WITHIN, interval=0.5,
                   what="the server closing the sleeping phone's connection")
        forgot_after = proxy.server_closed[0] - asleep_from
    finally:
        proxy.restore()
        cdp.send("Page.setWebLifecycleState", {"state": "active"})
    woke = time.monotonic()
    back_after = assert_back_on_the_current_step_with_earlier_answers(room)
    print(f"sleep: the server forgot the phone {forgot_after:.1f}s after it fell asleep; slept "
          f"{woke - asleep_from:.1f}s; back on the current step {back_after:.1f}s after waking")
