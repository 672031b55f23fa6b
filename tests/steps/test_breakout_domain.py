"""Breakout rules without an app: defaults of a plan, who may choose or report, what a move tells."""
from __future__ import annotations

import random

import pytest

from facilitator.domain.errors import DomainError
from facilitator.steps.breakout import domain as rules
from facilitator.steps.breakout.groups import place_unplaced
from facilitator.steps.breakout.limits import CAP_MAX, DEFAULT_CATEGORIES, GROUPS_MIN
from facilitator.steps.breakout.model import (BoardChanged, Breakout, BreakoutChanged, BreakoutPlan, BreakoutStatus,
                                             Group, GroupPlan, Note, ParticipantsPlaced)


def breakout(**changes) -> Breakout:
    values = dict(id=1, title="B", duration=1200, assignment="self_select", cap=2,
                  categories=("Vragen",), status=BreakoutStatus.OPEN)
    return Breakout(**{**values, **changes})


def test_a_plan_gets_the_session_languages_categories_and_group_names():
    plan = BreakoutPlan(title="Samen", groups=(GroupPlan("Rood"), GroupPlan(""), GroupPlan("")))
    checked, names = rules.with_defaults(plan, statement_count=3, language="nl")
    assert checked.categories == DEFAULT_CATEGORIES["nl"]
    assert names == ["Rood", "Groep 2", "Groep 3"]
    assert rules.with_defaults(plan, 3, "en")[1] == ["Rood", "Group 2", "Group 3"]


def test_one_group_is_not_a_breakout():
    with pytest.raises(DomainError) as refused:
        rules.with_defaults(BreakoutPlan(title="B", groups=(GroupPlan(""),) * (GROUPS_MIN - 1)), 0, "nl")
    assert refused.value.code == "invalid_breakout"


def test_choosing_a_group_only_where_the_breakout_says_so_and_not_a_full_one():
    with pytest.raises(DomainError, match="not_self_select"):
        rules.check_may_choose(breakout(assignment="random", cap=None))
    group = Group(id=7, breakout_id=1, number=1, name="Groep 1")
    rules.check_room_in(breakout(), group, {10: 7, 11: 8}, participant_id=12)
    with pytest.raises(DomainError, match="group_full"):
        rules.check_room_in(breakout(), group, {10: 7, 11: 7}, participant_id=12)
    rules.check_room_in(breakout(), group, {10: 7, 12: 7}, participant_id=12)  # already in it: may choose again
    rules.check_room_in(breakout(cap=None), group, {i: 7 for i in range(CAP_MAX + 1)}, participant_id=12)


def test_a_reporter_who_moves_away_stops_reporting_for_the_old_group():
    old = Group(id=7, breakout_id=1, number=1, name="Groep 1", reporter_id=12)
    assert rules.reporter_leaves(old, 12, new_group_id=8)
    assert not rules.reporter_leaves(old, 12, new_group_id=7)
    assert not rules.reporter_leaves(old, 13, new_group_id=8)
    assert not rules.reporter_leaves(None, 12, new_group_id=8)


def test_a_move_tells_the_person_and_both_boards():
    events = rules.moved(session_id=3, breakout_id=1, participant_id=12, old=7, new=8)
    assert events[0] == ParticipantsPlaced(3, 1, (12,))
    assert set(events[1:]) == {BoardChanged(3, 7), BoardChanged(3, 8)}


def test_a_key_point_is_supported_during_report_back_but_not_by_its_writer_or_reporter():
    group = Group(id=7, breakout_id=1, number=1, name="Groep 1", reporter_id=20)
    note = Note(id=5, group_id=7, participant_id=21, client_id="c" * 8, category="Vragen", text="t", key_point=True)
    with pytest.raises(DomainError, match="not_reporting"):
        rules.check_support(breakout(), group, note, 22, on=True)
    reporting = breakout(reporting=1)
    rules.check_support(reporting, group, note, 22, on=True)
    for own in (20, 21):
        with pytest.raises(DomainError, match="own_key_point"):
            rules.check_support(reporting, group, note, own, on=True)
    with pytest.raises(DomainError, match="unknown_note"):
        rules.check_support(reporting, group, Note(**{**note.__dict__, "key_point": False}), 22, on=True)


def test_opening_again_places_only_those_not_yet_placed_and_moves_nobody():
    people = [(1, "Onderwijs"), (2, "Gemeente"), (3, "Onderwijs"), (4, "Anders")]
    first = place_unplaced("sector_balanced", [7, 8], {}, people, random.Random(0))
    assert set(first) == {1, 2, 3, 4}
    later = place_unplaced("sector_balanced", [7, 8], {1: 7, 2: 7}, people, random.Random(0))
    assert later == {3: 8, 4: 8}
    assert place_unplaced("self_select", [7, 8], {}, people, random.Random(0)) == {}


def test_a_key_point_marked_while_its_group_reports_back_reaches_every_screen():
    group = Group(7, 1, 2, "Twee")
    assert rules.key_point_marked(1, breakout(), group) == (BoardChanged(1, 7),)
    assert rules.key_point_marked(1, breakout(reporting=1), group) == (BoardChanged(1, 7),)
    assert rules.key_point_marked(1, breakout(reporting=2), group) == (BoardChanged(1, 7), BreakoutChanged(1, 1))
