"""The core's tables (each kind of step adds its own to `metadata`: facilitator/steps/<kind>/).
SQLAlchemy Core keeps SQL visible and runs the same on SQLite and PostgreSQL."""
from datetime import datetime, timezone

from sqlalchemy import (Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()


def as_utc(moment: datetime | None) -> datetime | None:
    """A DateTime column's value, always aware: SQLite hands back naive datetimes (all stored in UTC)."""
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment
# Ids are never reused (SQLite's AUTOINCREMENT; PostgreSQL's sequences never go back): a socket or a
# link that still names a deleted session, participant or note must never reach a newer one.
NEVER_REUSE = {"sqlite_autoincrement": True}

sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("date", String(10), nullable=False),
    Column("language", String(2), nullable=False),
    Column("sectors", Text, nullable=False),  # JSON list, in display order
    Column("moderator_key", String(64), nullable=False),
    Column("projector_key", String(64), nullable=False),  # the projector's link: the join code alone is not enough
    Column("status", String(16), nullable=False, default="active"),
    Column("step_kind", String(16), nullable=False, default="lobby"),
    Column("step_item_id", Integer, nullable=True),  # the item on screen, in its kind's table
    Column("deck", String(200), nullable=True),
    Column("is_demo", Integer, nullable=False, default=0),
    Column("phone_results", Integer, nullable=True),  # 0: the result only on the projector; NULL (older rows): on
    Column("created_at", DateTime(timezone=True), nullable=False),
    **NEVER_REUSE,
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("note", Text, nullable=True),  # the deck's note for the moderator, never sent to phones
    Column("status", String(16), nullable=False, default="pending"),
    UniqueConstraint("session_id", "position"),
    **NEVER_REUSE,
)

participants = Table(
    "participants", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    # Only a hash of the token is kept: a copy of the database cannot be used to act as someone.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("sector", String(60), nullable=False),
    Column("name", String(60), nullable=False, default=""),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "number"),
    **NEVER_REUSE,
)

votes = Table(
    "votes", metadata,
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("statement_id", Integer, ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("choice", String(20), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_votes_statement", "statement_id"),
)

comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("statement_id", Integer, ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False, default="pending"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Made by the phone: a comment resent after a lost acknowledgement changes nothing (not even
    # an approval it already got).
    Column("client_id", String(64), nullable=True),
    UniqueConstraint("participant_id", "statement_id"),
    Index("ix_comments_statement", "statement_id"),
    **NEVER_REUSE,
)

# Projector screens and when each last said it is still drawing: in the store, so that every worker
# (not only the one the projector is connected to) can tell the moderator which screens are silent.
screens = Table(
    "screens", metadata,
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("screen_id", String(64), primary_key=True),
    Column("last_seen", DateTime(timezone=True), nullable=False),
)

# The order of the session's steps, of every kind: the lobby and the closing screen are not in it
# (they are always first and last). `item_id` is the id of the step in its kind's own table.
agenda = Table(
    "agenda", metadata,
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("item_id", Integer, nullable=False),
    UniqueConstraint("session_id", "kind", "item_id"),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
