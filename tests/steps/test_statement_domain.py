"""A statement's rules without an app: open, close and reveal (flow transitions), and which vote and
explanation count (steps/statement/domain.py)."""
from __future__ import annotations

import pytest

from facilitator.domain.limits import COMMENT_MAX
from facilitator.domain.model import CHOICES, StatementStatus as S, Step
from facilitator.steps.statement import domain as statement_domain
from tests.test_domain_flow import about, agenda, payloads, refused, statuses, step_changed
from tests.test_domain_rules import agenda as rules_agenda, refused as rules_refused


# -- open ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [S.PENDING, S.CLOSED])
def test_open_from_pending_or_closed_shows_the_statement_and_opens_voting(status):
    result = statement_domain.open_statement(agenda(status, S.PENDING), 11)

    assert statuses(result) == {11: S.OPEN, 12: S.PENDING}
    assert result.agenda.session.step == Step.statement(11)
    assert [e.name for e in result.events] == ["step-changed", "statement-opened"]
    assert payloads(result) == [step_changed("statement", 11), about("statement-opened", 11)]


@pytest.mark.parametrize("status", [S.OPEN, S.REVEALED])
def test_open_refused_when_already_open_or_revealed(status):
    error = refused("invalid_transition", statement_domain.open_statement, agenda(status), 11)
    assert error.params == {"status": status.value, "action": "open"}


def test_opening_one_statement_closes_the_other_open_one():
    before = agenda(S.OPEN, S.PENDING, step=Step.statement(11))

    result = statement_domain.open_statement(before, 12)

    assert statuses(result) == {11: S.CLOSED, 12: S.OPEN}
    assert result.agenda.session.step == Step.statement(12)
    assert payloads(result) == [step_changed("statement", 12), about("statement-closed", 11),
                                about("statement-opened", 12)]


def test_opening_the_statement_already_on_screen_sends_no_step_change():
    before = agenda(S.CLOSED, S.OPEN, step=Step.statement(11))

    result = statement_domain.open_statement(before, 11)

    assert statuses(result) == {11: S.OPEN, 12: S.CLOSED}
    assert [e.name for e in result.events] == ["statement-closed", "statement-opened"]
    assert payloads(result) == [about("statement-closed", 12), about("statement-opened", 11)]


def test_open_unknown_statement_refused():
    error = refused("unknown_statement", statement_domain.open_statement, agenda(S.PENDING), 99)
    assert error.params == {"statement_id": 99}


def test_transitions_leave_the_original_agenda_untouched():
    before = agenda(S.OPEN, S.PENDING, step=Step.statement(11))
    statement_domain.open_statement(before, 12)
    assert [s.status for s in before.statements] == [S.OPEN, S.PENDING]
    assert before.session.step == Step.statement(11)


# -- close -----------------------------------------------------------------------------------------
def test_close_an_open_statement_keeps_it_on_screen():
    before = agenda(S.OPEN, step=Step.statement(11))

    result = statement_domain.close_statement(before, 11)

    assert statuses(result) == {11: S.CLOSED}
    assert result.agenda.session.step == Step.statement(11)
    assert payloads(result) == [about("statement-closed", 11)]


@pytest.mark.parametrize("status", [S.PENDING, S.CLOSED, S.REVEALED])
def test_close_refused_unless_open(status):
    error = refused("invalid_transition", statement_domain.close_statement, agenda(status), 11)
    assert error.params == {"status": status.value, "action": "close"}


# -- reveal ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [S.OPEN, S.CLOSED])
def test_reveal_from_open_or_closed_moves_there_and_marks_revealed(status):
    result = statement_domain.reveal_statement(agenda(S.PENDING, status), 12)

    assert statuses(result) == {11: S.PENDING, 12: S.REVEALED}
    assert result.agenda.session.step == Step.statement(12)
    assert payloads(result) == [step_changed("statement", 12), about("statement-revealed", 12)]


def test_reveal_of_the_statement_on_screen_sends_no_step_change():
    result = statement_domain.reveal_statement(agenda(S.OPEN, step=Step.statement(11)), 11)
    assert [e.name for e in result.events] == ["statement-revealed"]


@pytest.mark.parametrize("status", [S.PENDING, S.REVEALED])
def test_reveal_refused_when_pending_or_already_revealed(status):
    error = refused("invalid_transition", statement_domain.reveal_statement, agenda(status), 11)
    assert error.params == {"status": status.value, "action": "reveal"}


# -- vote ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("choice", CHOICES)
def test_every_one_of_the_six_choices_counts_while_open(choice):
    assert statement_domain.check_vote(rules_agenda(S.OPEN), 21, choice) == choice


def test_the_six_choices_are_the_scale_and_pass():
    assert CHOICES == ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree", "pass")


@pytest.mark.parametrize("status", [S.PENDING, S.CLOSED, S.REVEALED])
def test_a_vote_is_refused_unless_the_statement_is_open(status):
    rules_refused("voting_closed", statement_domain.check_vote, rules_agenda(status), 21, "agree")


def test_a_vote_counts_only_for_the_open_statement():
    two = rules_agenda(S.CLOSED, S.OPEN)
    rules_refused("voting_closed", statement_domain.check_vote, two, 21, "agree")
    assert statement_domain.check_vote(two, 22, "agree") == "agree"


@pytest.mark.parametrize("choice", ["AGREE", "yes", "", None, 3, ["agree"]])
def test_an_invalid_choice_is_rules_refused(choice):
    rules_refused("invalid_choice", statement_domain.check_vote, rules_agenda(S.OPEN), 21, choice)


def test_a_vote_on_an_unknown_statement_is_rules_refused():
    error = rules_refused("unknown_statement", statement_domain.check_vote, rules_agenda(S.OPEN), 99, "agree")
    assert error.params == {"statement_id": 99}


def test_a_vote_in_an_ended_session_is_rules_refused():
    rules_refused("session_ended", statement_domain.check_vote, rules_agenda(S.OPEN, ended=True), 21, "agree")


# -- comment ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01", None, 42])
def test_an_empty_or_non_text_comment_is_rules_refused(text):
    code = "invalid_text" if not isinstance(text, str) else "text_empty"
    rules_refused(code, statement_domain.check_comment, rules_agenda(S.OPEN), 21, text)


def test_a_comment_of_exactly_the_limit_is_kept_whole():
    text = "x" * COMMENT_MAX
    assert statement_domain.check_comment(rules_agenda(S.OPEN), 21, text) == text


def test_a_comment_one_over_the_limit_is_refused_with_limit_and_length():
    error = rules_refused("text_too_long", statement_domain.check_comment, rules_agenda(S.OPEN), 21, "x" * (COMMENT_MAX + 1))
    assert error.params == {"field": "text", "limit": 500, "length": 501}


def test_a_comment_is_nfc_normalised_so_an_accent_counts_as_one_character():
    decomposed = "e\u0301" * COMMENT_MAX  # 1,000 code points, 500 characters as a reader sees them
    assert statement_domain.check_comment(rules_agenda(S.OPEN), 21, decomposed) == "\u00e9" * COMMENT_MAX


def test_a_comment_is_refused_while_voting_is_closed():
    rules_refused("voting_closed", statement_domain.check_comment, rules_agenda(S.CLOSED), 21, "Mee eens")


def test_a_comment_is_nfc_even_when_a_control_character_split_an_accent():
    text = statement_domain.check_comment(rules_agenda(S.OPEN), 21, "cafe\x07\u0301")
    assert text == "caf\u00e9"
