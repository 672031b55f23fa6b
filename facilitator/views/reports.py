"""Downloads of one session's report: HTML, CSV tables and JSON, for its organiser or moderator."""
from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort

from ..i18n import TRANSLATIONS
from ..report import tables
from ..report.build import load_report
from ..report.data import report_json
from ..report.html import load_translations, render_html
from .common import find_session_by_guess, is_moderator, is_organiser, services

bp = Blueprint("reports", __name__, url_prefix="/r/<code>")

CSV_TABLES = {
    "results": lambda report: tables.results_csv(report, _translate(report)),
    "attendance": lambda report: tables.attendance_csv(report, _translate(report)),
    "comments": tables.comments_csv,
    "votes": tables.votes_csv,
    "groups": tables.groups_csv,
    "memberships": tables.memberships_csv,
    "notes": tables.notes_csv,
}


@bp.get("/report.html")
def report_html(code):
    report = _report(code)
    # Shown in the browser (to read and print) rather than saved; it names itself if saved.
    return _download(render_html(report, TRANSLATIONS), "text/html", report, "html", disposition="inline")


@bp.get("/<table>.csv")
def report_csv(code, table):
    if table not in CSV_TABLES:
        abort(404)
    report = _report(code)
    return _download(CSV_TABLES[table](report), "text/csv", report, "csv", table)


@bp.get("/data.json")
def report_data(code):
    report = _report(code)
    body = json.dumps(report_json(report), ensure_ascii=False, indent=2)
    return _download(body, "application/json", report, "json")


def _translate(report):
    """The report speaks its session's language, whatever the language of the person downloading."""
    return load_translations(TRANSLATIONS, report.language).gettext


def _report(code: str):
    # A code asked for here counts as a code attempt: 403 and 404 would otherwise tell codes apart.
    found = find_session_by_guess(code, authorised=lambda s: is_organiser() or is_moderator(s))
    if found is None:
        abort(404)
    if not (is_organiser() or is_moderator(found)):
        abort(403)
    return load_report(services().store, found.code, services().clock())


def _download(body: str, mimetype: str, report, extension: str, part: str = "report",
              disposition: str = "attachment") -> Response:
    slug = re.sub(r"[^a-z0-9]+", "-", report.title.lower()).strip("-")[:40] or "session"
    filename = f"{report.date}-{slug}-{report.code}-{part}.{extension}"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": "no-store"}
    return Response(body, mimetype=f"{mimetype}; charset=utf-8", headers=headers)
