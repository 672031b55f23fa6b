"""The kinds of step an agenda can hold, and the one list of them (docs: facilitator/README.md)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    # Phones each get a state of their own while a step of this kind is on screen (a breakout: the group).
    personal: bool = False


KINDS: dict[str, Kind] = {
    "statement": Kind("statement"),
    "breakout": Kind("breakout", personal=True),
}
