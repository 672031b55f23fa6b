"""Who goes in which group. Pure: participants and groups in, placements out.

The bounds the sector-balanced rule keeps when it places a whole room at once: group sizes differ
by at most one, and so does each sector's count between any two groups. Late arrivals are placed
one by one without moving anyone; they keep the sizes within one of each other and go, among the
smallest groups, to one with the fewest of their sector.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

# A placement is participant id -> group id.
Placement = dict[int, int]


def place_room(rule: str, groups: Sequence[int], people: Sequence[tuple[int, str]],
               rng: random.Random) -> Placement:
    """Place everyone at once. `groups` are group ids in order; `people` are (participant id, sector)."""
    if rule == "sector_balanced":
        # Deal round-robin over the room sorted by sector: each sector's run is spread evenly, and
        # continuing the deal across sectors keeps the sizes even too.
        ordered = sorted(people, key=lambda p: (p[1], p[0]))
    elif rule == "random":
        ordered = list(people)
        rng.shuffle(ordered)
    else:  # self_select and manual: people choose, or the moderator places them
        return {}
    return {pid: groups[i % len(groups)] for i, (pid, _sector) in enumerate(ordered)}


def place_unplaced(rule: str, groups: Sequence[int], members: Placement, people: Sequence[tuple[int, str]],
                   rng: random.Random) -> Placement:
    """Opening a breakout: the whole room at once when nobody is placed yet; else (it was opened
    before) only those not placed, one by one, so nobody already in a group is moved."""
    if not members:
        return place_room(rule, groups, people, rng)
    sectors = {pid: sector for pid, sector in people}
    placement: Placement = {}
    for person in people:
        if person[0] in members:
            continue
        group = place_newcomer(rule, groups, {**members, **placement}, sectors, person, rng)
        if group is not None:
            placement[person[0]] = group
    return placement


def place_newcomer(rule: str, groups: Sequence[int], members: Placement, sectors: dict[int, str],
                   newcomer: tuple[int, str], rng: random.Random) -> int | None:
    """The group for one late arrival, or None when the rule leaves it to someone's choice."""
    if rule not in ("sector_balanced", "random"):
        return None
    sizes = Counter(members.values())
    smallest = min(sizes.get(g, 0) for g in groups)
    candidates = [g for g in groups if sizes.get(g, 0) == smallest]
    if rule == "random":
        return rng.choice(candidates)
    pid, sector = newcomer
    same = Counter(group for member, group in members.items() if sectors.get(member) == sector)
    return min(candidates, key=lambda g: (same.get(g, 0), groups.index(g)))
