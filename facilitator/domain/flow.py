"""What the moderator may do in which state. Each transition returns (new agenda, events) or raises.

The moves through the agenda of any kind; each kind's own transitions are in its domain.py
(steps/<kind>), built with require_active and moved from here."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError
from .events import Event, SessionEnded, StatementClosed, StepChanged
from .model import Agenda, SessionStatus, StatementStatus as S, Step


@dataclass(frozen=True)
class Transition:
    agenda: Agenda
    events: tuple[Event, ...]


def require_active(agenda: Agenda) -> None:
    if not agenda.session.active:
        raise DomainError("session_ended")


def moved(agenda: Agenda, step: Step) -> tuple[Event, ...]:
    if agenda.session.step == step:
        return ()
    return (StepChanged(agenda.session.id, step.kind, step.item_id),)


def show_step(agenda: Agenda, step: Step) -> Transition:
    """Put a step on every screen without changing any statement's voting state."""
    if step not in agenda.steps():
        raise DomainError("unknown_step")
    return Transition(agenda.with_changes(step=step), moved(agenda, step))


def move(agenda: Agenda, offset: int) -> Transition:
    """Step forward (+1) or back (-1) through lobby, statements and the closing screen."""
    steps = agenda.steps()
    index = steps.index(agenda.session.step) if agenda.session.step in steps else 0
    target = index + offset
    if not 0 <= target < len(steps):
        raise DomainError("no_such_step")
    return show_step(agenda, steps[target])


def end_session(agenda: Agenda) -> Transition:
    """Close all voting, show the closing screen and refuse new joins."""
    require_active(agenda)
    statuses = {s.id: S.CLOSED for s in agenda.statements if s.status is S.OPEN}
    changed = agenda.with_changes(step=Step.end(), status=SessionStatus.ENDED, statuses=statuses)
    events = (*(StatementClosed(agenda.session.id, sid) for sid in statuses),
              *moved(agenda, Step.end()), SessionEnded(agenda.session.id))
    return Transition(changed, events)
