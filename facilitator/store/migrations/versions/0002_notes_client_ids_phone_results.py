"""Deck notes for the moderator, client ids on comments, and whether phones see the result.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("phone_results", sa.Integer(), nullable=True))
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("client_id")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("note")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("phone_results")
