"""The kinds of step an agenda can hold, and the one list of them: KINDS (facilitator/README.md).

Each kind is a package here that owns everything of its kind. The core (sessions, agenda, write
path, broadcast, realtime, views, report shell) reads this dict and names no kind; adding a kind is
one folder and its line below. tests/test_steps.py checks that each kind has its parts.

Three parts are found by their place rather than through Kind, because they sit above the core that
registers them: socket events in `<kind>/events.py` (EVENTS, loaded by socket_events.py), pages in
`<kind>/views.py` (a blueprint `bp`, registered by views/__init__.py), and a kind's tables' Alembic
revisions in `<kind>/migrations/` (store/migrate.py reads every such folder). Its templates are found
by place too: `templates/steps/<kind>/` (phone.html, projector.html, panel*.html, report.html), which
the page shells and the report include for every kind in KINDS, skipping what a kind has not.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.domain import limits as core_limits
from facilitator.store.queries import AGENDA_ITEMS


@dataclass(frozen=True)
class Kind:
    """What a kind brings; every hook is optional, the core skips what a kind leaves out."""

    name: str
    # Phones each get a state of their own while a step of this kind is on screen (group work: the group).
    personal: bool = False
    # show_step accepts this kind's bare id ({"statement": 3} or just 3); at most one kind may.
    bare_id: bool = False
    # step_view(q, agenda, item_id, now) -> the `step.<kind>` part of every role's state while on screen.
    step_view: Callable | None = None
    # parts(role, q, agenda, state, now=, me=) adds what the kind shows a role, whatever is on screen.
    parts: Callable | None = None
    # agenda_rows(q, agenda) -> {item_id: fields of its row in the control panel's agenda}.
    agenda_rows: Callable | None = None
    # boards(q, group_ids) -> [(participant id, board)]: what BoardChanged's group rooms are sent.
    boards: Callable | None = None
    # create(q, session_id, language, statement_count, plan) -> item id: a prepared step is stored.
    create: Callable | None = None
    # on_join(q, svc, participant) -> events: the kind takes a newcomer in (group work places them).
    on_join: Callable | None = None
    # The deck: the top-level key this kind reads (its items placed `after:` a statement), and how one
    # item of a `steps:` list of this kind is read:
    # parse_step(item, field, statement_count, fail, folder) -> plan.
    deck_key: str | None = None
    parse_deck: Callable | None = None
    parse_step: Callable | None = None
    # titles(q, session_id) -> {item_id: title} for the report's agenda; label: the kind's name as an
    # English msgid, which the kind's own strings also pass to gettext (so the catalogue has it).
    titles: Callable | None = None
    label: str = ""
    # The browser module (under static/js/) the phone, projector and panel load, if any: it draws the
    # kind's step (phone, projector) and may add parts to each page (pages: static/js/steps.js).
    script: str | None = None
    # ui_strings() -> {key: translated text} the kind's script shows.
    ui_strings: Callable | None = None
    # Its refusals: error code -> lazy_gettext message (facilitator/messages.py joins them).
    errors: dict = field(default_factory=dict)
    # Items whose state the flow rules change are in the Agenda (Agenda.items, each with `kind` and
    # `id`): agenda_items(q, session_id) -> the session's items, save_item(q, item) writes a changed one.
    agenda_items: Callable | None = None
    save_item: Callable | None = None
    # The report (facilitator/report): report_data(q, session_id, order) gathers in the report's one
    # read; report_section(data, people, sectors) builds the kind's section of the Report (pure), which
    # templates/steps/<kind>/report.html draws (and report.css styles); report_json(section) -> its keys
    # in data.json; report_tables: {name: (download label, table(report, delimiter) -> CSV text)}.
    report_data: Callable | None = None
    report_section: Callable | None = None
    report_json: Callable | None = None
    report_tables: dict = field(default_factory=dict)
    # limits() -> {name: value}: the kind's limits and defaults the pages read (browser_limits).
    limits: Callable | None = None


def _kinds() -> dict[str, Kind]:
    from . import breakout, slide, statement
    return {
        "statement": statement.KIND,
        "breakout": breakout.KIND,
        "slide": slide.KIND,
    }


KINDS: dict[str, Kind] = _kinds()

# The store reads and saves the kinds' agenda items through this table: it sits below the kinds and
# imports none of them.
AGENDA_ITEMS.update({name: (kind.agenda_items, kind.save_item) for name, kind in KINDS.items() if kind.agenda_items})


def browser_limits() -> dict:
    """What the pages get as `limits` (boot data, Jinja global): the core's and every kind's."""
    merged = core_limits.for_browser()
    for kind in KINDS.values():
        if kind.limits:
            merged.update(kind.limits())
    return merged
