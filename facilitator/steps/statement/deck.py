"""The statements of a deck: `statements:` (or `- statement: ...` in its `steps:`), checked as strictly
as the rest of the deck (statements/README.md). decks.py reads the file and calls these: a deck's
statements are what every deck has, so the Deck keeps them in fields of their own.

Every problem is raised through the `fail` it is given, as deck_fields.py's checks do.
"""
from __future__ import annotations

from facilitator.deck_fields import Fail, kind_of, show_key, text_field
from facilitator.domain.limits import STATEMENT_MAX, STATEMENT_NOTE_MAX, STATEMENTS_MAX, STATEMENTS_MIN

STATEMENT_KEYS = ("text", "note")


def parse_statements(value: object, fail: Fail) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """`statements:`: the texts in order, and each one's note for the moderator (None when it has none)."""
    if value is None:
        fail("statements", "is empty; list at least one statement")
    if not isinstance(value, list):
        fail("statements", f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not STATEMENTS_MIN <= len(value) <= STATEMENTS_MAX:
        count = "none" if not value else str(len(value))
        fail("statements", f"must list {STATEMENTS_MIN} to {STATEMENTS_MAX} statements, not {count}")
    seen: dict[str, str] = {}
    texts: list[str] = []
    notes: list[str | None] = []
    for number, item in enumerate(value, start=1):
        text, note = parse_statement(item, f"statements[{number}]", seen, fail)
        texts.append(text)
        notes.append(note)
    return tuple(texts), tuple(notes)


def parse_statement(item: object, field: str, seen: dict[str, str], fail: Fail) -> tuple[str, str | None]:
    """One statement (text, or a mapping with text and note); `seen` catches one written twice."""
    note = None
    if isinstance(item, dict):
        unknown = [key for key in item if key not in STATEMENT_KEYS]
        if unknown:
            fail(f"{field}.{show_key(unknown[0])}",
                 "is not a known key; a statement has 'text' and optionally 'note'"
                 " (if the statement itself contains ': ', put it in double quotes)")
        if "text" not in item:
            fail(f"{field}.text", "is missing (required)")
        text = text_field(item["text"], f"{field}.text", STATEMENT_MAX, fail)
        if item.get("note") is not None:
            note = text_field(item["note"], f"{field}.note", STATEMENT_NOTE_MAX, fail, required=False) or None
        named = f"{field}.text"
    elif isinstance(item, str):
        text = text_field(item, field, STATEMENT_MAX, fail)
        named = field
    else:
        fail(field, f"must be text or a mapping with 'text', not {kind_of(item)}"
                    " (put the statement in double quotes)")
    key = text.casefold()
    if key in seen:
        fail(named, f"is the same as {seen[key]}")
    seen[key] = field
    return text, note
