"""The documentation names every setting and every socket event the code knows."""
import re
from pathlib import Path

from facilitator.config import SETTINGS
from facilitator.socket_events import EVENTS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "configuration.md").read_text()
    missing = [s.name for s in SETTINGS if f"`FACILITATOR_{s.name}`" not in text]
    assert not missing, f"settings missing from docs/configuration.md: {missing}"


def test_every_socket_event_is_documented():
    text = (DOCS / "protocol.md").read_text()
    missing = [event for event in EVENTS if f"`{event}`" not in text]
    assert not missing, f"events missing from docs/protocol.md: {missing}"


def _raised_error_codes() -> set[str]:
    """Every error code the server can answer with, read from the code that raises or replies it."""
    source = "\n".join(p.read_text() for p in (DOCS.parent / "facilitator").rglob("*.py"))
    return set(re.findall(r'(?:DomainError|error_reply)\(\s*"([a-z_]+)"', source))


def test_every_error_code_has_a_message_in_both_languages_and_a_row_in_the_protocol():
    from facilitator import create_app
    from facilitator.messages import ERRORS, error_message

    codes = _raised_error_codes()
    assert {"forbidden", "not_your_note", "group_full", "unknown_event", "rate_limited"} <= codes  # the scan works
    assert not codes - set(ERRORS), f"no message for: {sorted(codes - set(ERRORS))}"
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "ASYNC_MODE": "threading"})
    with app.app_context():
        untranslated = [c for c in codes if error_message(c, "nl") == error_message(c, "en")]
    assert not untranslated, f"no Dutch message for: {untranslated}"
    table = (DOCS / "protocol.md").read_text().split("### Error codes", 1)[1]
    undocumented = sorted(c for c in codes if f"`{c}`" not in table)
    assert not undocumented, f"error codes missing from docs/protocol.md's table: {undocumented}"
