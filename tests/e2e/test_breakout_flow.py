"""Eight phones in three sectors work in four groups; a reporter's key point reaches the projector."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_violations
from tests.e2e.conftest import projector_url, watch_requests
from tests.factories import make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]
SECTOR_INDEXES = [0, 0, 0, 1, 1, 1, 2, 2]  # Onderwijs x3, Sociaal domein x3, Veiligheidsdomein x2


def test_groups_notes_key_point_and_report_back(browser, server, server_store, outside_requests):
    new = make_session(server_store)
    code = new.session.code

    control = browser.new_page(viewport={"width": 1366, "height": 768})
    watch_requests(control, server.url, outside_requests)
    control.goto(f"{server.url}/m/{code}?key={new.moderator_key}")
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    watch_requests(projector, server.url, outside_requests)
    projector.goto(projector_url(server, new))

    phones = []
    for index in SECTOR_INDEXES:
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        watch_requests(page, server.url, outside_requests)
        page.goto(f"{server.url}/j/{code}")
        page.get_by_test_id(f"sector-{index}").click()
        page.get_by_test_id("join-submit").click()
        expect(page.get_by_test_id("view-lobby")).to_be_visible()
        phones.append(page)
    expect(projector.get_by_test_id("joined-count")).to_have_text("8")

    # The moderator adds a breakout of four sector-balanced groups and opens it.
    control.get_by_test_id("btn-add-breakout").click()
    dialog = control.get_by_test_id("add-breakout-dialog")
    dialog.get_by_test_id("breakout-title").fill("Samenwerken over grenzen")
    dialog.get_by_test_id("breakout-count").fill("4")
    dialog.get_by_test_id("breakout-submit").click()
    expect(dialog).to_be_hidden()
    assert_no_violations(control, "control panel after adding a breakout")
    control.locator('[data-step^="breakout:"]').first.click()
    control.get_by_test_id("btn-open-breakout").click()

    groups = []
    for page in phones:
        card = page.get_by_test_id("my-group")
        expect(card).to_be_visible()
        groups.append(card.get_by_test_id("my-group-number").inner_text())
    assert sorted(Counter(groups).values()) == [2, 2, 2, 2]
    expect(projector.get_by_test_id("breakout-group")).to_have_count(4)
    assert_no_violations(phones[0], "phone, breakout, my group")
    assert_no_violations(projector, "projector, breakout")
    assert_no_violations(control, "control panel, breakout open")

    for i, page in enumerate(phones):
        page.get_by_test_id("note-input").fill(f"Wat mogen we delen? (notitie {i})")
        page.get_by_test_id("note-submit").click()
        expect(page.get_by_test_id("note").filter(has_text=f"notitie {i}")).to_have_attribute("data-state", "saved")
    # Each phone sees its own group's two notes, and no other group's.
    for page in phones:
        expect(page.get_by_test_id("note")).to_have_count(2)
    assert_no_violations(phones[1], "phone, board with notes to support")
    assert_no_violations(control, "control panel, groups with notes")

    reporter = phones[0]
    reporter.get_by_test_id("volunteer-reporter").click()
    own = reporter.get_by_test_id("note").filter(has_text="notitie 0")
    own.get_by_test_id("key-point-toggle").click()
    expect(own.get_by_test_id("key-point-toggle")).to_have_attribute("aria-pressed", "true")

    number = int(re.sub(r"\D", "", groups[0]))
    control.get_by_test_id("btn-report-start").click()
    for _ in range(number - 1):
        control.get_by_test_id("btn-report-next").click()
    report = projector.get_by_test_id("report-back")
    expect(report).to_be_visible()
    expect(report.get_by_test_id("key-point")).to_have_count(1)
    expect(report.get_by_test_id("key-point")).to_contain_text("notitie 0")
    assert_no_violations(projector, "projector, report-back")
    assert_no_violations(control, "control panel, report-back")

    # Someone from another group supports it from their phone, once the key point is on it too.
    supporter = phones[next(i for i, g in enumerate(groups) if g != groups[0])]
    expect(supporter.get_by_test_id("phone-key-point")).to_contain_text("notitie 0")
    supporter.get_by_test_id("phone-key-point").get_by_test_id("support-key-point").click()
    expect(report.get_by_test_id("key-point-supports")).to_have_text("+1")
    # The reporter sees the key point on the phone but no +1 for it: it is their own.
    expect(reporter.get_by_test_id("phone-key-point")).to_contain_text("notitie 0")
    expect(reporter.get_by_test_id("phone-key-point").get_by_test_id("support-key-point")).to_be_hidden()
    assert_no_violations(supporter, "phone, report-back, key point supported")
    assert_no_violations(reporter, "phone of the reporter")
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert outside_requests == []
