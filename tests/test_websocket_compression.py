"""Sockets decline permessage-deflate, which browsers offer: memory per phone (docs/performance.md)."""
from __future__ import annotations

import base64
import os
import socket

import pytest

pytestmark = pytest.mark.server


def _handshake(url: str, extensions: str) -> str:
    """Open a WebSocket to the Socket.IO endpoint as Chromium does; the server's 101 response head."""
    host, port = url.removeprefix("http://").split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
    return head.split(b"\r\n\r\n")[0].decode("latin-1")


def test_a_browser_offering_compression_gets_a_plain_socket(server):
    head = _handshake(server.url, "permessage-deflate; client_max_window_bits")
    assert head.startswith("HTTP/1.1 101")  # the socket opens all the same
    assert "sec-websocket-extensions" not in head.lower()
