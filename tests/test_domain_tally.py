"""Counting votes overall and per sector, as the projector and the report show them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.model import CHOICES, SCALE
from facilitator.domain.tally import build_tally

SECTORS = ("Onderwijs", "Sociaal domein", "Gemeente")


def test_overall_and_per_sector_counts():
    rows = [("Onderwijs", "agree", 3), ("Onderwijs", "disagree", 1), ("Gemeente", "agree", 2),
            ("Gemeente", "strongly_agree", 2)]

    tally = build_tally(rows, SECTORS)

    assert tally.overall.counts == {"strongly_disagree": 0, "disagree": 1, "neutral": 0, "agree": 5,
                                    "strongly_agree": 2, "pass": 0}
    assert tally.overall.total == 8
    assert tally.overall.agree_share == pytest.approx(7 / 8)
    assert tally.overall.disagree_share == pytest.approx(1 / 8)
    assert tally.by_sector["Onderwijs"].counts["agree"] == 3
    assert tally.by_sector["Onderwijs"].agree_share == pytest.approx(3 / 4)
    assert tally.by_sector["Gemeente"].agree_share == pytest.approx(1.0)


def test_passes_count_as_votes_but_not_as_opinions():
    tally = build_tally([("Onderwijs", "agree", 1), ("Onderwijs", "disagree", 1), ("Onderwijs", "pass", 6)],
                        SECTORS)

    overall = tally.overall
    assert overall.total == 8
    assert overall.opinions == 2
    assert overall.share("agree") == pytest.approx(0.5)  # not 1/8: a pass does not dilute the shares
    assert overall.as_dict()["shares"] == {"strongly_disagree": 0.0, "disagree": 0.5, "neutral": 0.0,
                                           "agree": 0.5, "strongly_agree": 0.0}
    assert "pass" not in overall.as_dict()["shares"]


def test_only_passes_give_zero_shares_not_a_division_error():
    overall = build_tally([("Gemeente", "pass", 4)], SECTORS).overall
    assert (overall.total, overall.opinions) == (4, 0)
    assert overall.agree_share == overall.disagree_share == 0.0


def test_every_sector_is_present_in_session_order_even_without_votes():
    tally = build_tally([("Gemeente", "neutral", 1)], SECTORS)

    assert list(tally.by_sector) == list(SECTORS)
    assert tally.by_sector["Onderwijs"].total == 0
    assert [entry["sector"] for entry in tally.as_dict()["by_sector"]] == list(SECTORS)


def test_no_votes_at_all():
    tally = build_tally([], SECTORS)
    assert tally.overall.total == 0
    assert tally.as_dict()["overall"]["agree"] == 0.0
    assert list(tally.by_sector) == list(SECTORS)


def test_a_sector_no_longer_offered_still_counts_and_appears_after_the_others():
    tally = build_tally([("Politie", "agree", 2), ("Onderwijs", "disagree", 1)], SECTORS)

    assert tally.overall.total == 3
    assert list(tally.by_sector) == [*SECTORS, "Politie"]
    assert tally.by_sector["Politie"].counts["agree"] == 2


def test_unknown_choices_are_ignored_everywhere():
    tally = build_tally([("Onderwijs", "maybe", 5), ("Politie", "yes", 2), ("Onderwijs", "agree", 1)], SECTORS)

    assert tally.overall.total == 1
    assert set(tally.overall.counts) == set(CHOICES)
    assert tally.by_sector["Onderwijs"].total == 1
    assert "Politie" not in tally.by_sector  # a sector seen only with unknown choices adds no empty column


def test_rows_for_the_same_sector_and_choice_add_up():
    tally = build_tally([("Onderwijs", "agree", 2), ("Onderwijs", "agree", 3)], SECTORS)
    assert tally.by_sector["Onderwijs"].counts["agree"] == 5


sectors_st = st.sampled_from(("Onderwijs", "Sociaal domein", "Gemeente", "Politie", "Zorg"))
rows_st = st.lists(st.tuples(sectors_st, st.sampled_from(CHOICES + ("maybe",)), st.integers(0, 1000)),
                   max_size=40)


@given(rows=rows_st, offered=st.lists(sectors_st, unique=True, max_size=4))
def test_totals_agree_and_shares_add_up(rows, offered):
    tally = build_tally(rows, offered)
    overall = tally.overall

    known = [(sector, choice, count) for sector, choice, count in rows if choice in CHOICES]
    assert overall.total == sum(count for _, _, count in known)
    assert overall.total == sum(overall.counts.values())
    assert overall.total == sum(dist.total for dist in tally.by_sector.values())
    for choice in CHOICES:
        assert overall.counts[choice] == sum(dist.counts[choice] for dist in tally.by_sector.values())
    assert list(tally.by_sector)[:len(offered)] == offered
    for dist in (overall, *tally.by_sector.values()):
        if dist.opinions > 0:
            assert abs(sum(dist.share(choice) for choice in SCALE) - 1) < 1e-9
            assert abs(dist.agree_share + dist.share("neutral") + dist.disagree_share - 1) < 1e-9
        else:
            assert all(dist.share(choice) == 0.0 for choice in SCALE)
