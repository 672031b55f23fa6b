"""Hostile text as names, comments, notes and key points is shown as text everywhere: on the phone, the
projector (after the reveal, and in report-back), the control panel (checked in real Chromium), and in
every export (report.html in Chromium too, every CSV with formulas neutralised, data.json verbatim)."""
from __future__ import annotations

import csv
import io
import json

import pytest
import requests

from facilitator.views.reports import CSV_TABLES
from facilitator.steps.breakout import store as breakout_store
from tests.e2e.axe import assert_no_violations
from tests.e2e.conftest import browser  # noqa: F401 - the fixture
from tests.factories import make_session
from tests.hostile.conftest import join, moderator_conn, participant_conn, projector_conn

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

EMOJI = ("👩🏽‍💻" + "e\u0301" + "🏳️‍🌈" + "Z\u0336\u0337") * 40
CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=alert(1)>",
    '<svg/onload="window.__pwned=1">',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "{{7*7}}",
    "${7*7}",
    '=HYPERLINK("http://evil.example","klik")',
    "+SUM(1,2)",
    "-1+2",
    "@cmd",
    EMOJI[:280],
    "\u202egnp.exe",
    "a\u200db\u200dc\u200d\u200dzwj",
    "</textarea><script>alert(1)</script>",
    "'; DROP TABLE votes; --",
    "<iframe src=javascript:window.__pwned=1></iframe>",
]
FORMULA_START = ("=", "+", "-", "@")
CHECK_PAGE = """() => ({
  pwned: window.__pwned,
  img: document.querySelectorAll('img[src="x"], img[onerror]').length,
  svg: document.querySelectorAll('svg[onload]').length,
  iframe: document.querySelectorAll('iframe').length,
  js_links: document.querySelectorAll('a[href^="javascript"]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length,
  text: document.body.innerText,
})"""


def distinctive(text: str) -> str:
    """A piece of the stored text that must appear literally in the page's visible text."""
    return text.strip()[:24]


@pytest.fixture(scope="module")
def scene(server, module_store):
    """A session played through with the corpus: names, comments (approved, revealed), notes and key
    points, everything through the product's own doors; returns what the server stored."""
    new = make_session(module_store, title="Injectie <b>test</b>")
    code, key = new.session.code, new.moderator_key
    url = server.url
    mod = moderator_conn(url, code, key)
    with module_store.read() as q:
        statement = q.statements(new.session.id)[0].id
    assert mod.call("open_statement", {"statement_id": statement}) == {"ok": True}
    phones, conns, comments = [], [], []
    for i, text in enumerate(CORPUS):
        http = join(url, code, "Onderwijs", text[:60])
        phones.append(http)
        conn = participant_conn(url, code, http)
        conns.append(conn)
        assert conn.call("vote", {"statement_id": statement, "choice": "agree"})["ok"]
        reply = conn.call("comment", {"statement_id": statement, "text": text})
        assert reply["ok"], (text, reply)
        comments.append(reply["text"])
    with module_store.read() as q:
        names = [p.name for p in q.participants(new.session.id)]
        comment_ids = [c.id for c in q.comments(new.session.id)]
    for cid in comment_ids:
        assert mod.call("moderate_comment", {"comment_id": cid, "status": "approved"}) == {"ok": True}
    assert mod.call("reveal_statement", {"statement_id": statement}) == {"ok": True}
    yield {"url": url, "code": code, "key": key, "projector_key": new.projector_key, "mod": mod, "phones": phones,
           "conns": conns, "names": names, "comments": comments, "statement": statement, "store": module_store,
           "session_id": new.session.id}
    for conn in [mod, *conns]:
        conn.close()


def start_breakout(scene) -> None:
    """A breakout with every phone in group 1, a note each, and the first phone's three key points."""
    if "notes" in scene:
        return
    mod = scene["mod"]
    added = mod.call("add_breakout", {"title": "<svg onload=alert(1)>", "count": 2, "after": 1,
                                      "assignment": "manual"})
    assert added["ok"], added
    bid = added["breakout_id"]
    assert mod.call("open_breakout", {"breakout_id": bid}) == {"ok": True}
    with scene["store"].read() as q:
        groups = [g.id for g in breakout_store.groups(q, bid)]
        categories = list(breakout_store.breakout(q, bid).categories)
        people = [p.id for p in q.participants(scene["session_id"])]
    for pid in people:
        assert mod.call("move_participant", {"breakout_id": bid, "participant_id": pid, "group_id": groups[0]}) \
            == {"ok": True}
    notes = []
    for i, (conn, text) in enumerate(zip(scene["conns"], CORPUS)):
        reply = conn.call("add_note", {"client_id": f"inject-{i:04d}", "category": categories[0], "text": text[:280]})
        assert reply["ok"], (text, reply)
        notes.append(reply["note"])
    reporter = scene["conns"][0]
    assert reporter.call("volunteer_reporter", {})["ok"]
    key_notes = [notes[1], notes[3], notes[9]]  # an <img onerror>, an <svg onload>, a =HYPERLINK(...)
    for note in key_notes:
        assert reporter.call("mark_key_point", {"note_id": note["id"], "on": True}) == {"ok": True}
    scene.update(breakout=bid, notes=[n["text"] for n in notes], key_points=[n["text"] for n in key_notes])


def open_page(browser, scene, path: str, cookies: dict | None = None, viewport=(1366, 900)):  # noqa: F811
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": scene["url"]} for k, v in cookies.items()])
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(scene["url"] + path)
    page.dialogs = dialogs
    return page


def assert_harmless(page, expected: list[str], *, at_least: int | None = None, timeout_ms: int = 5000):
    """No script ran, no element was injected, and the corpus reads as text on the page."""
    wanted = [distinctive(t) for t in expected if distinctive(t)]
    need = len(wanted) if at_least is None else at_least
    page.wait_for_function(
        "([wanted, need]) => wanted.filter(w => document.body.innerText.includes(w)).length >= need",
        arg=[wanted, need], timeout=timeout_ms)
    page.wait_for_timeout(300)  # an onerror/onload fires soon after insertion
    found = page.evaluate(CHECK_PAGE)
    assert page.dialogs == [], page.dialogs
    assert found["pwned"] is None, "an injected handler ran"
    assert (found["img"], found["svg"], found["iframe"], found["js_links"], found["scripts"]) == (0, 0, 0, 0, 0), found
    shown = [w for w in wanted if w in found["text"]]
    assert len(shown) >= need, (need, [w for w in wanted if w not in found["text"]])


def moderator_cookies(scene) -> dict:
    return {f"fm_{scene['code']}": scene["key"]}


def test_projector_after_reveal_shows_comments_as_text(browser, scene):  # noqa: F811
    page = open_page(browser, scene, f"/p/{scene['code']}?key={scene['projector_key']}", viewport=(1920, 1080))
    # The projector shows what fits; at least a few of the approved comments, all as text.
    assert_harmless(page, scene["comments"], at_least=3)
    assert_no_violations(page, "projector showing the injection corpus")
    page.context.close()


def test_control_panel_shows_names_and_comments_as_text(browser, scene):  # noqa: F811
    page = open_page(browser, scene, f"/m/{scene['code']}", cookies=moderator_cookies(scene))
    assert_harmless(page, scene["comments"])
    assert_harmless(page, scene["names"], at_least=5)
    assert_no_violations(page, "control panel showing the injection corpus")
    page.context.close()


def test_phone_board_shows_notes_as_text(browser, scene):  # noqa: F811
    start_breakout(scene)
    page = open_page(browser, scene, f"/s/{scene['code']}", cookies=scene["phones"][0].cookies.get_dict(),
                     viewport=(390, 844))
    assert_harmless(page, scene["notes"], at_least=5)
    assert_no_violations(page, "phone board showing the injection corpus")
    page.context.close()


def test_control_panel_shows_notes_and_members_as_text(browser, scene):  # noqa: F811
    start_breakout(scene)
    page = open_page(browser, scene, f"/m/{scene['code']}", cookies=moderator_cookies(scene))
    assert_harmless(page, scene["notes"], at_least=5)
    assert_no_violations(page, "control panel with groups showing the injection corpus")
    page.context.close()


def test_projector_report_back_shows_key_points_as_text(browser, scene):  # noqa: F811
    start_breakout(scene)
    assert scene["mod"].call("show_report_group", {"breakout_id": scene["breakout"], "number": 1}) == {"ok": True}
    page = open_page(browser, scene, f"/p/{scene['code']}?key={scene['projector_key']}", viewport=(1920, 1080))
    assert_harmless(page, scene["key_points"])
    phone = open_page(browser, scene, f"/s/{scene['code']}", cookies=scene["phones"][5].cookies.get_dict(),
                      viewport=(390, 844))
    assert_harmless(phone, scene["key_points"])
    assert_no_violations(page, "projector report-back showing the injection corpus")
    assert_no_violations(phone, "phone report-back showing the injection corpus")
    page.context.close()
    phone.context.close()


def test_report_html_in_chromium_shows_everything_as_text(browser, scene):  # noqa: F811
    start_breakout(scene)
    page = open_page(browser, scene, f"/r/{scene['code']}/report.html", cookies=moderator_cookies(scene))
    assert_harmless(page, scene["comments"] + scene["notes"], at_least=len(CORPUS))
    assert_no_violations(page, "HTML report showing the injection corpus")
    page.context.close()


def _download(scene, path: str) -> requests.Response:
    response = requests.get(scene["url"] + path, cookies=moderator_cookies(scene), timeout=10)
    assert response.status_code == 200, (path, response.status_code)
    return response


@pytest.mark.parametrize("table", sorted(CSV_TABLES))
def test_every_csv_neutralises_formulas_and_keeps_the_text(scene, table):
    start_breakout(scene)
    text = _download(scene, f"/r/{scene['code']}/{table}.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    dangerous = [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]
    assert dangerous == [], dangerous[:5]
    stored = {"comments": scene["comments"], "notes": scene["notes"]}.get(table, [])
    for original in stored:
        shown = "'" + original if original.startswith(FORMULA_START) else original
        assert shown in cells, (table, original)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_data_json_holds_the_stored_text_verbatim(scene):
    start_breakout(scene)
    data = json.loads(_download(scene, f"/r/{scene['code']}/data.json").text)
    strings: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    missing = [t for t in scene["comments"] + scene["notes"] if t not in strings]
    assert missing == []
