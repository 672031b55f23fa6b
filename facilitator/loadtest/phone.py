"""One simulated phone: loads the join page, joins, connects, waits for a statement, votes."""
from __future__ import annotations

import asyncio
import re
import time
import uuid

import aiohttp
import socketio

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class StateWatcher:
    """Keeps the latest `state` a connection received and lets a coroutine wait for one it wants."""

    def __init__(self):
        self.state: dict | None = None
        self.changed = asyncio.Event()

    async def wait_for(self, predicate, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while not (self.state and predicate(self.state)):
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching state")
            await asyncio.wait_for(self.changed.wait(), remaining)
        return self.state


class Phone(StateWatcher):
    def __init__(self, base: str, code: str, sector: str):
        super().__init__()
        self.base, self.code, self.sector = base, code, sector
        self.http: aiohttp.ClientSession | None = None
        self.sio = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2)
        self.me: dict | None = None
        self.disconnects = 0  # ones the phone did not ask for
        self._leaving = False
        self.page_bytes = 0
        self.sio.on("state", self._on_state)
        self.sio.on("disconnect", self._on_disconnect)

    async def _on_state(self, state):
        self.state = state
        if "me" in state:
            self.me = state["me"]
        self.changed.set()

    async def _on_disconnect(self, *_args):
        if not self._leaving:
            self.disconnects += 1

    async def join(self) -> None:
        """Load the join page as a browser would, submit the form, then open the socket."""
        # unsafe=True: aiohttp otherwise drops cookies set by a host given as an IP address.
        self.http = aiohttp.ClientSession(headers={"Accept-Encoding": "gzip"},
                                          cookie_jar=aiohttp.CookieJar(unsafe=True))
        async with self.http.get(f"{self.base}/j/{self.code}") as page:
            body = await page.read()
            self.page_bytes = int(page.headers.get("Content-Length", len(body)))
        form = {"sector": self.sector}
        token = CSRF_TOKEN.search(body.decode("utf-8", "replace"))
        if token:  # the form's CSRF token, as a browser would send it back
            form["csrf_token"] = token.group(1)
        async with self.http.post(f"{self.base}/j/{self.code}", data=form, allow_redirects=False) as answer:
            if answer.status != 302:
                raise RuntimeError(f"join refused: HTTP {answer.status}")
        await self.connect()

    async def connect(self) -> None:
        cookies = "; ".join(f"{c.key}={c.value}" for c in self.http.cookie_jar)
        await self.sio.connect(self.base, headers={"Cookie": cookies}, transports=["websocket"],
                               auth={"role": "participant", "code": self.code}, wait_timeout=20)
        await self.wait_for(lambda s: self.me is not None, 20)

    async def vote(self, statement_id: int, choice: str, timeout: float = 10) -> tuple[bool, float, float]:
        """(acknowledged ok, seconds until the acknowledgement, monotonic time of it)."""
        started = time.monotonic()
        reply = await self.sio.call("vote", {"statement_id": statement_id, "choice": choice}, timeout=timeout)
        done = time.monotonic()
        return bool(reply and reply.get("ok")), done - started, done

    async def comment(self, statement_id: int, text: str) -> bool:
        reply = await self.sio.call("comment", {"statement_id": statement_id, "text": text}, timeout=10)
        return bool(reply and reply.get("ok"))

    async def note(self, category: str, text: str) -> tuple[bool, float]:
        started = time.monotonic()
        reply = await self.sio.call("add_note", {"client_id": uuid.uuid4().hex, "category": category,
                                                 "text": text}, timeout=10)
        return bool(reply and reply.get("ok")), time.monotonic() - started

    async def reconnect(self) -> float:
        """Drop the connection and come back with the same identity; seconds until the snapshot."""
        started = time.monotonic()
        self._leaving = True
        await self.sio.disconnect()
        self._leaving = False
        self.me = None
        await self.connect()
        return time.monotonic() - started

    async def close(self) -> None:
        self._leaving = True
        if self.sio.connected:
            await self.sio.disconnect()
        if self.http:
            await self.http.close()
