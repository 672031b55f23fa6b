"""Flask's signed-cookie session (the CSRF token of a form, the organiser's sign-in), without the two
costs a hall multiplies: Flask builds a new signing serializer for every request, and opens the
cookie for every Socket.IO event too (each event runs in a request context), although no socket
handler reads it. In the room benchmark the two were 6 % of the server's CPU.
"""
from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignedCookieSessions(SecureCookieSessionInterface):
    def __init__(self):
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed by the keys themselves: a changed secret key (or its fallbacks) gets a new serializer.
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith("/socket.io"):
            return self.null_session_class()  # sockets never use the cookie session
        return super().open_session(app, request)
