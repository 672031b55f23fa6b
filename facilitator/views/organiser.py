"""The organiser's pages, behind a password: the list of sessions and a new session from a deck."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext

from .. import actions, auth
from ..decks import DeckError, find_deck, scan_decks
from ..domain.errors import DomainError
from ..domain.limits import DEFAULT_SECTORS
from ..messages import error_message
from .common import is_organiser, links, local_path, organiser_stamp, services, settings

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


def organiser_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_organiser():
            return redirect(url_for("organiser.login", next=request.path))
        response = make_response(view(*args, **kwargs))
        # The page lists every moderator link: no browser or proxy may keep a copy.
        response.headers["Cache-Control"] = "no-store"
        return response
    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("organiser/login.html", error=None)
    limits = current_app.extensions["facilitator"].rate_limits
    # Counted before the password is checked: once too many were wrong, the right one waits too,
    # or a guesser would learn which one is right.
    if not limits.may_try_password(request.remote_addr):
        error = gettext("Too many wrong passwords. Wait a minute and try again.")
        return render_template("organiser/login.html", error=error), 429
    if not auth.organiser_password_ok(services().store, settings()["ORGANISER_PASSWORD"],
                                      request.form.get("password")):
        limits.wrong_password(request.remote_addr)
        return render_template("organiser/login.html", error=gettext("Wrong password.")), 403
    session.clear()
    # The cookie names the password it was won with: a change of password signs everyone out.
    session["organiser"] = organiser_stamp()
    return redirect(local_path(request.args.get("next"), url_for(".sessions")))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("participant.index"))


@bp.get("")
@organiser_required
def sessions():
    return _sessions_page(error=None, form={})


@bp.post("/sessions")
@organiser_required
def create():
    form = {key: request.form.get(key, "") for key in ("deck", "title", "date", "language", "sectors", "phone_results")}
    try:
        deck = find_deck(settings()["DECKS_DIR"], form["deck"])
        sectors = tuple(line.strip() for line in form["sectors"].splitlines() if line.strip())
        new = actions.create_session(services(), title=form["title"].strip() or deck.title,
                               statements=list(deck.statements), language=form["language"] or deck.language,
                               date=form["date"] or None, sectors=sectors or deck.sectors, deck=deck.path.name,
                               plans=deck.plans, notes=list(deck.notes),
                               phone_results=form["phone_results"] == "yes")
    except DeckError as exc:
        return _sessions_page(error=str(exc), form=form), 400
    except DomainError as exc:
        return _sessions_page(error=error_message(exc.code, **exc.params), form=form), 400
    # Back to the list, which says what was made and where its links are.
    return redirect(url_for(".sessions", created=new.session.code))


@bp.post("/sessions/<code>/delete")
@organiser_required
def delete(code):
    """Delete a session and everything in it; the form asks to tick a box first."""
    if request.form.get("confirm") != "yes":
        return _sessions_page(error=gettext("Tick the box to confirm the deletion."), form={}), 400
    try:
        actions.delete_session(services(), code)
    except DomainError as exc:
        return _sessions_page(error=error_message(exc.code), form={}), 404
    return redirect(url_for(".sessions"))


def _sessions_page(error: str | None, form: dict):
    with services().store.read() as q:
        rows = [(s, q.moderator_key(s.id), q.projector_key(s.id)) for s in q.sessions()]
        counts = q.participant_counts()
    # One broken deck file must not hide the others; its problem is shown instead.
    decks, broken = scan_decks(settings()["DECKS_DIR"])
    deck_error = "; ".join(str(exc) for exc in broken) or None
    created = next((s for s, *_keys in rows if s.code == request.args.get("created")), None)
    return render_template(
        "organiser/sessions.html", sessions=[_row(s, key, projector_key, counts.get(s.id, 0))
                                            for s, key, projector_key in rows], created=created,
        decks=[{"filename": d.path.name, "title": d.title, "language": d.language, "count": len(d.statements)}
               for d in decks],
        error=error or deck_error, form=form, default_sectors="\n".join(DEFAULT_SECTORS),
        today=services().clock().date().isoformat())


def _row(s, key: str, projector_key: str, participants: int) -> dict:
    base = links()
    return {"code": s.code, "title": s.title, "date": s.date, "language": s.language,
            "status": s.status.value, "participants": participants,
            "links": {"join_url": base.join_url(s.code), "projector_url": base.projector_url(s.code, projector_key),
                      "moderator_url": base.moderator_url(s.code, key)}}
