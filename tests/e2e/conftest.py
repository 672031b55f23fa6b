"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a real server."""
from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import service_missing

CHROMIUM = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium tries Google's services at start-up; here nothing may leave the machine.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        service_missing(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """Collects every request a page makes to a host other than the server under test."""
    return []


def watch_requests(page, base_url: str, outside: list) -> None:
    page.on("request", lambda request: None if request.url.startswith((base_url, "data:", "blob:"))
            else outside.append(request.url))


def projector_url(server, new) -> str:
    """The projector's address as the server hands it to the moderator, never built by hand: the
    projector link may carry a secret of its own."""
    from tests.clients import Screen

    moderator = Screen(server.url, "moderator", new.session.code, auth={"key": new.moderator_key}).connect()
    try:
        return server.url + moderator.wait_for(lambda s: s.get("links"))["links"]["projector_url"]
    finally:
        moderator.close()


def joined_phone(browser, server, code: str, outside: list):
    """A phone (390 x 844, touch) that joined the session with the first sector: (its context, its page)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    watch_requests(phone, server.url, outside)
    phone.goto(f"{server.url}/j/{code}")
    phone.get_by_test_id("sector-0").click()
    phone.get_by_test_id("join-submit").click()
    return context, phone
