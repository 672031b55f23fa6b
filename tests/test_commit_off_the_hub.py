"""A commit that waits for the disk must not stop every other phone (eventlet, as `serve` runs)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.server import ROOT

# Runs in its own process: eventlet patches the standard library, as `facilitator serve` does.
SCRIPT = r"""
import sys
from facilitator.launch import patch
patch("eventlet")

import sqlite3, eventlet, json
from eventlet.patcher import original
from sqlalchemy import text
from facilitator.store import Store

disk_wait = original("time").sleep
state = {"committing": False, "served_while_committing": 0, "commits": 0}

class SlowDisk(sqlite3.Connection):
    # A laptop whose disk is busy: every COMMIT waits a quarter of a second for its flush.
    def commit(self):
        state["committing"] = True
        disk_wait(0.25)
        state["committing"] = False
        state["commits"] += 1
        return super().commit()

import sqlite3.dbapi2
plain_connect = sqlite3.dbapi2.connect
sqlite3.dbapi2.connect = lambda *args, **kwargs: plain_connect(*args, factory=SlowDisk, **kwargs)
store = Store("sqlite:///" + sys.argv[1])

def other_phones():  # everyone else, served by the same hub
    for _ in range(200):
        if state["committing"]:
            state["served_while_committing"] += 1
        eventlet.sleep(0.005)

others = eventlet.spawn(other_phones)
eventlet.sleep(0)
before = state["commits"]
with store.write() as q:
    q.conn.execute(text("CREATE TABLE probe (x INTEGER)"))
    q.conn.execute(text("INSERT INTO probe VALUES (1)"))
committed = state["commits"] - before
others.kill()
print(json.dumps({**state, "committed": committed}))
"""


def test_other_phones_are_served_while_a_commit_waits_for_the_disk(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "slow.db")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["committed"] == 1  # the write itself still waits for its commit
    assert outcome["served_while_committing"] > 0
