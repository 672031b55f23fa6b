"""The moderator's two screens: the projector and the control panel, plus the join QR code."""
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from .. import auth
from .common import boot, find_session, is_moderator, links, session_or_missing, set_secret_cookie

bp = Blueprint("screens", __name__)


@bp.get("/p/<code>")
def projector(code):
    session, missing = session_or_missing(code, allow_ended=True)
    if missing:
        return missing
    return render_template("projector/screen.html", session=session, boot=boot("projector", session.code))


@bp.get("/m/<code>")
def control(code):
    session = find_session(code)
    if session is None:
        abort(404)
    key = request.args.get("key")
    if key is not None:
        # The key moves from the address into an HttpOnly cookie, out of the history and the screen.
        if not is_moderator(session, key):
            abort(403)
        response = redirect(url_for("screens.control", code=session.code))
        set_secret_cookie(response, auth.moderator_cookie(session.code), key)
        return response
    if not is_moderator(session):
        abort(403)
    return render_template("control/panel.html", session=session, boot=boot("moderator", session.code))


@bp.get("/qr/<code>.svg")
def qr_svg(code):
    session = find_session(code)
    if session is None:
        abort(404)
    return Response(join_qr_svg(links().join_url(session.code)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


def join_qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
