"""Checks on what participants send: joining, voting, commenting. Each returns clean values or raises."""
from __future__ import annotations

import unicodedata

from .errors import DomainError
from .model import CHOICES, COMMENT_MAX, NAME_MAX, Agenda, Session, StatementStatus


def clean_text(text: object, limit: int, *, required: bool = True) -> str:
    """Trim and normalise text from a user; refuse (never cut) what is over the limit."""
    if not isinstance(text, str):
        raise DomainError("invalid_text")
    text = unicodedata.normalize("NFC", text).strip()
    # Control characters other than newlines and tabs have no place in a note and can break exports.
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if required and not text:
        raise DomainError("text_empty")
    if len(text) > limit:
        raise DomainError("text_too_long", limit=limit, length=len(text))
    return text


def check_join(session: Session, sector: object, name: object) -> tuple[str, str]:
    if not session.active:
        raise DomainError("session_ended")
    if sector not in session.sectors:
        raise DomainError("unknown_sector")
    return sector, clean_text(name or "", NAME_MAX, required=False)


def check_vote(agenda: Agenda, statement_id: int, choice: object) -> str:
    """A vote counts only for the statement on screen, while its voting is open."""
    if choice not in CHOICES:
        raise DomainError("invalid_choice")
    _require_open(agenda, statement_id)
    return choice


def check_comment(agenda: Agenda, statement_id: int, text: object) -> str:
    text = clean_text(text, COMMENT_MAX)
    _require_open(agenda, statement_id)
    return text


def _require_open(agenda: Agenda, statement_id: int) -> None:
    if not agenda.session.active:
        raise DomainError("session_ended")
    statement = agenda.statement(statement_id)
    if statement.status is not StatementStatus.OPEN:
        raise DomainError("voting_closed")
