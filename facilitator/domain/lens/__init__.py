"""The sector lens and the opinion map: pure functions over a vote matrix (numpy, scikit-learn).

matrix.py      the vote matrix, who has enough votes, moderated-out columns
projection.py  PCA with missing votes mean-filled, sparsity-aware scaling (Pol.is)
clustering.py  base clusters, then opinion groups by weighted k-means, k by silhouette
repness.py     what sets a group (or a sector) apart, with Pol.is's significance tests
opinion_map.py dots, groups and each group's defining statements
sectors.py     per statement across sectors: spread, consensus; bridges, dividing lines
make_up.py     how each opinion group is made up by sector
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from .make_up import MakeUp, group_make_up
from .matrix import MIN_VOTES, VoteMatrix, vote_matrix
from .opinion_map import Dot, OpinionGroup, OpinionMap, opinion_map
from .repness import Representative
from .sectors import MIN_PEOPLE, SectorLens, StatementAcrossSectors, sector_lens

__all__ = ["Dot", "Lens", "MakeUp", "OpinionGroup", "OpinionMap", "Representative", "SectorLens",
           "StatementAcrossSectors", "VoteMatrix", "analyse", "group_make_up", "opinion_map", "sector_lens",
           "vote_matrix"]


@dataclass(frozen=True)
class Lens:
    opinions: OpinionMap
    sectors: SectorLens
    make_up: MakeUp


def analyse(matrix: VoteMatrix, sectors: Sequence[str | None], k: int | None = None,
            min_votes: int = MIN_VOTES, min_people: int = MIN_PEOPLE) -> Lens:
    """Everything the panel, projector and report show, from the votes and each row's sector."""
    opinions = opinion_map(matrix, k=k, min_votes=min_votes)
    sector_of: dict[Hashable, str | None] = dict(zip(matrix.participants, sectors))
    make_up = group_make_up(opinions, sector_of, min_people=min_people)
    shown = set(make_up.sectors) - {None}  # a dot's shape names no sector the make-up table hides
    dots = tuple(replace(dot, sector=sector_of.get(dot.participant) if sector_of.get(dot.participant) in shown
                         else None) for dot in opinions.dots)
    return Lens(replace(opinions, dots=dots), sector_lens(matrix, sectors, min_people=min_people), make_up)
