"""Downloads of one session's report: HTML, CSV tables and JSON, for its organiser or moderator."""
from __future__ import annotations

import io
import json
import re
import zipfile

from flask import Blueprint, Response, abort, current_app
from flask_babel import lazy_gettext

from ..i18n import translations_dir
from ..report import tables
from ..report.build import load_report
from ..report.data import report_json
from ..report.html import load_translations, render_html
from ..steps import KINDS
from .common import find_session_by_guess, is_moderator, is_organiser, services

bp = Blueprint("reports", __name__, url_prefix="/r/<code>")

CSV_TABLES = {
    "results": lambda report: tables.results_csv(report, _translate(report)),
    "attendance": lambda report: tables.attendance_csv(report, _translate(report)),
    "comments": tables.comments_csv,
    "votes": tables.votes_csv,
    # Each kind's own tables (Kind.report_tables).
    **{name: table for kind in KINDS.values() for name, (_label, table) in kind.report_tables.items()},
}

# Every download, in the order the organiser page and the control panel list them.
DOWNLOADS = (("report.html", lazy_gettext("Report (HTML)")),
             ("results.csv", lazy_gettext("Results")), ("attendance.csv", lazy_gettext("Attendance")),
             ("comments.csv", lazy_gettext("Explanations")), ("votes.csv", lazy_gettext("Votes")),
             *((f"{name}.csv", label) for kind in KINDS.values() for name, (label, _table) in kind.report_tables.items()),
             ("data.json", lazy_gettext("All data (JSON)")),
             ("all.zip", lazy_gettext("Everything (ZIP)")))


@bp.app_context_processor
def _downloads():
    """Pages that link the downloads (organiser list, control panel) take the one list from here."""
    return {"report_downloads": DOWNLOADS}


@bp.get("/report.html")
def report_html(code):
    report = _report(code)
    # Shown in the browser (to read and print) rather than saved; it names itself if saved.
    return _download(render_html(report, translations_dir(current_app)), "text/html", report, "html", disposition="inline")


@bp.get("/<table>.csv")
def report_csv(code, table):
    if table not in CSV_TABLES:
        abort(404)
    report = _report(code)
    return _download(CSV_TABLES[table](report), "text/csv", report, "csv", table)


@bp.get("/data.json")
def report_data(code):
    report = _report(code)
    return _download(_json(report), "application/json", report, "json")


@bp.get("/all.zip")
def report_zip(code):
    """Every table, the JSON and the HTML report in one file, for organisers who want it all."""
    report = _report(code)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_filename(report, "report", "html"), render_html(report, translations_dir(current_app)))
        for table, make in CSV_TABLES.items():
            archive.writestr(_filename(report, table, "csv"), make(report))
        archive.writestr(_filename(report, "report", "json"), _json(report))
    return _download(buffer.getvalue(), "application/zip", report, "zip", "all")


def _json(report) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2)


def _translate(report):
    """The report speaks its session's language, whatever the language of the person downloading."""
    return load_translations(translations_dir(current_app), report.language).gettext


def _report(code: str):
    # A code asked for here counts as a code attempt: 403 and 404 would otherwise tell codes apart.
    found = find_session_by_guess(code, authorised=lambda s: is_organiser() or is_moderator(s))
    if found is None:
        abort(404)
    if not (is_organiser() or is_moderator(found)):
        abort(403)
    return load_report(services().store, found.code, services().clock())


def _filename(report, part: str, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", report.title.lower()).strip("-")[:40] or "session"
    return f"{report.date}-{slug}-{report.code}-{part}.{extension}"


def _download(body: str | bytes, mimetype: str, report, extension: str, part: str = "report",
              disposition: str = "attachment") -> Response:
    headers = {"Content-Disposition": f'{disposition}; filename="{_filename(report, part, extension)}"',
               "Cache-Control": "no-store"}
    text = isinstance(body, str)
    return Response(body, mimetype=f"{mimetype}; charset=utf-8" if text else mimetype, headers=headers)
