"""A slide from the deck's folder on every screen: the panel lists it and moves to it; the projector and
a phone show its title, text and image; axe finds nothing; its text stays text (nothing in it runs)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from facilitator import actions
from facilitator.steps.slide.domain import SlidePlan
from facilitator.store import Store
from tests.e2e.axe import assert_no_violations
from tests.e2e.conftest import joined_phone, projector_url, watch_requests
from tests.factories import SECTORS, STATEMENTS, services
from tests.server import LiveServer
from tests.steps.test_slide import png

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = 'Welkom <img src=x onerror="window.hacked=1">'
TEXT = "Het programma:\n10:00 stellingen\n11:15 groepswerk <script>window.hacked=2</script>"


@pytest.fixture
def slide_server(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "welkom.png").write_bytes(png(40, 20))
    live = LiveServer(tmp_path / "server", env={"FACILITATOR_DECKS_DIR": str(decks)}).start()
    store = Store(live.database_url())
    yield live, store
    store.dispose()
    live.stop()


def test_a_slide_on_the_projector_and_a_phone(browser, slide_server, outside_requests):
    server, store = slide_server
    new = actions.create_session(services(store), title="Dag van de preventie", statements=STATEMENTS,
                                 sectors=SECTORS, plans=(SlidePlan(TITLE, TEXT, "welkom.png", after=0),))
    code = new.session.code
    dialogs = []

    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    watch_requests(projector, server.url, outside_requests)
    projector.goto(projector_url(server, new))

    phone_context, phone = joined_phone(browser, server, code, outside_requests)
    expect(phone.get_by_test_id("view-lobby")).to_be_visible()

    control = browser.new_page(viewport={"width": 1366, "height": 768})
    watch_requests(control, server.url, outside_requests)
    control.goto(f"{server.url}/m/{code}?key={new.moderator_key}")
    items = control.get_by_test_id("agenda-item")
    expect(items).to_have_count(6)  # lobby, the slide, 3 statements, end
    expect(items.nth(1)).to_contain_text(TITLE)
    items.nth(1).click()
    expect(control.get_by_test_id("current-text")).to_have_text(TITLE)

    for page in (projector, phone):
        expect(page.get_by_test_id("view-slide")).to_be_visible()
        expect(page.get_by_test_id("slide-title")).to_have_text(TITLE)
        expect(page.get_by_test_id("slide-text")).to_have_text(TEXT)
        image = page.get_by_test_id("slide-image")
        expect(image).to_be_visible()
        expect(image).to_have_attribute("src", re.compile(rf"/s/{code}/slides/\d+/image$"))
        page.wait_for_function("() => document.querySelector('[data-testid=slide-image]').naturalWidth === 40")
        assert page.evaluate("() => window.hacked") is None
    assert_no_violations(projector, "projector showing a slide")
    assert_no_violations(phone, "phone showing a slide")
    assert_no_violations(control, "control panel on a slide")

    # On to the first statement: the slide gives way as any step does.
    control.get_by_test_id("btn-next").click()
    expect(phone.get_by_test_id("view-statement")).to_be_visible()
    expect(phone.get_by_test_id("view-slide")).to_be_hidden()
    assert dialogs == [] and outside_requests == []
    phone_context.close()
    for page in (projector, control):
        page.close()
