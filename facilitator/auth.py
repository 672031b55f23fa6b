"""Secrets and who-may-do-what: join codes, participant tokens, moderator keys, organiser password."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

# No 0/O, 1/I/L: a code read off a projector across a hall must not be mistyped.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: object) -> str:
    if not isinstance(raw, str):
        return ""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:16]


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(given: object, expected: str | None) -> bool:
    """Constant-time comparison, so response timing says nothing about how close a guess was."""
    if not isinstance(given, str) or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def participant_cookie(code: str) -> str:
    return f"fp_{code}"


def moderator_cookie(code: str) -> str:
    return f"fm_{code}"


def projector_cookie(code: str) -> str:
    return f"fv_{code}"


def opens_projector(given: object, projector_key: str | None, moderator_key: str | None) -> bool:
    """The projector's own key opens it, and so does the moderator's (who may open it from the panel)."""
    return same_secret(given, projector_key) or same_secret(given, moderator_key)


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def password_matches(password: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and check_password_hash(stored_hash, password)


ORGANISER_HASH_KEY = "organiser_password_hash"


def new_password() -> str:
    """A generated organiser password (stored by actions.ensure_organiser_password / reset_organiser_password)."""
    return secrets.token_urlsafe(9)


def password_stamp(store, configured: str, signing_key: str) -> str:
    """A keyed digest of the organiser password in force, kept in the signed-in cookie: when the
    password changes, the stamp no longer matches and every earlier sign-in is void. Keyed, so that
    the cookie tells nothing about the password."""
    if configured:
        secret = configured
    else:
        with store.read() as q:
            secret = q.setting(ORGANISER_HASH_KEY) or ""
    return hmac.new(signing_key.encode(), b"organiser-sign-in:" + secret.encode(), hashlib.sha256).hexdigest()


def organiser_password_ok(store, configured: str, given: object) -> bool:
    if not isinstance(given, str) or not given:
        return False
    if configured:
        return same_secret(given, configured)
    with store.read() as q:
        return password_matches(given, q.setting(ORGANISER_HASH_KEY))
