"""What the moderator may do with a breakout, and what participants may do on a group board. Pure: no IO."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from facilitator.domain.errors import DomainError
from facilitator.domain.events import StepChanged
from facilitator.domain.flow import Transition
from facilitator.domain.limits import (
    CATEGORY_MAX, GROUP_NAME_MAX, MESSAGE_MAX, NOTE_MAX, PLACE_MAX, QUESTION_MAX, TITLE_MAX,
)
from facilitator.domain.model import Agenda, Step
from facilitator.domain.rules import CLIENT_ID, clean_text

from .limits import (
    ASSIGNMENTS, CATEGORIES_MAX, DEFAULT_CATEGORIES, DEFAULT_GROUP_WORD, EXTEND_MINUTES_MAX, GROUPS_MAX,
    GROUPS_MIN, KEY_POINTS_MAX, MINUTES_MAX, QUESTIONS_MAX,
)
from .model import (KIND, BoardChanged, Breakout, BreakoutChanged, BreakoutPlan, BreakoutStatus as B, Group, GroupPlan,
                    Note, ParticipantsPlaced, breakout_of)


def check_plan(plan: BreakoutPlan, statement_count: int) -> BreakoutPlan:
    """A breakout as the moderator or a deck describes it, cleaned, or a DomainError saying what is wrong."""
    title = clean_text(plan.title, TITLE_MAX, field="title")
    if plan.assignment not in ASSIGNMENTS:
        raise DomainError("invalid_breakout", field="assignment")
    if not GROUPS_MIN <= len(plan.groups) <= GROUPS_MAX:
        raise DomainError("invalid_breakout", field="groups")
    if not isinstance(plan.minutes, int) or not 1 <= plan.minutes <= MINUTES_MAX:
        raise DomainError("invalid_breakout", field="minutes")
    after = statement_count if plan.after is None else plan.after
    if not isinstance(after, int) or not 0 <= after <= statement_count:
        raise DomainError("invalid_breakout", field="after")
    if plan.cap is not None and (plan.assignment != "self_select" or not isinstance(plan.cap, int) or plan.cap < 1):
        raise DomainError("invalid_breakout", field="cap")
    categories = tuple(clean_text(c, CATEGORY_MAX, field="categories") for c in plan.categories)
    if len(categories) > CATEGORIES_MAX or len(set(categories)) != len(categories):
        raise DomainError("invalid_breakout", field="categories")
    groups = tuple(GroupPlan(clean_text(g.name, GROUP_NAME_MAX, required=False, field="groups"),
                             clean_text(g.place, PLACE_MAX, required=False, field="groups"),
                             tuple(clean_text(q, QUESTION_MAX, field="questions") for q in g.questions))
                   for g in plan.groups)
    if any(len(g.questions) > QUESTIONS_MAX for g in groups):
        raise DomainError("invalid_breakout", field="questions")
    return replace(plan, title=title, after=after, categories=categories, groups=groups)


def with_defaults(plan: BreakoutPlan, statement_count: int, language: str) -> tuple[BreakoutPlan, list[str]]:
    """A checked plan with the session language's default categories, and a name for every group
    ("Groep 2" for a group the plan leaves unnamed)."""
    plan = check_plan(plan, statement_count)
    plan = replace(plan, categories=plan.categories or DEFAULT_CATEGORIES[language])
    word = DEFAULT_GROUP_WORD[language]
    return plan, [g.name or f"{word} {n}" for n, g in enumerate(plan.groups, start=1)]


def _change(agenda: Agenda, breakout: Breakout, step: Step | None = None) -> Transition:
    moved = step is not None and step != agenda.session.step
    events = ((StepChanged(agenda.session.id, step.kind, step.item_id),) if moved else ()) + \
        (BreakoutChanged(agenda.session.id, breakout.id),)
    return Transition(agenda.with_changes(step=step, item=breakout), events)


def open_groups(agenda: Agenda, breakout_id: int) -> Transition:
    """Show the breakout and make its groups known; the actions place the room by the rule."""
    if not agenda.session.active:
        raise DomainError("session_ended")
    breakout = breakout_of(agenda, breakout_id)
    status = B.OPEN if breakout.status is B.PENDING else breakout.status
    return _change(agenda, replace(breakout, status=status), Step(KIND, breakout_id))


def start_timer(agenda: Agenda, breakout_id: int, now: datetime) -> Transition:
    breakout = breakout_of(agenda, breakout_id)
    if breakout.status not in (B.OPEN, B.PAUSED):
        raise DomainError("breakout_closed")
    return _change(agenda, replace(breakout, status=B.RUNNING, ends_at=now + timedelta(seconds=breakout.remaining)))


def pause_timer(agenda: Agenda, breakout_id: int, now: datetime) -> Transition:
    breakout = breakout_of(agenda, breakout_id)
    if breakout.status is not B.RUNNING:
        raise DomainError("invalid_transition", action="pause")
    return _change(agenda, replace(breakout, status=B.PAUSED, remaining=breakout.seconds_left(now), ends_at=None))


def extend_timer(agenda: Agenda, breakout_id: int, minutes: int, now: datetime) -> Transition:
    breakout = breakout_of(agenda, breakout_id)
    if not isinstance(minutes, int) or not 1 <= minutes <= EXTEND_MINUTES_MAX:
        raise DomainError("invalid_breakout", field="minutes")
    if breakout.status is B.ENDED:
        raise DomainError("breakout_closed")
    extra = minutes * 60
    if breakout.status is B.RUNNING:
        # Time that already ran out is not owed: extend from now when the clock stands at zero.
        ends_at = max(breakout.ends_at, now) + timedelta(seconds=extra)
        return _change(agenda, replace(breakout, ends_at=ends_at))
    return _change(agenda, replace(breakout, remaining=breakout.remaining + extra))


def end_work(agenda: Agenda, breakout_id: int, now: datetime) -> Transition:
    breakout = breakout_of(agenda, breakout_id)
    if breakout.status is B.ENDED:
        raise DomainError("invalid_transition", action="end")
    return _change(agenda, _ended(breakout, now))


def _ended(breakout: Breakout, now: datetime) -> Breakout:
    if breakout.status is B.ENDED:
        return breakout
    # A message such as "five more minutes" is stale once the work is over; it would sit beside
    # "Ended" on every screen. A message sent after the end stays.
    return replace(breakout, status=B.ENDED, remaining=breakout.seconds_left(now), ends_at=None, message="")


def send_message(agenda: Agenda, breakout_id: int, text: object) -> Transition:
    message = clean_text(text, MESSAGE_MAX, required=False, field="message")
    return _change(agenda, replace(breakout_of(agenda, breakout_id), message=message))


def show_report_group(agenda: Agenda, breakout_id: int, number: int | None, group_count: int,
                      now: datetime) -> Transition:
    """Report-back: one group's key points on screen (work ends if it still ran), or None to stop."""
    breakout = breakout_of(agenda, breakout_id)
    if number is None:
        return _change(agenda, replace(breakout, reporting=None))
    if not isinstance(number, int) or not 1 <= number <= group_count:
        raise DomainError("unknown_group")
    if breakout.status is B.PENDING:
        raise DomainError("breakout_closed")
    return _change(agenda, replace(_ended(breakout, now), reporting=number), Step(KIND, breakout_id))


# -- the board ------------------------------------------------------------------------------------
def check_board_open(breakout: Breakout) -> None:
    if not breakout.placing:
        raise DomainError("breakout_closed")


def check_note(breakout: Breakout, client_id: object, category: object, text: object) -> tuple[str, str, str]:
    check_board_open(breakout)
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise DomainError("invalid_client_id")
    if category not in breakout.categories:
        raise DomainError("invalid_category")
    return client_id, category, clean_text(text, NOTE_MAX)


def check_may_choose(breakout: Breakout) -> None:
    """A participant picks a group themselves only where the breakout says so, while it is open."""
    if breakout.assignment != "self_select":
        raise DomainError("not_self_select")
    check_board_open(breakout)


def check_room_in(breakout: Breakout, group: Group, members: dict[int, int], participant_id: int) -> None:
    """A self-chosen group takes no one beyond its cap (someone already in it may choose it again)."""
    taken = sum(1 for pid, gid in members.items() if gid == group.id and pid != participant_id)
    if breakout.cap is not None and taken >= breakout.cap:
        raise DomainError("group_full")


def check_volunteer(group: Group, participant_id: int) -> None:
    """Anyone may report for their group, until someone else does."""
    if group.reporter_id not in (None, participant_id):
        raise DomainError("reporter_taken")


def check_key_point(breakout: Breakout, group: Group, participant_id: int, notes_marked: int, note: Note,
                    on: bool) -> None:
    if breakout.status is B.PENDING:
        raise DomainError("breakout_closed")
    if group.reporter_id != participant_id:
        raise DomainError("not_reporter")
    if note.group_id != group.id or note.hidden:
        raise DomainError("unknown_note")
    if on and not note.key_point and notes_marked >= KEY_POINTS_MAX:
        raise DomainError("too_many_key_points", limit=KEY_POINTS_MAX)


def check_support(breakout: Breakout | None, group: Group | None, note: Note | None, participant_id: int,
                  on: bool) -> None:
    """During report-back anyone may +1 a key point, but not one they wrote or report themselves."""
    if breakout is None or note is None or not note.key_point or note.hidden:
        raise DomainError("unknown_note")
    if breakout.reporting is None:
        raise DomainError("not_reporting")
    if on and participant_id in (note.participant_id, group.reporter_id):
        raise DomainError("own_key_point")


# -- moving people ---------------------------------------------------------------------------------
def reporter_leaves(old_group: Group | None, participant_id: int, new_group_id: int) -> bool:
    """A reporter who moves to another group no longer reports for the one they left."""
    return old_group is not None and old_group.id != new_group_id and old_group.reporter_id == participant_id


def moved(session_id: int, breakout_id: int, participant_id: int, old: int | None, new: int) -> tuple:
    """The events of one person's move: they are told, and both boards change (members differ)."""
    boards = tuple(BoardChanged(session_id, gid) for gid in {old, new} if gid is not None)
    return (ParticipantsPlaced(session_id, breakout_id, (participant_id,)), *boards)


def key_point_marked(session_id: int, breakout: Breakout, group: Group) -> tuple:
    """The group's board changes; while that group reports back, so does what every screen shows of
    it (a point marked just as the moderator put the group on screen must reach the phones too)."""
    on_screen = breakout.reporting is not None and breakout.reporting == group.number
    return (BoardChanged(session_id, group.id), *((BreakoutChanged(session_id, breakout.id),) if on_screen else ()))


def reporter_changed(session_id: int, group: Group, new_reporter: int | None) -> tuple:
    """The old and the new reporter are told (their phones show or hide the key-point stars)."""
    told = tuple(pid for pid in {group.reporter_id, new_reporter} if pid is not None)
    return (BoardChanged(session_id, group.id), ParticipantsPlaced(session_id, group.breakout_id, told))
