"""HTTP pages and downloads as a participant, moderator, organiser or stranger meets them.

Each test builds a fresh app on its own data folder and talks to it through Flask's test client;
sessions, votes and comments are made through the product's own actions.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from facilitator import actions, auth, create_app
from facilitator.decks import load_deck
from facilitator.domain import flow
from facilitator.domain.events import ParticipantJoined
from facilitator.domain.model import CommentStatus
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests.forms import submit
from tests.factories import SECTORS, make_session, services as quiet_services

PUBLIC_URL = "http://192.168.1.20:5000"
PO_NL = Path(__file__).resolve().parent.parent / "facilitator" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
DOWNLOADS = ["report.html", "results.csv", "attendance.csv", "comments.csv", "votes.csv", "groups.csv",
             "memberships.csv", "notes.csv", "data.json", "all.zip"]


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading",
                      "ORGANISER_PASSWORD": "pw", "PUBLIC_URL": PUBLIC_URL})
    yield app
    app.extensions["facilitator"].services.store.dispose()


@pytest.fixture
def store(app):
    return app.extensions["facilitator"].services.store


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def new(store):
    """A fresh active session (NewSession: .session and .moderator_key)."""
    return make_session(store)


def text(response) -> str:
    return response.get_data(as_text=True)


def assert_clean_page(response, status: int) -> str:
    body = text(response)
    assert response.status_code == status, body[:500]
    assert "Traceback" not in body
    return body


def set_cookie_header(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def participants(store, session_id: int):
    with store.read() as q:
        return q.participants(session_id)


def login(client, password: str = "pw"):
    return submit(client, "/organiser/login", {"password": password})


def join(client, code: str, sector: str = SECTORS[0], name: str = ""):
    return submit(client, f"/j/{code}", {"sector": sector, "name": name})


# --- front page and joining ------------------------------------------------------------------

def test_front_page_opens(client):
    body = assert_clean_page(client.get("/"), 200)
    assert 'name="code"' in body


@pytest.mark.parametrize("typed", ["{lower}", " {lower} ", "{a}-{b}", "{a} {b}", " {a_lower} - {b} "])
def test_typed_code_in_any_case_with_spaces_or_dashes_leads_to_the_join_page(client, new, typed):
    code = new.session.code
    raw = typed.format(lower=code.lower(), a=code[:3], b=code[3:], a_lower=code[:3].lower())
    response = client.get("/join", query_string={"code": raw})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{code}")


def test_join_link_typed_in_lower_case_works(client, store, new):
    code = new.session.code
    body = assert_clean_page(client.get(f"/j/{code.lower()}"), 200)
    assert new.session.title in body
    response = join(client, code.lower())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/s/{code}")
    assert len(participants(store, new.session.id)) == 1


def test_unknown_code_shows_a_clear_page_naming_the_code(client):
    response = client.get("/j/ZZZZ99")
    body = assert_clean_page(response, 404)
    assert "ZZZZ99" in body
    assert 'data-reason="unknown"' in body


def test_unknown_code_typed_on_the_front_page_shows_a_message(client):
    body = assert_clean_page(client.get("/join", query_string={"code": "zzzz99"}), 404)
    assert 'data-testid="form-error"' in body


def test_ended_session_join_page_is_gone(client, store, new):
    actions.steer(quiet_services(store), new.session.id, flow.end_session)
    response = client.get(f"/j/{new.session.code}")
    body = assert_clean_page(response, 410)
    assert new.session.code in body
    assert 'data-reason="ended"' in body
    # Nor can anyone still join by posting the form (with a valid token taken from another form).
    late = submit(client, f"/j/{new.session.code}", {"sector": SECTORS[0]}, form_url="/organiser/login")
    assert late.status_code == 410
    assert participants(store, new.session.id) == []


def test_joining_with_a_sector_sets_a_private_cookie_and_opens_the_phone_page(client, store, new):
    code = new.session.code
    response = join(client, code, SECTORS[1], "Anna")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{code}")
    header = set_cookie_header(response, f"fp_{code}")
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    people = participants(store, new.session.id)
    assert [(p.sector, p.name) for p in people] == [(SECTORS[1], "Anna")]
    # The phone page now opens, and the join page sends a joined phone straight back to it.
    assert client.get(f"/s/{code}").status_code == 200
    again = client.get(f"/j/{code}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/s/{code}")


@pytest.mark.parametrize("sector", ["", "Ruimtevaart"])
def test_joining_without_a_known_sector_shows_the_form_again(client, store, new, sector):
    response = join(client, new.session.code, sector, "Bram")
    body = assert_clean_page(response, 400)
    assert 'data-testid="join-form"' in body
    assert 'data-testid="form-error"' in body
    assert not any(h.startswith("fp_") for h in response.headers.getlist("Set-Cookie"))
    assert participants(store, new.session.id) == []


def test_a_name_over_sixty_characters_is_refused_not_cut(client, store, new):
    response = join(client, new.session.code, SECTORS[0], "x" * 61)
    body = assert_clean_page(response, 400)
    message = re.search(r'data-testid="form-error">([^<]*)<', body)
    assert message, "no error message shown"
    assert "61" in message.group(1) and "60" in message.group(1)  # how long it is, how long it may be
    assert participants(store, new.session.id) == []
    # Sixty is fine.
    assert join(client, new.session.code, SECTORS[0], "y" * 60).status_code == 302
    assert [p.name for p in participants(store, new.session.id)] == ["y" * 60]


def test_phone_page_without_the_cookie_goes_to_the_join_page(client, new):
    response = client.get(f"/s/{new.session.code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{new.session.code}")


def test_phone_page_has_boot_data_and_no_inline_script(client, new):
    join(client, new.session.code)
    body = assert_clean_page(client.get(f"/s/{new.session.code}"), 200)
    found = re.search(r'<script type="application/json" id="boot">(.*?)</script>', body, re.S)
    assert found, "boot JSON block missing"
    boot = json.loads(found.group(1))
    assert boot["role"] == "participant" and boot["code"] == new.session.code
    for tag in re.findall(r"<script\b[^>]*>", body, re.I):
        assert "src=" in tag or "application/json" in tag, f"inline executable script: {tag}"


def test_phone_page_strings_follow_each_phones_language(client, new):
    """The scripts' strings are looked up once per language; a phone in English after one in Dutch
    still gets English, and back."""
    def strings(lang):
        body = assert_clean_page(client.get(f"/s/{new.session.code}", query_string={"lang": lang}), 200)
        boot = re.search(r'<script type="application/json" id="boot">(.*?)</script>', body, re.S)
        return json.loads(boot.group(1))["strings"]

    join(client, new.session.code)
    assert strings("nl")["choice.strongly_agree"] == "Helemaal eens"
    assert strings("en")["choice.strongly_agree"] == "Strongly agree"
    assert strings("nl")["choice.strongly_agree"] == "Helemaal eens"
    client.set_cookie("lang", "en")  # the same address, another phone's language
    body = assert_clean_page(client.get(f"/s/{new.session.code}"), 200)
    assert 'lang="en"' in body and "Helemaal eens" not in body


# --- moderator -------------------------------------------------------------------------------

def test_moderator_key_moves_into_a_cookie(client, new):
    code = new.session.code
    response = client.get(f"/m/{code}", query_string={"key": new.moderator_key})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(f"/m/{code}") and "key" not in location
    header = set_cookie_header(response, f"fm_{code}")
    assert "HttpOnly" in header and "SameSite=Lax" in header
    body = assert_clean_page(client.get(f"/m/{code}"), 200)
    assert new.moderator_key not in body


def test_wrong_moderator_key_is_refused(client, new):
    response = client.get(f"/m/{new.session.code}", query_string={"key": "not-the-key"})
    assert_clean_page(response, 403)
    assert not response.headers.getlist("Set-Cookie")


def test_control_panel_without_cookie_is_refused(client, new):
    assert_clean_page(client.get(f"/m/{new.session.code}"), 403)


# --- projector -------------------------------------------------------------------------------

def test_the_join_code_alone_leads_to_the_join_page_not_the_projector(app, client, new):
    from facilitator.extension import socketio

    code = new.session.code
    response = client.get(f"/p/{code}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}")
    assert_clean_page(client.get(f"/p/{code}", query_string={"key": new.moderator_key[::-1]}), 403)
    watcher = socketio.test_client(app, auth={"role": "projector", "code": code})
    assert not watcher.is_connected()  # no results, comments or key points from home


def test_the_projector_link_from_the_control_panel_opens_the_projector(app, client, new):
    from facilitator.extension import socketio

    code = new.session.code
    client.get(f"/m/{code}", query_string={"key": new.moderator_key})
    panel = socketio.test_client(app, auth={"role": "moderator", "code": code}, flask_test_client=client)
    link = panel.get_received()[0]["args"][0]["links"]["projector_url"]
    assert link == f"/p/{code}?key={new.projector_key}"
    projector = app.test_client()  # the projector's own browser, without the moderator's cookie
    opened = projector.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/p/{code}")
    header = set_cookie_header(opened, f"fv_{code}")
    assert "HttpOnly" in header and "SameSite=Lax" in header
    body = assert_clean_page(projector.get(f"/p/{code}"), 200)
    assert new.projector_key not in body
    screen = socketio.test_client(app, auth={"role": "projector", "code": code}, flask_test_client=projector)
    assert screen.get_received()[0]["args"][0]["role"] == "projector"
    assert projector.get(f"/qr/{code}.svg").status_code == 200
    # The projector's key shows; it does not steer.
    steering = socketio.test_client(app, auth={"role": "moderator", "code": code, "key": new.projector_key})
    assert not steering.is_connected()


# --- organiser -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/organiser", "/organiser/sessions"])
def test_organiser_pages_ask_for_the_password(client, path):
    response = client.get(path) if path == "/organiser" else \
        submit(client, path, {"deck": "x.yaml"}, form_url="/organiser/login")
    assert response.status_code == 302
    assert "/organiser/login" in response.headers["Location"]


def test_wrong_organiser_password_is_refused(client):
    body = assert_clean_page(login(client, "wrong"), 403)
    assert 'data-testid="form-error"' in body
    assert client.get("/organiser").status_code == 302


def test_organiser_sees_sessions_with_title_and_moderator_link(client, new):
    response = login(client)
    assert response.status_code == 302
    header = set_cookie_header(response, "session")
    assert "HttpOnly" in header and "SameSite=Lax" in header
    body = assert_clean_page(client.get("/organiser"), 200)
    assert new.session.title in body
    assert f"{PUBLIC_URL}/m/{new.session.code}?key={new.moderator_key}" in body
    assert f"{PUBLIC_URL}/p/{new.session.code}?key={new.projector_key}" in body


def test_organiser_creates_a_session_from_a_deck(client, store):
    login(client)
    response = submit(client, "/organiser/sessions", form_url="/organiser", data={
        "deck": "polarisatie-nl.yaml", "title": "Conferentie Utrecht", "date": "2026-11-28",
        "language": "nl", "sectors": "Onderwijs\nZorg\n"})
    assert response.status_code == 302
    with store.read() as q:
        sessions = q.sessions()
        assert len(sessions) == 1
        created = sessions[0]
        statements = q.statements(created.id)
    assert created.title == "Conferentie Utrecht"
    assert created.date == "2026-11-28"
    assert tuple(created.sectors) == ("Onderwijs", "Zorg")
    assert len(statements) == 10
    # The organiser is told what was made, and the new row stands out.
    body = assert_clean_page(client.get(response.headers["Location"]), 200)
    assert re.search(r'data-testid="created">\s*Sessie aangemaakt: Conferentie Utrecht, code ' + created.code, body)
    assert f'data-code="{created.code}" class="is-new"' in body


def test_an_empty_title_takes_the_deck_title(client, store):
    login(client)
    body = text(client.get("/organiser"))
    assert 'id="title-input" name="title" class="input" type="text" maxlength="200"' in body  # not required
    assert re.search(r'<option value="" selected>', body)  # the language: the deck's, unless chosen
    response = submit(client, "/organiser/sessions", form_url="/organiser", data={
        "deck": "polarisatie-nl.yaml", "title": "", "date": "2026-11-28", "language": "", "sectors": "Zorg"})
    assert response.status_code == 302
    with store.read() as q:
        deck = load_deck(Path(__file__).parent.parent / "statements/polarisatie-nl.yaml")
        # The language too is the deck's unless chosen, whatever the organiser's own page language.
        assert [(s.title, s.language) for s in q.sessions()] == [(deck.title, "nl")]


def test_deck_name_leading_out_of_the_decks_folder_is_refused(client, store):
    login(client)
    response = submit(client, "/organiser/sessions", form_url="/organiser", data={
        "deck": "../pyproject.toml", "title": "x", "date": "2026-11-28", "language": "nl",
        "sectors": "Onderwijs"})
    body = assert_clean_page(response, 400)
    assert 'data-testid="form-error"' in body
    assert "[build-system]" not in body
    with store.read() as q:
        assert q.sessions() == []


@pytest.mark.parametrize("field, value", [("date", "28-11-2026"), ("language", "de"), ("sectors", "A\nA")])
def test_organiser_form_mistakes_are_shown_and_create_nothing(client, store, field, value):
    login(client)
    form = {"deck": "polarisatie-nl.yaml", "title": "x", "date": "2026-11-28", "language": "nl",
            "sectors": "Onderwijs", field: value}
    body = assert_clean_page(submit(client, "/organiser/sessions", form_url="/organiser", data=form), 400)
    assert 'data-testid="form-error"' in body
    with store.read() as q:
        assert q.sessions() == []


def test_a_broken_deck_is_named_on_the_organiser_page_and_the_others_stay_usable(tmp_path):
    import shutil

    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "statements" / "polarisatie-nl.yaml", decks)
    (decks / "kapot.yaml").write_text("title: Kapot\nlanguage: nl\nstatments:\n  - Een.\n", encoding="utf-8")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "ASYNC_MODE": "threading",
                      "ORGANISER_PASSWORD": "pw", "PUBLIC_URL": PUBLIC_URL, "DECKS_DIR": str(decks)})
    client = app.test_client()
    login(client)
    body = assert_clean_page(client.get("/organiser"), 200)
    assert "kapot.yaml" in body and "statments" in body
    assert 'value="polarisatie-nl.yaml"' in body
    assert submit(client, "/organiser/sessions", form_url="/organiser", data={
        "deck": "polarisatie-nl.yaml", "title": "", "date": "2026-11-28", "language": "nl",
        "sectors": "Onderwijs"}).status_code == 302
    assert submit(client, "/organiser/sessions", form_url="/organiser", data={
        "deck": "kapot.yaml", "title": "", "date": "2026-11-28", "language": "nl",
        "sectors": "Onderwijs"}).status_code == 400
    with app.extensions["facilitator"].services.store.read() as q:
        assert [s.title for s in q.sessions()] == ["Polarisatie voorkomen: samen werken over grenzen"]
    app.extensions["facilitator"].services.store.dispose()


# --- language --------------------------------------------------------------------------------

def _dutch_and_english(msgid: str) -> tuple[str, str]:
    if not PO_NL.exists():
        pytest.skip("Dutch catalogue not there yet")
    from babel.messages.pofile import read_po

    with PO_NL.open("rb") as f:
        message = read_po(f).get(msgid)
    if message is None or not message.string:
        pytest.skip(f"{msgid!r} not translated in the Dutch catalogue yet")
    return message.string, msgid


def test_front_page_is_dutch_by_default_and_english_after_choosing_it(app):
    dutch, english = _dutch_and_english("Join a session")
    for headers in ({}, {"Accept-Language": "nl"}):
        body = text(app.test_client().get("/", headers=headers))
        assert dutch in body and english not in body, headers
    client = app.test_client()
    response = client.get("/lang/en", query_string={"next": "/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert client.get_cookie("lang").value == "en"
    body = text(client.get("/", headers={"Accept-Language": "nl"}))
    assert english in body and dutch not in body


def test_an_english_session_speaks_english_to_a_dutch_phone(client, store):
    dutch, english = _dutch_and_english("Which sector do you work in?")
    code = make_session(store, language="en", title="Polarisation").session.code
    body = text(client.get(f"/j/{code}", headers={"Accept-Language": "nl"}))
    assert english in body and dutch not in body


def test_language_switch_does_not_redirect_off_site(client):
    response = client.get("/lang/en", query_string={"next": "//evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


# Werkzeug drops tabs and newlines from a Location header and browsers read "/\\" as "//", so each of
# these would become "//evil.example" (another site) if only the raw text were checked.
OFF_SITE = ["/\t/evil.example/", "/\n/evil.example/", "/\\evil.example/", "/%09/evil.example/"]


def _off_site(location: str) -> bool:
    path = location.split("?")[0]
    return path.startswith(("//", "/\\")) or "://" in path or "\t" in path or "\n" in path


@pytest.mark.parametrize("target", OFF_SITE)
def test_language_switch_never_sends_to_another_site_even_with_control_characters(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert not _off_site(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_organiser_login_never_sends_to_another_site_even_with_control_characters(client, target):
    response = submit(client, "/organiser/login", {"password": "pw"}, query_string={"next": target})
    assert response.status_code == 302
    assert not _off_site(response.headers["Location"]), response.headers["Location"]


def test_organiser_login_returns_to_the_page_asked_for(client):
    response = client.get("/organiser")
    assert response.status_code == 302
    response = submit(client, response.headers["Location"], {"password": "pw"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/organiser")


# --- QR and health ---------------------------------------------------------------------------

def test_qr_code_is_an_svg(client, new):
    response = client.get(f"/qr/{new.session.code}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "<svg" in text(response)


def test_a_server_error_shows_a_plain_page_without_the_trace(app, client, monkeypatch):
    from facilitator.views import system

    def broken():
        raise RuntimeError("database file is locked /secret/path")

    monkeypatch.setattr(system, "services", broken)
    response = client.get("/healthz")
    body = assert_clean_page(response, 500)
    assert "RuntimeError" not in body and "/secret/path" not in body
    assert 'data-testid="error-page"' in body


def test_wrong_method_gets_a_plain_error_page(client):
    body = assert_clean_page(client.post("/"), 405)
    assert 'data-testid="error-page"' in body


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


# --- report downloads ------------------------------------------------------------------------

@pytest.mark.parametrize("name", DOWNLOADS)
def test_report_downloads_are_refused_to_strangers_and_participants(app, new, name):
    url = f"/r/{new.session.code}/{name}"
    stranger = app.test_client()
    assert_clean_page(stranger.get(url), 403)
    participant = app.test_client()
    assert join(participant, new.session.code).status_code == 302
    assert_clean_page(participant.get(url), 403)
    # A moderator key of another session does not open this one.
    other = make_session(app.extensions["facilitator"].services.store, title="Andere sessie")
    intruder = app.test_client()
    intruder.set_cookie(f"fm_{new.session.code}", other.moderator_key)
    assert_clean_page(intruder.get(url), 403)


@pytest.mark.parametrize("name", DOWNLOADS)
def test_report_downloads_open_for_organiser_and_moderator(app, new, name):
    url = f"/r/{new.session.code}/{name}"
    organiser = app.test_client()
    login(organiser)
    moderator = app.test_client()
    assert moderator.get(f"/m/{new.session.code}", query_string={"key": new.moderator_key}).status_code == 302
    for who in (organiser, moderator):
        response = who.get(url)
        assert response.status_code == 200
        assert new.session.code in response.headers["Content-Disposition"]
        if name.endswith(".json"):
            assert response.get_json()["code"] == new.session.code


def test_organiser_page_and_control_panel_link_every_download(app, new):
    organiser = app.test_client()
    login(organiser)
    moderator = app.test_client()
    moderator.get(f"/m/{new.session.code}", query_string={"key": new.moderator_key})
    for who, page in ((organiser, "/organiser"), (moderator, f"/m/{new.session.code}")):
        linked = re.findall(r'href="(/r/[^"]+)"', assert_clean_page(who.get(page), 200))
        assert linked == [f"/r/{new.session.code}/{name}" for name in DOWNLOADS], page
        assert all(who.get(url).status_code == 200 for url in linked)


def test_the_zip_holds_every_table_the_json_and_the_report(app, new):
    client = app.test_client()
    login(client)
    response = client.get(f"/r/{new.session.code}/all.zip")
    assert response.headers["Content-Disposition"].endswith(f'{new.session.code}-all.zip"')
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert sorted(name.rsplit("-", 1)[-1] for name in names) == sorted(
            ["report.html", "results.csv", "attendance.csv", "comments.csv", "votes.csv", "groups.csv",
             "memberships.csv", "notes.csv", "report.json"])
        data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    assert data["code"] == new.session.code


def test_unknown_report_table_is_not_found(client, new):
    login(client)
    assert_clean_page(client.get(f"/r/{new.session.code}/nope.csv"), 404)
    assert_clean_page(client.get("/r/ZZZZ99/results.csv"), 404)


def _csv_rows(body: str) -> list[dict]:
    assert body.startswith("\ufeff")  # so Excel reads the Dutch text as UTF-8
    return list(csv.DictReader(io.StringIO(body[1:])))


@pytest.fixture
def played(app, store, new):
    """Three people voted on statement 1 (agree, agree, disagree), one left two approved comments."""
    svc = quiet_services(store)
    code, session_id = new.session.code, new.session.id
    with store.read() as q:
        first = q.statements(session_id)[0]
    people = [actions.join(svc, code, sector, "")[0] for sector in (SECTORS[0], SECTORS[0], SECTORS[1])]
    actions.steer(svc, session_id, statement_domain.open_statement, first.id)
    for person, choice in zip(people, ("agree", "agree", "disagree")):
        statement_actions.record_vote(svc, person, first.id, choice)
    statement_actions.record_vote(svc, people[0], first.id, "strongly_agree")  # changed their mind
    statement_actions.submit_comment(svc, people[0], first.id, FORMULA)
    statement_actions.submit_comment(svc, people[1], first.id, XSS)
    statement_actions.submit_comment(svc, people[2], first.id, "still pending")
    with store.read() as q:
        comments = {c.text: c.id for c in q.comments(session_id)}
    for comment in (FORMULA, XSS):
        statement_actions.moderate_comment(svc, session_id, comments[comment], CommentStatus.APPROVED.value)
    client = app.test_client()
    login(client)
    return client, code, first


def test_results_csv_and_json_give_the_right_figures(played):
    client, code, first = played
    rows = _csv_rows(text(client.get(f"/r/{code}/results.csv")))
    first_rows = [r for r in rows if r["statement_position"] == str(first.position)]
    overall = next(r for r in first_rows if r["group_kind"] == "all")
    assert (overall["strongly_agree"], overall["agree"], overall["disagree"], overall["total"]) == ("1", "1", "1", "3")
    assert overall["agree_pct"] == "66.7" and overall["disagree_pct"] == "33.3"
    by_sector = {r["group"]: r for r in first_rows if r["group_kind"] == "sector"}
    assert by_sector[SECTORS[0]]["total"] == "2" and by_sector[SECTORS[1]]["disagree"] == "1"

    data = client.get(f"/r/{code}/data.json").get_json()
    assert data["attendance"]["total"] == 3
    tally = data["statements"][0]["tally"]["overall"]
    assert tally["counts"]["strongly_agree"] == 1 and tally["counts"]["agree"] == 1
    assert tally["counts"]["disagree"] == 1 and tally["total"] == 3
    assert [c["text"] for c in data["statements"][0]["comments"]] == [FORMULA, XSS]
    assert all(s["tally"]["overall"]["total"] == 0 for s in data["statements"][1:])
    assert len(data["votes"]) == 3

    attendance = _csv_rows(text(client.get(f"/r/{code}/attendance.csv")))
    assert {r["group"]: r["participants"] for r in attendance}[SECTORS[0]] == "2"
    votes = _csv_rows(text(client.get(f"/r/{code}/votes.csv")))
    assert sorted(r["choice"] for r in votes) == ["agree", "disagree", "strongly_agree"]


def test_comments_csv_neutralises_formulas_and_leaves_out_unapproved(played):
    client, code, _first = played
    body = text(client.get(f"/r/{code}/comments.csv"))
    comments = [r["comment"] for r in _csv_rows(body)]
    assert "'" + FORMULA in comments
    assert FORMULA not in comments  # never a bare formula cell
    assert XSS in comments
    assert "still pending" not in body


def test_report_html_escapes_comment_text(played):
    client, code, _first = played
    response = client.get(f"/r/{code}/report.html")
    body = assert_clean_page(response, 200)
    assert response.mimetype == "text/html"
    assert XSS not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "still pending" not in body


def test_moderator_cookie_of_the_session_is_required_even_with_a_valid_code(client, new):
    # A participant token presented as a moderator cookie must not open the control panel.
    join(client, new.session.code)
    token = client.get_cookie(auth.participant_cookie(new.session.code)).value
    client.set_cookie(auth.moderator_cookie(new.session.code), token)
    assert_clean_page(client.get(f"/m/{new.session.code}"), 403)
    assert_clean_page(client.get(f"/r/{new.session.code}/results.csv"), 403)


def test_a_form_without_its_token_is_refused_with_a_clear_page(client, store, new):
    """CSRF: another site cannot make a visitor's browser post our forms."""
    body = assert_clean_page(client.post(f"/j/{new.session.code}", data={"sector": SECTORS[0]}), 400)
    assert "csrf" not in body.lower() or "form" in body.lower()
    assert participants(store, new.session.id) == []
    assert client.post("/organiser/login", data={"password": "pw"}).status_code == 400


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, new):
    response = client.get(f"/j/{new.session.code}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/js/projector.js", "/static/vendor/socket.io.min.js"])
def test_static_files_carry_the_same_guard_headers(client, path):
    """WhiteNoise answers static files before Flask's after_request ever sees them."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_wrong_codes_are_limited_per_address(app, client):
    from facilitator.rate_limits import WRONG_CODES, RateLimits

    app.extensions["facilitator"].rate_limits = RateLimits(clock=lambda: 1000.0)  # no window ends mid-test
    statuses = [client.get("/join", query_string={"code": f"WRONG{i}"}).status_code
                for i in range(WRONG_CODES.amount + 5)]
    assert statuses[:WRONG_CODES.amount] == [404] * WRONG_CODES.amount
    assert statuses[-1] == 429
    assert "Traceback" not in text(client.get("/join", query_string={"code": "WRONG99"}))


def test_privacy_page_in_both_languages_and_linked_from_the_join_page(client, new):
    join_page = text(client.get(f"/j/{new.session.code}"))
    assert 'href="/privacy"' in join_page
    dutch = text(client.get("/privacy", headers={"Accept-Language": "nl"}))
    assert "Wat we bewaren" in dutch and "30 dagen" in dutch and "IP-adres" in dutch
    english = text(client.get("/privacy", query_string={"lang": "en"}))
    assert "What is stored" in english and "30 days" in english
    # What the audit found missing: what the projector, the group and the exports show of a person.
    assert "met de sector en het antwoord van wie ze schreef" in dutch
    assert "per deelnemersnummer wie elke notitie steunde" in dutch
    assert "elke stem en notitie per deelnemersnummer" in dutch
    assert "sector and answer" in english and "who supported each note" in english
    assert "every vote and note per participant number" in english


def test_organiser_deletes_a_session_with_everything_in_it(client, store, new):
    join(client, new.session.code)
    login(client)
    refused = submit(client, f"/organiser/sessions/{new.session.code}/delete", {}, form_url="/organiser")
    assert refused.status_code == 400
    with store.read() as q:
        assert q.session(new.session.id) is not None
    done = submit(client, f"/organiser/sessions/{new.session.code}/delete", {"confirm": "yes"}, form_url="/organiser")
    assert done.status_code == 302
    with store.read() as q:
        assert q.session(new.session.id) is None and q.participants(new.session.id) == []
    assert client.get(f"/j/{new.session.code}").status_code == 404


def test_a_session_deleted_with_updates_pending_does_not_stop_other_screens(app, store, new):
    """The screens of other sessions keep getting their updates after one session is deleted."""
    from facilitator.extension import socketio

    other = make_session(store)
    screen = socketio.test_client(app, auth={"role": "projector", "code": other.session.code,
                                             "key": other.projector_key})
    screen.get_received()  # the first snapshot
    broadcaster = app.extensions["facilitator"].broadcaster
    broadcaster.publish((ParticipantJoined(new.session.id, 1, "Onderwijs"),
                         ParticipantJoined(other.session.id, 2, "Onderwijs")))
    actions.delete_session(quiet_services(store), new.session.code)
    broadcaster.flush()
    received = [m for m in screen.get_received() if m["name"] == "state"]
    assert received and received[-1]["args"][0]["session"]["code"] == other.session.code
    screen.disconnect()
