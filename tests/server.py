"""Start the real server (`facilitator serve`, eventlet) in a subprocess, as users run it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortTaken(Exception):
    """The server could not listen on its port: another process took it first."""


class LiveServer:
    def __init__(self, data_dir: Path, port: int | None = None, env: dict | None = None):
        self.data_dir = Path(data_dir)
        self.port_given = port is not None  # a restart must come back on the same port
        self._use_port(port or free_port())
        self.env = {**os.environ, "FACILITATOR_ORGANISER_PASSWORD": "organiser-test-pw",
                    "FACILITATOR_LOG_LEVEL": "WARNING", **(env or {})}
        self.process: subprocess.Popen | None = None

    def _use_port(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = self.data_dir / f"server-{port}.log"

    def start(self) -> LiveServer:
        for _attempt in range(3):
            try:
                return self._start()
            except PortTaken:
                # free_port() only found a port that was free a moment ago; another process (an
                # outgoing connection's ephemeral port, say) may have taken it since. Try another.
                self._use_port(free_port())
        return self._start()

    def _start(self) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data-dir", str(self.data_dir), "--public-url", self.url],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log_text = self.log_path.read_text()
                if "Address already in use" in log_text and not self.port_given:
                    raise PortTaken(self.port)
                raise RuntimeError(f"server exited: {log_text[-2000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become healthy in 20 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what was acknowledged must already be stored."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        stop_process(self.process)

    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'facilitator.db'}"


def stop_process(process: subprocess.Popen | None) -> None:
    """Ask a child process to stop; kill it if it has not within ten seconds."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
