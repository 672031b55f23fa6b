"""Sockets without permessage-deflate: a connected phone costs a third of the memory.

Browsers offer WebSocket compression on every connection, and eventlet accepts it with a 32 KB
window (and zlib's working memory) kept per connection for the whole day: measured with 1,000
phones, 190 KB per phone instead of 75 KB, and CPU to compress every message once per phone. Our
messages are a few KB of JSON on a local network, where memory and CPU run out long before the
Wi-Fi does (docs/performance.md). Declining an offered extension is the server's right under RFC
7692: the browser then simply sends and receives uncompressed frames.
"""
from __future__ import annotations


def decline_websocket_compression(wsgi_app):
    """WSGI middleware: hide the client's Sec-WebSocket-Extensions offer from the WebSocket server."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)
    return app
