"""The engine and the one write path: every change goes through Store.write()."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from ..domain.model import Participant, Session

from .agenda_cache import CHANGED, AgendaCache, note_agenda_writes
from .group_commit import GroupCommit
from .migrate import upgrade
from .queries import Queries
from .session_cache import ParticipantCache, SessionCache


def _call(function, *args):
    return function(*args)


# How a call that blocks in the operating system runs: by default right here; the `serve` command
# under eventlet or gevent hands it to an OS thread (launch.py, the one place that knows the mode).
_blocking_call = _call


def run_blocking_calls_with(runner) -> None:
    global _blocking_call
    _blocking_call = runner


class StoreUnavailable(Exception):
    """The database refused a write or a read (locked, full, read-only, gone). Nothing was changed."""


class Store:
    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine = _make_engine(url)
        # SQLite has one writer anyway; taking the lock here keeps green threads from queueing in
        # SQLite's busy handler, where a waiting writer would block the whole eventlet hub.
        self._write_lock = threading.Lock() if self.is_sqlite else _NoLock()
        self._group = GroupCommit(self)
        self._sessions = SessionCache()
        self._participants = ParticipantCache()
        self._agendas: AgendaCache | None = None  # see keep_agendas()
        if self.is_sqlite:
            _commit_off_the_hub(self.engine)
        upgrade(self.engine)

    def batch_writes(self, window: float, sleep) -> None:
        """Let batched() gather the writes of `window` seconds; `sleep` yields to other green threads."""
        self._group = GroupCommit(self, window, sleep)

    def keep_agendas(self) -> None:
        """Keep agendas between reads (agenda_cache.py): only where this process makes every change."""
        self._agendas = AgendaCache()
        note_agenda_writes(self.engine)

    def batched(self, work, *, savepoint: bool = True):
        """Run work(queries) in a transaction shared with the other writes of the same moment.

        For the hot paths (votes, joins, notes): returns work's result once it is committed, or
        raises what work raised (only its own changes are undone) or StoreUnavailable. Work that
        checks everything before it writes may pass savepoint=False and save two statements.
        """
        return self._group.run(work, savepoint)

    @contextmanager
    def write(self) -> Iterator[Queries]:
        """One short transaction: commit on success, roll back on any error. No network I/O inside."""
        with self._write_lock:
            try:
                with self.engine.connect() as conn, conn.execution_options(writing=True).begin():
                    conn.info.pop(CHANGED, None)
                    queries = Queries(conn)
                    yield queries
                    queries.write_pending()
                    changed_agendas = conn.info.pop(CHANGED, False)
                # Committed: what this process keeps of what changed is forgotten.
                if queries.changed_sessions:
                    self._sessions.forget(queries.changed_sessions)
                if changed_agendas and self._agendas is not None:
                    self._agendas.forget_all()
            except OperationalError as exc:  # locked, full, read-only or unreachable
                if self.is_sqlite:
                    # SQLite may have fallen back to read-only connections (a read-only disk); new
                    # ones will write again once the disk allows it, without a restart.
                    self.engine.dispose()
                raise StoreUnavailable(str(exc.orig)) from exc

    @contextmanager
    def read(self) -> Iterator[Queries]:
        try:
            kept = self._agendas
            with self.engine.connect() as conn:
                yield Queries(conn, kept_agendas=(kept, kept.generation) if kept is not None else None)
        except OperationalError as exc:
            raise StoreUnavailable(str(exc.orig)) from exc

    def session_by_code(self, code: str) -> Session | None:
        """The session a page or a connecting socket names, from a second-long cache (session_cache.py).

        Not for writes: an action reads its session again inside its transaction."""
        session = self._sessions.get(code)
        if session is None:
            generation = self._sessions.generation
            with self.read() as q:
                session = q.session_by_code(code)
            if session is not None:
                self._sessions.keep(session, generation)
        return session

    def participant_by_token(self, session_id: int, token_hash: str) -> Participant | None:
        """The participant a phone's token names, kept once found (session_cache.py). Callers have
        found the session first, so a deleted session's participants are never reached."""
        participant = self._participants.get(session_id, token_hash)
        if participant is None:
            with self.read() as q:
                participant = q.participant_by_token(session_id, token_hash)
            if participant is not None:
                self._participants.keep(participant, token_hash)
        return participant

    def keep_participant(self, participant: Participant, token_hash: str) -> None:
        """A phone that has just joined: its page and socket will ask for it in a moment."""
        self._participants.keep(participant, token_hash)

    def wipe_deleted(self) -> None:
        """After a deletion: make what was deleted unreadable in the files too, not just unlisted.

        secure_delete has zeroed the freed pages, but in WAL mode the old pages still sit in the main
        file until a checkpoint, and earlier copies in the -wal file until it is reset: a TRUNCATE
        checkpoint does both. (PostgreSQL: dead rows stay until autovacuum; docs/security.md.)
        """
        if not self.is_sqlite:
            return
        with self._write_lock:
            raw = self.engine.raw_connection()  # outside any transaction, or SQLite refuses
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                raw.close()

    def dispose(self) -> None:
        self.engine.dispose()


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _commit_off_the_hub(engine: Engine) -> None:
    """SQLite's COMMIT waits for the disk (synchronous=FULL: an fsync, 4 to 10 ms here, more on a
    busy laptop), and under green threads that wait would stop every phone, not just the writer: in
    a burst the server sat idle on the disk between batches of votes. In an OS thread the hub keeps
    reading votes meanwhile, and they make the next batch. The writer still waits for the commit
    before anyone is acknowledged. (psycopg's commit already yields; only SQLite needs this.)"""
    commit = engine.dialect.do_commit
    engine.dialect.do_commit = lambda dbapi_connection: _blocking_call(commit, dbapi_connection)


def _make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 5},
        # An in-memory database lives in one connection; every green thread must share it.
        poolclass=StaticPool if in_memory else None,
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):
        # pysqlite's own transaction handling breaks savepoints (which group commit needs):
        # turn it off and let SQLAlchemy emit BEGIN itself, as its documentation advises.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: an acknowledged vote survives even a power cut or a laptop whose battery dies,
        # not just a killed process (NORMAL in WAL mode would risk the last commits).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=2000")
        # A deleted session must be gone from the file, not linger in free pages until they are
        # reused: SQLite overwrites what it deletes with zeros (no VACUUM, which would lock the file).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A write takes the write lock at once: a deferred BEGIN that reads first and then writes
        # is refused immediately when another writer holds the lock, without the busy timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writing") else "BEGIN")

    return engine
