"""How long the lens and the opinion map take for a large room: 2,000 participants, 30 statements.

    .venv/bin/python scripts/bench_lens.py [--participants 2000] [--statements 30] [--repeat 5]

Prints the time of each part and of the whole `analyse` (the budget is 1 s: it is recomputed at
most every few seconds while votes arrive, off the vote's own path). The room is made up: four
opinion camps that cut across six sectors, some statements unseen by late joiners.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from facilitator.domain.lens import analyse, opinion_map, sector_lens  # noqa: E402
from facilitator.domain.lens.matrix import VoteMatrix  # noqa: E402

SECTORS = ["Onderwijs", "Zorg", "Politie", "Justitie", "Gemeente", "Jongerenwerk"]


def room(participants: int, statements: int, seed: int = 15) -> tuple[VoteMatrix, list[str]]:
    rng = np.random.default_rng(seed)
    camps = rng.choice([-1.0, 0.0, 1.0], p=[0.4, 0.1, 0.5], size=(4, statements))
    camp = rng.integers(0, 4, participants)
    votes = camps[camp]
    noise = rng.random(votes.shape) < 0.2
    votes = np.where(noise, rng.choice([-1.0, 0.0, 1.0], size=votes.shape), votes)
    late = rng.random(participants) < 0.15  # joined late: missed the first third of the statements
    votes[np.ix_(late, np.arange(statements // 3))] = np.nan
    sectors = [SECTORS[i] for i in rng.integers(0, len(SECTORS), participants)]
    return VoteMatrix(votes, tuple(range(participants)), tuple(range(statements))), sectors


def best_of(repeat: int, work) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--statements", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    matrix, sectors = room(args.participants, args.statements)
    analyse(matrix, sectors)  # warm up: imports and the first call's allocations are not the steady cost
    print(f"{args.participants} participants x {args.statements} statements, best and median of {args.repeat};"
          f" {os.cpu_count()} cores, Python {platform.python_version()}")
    for name, work in (("opinion map", lambda: opinion_map(matrix)),
                       ("sector lens", lambda: sector_lens(matrix, sectors)),
                       ("lens + map (analyse)", lambda: analyse(matrix, sectors))):
        best, median = best_of(args.repeat, work)
        print(f"{name:22} {best * 1000:7.0f} ms  (median {median * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
