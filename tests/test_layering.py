"""The layering of DESIGN.md, held by tests: only actions write, only broadcast.py emits, time comes
from the injected clock, and the facilitator package has no import circles.

The rules are read from the source with `ast`, so a slip fails here and not in a review.
"""
from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator import actions
from facilitator.extension import socketio
from tests.factories import make_session, app_on

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def where(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def calls(path: Path):
    """Every call in a module, as (the called attribute or name, the source text of what it is called on)."""
    source = path.read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                yield func.attr, ast.unparse(func.value), node.lineno
            elif isinstance(func, ast.Name):
                yield func.id, "", node.lineno


# -- no import circles ------------------------------------------------------------------------------
# Imports inside a function that serve the eventlet patch order: launch patches the standard
# library first and only then imports the command line, and the package's create_app imports the
# app only when called, so `facilitator.launch` can patch before Flask loads.
PATCH_ORDER = {("facilitator.launch", "facilitator.cli"), ("facilitator", "facilitator.app")}


def imported_modules(path: Path, known: set[str]):
    """(imported module, at top level?) for every import of a facilitator module in one file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from . import x` imports the module x; `from .x import y` imports x (y may be a module too).
            targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known] or [base]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            if target.startswith("facilitator") and target != name:
                yield target, id(node) in top_level


def import_graph() -> dict[str, set[str]]:
    known = {module_name(path) for path in MODULES}
    graph: dict[str, set[str]] = {name: set() for name in known}
    for path in MODULES:
        name = module_name(path)
        for target, _top in imported_modules(path, known):
            while target not in known and "." in target:  # `from .store.queries import X` -> facilitator.store.queries
                target = target.rpartition(".")[0]
            if (name, target) not in PATCH_ORDER:
                graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done, path = set(), []

    def visit(node):
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for following in sorted(graph.get(node, ())):
            cycle = visit(following)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def without_parent_packages(graph):
    """Importing facilitator.domain.model also runs facilitator/domain/__init__.py; that edge from a
    submodule to its own package is Python's doing, not a circle of ours, so it is left out."""
    return {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}


def test_the_package_has_no_import_circles():
    cycle = find_cycle(without_parent_packages(import_graph()))
    assert cycle is None, " -> ".join(cycle or ())


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# -- only actions write -------------------------------------------------------------------------------
def is_writer(path: Path) -> bool:
    """facilitator/actions.py and each kind's actions.py (facilitator/steps/<kind>/actions.py)."""
    name = where(path)
    return name == "facilitator/actions.py" or (name.startswith("facilitator/steps/") and path.name == "actions.py")


@pytest.mark.parametrize("path", MODULES, ids=where)
def test_only_actions_write_to_the_store(path):
    if is_writer(path) or where(path).startswith("facilitator/store/"):
        return
    writes = [f"{where(path)}:{line} {on}.{name}()" for name, on, line in calls(path)
              if name in ("write", "batched") and on.split(".")[-1] in ("store", "_store")]
    assert not writes, "write through an action in facilitator/actions.py or facilitator/steps/<kind>/actions.py"


# -- only broadcast.py emits ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", MODULES, ids=where)
def test_only_broadcast_emits(path):
    # The load tester is a crowd of Socket.IO clients, not the server: its phones talk like browsers.
    if where(path) == "facilitator/broadcast.py" or where(path).startswith("facilitator/loadtest/"):
        return
    emits = [f"{where(path)}:{line} {on}.{name}()" for name, on, line in calls(path)
             if name in ("emit", "send") and on]
    assert not emits, "publish events from an action; broadcast.py turns them into messages"


# -- time from the injected clock -----------------------------------------------------------------------
CLOCK = "facilitator/services.py"  # Services.clock's default: the one wall clock of the server


@pytest.mark.parametrize("path", [p for p in MODULES if not where(p).startswith("facilitator/loadtest/")], ids=where)
def test_only_the_injected_clock_reads_the_wall_clock(path):
    if where(path) == CLOCK:
        return
    reads = [f"{where(path)}:{line} {on}.{name}()" for name, on, line in calls(path)
             if (on.split(".")[-1], name) in {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"),
                                               ("Date", "today")}]
    assert not reads, "take `now` from svc.clock() (or the caller) instead"


def test_screens_and_countdowns_follow_the_injected_clock(tmp_path):
    """The control panel's "seen 7 s ago" is measured on the app's clock, not the machine's."""
    seen = datetime(2020, 5, 4, 9, 30, tzinfo=timezone.utc)
    with app_on(tmp_path) as app:
        svc = app.extensions["facilitator"].services
        new = make_session(svc.store)
        svc.clock = lambda: seen
        actions.screen_alive(svc, new.session.id, "screen-one-abc")
        svc.clock = lambda: seen + timedelta(seconds=7)
        panel = socketio.test_client(app, auth={"role": "moderator", "code": new.session.code,
                                                "key": new.moderator_key})
        first = panel.get_received()[0]
        panel.disconnect()
    assert first["name"] == "state"
    assert first["args"][0]["screens"] == [{"seen_ago": 7.0}]


# -- a pure domain ----------------------------------------------------------------------------------------
# A kind's pure modules: its rules (domain.py), its values and events (model.py), its limits (limits.py),
# and for group work the placement (groups.py). rglob: the domain's own packages (domain/lens/) are held
# to the same rule.
KIND_PURE = ("domain.py", "model.py", "limits.py", "groups.py")
PURE = sorted([*(PACKAGE / "domain").rglob("*.py"), *(p for name in KIND_PURE for p in (PACKAGE / "steps").glob(f"*/{name}"))])


@pytest.mark.parametrize("path", PURE, ids=where)
def test_the_domain_imports_nothing_that_does_io(path):
    """facilitator/domain/README.md: no Flask, no SQL, no Socket.IO; nothing of the app above it.
    The same for each kind's pure rules, facilitator/steps/<kind>/domain.py (they may use the core's domain)."""
    known = {module_name(p) for p in MODULES}
    own = module_name(path).rpartition(".")[0] if path.name in KIND_PURE else "facilitator.domain"
    pure = {f"{own}.{name[:-3]}" for name in KIND_PURE}
    outside = [target for target, _top in imported_modules(path, known)
               if not target.startswith("facilitator.domain") and target not in pure]
    tree = ast.parse(path.read_text())
    libraries = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    libraries += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level]
    io = [name for name in libraries if name.split(".")[0] in ("flask", "flask_socketio", "socketio", "sqlalchemy",
                                                               "psycopg", "redis", "eventlet", "requests", "os")]
    assert not outside and not io, outside + io
