"""The projector's own key, and ids that SQLite never hands out twice (AUTOINCREMENT).

Sessions made before get a fresh projector key: their old projector links (the join code alone)
stop working, which is the point; the moderator opens the new one from the control panel.

Revision ID: 0003
Revises: 0002
"""
import secrets

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The tables whose ids a socket, a link or a client may still hold after a deletion.
NUMBERED = ("sessions", "statements", "participants", "comments", "breakouts", "breakout_groups", "notes")


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("projector_key", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    sessions = sa.table("sessions", sa.column("id", sa.Integer), sa.column("projector_key", sa.String))
    for (session_id,) in conn.execute(sa.select(sessions.c.id)).all():
        conn.execute(sessions.update().where(sessions.c.id == session_id)
                     .values(projector_key=secrets.token_urlsafe(24)))
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("projector_key", existing_type=sa.String(length=64), nullable=False)
    if conn.dialect.name == "sqlite":  # PostgreSQL's sequences never go back by themselves
        for name in NUMBERED:
            # Copied into a new table with AUTOINCREMENT; facilitator.store.migrate turns the foreign
            # keys off meanwhile, or dropping the old table would cascade into its children.
            with op.batch_alter_table(name, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("projector_key")
