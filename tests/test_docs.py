"""The documentation names every setting and every socket event the code knows."""
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
