"""The deployment files agree with each other and with the command (the nginx site itself runs in
test_nginx.py). Docker cannot build here without its daemon, so docker-compose.yml is read, not run."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.server import ROOT

SYSTEMD = ROOT / "deploy" / "systemd"
SITE = (ROOT / "deploy" / "nginx" / "facilitator.conf").read_text()
SITE_PORTS = {int(port) for port in re.findall(r"server 127\.0\.0\.1:(\d+)", SITE)}


def test_compose_runs_the_migrations_before_workers_on_the_ports_nginx_sends_to():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    workers = {name: spec for name, spec in services.items() if spec.get("command", [None, None])[1:2] == ["serve"]}
    ports = {int(spec["command"][spec["command"].index("--port") + 1]) for spec in workers.values()}
    assert ports == SITE_PORTS
    for spec in workers.values():
        assert spec["network_mode"] == "service:nginx"  # 127.0.0.1 in the site is the workers' address
        assert spec["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert spec["environment"]["FACILITATOR_MESSAGE_QUEUE"].startswith("redis://")
    assert services["migrate"]["command"] == ["facilitator", "migrate"]
    assert "./deploy/nginx/facilitator.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]


def test_systemd_workers_wait_for_the_migrations():
    worker = (SYSTEMD / "facilitator@.service").read_text()
    assert "Requires=facilitator-migrate.service" in worker
    assert re.search(r"^After=.*facilitator-migrate\.service", worker, re.M)
    assert "serve --host 127.0.0.1 --port %i" in worker
    assert "facilitator migrate" in (SYSTEMD / "facilitator-migrate.service").read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_are_valid(tmp_path):
    """systemd's own check, with the program and settings file swapped for ones that exist here."""
    for unit in ("facilitator@.service", "facilitator-migrate.service", "facilitator.target"):
        text = (SYSTEMD / unit).read_text().replace("/opt/facilitator/.venv/bin/facilitator", "/bin/true")
        (tmp_path / unit).write_text(text.replace("EnvironmentFile=/", "EnvironmentFile=-/"))
    (tmp_path / "facilitator@5001.service").write_text((tmp_path / "facilitator@.service").read_text())
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", "facilitator@5001.service",
                              "facilitator-migrate.service", "facilitator.target"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr.strip() == "", checked.stderr
