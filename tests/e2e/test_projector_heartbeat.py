"""The control panel counts the projector screens and warns as soon as one stops answering."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_violations
from tests.factories import make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_control_panel_warns_when_the_projector_tab_freezes(browser, server, server_store):
    new = make_session(server_store)
    code = new.session.code
    control = browser.new_page(viewport={"width": 1366, "height": 768})
    control.goto(f"{server.url}/m/{code}?key={new.moderator_key}")
    screens = control.get_by_test_id("projector-screens")
    expect(screens).to_have_text("0 projectieschermen")
    assert_no_violations(control, "control panel, no projector")

    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = projector_context.new_page()
    projector.goto(server.url + control.get_by_test_id("link-projector").get_attribute("href"))
    expect(projector.get_by_test_id("join-code")).to_have_text(code)
    expect(screens).to_have_text("1 projectiescherm")
    expect(control.get_by_test_id("screen-silent")).to_be_hidden()

    # The tab's script gets stuck, as fitText once did: it can no longer say it is drawing.
    projector.evaluate("setTimeout(() => { for (;;) {} }, 0)")
    warning = control.get_by_test_id("screen-silent")
    expect(warning).to_be_visible(timeout=20000)
    expect(warning).to_contain_text("reageert niet meer")
    expect(screens).to_have_text("0 projectieschermen")
    assert_no_violations(control, "control panel warning about a silent projector")
    projector_context.close()

    # A fresh projector page answers again, and the warning goes once the silent one is forgotten
    # or reloaded (a reload keeps the tab's screen id, so the same screen is heard from again).
    projector = browser.new_page(viewport={"width": 1280, "height": 720})
    projector.goto(server.url + control.get_by_test_id("link-projector").get_attribute("href"))
    expect(screens).to_have_text("1 projectiescherm")
    projector.close()
    control.close()
