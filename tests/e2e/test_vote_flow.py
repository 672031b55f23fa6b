"""A phone joins and votes; the moderator steers in the control panel; the projector counts and reveals."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import clients
from tests.e2e.axe import assert_no_violations
from tests.e2e.conftest import projector_url, watch_requests
from tests.factories import make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]


NOTE = "Vraag door: verandert je antwoord als het contact anders wegvalt?"


def test_phone_votes_and_projector_reveals(browser, server, server_store, outside_requests):
    new = make_session(server_store, notes=[NOTE, None, None])
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
    # A breakout in the agenda is not a statement: the count says "1 of 3" for three statements.
    moderator = clients.moderator(server.url, code, new.moderator_key)
    assert moderator.call("add_breakout", {"title": "Samenwerken", "count": 2, "after": 1})["ok"]
    moderator.close()
    expect(control.get_by_test_id("agenda-item")).to_have_count(6)  # lobby, 3 statements, breakout, end
    expect(control.get_by_test_id("connection")).to_have_attribute("data-state", "connected")
    assert_no_violations(control, "control panel in the lobby")
    control.get_by_test_id("btn-next").click()
    control.get_by_test_id("btn-open").click()

    expect(phone.get_by_test_id("view-statement")).to_be_visible()
    expect(phone.get_by_test_id("statement-text")).to_have_text(new_statement_text(server_store, new))
    for page in (phone, projector):
        expect(page.get_by_test_id("statement-position")).to_have_text(re.compile(r"\b1 (van|of) 3$"))
    expect(control.get_by_test_id("current-position")).to_have_text(re.compile(r"\b1 (van|of) 3$"))
    expect(control.get_by_test_id("current-votes")).to_have_text(re.compile(r"^0 (van|of) 1 "))
    # The deck's note is the moderator's alone: beside the statement in the panel, nowhere else.
    expect(control.get_by_test_id("current-note")).to_contain_text(NOTE)
    for page in (phone, projector):
        expect(page.locator("body")).not_to_contain_text("Vraag door")
    phone.get_by_test_id("choice-agree").click()
    expect(phone.get_by_test_id("choice-agree")).to_have_attribute("aria-pressed", "true")
    # "Why?" comes into view after the vote, on a 390x844 phone too.
    expect(phone.get_by_test_id("comment-submit")).to_be_in_viewport(ratio=1)
    expect(projector.get_by_test_id("vote-count")).to_have_text(re.compile(r"\b1\b"))
    expect(projector.get_by_test_id("vote-label")).to_have_text(re.compile(r"^(van|of) 1 "))
    expect(control.get_by_test_id("current-votes")).to_have_text(re.compile(r"^1 (van|of) 1 "))
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
    # The phone shows the vote it cast, now closed for changes, points to the screen, and shows the
    # result too (the session allows it by default).
    expect(phone.get_by_test_id("voting-closed")).to_be_visible()
    expect(phone.get_by_test_id("look-at-screen")).to_be_visible()
    expect(phone.get_by_test_id("result").get_by_test_id("result-row").first).to_contain_text("100")
    assert_no_violations(phone, "phone after the reveal")

    # A reload keeps the phone in with its vote.
    phone.reload()
    expect(phone.get_by_test_id("choice-agree")).to_have_attribute("aria-pressed", "true")
    phone_context.close()


def new_statement_text(store, new) -> str:
    with store.read() as q:
        return q.statements(new.session.id)[0].text
