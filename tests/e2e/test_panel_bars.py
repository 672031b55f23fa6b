"""The control panel's live bars print a percentage only where it fits inside its segment."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import clients
from tests.factories import SECTORS, make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Six voters: one each on four answers (17% each: narrow segments), two agree (33%); in the
# sectors, with one to two voters each, the segments are wide.
CHOICES = ["strongly_disagree", "disagree", "neutral", "agree", "agree", "strongly_agree"]


@pytest.mark.parametrize("width", [1024, 1366])
def test_percentages_never_crowd_their_segments(browser, server, server_store, width):
    new = make_session(server_store)
    code = new.session.code
    moderator = clients.moderator(server.url, code, new.moderator_key)
    first = clients.open_first_statement(moderator)
    phones = [clients.phone(server.url, code, SECTORS[i % 4]) for i in range(len(CHOICES))]
    for phone, choice in zip(phones, CHOICES):
        assert phone.call("vote", {"statement_id": first, "choice": choice})["ok"]

    page = browser.new_page(viewport={"width": width, "height": 768})
    page.goto(f"{server.url}/m/{code}?key={new.moderator_key}")
    expect(page.get_by_test_id("current-votes")).to_contain_text("6")
    rows = page.get_by_test_id("result").get_by_test_id("result-row")
    expect(rows).to_have_count(1 + len(SECTORS))
    page.wait_for_function("() => document.getAnimations().length === 0")  # the segments have grown
    labels = page.evaluate("""() => [...document.querySelectorAll('.ctl-bars .seg-label')]
        .filter(l => l.textContent).map(l => ({text: l.textContent, label: l.getBoundingClientRect().width,
                                               seg: l.parentElement.getBoundingClientRect().width}))""")
    assert labels, "no percentage printed at all"
    crowded = [l for l in labels if l["label"] > l["seg"]]
    assert not crowded, crowded
    for c in (moderator, *phones):
        c.close()
    page.close()
