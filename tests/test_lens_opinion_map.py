"""The opinion map on small rooms whose answer is known: two camps, three camps, late joiners."""
from __future__ import annotations

import numpy as np
import pytest

from facilitator.domain.lens import opinion_map, vote_matrix
from facilitator.domain.lens.clustering import cluster, most_groups
from facilitator.domain.lens.matrix import VoteMatrix, enough_votes, zero_out
from facilitator.domain.lens.projection import project


def camps(*sizes: int, statements: int = 10, noise: float = 0.1, seed: int = 1) -> tuple[np.ndarray, list[int]]:
    """Rooms of camps: camp c agrees with a statement its pattern agrees with, with a little noise."""
    rng = np.random.default_rng(seed)
    patterns = rng.choice([-1.0, 1.0], size=(len(sizes), statements))
    patterns[1] = -patterns[0]  # the first two camps disagree on everything
    rows, truth = [], []
    for camp, size in enumerate(sizes):
        for _ in range(size):
            row = patterns[camp].copy()
            flip = rng.random(statements) < noise
            row[flip] = -row[flip]
            rows.append(row)
            truth.append(camp)
    return np.array(rows), truth


def matrix_of(votes: np.ndarray) -> VoteMatrix:
    return VoteMatrix(votes, tuple(range(len(votes))), tuple(f"s{i}" for i in range(votes.shape[1])))


def same_partition(labels, truth) -> bool:
    pairs = set(zip(labels, truth))
    return len(pairs) == len(set(labels)) == len(set(truth))


def test_two_clear_camps_make_two_groups():
    votes, truth = camps(12, 8)
    result = opinion_map(matrix_of(votes))
    assert result.k == 2
    assert same_partition([d.group for d in result.dots], truth)
    assert [g.size for g in result.groups] == [12, 8], "the largest group is group 0"


def test_three_camps_make_three_groups_by_silhouette():
    votes, truth = camps(15, 15, 15, statements=12, noise=0.05)
    result = opinion_map(matrix_of(votes))
    assert result.k == 3
    assert same_partition([d.group for d in result.dots], truth)
    assert dict(result.silhouettes)[3] == max(s for _, s in result.silhouettes)


def test_k_can_be_given():
    votes, _ = camps(15, 15, 15, statements=12, noise=0.05)
    assert opinion_map(matrix_of(votes), k=2).k == 2
    assert opinion_map(matrix_of(votes), k=2).silhouettes == ()


def test_only_participants_with_enough_votes_are_placed():
    votes, _ = camps(10, 10)
    votes[0, 3:] = np.nan   # three votes: not placed
    votes[1, 7:] = np.nan   # seven votes: placed
    placed = {d.participant for d in opinion_map(matrix_of(votes)).dots}
    assert 0 not in placed and 1 in placed and len(placed) == 19


def test_with_fewer_statements_than_seven_voting_on_all_is_enough():
    votes = np.array([[1, 1, -1], [1, 1, np.nan], [-1, -1, 1]], dtype=float)
    assert enough_votes(votes).tolist() == [True, False, True]


def test_a_defining_statement_is_one_the_group_alone_agrees_with():
    votes, truth = camps(12, 8, statements=8, noise=0.15, seed=2)
    votes[:, 0] = [1.0 if camp == 1 else -1.0 for camp in truth]  # camp 1, and only camp 1, agrees with s0
    result = opinion_map(matrix_of(votes))
    assert same_partition([d.group for d in result.dots], truth)
    smaller, larger = result.groups[1], result.groups[0]
    assert ("s0", "agree") in [(r.statement, r.direction) for r in smaller.defining if r.significant]
    assert ("s0", "disagree") in [(r.statement, r.direction) for r in larger.defining if r.significant]


def test_sparse_voters_are_pushed_out_of_the_centre():
    """Sparsity-aware scaling: the same opinions on half the statements land as far out as on all."""
    votes, _ = camps(10, 10, statements=10, noise=0.0)
    half = votes.copy()
    half[0, 5:] = np.nan
    full_point, half_point = project(votes).points[0], project(half).points[0]
    assert np.linalg.norm(half_point) == pytest.approx(np.linalg.norm(full_point), rel=0.35)
    unscaled = np.linalg.norm(half_point) / np.sqrt(10 / 5)
    assert unscaled < 0.8 * np.linalg.norm(full_point)


def test_a_missing_vote_is_filled_with_the_statements_mean_not_a_pass():
    votes = np.array([[1, 1], [1, -1], [-1, np.nan], [-1, 1]], dtype=float)
    projection = project(votes)
    assert projection.center.tolist() == [0.0, pytest.approx(1 / 3)]


def test_moderated_out_statements_carry_no_opinion():
    votes, truth = camps(10, 10, statements=8)
    muddled = votes.copy()
    muddled[:, 0] = np.random.default_rng(5).choice([-1.0, 1.0], size=20)
    matrix = matrix_of(muddled)
    result = opinion_map(matrix, moderated_out=["s0"])
    assert same_partition([d.group for d in result.dots], truth)
    assert all(r.statement != "s0" for g in result.groups for r in g.defining)
    assert np.all(zero_out(muddled, np.array([True] + [False] * 7))[:, 0] == 0)


def test_the_same_votes_give_the_same_groups_every_time():
    votes, _ = camps(40, 30, 20, statements=15, noise=0.2, seed=3)
    first, second = opinion_map(matrix_of(votes)), opinion_map(matrix_of(votes))
    assert first == second


def test_a_large_room_is_grouped_through_base_clusters():
    votes, truth = camps(180, 120, statements=20, noise=0.1, seed=4)
    labels = cluster(project(votes).points).labels
    assert same_partition(labels.tolist(), truth)


def test_a_small_room_is_not_cut_into_many_groups():
    assert most_groups(10) == 2
    assert most_groups(40) == 5
    assert most_groups(2) == 2 and most_groups(1) == 1


def test_edge_cases_do_not_fail():
    assert opinion_map(vote_matrix([])).k == 0
    one = opinion_map(vote_matrix([(1, "a", 1)]))
    assert one.k == 1 and len(one.dots) == 1
    alike = opinion_map(matrix_of(np.ones((6, 4))))
    assert alike.k == 1 and len(alike.dots) == 6


def test_vote_matrix_keeps_the_last_vote_and_the_order_given():
    matrix = vote_matrix([(7, "b", 1), (8, "a", -1), (7, "b", 0)], participants=[8, 7])
    assert matrix.participants == (8, 7) and matrix.statements == ("b", "a")
    assert matrix.votes[1, 0] == 0 and np.isnan(matrix.votes[0, 0])
    with pytest.raises(ValueError):
        vote_matrix([(1, "a", 2)])
