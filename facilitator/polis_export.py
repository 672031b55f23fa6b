"""Pol.is exports read from a folder, and our opinion groups checked against the groups Pol.is gave.

A Pol.is export (CC BY 4.0 for the public conversations of The Computational Democracy Project)
holds participants-votes.csv: per participant the group Pol.is assigned ("group-id", blank when
not grouped) and a column per comment id with 1 agree, -1 disagree, 0 pass, blank unseen; and
comments.csv with each comment's moderation ("moderated": -1 moderated out). `facilitator lens
check FOLDER` prints what `check_export` finds.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .domain.lens.matrix import VoteMatrix


class ExportError(ValueError):
    """The folder does not hold a readable Pol.is export."""


@dataclass(frozen=True)
class PolisExport:
    matrix: VoteMatrix
    groups: tuple[int | None, ...]          # Pol.is's group per row of the matrix
    moderated_out: tuple[str, ...]          # comment ids


@dataclass(frozen=True)
class Check:
    participants: int   # rows in the export
    counted: int        # placed by us (enough votes)
    compared: int       # placed by us and grouped by Pol.is: the participants the AMI is over
    groups: int         # Pol.is's number of groups, which we were asked for
    ami: float

    def lines(self) -> list[str]:
        return [f"Participants: {self.participants}",
                f"Participants counted: {self.counted}",
                f"Compared with Pol.is's groups: {self.compared}",
                f"Groups: {self.groups}",
                f"AMI {self.ami:.2f}"]


def load_export(folder: Path) -> PolisExport:
    votes_file = Path(folder) / "participants-votes.csv"
    if not votes_file.is_file():
        raise ExportError(f"{votes_file}: not found (a Pol.is export's participants-votes.csv)")
    with votes_file.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or "participant" not in header or "group-id" not in header:
            raise ExportError(f"{votes_file}: no 'participant' and 'group-id' columns")
        # Comment columns are the numeric ones; participant, group-id and the n-* counts are not.
        comment_columns = [i for i, name in enumerate(header) if name.strip().lstrip("-").isdigit()]
        group_column, participant_column = header.index("group-id"), header.index("participant")
        participants, groups, rows = [], [], []
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            try:
                rows.append([float(row[i]) if i < len(row) and row[i].strip() else np.nan for i in comment_columns])
                groups.append(int(row[group_column]) if row[group_column].strip() else None)
            except (ValueError, IndexError) as exc:
                raise ExportError(f"{votes_file}:{line}: {exc}") from None
            participants.append(row[participant_column])
    statements = tuple(header[i].strip() for i in comment_columns)
    try:
        matrix = VoteMatrix(np.array(rows, dtype=float).reshape(len(rows), len(statements)),
                            tuple(participants), statements)
    except ValueError as exc:
        raise ExportError(f"{votes_file}: {exc}") from None
    return PolisExport(matrix, tuple(groups), _moderated_out(Path(folder) / "comments.csv"))


def _moderated_out(comments_file: Path) -> tuple[str, ...]:
    if not comments_file.is_file():
        return ()
    with comments_file.open(newline="", encoding="utf-8") as handle:
        return tuple(row["comment-id"].strip() for row in csv.DictReader(handle)
                     if row.get("moderated", "").strip() == "-1")


def check_export(export: PolisExport) -> Check:
    """Our groups with Pol.is's number of groups, compared by adjusted mutual information over the
    participants both we and Pol.is placed."""
    from sklearn.metrics import adjusted_mutual_info_score

    from .domain.lens.opinion_map import opinion_map

    k = len({g for g in export.groups if g is not None})
    if k < 2:
        raise ExportError("Pol.is found fewer than two groups here: nothing to compare")
    ours = opinion_map(export.matrix, k=k, moderated_out=export.moderated_out).group_of()
    both = [(ours[p], g) for p, g in zip(export.matrix.participants, export.groups) if p in ours and g is not None]
    ami = adjusted_mutual_info_score([g for g, _ in both], [g for _, g in both]) if both else 0.0
    return Check(len(export.groups), len(ours), len(both), k, float(ami))
