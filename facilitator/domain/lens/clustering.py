"""Opinion groups from points on the map: k-means in two stages, k chosen by silhouette.

As Pol.is does: the placed participants are first summarised by up to 100 base clusters (k-means),
and the groups are k-means over those base clusters' centres, each weighted by its members. The
base clusters keep the group step small and steady for large rooms; with 100 people or fewer each
distinct point is its own base cluster. k runs from 2 up to 5 (fewer in a small room: at most
2 + base clusters / 12, Pol.is's rule) and the k with the best silhouette wins. The silhouette is
taken over the people (a sample of them in a large room), not over the base centres as Pol.is does:
a room of two tight camps has two distinct positions, where a silhouette over centres is undefined.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from ..limits import LENS_GROUPS

BASE_CLUSTERS = 100
K_RANGE = LENS_GROUPS
SEED = 0  # fixed: the same votes give the same groups on every recomputation
# k-means restarts, keeping the tightest: one start of the base step left the groups depending on
# the seed (AMI with Pol.is 0.79 to 0.94 over ten seeds on one conversation); these make it steadier.
BASE_RESTARTS = 3
GROUP_RESTARTS = 50
SILHOUETTE_SAMPLE = 1000  # people; the silhouette costs the square of its points


@dataclass(frozen=True, eq=False)
class Clustering:
    labels: np.ndarray          # a group per point, 0 the largest group
    k: int
    silhouettes: dict[int, float]  # per k tried; empty when k was given


def base_clusters(points: np.ndarray, n: int = BASE_CLUSTERS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """(centres, which centre each point belongs to): the distinct points themselves when there are
    at most `n`, else k-means with `n` clusters."""
    distinct, members = np.unique(points, axis=0, return_inverse=True)
    members = members.reshape(-1)
    if len(distinct) <= n:
        return distinct, members
    kmeans = KMeans(n_clusters=n, n_init=BASE_RESTARTS, random_state=seed).fit(points)
    return kmeans.cluster_centers_, kmeans.labels_


def most_groups(n_base: int, k_range: tuple[int, int] = K_RANGE) -> int:
    """Pol.is's cap: a room with few distinct positions is not cut into many groups."""
    return min(k_range[1], 2 + n_base // 12, n_base)


def cluster(points: np.ndarray, k: int | None = None, k_range: tuple[int, int] = K_RANGE,
            seed: int = SEED) -> Clustering:
    """Group the points: into `k` groups when given, else the k in `k_range` with the best silhouette."""
    if len(points) == 0:
        return Clustering(np.zeros(0, dtype=int), 0, {})
    centres, members = base_clusters(points, seed=seed)
    weights = np.bincount(members, minlength=len(centres)).astype(float)
    if len(centres) < 2 or (k is not None and k < 2):
        return Clustering(np.zeros(len(points), dtype=int), 1, {})
    silhouettes: dict[int, float] = {}
    if k is None:
        candidates = {}
        for tried in range(k_range[0], max(k_range[0], most_groups(len(centres), k_range)) + 1):
            labels = _weighted_kmeans(centres, weights, tried, seed)
            score = _silhouette(points, labels[members], seed)
            if score is not None:
                silhouettes[tried] = score
                candidates[tried] = labels
        if not candidates:
            return Clustering(np.zeros(len(points), dtype=int), 1, {})
        k = max(candidates, key=lambda tried: (silhouettes[tried], -tried))
        base_labels = candidates[k]
    else:
        base_labels = _weighted_kmeans(centres, weights, min(k, len(centres)), seed)
    labels = _largest_first(base_labels[members])
    return Clustering(labels, int(labels.max()) + 1, silhouettes)


def _weighted_kmeans(centres: np.ndarray, weights: np.ndarray, k: int, seed: int) -> np.ndarray:
    return KMeans(n_clusters=k, n_init=GROUP_RESTARTS, random_state=seed).fit(centres, sample_weight=weights).labels_


def _silhouette(points: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    """The mean silhouette over the people, or None where it is undefined (one group)."""
    sample = min(len(points), SILHOUETTE_SAMPLE)
    try:
        return float(silhouette_score(points, labels, sample_size=sample, random_state=seed))
    except ValueError:
        return None


def _largest_first(labels: np.ndarray) -> np.ndarray:
    """Renumber groups by size, largest 0, so that a recomputation names the same group alike."""
    ids, sizes = np.unique(labels, return_counts=True)
    order = ids[np.lexsort((ids, -sizes))]
    renumber = np.empty(ids.max() + 1, dtype=int)
    renumber[order] = np.arange(len(order))
    return renumber[labels]
