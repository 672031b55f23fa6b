"""Every event a client may send: who may send it, its payload fields, and the one action it runs.

docs/protocol.md describes each; tests/test_docs.py checks that none is missing there.
"""
from __future__ import annotations

from . import actions, group_actions, snapshots
from .domain import breakouts, flow
from .domain.errors import DomainError
from .domain.limits import GROUPS_MAX
from .domain.model import BreakoutPlan, GroupPlan

OPTIONAL_INT = (int, None)


def _vote(svc, conn, statement_id, choice):
    choice = actions.record_vote(svc, conn.participant, statement_id, choice)
    return {"statement_id": statement_id, "choice": choice}


def _comment(svc, conn, statement_id, text, client_id=None):
    comment = actions.submit_comment(svc, conn.participant, statement_id, text, client_id)
    return {"statement_id": statement_id, "text": comment.text, "status": comment.status.value}


def _steering(transition, *arg_names, timed=False):
    """A moderator event that runs one flow transition on the session's agenda."""
    def run(svc, conn, **kwargs):
        args = [kwargs[name] for name in arg_names] + ([svc.clock()] if timed else [])
        actions.steer(svc, conn.session_id, transition, *args)
    return run


def _show_step(svc, conn, step):
    actions.steer(svc, conn.session_id, flow.show_step, actions.step_from(step))


def _moderate(svc, conn, comment_id, status):
    actions.moderate_comment(svc, conn.session_id, comment_id, status)


def _add_breakout(svc, conn, title, after, minutes, assignment, cap, categories, groups, count):
    return {"breakout_id": group_actions.add_breakout(svc, conn.session_id, _plan(
        title, after, minutes, assignment, cap, categories, groups, count))}


def _plan(title, after, minutes, assignment, cap, categories, groups, count) -> BreakoutPlan:
    """A BreakoutPlan from an add_breakout payload; the domain checks the values, this the shapes."""
    if groups is not None and count is not None:
        raise DomainError("invalid_breakout", field="groups")
    if groups is None:
        count = 4 if count is None else count
        if not 2 <= count <= GROUPS_MAX:  # before building anything: a huge count must cost nothing
            raise DomainError("invalid_breakout", field="count")
        plans = tuple(GroupPlan("") for _ in range(count))
    else:
        if len(groups) > GROUPS_MAX:
            raise DomainError("invalid_breakout", field="groups")
        plans = tuple(_group_plan(g) for g in groups)
    if categories is not None and not all(isinstance(c, str) for c in categories):
        raise DomainError("bad_request", field="categories")
    return BreakoutPlan(title=title, groups=plans, after=after, minutes=20 if minutes is None else minutes,
                        assignment=assignment or "sector_balanced", cap=cap, categories=tuple(categories or ()))


def _group_plan(raw: object) -> GroupPlan:
    if not isinstance(raw, dict) or not isinstance(raw.get("name", ""), str) \
            or not isinstance(raw.get("place", ""), str) or not isinstance(raw.get("questions", []), list) \
            or not all(isinstance(q, str) for q in raw.get("questions", [])):
        raise DomainError("bad_request", field="groups")
    return GroupPlan(raw.get("name", ""), raw.get("place", ""), tuple(raw.get("questions", [])))


def _session_verb(verb, *arg_names):
    """A moderator event that runs a group action on the moderator's own session."""
    def run(svc, conn, **kwargs):
        verb(svc, conn.session_id, *(kwargs[name] for name in arg_names))
    return run


def _own_verb(verb, *arg_names, reply=None):
    """A participant event that runs a group action as that participant."""
    def run(svc, conn, **kwargs):
        result = verb(svc, conn.participant, *(kwargs[name] for name in arg_names))
        return reply(result) if reply else None
    return run


def _note_reply(note):
    return {"note": note}


def _sync(svc, conn):
    with svc.store.read() as q:
        return {"state": snapshots.participant_state(q, conn.session_id, q.participant(conn.participant.id),
                                                   now=svc.clock())}


STATEMENT_ID = {"statement_id": int}
BREAKOUT_ID = {"breakout_id": int}
NOTE_ID = {"note_id": int}

# event: (role that may send it, payload fields and their types, what it does)
EVENTS = {
    # statements
    "vote": ("participant", {**STATEMENT_ID, "choice": str}, _vote),
    "comment": ("participant", {**STATEMENT_ID, "text": str, "client_id": (str, None)}, _comment),
    "show_step": ("moderator", {"step": object}, _show_step),
    "next_step": ("moderator", {}, lambda svc, conn: actions.steer(svc, conn.session_id, flow.move, 1)),
    "previous_step": ("moderator", {}, lambda svc, conn: actions.steer(svc, conn.session_id, flow.move, -1)),
    "open_statement": ("moderator", STATEMENT_ID, _steering(flow.open_statement, "statement_id")),
    "close_statement": ("moderator", STATEMENT_ID, _steering(flow.close_statement, "statement_id")),
    "reveal_statement": ("moderator", STATEMENT_ID, _steering(flow.reveal_statement, "statement_id")),
    "moderate_comment": ("moderator", {"comment_id": int, "status": str}, _moderate),
    "end_session": ("moderator", {}, _steering(flow.end_session)),
    "screen_alive": ("projector", {"screen_id": str},
                     lambda svc, conn, screen_id: actions.screen_alive(svc, conn.session_id, screen_id)),
    # breakouts: the moderator
    "add_breakout": ("moderator", {"title": str, "after": OPTIONAL_INT, "minutes": OPTIONAL_INT,
                                   "assignment": (str, None), "cap": OPTIONAL_INT, "categories": (list, None),
                                   "groups": (list, None), "count": OPTIONAL_INT}, _add_breakout),
    "open_breakout": ("moderator", BREAKOUT_ID, _session_verb(group_actions.open_breakout, "breakout_id")),
    "start_timer": ("moderator", BREAKOUT_ID, _steering(breakouts.start_timer, "breakout_id", timed=True)),
    "pause_timer": ("moderator", BREAKOUT_ID, _steering(breakouts.pause_timer, "breakout_id", timed=True)),
    "extend_timer": ("moderator", {**BREAKOUT_ID, "minutes": int},
                     _steering(breakouts.extend_timer, "breakout_id", "minutes", timed=True)),
    "end_breakout": ("moderator", BREAKOUT_ID, _steering(breakouts.end_work, "breakout_id", timed=True)),
    "send_message": ("moderator", {**BREAKOUT_ID, "text": str},
                     _steering(breakouts.send_message, "breakout_id", "text")),
    "move_participant": ("moderator", {**BREAKOUT_ID, "participant_id": int, "group_id": int},
                         _session_verb(group_actions.move_participant, "breakout_id", "participant_id", "group_id")),
    "set_reporter": ("moderator", {"group_id": int, "participant_id": OPTIONAL_INT},
                     _session_verb(group_actions.set_reporter, "group_id", "participant_id")),
    "hide_note": ("moderator", {**NOTE_ID, "hidden": bool}, _session_verb(group_actions.hide_note, "note_id", "hidden")),
    "show_report_group": ("moderator", {**BREAKOUT_ID, "number": OPTIONAL_INT},
                          _session_verb(group_actions.show_report_group, "breakout_id", "number")),
    # breakouts: participants
    "sync": ("participant", {}, _sync),
    "choose_group": ("participant", {"group_id": int}, _own_verb(group_actions.choose_group, "group_id")),
    "add_note": ("participant", {"client_id": str, "category": str, "text": str},
                 _own_verb(group_actions.add_note, "client_id", "category", "text", reply=_note_reply)),
    "edit_note": ("participant", {**NOTE_ID, "category": str, "text": str},
                  _own_verb(group_actions.edit_note, "note_id", "category", "text", reply=_note_reply)),
    "delete_note": ("participant", NOTE_ID, _own_verb(group_actions.delete_note, "note_id")),
    "upvote_note": ("participant", {**NOTE_ID, "on": bool}, _own_verb(group_actions.upvote_note, "note_id", "on")),
    "volunteer_reporter": ("participant", {}, _own_verb(group_actions.volunteer_reporter)),
    "mark_key_point": ("participant", {**NOTE_ID, "on": bool},
                       _own_verb(group_actions.mark_key_point, "note_id", "on")),
    "support_key_point": ("participant", {**NOTE_ID, "on": bool},
                          _own_verb(group_actions.support_key_point, "note_id", "on")),
}
