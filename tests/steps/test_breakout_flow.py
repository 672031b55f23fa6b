"""Breakout groups through the real server: placing, boards kept to their group, reporters, report-back."""
from __future__ import annotations

import uuid
from collections import Counter

import pytest

from tests import clients
from tests.factories import make_session

pytestmark = pytest.mark.server
SECTORS = ["Onderwijs", "Onderwijs", "Onderwijs", "Sociaal domein", "Sociaal domein", "Sociaal domein",
           "Veiligheidsdomein", "Veiligheidsdomein"]


@pytest.fixture
def room(server, server_store):
    """A session with eight phones in three sectors and a moderator who opened four groups."""
    new = make_session(server_store)
    code = new.session.code
    mod = clients.moderator(server.url, code, new.moderator_key)
    phones = [clients.phone(server.url, code, sector) for sector in SECTORS]
    reply = mod.call("add_breakout", {"title": "Samenwerken over grenzen", "count": 4, "minutes": 15})
    assert reply["ok"], reply
    breakout_id = reply["breakout_id"]
    assert mod.call("open_breakout", {"breakout_id": breakout_id}) == {"ok": True}
    for p in phones:
        p.wait_for(lambda s: s.get("me", {}).get("group"))
    yield mod, phones, breakout_id, new
    for c in (mod, *phones):
        c.close()


def _group(phone) -> int:
    return phone.me["group"]["id"]


def _breakout(state) -> dict:
    """The breakout on screen in a state, or {}: older states still queued may show another step."""
    return state["step"].get("breakout") or {}


def _note(phone, text, category="Vragen", client_id=None):
    return phone.call("add_note", {"client_id": client_id or uuid.uuid4().hex, "category": category, "text": text})


def test_open_groups_places_everyone_sector_balanced(room, server):
    mod, phones, breakout_id, new = room
    groups = Counter(_group(p) for p in phones)
    assert len(groups) == 4 and set(groups.values()) == {2}
    for sector in set(SECTORS):
        per_group = Counter(_group(p) for p, s in zip(phones, SECTORS) if s == sector)
        assert max(per_group.values()) - min([per_group.get(g, 0) for g in groups]) <= 1
    state = phones[0].latest
    assert state["step"]["kind"] == "breakout" and state["step"]["breakout"]["status"] == "open"
    assert state["me"]["group"]["name"].startswith("Groep ")
    screen = clients.projector(server.url, new.session.code, new.projector_key)
    groups_on_screen = screen.wait_for(lambda s: s.get("groups"))["groups"]
    assert sorted(g["members"] for g in groups_on_screen) == [2, 2, 2, 2]
    assert sum(c["count"] for g in groups_on_screen for c in g["by_sector"]) == 8
    screen.close()


def test_a_board_reaches_its_own_group_only(room):
    mod, phones, breakout_id, _new = room
    author = phones[0]
    mates = [p for p in phones[1:] if _group(p) == _group(author)]
    others = [p for p in phones if _group(p) != _group(author)]
    client_id = uuid.uuid4().hex
    first = _note(author, "Wat mogen we delen zonder toestemming?", client_id=client_id)
    assert first["ok"] and first["note"]["text"] == "Wat mogen we delen zonder toestemming?"
    # A resend with the same client-made id (say, after a lost acknowledgement) is stored once.
    again = _note(author, "Wat mogen we delen zonder toestemming?", client_id=client_id)
    assert again["note"]["id"] == first["note"]["id"]
    for mate in mates:
        board = mate.wait_for_board(lambda b: b["notes"])
        assert [n["text"] for n in board["notes"]] == ["Wat mogen we delen zonder toestemming?"]
    moderator_view = mod.wait_for(lambda s: any(g["notes"] for g in s.get("groups", [])))
    assert sum(len(g["notes"]) for g in moderator_view["groups"]) == 1
    for other in others:
        assert all(not b["notes"] for b in other.boards), "another group's note reached this phone"
        # Nor can they touch it.
        note_id = first["note"]["id"]
        for event, payload in (("upvote_note", {"note_id": note_id, "on": True}),
                               ("edit_note", {"note_id": note_id, "category": "Vragen", "text": "x"}),
                               ("delete_note", {"note_id": note_id}),
                               ("mark_key_point", {"note_id": note_id, "on": True})):
            assert other.call(event, payload)["error"] == "unknown_note", event
        assert other.call("sync")["state"]["board"]["notes"] == []


def test_notes_are_checked_and_only_their_author_edits_them(room):
    _mod, phones, _breakout_id, _new = room
    author = phones[0]
    mate = next(p for p in phones[1:] if _group(p) == _group(author))
    assert _note(author, "x" * 281)["error"] == "text_too_long"
    assert _note(author, "Tekst", category="Onbekend")["error"] == "invalid_category"
    assert author.call("add_note", {"client_id": "kort", "category": "Vragen", "text": "a"})["error"] == \
        "invalid_client_id"
    note = _note(author, "Vertrouwen groeit door elkaar te kennen", category="Ervaringen")["note"]
    # The reply's note is the note as the board shows it, so the phone draws both alike.
    assert note == author.wait_for_board(lambda b: b["notes"])["notes"][0]
    assert note["author"] == author.me["number"] and note["upvoters"] == []
    # Another's note is not the phone's to change; `forbidden` is kept for roles (docs/protocol.md).
    refused = mate.call("edit_note", {"note_id": note["id"], "category": "Vragen", "text": "nee"})
    assert refused["error"] == "not_your_note" and refused["message"] == "Je kunt alleen je eigen notities wijzigen."
    assert author.call("upvote_note", {"note_id": note["id"], "on": True})["error"] == "own_note"
    assert mate.call("upvote_note", {"note_id": note["id"], "on": True})["ok"]
    board = author.wait_for_board(lambda b: b["notes"] and b["notes"][0]["upvotes"] == 1)
    assert board["notes"][0]["upvoters"] == [mate.me["number"]]
    edited = author.call("edit_note", {"note_id": note["id"], "category": "Knelpunten", "text": "Vertrouwen kost tijd"})
    assert edited["note"]["category"] == "Knelpunten"
    assert edited["note"] == {**note, "category": "Knelpunten", "text": "Vertrouwen kost tijd", "upvotes": 1,
                              "upvoters": [mate.me["number"]]}
    assert author.call("delete_note", {"note_id": note["id"]}) == {"ok": True}
    mate.wait_for_board(lambda b: b["notes"] == [])


def test_reporter_marks_key_points_and_the_room_supports_them_in_report_back(room, server):
    mod, phones, breakout_id, new = room
    reporter = phones[0]
    mate = next(p for p in phones[1:] if _group(p) == _group(reporter))
    notes = [_note(reporter, f"Punt {i}")["note"] for i in range(4)]
    assert mate.call("mark_key_point", {"note_id": notes[0]["id"], "on": True})["error"] == "not_reporter"
    assert reporter.call("volunteer_reporter") == {"ok": True}
    assert mate.call("volunteer_reporter")["error"] == "reporter_taken"
    for note in notes[:3]:
        assert reporter.call("mark_key_point", {"note_id": note["id"], "on": True}) == {"ok": True}
    assert reporter.call("mark_key_point", {"note_id": notes[3]["id"], "on": True})["error"] == "too_many_key_points"
    mate.wait_for_board(lambda b: b["reporter"] == reporter.me["number"]
                        and sum(n["key_point"] for n in b["notes"]) == 3)

    screen = clients.projector(server.url, new.session.code, new.projector_key)
    number = reporter.me["group"]["number"]
    assert reporter.call("support_key_point", {"note_id": notes[0]["id"], "on": True})["error"] == "not_reporting"
    assert mod.call("show_report_group", {"breakout_id": breakout_id, "number": number}) == {"ok": True}
    report = screen.wait_for(lambda s: s.get("report"))["report"]
    assert report["group"]["number"] == number
    assert [k["text"] for k in report["key_points"]] == ["Punt 0", "Punt 1", "Punt 2"]
    outsider = next(p for p in phones if _group(p) != _group(reporter))
    outsider.wait_for(lambda s: s.get("report"))
    assert outsider.call("support_key_point", {"note_id": notes[1]["id"], "on": True}) == {"ok": True}
    # Nobody +1s a key point of their own: its author and the reporter presenting it are refused.
    assert reporter.call("support_key_point", {"note_id": notes[1]["id"], "on": True})["error"] == "own_key_point"
    supported = screen.wait_for(lambda s: s.get("report") and s["report"]["key_points"][1]["supports"] == 1)
    assert supported["step"]["breakout"]["status"] == "ended", "report-back ends the group work"
    assert _note(reporter, "Te laat")["error"] == "breakout_closed"
    screen.close()


def test_clock_message_late_arrival_and_moving_people(room, server):
    mod, phones, breakout_id, new = room
    assert mod.call("start_timer", {"breakout_id": breakout_id}) == {"ok": True}
    running = phones[1].wait_for(lambda s: _breakout(s).get("running"))["step"]["breakout"]
    assert 14 * 60 < running["seconds_left"] <= 15 * 60
    assert mod.call("extend_timer", {"breakout_id": breakout_id, "minutes": 5}) == {"ok": True}
    assert mod.call("pause_timer", {"breakout_id": breakout_id}) == {"ok": True}
    paused = phones[1].wait_for(lambda s: _breakout(s).get("status") == "paused")["step"]["breakout"]
    assert 19 * 60 < paused["seconds_left"] <= 20 * 60
    assert mod.call("send_message", {"breakout_id": breakout_id, "text": "Nog vijf minuten"}) == {"ok": True}
    phones[2].wait_for(lambda s: _breakout(s).get("message") == "Nog vijf minuten")
    assert mod.call("send_message", {"breakout_id": breakout_id, "text": "x" * 201})["error"] == "text_too_long"

    late = clients.phone(server.url, new.session.code, "Gemeente")
    group = late.wait_for(lambda s: s.get("me", {}).get("group"))["me"]["group"]
    sizes = Counter([_group(p) for p in phones] + [group["id"]])
    assert sorted(sizes.values()) == [2, 2, 2, 3], "the late arrival joined a group; nobody moved"

    mover = phones[0]
    target = next(g for g in mover.latest["step"]["breakout"]["groups"] if g["id"] != _group(mover))
    participant_id = next(m["id"] for g in mod.latest["groups"] for m in g["members"]
                          if m["number"] == mover.me["number"])
    assert mod.call("move_participant", {"breakout_id": breakout_id, "participant_id": participant_id,
                                         "group_id": target["id"]}) == {"ok": True}
    moved = mover.wait_for(lambda s: s.get("me", {}).get("group", {}).get("id") == target["id"])
    assert moved["board"]["group_id"] == target["id"]
    late.close()

    # "Werk afronden": the message of the work time does not linger beside "Afgelopen".
    assert mod.call("end_breakout", {"breakout_id": breakout_id}) == {"ok": True}
    ended = phones[2].wait_for(lambda s: _breakout(s).get("status") == "ended")["step"]["breakout"]
    assert ended["message"] == ""
    screen = clients.projector(server.url, new.session.code, new.projector_key)
    assert screen.wait_for(lambda s: _breakout(s).get("status") == "ended")["step"]["breakout"]["message"] == ""
    screen.close()


def test_self_select_respects_the_cap(server, server_store):
    new = make_session(server_store)
    mod = clients.moderator(server.url, new.session.code, new.moderator_key)
    phones = [clients.phone(server.url, new.session.code, s) for s in SECTORS[:3]]
    reply = mod.call("add_breakout", {"title": "Kies je tafel", "assignment": "self_select", "cap": 2,
                                      "groups": [{"name": "Informatie delen", "place": "tafel 1"},
                                                 {"name": "Vertrouwen", "place": "tafel 2"}]})
    assert mod.call("open_breakout", {"breakout_id": reply["breakout_id"]})["ok"]
    state = phones[0].wait_for(lambda s: s["step"]["kind"] == "breakout" and "me" in s)
    assert state["me"]["group"] is None
    first = state["step"]["breakout"]["groups"][0]
    assert phones[0].call("choose_group", {"group_id": first["id"]}) == {"ok": True}
    assert phones[1].call("choose_group", {"group_id": first["id"]}) == {"ok": True}
    assert phones[2].call("choose_group", {"group_id": first["id"]})["error"] == "group_full"
    assert phones[0].wait_for(lambda s: (s.get("me", {}).get("group") or {}).get("name") == "Informatie delen")
    for c in (mod, *phones):
        c.close()
