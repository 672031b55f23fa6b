"""Browser-side defences: Content-Security-Policy and friends on every response, CSRF on forms."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

# No inline script anywhere: every script is a file of ours. Pages connect only to their own origin.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'")
# The downloaded report is a self-contained page: its own styles, no scripts, nothing fetched.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def init_app(app: Flask, behind_proxy: bool) -> None:
    if behind_proxy:
        # Trust one proxy's X-Forwarded-For/-Proto/-Host: the right address for rate limits, and
        # HTTPS seen as HTTPS, so cookies get their Secure flag.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    # A join page may be filled in long after it was opened (a coffee break); the token lives as
    # long as the browser's session cookie instead of an hour.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # Over HTTPS, Flask-WTF also wants a Referer of this site on every form, but our pages say
    # "no-referrer" (the moderator's and projector's links carry keys), so browsers send none and
    # every join behind a TLS proxy was refused. The token and the SameSite cookie stay the defence.
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.after_request(_headers)


# On every response, pages and static files alike. The moderator's and the projector's links carry
# their keys: no page may pass its address on to anyone.
EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def static_headers(headers, _path, _url) -> None:
    """For WhiteNoise, which answers static files before Flask (and its after_request) sees them."""
    for name, value in EVERY_RESPONSE.items():
        headers[name] = value


def _headers(response):
    if response.mimetype == "text/html":
        report = request.path.startswith("/r/")
        response.headers.setdefault("Content-Security-Policy", REPORT_POLICY if report else PAGE_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
    for name, value in EVERY_RESPONSE.items():
        response.headers.setdefault(name, value)
    return response


def _csrf_failed(_error):
    message = gettext("This form has expired. Go back, reload the page and try again.")
    return render_template("errors/error.html", status=400, message=message), 400
