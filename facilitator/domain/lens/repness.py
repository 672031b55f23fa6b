"""What sets a group apart: Pol.is's representativeness, with its significance tests.

For a group and a statement: the smoothed chance that a member agrees, (agrees + 1) / (votes + 2),
divided by the same chance among the other groups' members ("ratio"; people in no group are left
out, as Pol.is compares groups only), with a two-proportion z-test of in-group against the rest
("ratio test") and a one-proportion test that the group leans that way at all
("probability test"). The same for disagreeing. A statement represents the group when both tests
pass at 90% (one-sided, z > 1.2816), for agreeing or for disagreeing. Used for opinion groups and
for sectors alike: a label per participant is all it needs.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

Z_90 = 1.2816  # one-sided 90%: Pol.is's threshold, loose on purpose for rooms of tens of people
TOP = 5        # Pol.is shows five statements per group


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart, and in which direction."""

    statement: Hashable
    direction: str        # "agree" or "disagree"
    n_success: int        # members who voted that way
    n_trials: int         # members who voted on it (passes included)
    probability: float    # smoothed share of members voting that way
    probability_test: float
    ratio: float          # that share over the same share among the other groups' members
    ratio_test: float
    significant: bool     # both tests pass; False only for the one fallback of a group with none

    @property
    def metric(self) -> float:
        """Pol.is's ordering: strong, surprising and widely held within the group."""
        return self.ratio * self.ratio_test * self.probability * self.probability_test


@dataclass(frozen=True, eq=False)
class Counts:
    """Per label (rows) and statement (columns): agrees, disagrees and votes."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def counts_by_label(votes: np.ndarray, labels: np.ndarray, n_labels: int) -> Counts:
    """Count votes per label; rows whose label is negative (not in any group) are left out."""
    shape = (n_labels, votes.shape[1])
    agree, disagree, seen = np.zeros(shape, int), np.zeros(shape, int), np.zeros(shape, int)
    for label in range(n_labels):
        rows = votes[labels == label]
        agree[label] = np.count_nonzero(rows == 1, axis=0)
        disagree[label] = np.count_nonzero(rows == -1, axis=0)
        seen[label] = np.count_nonzero(~np.isnan(rows), axis=0)
    return Counts(agree, disagree, seen)


def smoothed(successes, trials):
    """(successes + 1) / (trials + 2): a share that a single vote cannot push to 0 or 1."""
    return (np.asarray(successes) + 1.0) / (np.asarray(trials) + 2.0)


def prop_test(successes, trials):
    """z of a smoothed share against one half (Pol.is's stats/prop-test)."""
    successes, trials = np.asarray(successes) + 1.0, np.asarray(trials) + 1.0
    return 2.0 * np.sqrt(trials) * (successes / trials - 0.5)


def two_prop_test(successes_in, successes_out, trials_in, trials_out):
    """z of the in-group share against the rest's, each count plus one (Pol.is's two-prop-test);
    0 where everyone voted that way and the test has no variance to speak of."""
    s_in, s_out = np.asarray(successes_in) + 1.0, np.asarray(successes_out) + 1.0
    n_in, n_out = np.asarray(trials_in) + 1.0, np.asarray(trials_out) + 1.0
    pooled = (s_in + s_out) / (n_in + n_out)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n_in + 1.0 / n_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s_in / n_in - s_out / n_out) / spread
    return np.where(spread > 0, z, 0.0)


def representative_statements(votes: np.ndarray, labels: np.ndarray, n_labels: int,
                              statements: Sequence[Hashable], top: int = TOP,
                              skip: np.ndarray | None = None) -> tuple[tuple[Representative, ...], ...]:
    """Per label, up to `top` statements that set it apart, strongest first and agreements before
    disagreements (as Pol.is lists them). A label with no significant statement gets its single
    most distinctive one, marked not significant, so no group is shown empty-handed."""
    counts = counts_by_label(votes, labels, n_labels)
    skip = np.zeros(votes.shape[1], bool) if skip is None else skip
    total_agree, total_disagree, total_seen = (counts.agree.sum(axis=0), counts.disagree.sum(axis=0),
                                               counts.seen.sum(axis=0))
    chosen = []
    for label in range(n_labels):
        sides = {}
        for direction, successes, total in (("agree", counts.agree, total_agree),
                                            ("disagree", counts.disagree, total_disagree)):
            s_in, n_in = successes[label], counts.seen[label]
            s_out, n_out = total - s_in, total_seen - n_in
            p = smoothed(s_in, n_in)
            sides[direction] = (s_in, n_in, p, prop_test(s_in, n_in), p / smoothed(s_out, n_out),
                                two_prop_test(s_in, s_out, n_in, n_out))
        candidates = []
        for column in np.flatnonzero(~skip & (counts.seen[label] > 0)):
            passing = [d for d, side in sides.items() if side[3][column] > Z_90 and side[5][column] > Z_90]
            direction = passing[0] if passing else max(sides, key=lambda d: sides[d][5][column])
            s_in, n_in, p, p_test, ratio, ratio_test = (side[column] for side in sides[direction])
            candidates.append(Representative(statements[column], direction, int(s_in), int(n_in), float(p),
                                             float(p_test), float(ratio), float(ratio_test), bool(passing)))
        significant = sorted((c for c in candidates if c.significant), key=lambda c: -c.metric)[:top]
        if not significant and candidates:
            significant = [max(candidates, key=lambda c: c.ratio_test)]
        chosen.append(tuple(sorted(significant, key=lambda c: c.direction != "agree")))
    return tuple(chosen)
