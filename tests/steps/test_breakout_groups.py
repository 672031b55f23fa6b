"""Placing a room in breakout groups: the bounds the sector-balanced rule promises, for any room."""
from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings, strategies as st

from facilitator.steps.breakout.groups import place_newcomer, place_room

SECTORS = ["Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente", "Anders", "Zorg", "Politie", "Justitie"]
rooms = st.lists(st.sampled_from(SECTORS), max_size=150)
group_counts = st.integers(min_value=2, max_value=20)


def _people(sectors):
    return [(pid, sector) for pid, sector in enumerate(sectors, start=1)]


def _spread(values):
    return max(values) - min(values)


@settings(max_examples=400)
@given(rooms, group_counts)
def test_sector_balanced_sizes_and_each_sectors_count_differ_by_at_most_one(sectors, k):
    groups = list(range(100, 100 + k))
    people = _people(sectors)
    placement = place_room("sector_balanced", groups, people, random.Random(0))
    assert set(placement) == {pid for pid, _ in people}, "everyone is placed"
    sizes = Counter(placement.values())
    assert _spread([sizes.get(g, 0) for g in groups]) <= 1
    for sector in set(sectors):
        per_group = Counter(placement[pid] for pid, s in people if s == sector)
        assert _spread([per_group.get(g, 0) for g in groups]) <= 1, sector


@settings(max_examples=200)
@given(rooms, group_counts, st.integers(min_value=0, max_value=2**32 - 1))
def test_random_placement_keeps_sizes_even(sectors, k, seed):
    groups = list(range(k))
    placement = place_room("random", groups, _people(sectors), random.Random(seed))
    sizes = Counter(placement.values())
    assert len(placement) == len(sectors)
    assert _spread([sizes.get(g, 0) for g in groups]) <= 1


@settings(max_examples=300)
@given(rooms, rooms, group_counts, st.sampled_from(["sector_balanced", "random"]))
def test_late_arrivals_keep_sizes_even_and_move_nobody(first, late, k, rule):
    groups = list(range(k))
    people = _people(first)
    placement = place_room(rule, groups, people, random.Random(1))
    sectors = dict(people)
    before = dict(placement)
    for pid, sector in _people(late):
        pid += 10_000
        sectors[pid] = sector
        group = place_newcomer(rule, groups, placement, sectors, (pid, sector), random.Random(pid))
        placement[pid] = group
        sizes = Counter(placement.values())
        assert _spread([sizes.get(g, 0) for g in groups]) <= 1
    assert all(placement[pid] == group for pid, group in before.items()), "nobody already placed moves"


def test_a_late_arrival_goes_where_their_sector_is_scarcest_among_the_smallest_groups():
    groups = [1, 2, 3]
    members = {10: 1, 11: 2, 12: 3, 13: 1, 14: 2}  # group 3 is the smallest
    sectors = {10: "Onderwijs", 11: "Gemeente", 12: "Onderwijs", 13: "Gemeente", 14: "Anders"}
    assert place_newcomer("sector_balanced", groups, members, sectors, (20, "Onderwijs"), random.Random(0)) == 3
    members[20] = 3
    sectors[20] = "Onderwijs"
    # All groups have two now; group 2 has no one from Onderwijs.
    assert place_newcomer("sector_balanced", groups, members, sectors, (21, "Onderwijs"), random.Random(0)) == 2


def test_self_select_and_manual_place_nobody():
    for rule in ("self_select", "manual"):
        assert place_room(rule, [1, 2], [(1, "Onderwijs")], random.Random(0)) == {}
        assert place_newcomer(rule, [1, 2], {}, {1: "Onderwijs"}, (1, "Onderwijs"), random.Random(0)) is None
