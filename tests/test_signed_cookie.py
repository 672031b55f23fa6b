"""The signed cookie (a form's CSRF token, the organiser's sign-in) as Flask signs it, with its
serializer made once per secret key and never opened for a socket's events."""
from __future__ import annotations

import flask
import pytest
from flask.sessions import NullSession

from tests.factories import app_on
from tests.forms import submit


@pytest.fixture
def client(tmp_path):
    with app_on(tmp_path) as app:
        yield app.test_client()


def _signed_in(client) -> bool:
    return client.get("/organiser").status_code == 200


def test_a_new_secret_key_voids_every_signed_cookie(client):
    submit(client, "/organiser/login", {"password": "pw"})
    assert _signed_in(client)
    app = client.application
    app.secret_key, old = "a-new-secret", app.secret_key
    assert not _signed_in(client)
    app.secret_key = old
    assert _signed_in(client)


def test_socket_events_do_not_open_the_cookie(client):
    app = client.application
    submit(client, "/organiser/login", {"password": "pw"})
    cookie = client.get_cookie("session").value
    with app.test_request_context("/socket.io/", headers={"Cookie": f"session={cookie}"}):
        assert isinstance(app.session_interface.open_session(app, flask.request), NullSession)
    with app.test_request_context("/organiser", headers={"Cookie": f"session={cookie}"}):
        assert "organiser" in app.session_interface.open_session(app, flask.request)
