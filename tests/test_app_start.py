"""What the app does when any server builds it (the CLI, or a WSGI server importing create_app)."""
from __future__ import annotations

from facilitator import actions, auth, create_app
from facilitator.store import Store
from tests.factories import services


def test_building_the_app_purges_expired_sessions_and_sets_an_organiser_password(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'facilitator.db'}")
    old = actions.create_session(services(store), title="Vorig jaar", statements=["Een stelling"], date="2020-01-15")
    store.dispose()

    app = create_app({"DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading", "ORGANISER_PASSWORD": ""})

    ext = app.extensions["facilitator"]
    with ext.services.store.read() as q:
        assert q.session_by_code(old.session.code) is None
        assert q.setting(auth.ORGANISER_HASH_KEY)
    assert auth.organiser_password_ok(ext.services.store, "", ext.new_organiser_password)


def test_nothing_is_written_beside_the_package(tmp_path):
    """Compiled catalogues and compressed static files go to the data folder's cache."""
    app = create_app({"DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading", "TESTING": True})
    cache = tmp_path / "cache"
    assert (cache / "translations" / "en" / "LC_MESSAGES" / "messages.mo").exists()
    assert (cache / "static" / "js" / "socket.js.gz").exists()
    page = app.test_client().get("/static/js/socket.js", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
