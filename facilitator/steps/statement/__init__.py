"""A statement: phones vote on a five-point scale and explain; the projector reveals the distribution.

Its pure rules are in facilitator/domain (flow.py, rules.py, tally.py): they are the core of a
session's agenda and older than the kinds; its snapshot parts and socket events are here.
"""
from facilitator.steps import Kind

from . import snapshot, strings

KIND = Kind(
    name="statement",
    bare_id=True,
    step_view=snapshot.step_view,
    parts=snapshot.parts,
    agenda_rows=snapshot.agenda_rows,
    titles=snapshot.titles,
    label="Statement",
    ui_strings=strings.ui_strings,
)
