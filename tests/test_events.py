"""Every event says who must hear it; broadcast.py routes by that alone, never by the event's class."""
from __future__ import annotations

import dataclasses
import inspect

from facilitator.domain import events
from facilitator.domain.events import (EVERYONE, CommentModerated, Event, Rooms, ScreenSeen, SessionDeleted,
                                       StepChanged, VoteRecorded)
from facilitator.steps.breakout import model as breakout_model
from facilitator.steps.breakout.model import BoardChanged, ParticipantsPlaced


def test_every_event_names_its_rooms():
    # The core's and each kind's (a kind declares its events beside its values, in model.py).
    classes = [c for module in (events, breakout_model) for _, c in inspect.getmembers(module, inspect.isclass)
               if issubclass(c, Event) and c is not Event and c.__module__ == module.__name__]
    assert len(classes) >= 14
    for cls in classes:
        fields = {f.name: (1,) if f.name == "participant_ids" else 1 for f in dataclasses.fields(cls)}
        assert isinstance(cls(**fields).rooms(), Rooms), cls.__name__


def test_rooms_of_the_events_that_go_beyond_the_screens():
    assert VoteRecorded(1, 2, 3, "agree").rooms() == Rooms()  # projector and panel, on the next beat
    assert ScreenSeen(1, "s").rooms() == Rooms(screens=False, panel=True)
    assert StepChanged(1, "breakout", 4).rooms() == Rooms(phones=True, personal_step="breakout")
    assert ParticipantsPlaced(1, 4, (7, 8)).rooms().personal == (7, 8)
    assert CommentModerated(1, 2, 3, "approved", 9).rooms().personal == (9,)
    assert BoardChanged(1, 5).rooms().groups == (5,)
    assert SessionDeleted(1).rooms() == Rooms(screens=False, let_go=True)
    assert EVERYONE not in Rooms().personal


def test_broadcast_does_not_route_by_type():
    source = inspect.getsource(__import__("facilitator.broadcast", fromlist=["x"]))
    assert "isinstance" not in source
