"""The kinds of step: one registry, each kind complete, and a core that names none of them."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from facilitator.steps import KINDS, Kind
from tests.factories import app_on

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_has_the_parts_the_core_reads(name):
    kind = KINDS[name]
    assert isinstance(kind, Kind) and kind.name == name
    assert kind.label and kind.ui_strings and kind.titles and kind.step_view and kind.agenda_rows
    assert (ROOT / "facilitator" / "steps" / name / "README.md").is_file()
    assert kind.script is None or (ROOT / "static" / "js" / kind.script).is_file()
    # A kind other than the statement is prepared in a deck (a step of `steps:`) and stored from its plan.
    assert name == "statement" or (kind.parse_step and kind.create)


def test_every_kind_names_itself_in_the_interface(tmp_path):
    with app_on(tmp_path) as app, app.test_request_context():
        for name, kind in KINDS.items():
            assert f"kind.{name}" in kind.ui_strings()


def test_at_most_one_kind_takes_a_bare_id():
    assert sum(kind.bare_id for kind in KINDS.values()) <= 1


CORE = ["facilitator/actions.py", "facilitator/broadcast.py", "facilitator/realtime.py", "facilitator/snapshots.py",
        "facilitator/socket_events.py", "facilitator/event_verbs.py", "facilitator/ui_strings.py",
        "facilitator/views/common.py", "facilitator/views/__init__.py", "facilitator/views/reports.py",
        "facilitator/domain/model.py", "facilitator/domain/events.py", "facilitator/store/queries.py",
        "facilitator/store/schema.py", "facilitator/report/build.py", "facilitator/report/data.py",
        "facilitator/report/model.py", "facilitator/report/tables.py", "facilitator/report/html.py",
        "facilitator/deck_fields.py",
        "static/js/steps.js", "static/js/participant.js", "static/js/projector.js", "static/js/control.js",
        "static/js/socket.js"]
# The page shells and the report's: they include each kind's parts by its name (templates/steps/<kind>/).
SHELLS = ["templates/participant/phone.html", "templates/projector/screen.html", "templates/control/panel.html",
          "templates/report/report.html"]


def _words(path: Path) -> list[str]:
    """The names and strings the code uses: not its comments, not its docstrings (they may give an example)."""
    if path.suffix == ".html":
        return path.read_text().splitlines()
    if path.suffix == ".js":
        return [line.split("//")[0] for line in path.read_text().splitlines()]
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words.append(node.value)
    return words


@pytest.mark.parametrize("path", CORE + SHELLS)
def test_the_core_names_no_kind_of_step(path):
    """These hubs only read KINDS."""
    named = [word for word in _words(ROOT / path) for kind in ("breakout", "slide") if kind in word.lower()]
    assert not named, named


def test_a_kind_with_agenda_items_reads_and_saves_them():
    for kind in KINDS.values():
        assert bool(kind.agenda_items) == bool(kind.save_item), kind.name


@pytest.mark.parametrize("name", [name for name, kind in KINDS.items() if kind.report_data or kind.report_section])
def test_a_kind_with_a_report_section_gathers_builds_and_draws_it(name):
    kind = KINDS[name]
    assert kind.report_data and kind.report_section
    assert (ROOT / "templates" / "steps" / name / "report.html").is_file()


def test_the_tables_of_the_kinds_do_not_clash_with_the_core():
    names = [table for kind in KINDS.values() for table in kind.report_tables]
    assert len(names) == len(set(names))
    assert not set(names) & {"results", "attendance", "comments", "votes"}
