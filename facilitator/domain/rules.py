"""Checks on what participants send: joining, and the text every kind takes. Each returns clean values
or raises; a kind's own checks are in its domain.py (steps/<kind>)."""
from __future__ import annotations

import re
import unicodedata

from .errors import DomainError
from .limits import NAME_MAX
from .model import Session

# What a phone makes up to name a note or comment, so that a resend is recognised.
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def clean_text(text: object, limit: int, *, required: bool = True, field: str = "text") -> str:
    """Trim and normalise text from a user; refuse (never cut) what is over the limit.

    `field` names the input in the error, so a form or a command can say which one was wrong.
    """
    # A lone surrogate is no character at all (a broken client, or a probe); it cannot be stored.
    if not isinstance(text, str) or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise DomainError("invalid_text", field=field)
    # Control characters other than newlines and tabs have no place in a note and can break exports.
    # They go first, so that what they separated is still normalised and trimmed.
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = unicodedata.normalize("NFC", text).strip()
    if required and not text:
        raise DomainError("text_empty", field=field)
    if len(text) > limit:
        raise DomainError("text_too_long", field=field, limit=limit, length=len(text))
    return text


def check_join(session: Session, sector: object, name: object) -> tuple[str, str]:
    if not session.active:
        raise DomainError("session_ended")
    if sector not in session.sectors:
        raise DomainError("unknown_sector")
    return sector, clean_text(name or "", NAME_MAX, required=False, field="name")
