"""Schema migrations: a database of an older release is upgraded in place, and nothing is lost."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from facilitator.domain.model import Step
import facilitator.steps  # noqa: F401  every kind of step adds its tables to the metadata
from facilitator.store import Store, migrate
from facilitator.store.schema import metadata
from facilitator.steps.breakout import store as breakout_store

RELEASE_0_1_0 = Path(__file__).parent / "data" / "release-0.1.0.sql"


def release_database(tmp_path: Path) -> str:
    """A database file exactly as release 0.1.0 left it (made by tests/data/make_release_0_1_0_db.py)."""
    path = tmp_path / "facilitator.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(RELEASE_0_1_0.read_text())
    return f"sqlite:///{path}"


def test_a_release_0_1_0_database_is_upgraded_with_all_its_data(tmp_path):
    url = release_database(tmp_path)
    store = Store(url)
    try:
        assert migrate.current(store.engine) == migrate.head()
        with store.read() as q:
            session = q.session_by_code(q.sessions()[0].code)
            assert session.title == "Polarisatie voorkomen, Zwolle"
            assert session.sectors == ("Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente")
            agenda = q.agenda(session.id)
            first, second = agenda.statements
            assert first.text == "De gemeente hoort de regie te nemen."
            assert first.status.value == "revealed"
            people = q.participants(session.id)
            assert len(people) == 8
            assert sorted(p.name for p in people if p.name) == [f"Deelnemer {i}" for i in (1, 3, 5, 7)]
            votes = q.votes(session.id)
            assert len(votes) == 8 and {choice for _, _, choice in votes} == {"agree", "disagree", "neutral", "pass"}
            comments = {c.text: c.status.value for c in q.comments(session.id)}
            assert comments == {"Omdat niemand anders het overzicht heeft.": "approved", "Liever niet.": "hidden"}
            (breakout,) = agenda.items_of("breakout")
            # The breakout came "after statement 2": the agenda table keeps it there.
            assert agenda.steps() == [Step.lobby(), Step.statement(first.id), Step.statement(second.id),
                                      Step("breakout", breakout.id), Step.end()]
            assert [g.name for g in breakout_store.groups(q, breakout.id)] == ["Tafel A", "Tafel B"]
            assert len(breakout_store.memberships(q, breakout.id)) == 8
            (note,) = breakout_store.notes_of_breakout(q, breakout.id)
            assert note["text"] == "Wat mogen we delen?" and note["key_point"]
            assert len(note["upvoters"]) == 1 and note["supports"] == 1
    finally:
        store.dispose()


def test_the_upgraded_release_database_matches_todays_tables(tmp_path):
    store = Store(release_database(tmp_path))
    try:
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        store.dispose()


def test_a_new_database_gets_exactly_the_tables_of_the_schema(store):
    """On SQLite and PostgreSQL: the migrations and facilitator/store/schema.py say the same."""
    assert migrate.current(store.engine) == migrate.head()
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_opening_an_upgraded_database_again_changes_nothing(tmp_path):
    url = release_database(tmp_path)
    Store(url).dispose()
    path = Path(url.removeprefix("sqlite:///"))
    before = sqlite3.connect(path).execute("SELECT * FROM alembic_version").fetchall()
    Store(url).dispose()
    assert sqlite3.connect(path).execute("SELECT * FROM alembic_version").fetchall() == before == [(migrate.head(),)]


def test_an_upgraded_release_database_takes_what_came_after_it(tmp_path):
    """Columns added since 0.1.0 (deck notes, here) work in a database that was made without them."""
    from facilitator import actions
    from tests.factories import services

    store = Store(release_database(tmp_path))
    try:
        created = actions.create_session(services(store), title="Volgende gemeente", statements=["Een."],
                                         notes=["Vraag door: waarom?"])
        with store.read() as q:
            assert [s.note for s in q.statements(created.session.id)] == ["Vraag door: waarom?"]
            old = next(s for s in q.sessions() if s.id != created.session.id)
            assert len(q.projector_key(old.id)) >= 32  # its projector needs a link of its own now
        # Ids are never handed out twice, also in a table that was made without AUTOINCREMENT.
        actions.delete_session(services(store), created.session.code)
        again = actions.create_session(services(store), title="Nog een", statements=["Twee."])
        assert again.session.id > created.session.id
    finally:
        store.dispose()


def test_the_agenda_keeps_the_order_that_breakouts_after_statement_n_gave(tmp_path):
    """A database at 0004 with breakouts before the first statement, between two, after the last and
    past it: revision 0005 writes the agenda table in the same order, and `after` is gone."""
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    url = f"sqlite:///{tmp_path / 'at-0004.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        config = migrate._config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(text("INSERT INTO sessions (id, code, title, date, language, sectors, moderator_key, "
                          "projector_key, status, step_kind, is_demo, created_at) VALUES (1, 'ABC123', 'T', "
                          "'2026-11-20', 'nl', '[]', 'k', 'p', 'active', 'lobby', 0, '2026-11-20 10:00:00')"))
        for sid, position in ((11, 1), (12, 2), (13, 3)):
            conn.execute(text("INSERT INTO statements (id, session_id, position, text, status) "
                              "VALUES (:id, 1, :p, 'S', 'pending')"), {"id": sid, "p": position})
        for bid, after in ((24, 3), (21, 0), (22, 1), (25, 9), (23, 1)):
            conn.execute(text('INSERT INTO breakouts (id, session_id, "after", title, duration, assignment, '
                              "categories, status, remaining, message) VALUES (:id, 1, :after, 'B', 60, "
                              "'random', '[]', 'pending', 60, '')"), {"id": bid, "after": after})
    engine.dispose()
    store = Store(url)
    try:
        with store.read() as q:
            steps = q.agenda(1).steps()
        assert [(s.kind, s.item_id) for s in steps] == [
            ("lobby", None), ("breakout", 21), ("statement", 11), ("breakout", 22), ("breakout", 23),
            ("statement", 12), ("statement", 13), ("breakout", 24), ("breakout", 25), ("end", None)]
        assert "after" not in {c["name"] for c in inspect(store.engine).get_columns("breakouts")}
    finally:
        store.dispose()
