"""A phone joins and votes; the moderator steers in the control panel; the projector counts and reveals."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_violations
from tests.e2e.conftest import projector_url, watch_requests
from tests.factories import make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_phone_votes_and_projector_reveals(browser, server, server_store, outside_requests):
    new = make_session(server_store)
    code = new.session.code

    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    watch_requests(projector, server.url, outside_requests)
    projector.goto(projector_url(server, new))
    expect(projector.get_by_test_id("join-code")).to_have_text(re.compile(code))
    expect(projector.get_by_test_id("joined-count")).to_have_text("0")
    assert_no_violations(projector, "projector lobby")

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    watch_requests(phone, server.url, outside_requests)
    phone.goto(f"{server.url}/j/{code}")
    assert_no_violations(phone, "phone join page")
    phone.get_by_test_id("sector-0").click()
    phone.get_by_test_id("join-name").fill("Anna")
    phone.get_by_test_id("join-submit").click()
    expect(phone.get_by_test_id("view-lobby")).to_be_visible()
    expect(projector.get_by_test_id("joined-count")).to_have_text("1")
    assert_no_violations(phone, "phone lobby")

    control = browser.new_page(viewport={"width": 1366, "height": 768})
    watch_requests(control, server.url, outside_requests)
    control.goto(f"{server.url}/m/{code}?key={new.moderator_key}")
    expect(control).to_have_url(f"{server.url}/m/{code}")  # the key left the address bar
    expect(control.get_by_test_id("connection")).to_have_attribute("data-state", "connected")
    assert_no_violations(control, "control panel in the lobby")
    control.get_by_test_id("btn-next").click()
    control.get_by_test_id("btn-open").click()

    expect(phone.get_by_test_id("view-statement")).to_be_visible()
    expect(phone.get_by_test_id("statement-text")).to_have_text(new_statement_text(server_store, new))
    phone.get_by_test_id("choice-agree").click()
    expect(phone.get_by_test_id("choice-agree")).to_have_attribute("aria-pressed", "true")
    expect(projector.get_by_test_id("vote-count")).to_have_text(re.compile(r"\b1\b"))
    expect(projector.get_by_test_id("result")).to_be_hidden()
    assert_no_violations(phone, "phone, statement open, voted")
    assert_no_violations(projector, "projector, statement open")
    assert_no_violations(control, "control panel, statement open")

    control.get_by_test_id("btn-reveal").click()
    result = projector.get_by_test_id("result")
    expect(result).to_be_visible()
    rows = result.get_by_test_id("result-row")
    # Everyone, and the one sector that voted: sectors without a vote take no room on the projector.
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("100")
    assert_no_violations(projector, "projector, revealed")
    assert_no_violations(control, "control panel, revealed")
    # The page fits the projector: nothing to scroll at 1920x1080, nor at 1280x720.
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    projector.set_viewport_size({"width": 1280, "height": 720})
    expect(rows.first).to_be_visible()
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert outside_requests == []
    # The phone shows the vote it cast, now closed for changes.
    expect(phone.get_by_test_id("voting-closed")).to_be_visible()
    assert_no_violations(phone, "phone after the reveal")

    # A reload keeps the phone in with its vote.
    phone.reload()
    expect(phone.get_by_test_id("choice-agree")).to_have_attribute("aria-pressed", "true")
    phone_context.close()


def new_statement_text(store, new) -> str:
    with store.read() as q:
        return q.statements(new.session.id)[0].text
