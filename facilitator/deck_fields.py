"""The small checks every part of a deck uses: one line of text, what a YAML value is, a hint at a
misspelt key. Apart from decks.py so that each kind of step's own deck part (steps/<kind>/deck.py)
can use them without importing decks.py, which imports them.

Every problem goes through the `fail` a caller gives (decks.py's, which raises DeckError for the file).
"""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from typing import NoReturn

Fail = Callable[..., NoReturn]  # fail(field, problem, line=None): raises for the file being read


def text_field(value: object, field: str, limit: int, fail: Fail, *, required: bool = True) -> str:
    """Checked single-line text: whitespace (also the newlines of YAML's `|` blocks) collapsed."""
    if value is None and required:
        fail(field, "is empty")
    if not isinstance(value, str):
        fail(field, f"must be text, not {kind_of(value)} (put it in double quotes)")
    text = clean(value)
    if required and not text:
        fail(field, "is empty")
    if len(text) > limit:
        fail(field, f"is longer than {limit} characters ({len(text)})")
    return text


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # str.split() splits on every kind of whitespace, newlines included; control characters go.
    text = " ".join(text.split())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def kind_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()}); YAML reads a bare yes, no, on or off as true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value); text containing ': ' must be in double quotes"
    return f"a {type(value).__name__}"


def show(value: object) -> str:
    if isinstance(value, str):
        return repr(short(value))
    return kind_of(value)


def show_key(key: object) -> str:
    return short(key) if isinstance(key, str) else repr(key)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(key: object, choices: tuple[str, ...]) -> str:
    if not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key.lower(), choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
