"""The participant's way in: front page, join form, and the phone page."""
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf

from .. import actions, auth
from ..domain.errors import DomainError
from ..domain.model import CHOICES, Session
from ..i18n import select_locale
from ..messages import error_message, notice
from ..rate_limits import FAST_JOINS
from .common import (PageCache, boot, current_participant, find_session_by_guess, services,
                     session_or_missing, set_secret_cookie)

bp = Blueprint("participant", __name__)


@bp.get("/")
def index():
    return render_template("index.html", error=None)


@bp.get("/join")
def join_by_code():
    code = auth.normalise_code(request.args.get("code", ""))
    if code and find_session_by_guess(code) is not None:
        return redirect(url_for("participant.join", code=code))
    error = gettext("There is no session with this code. Check the code and try again.") if code \
        else gettext("Type the code shown on the screen.")
    return render_template("index.html", error=error), 404 if code else 400


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code):
    session, missing = session_or_missing(code, authorised=_joined)
    if missing:
        return missing
    if current_participant(session) is not None:
        return redirect(url_for("participant.phone", code=session.code))
    form = {"sector": request.form.get("sector", ""), "name": request.form.get("name", "")}
    if request.method == "GET":
        return _join_page(session)
    try:
        _participant, token = actions.join(services(), session.code, form["sector"], form["name"])
    except DomainError as exc:
        return render_template("participant/join.html", session=session, form=form,
                               error=error_message(exc.code, **exc.params)), 400
    _warn_of_fast_joins(session)
    response = redirect(url_for("participant.phone", code=session.code))
    set_secret_cookie(response, auth.participant_cookie(session.code), token)
    return response


@bp.get("/s/<code>")
def phone(code):
    session, missing = session_or_missing(code, allow_ended=True, authorised=_joined)
    if missing:
        return missing
    if current_participant(session) is None:
        if not session.active:
            return session_or_missing(code)[1]
        return redirect(url_for("participant.join", code=session.code))
    return _phone_page(session)


# Every phone of a session gets the same join page and phone page in its language (what is
# personal comes over the socket), so each is rendered once, not for each of a thousand phones.
_PAGES = PageCache()
# Where the join form's CSRF token goes; each phone gets its own token in place of this.
_CSRF_SLOT = "\x00csrf\x00"


def _join_page(session: Session) -> str:
    page = _PAGES.page(("join", session, select_locale(), request.full_path), lambda: render_template(
        "participant/join.html", session=session, error=None, form={}, csrf=_CSRF_SLOT))
    return page.replace(_CSRF_SLOT, generate_csrf())


def _phone_page(session: Session) -> Response:
    return _PAGES.response(("phone", session, select_locale(), request.full_path), lambda: render_template(
        "participant/phone.html", session=session, boot=boot("participant", session.code, choices=list(CHOICES))))


def _joined(session) -> bool:
    """A phone that carries its token for this session is no code guesser."""
    return current_participant(session) is not None


def _warn_of_fast_joins(session) -> None:
    """No limit on joins fits a hall behind one address, so one person can join many times; the
    moderator is told when joins from one address come faster than people scan (docs/security.md)."""
    ext = current_app.extensions["facilitator"]
    if ext.rate_limits.joined(session.id, request.remote_addr):
        message = notice("fast_joins", session.language, count=FAST_JOINS.amount + 1)
        ext.broadcaster.report_problem(session.id, message)
