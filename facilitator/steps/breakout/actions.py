"""The verbs of breakout groups: set up, place people, steer the clock, and work on a group board.

Same shape as facilitator/actions.py: load, apply a domain rule, persist in one short transaction, then publish.
"""
from __future__ import annotations

from facilitator.domain.errors import DomainError
from facilitator.domain.model import Participant
from facilitator.services import Services

from . import domain as rules, snapshot as group_snapshots, store
from .groups import place_newcomer, place_unplaced
from .model import (BoardChanged, Breakout, BreakoutChanged, BreakoutPlan, Group, KeyPointSupported, Note,
                    ParticipantsPlaced, breakout_of, current_breakout)


def add_breakout(svc: Services, session_id: int, plan: BreakoutPlan) -> int:
    with svc.store.write() as q:
        agenda = q.agenda(session_id)
        breakout_id = create_breakout(q, session_id, agenda.session.language, len(agenda.statements), plan)
    svc.publish((BreakoutChanged(session_id, breakout_id),))
    return breakout_id


def create_breakout(q, session_id: int, language: str, statement_count: int, plan: BreakoutPlan) -> int:
    """Check a plan (from the control panel or a deck) and store it, with defaults in the session's language."""
    plan, names = rules.with_defaults(plan, statement_count, language)
    return store.create_breakout(q, session_id, plan, names)


def open_breakout(svc: Services, session_id: int, breakout_id: int) -> None:
    """Show the breakout and place everyone not yet placed, by its rule."""
    with svc.store.write() as q:
        before = q.agenda(session_id)
        result = rules.open_groups(before, breakout_id)
        q.save_agenda(before, result.agenda)
        breakout = breakout_of(result.agenda, breakout_id)
        placement = _place_unplaced(q, svc, session_id, breakout)
    svc.publish((*result.events, ParticipantsPlaced(session_id, breakout_id, tuple(placement))))


def _place_unplaced(q, svc: Services, session_id: int, breakout: Breakout) -> dict[int, int]:
    people = [(p.id, p.sector) for p in q.participants(session_id)]
    placement = place_unplaced(breakout.assignment, [g.id for g in store.groups(q, breakout.id)],
                               store.memberships(q, breakout.id), people, svc.rng)
    store.place(q, breakout.id, placement)
    return placement


def place_on_arrival(q, svc: Services, participant: Participant) -> list[ParticipantsPlaced]:
    """A late arrival joins every breakout whose groups are open, by that breakout's rule."""
    events = []
    for breakout in store.breakouts(q, participant.session_id):
        if not breakout.placing:
            continue
        group_ids = [g.id for g in store.groups(q, breakout.id)]
        members = store.memberships(q, breakout.id)
        sectors = {p.id: p.sector for p in q.participants(participant.session_id)}
        group = place_newcomer(breakout.assignment, group_ids, members, sectors,
                               (participant.id, participant.sector), svc.rng)
        if group is not None:
            store.place(q, breakout.id, {participant.id: group})
            events.append(ParticipantsPlaced(participant.session_id, breakout.id, (participant.id,)))
    return events


def show_report_group(svc: Services, session_id: int, breakout_id: int, number: int | None) -> None:
    with svc.store.write() as q:
        before = q.agenda(session_id)
        count = len(store.groups(q, breakout_of(before, breakout_id).id))
        result = rules.show_report_group(before, breakout_id, number, count, svc.clock())
        q.save_agenda(before, result.agenda)
    svc.publish(result.events)


def choose_group(svc: Services, participant: Participant, group_id: int) -> None:
    with svc.store.write() as q:
        breakout = _current_breakout(q, participant)
        rules.check_may_choose(breakout)
        group = _group_in(q, breakout, group_id)
        members = store.memberships(q, breakout.id)
        rules.check_room_in(breakout, group, members, participant.id)
        old = members.get(participant.id)
        store.place(q, breakout.id, {participant.id: group.id})
        _drop_reporter_if_left(q, old, participant.id, group.id)
    svc.publish(rules.moved(participant.session_id, breakout.id, participant.id, old, group.id))


def move_participant(svc: Services, session_id: int, breakout_id: int, participant_id: int, group_id: int) -> None:
    with svc.store.write() as q:
        breakout = breakout_of(q.agenda(session_id), breakout_id)
        group = _group_in(q, breakout, group_id)
        person = q.participant(participant_id)
        if person is None or person.session_id != session_id:
            raise DomainError("unknown_participant")
        old = store.memberships(q, breakout_id).get(participant_id)
        store.place(q, breakout_id, {participant_id: group.id})
        _drop_reporter_if_left(q, old, participant_id, group.id)
    svc.publish(rules.moved(session_id, breakout_id, participant_id, old, group.id))


def _drop_reporter_if_left(q, old_group_id: int | None, participant_id: int, new_group_id: int) -> None:
    old = store.group(q, old_group_id) if old_group_id is not None else None
    if rules.reporter_leaves(old, participant_id, new_group_id):
        store.set_reporter(q, old.id, None)


def set_reporter(svc: Services, session_id: int, group_id: int, participant_id: int | None) -> None:
    with svc.store.write() as q:
        group = store.group(q, group_id)
        if group is None or all(b.id != group.breakout_id for b in store.breakouts(q, session_id)):
            raise DomainError("unknown_group")
        if participant_id is not None and store.memberships(q, group.breakout_id).get(participant_id) != group.id:
            raise DomainError("unknown_participant")
        store.set_reporter(q, group.id, participant_id)
    svc.publish(rules.reporter_changed(session_id, group, participant_id))


def volunteer_reporter(svc: Services, participant: Participant) -> None:
    with svc.store.write() as q:
        breakout = _current_breakout(q, participant)
        rules.check_board_open(breakout)
        group = _own_group(q, breakout, participant)
        rules.check_volunteer(group, participant.id)
        store.set_reporter(q, group.id, participant.id)
    svc.publish(rules.reporter_changed(participant.session_id, group, participant.id))


def add_note(svc: Services, participant: Participant, client_id: object, category: object, text: object) -> dict:
    def work(q):
        breakout = _current_breakout(q, participant)
        checked = rules.check_note(breakout, client_id, category, text)
        group = _own_group(q, breakout, participant)
        note, new = store.add_note(q, group_id=group.id, participant_id=participant.id, client_id=checked[0],
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
        store.update_note(q, note.id, category=category, text=text)
        reply = group_snapshots.board_note(q, breakout, note.group_id, note.id)
    svc.publish((BoardChanged(participant.session_id, note.group_id),))
    return reply


def delete_note(svc: Services, participant: Participant, note_id: int) -> None:
    with svc.store.write() as q:
        breakout, note = _own_note(q, participant, note_id)
        rules.check_board_open(breakout)
        store.delete_note(q, note.id)
    svc.publish((BoardChanged(participant.session_id, note.group_id),))


def upvote_note(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    with svc.store.write() as q:
        breakout, group, note = _note_in_own_group(q, participant, note_id)
        rules.check_board_open(breakout)
        if note.participant_id == participant.id:
            raise DomainError("own_note")
        store.set_upvote(q, note.id, participant.id, on)
    svc.publish((BoardChanged(participant.session_id, group.id),))


def mark_key_point(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    with svc.store.write() as q:
        breakout, group, note = _note_in_own_group(q, participant, note_id)
        rules.check_key_point(breakout, group, participant.id, store.key_points_marked(q, group.id), note, on)
        store.update_note(q, note.id, key_point=int(on))
    svc.publish(rules.key_point_marked(participant.session_id, breakout, group))


def support_key_point(svc: Services, participant: Participant, note_id: int, on: bool) -> None:
    """During report-back anyone may +1 a key point, but not one they wrote or report themselves."""
    with svc.store.write() as q:
        note = store.note(q, note_id)
        group = store.group(q, note.group_id) if note else None
        breakout = _breakout_of(q, participant.session_id, group) if group else None
        rules.check_support(breakout, group, note, participant.id, on)
        store.set_support(q, note.id, participant.id, on)
    svc.publish((KeyPointSupported(participant.session_id, note.id),))


def hide_note(svc: Services, session_id: int, note_id: int, hidden: bool) -> None:
    with svc.store.write() as q:
        note = store.note(q, note_id)
        group = store.group(q, note.group_id) if note else None
        if group is None or _breakout_of(q, session_id, group) is None:
            raise DomainError("unknown_note")
        store.update_note(q, note.id, hidden=int(hidden))
    svc.publish((BoardChanged(session_id, group.id),))


# -- lookups that double as permission checks ----------------------------------------------------
def _current_breakout(q, participant: Participant) -> Breakout:
    breakout = current_breakout(q.cached_agenda(participant.session_id))
    if breakout is None:
        raise DomainError("breakout_closed")
    return breakout


def _breakout_of(q, session_id: int, group: Group) -> Breakout | None:
    return next((b for b in store.breakouts(q, session_id) if b.id == group.breakout_id), None)


def _group_in(q, breakout: Breakout, group_id: int) -> Group:
    group = store.group(q, group_id)
    if group is None or group.breakout_id != breakout.id:
        raise DomainError("unknown_group")
    return group


def _own_group(q, breakout: Breakout, participant: Participant) -> Group:
    group = store.group_of(q, breakout.id, participant.id)
    if group is None:
        raise DomainError("not_in_group")
    return group


def _note_in_own_group(q, participant: Participant, note_id: int) -> tuple[Breakout, Group, Note]:
    """A note of the participant's own group: another group's notes do not exist for them."""
    note = store.note(q, note_id)
    group = store.group(q, note.group_id) if note else None
    breakout = _breakout_of(q, participant.session_id, group) if group else None
    if breakout is None or note.hidden or store.memberships(q, breakout.id).get(participant.id) != group.id:
        raise DomainError("unknown_note")
    return breakout, group, note


def _own_note(q, participant: Participant, note_id: int) -> tuple[Breakout, Note]:
    breakout, _group, note = _note_in_own_group(q, participant, note_id)
    if note.participant_id != participant.id:
        raise DomainError("not_your_note")  # `forbidden` is about roles: this is a participant's own right
    return breakout, note
