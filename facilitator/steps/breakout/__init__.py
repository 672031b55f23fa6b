"""Breakout groups: people are placed in groups, work on a shared board, and report back.

Everything of the kind is in this folder (README.md); the registry line is in facilitator/steps/__init__.py.
"""
from facilitator.steps import Kind

from . import actions, deck, limits, report, snapshot, store, strings

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
    script="steps/breakout/breakout.js",
    label="Breakout groups",
    ui_strings=strings.ui_strings,
    errors=strings.ERRORS,
    agenda_items=store.breakouts,
    save_item=store.save_breakout,
    report_data=report.report_data,
    report_section=report.report_section,
    report_json=report.report_json,
    limits=limits.for_browser,
    report_tables={"groups": (strings.GROUPS_TABLE, report.groups_csv),
                   "memberships": (strings.MEMBERSHIPS_TABLE, report.memberships_csv),
                   "notes": (strings.NOTES_TABLE, report.notes_csv)},
)
