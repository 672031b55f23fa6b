"""The verbs of the product. Each: load, apply a domain rule, persist in one short transaction,
then publish events. Views and socket handlers call these and nothing below them."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date, timedelta

from sqlalchemy.exc import IntegrityError

from . import auth
from .domain import flow, rules
from .domain.errors import DomainError
from .domain.events import ParticipantJoined, ScreenSeen, SessionDeleted
from .domain.limits import (
    DEFAULT_SECTORS, LANGUAGES, SCREEN_FORGOTTEN, SCREENS_MAX, SECTOR_MAX, STATEMENT_MAX, TITLE_MAX,
)
from .domain.model import Participant, Session
from .services import Services
from .steps import KINDS
from .store import Store


@dataclass(frozen=True)
class NewSession:
    session: Session
    moderator_key: str
    projector_key: str


def create_session(svc: Services, *, title: str, statements: list[str], language: str = "nl",
                   date: str | None = None, sectors: tuple[str, ...] | None = None,
                   deck: str | None = None, is_demo: bool = False, plans: tuple = (),
                   notes: list[str | None] | None = None, phone_results: bool = True) -> NewSession:
    """`notes[i]`, if given, is the deck's note for the moderator on statement i. `plans` are the
    other steps, of any kind (each kind's plan, with its `kind`): each goes after statement `plan.after`
    (at the end when None), in the order given."""

    title = rules.clean_text(title, TITLE_MAX, field="title")
    if language not in LANGUAGES:
        raise DomainError("invalid_language")
    date = _iso_date(date) if date else svc.clock().date().isoformat()
    sectors = tuple(rules.clean_text(s, SECTOR_MAX, field="sectors") for s in (sectors or DEFAULT_SECTORS))
    if not sectors or len(set(sectors)) != len(sectors):
        raise DomainError("invalid_sectors")
    statements = [rules.clean_text(text, STATEMENT_MAX, field="statements") for text in statements]
    key, projector_key = auth.new_secret(), auth.new_secret()
    for _attempt in range(5):  # a clash of random codes is rare; try a fresh one
        try:
            with svc.store.write() as q:
                session_id = q.create_session(
                    code=auth.new_code(), title=title, date=date, language=language, sectors=sectors,
                    moderator_key=key, projector_key=projector_key, deck=deck, statement_texts=statements,
                    now=svc.clock(), is_demo=is_demo, statement_notes=notes, phone_results=phone_results)
                for plan in plans:
                    KINDS[plan.kind].create(q, session_id, language, len(statements), plan)
                return NewSession(q.session(session_id), key, projector_key)
        except IntegrityError:
            continue
    raise DomainError("not_saved")


def join(svc: Services, code: str, sector: object, name: object) -> tuple[Participant, str]:
    """A phone joins: returns the participant and the token its cookie will carry."""
    token = auth.new_secret()
    token_hash = auth.hash_token(token)

    def work(q):
        session = _session(q, code)
        checked_sector, checked_name = rules.check_join(session, sector, name)
        # Numbers count from 1 within the session (never the database's ids, which would tell how
        # many people used this server before): "#3" reads as the third person in the room.
        participant = q.add_participant(session_id=session.id, token_hash=token_hash,
                                        sector=checked_sector, name=checked_name, now=svc.clock())
        # A kind may take a newcomer in at once (group work whose groups are open places them).
        return participant, [event for kind in KINDS.values() if kind.on_join
                             for event in kind.on_join(q, svc, participant)]

    for _attempt in range(5):
        try:
            participant, placed = svc.store.batched(work)
            break
        except IntegrityError:
            # Two phones joining at once on PostgreSQL can both pick the next number; the later one
            # loses the race on the unique (session, number) and simply tries again.
            continue
    else:
        raise DomainError("not_saved")
    svc.store.keep_participant(participant, token_hash)
    svc.publish((ParticipantJoined(participant.session_id, participant.id, participant.sector), *placed))
    return participant, token


def screen_alive(svc: Services, session_id: int, screen_id: object) -> None:
    """A projector screen is still drawing (its page sends this every few seconds while its script runs)."""
    if not isinstance(screen_id, str) or not rules.CLIENT_ID.fullmatch(screen_id):
        raise DomainError("invalid_client_id")
    now = svc.clock()
    with svc.store.write() as q:
        # A bound on rows anyone with the projector link could otherwise add without end.
        if not q.screen_seen(session_id, screen_id, now, forget_before=now - SCREEN_FORGOTTEN, most=SCREENS_MAX):
            raise DomainError("rate_limited")
    svc.publish((ScreenSeen(session_id, screen_id),))


def steer(svc: Services, session_id: int, transition: Callable[..., flow.Transition], *args) -> None:
    """Every moderator move through the agenda: open, close, reveal, show, next, previous, end."""
    with svc.store.write() as q:
        before = q.agenda(session_id)
        result = transition(before, *args)
        q.save_agenda(before, result.agenda)
    svc.publish(result.events)


def delete_session(svc: Services, code: str) -> Session:
    """Delete a session with everything in it (participants, votes, comments, groups, notes)."""
    with svc.store.write() as q:
        session = _session(q, code)
        q.delete_session(session.id)
    svc.store.wipe_deleted()
    svc.publish((SessionDeleted(session.id),))
    return session


def purge_expired(svc: Services, retention_days: int) -> list[Session]:
    """Delete every session dated more than `retention_days` ago (0: keep everything)."""
    if retention_days <= 0:
        return []
    cutoff = (svc.clock().date() - timedelta(days=retention_days)).isoformat()
    with svc.store.write() as q:
        expired = q.sessions_dated_before(cutoff)
        for session in expired:
            q.delete_session(session.id)
    if expired:
        svc.store.wipe_deleted()
    svc.publish(tuple(SessionDeleted(session.id) for session in expired))
    return expired


def ensure_organiser_password(svc: Services, configured: str) -> str | None:
    """Make sure the organiser pages have a password; returns a newly generated one to print once."""
    if configured:
        return None
    with svc.store.write() as q:
        if q.setting(auth.ORGANISER_HASH_KEY):
            return None
        password = auth.new_password()
        q.set_setting(auth.ORGANISER_HASH_KEY, auth.hash_password(password))
    return password


def reset_organiser_password(svc: Services) -> str:
    """`facilitator organiser-password`: a new password, which also signs everyone out (auth.password_stamp)."""
    password = auth.new_password()
    with svc.store.write() as q:
        q.set_setting(auth.ORGANISER_HASH_KEY, auth.hash_password(password))
    return password


def stored_secret_key(store: Store) -> str:
    """The key that signs cookies, generated once and kept in the database, so restarts and other
    workers sign alike. Takes the store, not Services: the app needs it before Services exist."""
    with store.write() as q:
        key = q.setting("secret_key")
        if key is None:
            key = secrets.token_hex(32)
            q.set_setting("secret_key", key)
    return key


def _session(q, code: str) -> Session:
    session = q.session_by_code(auth.normalise_code(code))
    if session is None:
        raise DomainError("unknown_session")
    return session


def _iso_date(value: str) -> str:
    try:
        return Date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise DomainError("invalid_date") from None

