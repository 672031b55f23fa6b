"""What the screens show of a slide: the same for every role (nothing in it is private)."""
from __future__ import annotations

from datetime import datetime

from facilitator.domain.model import Agenda
from facilitator.store.queries import Queries

from . import store


def step_view(q: Queries, agenda: Agenda, slide_id: int, now: datetime) -> dict:
    """`step.slide` while a slide is on screen."""
    found = store.slide(q, slide_id)
    if found is None:
        return {"id": slide_id, "title": "", "text": "", "image_url": None}
    slide, _session_id = found
    image_url = f"/s/{agenda.session.code}/slides/{slide.id}/image" if slide.image else None
    return {"id": slide.id, "title": slide.title, "text": slide.text, "image_url": image_url}


def agenda_rows(q: Queries, agenda: Agenda) -> dict[int, dict]:
    """The control panel's agenda row of each slide: its title."""
    return {s.id: {"title": s.title, "slide": {"id": s.id, "title": s.title}}
            for s in store.session_slides(q, agenda.session.id)}


def titles(q: Queries, session_id: int) -> dict[int, str]:
    return {s.id: s.title for s in store.session_slides(q, session_id)}
