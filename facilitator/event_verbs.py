"""Socket event handlers made from one action: shared by the core's events and every kind's."""
from __future__ import annotations

from . import actions

OPTIONAL_INT = (int, None)


def steering(transition, *arg_names, timed=False):
    """A moderator event that runs one flow transition on the session's agenda."""
    def run(svc, conn, **kwargs):
        args = [kwargs[name] for name in arg_names] + ([svc.clock()] if timed else [])
        actions.steer(svc, conn.session_id, transition, *args)
    return run


def session_verb(verb, *arg_names):
    """A moderator event that runs an action on the moderator's own session."""
    def run(svc, conn, **kwargs):
        verb(svc, conn.session_id, *(kwargs[name] for name in arg_names))
    return run


def own_verb(verb, *arg_names, reply=None):
    """A participant event that runs an action as that participant."""
    def run(svc, conn, **kwargs):
        result = verb(svc, conn.participant, *(kwargs[name] for name in arg_names))
        return reply(result) if reply else None
    return run
