"""The parts of a rehearsal that are not the session itself: the browser, what it must never do
(console errors, requests to another host), screenshots at several sizes and the index page."""
from __future__ import annotations

import html
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser the tests use)
from tests.server import LiveServer  # noqa: E402  (the server as users run it)

PHONE = {"width": 390, "height": 844}
PANEL = {"width": 1366, "height": 768}


def create_session(server: LiveServer, deck: Path) -> dict:
    """A session made the way an organiser makes one on the command line: its links as the CLI prints them."""
    out = subprocess.run([sys.executable, "-m", "facilitator", "session", "create", "--deck", str(deck),
                          "--data-dir", str(server.data_dir), "--public-url", server.url],
                         cwd=ROOT, env=server.env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


@dataclass
class Recorder:
    """Watches every page, takes the screenshots and writes index.html."""

    out: Path
    sizes: list[tuple[int, int]]
    console_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    shots: list[tuple[str, str, str]] = field(default_factory=list)  # (step, label, file)

    def watch(self, page, name: str):
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(f"{name}: {m.text}"))
        page.on("pageerror", lambda e: self.console_errors.append(f"{name}: {e}"))
        page.on("request", lambda r: self._check_host(name, r.url))
        return page

    def _check_host(self, name: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1":
            return
        self.outside.append(f"{name}: {url}")

    def shoot(self, step: str, screens: dict, phones: dict) -> None:
        """Screens (projector, panel) at every size, then each phone at 390x844."""
        for width, height in self.sizes:
            for label, page in screens.items():
                page.set_viewport_size({"width": width, "height": height})
                self._save(page, step, f"{label} {width}x{height}")
        for label, page in phones.items():
            self._save(page, step, label)

    def _save(self, page, step: str, label: str) -> None:
        # Let bars and fitted text settle; a page that cannot answer here is itself a finding.
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running' "
                               "|| a.effect?.getTiming().iterations === Infinity)", timeout=10_000)
        name = f"{len(self.shots):03d}-{step}-{label}".replace(" ", "-").replace("/", "-") + ".png"
        page.screenshot(path=self.out / name)
        self.shots.append((step, label, name))

    def write_index(self) -> Path:
        steps: dict[str, list[str]] = {}
        for step, label, name in self.shots:
            steps.setdefault(step, []).append(
                f'<figure><a href="{html.escape(name)}"><img src="{html.escape(name)}" loading="lazy"></a>'
                f"<figcaption>{html.escape(label)}</figcaption></figure>")
        body = "".join(f"<h2>{html.escape(step)}</h2><div class=grid>{''.join(figs)}</div>" for step, figs in steps.items())
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in self.console_errors + self.outside) or "<li>none</li>"
        index = self.out / "index.html"
        index.write_text(
            "<!doctype html><meta charset=utf-8><title>Rehearsal</title><style>body{font-family:sans-serif}"
            ".grid{display:flex;flex-wrap:wrap;gap:12px}img{max-width:420px;max-height:320px;border:1px solid #ccc}"
            f"figure{{margin:0}}</style><h1>Rehearsal</h1><h2>Problems</h2><ul>{problems}</ul>{body}",
            encoding="utf-8")
        return index
