"""The load run: join N phones, open a statement, vote, measure, and check what was stored."""
from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import socketio

from ..domain.model import SCALE
from .phone import Phone, StateWatcher
from .stats import Progress, summary

CHOICES = SCALE + ("pass",)


@dataclass
class Options:
    moderator_url: str
    phones: int = 100
    spread: float = 0.0  # seconds over which votes are spread; 0: all at once
    comments: float = 0.0  # share of phones that also comment
    notes: int = 0  # breakout notes per phone after voting
    reconnect: float = 0.0  # share of phones that drop and come back before voting
    join_concurrency: int = 50
    timeout: float = 120.0  # the whole run stops after this
    allow_remote: bool = False
    sectors: tuple[str, ...] = ()
    on_joined: object = None  # called once every phone has joined (the benchmark reads memory then)


@dataclass
class Figures:
    phones: int = 0
    joined: int = 0
    join_times: list[float] = field(default_factory=list)
    page_bytes: list[int] = field(default_factory=list)
    delivery: list[float] = field(default_factory=list)  # statement open -> phone shows it
    votes_sent: int = 0
    votes_acked: int = 0
    ack_latency: list[float] = field(default_factory=list)
    ack_times: list[float] = field(default_factory=list)
    vote_window: float = 0.0
    projector: list[tuple[float, int]] = field(default_factory=list)  # (time, count shown)
    projector_lag: list[float] = field(default_factory=list)
    reconnects: list[float] = field(default_factory=list)
    comments_acked: int = 0
    notes_acked: int = 0
    note_latency: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    disconnects: int = 0
    stored_before: int = 0
    stored_after: int | None = None

    def as_dict(self) -> dict:
        rate = self.votes_acked / self.vote_window if self.vote_window else None
        return {
            "phones": self.phones, "joined": self.joined, "join": summary(self.join_times),
            "join_page_bytes": max(self.page_bytes) if self.page_bytes else None,
            "statement_delivery": summary(self.delivery),
            "votes_sent": self.votes_sent, "votes_acknowledged": self.votes_acked,
            "votes_per_second": round(rate, 1) if rate else None, "ack": summary(self.ack_latency),
            "projector_lag": summary(self.projector_lag),
            "final_count_lag_ms": _final_lag(self), "reconnect": summary(self.reconnects),
            "comments_acknowledged": self.comments_acked, "notes_acknowledged": self.notes_acked, "note_ack": summary(self.note_latency),
            "errors": len(self.errors), "error_samples": self.errors[:5], "disconnects": self.disconnects,
            "stored_votes_added": None if self.stored_after is None else self.stored_after - self.stored_before,
            "stored_matches_acknowledged": self.stored_after is not None
            and self.stored_after - self.stored_before == self.votes_acked,
        }


def _final_lag(f: Figures) -> float | None:
    """From the last acknowledgement until the projector showed every acknowledged vote."""
    if not f.ack_times:
        return None
    target = f.stored_before + f.votes_acked
    shown = [t for t, count in f.projector if count >= target]
    return round(max(0.0, min(shown) - max(f.ack_times)) * 1000, 1) if shown else None


def check_target(url: str, allow_remote: bool) -> None:
    """Load goes to this machine only, unless the user says otherwise in so many words."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve {host}: {exc}") from None
    if not allow_remote and not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"{host} is not this machine; pass --allow-remote to load another host")


def parse_moderator_url(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    segments = parts.path.strip("/").split("/")
    key = parse_qs(parts.query).get("key", [""])[0]
    if len(segments) != 2 or segments[0] != "m" or not key:
        raise ValueError("expected the moderator link, like http://127.0.0.1:5000/m/CODE?key=...")
    return f"{parts.scheme}://{parts.netloc}", segments[1], key


async def run(options: Options) -> Figures:
    check_target(options.moderator_url, options.allow_remote)
    return await asyncio.wait_for(_run(options), options.timeout)


async def _run(options: Options) -> Figures:
    base, code, key = parse_moderator_url(options.moderator_url)
    figures = Figures(phones=options.phones)
    moderator = await _screen(base, code, "moderator", {"key": key})
    projector = await _screen(base, code, "projector", {"key": key})  # the moderator's key opens it too
    projector.on_count = lambda count: figures.projector.append((time.monotonic(), count))
    state = await moderator.wait_for(lambda s: s.get("agenda"), 20)
    statement = next((row["statement"] for row in state["agenda"] if row["kind"] == "statement"
                      and row["statement"]["status"] in ("pending", "closed")), None)
    if statement is None:
        raise ValueError("no statement left to open in this session; create a new session for the load test")
    figures.stored_before = _row(state, statement["id"])["votes"]
    sectors = options.sectors or tuple(state["session"]["sectors"])
    phones = [Phone(base, code, sectors[i % len(sectors)]) for i in range(options.phones)]
    try:
        await _join_all(phones, options, figures)
        if options.on_joined:
            await asyncio.sleep(1)  # let the server settle before anyone reads its memory
            options.on_joined()
        await _reconnect_some(phones, options, figures)
        opened = time.monotonic()
        await moderator.call("open_statement", {"statement_id": statement["id"]})
        await _gather_bounded([_delivery(p, statement["id"], opened, figures) for p in phones], 500)
        await _vote_all(phones, statement["id"], options, figures)
        await _settle(projector, figures)
        await moderator.call("close_statement", {"statement_id": statement["id"]})
        final = await moderator.wait_for(lambda s: _row(s, statement["id"])["statement"]["status"] == "closed", 10)
        figures.stored_after = _row(final, statement["id"])["votes"]  # counted in the store
        figures.projector_lag = _lags(figures)
        if options.notes:
            await _write_notes(phones, moderator, options, figures)
        figures.disconnects = sum(p.disconnects for p in phones)
    finally:
        await _gather_bounded([p.close() for p in phones], 200)
        await moderator.close()
        await projector.close()
    return figures


def _row(state: dict, statement_id: int) -> dict:
    return next(row for row in state["agenda"] if row.get("statement", {}).get("id") == statement_id)


async def _join_all(phones: list[Phone], options: Options, figures: Figures) -> None:
    progress = Progress("joining", len(phones))

    async def join(phone: Phone):
        started = time.monotonic()
        try:
            await phone.join()
            figures.join_times.append(time.monotonic() - started)
            figures.page_bytes.append(phone.page_bytes)
            figures.joined += 1
        except Exception as exc:  # a failed join is a figure, not the end of the run
            figures.errors.append(f"join: {exc!r}")
        progress.step()

    await _gather_bounded([join(p) for p in phones], options.join_concurrency)
    progress.finish()


async def _reconnect_some(phones: list[Phone], options: Options, figures: Figures) -> None:
    chosen = [p for p in phones if p.me is not None][: int(len(phones) * options.reconnect)]

    async def again(phone: Phone):
        try:
            figures.reconnects.append(await phone.reconnect())
        except Exception as exc:
            figures.errors.append(f"reconnect: {exc!r}")

    await _gather_bounded([again(p) for p in chosen], options.join_concurrency)


async def _delivery(phone: Phone, statement_id: int, opened: float, figures: Figures) -> None:
    if phone.me is None:
        return
    try:
        await phone.wait_for(lambda s: s["step"].get("statement", {}).get("id") == statement_id
                             and s["step"]["statement"]["status"] == "open", 20)
        figures.delivery.append(time.monotonic() - opened)
    except (TimeoutError, asyncio.TimeoutError):
        figures.errors.append("statement never reached a phone")


async def _vote_all(phones: list[Phone], statement_id: int, options: Options, figures: Figures) -> None:
    progress = Progress("voting", len(phones))
    rng = random.Random(7)
    started = time.monotonic()

    async def vote(phone: Phone, delay: float):
        await asyncio.sleep(delay)
        figures.votes_sent += 1
        try:
            ok, latency, at = await phone.vote(statement_id, rng.choice(CHOICES))
            if ok:
                figures.votes_acked += 1
                figures.ack_latency.append(latency)
                figures.ack_times.append(at)
            else:
                figures.errors.append("vote refused")
            if ok and rng.random() < options.comments:
                # Await first: `x += await ...` reads x before the wait and loses the other phones' counts.
                commented = await phone.comment(statement_id, "Een toelichting uit de loadtest.")
                figures.comments_acked += commented
        except Exception as exc:
            figures.errors.append(f"vote: {exc!r}")
        progress.step()

    ready = [p for p in phones if p.me is not None]
    await asyncio.gather(*(vote(p, rng.uniform(0, options.spread)) for p in ready))
    figures.vote_window = (max(figures.ack_times) - started) if figures.ack_times else 0.0
    progress.finish()


async def _settle(projector, figures: Figures, timeout: float = 5.0) -> None:
    """Wait until the projector shows every acknowledged vote (or give up after timeout)."""
    target = figures.stored_before + figures.votes_acked
    try:
        await projector.wait_for(lambda s: s["votes"]["count"] >= target, timeout)
    except (TimeoutError, asyncio.TimeoutError):
        figures.errors.append("projector never showed every acknowledged vote")


async def _write_notes(phones: list[Phone], moderator, options: Options, figures: Figures) -> None:
    reply = await moderator.call("add_breakout", {"title": "Loadtest", "count": 4})
    await moderator.call("open_breakout", {"breakout_id": reply["breakout_id"]})
    progress = Progress("notes", len(phones) * options.notes)

    async def write(phone: Phone):
        try:
            state = await phone.wait_for(lambda s: (phone.me or {}).get("group") is not None, 20)
            category = state["step"]["breakout"]["categories"][0]
            for i in range(options.notes):
                ok, latency = await phone.note(category, f"Notitie {i} uit de loadtest")
                figures.notes_acked += ok
                figures.note_latency.append(latency)
                progress.step()
        except Exception as exc:
            figures.errors.append(f"note: {exc!r}")

    await _gather_bounded([write(p) for p in phones if p.me is not None], 500)
    progress.finish()


def _lags(figures: Figures) -> list[float]:
    """For the k-th acknowledged vote: time from its acknowledgement until the projector showed a
    count of at least k (zero when the projector showed it before the phone heard back)."""
    shown = sorted(figures.projector)
    lags = []
    for k, acked_at in enumerate(sorted(figures.ack_times), start=1):
        target = figures.stored_before + k
        first = next((t for t, count in shown if count >= target), None)
        if first is not None:
            lags.append(max(0.0, first - acked_at))
    return lags


async def _gather_bounded(coroutines, limit: int) -> None:
    semaphore = asyncio.Semaphore(limit)

    async def bounded(coroutine):
        async with semaphore:
            return await coroutine

    await asyncio.gather(*(bounded(c) for c in coroutines))


class _Screen(StateWatcher):
    """The load test's own moderator and projector connections."""

    def __init__(self, client: socketio.AsyncClient):
        super().__init__()
        self.client = client
        self.on_count = None

    async def call(self, event: str, payload: dict) -> dict:
        reply = await self.client.call(event, payload, timeout=20)
        if not reply.get("ok"):
            raise RuntimeError(f"{event} refused: {reply}")
        return reply

    async def close(self) -> None:
        if self.client.connected:
            await self.client.disconnect()


async def _screen(base: str, code: str, role: str, extra: dict) -> _Screen:
    client = socketio.AsyncClient(reconnection=True)
    screen = _Screen(client)

    async def on_state(state):
        screen.state = state
        if screen.on_count and "votes" in state:
            screen.on_count(state["votes"]["count"])
        screen.changed.set()

    client.on("state", on_state)
    await client.connect(base, transports=["websocket"], auth={"role": role, "code": code, **extra},
                         wait_timeout=20)
    return screen
