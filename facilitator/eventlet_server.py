"""eventlet's WSGI server, started the way `facilitator serve` needs it for a full hall.

Imported only by the `serve` command in eventlet mode, after launch.py has patched the standard library.
"""
from __future__ import annotations

import eventlet
import eventlet.wsgi
from eventlet.green import socket

# Connections the kernel holds for us while the server is busy. socketio.run leaves eventlet's 50:
# with a hall scanning the QR code at once, the 51st phone's connection was dropped and retried a
# second later, then three, then seven, while the server had long caught up (join p95 of seconds,
# "fetch failed" at worst). Linux caps it at net.core.somaxconn (4,096 by default).
LISTEN_BACKLOG = 2048


class PhoneProtocol(eventlet.wsgi.HttpProtocol):
    # A phone holds two connections (its page's keep-alive and its socket) for the whole day, and
    # eventlet gives each a 16 KB write buffer and an 8 KB read buffer: most of a phone's memory.
    # Our writes are small messages; large files bypass the buffer anyway.
    wbufsize = 4096
    rbufsize = 4096


def serve_eventlet(app, host: str, port: int) -> None:
    """eventlet's WSGI server, as socketio.run starts it, with a listen queue for a full hall."""
    family, *_rest, address = socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    # eventlet accepts 1,024 connections by default; a full congress hall needs more.
    eventlet.wsgi.server(listener, app, log_output=False, max_size=10_000, protocol=PhoneProtocol)
