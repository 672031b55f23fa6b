"""Alembic's entry point: runs on the connection that facilitator.store.migrate hands it."""
from alembic import context

from facilitator.store.schema import metadata

connection = context.config.attributes["connection"]
# Batch mode: SQLite alters a table by copying it, which Alembic does for us in batch operations.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
