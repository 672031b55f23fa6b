"""The socket events of breakouts: the moderator prepares and steers the groups, phones work on a board."""
from __future__ import annotations

from facilitator.domain.errors import DomainError
from facilitator.event_verbs import OPTIONAL_INT, own_verb, session_verb, steering

from . import actions, domain
from .limits import GROUPS_MAX
from .model import BreakoutPlan, GroupPlan


def _add_breakout(svc, conn, title, after, minutes, assignment, cap, categories, groups, count):
    return {"breakout_id": actions.add_breakout(svc, conn.session_id, _plan(
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


def _note_reply(note):
    return {"note": note}


BREAKOUT_ID = {"breakout_id": int}
NOTE_ID = {"note_id": int}

EVENTS = {
    # the moderator
    "add_breakout": ("moderator", {"title": str, "after": OPTIONAL_INT, "minutes": OPTIONAL_INT,
                                   "assignment": (str, None), "cap": OPTIONAL_INT, "categories": (list, None),
                                   "groups": (list, None), "count": OPTIONAL_INT}, _add_breakout),
    "open_breakout": ("moderator", BREAKOUT_ID, session_verb(actions.open_breakout, "breakout_id")),
    "start_timer": ("moderator", BREAKOUT_ID, steering(domain.start_timer, "breakout_id", timed=True)),
    "pause_timer": ("moderator", BREAKOUT_ID, steering(domain.pause_timer, "breakout_id", timed=True)),
    "extend_timer": ("moderator", {**BREAKOUT_ID, "minutes": int},
                     steering(domain.extend_timer, "breakout_id", "minutes", timed=True)),
    "end_breakout": ("moderator", BREAKOUT_ID, steering(domain.end_work, "breakout_id", timed=True)),
    "send_message": ("moderator", {**BREAKOUT_ID, "text": str},
                     steering(domain.send_message, "breakout_id", "text")),
    "move_participant": ("moderator", {**BREAKOUT_ID, "participant_id": int, "group_id": int},
                         session_verb(actions.move_participant, "breakout_id", "participant_id", "group_id")),
    "set_reporter": ("moderator", {"group_id": int, "participant_id": OPTIONAL_INT},
                     session_verb(actions.set_reporter, "group_id", "participant_id")),
    "hide_note": ("moderator", {**NOTE_ID, "hidden": bool}, session_verb(actions.hide_note, "note_id", "hidden")),
    "show_report_group": ("moderator", {**BREAKOUT_ID, "number": OPTIONAL_INT},
                          session_verb(actions.show_report_group, "breakout_id", "number")),
    # participants
    "choose_group": ("participant", {"group_id": int}, own_verb(actions.choose_group, "group_id")),
    "add_note": ("participant", {"client_id": str, "category": str, "text": str},
                 own_verb(actions.add_note, "client_id", "category", "text", reply=_note_reply)),
    "edit_note": ("participant", {**NOTE_ID, "category": str, "text": str},
                  own_verb(actions.edit_note, "note_id", "category", "text", reply=_note_reply)),
    "delete_note": ("participant", NOTE_ID, own_verb(actions.delete_note, "note_id")),
    "upvote_note": ("participant", {**NOTE_ID, "on": bool}, own_verb(actions.upvote_note, "note_id", "on")),
    "volunteer_reporter": ("participant", {}, own_verb(actions.volunteer_reporter)),
    "mark_key_point": ("participant", {**NOTE_ID, "on": bool},
                       own_verb(actions.mark_key_point, "note_id", "on")),
    "support_key_point": ("participant", {**NOTE_ID, "on": bool},
                          own_verb(actions.support_key_point, "note_id", "on")),
}
