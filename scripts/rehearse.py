"""A whole session in Chromium, as a moderator, a projector and N phones play it, with screenshots.

    .venv/bin/python scripts/rehearse.py [--phones 8] [--sizes 1024x768,1280x720,1920x1080] [--out rehearsal]

Starts the real server on a fresh data folder, creates a session from a deck as an organiser does,
plays the lobby, statements (pending, open, closed, revealed with approved comments), a breakout
(groups, notes, a reporter's key points, timer, message, report-back with a +1), the end and every
download, and saves screenshots of projector and control panel at each size and of phones at
390x844, with index.html to look through them. Prints console errors and requests to any host but
127.0.0.1; exits non-zero if there is any, or if a step fails.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

from rehearsal_kit import CHROMIUM, CHROMIUM_ARGS, PANEL, PHONE, ROOT, Recorder, create_session, LiveServer

CHOICES = ["agree", "strongly_agree", "disagree", "neutral", "agree", "strongly_disagree", "pass", "agree"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=8)
    parser.add_argument("--sizes", default="1024x768,1280x720,1920x1080")
    parser.add_argument("--deck", type=Path, default=ROOT / "statements" / "polarisatie-nl.yaml")
    parser.add_argument("--statements", type=int, default=2, help="how many statements to play")
    parser.add_argument("--out", type=Path, default=ROOT / "rehearsal")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    recorder = Recorder(args.out, sizes)

    from playwright.sync_api import expect, sync_playwright

    server = LiveServer(Path(tempfile.mkdtemp(prefix="rehearsal-"))).start()
    try:
        links = create_session(server, args.deck)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            play(browser, expect, links, args, recorder)
            browser.close()
    finally:  # what was seen up to a failing step is worth looking at too
        server.stop()
        shutil.rmtree(server.data_dir, ignore_errors=True)
        index = recorder.write_index()
        for problem in recorder.console_errors:
            print(f"console error: {problem}")
        for url in recorder.outside:
            print(f"request to another host: {url}")
        print(f"{len(recorder.shots)} screenshots: {index}")
    return 1 if recorder.console_errors or recorder.outside else 0


def play(browser, expect, links, args, recorder: Recorder) -> None:
    panel = recorder.watch(browser.new_page(viewport=PANEL), "panel")
    panel.goto(links["moderator_url"])
    projector = recorder.watch(browser.new_page(viewport=PANEL), "projector")
    projector.goto(links["projector_url"])
    screens = {"projector": projector, "panel": panel}

    phones = []
    for i in range(args.phones):
        page = recorder.watch(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page(), f"phone {i + 1}")
        page.goto(links["join_url"])
        sectors = page.locator('[data-testid^="sector-"]')
        page.get_by_test_id(f"sector-{i % sectors.count()}").click()
        if i % 2 == 0:
            page.get_by_test_id("join-name").fill(f"Deelnemer {i + 1}")
        page.get_by_test_id("join-submit").click()
        expect(page.get_by_test_id("view-lobby")).to_be_visible()
        phones.append(page)
    shown = {f"phone {i + 1}": p for i, p in enumerate(phones[:3])}
    expect(projector.get_by_test_id("joined-count")).to_have_text(str(args.phones))
    recorder.shoot("lobby", screens, shown)

    shots = Counter()
    for n in range(args.statements):
        # On to the next statement; a step of another kind on the way (the welcome slide, a break) is shot once.
        while not (step := next_step(panel, expect)).isdigit():
            kind = step.split(":")[0]
            expect(phones[0].get_by_test_id(f"view-{kind}")).to_be_visible()
            shots[kind] += 1
            recorder.shoot(f"{kind} {shots[kind]}", screens, shown)
        expect(phones[0].get_by_test_id("view-statement")).to_be_visible()
        if n == 0:
            recorder.shoot("statement pending", screens, shown)
        panel.get_by_test_id("btn-open").click()
        for i, page in enumerate(phones):
            page.get_by_test_id(f"choice-{CHOICES[(i + n) % len(CHOICES)]}").click()
            expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved")
        for page in phones[:2]:
            page.get_by_test_id("comment-input").fill("Omdat het in de praktijk anders uitpakt dan op papier.")
            page.get_by_test_id("comment-submit").click()
            expect(page.get_by_test_id("comment-status")).to_have_attribute("data-status", "pending")
        recorder.shoot(f"statement {n + 1} open", screens, shown)
        panel.get_by_test_id("btn-close").click()
        for button in panel.get_by_test_id("comment-approve").all():
            button.click()
        expect(panel.get_by_test_id("comment").first).to_have_attribute("data-status", "approved")
        panel.get_by_test_id("btn-reveal").click()
        expect(projector.get_by_test_id("result")).to_be_visible()
        recorder.shoot(f"statement {n + 1} revealed", screens, shown)

    play_breakout(panel, projector, phones, screens, recorder, expect)

    panel.get_by_test_id("btn-end").click()
    panel.get_by_test_id("end-confirm").click()
    expect(phones[0].get_by_test_id("view-end")).to_be_visible()
    recorder.shoot("end", screens, shown)

    downloads = recorder.out / "downloads"
    downloads.mkdir()
    for link in panel.get_by_test_id("downloads").get_by_role("link").all():
        href = link.get_attribute("href")
        response = panel.request.get(urljoin(panel.url, href))
        assert response.ok, f"{href}: {response.status}"
        (downloads / href.rsplit("/", 1)[-1]).write_bytes(response.body())
    print(f"downloads: {', '.join(sorted(p.name for p in downloads.iterdir()))}")


def next_step(panel, expect) -> str:
    """Press next and wait until the panel's agenda shows the move; the step now on screen, as the
    agenda row names it ("12" for a statement, "slide:3", "breakout:4")."""
    current = panel.locator('[data-testid="agenda-item"][aria-current="step"]')
    before = current.get_attribute("data-index")
    panel.get_by_test_id("btn-next").click()
    expect(current).not_to_have_attribute("data-index", before)
    return current.get_attribute("data-step")


def play_breakout(panel, projector, phones, screens, recorder: Recorder, expect) -> None:
    panel.locator('[data-step^="breakout:"]').first.click()
    panel.get_by_test_id("btn-open-breakout").click()
    for page in phones:
        expect(page.get_by_test_id("my-group")).to_be_visible()
    reporter = phones[0]
    shown = {"phone 1 (reporter)": reporter, "phone 2": phones[1]}
    for i, page in enumerate(phones):
        page.get_by_test_id("note-input").fill(f"Wie belt wie als het misgaat? Afspraken maken vooraf (notitie {i + 1})")
        page.get_by_test_id("note-submit").click()
        expect(page.get_by_test_id("note").filter(has_text=f"notitie {i + 1})")).to_have_attribute("data-state", "saved")
    reporter.get_by_test_id("volunteer-reporter").click()
    reporter.get_by_test_id("note").first.get_by_test_id("key-point-toggle").click()
    panel.get_by_test_id("btn-start-timer").click()
    panel.get_by_test_id("message-input").fill("Nog vijf minuten, kies je kernpunten")
    panel.get_by_test_id("btn-send-message").click()
    expect(reporter.get_by_test_id("breakout-message")).to_be_visible()
    recorder.shoot("breakout running", screens, shown)
    panel.get_by_test_id("btn-end-breakout").click()
    expect(reporter.get_by_test_id("breakout-message")).to_be_hidden()
    recorder.shoot("breakout ended", screens, shown)

    panel.get_by_test_id("btn-report-start").click()
    expect(projector.get_by_test_id("report-back")).to_be_visible()
    group = reporter.get_by_test_id("my-group-number").inner_text()
    while projector.get_by_test_id("report-back").inner_text().find(group) < 0:
        panel.get_by_test_id("btn-report-next").click()
        projector.wait_for_timeout(300)  # a step of the moderator's, not an assertion: let it arrive
    expect(projector.get_by_test_id("key-point")).to_have_count(1)
    supporter = next(p for p in phones[1:] if p.get_by_test_id("my-group-number").inner_text() != group)
    supporter.get_by_test_id("phone-key-point").get_by_test_id("support-key-point").click()
    expect(projector.get_by_test_id("key-point-supports")).to_have_text("+1")
    recorder.shoot("report-back", screens, {**shown, "supporter": supporter})


if __name__ == "__main__":
    sys.exit(main())
