"""The information slide, a kind in one folder (facilitator/steps/slide): deck, panel, screens, report, image."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
import yaml

from facilitator import actions
from facilitator.decks import DeckError, load_deck
from facilitator.domain import flow
from facilitator.domain.model import Step
from facilitator.extension import socketio
from facilitator.report.build import load_report
from facilitator.report.data import report_json
from facilitator.report.html import render_html
from facilitator.steps.slide.domain import SlidePlan
from tests.factories import SECTORS, app_on

XSS = '<script>alert("x")</script>'


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG: the route serves it as it is."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def deck_file(folder: Path, steps: list, name: str = "dag.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump({"title": "Dag", "language": "nl", "steps": steps}, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path


STEPS = [{"slide": {"title": "Welkom", "text": "Fijn dat je er bent.\nHet programma:", "image": "welkom.png"}},
         {"statement": "Eerste stelling."},
         {"breakout": {"title": "Groepen", "count": 2}},
         {"slide": "Pauze"},
         {"statement": {"text": "Tweede stelling.", "note": "Vraag door."}}]


# -- the deck ------------------------------------------------------------------------------------------
def test_a_deck_lists_its_steps_in_order_with_slides(tmp_path):
    (tmp_path / "welkom.png").write_bytes(png())
    deck = load_deck(deck_file(tmp_path, STEPS))
    assert deck.statements == ("Eerste stelling.", "Tweede stelling.")
    assert deck.notes == (None, "Vraag door.")
    welcome, pause = deck.of("slide")
    assert welcome == SlidePlan(title="Welkom", text="Fijn dat je er bent.\nHet programma:", image="welkom.png",
                                after=0)
    assert pause == SlidePlan(title="Pauze", after=1)
    assert [(p.kind, p.after) for p in deck.plans] == [("slide", 0), ("breakout", 1), ("slide", 1)]


@pytest.mark.parametrize("step, field, problem", [
    ({"slide": {"text": "Geen titel"}}, "steps[1].slide.title", "is missing"),
    ({"slide": {"title": "T", "colour": "rood"}}, "steps[1].slide.colour", "is not a known key"),
    ({"slide": {"title": "T", "image": "../geheim.png"}}, "steps[1].slide.image", "in the deck's own folder"),
    ({"slide": {"title": "T", "image": "sub/plaatje.png"}}, "steps[1].slide.image", "without a folder"),
    ({"slide": {"title": "T", "image": "notities.txt"}}, "steps[1].slide.image", "must be the name of an image"),
    ({"slide": {"title": "T", "image": "logo.svg"}}, "steps[1].slide.image", "must be the name of an image"),
    ({"slide": {"title": "T", "image": "ontbreekt.png"}}, "steps[1].slide.image", "no such file next to the deck"),
    ({"slide": {"title": "T", "text": "x" * 1001}}, "steps[1].slide.text", "longer than 1000"),
    ({"slide": {"title": "T", "text": 12}}, "steps[1].slide.text", "must be text"),
    ({"slide": ["T"]}, "steps[1].slide", "must be a title or a mapping"),
    ({"dia": {"title": "T"}}, "steps[1].dia", "is not a kind of step"),
    ({"breakout": {"title": "B", "after": 1}}, "steps[1].breakout.after", "is not used in 'steps:'"),
    ("Losse tekst", "steps[1]", "must name its kind"),
])
def test_bad_slides_get_the_loaders_clear_errors(tmp_path, step, field, problem):
    with pytest.raises(DeckError) as error:
        load_deck(deck_file(tmp_path, [step, {"statement": "Een."}]))
    assert error.value.field == field
    assert problem in error.value.problem


def test_steps_and_statements_do_not_mix(tmp_path):
    path = tmp_path / "mix.yaml"
    path.write_text(yaml.safe_dump({"title": "T", "language": "nl", "statements": ["Een."],
                                    "steps": [{"statement": "Twee."}]}), encoding="utf-8")
    with pytest.raises(DeckError, match="statements: cannot be used together with 'steps'"):
        load_deck(path)


def test_a_large_image_is_refused_by_the_loader(tmp_path):
    (tmp_path / "groot.png").write_bytes(b"\x89PNG" + b"\x00" * (2 * 1024 * 1024 + 1))
    with pytest.raises(DeckError, match="larger than 2 MB"):
        load_deck(deck_file(tmp_path, [{"slide": {"title": "T", "image": "groot.png"}}, {"statement": "Een."}]))


# -- panel, projector, phone, report, image ------------------------------------------------------------
@pytest.fixture
def day(tmp_path):
    """An app whose decks folder holds a deck with slides, and a session made from it."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "welkom.png").write_bytes(png())
    (decks / "notities.txt").write_text("geheim")
    (tmp_path / "buiten.png").write_bytes(png())
    steps = [{"slide": {"title": f"Welkom {XSS}", "text": f"Tekst {XSS}", "image": "welkom.png"}}, *STEPS[1:]]
    deck = load_deck(deck_file(decks, steps))
    with app_on(tmp_path / "data", DECKS_DIR=str(decks)) as app:
        svc = app.extensions["facilitator"].services
        new = actions.create_session(svc, title=deck.title, statements=list(deck.statements), sectors=SECTORS,
                                     deck=deck.filename, plans=deck.plans, notes=list(deck.notes))
        yield app, svc, new


def _state(client, app=None) -> dict:
    """The newest `state` the client got; with `app`, after the coalesced screen updates went out."""
    if app is not None:
        app.extensions["facilitator"].broadcaster.flush()
    return [m for m in client.get_received() if m["name"] == "state"][-1]["args"][0]


def test_the_panel_lists_slides_in_the_agenda_and_shows_one_on_every_screen(day):
    app, svc, new = day
    code = new.session.code
    panel = socketio.test_client(app, auth={"role": "moderator", "code": code, "key": new.moderator_key})
    projector = socketio.test_client(app, auth={"role": "projector", "code": code, "key": new.projector_key})
    agenda = _state(panel)["agenda"]
    assert [row["kind"] for row in agenda] == ["lobby", "slide", "statement", "breakout", "slide", "statement", "end"]
    welcome = agenda[1]
    assert welcome["title"] == f"Welkom {XSS}" and welcome["slide"]["title"] == f"Welkom {XSS}"

    assert panel.emit("show_step", {"step": {"slide": welcome["slide"]["id"]}}, callback=True) == {"ok": True}
    for client in (panel, projector):
        step = _state(client, app)["step"]
        assert (step["kind"], step["index"]) == ("slide", 1)
        assert step["slide"]["title"] == f"Welkom {XSS}" and step["slide"]["text"] == f"Tekst {XSS}"
        assert step["slide"]["image_url"] == f"/s/{code}/slides/{welcome['slide']['id']}/image"
    # next_step goes on from the slide to the first statement, as the agenda orders them.
    assert panel.emit("next_step", callback=True) == {"ok": True}
    assert _state(projector, app)["step"]["kind"] == "statement"
    assert panel.emit("show_step", {"step": {"slide": 999}}, callback=True)["error"] == "unknown_step"
    panel.disconnect()
    projector.disconnect()


def test_a_phone_sees_the_slide(day):
    app, svc, new = day
    participant, token = actions.join(svc, new.session.code, SECTORS[0], "")
    with svc.store.read() as q:
        slide_id = q.order(new.session.id)[0].item_id
    actions.steer(svc, new.session.id, flow.show_step, Step("slide", slide_id))
    phone = socketio.test_client(app, auth={"role": "participant", "code": new.session.code, "token": token})
    step = _state(phone)["step"]
    assert step["kind"] == "slide" and step["slide"]["title"] == f"Welkom {XSS}"
    phone.disconnect()


def test_the_report_lists_the_agenda_with_the_slides(day, tmp_path):
    app, svc, new = day
    report = load_report(svc.store, new.session.code, svc.clock())
    assert [(item.kind, item.title) for item in report.agenda] == [
        ("slide", f"Welkom {XSS}"), ("statement", "Eerste stelling."), ("breakout", "Groepen"),
        ("slide", "Pauze"), ("statement", "Tweede stelling.")]
    html = render_html(report, tmp_path / "no-translations")
    assert "Welkom &lt;script&gt;" in html and XSS not in html
    assert report_json(report)["agenda"][3] == {"kind": "slide", "title": "Pauze"}


def test_the_image_is_served_from_the_decks_folder_only(day):
    app, svc, new = day
    code = new.session.code
    with svc.store.read() as q:
        slide_id = q.order(new.session.id)[0].item_id
        pause_id = q.order(new.session.id)[3].item_id
    http = app.test_client()
    response = http.get(f"/s/{code}/slides/{slide_id}/image")
    assert response.status_code == 200
    assert response.mimetype == "image/png" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == png()
    assert http.get(f"/s/{code}/slides/{pause_id}/image").status_code == 404  # a slide without an image
    assert http.get(f"/s/XXXXXX/slides/{slide_id}/image").status_code == 404
    assert http.get(f"/s/{code}/slides/999/image").status_code == 404


@pytest.mark.parametrize("name", ["../buiten.png", "notities.txt", "welkom.svg", "..", "sub/welkom.png", ".hidden.png"])
def test_the_image_route_refuses_traversal_and_other_files(day, name):
    """Even a name that reached the table some other way is checked again when served."""
    from facilitator.steps.slide.views import safe_image

    app, _svc, _new = day
    decks = Path(app.extensions["facilitator"].settings["DECKS_DIR"])
    assert safe_image(decks, name) is None
    assert safe_image(decks, "welkom.png") == decks / "welkom.png"
