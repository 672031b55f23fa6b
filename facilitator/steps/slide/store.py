"""The slides table and its queries (they take the store's Queries: one connection, one transaction)."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, select

from facilitator.domain.model import Step
from facilitator.store.schema import NEVER_REUSE, metadata

from .domain import Slide, SlidePlan

slides = Table(
    "slides", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("image", String(120), nullable=True),  # a file name in the decks folder, checked when served
    **NEVER_REUSE,
)


def create_slide(q, session_id: int, plan: SlidePlan) -> int:
    """Store a checked plan and put it in the agenda after statement `plan.after`."""
    slide_id = q.conn.execute(slides.insert().values(session_id=session_id, title=plan.title, text=plan.text,
                                                     image=plan.image)).inserted_primary_key[0]
    q.place_step(session_id, Step("slide", slide_id), plan.after)
    return slide_id


def session_slides(q, session_id: int) -> list[Slide]:
    rows = q.conn.execute(select(slides).where(slides.c.session_id == session_id).order_by(slides.c.id))
    return [_slide(row) for row in rows]


def slide(q, slide_id: int) -> tuple[Slide, int] | None:
    """The slide and its session id."""
    row = q.conn.execute(select(slides).where(slides.c.id == slide_id)).first()
    return (_slide(row), row.session_id) if row else None


def _slide(row) -> Slide:
    return Slide(row.id, row.title, row.text, row.image)
