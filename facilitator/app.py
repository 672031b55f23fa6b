"""The application factory: settings, store, languages, pages and socket handlers."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import actions, i18n, realtime, retention, security, web_assets
from .broadcast import Broadcaster
from .config import bundled, read_settings
from .extension import Facilitator, socketio
from .network import public_url
from .problems import problem_list
from .rate_limits import RateLimits
from .screen_turns import screen_turns
from .signed_cookie import SignedCookieSessions
from .snapshots import Links
from .store import Store
from .views import register_views
from .websocket_compression import decline_websocket_compression


def create_app(overrides: dict | None = None, *, serving: bool = True) -> Flask:
    """serving=False: for commands that only use the store (no retention purge in the background)."""
    settings = read_settings(overrides=overrides)
    logging.basicConfig(level=settings["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    Path(settings["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, template_folder=str(bundled("templates")), static_folder=str(bundled("static")))
    app.session_interface = SignedCookieSessions()
    store = Store(settings["DATABASE_URL"])
    app.config.update(
        SECRET_KEY=settings["SECRET_KEY"] or actions.stored_secret_key(store),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Served over HTTPS (a public address that says so): cookies never travel in the clear.
        SESSION_COOKIE_SECURE=settings["PUBLIC_URL"].startswith("https://"),
        MAX_CONTENT_LENGTH=256 * 1024,
        TESTING=bool((overrides or {}).get("TESTING")),
    )
    # Static files first, then Socket.IO around everything: a socket's long-lived green thread then
    # carries no frames of the static-file layer.
    web_assets.init_app(app, Path(settings["DATA_DIR"]) / "cache")
    security.init_app(app, behind_proxy=settings["BEHIND_PROXY"] == "1")
    # manage_session=False: sockets never touch the cookie session, and a copy of it per connection
    # would cost memory on every phone.
    socketio.init_app(app, async_mode=settings["ASYNC_MODE"], manage_session=False,
                      message_queue=settings["MESSAGE_QUEUE"] or None,
                      max_http_buffer_size=16 * 1024, cors_allowed_origins=None)
    app.wsgi_app = decline_websocket_compression(app.wsgi_app)
    store.batch_writes(float(settings["GROUP_COMMIT_WINDOW"]), socketio.sleep)
    if not settings["MESSAGE_QUEUE"]:  # the only server: every change to an agenda is made here
        store.keep_agendas()
    # The screens' clock is the actions' clock (read when called): a test that sets services.clock moves both.
    interval = float(settings["BROADCAST_INTERVAL"])
    # With a message queue, what workers must agree on lives in Redis; without one, in this process.
    broadcaster = Broadcaster(socketio, store, Links(public_url(settings["PUBLIC_URL"], settings["PORT"])),
                              interval, clock=lambda: services.clock(),
                              turns=screen_turns(settings["MESSAGE_QUEUE"], interval),
                              problems=problem_list(settings["MESSAGE_QUEUE"]))
    services = actions.Services(store=store, publish=broadcaster.publish)
    rate_limits = RateLimits(settings["MESSAGE_QUEUE"])
    app.extensions["facilitator"] = Facilitator(services, broadcaster, settings, rate_limits)
    i18n.init_app(app, Path(settings["DATA_DIR"]) / "cache")
    register_views(app)
    realtime.register(app, socketio)
    # Here, not in the CLI, so that any WSGI server that builds the app runs them too.
    app.extensions["facilitator"].new_organiser_password = actions.ensure_organiser_password(
        services, settings["ORGANISER_PASSWORD"])
    if serving and not app.testing:
        retention.keep_purging(app, socketio)
    return app
