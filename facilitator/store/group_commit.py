"""Group commit: the writes of the same few milliseconds share one transaction and one fsync.

A storm of votes would otherwise cost one transaction (and one disk flush) each. The first writer
to arrive leads: it waits a moment for the others, runs every waiting write in one transaction,
each in its own savepoint so that one refused write does not undo the others, commits, and only
then wakes the batch's writers, each to its own result. Nothing is acknowledged before it is
committed.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import OperationalError


class _Entry:
    __slots__ = ("work", "savepoint", "result", "error")

    def __init__(self, work, savepoint: bool):
        self.work = work
        self.savepoint = savepoint
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    def __init__(self, store, window: float = 0.0, sleep: Callable[[float], None] | None = None):
        self.store = store
        self.window = window
        self.sleep = sleep
        self._lock = threading.Lock()
        self._waiting: list[_Entry] = []
        # One event per batch, not per write: a thousand votes at once make a few events, not a thousand.
        self._committed = threading.Event()
        self._leading = False

    def run(self, work: Callable, savepoint: bool = True):
        """Run work(queries) in a shared transaction; returns its result once committed, or raises."""
        entry = _Entry(work, savepoint)
        with self._lock:
            self._waiting.append(entry)
            committed = self._committed
            lead = not self._leading
            self._leading = True
        if lead:
            self._lead()
        committed.wait()
        if entry.error is not None:
            raise entry.error
        return entry.result

    def _lead(self) -> None:
        if self.window and self.sleep:
            self.sleep(self.window)  # let the other writes of this moment arrive
        while True:
            with self._lock:
                batch, self._waiting = self._waiting, []
                committed, self._committed = self._committed, threading.Event()
                if not batch:
                    self._leading = False
                    committed.set()
                    return
            self._commit(batch)
            committed.set()

    def _commit(self, batch: list[_Entry], retry: bool = True) -> None:
        from . import StoreUnavailable

        try:
            with self.store.write() as q:
                for entry in batch:
                    try:
                        if entry.savepoint:
                            with q.conn.begin_nested():
                                entry.result = entry.work(q)
                        else:
                            entry.result = entry.work(q)
                    except OperationalError:
                        raise  # the database itself failed: the whole batch is not saved
                    except Exception as exc:  # refused by a rule, or a conflict: only this write
                        entry.error = exc
        except StoreUnavailable as exc:
            if retry and "readonly" in str(exc):
                # The store has dropped its connections; one opened read-only while the disk was
                # read-only may have been all it had. A fresh one writes if the disk allows it now.
                for entry in batch:
                    entry.result, entry.error = None, None
                return self._commit(batch, retry=False)
            for entry in batch:
                entry.result, entry.error = None, exc
        except BaseException as exc:  # never leave a writer waiting for ever
            for entry in batch:
                entry.result, entry.error = None, entry.error or exc
