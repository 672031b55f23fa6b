"""The store through the product's actions, on SQLite and PostgreSQL: what is saved is what comes back."""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from facilitator import actions, auth
from facilitator.domain import flow
from facilitator.domain.errors import DomainError
from facilitator.domain.limits import SCREEN_FORGOTTEN, SCREENS_MAX
from facilitator.domain.model import CommentStatus, SessionStatus, StatementStatus as S, Step
from facilitator.domain.tally import build_tally
from facilitator.store import Store, StoreUnavailable
from facilitator.store.schema import participants
from facilitator.steps.statement import actions as statement_actions
from facilitator.steps.statement import domain as statement_domain
from tests.factories import SECTORS, STATEMENTS, make_session, services

NOW = datetime(2026, 11, 5, 9, 30, tzinfo=timezone.utc)


def first_statement(store: Store, session_id: int) -> int:
    with store.read() as q:
        return q.statements(session_id)[0].id


def open_first(store: Store, session_id: int) -> int:
    statement_id = first_statement(store, session_id)
    actions.steer(services(store), session_id, statement_domain.open_statement, statement_id)
    return statement_id


def refused(code: str, call, *args) -> DomainError:
    with pytest.raises(DomainError) as info:
        call(*args)
    assert info.value.code == code
    return info.value


# -- sessions --------------------------------------------------------------------------------------
def test_a_session_round_trips(store):
    sectors = ("Zorg", "Anders", "Onderwijs")
    created = actions.create_session(services(store), title="  Samen sterk  ", statements=["Een.", "Twee.", "Drie."],
                                     language="en", date="2026-11-05", sectors=sectors)

    with store.read() as q:
        session = q.session_by_code(created.session.code)
        statements = q.statements(session.id)
        key = q.moderator_key(session.id)

    assert session == created.session
    assert (session.title, session.date, session.language) == ("Samen sterk", "2026-11-05", "en")
    assert session.sectors == sectors  # the order the phones show them in
    assert session.status is SessionStatus.ACTIVE and session.step == Step.lobby()
    assert [(s.position, s.text, s.status) for s in statements] == [(1, "Een.", S.PENDING), (2, "Twee.", S.PENDING),
                                                                     (3, "Drie.", S.PENDING)]
    assert key == created.moderator_key


def test_deck_notes_are_kept_for_the_moderator(store):
    created = actions.create_session(services(store), title="T", statements=["Een.", "Twee."],
                                     notes=["Vraag door: waarom?", None])
    with store.read() as q:
        assert [s.note for s in q.statements(created.session.id)] == ["Vraag door: waarom?", None]


# -- participants ----------------------------------------------------------------------------------
def test_participants_are_numbered_per_session(store):
    svc = services(store)
    first, second = make_session(store).session, make_session(store).session
    order = [first, first, second, first, second]
    joined = [actions.join(svc, session.code, "Onderwijs", "")[0] for session in order]

    # Each session counts its own people from 1: a moderator seeing #393 would think of a mistake.
    assert [p.number for p in joined] == [1, 2, 1, 3, 2]
    with store.read() as q:
        assert [p.number for p in q.participants(first.id)] == [1, 2, 3]
        assert [p.number for p in q.participants(second.id)] == [1, 2]


def test_the_join_code_is_read_forgivingly(store):
    session = make_session(store).session
    participant, _ = actions.join(services(store), f" {session.code.lower()[:3]}-{session.code.lower()[3:]} ",
                                  "Gemeente", "Anna")
    assert participant.session_id == session.id


def test_the_token_is_kept_only_as_a_hash(store):
    session = make_session(store).session
    participant, token = actions.join(services(store), session.code, "Gemeente", "Anna")

    with store.read() as q:
        rows = q.conn.execute(select(participants)).mappings().all()
        assert q.participant_by_token(session.id, auth.hash_token(token)) == participant
        assert q.participant_by_token(session.id, token) is None

    assert len(rows) == 1
    for column, value in rows[0].items():
        assert token not in str(value), f"participants.{column} holds the raw token"


def test_a_refused_join_saves_nobody(store):
    session = make_session(store).session
    refused("unknown_sector", actions.join, services(store), session.code, "Politie", "Anna")
    refused("unknown_session", actions.join, services(store), "ZZZZZZ", "Onderwijs", "Anna")
    with store.read() as q:
        assert q.participants(session.id) == []


def test_attendance_counts_participants_per_sector(store):
    svc = services(store)
    session = make_session(store).session
    other = make_session(store).session
    for sector in ("Onderwijs", "Gemeente", "Onderwijs"):
        actions.join(svc, session.code, sector, "")
    actions.join(svc, other.code, "Anders", "")

    with store.read() as q:
        assert q.attendance(session.id) == {"Onderwijs": 2, "Gemeente": 1}
        assert q.participant_counts() == {session.id: 3, other.id: 1}


def test_two_phones_joining_at_the_same_moment_both_get_in(store):
    if store.is_sqlite:
        pytest.skip("SQLite writes in one process are serialised by the store's write lock")
    session = make_session(store).session
    outcome: dict = {}

    def second_phone():
        try:
            outcome["participant"] = actions.join(services(store), session.code, "Gemeente", "")[0]
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    with store.write() as q:  # the first phone's join, caught half-way
        q.add_participant(session_id=session.id, token_hash="f" * 64, sector="Onderwijs", name="", now=NOW)
        thread = threading.Thread(target=second_phone)
        thread.start()
        _wait_for_a_lock_wait(store)
    thread.join(10)

    assert "error" not in outcome, repr(outcome.get("error"))
    with store.read() as q:
        numbers = [p.number for p in q.participants(session.id)]
    assert sorted(numbers) == [1, 2], numbers


def _wait_for_a_lock_wait(store: Store) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with store.engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND wait_event_type = 'Lock' AND query ILIKE '%participants%'")).scalar():
                return
        time.sleep(0.02)


# -- votes and comments ----------------------------------------------------------------------------
def test_a_second_vote_replaces_the_first(store):
    published: list = []
    svc = services(store, published)
    session = make_session(store).session
    statement_id = open_first(store, session.id)
    participant, _ = actions.join(svc, session.code, "Onderwijs", "")

    statement_actions.record_vote(svc, participant, statement_id, "agree")
    statement_actions.record_vote(svc, participant, statement_id, "strongly_disagree")

    with store.read() as q:
        assert q.votes(session.id) == [(participant.id, statement_id, "strongly_disagree")]
        assert q.vote_counts(session.id) == {statement_id: 1}
    assert [e.payload()["data"]["choice"] for e in published if e.name == "vote-recorded"] == \
        ["agree", "strongly_disagree"]


def test_a_vote_on_a_closed_statement_is_not_saved(store):
    svc = services(store)
    session = make_session(store).session
    participant, _ = actions.join(svc, session.code, "Onderwijs", "")
    refused("voting_closed", statement_actions.record_vote, svc, participant, first_statement(store, session.id), "agree")
    with store.read() as q:
        assert q.votes(session.id) == []


def test_tally_rows_count_votes_per_sector_and_choice(store):
    svc = services(store)
    session = make_session(store).session
    statement_id = open_first(store, session.id)
    for sector, choice in [("Onderwijs", "agree"), ("Onderwijs", "agree"), ("Gemeente", "pass"),
                           ("Gemeente", "agree"), ("Anders", "disagree")]:
        participant, _ = actions.join(svc, session.code, sector, "")
        statement_actions.record_vote(svc, participant, statement_id, choice)
    other_statement = first_statement(store, make_session(store).session.id)

    with store.read() as q:
        rows = q.tally_rows(statement_id)
        assert q.tally_rows(other_statement) == []
    assert sorted(rows) == [("Anders", "disagree", 1), ("Gemeente", "agree", 1), ("Gemeente", "pass", 1),
                            ("Onderwijs", "agree", 2)]
    tally = build_tally(rows, session.sectors)
    assert (tally.overall.total, tally.overall.opinions) == (5, 4)
    assert tally.overall.agree_share == pytest.approx(0.75)


def test_a_resubmitted_comment_waits_for_approval_again(store):
    svc = services(store)
    session = make_session(store).session
    statement_id = open_first(store, session.id)
    participant, _ = actions.join(svc, session.code, "Onderwijs", "")

    statement_actions.submit_comment(svc, participant, statement_id, "Eerste gedachte")
    with store.read() as q:
        (comment,) = q.comments(session.id)
    statement_actions.moderate_comment(svc, session.id, comment.id, "approved")
    with store.read() as q:
        assert q.comments(session.id)[0].status is CommentStatus.APPROVED

    statement_actions.submit_comment(svc, participant, statement_id, "  Beter verwoord  ")

    with store.read() as q:
        (again,) = q.comments(session.id)
        assert q.comments_with_authors(statement_id, approved_only=True) == []
    assert again.id == comment.id
    assert (again.text, again.status) == ("Beter verwoord", CommentStatus.PENDING)


def test_a_comment_resent_with_its_client_id_is_stored_once_and_keeps_its_approval(store):
    svc = services(store)
    session = make_session(store).session
    statement_id = open_first(store, session.id)
    participant, _ = actions.join(svc, session.code, "Onderwijs", "")

    first = statement_actions.submit_comment(svc, participant, statement_id, "Omdat het werkt", "c0ffee-0001")
    statement_actions.moderate_comment(svc, session.id, first.id, "approved")
    # The phone never heard the acknowledgement and sends the same comment again on reconnect.
    again = statement_actions.submit_comment(svc, participant, statement_id, "Omdat het werkt", "c0ffee-0001")

    assert (again.id, again.status) == (first.id, CommentStatus.APPROVED)
    with store.read() as q:
        assert [(c.text, c.status) for c in q.comments(session.id)] == [("Omdat het werkt", CommentStatus.APPROVED)]
    refused("invalid_client_id", statement_actions.submit_comment, svc, participant, statement_id, "x", "no spaces!")


def test_moderating_another_sessions_comment_is_refused_and_changes_nothing(store):
    published: list = []
    svc = services(store, published)
    mine, theirs = make_session(store).session, make_session(store).session
    statement_id = open_first(store, theirs.id)
    participant, _ = actions.join(svc, theirs.code, "Onderwijs", "")
    statement_actions.submit_comment(svc, participant, statement_id, "Mijn mening")
    with store.read() as q:
        (comment,) = q.comments(theirs.id)
    published.clear()

    refused("unknown_comment", statement_actions.moderate_comment, svc, mine.id, comment.id, "hidden")

    with store.read() as q:
        assert q.comments(theirs.id)[0].status is CommentStatus.PENDING
    assert published == []


# -- steering --------------------------------------------------------------------------------------
def test_steering_persists_step_and_statuses(store):
    svc = services(store)
    session = make_session(store).session
    with store.read() as q:
        first, second, third = (s.id for s in q.statements(session.id))

    expected = None
    for transition, args in [(statement_domain.open_statement, (first,)), (statement_domain.open_statement, (second,)),
                             (statement_domain.reveal_statement, (first,)), (flow.move, (+1,)), (flow.show_step, (Step.lobby(),))]:
        with store.read() as q:
            expected = transition(q.agenda(session.id), *args).agenda
        actions.steer(svc, session.id, transition, *args)
        with store.read() as q:
            assert q.agenda(session.id) == expected

    assert expected.session.step == Step.lobby()
    assert [s.status for s in expected.statements] == [S.REVEALED, S.OPEN, S.PENDING]


def test_an_ended_session_stays_ended_and_refuses_joins(store):
    svc = services(store)
    session = make_session(store).session
    statement_id = open_first(store, session.id)

    actions.steer(svc, session.id, flow.end_session)

    with store.read() as q:
        agenda = q.agenda(session.id)
    assert agenda.session.status is SessionStatus.ENDED
    assert agenda.session.step == Step.end()
    assert agenda.statement(statement_id).status is S.CLOSED
    refused("session_ended", actions.join, svc, session.code, "Onderwijs", "")


def test_a_refused_move_saves_nothing_and_publishes_nothing(store):
    published: list = []
    session = make_session(store).session
    refused("no_such_step", actions.steer, services(store, published), session.id, flow.move, -1)
    with store.read() as q:
        assert q.session(session.id).step == Step.lobby()
    assert published == []


# -- the write path --------------------------------------------------------------------------------
def test_a_failed_write_leaves_nothing_behind(store):
    svc = services(store)
    session = make_session(store).session
    statement_id = open_first(store, session.id)
    participant, _ = actions.join(svc, session.code, "Onderwijs", "")
    statement_actions.record_vote(svc, participant, statement_id, "agree")

    with pytest.raises(RuntimeError, match="half-way"):
        with store.write() as q:
            q.record_vote(session_id=session.id, statement_id=statement_id, participant_id=participant.id,
                          choice="disagree", now=NOW)
            q.add_participant(session_id=session.id, token_hash="e" * 64, sector="Gemeente", name="", now=NOW)
            q.set_setting("half", "done")
            raise RuntimeError("half-way")

    with store.read() as q:
        assert q.votes(session.id) == [(participant.id, statement_id, "agree")]
        assert [p.id for p in q.participants(session.id)] == [participant.id]
        assert q.setting("half") is None
    # and the store still takes writes afterwards
    statement_actions.record_vote(svc, participant, statement_id, "neutral")
    with store.read() as q:
        assert q.votes_of(participant.id) == {statement_id: "neutral"}


def test_a_locked_sqlite_database_is_reported_as_unavailable_and_keeps_earlier_data(tmp_path):
    path = tmp_path / "locked.db"
    store = Store(f"sqlite:///{path}")
    try:
        published: list = []
        svc = services(store, published)
        session = make_session(store).session
        statement_id = open_first(store, session.id)
        participant, _ = actions.join(svc, session.code, "Onderwijs", "")
        statement_actions.record_vote(svc, participant, statement_id, "agree")
        published.clear()

        # Another process holds the write lock (chmod cannot stop a root test run from writing).
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            with pytest.raises(StoreUnavailable, match="locked"):
                statement_actions.record_vote(svc, participant, statement_id, "disagree")
            assert time.monotonic() - started < 4.5  # the short busy timeout, not a hang
            assert published == []  # no screen is told about a vote that was not saved
        finally:
            other.execute("ROLLBACK")
            other.close()

        with store.read() as q:
            assert q.votes(session.id) == [(participant.id, statement_id, "agree")]
        statement_actions.record_vote(svc, participant, statement_id, "disagree")  # works again once the lock is gone
        with store.read() as q:
            assert q.votes_of(participant.id) == {statement_id: "disagree"}
        assert [e.name for e in published] == ["vote-recorded"]
    finally:
        store.dispose()


def test_statements_keep_their_deck_order(store):
    session = make_session(store).session
    with store.read() as q:
        assert [s.text for s in q.statements(session.id)] == STATEMENTS
        assert q.session(session.id).sectors == SECTORS


def test_retention_deletes_old_sessions_with_everything_in_them(store):
    from sqlalchemy import func, select

    from facilitator.store import schema

    svc = services(store)
    old = actions.create_session(svc, title="Vorig jaar", statements=["Een stelling"], date="2020-03-01",
                                 sectors=("Onderwijs", "Gemeente"))
    recent = make_session(store)
    statement_id = first_statement(store, old.session.id)
    actions.steer(svc, old.session.id, statement_domain.open_statement, statement_id)
    person, _ = actions.join(svc, old.session.code, "Onderwijs", "Anna")
    statement_actions.record_vote(svc, person, statement_id, "agree")
    statement_actions.submit_comment(svc, person, statement_id, "Toen dacht ik er zo over.")

    gone = actions.purge_expired(svc, 30)

    assert [s.code for s in gone] == [old.session.code]
    with store.read() as q:
        assert q.session(old.session.id) is None and q.session(recent.session.id) is not None
        for table in (schema.participants, schema.votes, schema.comments, schema.statements):
            left = q.conn.execute(select(func.count()).select_from(table)
                                  .where(table.c.session_id == old.session.id)).scalar()
            assert left == 0, table.name
    assert actions.purge_expired(svc, 0) == [], "0 days keeps everything"


def test_projector_screens_are_kept_bounded_and_forgotten_when_long_silent(store):
    session_id = make_session(store).session.id
    start = datetime(2026, 12, 10, 9, 0, tzinfo=timezone.utc)
    published = []

    def at(moment):
        return actions.Services(store=store, publish=published.extend, clock=lambda: moment)

    for n in range(SCREENS_MAX):
        actions.screen_alive(at(start), session_id, f"screen-{n:04d}")
    with pytest.raises(DomainError) as refused:
        actions.screen_alive(at(start), session_id, "screen-one-too-many")
    assert refused.value.code == "rate_limited"
    actions.screen_alive(at(start + timedelta(seconds=3)), session_id, "screen-0000")  # a known one is welcome
    # Ten minutes later the silent ones are forgotten, and a new screen is let in.
    later = start + SCREEN_FORGOTTEN + timedelta(seconds=1)
    actions.screen_alive(at(later), session_id, "screen-new-one")
    with store.read() as q:
        seen = sorted(q.screens_seen(session_id))
    assert seen == [start + timedelta(seconds=3), later]
    assert {e.name for e in published} == {"screen-seen"}
