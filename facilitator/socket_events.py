"""Every event a client may send: who may send it, its payload fields, and the one action it runs.

The events of the core (moving through the agenda, the projector's heartbeat, a phone's sync) are
here; each kind of step brings its own (facilitator/steps/<kind>/events.py) and EVENTS joins them.
docs/protocol.md describes each; tests/test_docs.py checks that none is missing there.
"""
from __future__ import annotations

import importlib
import importlib.util

from . import actions, snapshots
from .domain import flow
from .domain.errors import DomainError
from .domain.model import Step
from .event_verbs import steering
from .steps import KINDS

def step_from(value: object) -> Step:
    """The `step` of a show_step request: "lobby", "end", {"<kind>": id}, or a bare id (a statement)."""
    if value in ("lobby", "end"):
        return Step(value)
    if isinstance(value, int) and not isinstance(value, bool):
        kind = next((name for name, kind in KINDS.items() if kind.bare_id), None)
        if kind is not None:
            return Step(kind, value)
    if isinstance(value, dict) and len(value) == 1:
        ((kind, item_id),) = value.items()
        if kind in KINDS and type(item_id) is int:
            return Step(kind, item_id)
    raise DomainError("unknown_step")


def _show_step(svc, conn, step):
    actions.steer(svc, conn.session_id, flow.show_step, step_from(step))


def _sync(svc, conn):
    with svc.store.read() as q:
        return {"state": snapshots.participant_state(q, conn.session_id, q.participant(conn.participant.id),
                                                   now=svc.clock())}


# event: (role that may send it, payload fields and their types, what it does)
CORE_EVENTS = {
    "show_step": ("moderator", {"step": object}, _show_step),
    "next_step": ("moderator", {}, lambda svc, conn: actions.steer(svc, conn.session_id, flow.move, 1)),
    "previous_step": ("moderator", {}, lambda svc, conn: actions.steer(svc, conn.session_id, flow.move, -1)),
    "end_session": ("moderator", {}, steering(flow.end_session)),
    "screen_alive": ("projector", {"screen_id": str},
                     lambda svc, conn, screen_id: actions.screen_alive(svc, conn.session_id, screen_id)),
    "sync": ("participant", {}, _sync),
}


def all_events() -> dict:
    """The core's events and every kind's (`facilitator/steps/<kind>/events.py`: EVENTS), each name once.

    Loaded here, where the handlers are registered, and not by the kind's package: the events run
    actions, and actions read the kinds (a newcomer joins every kind's open steps).
    """
    events = dict(CORE_EVENTS)
    for kind in KINDS.values():
        module = f"{__package__}.steps.{kind.name}.events"
        if importlib.util.find_spec(module) is None:
            continue
        for name, spec in importlib.import_module(module).EVENTS.items():
            if name in events:
                raise RuntimeError(f"socket event {name!r} of kind {kind.name!r} is taken")
            events[name] = spec
    return events


EVENTS = all_events()
