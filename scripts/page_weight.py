"""A phone's page weight: bytes over the network for the first load (join, then the phone page)
and for a reload, measured in headless Chromium through the DevTools protocol; and its socket: the
WebSocket extensions the server agreed to (Chromium offers permessage-deflate) and the size of the
messages it received (DevTools shows them uncompressed)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.server import LiveServer  # noqa: E402


def page_weight() -> dict:
    from playwright.sync_api import sync_playwright

    with TemporaryDirectory() as data:
        server = LiveServer(Path(data)).start()
        try:
            created = subprocess.run(
                [sys.executable, "-m", "facilitator", "session", "create", "--deck", "statements/polarisatie-nl.yaml",
                 "--data-dir", data, "--public-url", server.url], cwd=ROOT, capture_output=True, check=True)
            code = json.loads(created.stdout)["code"]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
                cdp = page.context.new_cdp_session(page)
                cdp.send("Network.enable")
                transferred, others = [0], []
                cdp.on("Network.loadingFinished", lambda e: transferred.__setitem__(0, transferred[0] + e["encodedDataLength"]))
                page.on("request", lambda r: None if r.url.startswith((server.url, "data:")) else others.append(r.url))
                extensions, frames = [], []
                cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: extensions.append(
                    {k.lower(): v for k, v in e["response"]["headers"].items()}.get("sec-websocket-extensions", "")))
                cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(len(e["response"]["payloadData"])))
                page.goto(f"{server.url}/j/{code}")
                page.get_by_test_id("sector-0").click()
                page.get_by_test_id("join-submit").click()
                page.get_by_test_id("view-lobby").wait_for()
                first = transferred[0]
                transferred[0] = 0
                page.reload()
                page.get_by_test_id("view-lobby").wait_for()
                page.wait_for_timeout(500)
                browser.close()
                return {"first_load": first, "reload": transferred[0], "other_hosts": len(others),
                        "socket_extensions": extensions[-1] if extensions else None,
                        "socket_messages": len(frames), "largest_socket_message": max(frames, default=0)}
        finally:
            server.stop()


if __name__ == "__main__":
    print(page_weight())
