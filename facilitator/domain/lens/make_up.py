"""How the opinion groups are made up by sector, and how far they follow the sectors."""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sklearn.metrics import adjusted_mutual_info_score

from .opinion_map import OpinionMap
from .sectors import MIN_PEOPLE, sectors_with_enough_people

OTHER = None  # the column for sectors too small to show by name, and for people who declared none


@dataclass(frozen=True)
class MakeUp:
    sectors: tuple[str | None, ...]        # columns: sectors with enough people, then OTHER if anyone is in it
    counts: tuple[tuple[int, ...], ...]    # one row per opinion group
    follows_sectors: float                 # adjusted mutual information of group and sector: 0 cuts across, 1 follows


def group_make_up(opinions: OpinionMap, sector_of: Mapping[Hashable, str | None],
                  min_people: int = MIN_PEOPLE) -> MakeUp:
    """Count the placed participants per (opinion group, sector). Sectors with fewer than
    `min_people` placed people are counted under OTHER, so that no cell points at one person."""
    placed_sectors = [sector_of.get(dot.participant) for dot in opinions.dots]
    kept = sectors_with_enough_people(placed_sectors, min_people)
    column = [s if s in kept else OTHER for s in placed_sectors]
    columns = kept + ((OTHER,) if OTHER in column else ())
    index = {s: i for i, s in enumerate(columns)}
    counts = [[0] * len(columns) for _ in opinions.groups]
    for dot, sector in zip(opinions.dots, column):
        counts[dot.group][index[sector]] += 1
    return MakeUp(columns, tuple(tuple(row) for row in counts), _follows(opinions, column, kept))


def _follows(opinions: OpinionMap, column: list, kept: tuple[str, ...]) -> float:
    """Adjusted mutual information of group and sector over the people in named sectors: near 0
    when the groups cut across the sectors, 1 when each group is one sector (clipped at 0: a
    negative value only says "less than chance")."""
    pairs = [(sector, dot.group) for dot, sector in zip(opinions.dots, column) if sector is not OTHER]
    if len(opinions.groups) < 2 or len(kept) < 2:
        return 0.0
    return max(0.0, float(adjusted_mutual_info_score([s for s, _ in pairs], [g for _, g in pairs])))
