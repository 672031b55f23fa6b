"""The second-long cache of sessions by code (store/session_cache.py): a change made in this process
is seen at once, one made elsewhere within a second, and a lookup never keeps what a change overtook."""
from __future__ import annotations

from facilitator import actions, auth
from facilitator.domain import flow
from facilitator.domain.model import SessionStatus
from facilitator.store import Store
from facilitator.store.session_cache import MAX_AGE, SessionCache
from tests.factories import make_session, services


def test_a_change_in_this_process_is_seen_at_once(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    made = make_session(store)
    assert store.session_by_code(made.session.code).status is SessionStatus.ACTIVE
    actions.steer(services(store), made.session.id, flow.end_session)
    assert store.session_by_code(made.session.code).status is SessionStatus.ENDED
    store.dispose()


def test_a_change_by_another_worker_is_seen_within_a_second(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"
    here, elsewhere = Store(url), Store(url)
    made = make_session(here)
    now = [0.0]
    here._sessions = SessionCache(clock=lambda: now[0])
    assert here.session_by_code(made.session.code).status is SessionStatus.ACTIVE
    actions.steer(services(elsewhere), made.session.id, flow.end_session)
    assert here.session_by_code(made.session.code).status is SessionStatus.ACTIVE  # still the copy
    now[0] += MAX_AGE + 0.01
    assert here.session_by_code(made.session.code).status is SessionStatus.ENDED
    here.dispose(), elsewhere.dispose()


def test_a_deleted_session_is_forgotten_and_unknown_codes_are_never_kept(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    made = make_session(store)
    assert store.session_by_code(made.session.code) is not None
    actions.delete_session(services(store), made.session.code)
    assert store.session_by_code(made.session.code) is None
    assert store.session_by_code("NOSUCH") is None
    assert store._sessions.get("NOSUCH") is None
    store.dispose()


def test_a_lookup_overtaken_by_a_change_keeps_nothing(tmp_path):
    cache = SessionCache()
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    session = make_session(store).session
    generation = cache.generation
    cache.forget({session.id})  # a write committed while the lookup was reading
    cache.keep(session, generation)
    assert cache.get(session.code) is None
    store.dispose()


def _counting_reads(store):
    reads = [0]
    read = store.read

    def counted():
        reads[0] += 1
        return read()
    store.read = counted
    return reads


def test_a_phone_that_has_just_joined_is_found_without_reading_the_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    made = make_session(store)
    participant, token = actions.join(services(store), made.session.code, "Onderwijs", "")
    reads = _counting_reads(store)
    # Its phone page, then its socket: both ask for the participant its cookie names.
    assert store.participant_by_token(made.session.id, auth.hash_token(token)) == participant
    assert store.participant_by_token(made.session.id, auth.hash_token(token)) == participant
    assert reads[0] == 0
    store.dispose()


def test_a_token_names_nobody_in_another_session_and_guesses_are_never_kept(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    here, there = make_session(store), make_session(store)
    _participant, token = actions.join(services(store), here.session.code, "Onderwijs", "")
    assert store.participant_by_token(there.session.id, auth.hash_token(token)) is None
    for guess in range(50):
        assert store.participant_by_token(here.session.id, auth.hash_token(f"guess-{guess}")) is None
    assert len(store._participants._by_token) == 1
    store.dispose()


def test_a_participant_found_after_a_restart_is_kept_from_then_on(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"
    before = Store(url)
    made = make_session(before)
    participant, token = actions.join(services(before), made.session.code, "Onderwijs", "")
    before.dispose()
    after = Store(url)  # a new process: nothing kept
    reads = _counting_reads(after)
    assert after.participant_by_token(made.session.id, auth.hash_token(token)) == participant
    assert after.participant_by_token(made.session.id, auth.hash_token(token)) == participant
    assert reads[0] == 1
    after.dispose()
