"""The address phones use to reach this machine."""
from __future__ import annotations

import socket


def lan_address() -> str:
    """This machine's address on the local network, or 127.0.0.1 when it has none.

    Connecting a UDP socket sends no packet; it only asks the kernel which interface would be used.
    The target is in TEST-NET-1 (RFC 5737), which nothing ever answers.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def public_url(configured: str, port: int | str) -> str:
    return configured.rstrip("/") if configured else f"http://{lan_address()}:{port}"
