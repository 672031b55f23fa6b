"""Join, vote, steer and moderate through the real Socket.IO server, as phones and screens do."""
from __future__ import annotations

import pytest
import requests
import socketio

from facilitator import actions
from tests import clients
from tests.factories import make_session, services

pytestmark = pytest.mark.server


@pytest.fixture
def session(server_store):
    return make_session(server_store)


def _statement(state, position=1):
    return state["step"].get("statement", {}).get("position") == position


def test_phone_joins_and_projector_counts_it_by_sector(server, session):
    code = session.session.code
    screen = clients.projector(server.url, code, session.projector_key)
    screen.wait_for(lambda s: s["attendance"]["total"] == 0)
    phone = clients.phone(server.url, code, "Onderwijs", "Anna")
    first = phone.wait_for(lambda s: "me" in s)
    assert first["me"]["sector"] == "Onderwijs" and first["me"]["number"] == 1
    state = screen.wait_for(lambda s: s["attendance"]["total"] == 1)
    assert {"sector": "Onderwijs", "count": 1} in state["attendance"]["by_sector"]
    phone.close(), screen.close()


def test_vote_change_close_and_reveal(server, session, server_store):
    code, key = session.session.code, session.moderator_key
    mod = clients.moderator(server.url, code, key)
    screen = clients.projector(server.url, code, session.projector_key)
    phones = [clients.phone(server.url, code, sector) for sector in ("Onderwijs", "Onderwijs", "Gemeente")]
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]

    assert mod.call("open_statement", {"statement_id": statement_id}) == {"ok": True}
    for p in phones:
        p.wait_for(lambda s: s["step"].get("statement", {}).get("status") == "open")
    replies = [p.call("vote", {"statement_id": statement_id, "choice": c})
               for p, c in zip(phones, ("agree", "strongly_agree", "disagree"))]
    assert all(r["ok"] for r in replies)
    # A change of vote replaces the earlier one: still three votes, now two "agree".
    assert phones[1].call("vote", {"statement_id": statement_id, "choice": "agree"})["ok"]

    live = screen.wait_for(lambda s: s["votes"]["count"] == 3)
    assert live["result"] is None, "the projector must not show the distribution before the reveal"
    assert "result" not in phones[0].latest, "nor the phones"
    assert mod.wait_for(lambda s: s["result"] and s["result"]["overall"]["counts"]["agree"] == 2)

    assert mod.call("close_statement", {"statement_id": statement_id}) == {"ok": True}
    late = phones[2].call("vote", {"statement_id": statement_id, "choice": "agree"})
    assert late["ok"] is False and late["error"] == "voting_closed" and late["message"]

    assert mod.call("reveal_statement", {"statement_id": statement_id}) == {"ok": True}
    revealed = screen.wait_for(lambda s: s["result"] is not None)
    overall = revealed["result"]["overall"]["counts"]
    assert (overall["agree"], overall["disagree"], overall["strongly_agree"]) == (2, 1, 0)
    by_sector = {row["sector"]: row["counts"] for row in revealed["result"]["by_sector"]}
    assert by_sector["Onderwijs"]["agree"] == 2 and by_sector["Gemeente"]["disagree"] == 1
    # Phones get the same figures after the reveal (the session allows it by default).
    on_phone = phones[0].wait_for(lambda s: "result" in s)["result"]
    assert on_phone["overall"] == revealed["result"]["overall"]
    with server_store.read() as q:
        assert sorted(choice for _, sid, choice in q.votes(session.session.id) if sid == statement_id) == \
            ["agree", "agree", "disagree"]
    for c in (mod, screen, *phones):
        c.close()


def test_a_session_can_keep_the_result_off_the_phones(server, server_store):
    new = actions.create_session(services(server_store), title="Alleen op het scherm", statements=["Een."],
                                 phone_results=False)
    mod = clients.moderator(server.url, new.session.code, new.moderator_key)
    phone = clients.phone(server.url, new.session.code, "Onderwijs")
    statement_id = clients.open_first_statement(mod)
    assert mod.call("reveal_statement", {"statement_id": statement_id})["ok"]
    revealed = phone.wait_for(lambda s: s["step"].get("statement", {}).get("status") == "revealed")
    assert "result" not in revealed
    mod.close(), phone.close()


def test_comments_wait_for_approval_before_the_projector_shows_them(server, session):
    code = session.session.code
    mod = clients.moderator(server.url, code, session.moderator_key)
    screen = clients.projector(server.url, code, session.projector_key)
    phone = clients.phone(server.url, code, "Veiligheidsdomein", "Bram")
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
    mod.call("open_statement", {"statement_id": statement_id})
    phone.wait_for(lambda s: s["step"]["kind"] == "statement")
    assert phone.call("vote", {"statement_id": statement_id, "choice": "neutral"})["ok"]
    reply = phone.call("comment", {"statement_id": statement_id, "text": "<b>Het hangt ervan af</b>"})
    assert reply == {"ok": True, "statement_id": statement_id, "text": "<b>Het hangt ervan af</b>",
                     "status": "pending"}
    too_long = phone.call("comment", {"statement_id": statement_id, "text": "x" * 501})
    assert too_long["error"] == "text_too_long" and "500" in too_long["message"]

    pending = mod.wait_for(lambda s: s["comments"])["comments"][0]
    assert (pending["status"], pending["sector"], pending["name"]) == ("pending", "Veiligheidsdomein", "Bram")
    mod.call("reveal_statement", {"statement_id": statement_id})
    assert screen.wait_for(lambda s: s["result"] is not None)["result"]["comments"] == []

    assert mod.call("moderate_comment", {"comment_id": pending["id"], "status": "approved"}) == {"ok": True}
    # The author's phone, and only theirs, learns that the comment is now on the screen.
    mine = phone.wait_for(lambda s: "me" in s and s["me"]["comments"].get(str(statement_id), {}).get("status")
                          == "approved")
    assert mine["me"]["name"] == "Bram"
    shown = screen.wait_for(lambda s: s["result"] and s["result"]["comments"])["result"]["comments"]
    assert shown == [{"text": "<b>Het hangt ervan af</b>", "sector": "Veiligheidsdomein", "choice": "neutral"}]
    assert mod.call("moderate_comment", {"comment_id": pending["id"], "status": "hidden"}) == {"ok": True}
    screen.wait_for(lambda s: s["result"]["comments"] == [])
    for c in (mod, screen, phone):
        c.close()


def test_reconnect_keeps_identity_and_votes(server, session):
    code = session.session.code
    mod = clients.moderator(server.url, code, session.moderator_key)
    cookies = clients.join(server.url, code, "Gemeente", "Carla")
    phone = clients.Screen(server.url, "participant", code, cookies=cookies).connect()
    number = phone.wait_for(lambda s: "me" in s)["me"]["number"]
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][2]["statement"]["id"]
    mod.call("open_statement", {"statement_id": statement_id})
    phone.wait_for(lambda s: s["step"]["kind"] == "statement")
    assert phone.call("vote", {"statement_id": statement_id, "choice": "strongly_disagree"})["ok"]
    phone.close()

    again = clients.Screen(server.url, "participant", code, cookies=cookies).connect()
    me = again.wait_for(lambda s: "me" in s)["me"]
    assert me["number"] == number and me["name"] == "Carla"
    assert me["votes"] == {str(statement_id): "strongly_disagree"}
    # The join page knows the phone too and sends it straight on.
    http = requests.get(f"{server.url}/j/{code}", cookies=cookies, allow_redirects=False, timeout=5)
    assert http.status_code == 302 and http.headers["Location"].endswith(f"/s/{code}")
    again.close(), mod.close()


MODERATOR_EVENTS = [
    ("show_step", {"step": "end"}), ("next_step", {}), ("previous_step", {}),
    ("open_statement", {"statement_id": 0}), ("close_statement", {"statement_id": 0}),
    ("reveal_statement", {"statement_id": 0}), ("moderate_comment", {"comment_id": 0, "status": "approved"}),
    ("end_session", {}), ("add_breakout", {"title": "Groepen", "count": 4}),
    ("open_breakout", {"breakout_id": 0}), ("start_timer", {"breakout_id": 0}),
    ("pause_timer", {"breakout_id": 0}), ("extend_timer", {"breakout_id": 0, "minutes": 5}),
    ("end_breakout", {"breakout_id": 0}), ("send_message", {"breakout_id": 0, "text": "hoi"}),
    ("move_participant", {"breakout_id": 0, "participant_id": 0, "group_id": 0}),
    ("set_reporter", {"group_id": 0, "participant_id": None}), ("hide_note", {"note_id": 0, "hidden": True}),
    ("show_report_group", {"breakout_id": 0, "number": 1}),
]


@pytest.mark.parametrize("event,payload", MODERATOR_EVENTS, ids=[e for e, _ in MODERATOR_EVENTS])
def test_a_participant_cannot_steer(server, session, server_store, event, payload):
    code = session.session.code
    with server_store.read() as q:
        statement_id = q.statements(session.session.id)[0].id
        before = q.agenda(session.session.id)
    payload = {k: (statement_id if v == 0 else v) for k, v in payload.items()}
    phone, screen = clients.phone(server.url, code, "Anders"), clients.projector(server.url, code, session.projector_key)
    for screen in (phone, screen):
        reply = screen.call(event, payload)
        assert reply["ok"] is False and reply["error"] == "forbidden"
        screen.close()
    with server_store.read() as q:
        assert q.agenda(session.session.id) == before


@pytest.mark.parametrize("role,code,auth,error", [
    ("moderator", None, {"key": "guess"}, "forbidden"),
    ("moderator", None, {"key": "projector"}, "forbidden"),  # the projector's key does not steer
    ("projector", None, {}, "forbidden"),  # the join code alone does not show the results
    ("projector", "NOSUCH", {}, "unknown_session"),
    ("participant", None, {}, "not_joined")])
def test_wrong_keys_and_unknown_codes_are_refused_with_a_reason(server, session, role, code, auth, error):
    key = auth.get("key")
    auth = {**auth, "key": session.projector_key} if key == "projector" else auth
    screen = clients.Screen(server.url, role, code or session.session.code, auth=auth)
    refusals = []
    screen.client.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        screen.connect()
    assert refusals[-1]["data"]["error"] == error and refusals[-1]["data"]["message"]
    assert not screen.client.connected


@pytest.mark.parametrize("payload", [None, [], "x", {"statement_id": "1", "choice": "agree"},
                                     {"statement_id": 1}, {"statement_id": True, "choice": "agree"},
                                     {"statement_id": 1, "choice": "maybe"}, {"statement_id": 1, "choice": "a" * 5000}])
def test_malformed_votes_get_a_reason_and_change_nothing(server, session, server_store, payload):
    code = session.session.code
    phone = clients.phone(server.url, code, "Onderwijs")
    reply = phone.call("vote", payload)
    assert reply["ok"] is False and reply["error"] in ("bad_request", "invalid_choice", "unknown_statement")
    assert reply["message"]
    assert phone.call("no_such_event", {})["error"] == "unknown_event"
    with server_store.read() as q:
        assert q.votes(session.session.id) == []
    assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
    phone.close()


def test_a_comment_of_emoji_is_measured_as_sent_not_as_escaped(server, session):
    """The doc allows 500 characters and 4 KB: 340 emoji are 1.4 KB in UTF-8 (4 KB only as \\u escapes)."""
    code = session.session.code
    mod = clients.moderator(server.url, code, session.moderator_key)
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
    mod.call("open_statement", {"statement_id": statement_id})
    phone = clients.phone(server.url, code, "Onderwijs")
    text = "\U0001F914" * 340
    reply = phone.call("comment", {"statement_id": statement_id, "text": text})
    assert reply == {"ok": True, "statement_id": statement_id, "text": text, "status": "pending"}
    too_big = phone.call("comment", {"statement_id": statement_id, "text": "\U0001F914" * 1100})  # 4.4 KB
    assert too_big["ok"] is False and too_big["error"] == "bad_request"
    mod.close(), phone.close()


def test_a_page_of_another_site_cannot_open_a_socket(server, session):
    """Socket.IO accepts only its own origin: another site's page cannot act with a visitor's cookies."""
    import socketio as sio_client

    cookies = clients.join(server.url, session.session.code, "Onderwijs")
    stranger = sio_client.Client(reconnection=False)
    with pytest.raises(sio_client.exceptions.ConnectionError):
        stranger.connect(server.url, headers={"Origin": "http://evil.example",
                                              "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
                         auth={"role": "participant", "code": session.session.code}, transports=["websocket"],
                         wait_timeout=5)
    # The same phone from our own page (the client sends our origin) is let in.
    own = clients.Screen(server.url, "participant", session.session.code, cookies=cookies).connect()
    assert own.wait_for(lambda s: "me" in s)
    own.close()


def test_a_phone_that_floods_is_slowed_politely_and_others_are_not(server, session):
    code = session.session.code
    mod = clients.moderator(server.url, code, session.moderator_key)
    statement_id = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
    mod.call("open_statement", {"statement_id": statement_id})
    flooder, calm = clients.phone(server.url, code, "Anders"), clients.phone(server.url, code, "Gemeente")
    flooder.wait_for(lambda s: s["step"]["kind"] == "statement")
    replies = [flooder.call("comment", {"statement_id": statement_id, "text": f"spam {i}"}) for i in range(40)]
    limited = [r for r in replies if not r["ok"]]
    assert limited and all(r["error"] == "rate_limited" and r["message"] for r in limited)
    assert sum(r["ok"] for r in replies) <= 30
    assert calm.call("vote", {"statement_id": statement_id, "choice": "agree"})["ok"]
    for c in (mod, flooder, calm):
        c.close()


def test_the_server_log_holds_no_keys_or_tokens(server, session):
    """Logs get copied and mailed around; what opens a session must never be in them."""
    code = session.session.code
    cookies = clients.join(server.url, code, "Onderwijs")
    phone = clients.Screen(server.url, "participant", code, cookies=cookies).connect()
    mod = clients.moderator(server.url, code, session.moderator_key)
    phone.call("vote", {"statement_id": 0, "choice": "agree"})  # refused: something gets logged
    requests.get(f"{server.url}/m/{code}", params={"key": session.moderator_key}, timeout=5)
    requests.get(f"{server.url}/m/{code}", params={"key": "wrong-key"}, timeout=5)
    phone.close(), mod.close()
    log = server.log_path.read_text()
    assert session.moderator_key not in log
    assert not any(token in log for token in cookies.values())
