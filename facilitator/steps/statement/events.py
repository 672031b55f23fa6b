"""The socket events of statements: phones vote and explain, the moderator opens, closes, reveals, moderates."""
from __future__ import annotations

from facilitator.event_verbs import steering

from . import actions, domain


def _vote(svc, conn, statement_id, choice):
    choice = actions.record_vote(svc, conn.participant, statement_id, choice)
    return {"statement_id": statement_id, "choice": choice}


def _comment(svc, conn, statement_id, text, client_id=None):
    comment = actions.submit_comment(svc, conn.participant, statement_id, text, client_id)
    return {"statement_id": statement_id, "text": comment.text, "status": comment.status.value}


def _moderate(svc, conn, comment_id, status):
    actions.moderate_comment(svc, conn.session_id, comment_id, status)


STATEMENT_ID = {"statement_id": int}

EVENTS = {
    "vote": ("participant", {**STATEMENT_ID, "choice": str}, _vote),
    "comment": ("participant", {**STATEMENT_ID, "text": str, "client_id": (str, None)}, _comment),
    "open_statement": ("moderator", STATEMENT_ID, steering(domain.open_statement, "statement_id")),
    "close_statement": ("moderator", STATEMENT_ID, steering(domain.close_statement, "statement_id")),
    "reveal_statement": ("moderator", STATEMENT_ID, steering(domain.reveal_statement, "statement_id")),
    "moderate_comment": ("moderator", {"comment_id": int, "status": str}, _moderate),
}
