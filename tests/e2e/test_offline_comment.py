"""An explanation written while the phone is offline waits beside the field and goes out once, on reconnect."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import clients
from tests.e2e.conftest import joined_phone
from tests.factories import make_session

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_comment_sent_offline_is_kept_and_stored_once_after_reconnecting(browser, server, server_store,
                                                                            outside_requests):
    new = make_session(server_store)
    code = new.session.code
    moderator = clients.moderator(server.url, code, new.moderator_key)
    clients.open_first_statement(moderator)

    context, phone = joined_phone(browser, server, code, outside_requests)
    phone.get_by_test_id("choice-agree").click()
    expect(phone.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved")

    context.set_offline(True)
    expect(phone.get_by_test_id("connection").first).to_have_attribute("data-state", "reconnecting", timeout=60_000)
    phone.get_by_test_id("comment-input").fill("Omdat samenwerken werkt.")
    phone.get_by_test_id("comment-submit").click()
    status = phone.get_by_test_id("comment-status")
    # Said beside the field, where the thumb is, not in a banner at the top of the page.
    expect(status).to_have_attribute("data-status", "waiting")
    expect(status).to_be_in_viewport()
    expect(phone.get_by_test_id("phone-message")).to_be_hidden()

    context.set_offline(False)
    expect(status).to_have_attribute("data-status", "pending", timeout=30_000)
    comments = moderator.wait_for(lambda s: s["comments"])["comments"]
    assert [c["text"] for c in comments] == ["Omdat samenwerken werkt."]
    # A reload finds nothing left to send, and the moderator still has it once.
    phone.reload()
    expect(phone.get_by_test_id("comment-status")).to_have_attribute("data-status", "pending")
    with server_store.read() as q:
        assert [c.text for c in q.comments(new.session.id)] == ["Omdat samenwerken werkt."]
    assert outside_requests == []
    context.close()
    moderator.close()
