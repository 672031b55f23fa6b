"""Every screen the projector has, with texts from one word to each field's maximum, at three projector
sizes: the page keeps answering, nothing reaches past the screen, every text is readable from the back
of a hall, and axe finds nothing.

One server and one browser page for all of it; the states are driven through the real socket, as the
control panel and the phones drive them. A session per number of sectors (1 to 8): its lobby, a
statement pending, open and revealed (with 0 to 4 approved comments), a breakout of 2 to 8 groups
while people find their group and while they work (with a message from the moderator), report-back
with 0 to 3 key points, and the end.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from facilitator.domain.limits import (
    COMMENT_MAX, GROUP_NAME_MAX, MESSAGE_MAX, NOTE_MAX, PLACE_MAX, QUESTION_MAX, SECTOR_MAX, STATEMENT_MAX,
    STATEMENTS_MAX, TITLE_MAX,
)
from facilitator.steps.breakout.limits import QUESTIONS_MAX
from facilitator.steps.breakout.model import BreakoutPlan, GroupPlan
from facilitator.decks import load_deck
from tests.clients import Screen, phone
from tests.e2e import page_checks
from tests.e2e.axe import violations
from tests.factories import services

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
SHOWN = 4  # findings kept per screen and size: enough to see what is wrong, not a wall of text
CHOICES = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
# Dutch words of many lengths, so that line breaks fall everywhere; one long compound as Dutch has them.
WORDS = ("de gemeente jongeren samenwerking preventie vertrouwen onderwijs zorg politie wijkteam ouders "
         "signalen polarisatie veiligheidsdomein jeugdhulpverleningsorganisaties en of wat hoe waarom").split()


def text(length: int, seed: int) -> str:
    """Words up to exactly `length` characters (one word when short)."""
    words = itertools.cycle(WORDS[seed % len(WORDS):] + WORDS[:seed % len(WORDS)])
    out = next(words)
    while len(out) < length:
        out += " " + next(words)
    return out[:length].rstrip() or "x"


def sized(level: int, maximum: int, seed: int) -> str:
    """Level 0: one word; 1: about a third of the maximum; 2: the maximum."""
    return [text(1, seed).split()[0] if level == 0 else "", text(maximum // 3, seed), text(maximum, seed)][level] \
        or WORDS[seed % len(WORDS)]


class Findings:
    def __init__(self):
        self.frozen: list[str] = []
        self.overflow: list[str] = []
        self.illegible: list[str] = []
        self.axe: list[str] = []


def check(page, where: str, found: Findings, axe: bool = True) -> None:
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        label = f"{where} at {width}x{height}"
        if not page_checks.still_answers(page):
            found.frozen.append(label)
            raise AssertionError(f"the projector stopped answering: {label}")
        found.overflow += [f"{label}: {p}" for p in page_checks.overflow(page)[:SHOWN]]
        if (width, height) == (1280, 720):
            found.illegible += [f"{label}: {p}" for p in page_checks.legibility(page)[:SHOWN]]
            if axe:
                found.axe += [f"{label}: {p}" for p in violations(page)[:SHOWN]]


def wait(page, condition: str) -> None:
    """Waits for the projector to draw a state; a page that froze while drawing it says so."""
    try:
        page.wait_for_function(f"() => ({condition})", timeout=10000, polling=50)
    except PlaywrightTimeout:
        if not page_checks.still_answers(page):
            raise AssertionError(f"the projector stopped answering while drawing: {condition}") from None
        raise


def play_session(page, server, store, sectors_count: int, found: Findings) -> None:
    level = sectors_count % 3
    groups_count = max(2, sectors_count)
    sectors = tuple(f"{i + 1} {sized(level, SECTOR_MAX, i)}"[:SECTOR_MAX].strip() for i in range(sectors_count))
    plan = BreakoutPlan(
        title=sized(level, 120, 3),
        groups=tuple(GroupPlan(name=f"{n + 1} {sized(level, GROUP_NAME_MAX, n)}"[:GROUP_NAME_MAX].strip(),
                               place=sized(level, PLACE_MAX, n + 1),
                               questions=tuple(sized(level, QUESTION_MAX, n + q) for q in range(level * QUESTIONS_MAX // 2)))
                     for n in range(groups_count)))
    from facilitator import actions
    new = actions.create_session(services(store), title=sized((sectors_count + 1) % 3, TITLE_MAX, 7),
                                 statements=[sized(level, STATEMENT_MAX, sectors_count)], sectors=sectors,
                                 plans=(plan,))
    code = new.session.code
    moderator = Screen(server.url, "moderator", code, auth={"key": new.moderator_key}).connect()
    phones = []
    try:
        state = moderator.wait_for(lambda s: s.get("links"))
        page.goto(server.url + state["links"]["projector_url"])
        phones = [phone(server.url, code, s) for s in sectors]
        wait(page, f"document.body.dataset.view === 'lobby' && "
                   f"document.querySelector('[data-testid=joined-count]').textContent === '{sectors_count}'")
        check(page, f"lobby, {sectors_count} sectors", found)

        assert moderator.call("next_step")["ok"]
        statement_id = moderator.wait_for(lambda s: s["step"].get("statement"))["step"]["statement"]["id"]
        wait(page, "document.body.dataset.view === 'statement'")
        check(page, f"statement pending, {sectors_count} sectors", found)

        assert moderator.call("open_statement", {"statement_id": statement_id})["ok"]
        comments = sectors_count % 5
        for i, p in enumerate(phones):
            # The last sector's only member passes: its row must say so, not "no votes yet".
            choice = "pass" if i == len(phones) - 1 and i > 0 else CHOICES[i % 5]
            assert p.call("vote", {"statement_id": statement_id, "choice": choice})["ok"]
            if i < comments:
                assert p.call("comment", {"statement_id": statement_id,
                                          "text": sized(2 if i % 2 else level, COMMENT_MAX, i)})["ok"]
        wait(page, f"document.querySelector('[data-testid=vote-count]').textContent === '{sectors_count}'")
        check(page, f"statement open, {sectors_count} votes", found)

        pending = moderator.wait_for(lambda s: len(s["comments"]) == comments)["comments"]
        for c in pending:
            assert moderator.call("moderate_comment", {"comment_id": c["id"], "status": "approved"})["ok"]
        assert moderator.call("close_statement", {"statement_id": statement_id})["ok"]
        assert moderator.call("reveal_statement", {"statement_id": statement_id})["ok"]
        wait(page, f"document.body.dataset.view === 'revealed' && "
                   f"document.querySelectorAll('[data-testid=comment]').length === {min(comments, 3)}")
        check(page, f"revealed, {sectors_count} sectors, {comments} comments", found)
        if sectors_count > 1:  # the last sector's only member passed: its row says so
            passed_row = page.get_by_test_id("result-row").last
            assert "overgeslagen" in passed_row.inner_text()
            assert "Nog geen stemmen" not in passed_row.inner_text()

        assert moderator.call("next_step")["ok"]
        breakout_id = moderator.wait_for(lambda s: s["step"].get("breakout"))["step"]["breakout"]["id"]
        assert moderator.call("open_breakout", {"breakout_id": breakout_id})["ok"]
        wait(page, f"document.body.dataset.view === 'breakout' && "
                   f"document.querySelectorAll('[data-testid=breakout-group]').length === {groups_count}")
        check(page, f"breakout finding, {groups_count} groups", found)

        assert moderator.call("start_timer", {"breakout_id": breakout_id})["ok"]
        assert moderator.call("send_message", {"breakout_id": breakout_id,
                                               "text": sized(level, MESSAGE_MAX, 5)})["ok"]
        wait(page, "document.body.dataset.breakoutStatus === 'running' && "
                   "!document.querySelector('[data-testid=breakout-message]').hidden")
        check(page, f"breakout working with a message, {groups_count} groups", found)

        key_points = sectors_count % 4
        reporter = next(p for p in phones if p.wait_for(lambda s: (s.get("me") or {}).get("group") or p.me and p.me.get("group"))
                        and (p.me.get("group") or {}).get("number") == 1)
        if key_points:
            assert reporter.call("volunteer_reporter")["ok"]
        category = "Ideeën"
        for k in range(key_points):
            note = reporter.call("add_note", {"client_id": f"keypoint-{k}", "category": category,
                                              "text": sized(2 if k else level, NOTE_MAX, k)})
            assert note["ok"], note
            assert reporter.call("mark_key_point", {"note_id": note["note"]["id"], "on": True})["ok"]
        assert moderator.call("show_report_group", {"breakout_id": breakout_id, "number": 1})["ok"]
        wait(page, f"document.body.dataset.view === 'report' && "
                   f"document.querySelectorAll('[data-testid=key-point]').length === {key_points}")
        check(page, f"report-back, {key_points} key points", found)

        assert moderator.call("end_session")["ok"]
        wait(page, "document.body.dataset.view === 'end'")
        check(page, "end", found)
    finally:
        for p in phones:
            p.close()
        moderator.close()


def sweep_statements(page, server, store, found: Findings) -> None:
    """The shipped decks' statements and generated ones of every length, pending and revealed: the
    fitting of a statement to its box once looped for good when the size it settled on fell just
    below the largest (a paused tab stuck at lo=45, hi=46.8)."""
    from facilitator import actions

    shipped = [s for deck in sorted(ROOT.glob("statements/*.yaml")) for s in load_deck(deck).statements]
    generated = [text(length, length) for length in range(40, STATEMENT_MAX + 1, 15)]
    new = actions.create_session(services(store), title="Stellingen", statements=(shipped + generated)[:STATEMENTS_MAX],
                                 sectors=("Onderwijs", "Zorg"))
    moderator = Screen(server.url, "moderator", new.session.code, auth={"key": new.moderator_key}).connect()
    try:
        page.goto(server.url + moderator.wait_for(lambda s: s.get("links"))["links"]["projector_url"])
        for position in range(1, min(len(shipped + generated), STATEMENTS_MAX) + 1):
            assert moderator.call("next_step")["ok"]
            statement = moderator.wait_for(lambda s: (s["step"].get("statement") or {}).get("position") == position)
            statement_id = statement["step"]["statement"]["id"]
            wait(page, f"document.body.dataset.view === 'statement' && "
                       f"document.querySelector('[data-testid=statement-position]').textContent.includes('{position}')")
            check(page, f"statement {position} pending", found, axe=False)
            assert moderator.call("open_statement", {"statement_id": statement_id})["ok"]
            assert moderator.call("reveal_statement", {"statement_id": statement_id})["ok"]
            wait(page, "document.body.dataset.view === 'revealed'")
            check(page, f"statement {position} revealed", found, axe=False)
    finally:
        moderator.close()


@pytest.fixture(scope="module")
def findings(browser, server):
    from facilitator.store import Store

    store = Store(server.database_url())
    page = browser.new_page()
    found = Findings()
    try:
        for sectors_count in range(1, 9):
            play_session(page, server, store, sectors_count, found)
        sweep_statements(page, server, store, found)
    finally:
        page.close()
        store.dispose()
    return found


def test_projector_keeps_answering_on_every_screen(findings):
    assert findings.frozen == []


def test_nothing_on_the_projector_reaches_past_the_screen(findings):
    assert findings.overflow == [], "\n".join(findings.overflow)


def test_every_projector_text_is_large_and_contrasted_enough(findings):
    assert findings.illegible == [], "\n".join(findings.illegible)


def test_axe_finds_nothing_on_the_projector(findings):
    assert findings.axe == [], "\n".join(findings.axe)
