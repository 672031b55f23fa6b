"""axe finds nothing on the pages that no other browser test visits: the front page, privacy, the
organiser's pages and the HTML report (with votes, comments and group work in it). The phone,
projector and control panel are checked in the flows that drive them (test_vote_flow.py,
test_breakout_flow.py, test_projector_screens.py, test_projector_heartbeat.py)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from facilitator.steps.breakout.model import BreakoutPlan, GroupPlan
from tests.clients import Screen, phone
from tests.e2e.axe import assert_no_violations
from tests.factories import STATEMENTS, SECTORS, services

pytestmark = [pytest.mark.browser, pytest.mark.server]


def session_with_results(server, store):
    """A session played through the socket: votes, an approved comment, a breakout with a key point."""
    from facilitator import actions

    plan = BreakoutPlan(title="Samenwerken", groups=(GroupPlan("Groep A", "Zaal 1", ("Wat werkt?",)), GroupPlan("Groep B")), after=1)
    new = actions.create_session(services(store), title="Polarisatie voorkomen", statements=STATEMENTS,
                                 sectors=SECTORS, plans=(plan,))
    moderator = Screen(server.url, "moderator", new.session.code, auth={"key": new.moderator_key}).connect()
    phones = [phone(server.url, new.session.code, sector) for sector in SECTORS[:2]]
    try:
        assert moderator.call("next_step")["ok"]
        statement_id = moderator.wait_for(lambda s: s["step"].get("statement"))["step"]["statement"]["id"]
        assert moderator.call("open_statement", {"statement_id": statement_id})["ok"]
        for p, choice in zip(phones, ("agree", "pass")):
            assert p.call("vote", {"statement_id": statement_id, "choice": choice})["ok"]
        assert phones[0].call("comment", {"statement_id": statement_id, "text": "Samen kijken werkt."})["ok"]
        comment = moderator.wait_for(lambda s: s["comments"])["comments"][0]
        assert moderator.call("moderate_comment", {"comment_id": comment["id"], "status": "approved"})["ok"]
        assert moderator.call("reveal_statement", {"statement_id": statement_id})["ok"]
        assert moderator.call("next_step")["ok"]
        breakout = moderator.wait_for(lambda s: s["step"].get("breakout"))["step"]["breakout"]
        assert moderator.call("open_breakout", {"breakout_id": breakout["id"]})["ok"]
        reporter = phones[0]
        reporter.wait_for(lambda s: reporter.me and reporter.me.get("group"))
        assert reporter.call("volunteer_reporter")["ok"]
        note = reporter.call("add_note", {"client_id": "note-0001", "category": "Ideeën", "text": "Een vast overleg."})
        assert reporter.call("mark_key_point", {"note_id": note["note"]["id"], "on": True})["ok"]
        assert moderator.call("end_session")["ok"]
    finally:
        for p in phones:
            p.close()
        moderator.close()
    return new


def test_front_privacy_organiser_and_report_pages_pass_axe(browser, server, server_store):
    new = session_with_results(server, server_store)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server.url}/")
    assert_no_violations(page, "front page")
    page.goto(f"{server.url}/join?code=ZZZZZZ")
    assert_no_violations(page, "front page with an unknown code")
    page.goto(f"{server.url}/privacy")
    assert_no_violations(page, "privacy")

    page.goto(f"{server.url}/organiser/login")
    assert_no_violations(page, "organiser login")
    page.get_by_test_id("login-password").fill("organiser-test-pw")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("create-form")).to_be_visible()
    assert_no_violations(page, "organiser sessions")
    page.get_by_test_id("create-title").fill("Nieuwe sessie")
    page.get_by_test_id("create-submit").click()
    expect(page.get_by_test_id("session-row").first).to_be_visible()
    assert_no_violations(page, "organiser sessions after creating one")

    page.goto(f"{server.url}/r/{new.session.code}/report.html")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_violations(page, "HTML report")
    page.close()
