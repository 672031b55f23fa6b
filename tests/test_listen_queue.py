"""A hall that scans the QR code together: connections that arrive while the server is busy wait in
the kernel's queue for it, instead of being dropped and retried seconds later."""
from __future__ import annotations

import select
import signal
import socket
import time

import pytest

from tests.server import LiveServer

pytestmark = pytest.mark.server
PHONES = 300


def test_phones_arriving_while_the_server_is_busy_all_get_in(tmp_path):
    server = LiveServer(tmp_path).start()
    host, port = "127.0.0.1", server.port
    connections = []
    try:
        server.process.send_signal(signal.SIGSTOP)  # busy: accepts nothing for now
        pending = []
        for _ in range(PHONES):
            conn = socket.socket()
            conn.setblocking(False)
            conn.connect_ex((host, port))
            pending.append(conn)
        # The kernel answers at once while its queue has room; a dropped one is retried after 1 s.
        deadline = time.monotonic() + 0.8
        while pending and time.monotonic() < deadline:
            _, ready, _ = select.select([], pending, [], max(0.0, deadline - time.monotonic()))
            for conn in ready:
                pending.remove(conn)
                if conn.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    connections.append(conn)
        queued = len(connections)
        for conn in pending:
            conn.close()
        server.process.send_signal(signal.SIGCONT)
        answered = 0
        for conn in connections:
            conn.setblocking(True)
            conn.settimeout(30)
            conn.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
            answered += conn.recv(64).startswith(b"HTTP/1.1 200")
        assert queued == PHONES
        assert answered == PHONES
    finally:
        server.process.send_signal(signal.SIGCONT)
        for conn in connections:
            conn.close()
        server.stop()
