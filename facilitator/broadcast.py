"""The only place that emits to Socket.IO rooms. Maps events to rooms and coalesces screen updates.

Phones get a new `state` at once when the step changes. The projector and the control panel get
at most one `state` per BROADCAST_INTERVAL while votes, joins and comments pour in: a storm of
votes becomes a few messages a second, never one per vote to every screen. The set of sessions
waiting for an update is only a trigger; every update is rebuilt from the store, so a restart or
a second worker loses nothing.
"""
from __future__ import annotations

import logging
import threading
from collections import defaultdict, deque

from flask_socketio import SocketIO

from . import snapshots
from .domain.events import CommentModerated, Event
from .store import Store, StoreUnavailable

log = logging.getLogger(__name__)


def room(session_id: int, role: str) -> str:
    return f"session:{session_id}:{role}"


def participant_room(participant_id: int) -> str:
    """One phone's own room (all its tabs): for what only its owner may see, like a comment's status."""
    return f"participant:{participant_id}"


class Broadcaster:
    def __init__(self, socketio: SocketIO, store: Store, links: snapshots.Links, interval: float):
        self.socketio = socketio
        self.store = store
        self.links = links
        self.interval = interval
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._started = False
        self._problems: dict[int, deque[str]] = defaultdict(lambda: deque(maxlen=5))

    def publish(self, events: tuple[Event, ...]) -> None:
        """Called by actions after their transaction committed."""
        changed = {e.session_id for e in events if e.changes_screen}
        for session_id in changed:
            self._emit_participant_state(session_id)
        for event in events:
            if isinstance(event, CommentModerated):
                self._emit_own_state(event.session_id, event.participant_id)
        with self._lock:
            self._pending.update(e.session_id for e in events)
        self._ensure_started()

    def report_problem(self, session_id: int, message: str) -> None:
        """Something the moderator must know (a refused write); shown in the control panel."""
        self._problems[session_id].append(message)
        with self._lock:
            self._pending.add(session_id)
        self._ensure_started()

    def problems(self, session_id: int) -> list[str]:
        return list(self._problems.get(session_id, ()))

    def flush(self) -> None:
        """Send the projector and control panel of every session that changed their new state."""
        with self._lock:
            pending, self._pending = self._pending, set()
        for session_id in pending:
            try:
                with self.store.read() as q:
                    projector = snapshots.projector_state(q, session_id, self.links)
                    moderator = snapshots.moderator_state(q, session_id, self.links,
                                                          self.problems(session_id))
            except StoreUnavailable:
                log.warning("could not read session %s for a screen update; retrying", session_id)
                with self._lock:
                    self._pending.add(session_id)
                continue
            self.socketio.emit("state", projector, to=room(session_id, "projector"))
            self.socketio.emit("state", moderator, to=room(session_id, "moderator"))

    def _emit_participant_state(self, session_id: int) -> None:
        with self.store.read() as q:
            state = snapshots.participant_state(q, session_id)
        self.socketio.emit("state", state, to=room(session_id, "participant"))

    def _emit_own_state(self, session_id: int, participant_id: int) -> None:
        with self.store.read() as q:
            me = q.participant(participant_id)
            if me is None:  # removed meanwhile; nobody left to tell
                return
            state = snapshots.participant_state(q, session_id, me)
        self.socketio.emit("state", state, to=participant_room(participant_id))

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
