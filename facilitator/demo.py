"""The demo session `facilitator serve --demo` starts with: the same one across restarts."""
from __future__ import annotations

from pathlib import Path

from . import actions
from .decks import load_deck

DEMO_DECK = "polarisatie-nl.yaml"


def ensure_demo_session(services: actions.Services, decks_dir: str):
    """Reuse the latest active demo session, so a restart keeps its code, QR and moderator link."""
    with services.store.read() as q:
        session = q.latest_demo_session()
        if session is not None:
            return session, q.moderator_key(session.id), q.projector_key(session.id)
    deck = load_deck(Path(decks_dir) / DEMO_DECK)
    new = actions.create_session(services, title=deck.title, statements=list(deck.statements),
                                 language=deck.language, sectors=deck.sectors, deck=DEMO_DECK,
                                 is_demo=True, plans=deck.plans, notes=list(deck.notes))
    return new.session, new.moderator_key, new.projector_key
