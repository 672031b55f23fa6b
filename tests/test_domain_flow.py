"""The moderator's moves through the agenda, on hand-built values: no app, no database."""
from __future__ import annotations

import pytest

from facilitator.domain import flow
from facilitator.domain.errors import DomainError
from facilitator.domain.model import Agenda, Session, SessionStatus, Statement, StatementStatus as S, Step
from facilitator.steps.statement import domain as statement_domain

SESSION_ID = 7


def agenda(*statuses: S, step: Step | None = None, ended: bool = False) -> Agenda:
    """An agenda whose statements have ids 11, 12, ... and the given statuses."""
    session = Session(id=SESSION_ID, code="ABC234", title="Polarisatie", date="2026-11-05", language="nl",
                      sectors=("Onderwijs", "Gemeente"),
                      status=SessionStatus.ENDED if ended else SessionStatus.ACTIVE,
                      step=step or Step.lobby())
    statements = tuple(Statement(id=11 + i, position=1 + i, text=f"Stelling {i + 1}", status=status)
                       for i, status in enumerate(statuses))
    return Agenda(session, statements)


def statuses(result: flow.Transition) -> dict[int, S]:
    return {s.id: s.status for s in result.agenda.statements}


def payloads(result: flow.Transition) -> list[dict]:
    return [event.payload() for event in result.events]


def step_changed(kind: str, item_id: int | None) -> dict:
    return {"type": "step-changed", "data": {"session_id": SESSION_ID, "kind": kind, "item_id": item_id}}


def about(name: str, statement_id: int) -> dict:
    return {"type": name, "data": {"session_id": SESSION_ID, "statement_id": statement_id}}


def refused(code: str, call, *args) -> DomainError:
    with pytest.raises(DomainError) as info:
        call(*args)
    assert info.value.code == code
    return info.value


# -- show_step and move ----------------------------------------------------------------------------
def test_show_step_changes_the_screen_but_no_voting_state():
    before = agenda(S.OPEN, S.PENDING, step=Step.statement(11))

    result = flow.show_step(before, Step.lobby())

    assert result.agenda.session.step == Step.lobby()
    assert statuses(result) == {11: S.OPEN, 12: S.PENDING}
    assert payloads(result) == [step_changed("lobby", None)]


def test_show_step_to_the_current_step_sends_nothing():
    result = flow.show_step(agenda(S.PENDING, step=Step.statement(11)), Step.statement(11))
    assert result.events == ()


@pytest.mark.parametrize("step", [Step.statement(99), Step("intermission"), Step("statement")])
def test_show_step_to_an_unknown_step_refused(step):
    refused("unknown_step", flow.show_step, agenda(S.PENDING, S.PENDING), step)


def test_move_forward_walks_lobby_statements_end_then_stops():
    current = agenda(S.PENDING, S.PENDING)
    seen = [current.session.step]
    for _ in range(3):
        result = flow.move(current, +1)
        assert payloads(result) == [step_changed(result.agenda.session.step.kind,
                                                 result.agenda.session.step.item_id)]
        current = result.agenda
        seen.append(current.session.step)

    assert seen == [Step.lobby(), Step.statement(11), Step.statement(12), Step.end()]
    assert [s.status for s in current.statements] == [S.PENDING, S.PENDING]  # moving never opens voting
    refused("no_such_step", flow.move, current, +1)


def test_move_back_walks_to_the_lobby_then_stops():
    current = agenda(S.PENDING, S.PENDING, step=Step.end())
    seen = []
    for _ in range(3):
        current = flow.move(current, -1).agenda
        seen.append(current.session.step)

    assert seen == [Step.statement(12), Step.statement(11), Step.lobby()]
    refused("no_such_step", flow.move, current, -1)


def test_move_on_an_agenda_without_statements_goes_straight_to_the_end():
    assert flow.move(agenda(), +1).agenda.session.step == Step.end()


# -- end -------------------------------------------------------------------------------------------
def test_end_session_closes_open_voting_and_shows_the_closing_screen():
    before = agenda(S.REVEALED, S.OPEN, S.PENDING, step=Step.statement(12))

    result = flow.end_session(before)

    assert result.agenda.session.status is SessionStatus.ENDED
    assert not result.agenda.session.active
    assert result.agenda.session.step == Step.end()
    assert statuses(result) == {11: S.REVEALED, 12: S.CLOSED, 13: S.PENDING}
    assert payloads(result) == [about("statement-closed", 12), step_changed("end", None),
                                {"type": "session-ended", "data": {"session_id": SESSION_ID}}]


def test_end_session_already_on_the_closing_screen_sends_no_step_change():
    result = flow.end_session(agenda(S.CLOSED, step=Step.end()))
    assert [e.name for e in result.events] == ["session-ended"]


def test_an_ended_session_cannot_be_reopened_or_ended_again():
    ended = flow.end_session(agenda(S.OPEN, S.PENDING, step=Step.statement(11))).agenda

    refused("session_ended", statement_domain.open_statement, ended, 11)
    refused("session_ended", statement_domain.open_statement, ended, 12)
    refused("session_ended", flow.end_session, ended)


def test_session_ended_is_checked_before_the_statement_exists():
    refused("session_ended", statement_domain.open_statement, agenda(S.PENDING, ended=True), 99)
