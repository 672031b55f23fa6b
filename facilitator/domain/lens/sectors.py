"""The sector lens: where the declared sectors differ, what bridges them, what sets each apart.

Per statement, over the sectors with enough people: each sector's share of agrees among its votes
(a pass is a vote), the spread (the largest difference in that share between two sectors, with a
two-proportion z-test between those two), and a group-informed consensus: the product over sectors
of each sector's smoothed agreement (a + 1) / (n + 2), which Pol.is computes over its opinion
groups. A product is high only when every sector agrees, however small, so a large sector cannot
carry a statement alone.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from ..limits import LENS_MIN_SECTOR_PEOPLE, LENS_MIN_SECTOR_VOTES
from .matrix import VoteMatrix
from .repness import TOP, Z_90, Representative, counts_by_label, representative_statements, smoothed, two_prop_test

MIN_PEOPLE = LENS_MIN_SECTOR_PEOPLE
MIN_VOTES = LENS_MIN_SECTOR_VOTES


@dataclass(frozen=True)
class SectorShare:
    sector: str
    agree: int
    disagree: int
    votes: int

    @property
    def agreement(self) -> float:
        return self.agree / self.votes if self.votes else 0.0


@dataclass(frozen=True)
class StatementAcrossSectors:
    statement: Hashable
    shares: tuple[SectorShare, ...]  # the sectors that count on this statement, in the lens's order
    spread: float                    # largest difference in agreement between two of them (0 with fewer than 2)
    spread_test: float               # z of the most against the least agreeing sector
    consensus: float                 # product of the sectors' smoothed agreement
    bridge: bool                     # every sector of the lens counts here and leans to agree


@dataclass(frozen=True)
class SectorLens:
    sectors: tuple[str, ...]         # sectors with enough people, largest first
    sizes: tuple[int, ...]
    statements: tuple[StatementAcrossSectors, ...]  # in the matrix's order
    bridges: tuple[StatementAcrossSectors, ...]     # "bruggen": strongest consensus first
    dividing_lines: tuple[StatementAcrossSectors, ...]  # "scheidslijnen": significant spreads, largest first
    distinctive: tuple[tuple[Representative, ...], ...]  # "wat deze sector onderscheidt", per sector


def sectors_with_enough_people(sectors: Sequence[str | None], min_people: int = MIN_PEOPLE) -> tuple[str, ...]:
    """Declared sectors with at least `min_people` people, largest first (then by name)."""
    sizes: dict[str, int] = {}
    for sector in sectors:
        if sector:
            sizes[sector] = sizes.get(sector, 0) + 1
    return tuple(sorted((s for s, n in sizes.items() if n >= min_people), key=lambda s: (-sizes[s], s)))


def sector_labels(sectors: Sequence[str | None], kept: Sequence[str]) -> np.ndarray:
    """Each participant's index in `kept`, or -1 for a sector left out or none declared."""
    index = {sector: i for i, sector in enumerate(kept)}
    return np.array([index.get(sector, -1) for sector in sectors], dtype=int)


def sector_lens(matrix: VoteMatrix, sectors: Sequence[str | None], min_people: int = MIN_PEOPLE,
                min_votes: int = MIN_VOTES, top: int = TOP) -> SectorLens:
    """The lens over every statement in the matrix; `sectors` gives each row's declared sector."""
    if len(sectors) != matrix.shape[0]:
        raise ValueError("one sector (or None) per participant")
    kept = sectors_with_enough_people(sectors, min_people)
    labels = sector_labels(sectors, kept)
    counts = counts_by_label(matrix.votes, labels, len(kept))
    statements = tuple(_across_sectors(matrix.statements[c], kept, counts, c, min_votes)
                       for c in range(matrix.shape[1]))
    bridges = tuple(sorted((s for s in statements if s.bridge), key=lambda s: -s.consensus))
    dividing = tuple(sorted((s for s in statements if s.spread_test > Z_90), key=lambda s: -s.spread))
    distinctive = (representative_statements(matrix.votes, labels, len(kept), matrix.statements, top)
                   if len(kept) >= 2 else tuple(() for _ in kept))
    sizes = tuple(int(np.count_nonzero(labels == i)) for i in range(len(kept)))
    return SectorLens(kept, sizes, statements, bridges, dividing, distinctive)


def _across_sectors(statement, kept, counts, column, min_votes) -> StatementAcrossSectors:
    shares = tuple(SectorShare(sector, int(counts.agree[i, column]), int(counts.disagree[i, column]),
                               int(counts.seen[i, column]))
                   for i, sector in enumerate(kept) if counts.seen[i, column] >= min_votes)
    agree = np.array([s.agree for s in shares])
    votes = np.array([s.votes for s in shares])
    consensus = float(np.prod(smoothed(agree, votes))) if shares else 0.0
    spread, spread_test = 0.0, 0.0
    if len(shares) >= 2:
        agreement = agree / votes
        high, low = int(np.argmax(agreement)), int(np.argmin(agreement))
        spread = float(agreement[high] - agreement[low])
        spread_test = float(two_prop_test(agree[high], agree[low], votes[high], votes[low]))
    bridge = len(kept) >= 2 and len(shares) == len(kept) and bool(np.all(agree * 2 > votes))
    return StatementAcrossSectors(statement, shares, spread, spread_test, consensus, bridge)
