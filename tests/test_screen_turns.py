"""Workers on one Redis take turns at a session's screen update: one update per beat, and no change left unshown."""
from __future__ import annotations

import time

from facilitator.screen_turns import OneProcess, SharedBeats

BEAT = 0.2


def test_one_process_sends_every_session_itself():
    assert OneProcess().claim("screens", {1, 2}) == {1, 2}


def test_of_two_workers_with_votes_in_one_session_one_sends_the_beat(redis_url):
    first, second = SharedBeats(redis_url, BEAT), SharedBeats(redis_url, BEAT)
    won = [first.claim("screens", {101}), second.claim("screens", {101})]
    assert sorted(map(len, won)) == [0, 1]
    # Other sessions and the control panel alone are claimed on their own.
    assert second.claim("screens", {102}) == {102}
    assert second.claim("panel", {101}) == {101}


def test_a_worker_that_lost_sends_at_the_next_beat_when_nobody_else_did(redis_url):
    """Its vote may have been stored after the winner read the store: nobody may have shown it yet."""
    first, second = SharedBeats(redis_url, BEAT), SharedBeats(redis_url, BEAT)
    assert first.claim("screens", {201}) == {201}
    assert second.claim("screens", {201}) == set()
    assert second.claim("screens", set()) == set(), "the beat is still the first worker's"
    time.sleep(BEAT * 1.5)
    assert second.claim("screens", set()) == {201}
    time.sleep(BEAT * 1.5)
    assert second.claim("screens", set()) == set(), "sent once: nothing left to show"


def test_a_worker_that_lost_stays_quiet_when_a_later_update_showed_its_change(redis_url):
    first, second = SharedBeats(redis_url, BEAT), SharedBeats(redis_url, BEAT)
    assert first.claim("screens", {301}) == {301}
    assert second.claim("screens", {301}) == set()
    time.sleep(BEAT * 1.5)
    assert first.claim("screens", {301}) == {301}, "a new vote on the first worker: its beat again"
    time.sleep(BEAT * 1.5)
    assert second.claim("screens", set()) == set(), "that update was read after the second's change"
