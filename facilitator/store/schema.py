"""The tables. SQLAlchemy Core keeps SQL visible and runs the same on SQLite and PostgreSQL."""
from sqlalchemy import (Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("date", String(10), nullable=False),
    Column("language", String(2), nullable=False),
    Column("sectors", Text, nullable=False),  # JSON list, in display order
    Column("moderator_key", String(64), nullable=False),
    Column("status", String(16), nullable=False, default="active"),
    Column("step_kind", String(16), nullable=False, default="lobby"),
    Column("step_item_id", Integer, nullable=True),  # the statement or breakout on screen
    Column("deck", String(200), nullable=True),
    Column("is_demo", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False, default="pending"),
    UniqueConstraint("session_id", "position"),
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
    UniqueConstraint("participant_id", "statement_id"),
    Index("ix_comments_statement", "statement_id"),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
