"""Small helpers the blueprints share: services, session lookup, the boot data of scripted pages."""
from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, current_app, g, render_template, request, url_for
from flask import session as signed_cookie  # Flask's session; "session" here means a workshop

from .. import auth, web_assets
from ..actions import Services
from ..domain.model import Participant, Session
from ..i18n import select_locale
from ..steps import KINDS, browser_limits
from ..snapshots import Links
from ..ui_strings import ui_strings

COOKIE_MAX_AGE = 60 * 60 * 24 * 30  # a month: the day itself plus a follow-up session


def services() -> Services:
    return current_app.extensions["facilitator"].services


def settings() -> dict:
    return current_app.extensions["facilitator"].settings


def links() -> Links:
    return current_app.extensions["facilitator"].broadcaster.links


def find_session(code: str) -> Session | None:
    session = services().store.session_by_code(auth.normalise_code(code))
    if session is not None:
        g.session_language = session.language
    return session


def find_session_by_guess(code: str, authorised: Callable[[Session], bool] | None = None) -> Session | None:
    """find_session for codes typed, scanned or guessed by anyone.

    Only wrong codes count against the address (a hall shares one). Once an address made too many,
    a request that carries only a code gets 429 whatever the code (answering would tell a guesser
    which code is right); one that carries this session's token or key (`authorised`) is served.
    """
    session = find_session(code)
    if session is not None and authorised is not None and authorised(session):
        return session
    limits = current_app.extensions["facilitator"].rate_limits
    if not limits.may_guess_code(request.remote_addr):
        abort(429)
    if session is None:
        limits.wrong_code(request.remote_addr)
    return session


def session_or_missing(code: str, *, allow_ended: bool = False,
                       authorised: Callable[[Session], bool] | None = None):
    """The session, or a response for a wrong or ended code (a clear page, never a trace)."""
    session = find_session_by_guess(code, authorised)
    if session is None:
        return None, (render_template("participant/missing.html", code=auth.normalise_code(code),
                                      reason="unknown"), 404)
    if not session.active and not allow_ended:
        return None, (render_template("participant/missing.html", code=session.code, reason="ended"), 410)
    return session, None


def current_participant(session: Session) -> Participant | None:
    """The participant this request's cookie names, looked up once per request (a view and its
    checks may all ask)."""
    known = g.setdefault("participants", {})
    if session.id not in known:
        token = request.cookies.get(auth.participant_cookie(session.code))
        if not token:
            return None
        known[session.id] = services().store.participant_by_token(session.id, auth.hash_token(token))
    return known[session.id]


class PageCache:
    """Pages that are the same for every phone that asks with the same key, rendered once.

    A hall arriving together asks for the same join and phone pages hundreds of times; the key holds
    everything a page is made from (the session as stored now, the language, the address), so a
    change to any of them renders it anew. Bounded: odd query strings must not grow it without end.
    """

    def __init__(self, limit: int = 256):
        self.limit, self.pages, self.encoded = limit, {}, {}

    def page(self, key: tuple, render: Callable[[], str]) -> str:
        page = self.pages.get(key)
        if page is None:
            if len(self.pages) >= self.limit:
                self.pages.clear()
                self.encoded.clear()
            page = self.pages[key] = render()
        return page

    def response(self, key: tuple, render: Callable[[], str]) -> Response:
        """The page as a response, compressed once per encoding rather than once per phone (a page
        that is already encoded is left alone on the way out)."""
        page = self.page(key, render)
        encoding = request.accept_encodings.best_match(web_assets.PAGE_ENCODINGS)
        if encoding is None:
            return Response(page, mimetype="text/html")
        body = self.encoded.get((key, encoding))
        if body is None:
            body = self.encoded[(key, encoding)] = web_assets.encode_page(page, encoding)
        response = Response(body, mimetype="text/html", headers={"Content-Encoding": encoding})
        response.vary.add("Accept-Encoding")
        return response


def is_moderator(session: Session, key: str | None = None) -> bool:
    """Whether `key`, or else the moderator cookie of this request, is the session's moderator key."""
    given = key if key is not None else request.cookies.get(auth.moderator_cookie(session.code))
    with services().store.read() as q:
        return auth.same_secret(given, q.moderator_key(session.id))


def is_projector(session: Session, key: str | None = None) -> bool:
    """Whether `key`, or else a projector or moderator cookie of this request, opens the projector."""
    with services().store.read() as q:
        projector_key, moderator_key = q.projector_key(session.id), q.moderator_key(session.id)
    if key is not None:
        return auth.opens_projector(key, projector_key, moderator_key)
    return any(auth.opens_projector(request.cookies.get(cookie(session.code)), projector_key, moderator_key)
               for cookie in (auth.projector_cookie, auth.moderator_cookie))


def organiser_stamp() -> str:
    """What the signed-in organiser's cookie holds: void once the password changes."""
    return auth.password_stamp(services().store, settings()["ORGANISER_PASSWORD"], current_app.secret_key)


def is_organiser() -> bool:
    """Signed in, with the password that is valid now."""
    stamp = signed_cookie.get("organiser")
    return isinstance(stamp, str) and auth.same_secret(stamp, organiser_stamp())


def set_secret_cookie(response, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                        secure=request.is_secure)


def boot(role: str, code: str, **extra) -> dict:
    """The data a page's script starts from, rendered as a non-executed JSON block."""
    return {"role": role, "code": code, "locale": select_locale(), "strings": ui_strings(),
            "limits": browser_limits(), "steps": step_scripts(), **extra}


def step_scripts() -> dict[str, str]:
    """The browser module of each kind of step that brings one (static/js/steps.js loads them)."""
    return {name: url_for("static", filename=f"js/{kind.script}") for name, kind in KINDS.items() if kind.script}


def require(condition: bool) -> None:
    if not condition:
        abort(403)


def local_path(target: object, fallback: str) -> str:
    """A redirect target on this site only: an open redirect would let a link send people elsewhere.

    Control characters and backslashes are refused outright: browsers and Werkzeug drop or turn them
    into slashes, so "/<TAB>/evil.example" or "/\\evil.example" would leave the site.
    """
    if (not isinstance(target, str) or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target)):
        return fallback
    return target
