"""The opinion map: who stands where, which opinion groups there are, and what defines each.

Pol.is's pipeline over a vote matrix: statements moderated out are zeroed (they stay in the matrix
but carry no opinion), PCA is fitted on everyone's votes with missing votes mean-filled, everyone
is projected with sparsity-aware scaling, and only participants with enough votes are placed and
grouped. Each group's defining statements come from the votes of the placed participants.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from .clustering import K_RANGE, cluster
from .matrix import MIN_VOTES, VoteMatrix, column_mask, enough_votes, zero_out
from .projection import project
from .repness import TOP, Representative, representative_statements


@dataclass(frozen=True)
class Dot:
    """One placed participant: a position and a group, no name. `sector` (the dot's shape) is
    filled in by `analyse`, None for a sector too small to show."""

    participant: Hashable
    x: float
    y: float
    group: int
    sector: str | None = None


@dataclass(frozen=True)
class OpinionGroup:
    id: int                                  # 0 is the largest group
    size: int
    defining: tuple[Representative, ...]


@dataclass(frozen=True)
class OpinionMap:
    dots: tuple[Dot, ...]                    # only participants with enough votes
    groups: tuple[OpinionGroup, ...]
    silhouettes: tuple[tuple[int, float], ...]  # (k, silhouette) per k tried; empty when k was given
    explained: tuple[float, float]           # share of the variance each axis shows

    @property
    def k(self) -> int:
        return len(self.groups)

    def group_of(self) -> dict[Hashable, int]:
        return {dot.participant: dot.group for dot in self.dots}


def opinion_map(matrix: VoteMatrix, k: int | None = None, min_votes: int = MIN_VOTES,
                moderated_out: Iterable[Hashable] = (), k_range: tuple[int, int] = K_RANGE,
                top: int = TOP) -> OpinionMap:
    """Place, group and characterise; `k` fixes the number of groups, else silhouette picks it."""
    # One thread: for matrices of this size BLAS's and k-means's thread pools cost more than they
    # gain, and on a busy two-core machine their spinning threads made it 4x slower (docs/lens.md).
    with threadpool_limits(limits=1):
        return _opinion_map(matrix, k, min_votes, moderated_out, k_range, top)


def _opinion_map(matrix, k, min_votes, moderated_out, k_range, top) -> OpinionMap:
    muted = column_mask(matrix, moderated_out)
    votes = zero_out(matrix.votes, muted)
    projection = project(votes)
    # Who counts is decided on the votes as cast, also on statements moderated out since (Pol.is does).
    placed = enough_votes(matrix.votes, min_votes)
    clustering = cluster(projection.points[placed], k=k, k_range=k_range)
    labels = np.full(matrix.shape[0], -1)
    labels[placed] = clustering.labels
    defining = representative_statements(votes, labels, clustering.k, matrix.statements, top, skip=muted)
    dots = tuple(Dot(matrix.participants[row], float(x), float(y), int(labels[row]))
                 for row, (x, y) in zip(np.flatnonzero(placed), projection.points[placed]))
    groups = tuple(OpinionGroup(g, int(np.count_nonzero(labels == g)), defining[g]) for g in range(clustering.k))
    return OpinionMap(dots, groups, tuple(sorted(clustering.silhouettes.items())), projection.explained)
