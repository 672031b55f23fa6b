"""nginx from Debian's package in front of LiveServer workers, run by the test as a child process.

It serves deploy/nginx/facilitator.conf itself: only the ports, the addresses it listens on and the
certificate are replaced, so the site a host installs is the site the test runs.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import requests

from tests.server import ROOT, free_port, stop_process

SITE = ROOT / "deploy" / "nginx" / "facilitator.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def site_for(worker_ports: list[int], https_port: int, http_port: int, cert: Path, key: str | Path) -> str:
    """The site file with this test's ports and certificate, listening on 127.0.0.1 only."""
    site = SITE.read_text()
    workers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in worker_ports)
    site, upstreams = re.subn(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", workers, site)
    assert upstreams == 2, "the site file has two upstreams, each listing the workers"
    site = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", site)
    site = re.sub(r"listen 443 ssl[^;]*;", f"listen 127.0.0.1:{https_port} ssl;", site)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", site)
    site = re.sub(r"ssl_certificate +\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key +\S+;", f"ssl_certificate_key {key};", site)
    return site


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, which the test's clients trust and nothing else does."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


# The connection limits of the main configuration a host uses (deploy/nginx/nginx.conf): tested here.
MAIN_CONFIG = (ROOT / "deploy" / "nginx" / "nginx.conf").read_text()
LIMITS = "\n".join(re.findall(r"^(?:worker_rlimit_nofile .*|events .*)$", MAIN_CONFIG, re.MULTILINE))


class Nginx:
    def __init__(self, folder: Path, worker_ports: list[int]):
        self.folder = Path(folder)
        self.worker_ports = worker_ports
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cert, key = self_signed_certificate(self.folder)
        (self.folder / "site.conf").write_text(site_for(self.worker_ports, self.port, free_port(), self.cert, key))
        (self.folder / "nginx.conf").write_text(self._main_config())
        log = (self.folder / "nginx.log").open("ab")
        # -e: errors before the config is read go to our log too, never to /var/log/nginx.
        self.process = subprocess.Popen([NGINX, "-p", str(self.folder), "-c", "nginx.conf", "-e", "stderr"],
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.folder / 'nginx.log').read_text()[-2000:]}")
            try:
                requests.get(f"{self.url}/healthz", timeout=1, verify=str(self.cert))
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("nginx did not answer in 10 s")

    def _main_config(self) -> str:
        # The paths are this test's own; the connection limits are the host's (LIMITS).
        temp = "\n".join(f"    {name}_temp_path {self.folder / name};"
                         for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root, nginx would hand its workers to an unprivileged user that cannot read this folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        return f"""{user}daemon off;
worker_processes 1;
{LIMITS}
pid {self.folder / 'nginx.pid'};
error_log {self.folder / 'error.log'} warn;
http {{
    access_log {self.folder / 'access.log'};
{temp}
    include /etc/nginx/mime.types;
    include {self.folder / 'site.conf'};
}}
"""

    def stop(self) -> None:
        stop_process(self.process)
