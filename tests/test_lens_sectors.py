"""The sector lens on constructed rooms: a statement every sector agrees with is a bridge, one where
they part is a dividing line, and what only one sector thinks sets it apart."""
from __future__ import annotations

import numpy as np
import pytest

from facilitator.domain.lens import analyse, sector_lens
from facilitator.domain.lens.make_up import OTHER, group_make_up
from facilitator.domain.lens.matrix import VoteMatrix
from facilitator.domain.lens.opinion_map import opinion_map
from facilitator.domain.lens.repness import prop_test, representative_statements, smoothed, two_prop_test

SECTORS = ["Onderwijs"] * 8 + ["Zorg"] * 8 + ["Politie"] * 8 + ["Justitie"] * 2 + [None] * 2


def room(columns: dict[str, list[float]]) -> VoteMatrix:
    votes = np.array(list(columns.values()), dtype=float).T
    return VoteMatrix(votes, tuple(range(len(votes))), tuple(columns))


def by_sector(onderwijs, zorg, politie, rest=(1, -1, 1, -1)) -> list[float]:
    return [*onderwijs, *zorg, *politie, *rest]


ALL_AGREE = by_sector([1] * 7 + [0], [1] * 6 + [-1, 1], [1] * 8)
SPLIT = by_sector([1] * 8, [-1] * 7 + [1], [1] * 7 + [0])
POLICE_ONLY = by_sector([-1] * 8, [-1] * 7 + [0], [1] * 8)
MIXED = by_sector([1, -1] * 4, [-1, 1] * 4, [1, -1, 0, 1, -1, 1, -1, 0])


def test_only_sectors_with_enough_people_are_in_the_lens():
    lens = sector_lens(room({"a": ALL_AGREE}), SECTORS)
    assert lens.sectors == ("Onderwijs", "Politie", "Zorg")  # Justitie has two people; None is no sector
    assert lens.sizes == (8, 8, 8)
    assert sector_lens(room({"a": ALL_AGREE}), SECTORS, min_people=2).sectors[-1] == "Justitie"


def test_a_statement_every_sector_agrees_with_is_a_bridge():
    lens = sector_lens(room({"split": SPLIT, "all": ALL_AGREE, "mixed": MIXED}), SECTORS)
    assert [s.statement for s in lens.bridges] == ["all"]
    bridge = lens.bridges[0]
    assert bridge.consensus == pytest.approx((8 / 10) * (8 / 10) * (9 / 10))
    assert bridge.consensus > lens.statements[0].consensus


def test_where_sectors_part_is_a_dividing_line_largest_spread_first():
    lens = sector_lens(room({"mixed": MIXED, "police": POLICE_ONLY, "split": SPLIT, "all": ALL_AGREE}), SECTORS)
    assert [s.statement for s in lens.dividing_lines] == ["police", "split"]
    police = lens.dividing_lines[0]
    assert police.spread == pytest.approx(1.0)
    assert {s.sector: s.agreement for s in police.shares} == {"Onderwijs": 0, "Politie": 1, "Zorg": 0}


def test_what_sets_a_sector_apart():
    lens = sector_lens(room({"mixed": MIXED, "police": POLICE_ONLY, "all": ALL_AGREE}), SECTORS)
    police = dict(zip(lens.sectors, lens.distinctive))["Politie"]
    assert police[0].statement == "police" and police[0].direction == "agree" and police[0].significant
    onderwijs = dict(zip(lens.sectors, lens.distinctive))["Onderwijs"]
    assert onderwijs[0].statement == "police" and onderwijs[0].direction == "disagree"


def test_a_sector_with_too_few_votes_on_a_statement_does_not_count_there():
    few = by_sector([1] * 8, [np.nan] * 6 + [1, -1], [1] * 8)
    statement = sector_lens(room({"few": few}), SECTORS).statements[0]
    assert [s.sector for s in statement.shares] == ["Onderwijs", "Politie"]
    assert not statement.bridge, "a bridge needs every sector of the lens"


def test_the_smoothed_share_and_the_tests_are_polis_formulas():
    assert smoothed(3, 4) == pytest.approx(4 / 6)
    assert prop_test(3, 4) == pytest.approx(2 * np.sqrt(5) * (4 / 5 - 0.5))
    assert two_prop_test(8, 0, 8, 8) > 1.2816 > two_prop_test(4, 4, 8, 8)
    assert two_prop_test(5, 5, 5, 5) == 0  # everyone agrees: no variance, no difference


def test_the_make_up_of_groups_by_sector():
    two_camps = np.array([ALL_AGREE, SPLIT, POLICE_ONLY, MIXED, SPLIT, POLICE_ONLY, SPLIT, POLICE_ONLY]).T
    matrix = VoteMatrix(two_camps, tuple(range(28)), tuple(f"s{i}" for i in range(8)))
    opinions = opinion_map(matrix, k=2)
    make_up = group_make_up(opinions, dict(zip(matrix.participants, SECTORS)))
    assert make_up.sectors == ("Onderwijs", "Politie", "Zorg", OTHER)
    assert sum(map(sum, make_up.counts)) == len(opinions.dots) == 28
    assert 0.0 <= make_up.follows_sectors <= 1.0


def test_groups_that_follow_the_sectors_are_said_to():
    votes = np.array([POLICE_ONLY] * 8).T  # police agree with everything, the others do not
    matrix = VoteMatrix(votes, tuple(range(28)), tuple(f"s{i}" for i in range(8)))
    lens = analyse(matrix, SECTORS, k=2)
    assert lens.make_up.follows_sectors > 0.5
    assert lens.sectors.sectors == ("Onderwijs", "Politie", "Zorg")
    shapes = {dot.participant: dot.sector for dot in lens.opinions.dots}
    assert shapes[0] == "Onderwijs" and shapes[24] is None, "two people of Justitie get no shape of their own"


def test_a_group_with_nothing_significant_still_gets_its_most_distinctive_statement():
    votes = np.array([[1, -1, 0]] * 6, dtype=float)  # two groups that vote alike
    chosen = representative_statements(votes, np.array([0, 0, 0, 1, 1, 1]), 2, ("a", "b", "c"))
    assert [len(group) for group in chosen] == [1, 1]
    assert not any(group[0].significant for group in chosen)
