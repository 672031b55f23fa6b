"""Fault tests: helpers shared by the tests that break the server, the network or the disk on purpose.

Everything here provokes faults for real against the real server process (tests.server.LiveServer):
SIGKILL, a TCP proxy that cuts or blackholes a phone's network, a second SQLite connection that holds
the write lock, and a tiny tmpfs that fills up. Helpers live in this conftest because the fault
package may hold nothing but conftest.py and test modules.
"""
from __future__ import annotations

import select
import socket
import struct
import threading
import time

import pytest

from facilitator import actions
from facilitator.store import Store
from tests.e2e.conftest import browser  # noqa: F401  (the fixture, shared with e2e)
from tests.factories import services
from tests.server import free_port


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: provokes a fault (kill, network loss, refused write) for real")


def new_participant(store: Store, code: str, sector: str, name: str = "") -> tuple[int, str]:
    """Joins through actions.join (the product's own verb), not the HTTP form: a CSRF token or a rate
    limit on the form must not decide whether a fault test can set up three hundred phones.
    Returns (participant id, token); the token goes into the fp_<CODE> cookie as the form would set it."""
    participant, token = actions.join(services(store), code, sector, name)
    return participant.id, token


def phone_cookies(code: str, token: str) -> dict:
    return {f"fp_{code}": token}


def open_browser_phone(browser, base_url: str, code: str, token: str):
    """A phone page in its own browser context (own cookies and localStorage), joined by cookie."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": f"fp_{code}", "value": token, "url": base_url, "httpOnly": True}])
    page = context.new_page()
    page.goto(f"{base_url}/s/{code}")
    return context, page


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout}s")


# ---- a network between a phone and the server that the test can cut ---------------------------------

def _reset(sock: socket.socket) -> None:
    """Close with RST, as a vanished network interface or a forgotten connection does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class _Pair:
    """One phone connection through the proxy: the phone's side and the server's side."""

    def __init__(self, client: socket.socket, upstream: socket.socket):
        self.client: socket.socket | None = client
        self.upstream: socket.socket | None = upstream
        self.held_to_client = bytearray()  # what the server sent while the network was a blackhole
        self.held_to_server = bytearray()
        self.upstream_closed_at: float | None = None
        self.done = False


class NetworkProxy:
    """A TCP proxy on 127.0.0.1 between one phone and the server, with three states:

    - "up": bytes flow both ways.
    - "cut" (Wi-Fi gone, the phone notices): the phone's connections are reset at once and new ones
      refused; the server's ends are left open and silent, as a server sees a phone that vanished
      (it finds out only through its own ping timeout).
    - "blackhole" (a sleeping phone, or a dead access point that nobody notices): connections stay open
      but nothing gets through; bytes are held as TCP would retransmit them later. If the server closes
      its end meanwhile (its ping timeout), the phone's end is reset when the network returns, as the
      server's TCP stack answers a forgotten connection.
    """

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mode = "up"
        self.pairs: list[_Pair] = []
        self.server_closed: list[float] = []  # when the server closed a connection during an outage
        self.refused = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(128)
        self._threads = [threading.Thread(target=self._accept, daemon=True, name="proxy-accept")]
        self._threads[0].start()

    # -- controls
    def cut(self) -> None:
        with self._lock:
            self.mode = "cut"
            for pair in self.pairs:
                if pair.client is not None:
                    _reset(pair.client)
                    pair.client = None

    def blackhole(self) -> None:
        with self._lock:
            self.mode = "blackhole"

    def restore(self) -> None:
        with self._lock:
            self.mode = "up"
            for pair in self.pairs:
                if pair.client is None:
                    continue
                if pair.upstream is None:  # the server forgot this connection while we were away
                    _reset(pair.client)
                    pair.client = None
                    continue
                try:
                    if pair.held_to_client:
                        pair.client.sendall(bytes(pair.held_to_client))
                    if pair.held_to_server:
                        pair.upstream.sendall(bytes(pair.held_to_server))
                except OSError:
                    pass
                pair.held_to_client.clear()
                pair.held_to_server.clear()

    def close(self) -> None:
        self._stop.set()
        _reset(self._listener)
        for thread in self._threads:
            thread.join(2)
        with self._lock:
            for pair in self.pairs:
                for sock in (pair.client, pair.upstream):
                    if sock is not None:
                        _reset(sock)

    # -- machinery
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._listener], [], [], 0.2)
            except (OSError, ValueError):
                return
            if not ready:
                continue
            try:
                client, _ = self._listener.accept()
            except OSError:
                continue
            if self.mode != "up":
                self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            pair = _Pair(client, upstream)
            with self._lock:
                self.pairs.append(pair)
            thread = threading.Thread(target=self._pump, args=(pair,), daemon=True, name="proxy-pump")
            self._threads.append(thread)
            thread.start()

    def _pump(self, pair: _Pair) -> None:
        while not self._stop.is_set() and not pair.done:
            with self._lock:
                socks = [s for s in (pair.client, pair.upstream) if s is not None]
            if not socks:
                return
            try:
                ready, _, _ = select.select(socks, [], [], 0.2)
            except (OSError, ValueError):
                time.sleep(0.05)  # a socket was closed under us by cut() or restore()
                continue
            for sock in ready:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                with self._lock:
                    self._move(pair, sock, data)

    def _move(self, pair: _Pair, sock: socket.socket, data: bytes) -> None:
        from_server = sock is pair.upstream
        if not from_server and sock is not pair.client:
            return  # closed meanwhile
        if from_server:
            if not data:
                if self.mode != "up":
                    self.server_closed.append(time.monotonic())
                pair.upstream_closed_at = time.monotonic()
                _reset(pair.upstream)
                pair.upstream = None
                if pair.client is not None and self.mode == "up":
                    try:
                        pair.client.shutdown(socket.SHUT_WR)
                    except OSError:
                        _reset(pair.client)
                        pair.client = None
            elif pair.client is None:
                pass  # the phone is gone; the server talks to nobody
            elif self.mode == "blackhole":
                pair.held_to_client += data
            else:
                try:
                    pair.client.sendall(data)
                except OSError:
                    _reset(pair.client)
                    pair.client = None
        else:
            if not data:
                _reset(pair.client)
                pair.client = None
                if pair.upstream is not None and self.mode == "up":
                    try:
                        pair.upstream.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
            elif self.mode == "blackhole":
                pair.held_to_server += data
            elif pair.upstream is not None:
                try:
                    pair.upstream.sendall(data)
                except OSError:
                    _reset(pair.client)
                    pair.client = None
        if pair.client is None and pair.upstream is None:
            pair.done = True


@pytest.fixture
def proxy_factory():
    made: list[NetworkProxy] = []

    def make(target_port: int) -> NetworkProxy:
        proxy = NetworkProxy(target_port)
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()
