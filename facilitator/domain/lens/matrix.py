"""The vote matrix the lens reads: participants in rows, statements in columns.

A cell holds +1 (agree), -1 (disagree), 0 (pass) or NaN (not seen: the statement was not shown to
them, or they joined later). Everything here is a plain function of arrays, as Pol.is's math is.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..limits import LENS_MIN_VOTES

AGREE, DISAGREE, PASS = 1.0, -1.0, 0.0

# Pol.is places a participant once they voted on seven statements, or on all of them while there
# are fewer: with fewer votes a position on the map says more about chance than about opinion.
MIN_VOTES = LENS_MIN_VOTES


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Votes with the ids of their rows and columns. The array is read-only: results that share
    it cannot change under each other."""

    votes: np.ndarray
    participants: tuple[Hashable, ...]
    statements: tuple[Hashable, ...]

    def __post_init__(self):
        votes = np.array(self.votes, dtype=float).reshape(len(self.participants), len(self.statements))
        if not np.all(np.isnan(votes) | np.isin(votes, (AGREE, DISAGREE, PASS))):
            raise ValueError("a vote is +1, -1, 0 or NaN")
        votes.setflags(write=False)
        object.__setattr__(self, "votes", votes)
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "statements", tuple(self.statements))

    @property
    def shape(self) -> tuple[int, int]:
        return self.votes.shape


def vote_matrix(votes: Iterable[tuple[Hashable, Hashable, float]], participants: Sequence[Hashable] = (),
                statements: Sequence[Hashable] = ()) -> VoteMatrix:
    """A matrix from (participant, statement, vote) triples; a later vote on the same pair replaces
    the earlier one, as on the phones. Rows and columns come in the order given, then as first seen."""
    rows = {p: i for i, p in enumerate(dict.fromkeys(participants))}
    columns = {s: i for i, s in enumerate(dict.fromkeys(statements))}
    cells = []
    for participant, statement, vote in votes:
        cells.append((rows.setdefault(participant, len(rows)), columns.setdefault(statement, len(columns)),
                      float(vote)))
    grid = np.full((len(rows), len(columns)), np.nan)
    for row, column, vote in cells:
        grid[row, column] = vote
    return VoteMatrix(grid, tuple(rows), tuple(columns))


def votes_cast(votes: np.ndarray) -> np.ndarray:
    """How many statements each participant voted on (a pass is a vote)."""
    return np.count_nonzero(~np.isnan(votes), axis=1)


def enough_votes(votes: np.ndarray, min_votes: int = MIN_VOTES) -> np.ndarray:
    """Who is placed on the map: at least `min_votes` votes, or all statements while there are fewer."""
    return votes_cast(votes) >= max(1, min(min_votes, votes.shape[1]))


def zero_out(votes: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The votes with the given columns set to 0 for everyone, as Pol.is treats moderated-out
    comments: they stay in the matrix but carry no opinion (and count as seen when projecting)."""
    cleared = np.array(votes, dtype=float)
    cleared[:, columns] = 0.0
    return cleared


def column_mask(matrix: VoteMatrix, statements: Iterable[Hashable]) -> np.ndarray:
    """A boolean mask over the matrix's columns for the given statement ids (unknown ids ignored)."""
    wanted = set(statements)
    return np.array([s in wanted for s in matrix.statements], dtype=bool)
