"""Counting votes: overall and per sector, with shares of those who gave an opinion."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import CHOICES, PASS, SCALE


@dataclass(frozen=True)
class Distribution:
    counts: dict[str, int]

    @classmethod
    def empty(cls) -> Distribution:
        return cls({choice: 0 for choice in CHOICES})

    @property
    def total(self) -> int:
        """Everyone who voted, passes included."""
        return sum(self.counts.values())

    @property
    def opinions(self) -> int:
        """Votes on the scale; a pass is not an opinion and does not dilute the shares."""
        return self.total - self.counts[PASS]

    def share(self, choice: str) -> float:
        return self.counts[choice] / self.opinions if self.opinions else 0.0

    @property
    def agree_share(self) -> float:
        return self.share("agree") + self.share("strongly_agree")

    @property
    def disagree_share(self) -> float:
        return self.share("disagree") + self.share("strongly_disagree")

    def as_dict(self) -> dict:
        return {
            "counts": dict(self.counts),
            "total": self.total,
            "opinions": self.opinions,
            "shares": {choice: round(self.share(choice), 4) for choice in SCALE},
            "agree": round(self.agree_share, 4),
            "disagree": round(self.disagree_share, 4),
        }


@dataclass(frozen=True)
class Tally:
    overall: Distribution
    by_sector: dict[str, Distribution]  # in the session's sector order, every sector present

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "by_sector": [{"sector": sector, **dist.as_dict()} for sector, dist in self.by_sector.items()],
        }


def build_tally(rows: Iterable[tuple[str, str, int]], sectors: Iterable[str]) -> Tally:
    """rows are (sector, choice, count); sectors no longer offered still count in the overall figure."""
    overall = dict(Distribution.empty().counts)
    by_sector = {sector: dict(Distribution.empty().counts) for sector in sectors}
    for sector, choice, count in rows:
        if choice not in overall:
            continue
        overall[choice] += count
        by_sector.setdefault(sector, dict(Distribution.empty().counts))[choice] += count
    return Tally(Distribution(overall), {s: Distribution(c) for s, c in by_sector.items()})
