"""The tables of group work: breakouts, their groups, who is in which, and the notes on the boards.

They sit on the store's one `metadata` (facilitator/store/schema.py), so the migrations are checked
against them too; the Alembic revisions that made them are older than the kinds and stay in
facilitator/store/migrations/versions (0001, 0003, 0005).
"""
from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from facilitator.store.schema import NEVER_REUSE, metadata

breakouts = Table(
    "breakouts", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("duration", Integer, nullable=False),  # seconds
    Column("assignment", String(20), nullable=False),
    Column("cap", Integer, nullable=True),
    Column("categories", Text, nullable=False),  # JSON list
    Column("status", String(16), nullable=False, default="pending"),
    Column("remaining", Integer, nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=True),
    Column("message", Text, nullable=False, default=""),
    Column("reporting", Integer, nullable=True),
    **NEVER_REUSE,
)

groups = Table(
    "breakout_groups", metadata,
    Column("id", Integer, primary_key=True),
    Column("breakout_id", Integer, ForeignKey("breakouts.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name", String(80), nullable=False),
    Column("place", String(120), nullable=False, default=""),
    Column("questions", Text, nullable=False, default="[]"),  # JSON list
    Column("reporter_id", Integer, ForeignKey("participants.id", ondelete="SET NULL"), nullable=True),
    UniqueConstraint("breakout_id", "number"),
    **NEVER_REUSE,
)

memberships = Table(
    "memberships", metadata,
    Column("breakout_id", Integer, ForeignKey("breakouts.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", Integer, ForeignKey("breakout_groups.id", ondelete="CASCADE"), nullable=False),
    Index("ix_memberships_group", "group_id"),
)

notes = Table(
    "notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("breakout_groups.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    # Made by the phone: a note resent after a lost acknowledgement is recognised and stored once.
    Column("client_id", String(64), nullable=False),
    Column("category", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("hidden", Integer, nullable=False, default=0),
    Column("key_point", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "client_id"),
    Index("ix_notes_group", "group_id"),
    **NEVER_REUSE,
)

note_upvotes = Table(
    "note_upvotes", metadata,
    Column("note_id", Integer, ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)

key_point_supports = Table(
    "key_point_supports", metadata,
    Column("note_id", Integer, ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)


