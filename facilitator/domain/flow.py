"""What the moderator may do in which state. Each transition returns (new agenda, events) or raises."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError
from .events import (Event, SessionEnded, StatementClosed, StatementOpened, StatementRevealed,
                     StepChanged)
from .model import Agenda, SessionStatus, StatementStatus as S, Step


@dataclass(frozen=True)
class Transition:
    agenda: Agenda
    events: tuple[Event, ...]


def _require_active(agenda: Agenda) -> None:
    if not agenda.session.active:
        raise DomainError("session_ended")


def _moved(agenda: Agenda, step: Step) -> tuple[Event, ...]:
    if agenda.session.step == step:
        return ()
    return (StepChanged(agenda.session.id, step.kind, step.item_id),)


def show_step(agenda: Agenda, step: Step) -> Transition:
    """Put a step on every screen without changing any statement's voting state."""
    if step not in agenda.steps():
        raise DomainError("unknown_step")
    return Transition(agenda.with_changes(step=step), _moved(agenda, step))


def move(agenda: Agenda, offset: int) -> Transition:
    """Step forward (+1) or back (-1) through lobby, statements and the closing screen."""
    steps = agenda.steps()
    index = steps.index(agenda.session.step) if agenda.session.step in steps else 0
    target = index + offset
    if not 0 <= target < len(steps):
        raise DomainError("no_such_step")
    return show_step(agenda, steps[target])


def open_statement(agenda: Agenda, statement_id: int) -> Transition:
    """Open voting on one statement and show it; any other open statement closes."""
    _require_active(agenda)
    statement = agenda.statement(statement_id)
    if statement.status not in (S.PENDING, S.CLOSED):
        raise DomainError("invalid_transition", status=statement.status.value, action="open")
    statuses = {s.id: S.CLOSED for s in agenda.statements if s.status is S.OPEN}
    statuses[statement_id] = S.OPEN
    step = Step.statement(statement_id)
    events = (*_moved(agenda, step),
              *(StatementClosed(agenda.session.id, sid) for sid in statuses if sid != statement_id),
              StatementOpened(agenda.session.id, statement_id))
    return Transition(agenda.with_changes(step=step, statuses=statuses), events)


def close_statement(agenda: Agenda, statement_id: int) -> Transition:
    statement = agenda.statement(statement_id)
    if statement.status is not S.OPEN:
        raise DomainError("invalid_transition", status=statement.status.value, action="close")
    return Transition(agenda.with_changes(statuses={statement_id: S.CLOSED}),
                      (StatementClosed(agenda.session.id, statement_id),))


def reveal_statement(agenda: Agenda, statement_id: int) -> Transition:
    """Show the distribution; revealing ends the voting so nobody follows the herd afterwards."""
    statement = agenda.statement(statement_id)
    if statement.status not in (S.OPEN, S.CLOSED):
        raise DomainError("invalid_transition", status=statement.status.value, action="reveal")
    step = Step.statement(statement_id)
    return Transition(agenda.with_changes(step=step, statuses={statement_id: S.REVEALED}),
                      (*_moved(agenda, step), StatementRevealed(agenda.session.id, statement_id)))


def end_session(agenda: Agenda) -> Transition:
    """Close all voting, show the closing screen and refuse new joins."""
    _require_active(agenda)
    statuses = {s.id: S.CLOSED for s in agenda.statements if s.status is S.OPEN}
    changed = agenda.with_changes(step=Step.end(), status=SessionStatus.ENDED, statuses=statuses)
    events = (*(StatementClosed(agenda.session.id, sid) for sid in statuses),
              *_moved(agenda, Step.end()), SessionEnded(agenda.session.id))
    return Transition(changed, events)
