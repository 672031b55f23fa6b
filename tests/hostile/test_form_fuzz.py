"""Random fields to the join and sign-in forms, random codes and paths: every answer is a clean page."""
from __future__ import annotations

import pytest
import requests
from hypothesis import given, settings, strategies as st

from tests.hostile.conftest import build_world, join, participant_conn, post_form
from tests.hostile.fuzzing import BORING_STATUSES, FUZZ, SCALE, server_is_well
from tests.server import LiveServer


pytestmark = [pytest.mark.server]

def _check_page(response, allowed=BORING_STATUSES):
    assert response.status_code in allowed, (response.status_code, response.request.method,
                                             response.request.url, response.text[:300])
    assert "Traceback" not in response.text and 'File "/' not in response.text, response.text[:2000]


# What a browser can send over HTTP: UTF-8 has no lone surrogates (the socket fuzz sends those).
HTTP_CHARS = st.characters(blacklist_categories=("Cs",))
form_values = st.one_of(st.text(HTTP_CHARS, max_size=80), st.text(HTTP_CHARS, min_size=490, max_size=620), st.sampled_from(
    ["Onderwijs", "Gemeente", "", "\u202eAnna", "<script>alert(1)</script>", "=HYPERLINK(\"x\")"]))
form_fields = st.dictionaries(st.sampled_from(["sector", "name", "csrf_token", "password", "x", "sector[]",
                                               "deck", "title", "date", "language", "sectors"]),
                              form_values, max_size=6)


@pytest.fixture(scope="module")
def form_server(tmp_path_factory):
    """Servers of their own: wrong join codes lock the address out for a minute (rate limit), which
    must not starve the socket fuzz of connections."""
    from facilitator.store import Store

    live = LiveServer(tmp_path_factory.mktemp("forms")).start()
    store = Store(live.database_url())
    live.world = build_world(live.url, store)
    yield live
    live.world.close()
    store.dispose()
    live.stop()


@pytest.mark.slow
@settings(max_examples=max(10, int(700 * SCALE)), **FUZZ)
@given(fields=form_fields, token=st.booleans())
def test_join_form_survives_random_fields(form_server, fields, token):
    url = f"{form_server.url}/j/{form_server.world.code}"
    http = requests.Session()
    _check_page(http.get(url, timeout=10, allow_redirects=False))
    if token:  # with the form's own token, so that the checks behind CSRF are reached
        _check_page(post_form(http, url, fields))
    else:
        _check_page(http.post(url, data=fields, timeout=10, allow_redirects=False))


@pytest.mark.slow
@settings(max_examples=max(10, int(400 * SCALE)), **FUZZ)
@given(fields=form_fields)
def test_organiser_login_survives_random_fields(form_server, fields):
    http = requests.Session()
    _check_page(post_form(http, f"{form_server.url}/organiser/login", fields))
    _check_page(http.post(f"{form_server.url}/organiser/login", data=fields, timeout=10, allow_redirects=False))


def testserver_is_well_after_the_form_fuzz(form_server):
    http = join(form_server.url, form_server.world.code, "Onderwijs", "Na de storm")
    conn = participant_conn(form_server.url, form_server.world.code, http)
    reply = conn.call("sync", {})
    assert reply["ok"] and reply["state"]["me"]["name"] == "Na de storm"
    conn.close()
    server_is_well(form_server)


@pytest.mark.slow
def test_random_codes_and_paths(own_server):
    from facilitator.store import Store

    store = Store(own_server.database_url())
    world = build_world(own_server.url, store)
    base = own_server.url

    @settings(max_examples=max(10, int(500 * SCALE)), **FUZZ)
    @given(fields=form_fields, query=st.text(HTTP_CHARS, max_size=60), path=st.one_of(
        st.text(HTTP_CHARS, max_size=60), st.sampled_from([
            "/organiser/sessions", "/organiser/logout", "/r/X/report.html", "/r/{code}/notes.csv",
            "/r/{code}/../../etc/passwd", "/r/{code}/x.csv", "/lang/nl", "/qr/{code}.svg", "/static/../app.py",
            "/socket.io/", "/m/{code}", "/s/{code}", "/p/{code}", "/j/{code}", "/j/%00", "/qr/%2e%2e.svg"])))
    def fuzz(fields, query, path):
        http = requests.Session()
        _check_page(http.get(f"{base}/join", params={"code": query}, timeout=10, allow_redirects=False))
        target = "/" + requests.utils.quote(path.replace("{code}", world.code).lstrip("/"), safe="/%?=&.")
        for method in ("GET", "POST"):
            _check_page(http.request(method, base + target, data=fields, timeout=10, allow_redirects=False))
        _check_page(http.get(f"{base}/lang/en", params={"next": query}, timeout=10, allow_redirects=False))
        _check_page(http.get(f"{base}/m/{world.code}", params={"key": query}, timeout=10, allow_redirects=False))

    try:
        fuzz()
        # Too many wrong codes lock this address out of joining for a minute; those already in stay in.
        assert world.conns[1].call("sync", {})["ok"]
    finally:
        world.close()
        store.dispose()
    server_is_well(own_server)


