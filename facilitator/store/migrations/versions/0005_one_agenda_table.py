"""One agenda table orders the steps of every kind, instead of breakouts placed "after statement N".

The order of existing sessions is kept exactly as the old rule gave it: statements by position,
each followed by the breakouts that came after it (by id); breakouts with after=0 before the first
statement, and those past the last statement at the end. Then `breakouts.after` goes.

Revision ID: 0005
Revises: 0004
"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    agenda = op.create_table(
        "agenda",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "position"),
        sa.UniqueConstraint("session_id", "kind", "item_id"),
    )
    conn = op.get_bind()
    statements = sa.table("statements", sa.column("id", sa.Integer), sa.column("session_id", sa.Integer),
                          sa.column("position", sa.Integer))
    breakouts = sa.table("breakouts", sa.column("id", sa.Integer), sa.column("session_id", sa.Integer),
                         sa.column("after", sa.Integer))
    by_session = defaultdict(lambda: ([], []))
    for row in conn.execute(sa.select(statements.c.id, statements.c.session_id, statements.c.position)
                            .order_by(statements.c.position, statements.c.id)):
        by_session[row.session_id][0].append((row.position, row.id))
    for row in conn.execute(sa.select(breakouts.c.id, breakouts.c.session_id, breakouts.c.after)
                            .order_by(breakouts.c.after, breakouts.c.id)):
        by_session[row.session_id][1].append((row.after, row.id))
    rows = []
    for session_id, (session_statements, session_breakouts) in by_session.items():
        order = old_order(session_statements, session_breakouts)
        rows.extend({"session_id": session_id, "position": position, "kind": kind, "item_id": item_id}
                    for position, (kind, item_id) in enumerate(order, start=1))
    if rows:
        conn.execute(agenda.insert(), rows)
    with op.batch_alter_table("breakouts") as batch:
        batch.drop_column("after")


def old_order(statements: list[tuple[int, int]], breakouts: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """The rule the agenda followed before this table: (position, id) statements, (after, id) breakouts."""
    order = [("breakout", bid) for after, bid in breakouts if after == 0]
    for position, sid in statements:
        order.append(("statement", sid))
        order.extend(("breakout", bid) for after, bid in breakouts if after == position)
    last = statements[-1][0] if statements else 0
    order.extend(("breakout", bid) for after, bid in breakouts if after > last)
    return order


def downgrade() -> None:
    with op.batch_alter_table("breakouts") as batch:
        batch.add_column(sa.Column("after", sa.Integer(), nullable=False, server_default="0"))
    conn = op.get_bind()
    # Back to "after statement N": each breakout follows the last statement before it in the agenda.
    rows = conn.execute(sa.text("SELECT a.session_id, a.kind, a.item_id, s.position FROM agenda a "
                                "LEFT JOIN statements s ON a.kind = 'statement' AND s.id = a.item_id "
                                "ORDER BY a.session_id, a.position")).all()
    last: dict[int, int] = {}
    for session_id, kind, item_id, position in rows:
        if kind == "statement":
            last[session_id] = position
        elif kind == "breakout":
            conn.execute(sa.text('UPDATE breakouts SET "after" = :after WHERE id = :id'),
                         {"after": last.get(session_id, 0), "id": item_id})
    op.drop_table("agenda")
