"""The join page is rendered once per session and language for a whole hall (views/participant.py),
yet every phone must get its own form token, and the page must follow the session when it changes."""
from __future__ import annotations

import gzip

import brotli
import pytest

from facilitator import actions, web_assets
from facilitator.domain import flow
from tests.factories import SECTORS, app_on, make_session, services as quiet_services
from tests.forms import csrf_token, submit


@pytest.fixture
def app(tmp_path):
    with app_on(tmp_path, PUBLIC_URL="http://192.168.1.20:5000") as app:
        yield app


@pytest.fixture
def made(app):
    return make_session(app.extensions["facilitator"].services.store)


@pytest.fixture
def code(made):
    return made.session.code


def test_every_phone_gets_its_own_form_token_from_the_shared_page(app, code):
    first, second = app.test_client(), app.test_client()
    first_token = csrf_token(first.get(f"/j/{code}").get_data(as_text=True))
    second_token = csrf_token(second.get(f"/j/{code}").get_data(as_text=True))
    assert first_token != second_token
    assert "\x00" not in first.get(f"/j/{code}").get_data(as_text=True)
    # A token belongs to the phone it was given to: the other phone cannot post with it.
    refused = second.post(f"/j/{code}", data={"sector": SECTORS[0], "csrf_token": first_token})
    assert refused.status_code == 400
    joined = first.post(f"/j/{code}", data={"sector": SECTORS[0], "csrf_token": first_token})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/s/{code}")


def test_the_shared_page_follows_the_session_and_the_language(app, made, code):
    client = app.test_client()
    assert "Welkom bij" in client.get(f"/j/{code}").get_data(as_text=True)
    assert "Welcome to" in client.get(f"/j/{code}?lang=en").get_data(as_text=True)
    actions.steer(quiet_services(app.extensions["facilitator"].services.store), made.session.id, flow.end_session)
    assert client.get(f"/j/{code}").status_code == 410


def test_pages_carry_their_icon_instead_of_asking_for_it(app, code):
    page = app.test_client().get(f"/j/{code}").get_data(as_text=True)
    assert '<link rel="icon" href="data:image/svg+xml;base64,' in page
    assert "favicon.svg" not in page


@pytest.mark.parametrize("accepts, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("identity", None)])
def test_the_phone_page_is_sent_compressed_as_the_phone_accepts(app, code, accepts, encoding, monkeypatch):
    encoded = []
    encode = web_assets.encode_page
    monkeypatch.setattr(web_assets, "encode_page", lambda *args: encoded.append(args) or encode(*args))
    client = app.test_client()
    submit(client, f"/j/{code}", {"sector": "Onderwijs"})
    plain = client.get(f"/s/{code}", headers={"Accept-Encoding": "identity"}).get_data()
    for _ in range(2):  # made once, sent twice: the same bytes
        response = client.get(f"/s/{code}", headers={"Accept-Encoding": accepts})
        assert response.status_code == 200 and "Accept-Encoding" in response.headers["Vary"]
        assert response.headers.get("Content-Encoding") == encoding
        body = response.get_data()
        decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
        assert decoded == plain and b'id="boot"' in plain
    assert len(encoded) == (1 if encoding else 0)  # compressed once for the hall, not once per phone


def test_a_phone_joins_behind_an_https_proxy_without_sending_a_referer(tmp_path):
    """Our pages ask browsers to send no Referer, so the form must not need one over HTTPS either."""
    with app_on(tmp_path, PUBLIC_URL="https://vote.example.nl", BEHIND_PROXY="1") as app:
        code = make_session(app.extensions["facilitator"].services.store).session.code
        phone = app.test_client()
        through_nginx = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "vote.example.nl",
                         "X-Forwarded-For": "203.0.113.7"}
        page = phone.get(f"/j/{code}", headers=through_nginx)
        assert page.headers["Referrer-Policy"] == "no-referrer"
        joined = phone.post(f"/j/{code}", headers=through_nginx,
                            data={"sector": SECTORS[0], "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/s/{code}")
