"""The product installs as a wheel, outside the checkout, and runs from there.

Builds the wheel, installs it into a fresh virtualenv in a temporary folder, starts `facilitator
serve --demo` from another folder and loads pages, translations, static files and the load tester;
nothing may be written into the installed package while it runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.server import ROOT, free_port

pytestmark = [pytest.mark.server, pytest.mark.slow]


def package_files(venv: Path) -> dict[str, float]:
    (site,) = venv.glob("lib/python*/site-packages")
    package = site / "facilitator"
    return {str(p.relative_to(package)): p.stat().st_mtime for p in package.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_installs_and_serves_outside_the_checkout(tmp_path):
    if not (ROOT / "static" / "vendor" / "socket.io.min.js").exists():
        pytest.fail("static/vendor is empty: run `make setup` (npm ci) first")
    dist, venv, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FACILITATOR_", "VIRTUAL_ENV"))}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, env=env, cwd=elsewhere)
    (wheel,) = dist.glob("facilitator-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", str(wheel)], check=True, env=env, cwd=elsewhere)
    installed = package_files(venv)
    assert "templates/participant/phone.html" in installed and "static/vendor/socket.io.min.js" in installed
    assert "loadtest/run.py" in installed and "statements/polarisatie-nl.yaml" in installed

    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [venv / "bin" / "facilitator", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        cwd=elsewhere, env={**env, "FACILITATOR_LOG_LEVEL": "WARNING"}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the installed server did not start"
            time.sleep(0.2)
        dutch = requests.get(f"{base}/?lang=nl", timeout=5)
        english = requests.get(f"{base}/?lang=en", timeout=5)
        assert dutch.ok and english.ok and dutch.text != english.text  # both catalogues compiled and used
        script = requests.get(f"{base}/static/vendor/socket.io.min.js", headers={"Accept-Encoding": "gzip"}, timeout=5)
        assert script.ok and script.headers.get("Content-Encoding") == "gzip"
        demo = (tmp_path / "server.log").read_text()
        assert "/j/" in demo, demo  # the demo session came from the deck inside the package
        code = demo.split("/j/")[1].split()[0]
        assert requests.get(f"{base}/j/{code}", timeout=5).ok
    finally:
        server.terminate()
        server.wait(10)
    assert (elsewhere / "instance" / "facilitator.db").exists()  # data in the folder it ran in
    assert package_files(venv) == installed, "the server wrote into the installed package"
    loadtest = subprocess.run([venv / "bin" / "facilitator", "loadtest", "--help"], capture_output=True, env=env)
    assert loadtest.returncode == 0 and b"--phones" in loadtest.stdout
