"""Limits and defaults live in facilitator/domain/limits.py (and each kind's in its limits.py); the pages
get them from there.

A text field that takes more than the server keeps, or a form default the server refuses (one
group where a breakout needs two), is a bug a moderator meets in the middle of a session.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from facilitator.domain import limits
from facilitator.steps import browser_limits
from facilitator.steps.breakout import limits as group_limits
from tests.factories import SECTORS, make_session, app_on
from tests.forms import submit

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))  # each kind's under steps/<kind>/ too
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


class Inputs(HTMLParser):
    """Every form field of a page by its data-testid, and the page's boot data."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, dict] = {}
        self.boot = None
        self._in_boot = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea"):
            self.fields[attrs.get("data-testid") or attrs.get("id")] = attrs
        self._in_boot = tag == "script" and attrs.get("id") == "boot"

    def handle_data(self, data):
        if self._in_boot:
            self.boot = json.loads(data)
            self._in_boot = False


def page(client, url: str) -> Inputs:
    response = client.get(url, follow_redirects=True)  # a key in the link moves into a cookie
    assert response.status_code == 200
    parsed = Inputs()
    parsed.feed(response.get_data(as_text=True))
    return parsed


@pytest.fixture
def app(tmp_path):
    with app_on(tmp_path) as app:
        yield app


def test_the_panel_offers_what_the_server_accepts(app):
    new = make_session(app.extensions["facilitator"].services.store)
    panel = page(app.test_client(), f"/m/{new.session.code}?key={new.moderator_key}")
    assert panel.boot["limits"] == browser_limits()
    count = panel.fields["breakout-count"]
    # The panel once allowed one group, which the server refuses: a breakout needs two.
    assert (count["min"], count["max"], count["value"]) == (
        str(group_limits.GROUPS_MIN), str(group_limits.GROUPS_MAX), str(group_limits.DEFAULT_GROUP_COUNT))
    minutes = panel.fields["breakout-minutes"]
    assert (minutes["max"], minutes["value"]) == (str(group_limits.MINUTES_MAX), str(group_limits.DEFAULT_MINUTES))
    assert panel.fields["breakout-cap"]["max"] == str(group_limits.CAP_MAX)
    assert panel.fields["breakout-title"]["maxlength"] == str(limits.TITLE_MAX)
    assert panel.fields["message-input"]["maxlength"] == str(limits.MESSAGE_MAX)


def test_the_phone_takes_as_much_text_as_the_server_keeps(app):
    new = make_session(app.extensions["facilitator"].services.store)
    client = app.test_client()
    code = new.session.code
    assert page(client, f"/j/{code}").fields["join-name"]["maxlength"] == str(limits.NAME_MAX)
    submit(client, f"/j/{code}", {"sector": SECTORS[0], "name": ""})
    phone = page(client, f"/s/{code}")
    assert phone.boot["limits"] == browser_limits()
    assert phone.fields["comment-input"]["maxlength"] == str(limits.COMMENT_MAX)
    assert phone.fields["note-input"]["maxlength"] == str(limits.NOTE_MAX)


# A number written into a field's bounds, or a limit-named constant given a number of its own
# ("at least 1" is no limit with a name; the group count's minimum is checked on the page above).
BOUND_IN_TEMPLATE = re.compile(r'\b(maxlength|min|max|value)="(?!1")\d+"')
BOUND_IN_SCRIPT = re.compile(r'\b(maxlength|minlength)\s*:\s*"?\d+|\b[A-Z_]*(MAX|MIN|LIMIT|DEFAULT)[A-Z_]*\s*=\s*\d+'
                             r'|\|\|\s*[1-9]\d*\s*;')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_keeps_its_own_copy_of_a_limit(path):
    assert not [m.group(0) for m in BOUND_IN_TEMPLATE.finditer(path.read_text())], "read it from `limits` (facilitator/domain/limits.py)"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_keeps_its_own_copy_of_a_limit_or_default(path):
    source = path.read_text()
    assert not [m.group(0) for m in BOUND_IN_SCRIPT.finditer(source)], "read it from limits() (socket.js), which the server fills"
    copied = [word for names in group_limits.DEFAULT_CATEGORIES.values() for word in names if f'"{word}"' in source]
    assert not copied, "the default categories come from limits().default_categories"
