"""The database refuses a write, provoked for real: a lock held by another connection, a full disk,
a read-only file system. The phone gets 'not saved, try again', the moderator's panel shows the
problem, and nothing acknowledged is lost.
"""
from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from facilitator.store import Store
from tests import clients
from tests.e2e.axe import assert_no_violations
from tests.factories import SECTORS, make_session
from tests.faults.conftest import new_participant, open_browser_phone
from tests.server import LiveServer

pytestmark = [pytest.mark.server, pytest.mark.faults]

NOT_SAVED = {"nl": "Niet opgeslagen: de server kon het niet bewaren. Probeer het opnieuw.",
             "en": "Not saved: the server could not store it. Please try again."}


class Room:
    """A running server with a session on statement 1 (open), a moderator and phones in nl and en."""

    def __init__(self, server: LiveServer, phones: int = 3):
        self.server = server
        self.store = Store(server.database_url())
        new = make_session(self.store)
        self.code, self.session_id, self.key = new.session.code, new.session.id, new.moderator_key
        self.mod = clients.moderator(server.url, self.code, self.key)
        self.statement_id = self.mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
        assert self.mod.call("open_statement", {"statement_id": self.statement_id})["ok"]
        self.people = [new_participant(self.store, self.code, SECTORS[i % len(SECTORS)]) for i in range(phones)]
        self.acked: dict[int, str] = {}  # participant id -> acknowledged choice
        self._connect_phones()

    def _connect_phones(self) -> None:
        self.phones = [clients.Screen(self.server.url, "participant", self.code,
                                      auth={"token": token, **({"lang": "en"} if i == 1 else {})}).connect()
                       for i, (_pid, token) in enumerate(self.people)]

    def reconnect(self, server: LiveServer) -> None:
        """The same room on a restarted server: the same session, people and acknowledged votes."""
        self.close()
        self.server = server
        self.store = Store(server.database_url())
        self.mod = clients.moderator(server.url, self.code, self.key)
        self._connect_phones()

    def vote(self, i: int, choice: str, timeout: float = 15) -> dict:
        reply = self.phones[i].call("vote", {"statement_id": self.statement_id, "choice": choice}, timeout=timeout)
        if reply.get("ok"):
            self.acked[self.people[i][0]] = choice
        return reply

    def stored(self) -> dict[int, str]:
        with self.store.read() as q:
            return {pid: c for pid, sid, c in q.votes(self.session_id) if sid == self.statement_id}

    def assert_refused(self, i: int, choice: str, language: str) -> None:
        before = self.stored()
        started = time.monotonic()
        reply = self.vote(i, choice)
        assert reply == {"ok": False, "error": "not_saved", "message": NOT_SAVED[language]}, reply
        print(f"refused in {time.monotonic() - started:.2f}s")
        assert self.stored() == before, "a refused write changed something"

    def assert_problem_shown(self) -> list[str]:
        state = self.mod.wait_for(lambda s: s.get("problems"))
        assert any("Niet opgeslagen" in p for p in state["problems"]), state["problems"]
        return state["problems"]

    def assert_nothing_acknowledged_lost(self) -> None:
        stored = self.stored()
        assert all(stored.get(pid) == choice for pid, choice in self.acked.items()), (self.acked, stored)

    def close(self) -> None:
        for screen in (*self.phones, self.mod):
            screen.close()
        self.store.dispose()


@pytest.fixture
def live(tmp_path):
    servers: list[LiveServer] = []

    def start(data_dir: Path, log_dir: Path | None = None, port: int | None = None) -> LiveServer:
        server = LiveServer(data_dir, port=port)
        if log_dir is not None:  # the log must not share a disk we are about to fill
            server.log_path = log_dir / f"server-{server.port}.log"
        servers.append(server.start())
        return server

    yield start
    for server in servers:
        server.kill()


def test_locked_database(tmp_path, live):
    """Another process holds SQLite's write lock longer than the server's busy timeout (2 s)."""
    server = live(tmp_path / "data")
    room = Room(server)
    blocker = None
    try:
        assert room.vote(0, "agree")["ok"]
        blocker = sqlite3.connect(server.data_dir / "facilitator.db", timeout=0, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # held, as a backup tool or a stray sqlite3 shell would
        room.assert_refused(1, "disagree", "en")
        room.assert_refused(2, "neutral", "nl")
        room.assert_problem_shown()
        blocker.execute("ROLLBACK")
        assert room.vote(1, "disagree")["ok"] and room.vote(2, "neutral")["ok"]
        room.assert_nothing_acknowledged_lost()
        assert room.stored() == room.acked
    finally:
        if blocker is not None:
            blocker.close()
        room.close()


@pytest.mark.browser
def test_locked_database_on_the_phone_page(tmp_path, live, browser):
    """The phone page says 'not saved, try again' and offers the vote again."""
    server = live(tmp_path / "data")
    room = Room(server, phones=0)
    pid, token = new_participant(room.store, room.code, SECTORS[0])
    context, page = open_browser_phone(browser, server.url, room.code, token)
    blocker = None
    try:
        expect(page.get_by_test_id("view-statement")).to_be_visible()
        blocker = sqlite3.connect(server.data_dir / "facilitator.db", timeout=0, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        page.get_by_test_id("choice-agree").click()
        message = page.get_by_test_id("phone-message")
        expect(message).to_have_text(NOT_SAVED["nl"], timeout=10_000)
        expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "none")
        assert_no_violations(page, "phone page telling a vote was not saved")
        room.assert_problem_shown()
        blocker.execute("ROLLBACK")
        page.get_by_test_id("choice-agree").click()  # try again
        expect(page.get_by_test_id("vote-state")).to_have_attribute("data-state", "saved", timeout=10_000)
        assert room.stored() == {pid: "agree"}
    finally:
        if blocker is not None:
            blocker.close()
        context.close()
        room.close()


# ---- a small file system of our own: full, then read-only -----------------------------------------

def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=20)


@pytest.fixture
def tmpfs(tmp_path):
    """A 16 MB tmpfs for the server's data folder; unmounted afterwards whatever happens."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    result = _run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(mount_point))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        # The servers are killed first (the live fixture is torn down before this one), so no file is open.
        if _run("umount", str(mount_point)).returncode != 0:
            _run("umount", "-l", str(mount_point))


def _fill(disk: Path) -> int:
    """Write a file until the file system refuses with ENOSPC; returns the bytes written."""
    written = 0
    chunk = b"\0" * 65536
    with open(disk / "filler", "wb", buffering=0) as f:
        for _ in range(100_000):  # bounded: far more than 16 MB in 64 KB chunks
            try:
                written += f.write(chunk)
            except OSError as exc:
                assert exc.errno == 28, exc
                break
        while True:  # the last few bytes too
            try:
                if not f.write(b"\0" * 512):
                    break
                written += 512
            except OSError:
                break
    return written


def test_full_disk(tmp_path, tmpfs, live):
    server = live(tmpfs / "data", log_dir=tmp_path)
    room = Room(server)
    try:
        assert room.vote(0, "agree")["ok"]
        _fill(tmpfs)
        room.assert_refused(1, "disagree", "en")
        room.assert_refused(2, "neutral", "nl")
        room.assert_problem_shown()
        assert "database or disk is full" in server.log_path.read_text()
        (tmpfs / "filler").unlink()
        assert room.vote(1, "disagree")["ok"] and room.vote(2, "neutral")["ok"]
        room.assert_nothing_acknowledged_lost()
        assert room.stored() == room.acked
    finally:
        room.close()


def _read_only_room(tmp_path, tmpfs, live) -> Room:
    """The data folder's file system turns read-only. Linux will not remount a file system read-only
    while a process has files open on it for writing (EBUSY), so the server is killed, the tmpfs is
    remounted read-only, and the server started again on it: as after a USB stick's write-protect switch
    or a kernel's errors=remount-ro followed by a restart. Then two phones vote and are refused."""
    server = live(tmpfs / "data", log_dir=tmp_path)
    room = Room(server)
    assert room.vote(0, "agree")["ok"]
    room.close()
    server.kill()
    result = _run("mount", "-o", "remount,ro", str(tmpfs))
    assert result.returncode == 0, result.stderr
    server = live(tmpfs / "data", log_dir=tmp_path, port=server.port)
    room.reconnect(server)
    state = room.phones[0].wait_for(lambda s: "me" in s)  # reading still works: phones come in
    assert state["me"]["votes"] == {str(room.statement_id): "agree"}
    room.assert_refused(1, "disagree", "en")
    room.assert_refused(2, "neutral", "nl")
    room.assert_problem_shown()
    assert "readonly database" in server.log_path.read_text()
    room.assert_nothing_acknowledged_lost()
    result = _run("mount", "-o", "remount,rw", str(tmpfs))
    assert result.returncode == 0, result.stderr
    return room


def test_read_only_file_system(tmp_path, tmpfs, live):
    room = _read_only_room(tmp_path, tmpfs, live)
    try:
        # Writable again; after a restart too (the next test shows it recovers without one).
        room.server.kill()
        room.reconnect(live(tmpfs / "data", log_dir=tmp_path, port=room.server.port))
        assert room.vote(1, "disagree")["ok"] and room.vote(2, "neutral")["ok"]
        room.assert_nothing_acknowledged_lost()
        assert room.stored() == room.acked
    finally:
        room.close()


def test_read_only_file_system_recovers_without_restart(tmp_path, tmpfs, live):
    room = _read_only_room(tmp_path, tmpfs, live)
    try:
        time.sleep(1)
        assert room.vote(1, "disagree")["ok"] and room.vote(2, "neutral")["ok"]
    finally:
        room.close()


def test_short_lock_delays_a_vote_but_does_not_refuse_it(tmp_path, live):
    server = live(tmp_path / "data")
    room = Room(server)
    blocker = sqlite3.connect(server.data_dir / "facilitator.db", timeout=0, isolation_level=None,
                              check_same_thread=False)  # released from a timer thread
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        release = threading.Timer(0.5, lambda: blocker.execute("ROLLBACK"))  # well within the 2 s
        release.start()
        reply = room.vote(0, "agree")
        release.join(5)
        assert reply["ok"], reply
    finally:
        blocker.close()
        room.close()
