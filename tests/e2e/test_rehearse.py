"""The rehearsal script plays a whole session from a clean data folder and leaves pictures to look at."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import service_missing
from tests.e2e.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.server]
ROOT = Path(__file__).resolve().parents[2]


def test_rehearsal_with_two_phones_at_one_size(tmp_path):
    if not shutil.which(CHROMIUM):
        service_missing(f"Chromium not found at {CHROMIUM}")
    out = tmp_path / "rehearsal"
    run = subprocess.run([sys.executable, "scripts/rehearse.py", "--phones", "2", "--sizes", "1280x720",
                          "--statements", "1", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    index = (out / "index.html").read_text()
    shots = sorted(p.name for p in out.glob("*.png"))
    assert len(shots) >= 20 and all(name in index for name in shots)
    for step in ("lobby", "statement-1-revealed", "breakout-running", "report-back", "end"):
        assert any(step in name for name in shots), step
    assert {"all.zip", "report.html", "notes.csv"} <= {p.name for p in (out / "downloads").iterdir()}
    assert "Problems</h2><ul><li>none</li>" in index
