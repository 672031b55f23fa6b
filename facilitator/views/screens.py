"""The moderator's two screens: the projector and the control panel, plus the join QR code.

Both screens open with their own secret key (in the link, then an HttpOnly cookie); the join code
alone leads to the join page and nowhere else. Every code they are asked for is a code attempt.
"""
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from .. import auth
from .common import (boot, find_session_by_guess, is_moderator, is_projector, links, session_or_missing,
                     set_secret_cookie)

bp = Blueprint("screens", __name__)


@bp.get("/p/<code>")
def projector(code):
    key = request.args.get("key")
    session, missing = session_or_missing(code, allow_ended=True, authorised=lambda s: is_projector(s, key))
    if missing:
        return missing
    if key is not None:
        return _key_into_cookie(session, key, is_projector, "screens.projector", auth.projector_cookie)
    if not is_projector(session):
        # Someone who has only the join code is a participant: the join page is where they belong.
        return redirect(url_for("participant.join", code=session.code))
    return render_template("projector/screen.html", session=session, boot=boot("projector", session.code))


@bp.get("/m/<code>")
def control(code):
    key = request.args.get("key")
    session = find_session_by_guess(code, authorised=lambda s: is_moderator(s, key))
    if session is None:
        abort(404)
    if key is not None:
        return _key_into_cookie(session, key, is_moderator, "screens.control", auth.moderator_cookie)
    if not is_moderator(session):
        abort(403)
    return render_template("control/panel.html", session=session, boot=boot("moderator", session.code))


def _key_into_cookie(session, key: str, opens, endpoint: str, cookie):
    """The key moves from the address into an HttpOnly cookie, out of the history and the screen."""
    if not opens(session, key):
        abort(403)
    response = redirect(url_for(endpoint, code=session.code))
    set_secret_cookie(response, cookie(session.code), key)
    return response


@bp.get("/qr/<code>.svg")
def qr_svg(code):
    # Anyone may draw the QR code of a join link, but asking for one is a code attempt like any other.
    session = find_session_by_guess(code, authorised=is_projector)
    if session is None:
        abort(404)
    return Response(join_qr_svg(links().join_url(session.code)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})


def join_qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
