"""The verbs of statements: a phone votes and explains, the moderator judges an explanation.

Same shape as facilitator/actions.py: load, apply a domain rule, persist in one short transaction, then
publish. Opening, closing and revealing are flow transitions (domain/flow.py), steered by the core.
"""
from __future__ import annotations

from facilitator.domain.errors import DomainError
from facilitator.domain.events import CommentModerated, CommentSubmitted, VoteRecorded
from facilitator.domain.model import Comment, CommentStatus, Participant
from facilitator.services import Services

from . import domain


def record_vote(svc: Services, participant: Participant, statement_id: int, choice: object) -> str:
    def work(q):
        checked = domain.check_vote(q.cached_agenda(participant.session_id), statement_id, choice)
        q.record_vote(session_id=participant.session_id, statement_id=statement_id,
                      participant_id=participant.id, choice=checked, now=svc.clock())
        return checked

    checked = svc.store.batched(work, savepoint=False)  # checks first, then only queues its row
    svc.publish((VoteRecorded(participant.session_id, statement_id, participant.id, checked),))
    return checked


def submit_comment(svc: Services, participant: Participant, statement_id: int, text: object,
                   client_id: object = None) -> Comment:
    """Saves a participant's comment; `client_id` (made by the phone) makes a resend harmless."""
    def work(q):
        checked = domain.check_comment(q.cached_agenda(participant.session_id), statement_id, text, client_id)
        return q.save_comment(session_id=participant.session_id, statement_id=statement_id,
                              participant_id=participant.id, text=checked, now=svc.clock(), client_id=client_id)

    comment = svc.store.batched(work)
    svc.publish((CommentSubmitted(participant.session_id, statement_id, comment.id),))
    return comment


def moderate_comment(svc: Services, session_id: int, comment_id: int, status: object) -> None:
    try:
        status = CommentStatus(status)
    except ValueError:
        raise DomainError("invalid_status") from None
    with svc.store.write() as q:
        found = q.comment(comment_id)
        if found is None or found[1] != session_id:  # another session's comment is not yours to judge
            raise DomainError("unknown_comment")
        q.set_comment_status(comment_id, status)
    comment = found[0]
    svc.publish((CommentModerated(session_id, comment.statement_id, comment_id, status.value,
                                  comment.participant_id),))
