"""What the moderator may do with a statement, and what a phone may send about it. Pure: no IO."""
from __future__ import annotations

from facilitator.domain.errors import DomainError
from facilitator.domain.events import StatementClosed, StatementOpened, StatementRevealed
from facilitator.domain.flow import Transition, moved, require_active
from facilitator.domain.limits import COMMENT_MAX
from facilitator.domain.model import CHOICES, Agenda, StatementStatus as S, Step
from facilitator.domain.rules import CLIENT_ID, clean_text


def open_statement(agenda: Agenda, statement_id: int) -> Transition:
    """Open voting on one statement and show it; any other open statement closes."""
    require_active(agenda)
    statement = agenda.statement(statement_id)
    if statement.status not in (S.PENDING, S.CLOSED):
        raise DomainError("invalid_transition", status=statement.status.value, action="open")
    statuses = {s.id: S.CLOSED for s in agenda.statements if s.status is S.OPEN}
    statuses[statement_id] = S.OPEN
    step = Step.statement(statement_id)
    events = (*moved(agenda, step),
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
                      (*moved(agenda, step), StatementRevealed(agenda.session.id, statement_id)))


def check_vote(agenda: Agenda, statement_id: int, choice: object) -> str:
    """A vote counts only for the statement on screen, while its voting is open."""
    if choice not in CHOICES:
        raise DomainError("invalid_choice")
    _require_open(agenda, statement_id)
    return choice


def check_comment(agenda: Agenda, statement_id: int, text: object, client_id: object = None) -> str:
    text = clean_text(text, COMMENT_MAX)
    if client_id is not None and (not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id)):
        raise DomainError("invalid_client_id")
    _require_open(agenda, statement_id)
    return text


def _require_open(agenda: Agenda, statement_id: int) -> None:
    if not agenda.session.active:
        raise DomainError("session_ended")
    statement = agenda.statement(statement_id)
    if statement.status is not S.OPEN:
        raise DomainError("voting_closed")
