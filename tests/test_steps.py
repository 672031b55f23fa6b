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
        "facilitator/views/common.py", "facilitator/views/__init__.py", "static/js/steps.js"]


def _words(path: Path) -> list[str]:
    """The names and strings the code uses: not its comments, not its docstrings (they may give an example)."""
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


@pytest.mark.parametrize("path", CORE)
def test_the_core_names_no_kind_of_step(path):
    """These hubs only read KINDS."""
    named = [word for word in _words(ROOT / path) for kind in ("breakout", "slide") if kind in word.lower()]
    assert not named, named
