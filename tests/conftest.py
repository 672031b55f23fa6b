"""Shared fixtures: a real server in a subprocess, and stores on SQLite and PostgreSQL."""
from __future__ import annotations

import os

import pytest

from facilitator.store import Store
from tests.server import LiveServer

POSTGRES_URL = os.environ.get("FACILITATOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# A Redis database the tests own: they delete the facilitator's keys in it when they start, so that
# counters of an earlier run (whose session ids the fresh PostgreSQL schema hands out again) are gone.
REDIS_URL = os.environ.get("FACILITATOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRE_SERVICES = os.environ.get("FACILITATOR_REQUIRE_SERVICES") == "1"


def service_missing(reason: str):
    """Skip on a machine without the service, but fail in CI, where it must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (FACILITATOR_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("server")).start()
    yield live
    live.stop()


@pytest.fixture
def server_store(server):
    """The store the running server uses, opened from the test process to set up and to check."""
    store = Store(server.database_url())
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """The test database, its tables made afresh once per run so a schema change never meets old tables."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            # Everything goes, also tables of another branch's schema or the migrations' own table.
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    except OperationalError as exc:
        service_missing(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.orig}")
    finally:
        engine.dispose()
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url():
    """The test Redis database, without what an earlier run left in it."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in client.scan_iter("facilitator/*"):
            client.delete(key)
    except redis.RedisError as exc:
        service_missing(f"Redis not reachable at {REDIS_URL}: {exc}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def shared_services(request, redis_url):
    """PostgreSQL and Redis, as several workers share them: the store, opened from the test process."""
    from sqlalchemy.exc import OperationalError

    try:
        store = Store(request.getfixturevalue("postgres_url"))
    except OperationalError as exc:
        service_missing(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.orig}")
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'test.db'}")
        yield store
        store.dispose()
        return
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    try:
        store = Store(request.getfixturevalue("postgres_url"))
    except OperationalError as exc:
        service_missing(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.orig}")
    yield store
    from facilitator.store.schema import metadata

    with store.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    store.dispose()
