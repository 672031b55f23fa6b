"""An information slide: a title, a short text and an optional image from the deck's folder, on the
projector and every phone. For the welcome, the programme, a break.

Everything of the kind is in this folder (README.md); the registry line is in facilitator/steps/__init__.py.
"""
from facilitator.steps import Kind

from . import deck, snapshot, store, strings
from .domain import check_plan


def _create(q, session_id: int, language: str, statement_count: int, plan) -> int:
    return store.create_slide(q, session_id, check_plan(plan, statement_count))


KIND = Kind(
    name="slide",
    step_view=snapshot.step_view,
    agenda_rows=snapshot.agenda_rows,
    create=_create,
    parse_step=deck.parse_step,
    titles=snapshot.titles,
    label=strings.LABEL,
    script="steps/slide/slide.js",
    ui_strings=strings.ui_strings,
)
