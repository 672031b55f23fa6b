"""Phones, projectors and control panels as real Socket.IO clients of a LiveServer."""
from __future__ import annotations

import queue
import time

import requests
import socketio

from tests.forms import submit


class Screen:
    """One Socket.IO connection that records every `state` it receives."""

    def __init__(self, url: str, role: str, code: str, *, cookies: dict | None = None, auth: dict | None = None):
        self.url, self.role, self.code = url, role, code
        self.cookies = cookies or {}
        self.extra_auth = auth or {}
        self.states: queue.Queue = queue.Queue()
        self.latest: dict | None = None
        self.me: dict | None = None
        self.boards: list[dict] = []  # every `board` message received, oldest first
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.client.on("state", self._on_state)
        self.client.on("board", self.boards.append)

    def _on_state(self, state):
        self.latest = state
        if "me" in state:  # phones keep their own part across states that leave it out, as the page does
            self.me = state["me"]
        self.states.put(state)

    def connect(self) -> Screen:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        self.client.connect(self.url, headers=headers, auth={"role": self.role, "code": self.code, **self.extra_auth},
                            transports=["websocket"], wait_timeout=10)
        return self

    def wait_for(self, predicate, timeout: float = 15.0) -> dict:
        """The first state (already received or arriving within timeout) for which predicate holds."""
        if self.latest is not None and predicate(self.latest):
            return self.latest
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state = self.states.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if predicate(state):
                return state
        raise AssertionError(f"no matching state within {timeout}s; latest: {self.latest}")

    def wait_for_board(self, predicate, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for board in reversed(self.boards):
                if predicate(board):
                    return board
            time.sleep(0.02)
        raise AssertionError(f"no matching board within {timeout}s; got {len(self.boards)} boards")

    def call(self, event: str, payload=None, timeout: float = 5.0):
        return self.client.call(event, payload if payload is not None else {}, timeout=timeout)

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


def join(url: str, code: str, sector: str, name: str = "") -> dict:
    """Join through the real form, as a phone does; returns the cookies the phone keeps."""
    http = requests.Session()
    response = submit(http, f"{url}/j/{code}", {"sector": sector, "name": name}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    return http.cookies.get_dict()


def phone(url: str, code: str, sector: str, name: str = "") -> Screen:
    return Screen(url, "participant", code, cookies=join(url, code, sector, name)).connect()


def moderator(url: str, code: str, key: str) -> Screen:
    return Screen(url, "moderator", code, auth={"key": key}).connect()


def open_first_statement(mod: Screen) -> int:
    """The moderator puts the first statement on screen and opens voting; returns its id."""
    first = mod.wait_for(lambda s: s["agenda"])["agenda"][1]["statement"]["id"]
    assert mod.call("show_step", {"step": first})["ok"]
    assert mod.call("open_statement", {"statement_id": first})["ok"]
    return first


def projector(url: str, code: str, key: str) -> Screen:
    """The projector, opened with its own key (as its link carries it)."""
    return Screen(url, "projector", code, auth={"key": key}).connect()
