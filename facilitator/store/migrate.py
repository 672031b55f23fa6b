"""Schema migrations with Alembic: every Store brings its database to the newest schema on opening.

A database made before migrations existed (release 0.1.0, tables but no `alembic_version`) is
taken to be at the baseline and upgraded from there. Several workers starting at once on
PostgreSQL take turns through an advisory lock, so one migrates and the others find it done.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

BASELINE = "0001"  # the schema of release 0.1.0, the last one made without migrations
_LOCK_ID = 7_301_100  # any number of our own for pg_advisory_xact_lock


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; cheap when it is there already."""
    with engine.connect() as conn:
        if _revision(conn) == head():
            return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
        config = _config()
        config.attributes["connection"] = conn
        if _revision(conn) is None and inspect(conn).has_table("sessions"):
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


@cache
def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    return config
