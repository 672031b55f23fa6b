"""The verbs of breakout groups: set up, place people, steer the clock, and work on a group board.

Same shape as facilitator/actions.py: load, apply a domain rule, persist in one short transaction, then publish.
"""
from __future__ import annotations

from facilitator.steps.breakout import domain as rules
from facilitator.domain.errors import DomainError
from facilitator.domain.events import BoardChanged, BreakoutChanged, KeyPointSupported, ParticipantsPlaced
from facilitator.domain.groups import place_newcomer, place_unplaced
from facilitator.domain.model import Breakout, BreakoutPlan, Group, Note, Participant
from facilitator.services import Services

from . import snapshot as group_snapshots


def add_breakout(svc: Services, session_id: int, plan: BreakoutPlan) -> int:
    with svc.store.write() as q:
        agenda = q.agenda(session_id)
        breakout_id = create_breakout(q, session_id, agenda.session.language, len(agenda.statements), plan)
    svc.publish((BreakoutChanged(session_id, breakout_id),))
    return breakout_id


def create_breakout(q, session_id: int, language: str, statement_count: int, plan: BreakoutPlan) -> int:
    """Check a plan (from the control panel or a deck) and store it, with defaults in the session's language."""
    plan, names = rules.with_defaults(plan, statement_count, language)
    return q.create_breakout(session_id, plan, names)


def open_breakout(svc: Services, session_id: int, breakout_id: int) -> None:
    """Show the breakout and place everyone not yet placed, by its rule."""
    with svc.store.write() as q:
        before = q.agenda(session_id)
        result = rules.open_groups(before, breakout_id)
        q.save_agenda(before, result.agenda)
        breakout = result.agenda.breakout(breakout_id)
        placement = _place_unplaced(q, svc, session_id, breakout)
    svc.publish((*result.events, ParticipantsPlaced(session_id, breakout_id, tuple(placement))))


def _place_unplaced(q, svc: Services, session_id: int, breakout: Breakout) -> dict[int, int]:
    people = [(p.id, p.sector) for p in q.participants(session_id)]
    placement = place_unplaced(breakout.assignment, [g.id for g in q.groups(breakout.id)],
                               q.memberships(breakout.id), people, svc.rng)
    q.place(breakout.id, placement)
    return placement


def place_on_arrival(q, svc: Services, participant: Participant) -> list[ParticipantsPlaced]:
    """A late arrival joins every breakout whose groups are open, by that breakout's rule."""
    events = []
    for breakout in q.breakouts(participant.session_id):
        if not breakout.placing:
            continue
        group_ids = [g.id for g in q.groups(breakout.id)]
        members = q.memberships(breakout.id)
        sectors = {p.id: p.sector for p in q.participants(participant.session_id)}
        group = place_newcomer(breakout.assignment, group_ids, members, sectors,
                               (participant.id, participant.sector), svc.rng)
        if group is not None:
            q.place(breakout.id, {participant.id: group})
            events.append(ParticipantsPlaced(participant.session_id, breakout.id, (participant.id,)))
    return events


def show_report_group(svc: Services, session_id: int, breakout_id: int, number: int | None) -> None:
    with svc.store.write() as q:
        before = q.agenda(session_id)
        count = len(q.groups(before.breakout(breakout_id).id))
        result = rules.show_report_group(before, breakout_id, number, count, svc.clock())
        q.save_agenda(before, result.agenda)
    svc.publish(result.events)


def choose_group(svc: Services, participant: Participant, group_id: int) -> None:
    with svc.store.write() as q:
        breakout = _current_breakout(q, participant)
        rules.check_may_choose(breakout)
        group = _group_in(q, breakout, group_id)
        members = q.memberships(breakout.id)
        rules.check_room_in(breakout, group, members, participant.id)
        old = members.get(participant.id)
        q.place(breakout.id, {participant.id: group.id})
        _drop_reporter_if_left(q, old, participant.id, group.id)
    svc.publish(rules.moved(participant.session_id, breakout.id, participant.id, old, group.id))


def move_participant(svc: Services, session_id: int, breakout_id: int, participant_id: int, group_id: int) -> None:
    with svc.store.write() as q:
        breakout = q.agenda(session_id).breakout(breakout_id)
        group = _group_in(q, breakout, group_id)
        person = q.participant(participant_id)
        if person is None or person.session_id != session_id:
            raise DomainError("unknown_participant")
        old = q.memberships(breakout_id).get(participant_id)
        q.place(breakout_id, {participant_id: group.id})
        _drop_reporter_if_left(q, old, participant_id, group.id)
    svc.publish(rules.moved(session_id, breakout_id, participant_id, old, group.id))


def _drop_reporter_if_left(q, old_group_id: int | None, participant_id: int, new_group_id: int) -> None:
    old = q.group(old_group_id) if old_group_id is not None else None
    if rules.reporter_leaves(old, participant_id, new_group_id):
        q.set_reporter(old.id, None)


def set_reporter(svc: Services, session_id: int, group_id: int, participant_id: int | None) -> None:
    with svc.store.write() as q:
        group = q.group(group_id)
        if group is None or all(b.id != group.breakout_id for b in q.breakouts(session_id)):
            raise DomainError("unknown_group")
        if participant_id is not None and q.memberships(group.breakout_id).get(participant_id) != group.id:
            raise DomainError("unknown_participant")
        q.set_reporter(group.id, participant_id)
    svc.publish(rules.reporter_changed(session_id, group, participant_id))


def volunteer_reporter(svc: Services, participant: Participant) -> None:
    with svc.store.write() as q:
        breakout = _current_breakout(q, participant)
        rules.check_board_open(breakout)
        group = _own_group(q, breakout, participant)
        rules.check_volunteer(group, participant.id)
        q.set_reporter(group.id, participant.id)
    svc.publish(rules.reporter_changed(participant.session_id, group, participant.id))


def add_note(svc: Services, participant: Participant, client_id: object, category: object, text: object) -> dict:
    def work(q):
        breakout = _current_breakout(q, participant)
        checked = rules.check_note(breakout, client_id, category, text)
        group = _own_group(q, breakout, participant)
        note, new = q.add_note(group_id=group.id, participant_id=participant.id, client_id=checked[0],
                               category=checked[1], text=checked[2], now=svc.clock())
        return group, group_snapshots.board_note(q, breakout, note.group_id, note.id), new

    group, note, new = svc.store.batched(work)
    if new:
        svc.publish((BoardChanged(participant.session_id, group.id),))
    return note


def edit_note(svc: Services, participant: Participant, note_id: int, category: object, text: object) -> dict:
    with svc.store.write() as q:
        breakout, note = _own_note(q, participant, note_id)
        _client_id, category, text = rules.check_note(breakout, note.client_id, category, text)
        q.update_note(note.id, category=category, text=text)
        reply = group_snapshots.board_note(q, breakout, note.group_id, note.id)
    svc.publish((BoardChanged(participant.session_id, note.group_id),))
    return reply


def delete_note(svc: Services, participant: Participant, note_id: int) -> None:
    with svc.store.write() as q:
        breakout, note = _own_note(q, participant, note_id)
        rules.check_board_open(breakout)
        q.delete_note(note.id)
    svc.publish((BoardChanged(participant.session_id, note.group_id),))


def upvote_note(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    with svc.store.write() as q:
        breakout, group, note = _note_in_own_group(q, participant, note_id)
        rules.check_board_open(breakout)
        if note.participant_id == participant.id:
            raise DomainError("own_note")
        q.set_upvote(note.id, participant.id, on)
    svc.publish((BoardChanged(participant.session_id, group.id),))


def mark_key_point(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    with svc.store.write() as q:
        breakout, group, note = _note_in_own_group(q, participant, note_id)
        rules.check_key_point(breakout, group, participant.id, q.key_points_marked(group.id), note, on)
        q.update_note(note.id, key_point=int(on))
    svc.publish(rules.key_point_marked(participant.session_id, breakout, group))


def support_key_point(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    """During report-back anyone may +1 a key point, but not one they wrote or report themselves."""
    with svc.store.write() as q:
        note = q.note(note_id)
        group = q.group(note.group_id) if note else None
        breakout = _breakout_of(q, participant.session_id, group) if group else None
        rules.check_support(breakout, group, note, participant.id, on)
        q.set_support(note.id, participant.id, on)
    svc.publish((KeyPointSupported(participant.session_id, note.id),))


def hide_note(svc: Services, session_id: int, note_id: int, hidden: bool) -> None:
    with svc.store.write() as q:
        note = q.note(note_id)
        group = q.group(note.group_id) if note else None
        if group is None or _breakout_of(q, session_id, group) is None:
            raise DomainError("unknown_note")
        q.update_note(note.id, hidden=int(hidden))
    svc.publish((BoardChanged(session_id, group.id),))


# -- lookups that double as permission checks ----------------------------------------------------
def _current_breakout(q, participant: Participant) -> Breakout:
    breakout = q.cached_agenda(participant.session_id).current_breakout()
    if breakout is None:
        raise DomainError("breakout_closed")
    return breakout


def _breakout_of(q, session_id: int, group: Group) -> Breakout | None:
    return next((b for b in q.breakouts(session_id) if b.id == group.breakout_id), None)


def _group_in(q, breakout: Breakout, group_id: int) -> Group:
    group = q.group(group_id)
    if group is None or group.breakout_id != breakout.id:
        raise DomainError("unknown_group")
    return group


def _own_group(q, breakout: Breakout, participant: Participant) -> Group:
    group = q.group_of(breakout.id, participant.id)
    if group is None:
        raise DomainError("not_in_group")
    return group


def _note_in_own_group(q, participant: Participant, note_id: int) -> tuple[Breakout, Group, Note]:
    """A note of the participant's own group: another group's notes do not exist for them."""
    note = q.note(note_id)
    group = q.group(note.group_id) if note else None
    breakout = _breakout_of(q, participant.session_id, group) if group else None
    if breakout is None or note.hidden or q.memberships(breakout.id).get(participant.id) != group.id:
        raise DomainError("unknown_note")
    return breakout, group, note


def _own_note(q, participant: Participant, note_id: int) -> tuple[Breakout, Note]:
    breakout, _group, note = _note_in_own_group(q, participant, note_id)
    if note.participant_id != participant.id:
        raise DomainError("not_your_note")  # `forbidden` is about roles: this is a participant's own right
    return breakout, note
