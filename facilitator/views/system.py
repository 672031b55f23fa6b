"""Health check and the language switch."""
from flask import Blueprint, redirect, request, url_for

from ..i18n import LANG_COOKIE, LOCALES
from .common import services

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():
    with services().store.read() as q:
        q.setting("secret_key")
    return {"status": "ok"}


@bp.get("/lang/<code>")
def set_language(code):
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("participant.index")
    response = redirect(target)
    if code in LOCALES:
        response.set_cookie(LANG_COOKIE, code, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response
