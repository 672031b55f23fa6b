"""The statement parts of the `state` snapshots: the statement on screen, votes, the result, comments."""
from __future__ import annotations

from datetime import datetime

from facilitator.domain.model import Agenda, Participant, StatementStatus
from facilitator.domain.tally import build_tally
from facilitator.store.queries import Queries


def step_view(q: Queries, agenda: Agenda, statement_id: int, now: datetime) -> dict:
    """`step.statement` while a statement is on screen."""
    return statement_view(agenda.statement(statement_id))


def parts(role: str, q: Queries, agenda: Agenda, state: dict, *, now: datetime,
          me: Participant | None = None) -> None:
    """What every role shows of the statements, whatever step is on screen."""
    # "Statement 1 of 10" counts statements only; `count` (every step) is for the agenda's buttons.
    state["step"]["statements"] = len(agenda.statements)
    current = agenda.current_statement()
    revealed = current is not None and current.status is StatementStatus.REVEALED
    if role == "participant":
        if me is not None:
            comments = q.comments_of(me.id)
            state["me"].update(
                votes={str(sid): choice for sid, choice in q.votes_of(me.id).items()},
                comments={str(sid): {"text": c.text, "status": c.status.value} for sid, c in comments.items()})
        if revealed and agenda.session.phone_results:
            # The same figures as the projector, without the comments: those are read on the big screen.
            state["result"] = build_tally(q.tally_rows(current.id), agenda.session.sectors).as_dict()
        return
    votes = q.vote_counts(agenda.session.id).get(current.id, 0) if current else 0
    state["votes"] = {"count": votes}
    if role == "projector":
        state["result"] = _result(q, agenda) if revealed else None
    else:
        state["result"] = _result(q, agenda) if current else None
        state["comments"] = q.comments_with_authors(current.id) if current else []


def agenda_rows(q: Queries, agenda: Agenda) -> dict[int, dict]:
    """The control panel's agenda row of each statement, with the deck's note (for the moderator alone)."""
    counts = q.vote_counts(agenda.session.id)
    return {s.id: {"statement": {**statement_view(s), "note": s.note or ""}, "votes": counts.get(s.id, 0)}
            for s in agenda.statements}


def _result(q: Queries, agenda: Agenda) -> dict:
    """The distribution and the approved comments, without names: exactly what the projector shows."""
    current = agenda.current_statement()
    tally = build_tally(q.tally_rows(current.id), agenda.session.sectors).as_dict()
    comments = [{"text": c["text"], "sector": c["sector"], "choice": c["choice"]}
                for c in q.comments_with_authors(current.id, approved_only=True)]
    return {**tally, "comments": comments}


def statement_view(statement) -> dict:
    return {"id": statement.id, "position": statement.position, "text": statement.text,
            "status": statement.status.value}


def titles(q: Queries, session_id: int) -> dict[int, str]:
    """Each statement's text, for the report's agenda."""
    return {s.id: s.text for s in q.statements(session_id)}
