"""Breakout groups: people are placed in groups, work on a shared board, and report back.

Here: actions.py (the verbs), events.py (socket events), snapshot.py (what each role sees), deck.py
(the deck's `breakouts:`), store.py (queries, mixed into the store's Queries). Its pure rules are
domain.py (and the placement in facilitator/domain/groups.py).
"""
from facilitator.steps import Kind

from . import actions, deck, snapshot, strings

KIND = Kind(
    name="breakout",
    personal=True,
    step_view=snapshot.step_view,
    parts=snapshot.parts,
    agenda_rows=snapshot.agenda_rows,
    boards=snapshot.boards,
    create=actions.create_breakout,
    on_join=actions.place_on_arrival,
    deck_key="breakouts",
    parse_deck=deck.parse_breakouts,
    parse_step=deck.parse_step,
    titles=snapshot.titles,
    label="Breakout groups",
    ui_strings=strings.ui_strings,
    errors=strings.ERRORS,
)
