"""Health check, the privacy page and the language switch."""
from flask import Blueprint, redirect, render_template, request, url_for

from ..i18n import LANG_COOKIE, LOCALES
from .common import local_path, services, settings

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():
    with services().store.read() as q:
        q.setting("secret_key")
    return {"status": "ok"}


@bp.get("/privacy")
def privacy():
    return render_template("privacy.html", retention_days=int(settings()["RETENTION_DAYS"]))


@bp.get("/lang/<code>")
def set_language(code):
    response = redirect(local_path(request.args.get("next"), url_for("participant.index")))
    if code in LOCALES:
        response.set_cookie(LANG_COOKIE, code, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response
