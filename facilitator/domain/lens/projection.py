"""Participants placed in two dimensions from their votes, the way Pol.is does it.

Missing votes are filled with the statement's mean vote before PCA, so that "not seen" pulls a
participant toward the middle instead of counting as a pass. Each projection is then scaled by
sqrt(statements / votes cast): someone who voted on few statements has few non-zero terms in the
projection and would otherwise huddle in the centre (Pol.is's sparsity-aware projection).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA


@dataclass(frozen=True, eq=False)
class Projection:
    points: np.ndarray       # participants x 2
    center: np.ndarray       # each statement's mean vote over those who voted on it
    components: np.ndarray   # 2 x statements; a row of zeros where the data has no second direction
    explained: tuple[float, float]  # share of the variance along each axis


def column_means(votes: np.ndarray) -> np.ndarray:
    """Each statement's mean vote over those who voted on it; 0 for a statement nobody voted on."""
    seen = ~np.isnan(votes)
    counts = seen.sum(axis=0)
    sums = np.where(seen, votes, 0.0).sum(axis=0)
    return np.divide(sums, counts, out=np.zeros(votes.shape[1]), where=counts > 0)


def project(votes: np.ndarray) -> Projection:
    """Fit PCA on all rows (mean-imputed) and place every row with sparsity-aware scaling."""
    n_rows, n_columns = votes.shape
    seen = ~np.isnan(votes)
    center = column_means(votes)
    filled = np.where(seen, votes, center)
    components = np.zeros((2, n_columns))
    explained = np.zeros(2)
    dims = min(2, n_rows - 1, n_columns)
    if dims >= 1 and np.ptp(filled, axis=0).any():
        # svd_solver="full": exact and deterministic; the matrix is small (rooms, not crowds).
        pca = PCA(n_components=dims, svd_solver="full").fit(filled)
        components[:dims] = pca.components_
        explained[:dims] = np.nan_to_num(pca.explained_variance_ratio_)
    points = (filled - center) @ components.T
    points *= np.sqrt(n_columns / np.maximum(seen.sum(axis=1), 1))[:, None]
    return Projection(points, center, components, (float(explained[0]), float(explained[1])))
