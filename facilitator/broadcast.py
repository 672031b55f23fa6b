"""The only place that emits to Socket.IO rooms. Maps events to rooms and coalesces screen updates.

Phones get a new `state` at once when the step changes. The projector and the control panel get
at most one `state` per BROADCAST_INTERVAL while votes, joins and comments pour in: a storm of
votes becomes a few messages a second, never one per vote to every screen. What is personal to a
phone (its group and that group's board) goes to the phone's own room, on the same beat.

What waits for the next beat is only a trigger; every update is rebuilt from the store, so a
restart or a second worker loses nothing. With several workers, one of them sends a session's screen
update on a beat (screen_turns.py), and the moderator's problems live in Redis (problems.py).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from flask_socketio import SocketIO

from . import snapshots, steps
from .domain.events import EVERYONE, Event
from .domain.model import Participant
from .problems import ProblemsInMemory
from .screen_turns import OneProcess
from .services import utc_now
from .store import Store, StoreUnavailable

log = logging.getLogger(__name__)
ROLES = ("participant", "projector", "moderator")


def room(session_id: int, role: str) -> str:
    return f"session:{session_id}:{role}"


def participant_room(participant_id: int) -> str:
    """One phone's own room (all its tabs): for what only its owner may see, like its group's board."""
    return f"participant:{participant_id}"


def _personal(kind: str | None) -> bool:
    """Whether phones each need a state of their own while a step of this kind is on screen."""
    return kind in steps.KINDS and steps.KINDS[kind].personal


def _still_there(q, session_ids):
    """A session deleted since its update was queued has no screens left to tell."""
    return [session_id for session_id in session_ids if q.session(session_id) is not None]


class Broadcaster:
    def __init__(self, socketio: SocketIO, store: Store, links: snapshots.Links, interval: float,
                 clock: Callable[[], datetime] = utc_now, *, turns=None, problems=None):
        self.socketio = socketio
        self.store = store
        self.links = links
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        # Read-then-send, one at a time: two quick steps (report-back of group 2, then 3) could otherwise
        # each read, and the older read be sent last, leaving phones a step behind until the next change.
        self._send_lock = threading.Lock()
        self._screens: set[int] = set()  # sessions whose projector and control panel are behind
        self._panels: set[int] = set()  # sessions whose control panel alone is behind
        self._personal: dict[int, set[int] | None] = {}  # session -> participants (or EVERYONE)
        self._boards: set[int] = set()  # groups whose members' boards are behind
        self._started = False
        self._turns = turns or OneProcess()  # which sessions' screens this worker updates on a beat
        self._problems = problems or ProblemsInMemory()

    def state(self, q, session_id: int, role: str, me: Participant | None = None) -> dict:
        """A role's `state`: the one builder for a connection's first state and for every update."""
        # Only the control panel shows problems: a phone's state never asks Redis for them.
        problems = self.problems(session_id) if role == "moderator" else ()
        return snapshots.state_for(q, role, session_id, self.links, now=self.clock(), problems=problems, me=me)

    def greet(self, sid: str, session_id: int, role: str, me: Participant | None = None) -> None:
        """A screen just connected: its first `state`, to that socket alone."""
        with self.store.read() as q:
            state = self.state(q, session_id, role, me)
        self.socketio.emit("state", state, to=sid)

    def publish(self, events: tuple[Event, ...]) -> None:
        """Called by actions after their transaction committed; each event names its rooms."""
        routed = [(event, event.rooms()) for event in events]
        for event, rooms in routed:
            if rooms.let_go:
                self._let_go(event.session_id)
        routed = [(event, rooms) for event, rooms in routed if not rooms.let_go]
        if not routed:
            return
        with self._lock:
            for event, rooms in routed:
                if rooms.screens:
                    self._screens.add(event.session_id)
                elif rooms.panel:
                    self._panels.add(event.session_id)
                if rooms.personal == EVERYONE or _personal(rooms.personal_step):
                    self._personal[event.session_id] = EVERYONE
                elif rooms.personal:
                    self._queue_personal(event.session_id, rooms.personal)
                self._boards.update(rooms.groups)
        for session_id in {event.session_id for event, rooms in routed if rooms.phones}:
            self._emit_participant_state(session_id)
        self._ensure_started()

    def _let_go(self, session_id: int) -> None:
        """A deleted session's screens are let go on every worker, through the message queue.

        Every page is told `session_deleted` (it reconnects and hears that the session is gone),
        this worker disconnects its own sockets at once, and the rooms are closed everywhere; a
        socket on another worker that ignores the message is refused and disconnected at its next
        event (realtime refuses a socket outside its session's room).
        """
        manager = self.socketio.server.manager
        for role in ROLES:
            name = room(session_id, role)
            self.socketio.emit("session_deleted", {}, to=name)
            for sid, _eio_sid in list(manager.get_participants("/", name)):
                self.socketio.server.disconnect(sid, namespace="/")
            self.socketio.close_room(name)
        self._problems.forget(session_id)

    def _queue_personal(self, session_id: int, ids) -> None:
        if session_id in self._personal and self._personal[session_id] is EVERYONE:
            return
        self._personal.setdefault(session_id, set()).update(ids)

    def report_problem(self, session_id: int, message: str) -> None:
        """Something the moderator must know (a refused write); shown in the control panel."""
        self._problems.add(session_id, message)
        with self._lock:
            self._screens.add(session_id)
        self._ensure_started()

    def problems(self, session_id: int) -> list[str]:
        return self._problems.of(session_id)

    def flush(self) -> None:
        """Send every screen, phone and board that fell behind its new state."""
        with self._lock:
            screens, self._screens = self._screens, set()
            panels, self._panels = self._panels - screens, set()
            personal, self._personal = self._personal, {}
            boards, self._boards = self._boards, set()
        screens, panels = self._my_turn("screens", screens), self._my_turn("panel", panels)
        with self._send_lock:
            try:
                with self.store.read() as q:
                    outbox = [*self._screen_states(q, screens), *self._panel_states(q, panels),
                              *self._personal_states(q, personal),
                              *self._board_states(q, boards)]
            except StoreUnavailable:
                log.warning("could not read the store for screen updates; retrying")
                with self._lock:
                    self._screens |= screens
                    self._panels |= panels
                    self._boards |= boards
                    for session_id, ids in personal.items():
                        self._personal[session_id] = EVERYONE if ids is EVERYONE else ids
                return
            # Emitting happens after the read is over: no socket I/O while a connection is held.
            for event, payload, to in outbox:
                self.socketio.emit(event, payload, to=to)

    def _my_turn(self, audience: str, sessions: set[int]) -> set[int]:
        """The sessions whose screens this worker updates now (all of them, with one process)."""
        try:
            return self._turns.claim(audience, sessions)
        except Exception:  # Redis away: every worker sends its own, more messages but no stale screen
            log.warning("could not claim the screens' beat; sending this worker's updates anyway")
            return sessions

    def _screen_states(self, q, sessions):
        for session_id in _still_there(q, sessions):
            yield "state", self.state(q, session_id, "projector"), room(session_id, "projector")
        yield from self._panel_states(q, sessions)

    def _panel_states(self, q, sessions):
        for session_id in _still_there(q, sessions):
            yield "state", self.state(q, session_id, "moderator"), room(session_id, "moderator")

    def _personal_states(self, q, personal):
        for session_id in _still_there(q, personal):
            ids = personal[session_id]
            people = q.participants(session_id) if ids is EVERYONE else filter(None, map(q.participant, ids))
            for person in people:
                yield "state", self.state(q, session_id, "participant", person), participant_room(person.id)

    def _board_states(self, q, group_ids):
        """A group's board goes to the members of that group and nobody else (the kind says who they are)."""
        for kind in steps.KINDS.values():
            if kind.boards and group_ids:
                for member, board in kind.boards(q, group_ids):
                    yield "board", board, participant_room(member)

    def _emit_participant_state(self, session_id: int) -> None:
        with self._send_lock:
            with self.store.read() as q:
                state = self.state(q, session_id, "participant")
            self.socketio.emit("state", state, to=room(session_id, "participant"))

    def _ensure_started(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        self.socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            self.socketio.sleep(self.interval)
            try:
                self.flush()
            except Exception:  # a screen update must never kill the loop that serves every screen
                log.exception("screen update failed")
