"""What participants send: joining, voting and commenting, checked without an app."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facilitator.domain import rules
from facilitator.domain.errors import DomainError
from facilitator.domain.limits import NAME_MAX
from facilitator.domain.model import Agenda, Session, SessionStatus, Statement, StatementStatus as S

SECTORS = ("Onderwijs", "Sociaal domein", "Gemeente")


def session(*, ended: bool = False) -> Session:
    return Session(id=3, code="ABC234", title="Polarisatie", date="2026-11-05", language="nl", sectors=SECTORS,
                   status=SessionStatus.ENDED if ended else SessionStatus.ACTIVE)


def agenda(*statuses: S, ended: bool = False) -> Agenda:
    statements = tuple(Statement(21 + i, 1 + i, f"Stelling {i + 1}", status) for i, status in enumerate(statuses))
    return Agenda(session(ended=ended), statements)


def refused(code: str, call, *args) -> DomainError:
    with pytest.raises(DomainError) as info:
        call(*args)
    assert info.value.code == code
    return info.value


# -- join ------------------------------------------------------------------------------------------
def test_join_returns_the_sector_and_cleaned_name():
    assert rules.check_join(session(), "Gemeente", "  Anna de Vries \n") == ("Gemeente", "Anna de Vries")


@pytest.mark.parametrize("name", [None, "", "   "])
def test_join_without_a_name_is_fine(name):
    assert rules.check_join(session(), "Onderwijs", name) == ("Onderwijs", "")


@pytest.mark.parametrize("sector", ["Politie", "onderwijs", "", None, 3, ["Onderwijs"]])
def test_join_refuses_a_sector_the_session_does_not_offer(sector):
    refused("unknown_sector", rules.check_join, session(), sector, "Anna")


def test_join_refuses_an_ended_session():
    refused("session_ended", rules.check_join, session(ended=True), "Onderwijs", "Anna")


def test_a_name_over_the_limit_is_refused_not_cut():
    assert rules.check_join(session(), "Onderwijs", "a" * NAME_MAX)[1] == "a" * NAME_MAX
    error = refused("text_too_long", rules.check_join, session(), "Onderwijs", "a" * (NAME_MAX + 1))
    assert error.params == {"field": "name", "limit": NAME_MAX, "length": NAME_MAX + 1}


def test_control_characters_are_removed_from_a_name_but_not_newlines_inside_text():
    assert rules.check_join(session(), "Onderwijs", "An\x00na\x1b[31m")[1] == "Anna[31m"
    assert rules.clean_text("een\nt\twee\r", 50) == "een\nt\twee"


def test_a_name_is_not_a_string():
    refused("invalid_text", rules.check_join, session(), "Onderwijs", {"first": "Anna"})


def test_a_name_padded_behind_a_control_character_is_still_trimmed():
    assert rules.check_join(session(), "Onderwijs", "\x00 Anna \x07")[1] == "Anna"


# -- clean_text ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [None, 5, b"bytes", ["a"]])
def test_clean_text_refuses_what_is_not_a_string(value):
    refused("invalid_text", rules.clean_text, value, 10)


def test_clean_text_may_allow_empty():
    assert rules.clean_text("  ", 10, required=False) == ""


@given(text=st.text(), limit=st.integers(min_value=0, max_value=40))
def test_clean_text_returns_short_clean_text_or_a_known_refusal(text, limit):
    try:
        cleaned = rules.clean_text(text, limit)
    except DomainError as error:
        assert error.code in ("text_empty", "text_too_long")
        if error.code == "text_too_long":
            assert error.params["limit"] == limit and error.params["length"] > limit
        return
    assert 0 < len(cleaned) <= limit
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in cleaned)


@given(text=st.text(), limit=st.integers(min_value=0, max_value=40))
@example(text="\x00 padded \x00", limit=40)
def test_clean_text_result_is_always_stripped(text, limit):
    try:
        cleaned = rules.clean_text(text, limit)
    except DomainError as error:
        assert error.code in ("text_empty", "text_too_long")
        return
    assert cleaned == cleaned.strip()
