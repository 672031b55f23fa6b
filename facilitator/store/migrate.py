"""Schema migrations with Alembic: every Store brings its database to the newest schema on opening.

A database made before migrations existed (release 0.1.0, tables but no `alembic_version`) is
taken to be at the baseline and upgraded from there. Several workers starting at once on
PostgreSQL take turns through an advisory lock, so one migrates and the others find it done.
"""
from __future__ import annotations

import os
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
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A migration that copies a table must not cascade into its children when it drops the
            # original; SQLite takes this setting only outside a transaction.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
                _upgrade(conn)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration left rows whose parent is missing; nothing was changed")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _upgrade(conn: Connection) -> None:
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
    """The core's revisions and those of each kind of step (facilitator/steps/<kind>/migrations), one line."""
    here = Path(__file__).resolve().parent
    folders = [here / "migrations" / "versions", *sorted((here.parent / "steps").glob("*/migrations"))]
    config = Config()
    config.set_main_option("script_location", str(here / "migrations"))
    config.set_main_option("path_separator", "os")  # a folder name may hold a space
    config.set_main_option("version_locations", os.pathsep.join(str(folder) for folder in folders))
    return config
