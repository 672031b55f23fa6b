"""`facilitator loadtest` against the real server: it measures, and it checks what was stored."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from facilitator.loadtest.run import check_target, parse_moderator_url
from facilitator.loadtest.stats import percentile
from tests.factories import make_session
from tests.server import ROOT

pytestmark = pytest.mark.server


def test_a_small_run_acknowledges_and_stores_every_vote(server, server_store, tmp_path):
    new = make_session(server_store)
    url = f"{server.url}/m/{new.session.code}?key={new.moderator_key}"
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "loadtest", url, "--phones", "20", "--reconnect", "0.25",
         "--comments", "0.5", "--notes", "1", "--timeout", "60", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text())
    assert figures["joined"] == 20 and figures["votes_acknowledged"] == 20
    assert figures["stored_votes_added"] == 20 and figures["stored_matches_acknowledged"] is True
    assert figures["errors"] == 0 and figures["notes_acknowledged"] == 20
    assert figures["ack"]["p95_ms"] is not None and figures["reconnect"]["p50_ms"] is not None
    assert "stored = acknowledged" in result.stdout and "yes" in result.stdout
    with server_store.read() as q:
        first = q.statements(new.session.id)[0].id
        assert len([v for v in q.votes(new.session.id) if v[1] == first]) == 20
        assert len(q.comments(new.session.id)) == figures["comments_acknowledged"] > 0


def test_another_host_needs_allow_remote():
    with pytest.raises(ValueError, match="allow-remote"):
        check_target("http://10.20.30.40:5000/m/ABC?key=x", allow_remote=False)
    check_target("http://127.0.0.1:5000/m/ABC?key=x", allow_remote=False)
    check_target("http://10.20.30.40:5000/m/ABC?key=x", allow_remote=True)  # allowed, and nothing is sent


def test_the_moderator_link_is_required():
    assert parse_moderator_url("http://127.0.0.1:5000/m/K7MX3Q?key=abc") == ("http://127.0.0.1:5000", "K7MX3Q", "abc")
    with pytest.raises(ValueError):
        parse_moderator_url("http://127.0.0.1:5000/p/K7MX3Q")


def test_percentiles_are_nearest_rank():
    values = [0.001 * i for i in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(0.050)
    assert percentile(values, 95) == pytest.approx(0.095)
    assert percentile([], 95) is None
