"""Posting the site's forms as a browser does: read the form's CSRF token first, then send it."""
from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the form carries no csrf_token"
    return found.group(1)


def submit(client, url: str, data: dict | None = None, *, form_url: str | None = None, **kwargs):
    """GET the page with the form (form_url, default url), then POST data with its token.

    `client` is a requests.Session or a Flask test client: both keep the session cookie."""
    data = kwargs.pop("data", data) or {}
    page = client.get(form_url or url.split("?")[0], **({"timeout": kwargs["timeout"]} if "timeout" in kwargs else {}))
    html = page.text if hasattr(page, "text") and isinstance(page.text, str) else page.get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(html)}, **kwargs)
