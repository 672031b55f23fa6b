"""The `facilitator` command as an organiser runs it: `python -m facilitator ...` in a subprocess."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.forms import submit

from facilitator.store import Store
from tests.server import ROOT, free_port

DECK = "statements/polarisatie-nl.yaml"
QR_BLOCKS = set("█▀▄")
QR_BLANKS = {" ", "\xa0"}  # qrcode draws light modules as cp437 255, a no-break space


def clean_env(**extra) -> dict:
    """The environment of an organiser who set no FACILITATOR_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATOR_") and k != "DATABASE_URL"}
    env.update(extra)
    return env


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", *args], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def sessions_in(data_dir: Path):
    store = Store(f"sqlite:///{data_dir / 'facilitator.db'}")
    try:
        with store.read() as q:
            return [(s, q.statements(s.id), q.moderator_key(s.id), q.projector_key(s.id)) for s in q.sessions()]
    finally:
        store.dispose()


# --- session create --------------------------------------------------------------------------

def test_session_create_prints_links_and_stores_the_session(tmp_path):
    result = run("session", "create", "--deck", DECK, "--data-dir", str(tmp_path),
                 "--public-url", "http://10.0.0.5:5000")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)  # one JSON object and nothing else on stdout
    code = info["code"]
    assert len(code) == 6
    assert info["join_url"] == f"http://10.0.0.5:5000/j/{code}"
    assert info["projector_url"].startswith(f"http://10.0.0.5:5000/p/{code}?key=")
    projector_key = info["projector_url"].split("?key=", 1)[1]
    assert info["moderator_url"].startswith(f"http://10.0.0.5:5000/m/{code}?key=")
    key = info["moderator_url"].split("?key=", 1)[1]
    assert len(key) >= 20

    [(session, statements, stored_key, stored_projector_key)] = sessions_in(tmp_path)
    assert session.code == code
    assert session.title == info["title"] == "Polarisatie voorkomen: samen werken over grenzen"
    assert session.language == "nl"
    assert len(statements) == 10
    assert stored_key == key  # the printed moderator link opens this session's control panel
    assert stored_projector_key == projector_key != key  # and the projector's link, the projector


def test_session_create_honours_title_and_language(tmp_path):
    result = run("session", "create", "--deck", DECK, "--data-dir", str(tmp_path),
                 "--public-url", "http://10.0.0.5:5000", "--title", "Slotdag Zwolle", "--language", "en")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["title"] == "Slotdag Zwolle" and info["language"] == "en"
    [(session, _statements, _key, _projector_key)] = sessions_in(tmp_path)
    assert (session.code, session.title, session.language) == (info["code"], "Slotdag Zwolle", "en")


def test_broken_deck_is_refused_with_file_and_field_and_creates_nothing(tmp_path):
    deck = tmp_path / "avond-ervoor.yaml"
    deck.write_text("title: Avond ervoor\nlanguage: nl\nstatments:\n  - Een stelling.\n", encoding="utf-8")
    data_dir = tmp_path / "data"
    result = run("session", "create", "--deck", str(deck), "--data-dir", str(data_dir),
                 "--public-url", "http://10.0.0.5:5000")
    assert result.returncode != 0
    assert "avond-ervoor.yaml" in result.stderr
    assert "statments" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.strip() == ""
    if (data_dir / "facilitator.db").exists():
        assert sessions_in(data_dir) == []


def test_missing_deck_file_is_named(tmp_path):
    result = run("session", "create", "--deck", "statements/bestaat-niet.yaml", "--data-dir", str(tmp_path))
    assert result.returncode != 0
    assert "bestaat-niet.yaml" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_too_long_title_is_refused_with_a_plain_message_naming_the_title(tmp_path):
    result = run("session", "create", "--deck", DECK, "--data-dir", str(tmp_path), "--title", "x" * 201)
    assert result.returncode != 0
    assert sessions_in(tmp_path) == []
    assert "title" in result.stderr.lower()
    assert "{'" not in result.stderr


def test_session_create_does_not_load_eventlet(tmp_path):
    """Only `serve` may patch the process; a command that writes to the database must not."""
    probe = (
        "import sys\n"
        "sys.argv = ['facilitator', 'session', 'create', '--deck', sys.argv[1], '--data-dir', sys.argv[2],"
        " '--public-url', 'http://10.0.0.5:5000']\n"
        "from facilitator.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('EVENTLET-LOADED' if 'eventlet' in sys.modules else 'EVENTLET-ABSENT', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, DECK, str(tmp_path)], cwd=ROOT, env=clean_env(),
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["code"]  # the command really ran
    assert "EVENTLET-ABSENT" in result.stderr, result.stderr[-2000:]


# --- serve --demo ----------------------------------------------------------------------------

class Served:
    """`facilitator serve --demo` in a subprocess, its stdout read line by line by a thread."""

    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: queue.Queue = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "serve", "--demo", "--host", "127.0.0.1",
             "--port", str(self.port), "--data-dir", str(data_dir)],
            cwd=ROOT, env=clean_env(FACILITATOR_LOG_LEVEL="WARNING"), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def read_until(self, prefix: str, timeout: float = 20) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.output.append(line)
            if line.startswith(prefix):
                return self.output
        raise AssertionError(f"no line starting with {prefix!r} within {timeout}s:\n" + "\n".join(self.output))

    def field(self, label: str) -> str:
        found = [line.split(":", 1)[1].strip() for line in self.output if line.startswith(label + ":")]
        assert found, f"no {label!r} line in:\n" + "\n".join(self.output)
        return found[0]

    def wait_healthy(self, timeout: float = 20) -> requests.Response:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "server exited:\n" + "\n".join(self.output)
            try:
                response = requests.get(f"{self.url}/healthz", timeout=1)
                if response.status_code == 200:
                    return response
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError("server did not answer /healthz within 20 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def local(url: str, served: Served) -> str:
    """A printed address, reached on 127.0.0.1 where the test server listens."""
    parts = urlsplit(url)
    return f"{served.url}{parts.path}" + (f"?{parts.query}" if parts.query else "")


@pytest.mark.server
def test_serve_demo_prints_what_the_organiser_needs_and_keeps_it_across_restarts(tmp_path):
    first = Served(tmp_path)
    try:
        first.read_until("Moderator:")
        text = "\n".join(first.output)
        code = first.field("Join code")
        assert len(code) == 6 and code.isalnum()
        join_url = first.field("Join URL")
        assert join_url.endswith(f":{first.port}/j/{code}")
        projector_url = first.field("Projector").split()[0]
        assert f":{first.port}/p/{code}?key=" in projector_url
        moderator_url = first.field("Moderator").split()[0]
        assert f"/m/{code}?key=" in moderator_url
        qr_lines = [line for line in first.output
                    if set(line) & QR_BLOCKS and set(line) <= QR_BLOCKS | QR_BLANKS]
        assert len(qr_lines) >= 15, "no QR code drawn in text:\n" + text
        password = first.field("Organiser password (shown once; keep it)")
        assert len(password) >= 8

        assert first.wait_healthy().json() == {"status": "ok"}
        # What was printed works: the join page, the moderator link and the organiser password.
        assert requests.get(local(join_url, first), timeout=5).status_code == 200
        moderator = requests.Session()
        assert moderator.get(local(moderator_url, first), timeout=5).status_code == 200
        assert f"fm_{code}" in moderator.cookies
        projector = requests.Session()
        assert projector.get(local(projector_url, first), timeout=5).status_code == 200
        assert f"fv_{code}" in projector.cookies
        # The join code alone leads to the join page, not to the results on the projector.
        assert requests.get(f"{first.url}/p/{code}", timeout=5).url.endswith(f"/j/{code}")
        organiser = requests.Session()
        login = submit(organiser, f"{first.url}/organiser/login", {"password": password}, timeout=5)
        assert login.status_code == 200 and code in login.text
    finally:
        first.stop()

    second = Served(tmp_path)
    try:
        second.read_until("Moderator:")
        assert second.field("Join code") == code
        assert second.field("Moderator").split()[0].split("?key=")[1] == moderator_url.split("?key=")[1]
        assert not any("password" in line.lower() for line in second.output), "\n".join(second.output)
        assert second.wait_healthy().status_code == 200
    finally:
        second.stop()
    assert len(sessions_in(tmp_path)) == 1  # the restart reused the demo session


def test_purge_deletes_sessions_past_the_retention_and_keeps_the_rest(tmp_path):
    from facilitator import actions
    from facilitator.store import Store
    from tests.factories import services

    store = Store(f"sqlite:///{tmp_path / 'facilitator.db'}")
    old = actions.create_session(services(store), title="Gemeente X, 2024", statements=["Een stelling"],
                                 date="2024-05-01")
    actions.join(services(store), old.session.code, "Onderwijs", "Anna")
    fresh = actions.create_session(services(store), title="Volgende week", statements=["Een stelling"])
    store.dispose()

    result = run("purge", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert f"Deleted {old.session.code}" in result.stdout and "1 session(s) deleted." in result.stdout
    assert [s.code for s, _statements, _key, _projector_key in sessions_in(tmp_path)] == [fresh.session.code]

    result = run("session", "delete", fresh.session.code, "--data-dir", str(tmp_path))
    assert result.returncode == 0 and f"Deleted {fresh.session.code}" in result.stdout
    assert sessions_in(tmp_path) == []


# --- migrate ---------------------------------------------------------------------------------

def test_migrate_makes_the_newest_schema_and_says_so(tmp_path):
    """What a deployment runs before its workers start (deploy/systemd, docker-compose.yml)."""
    from facilitator.store.migrate import head

    result = run("migrate", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Database schema at revision {head()}."
    assert sessions_in(tmp_path) == []
    again = run("migrate", "--data-dir", str(tmp_path))
    assert again.returncode == 0 and again.stdout == result.stdout
