"""The moderator's list of problems: the latest few per session, shared by workers through Redis."""
from __future__ import annotations

import pytest

from facilitator.problems import KEEP, ProblemsInMemory, ProblemsInRedis


@pytest.fixture(params=["memory", "redis"])
def problems(request):
    if request.param == "memory":
        return ProblemsInMemory()
    return ProblemsInRedis(request.getfixturevalue("redis_url"))


def test_the_latest_few_problems_oldest_first_until_the_session_goes(problems):
    for n in range(KEEP + 2):
        problems.add(901, f"problem {n}")
    problems.add(902, "elsewhere")
    assert problems.of(901) == [f"problem {n}" for n in range(2, KEEP + 2)]
    problems.forget(901)
    assert problems.of(901) == [] and problems.of(902) == ["elsewhere"]
    problems.forget(902)


def test_a_second_worker_sees_what_the_first_kept(redis_url):
    first, second = ProblemsInRedis(redis_url), ProblemsInRedis(redis_url)
    first.add(903, "not saved")
    assert second.of(903) == ["not saved"]
    second.forget(903)


def test_without_redis_the_panel_gets_no_problems_rather_than_no_state():
    away = ProblemsInRedis("redis://127.0.0.1:1/0")  # nothing listens on port 1
    away.add(904, "lost")
    assert away.of(904) == []
