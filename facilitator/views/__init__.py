"""HTTP pages and downloads: thin blueprints that call actions and render templates."""
import importlib
import importlib.util

from flask import Flask, render_template
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from ..steps import KINDS, browser_limits


def register_views(app: Flask) -> None:
    from . import organiser, participant, reports, screens, system

    for module in (participant, screens, organiser, reports, system, *_kind_views()):
        app.register_blueprint(module.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    # Templates read maxlength and form defaults from the same values the server checks against.
    app.jinja_env.globals["limits"] = browser_limits()
    # The page shells include each kind's parts by these names (templates/steps/<kind>/phone.html ...).
    app.jinja_env.globals["step_kinds"] = list(KINDS)


def _kind_views():
    """Each kind's pages (facilitator/steps/<kind>/views.py: a blueprint `bp`), if it has any."""
    for kind in KINDS:
        module = f"facilitator.steps.{kind}.views"
        if importlib.util.find_spec(module) is not None:
            yield importlib.import_module(module)


def _http_error(exc: HTTPException):
    messages = {404: gettext("This page does not exist."), 403: gettext("You may not open this page."),
                413: gettext("That is too much data at once."),
                429: gettext("Too many wrong codes from this network. Wait a minute and try again.")}
    message = messages.get(exc.code, gettext("The request was not understood."))
    return render_template("errors/error.html", status=exc.code, message=message), exc.code


def _server_error(exc: Exception):
    # Logged with its trace for the operator; the visitor sees a plain page, never the trace.
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return render_template("errors/error.html", status=500,
                           message=gettext("Something went wrong on the server. Please try again.")), 500
