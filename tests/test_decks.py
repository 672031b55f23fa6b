"""Statement decks: the shipped decks load, and every mistake names file, field and problem."""
from __future__ import annotations

import os
import pickle
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.decks import Deck, DeckError, find_deck, list_decks, load_deck, main, scan_decks
from facilitator.steps.breakout.domain import check_plan
from facilitator.domain.limits import (
    CATEGORY_MAX, DEFAULT_SECTORS, GROUP_NAME_MAX, LANGUAGES, PLACE_MAX, QUESTION_MAX, SECTOR_MAX,
    STATEMENT_MAX, STATEMENTS_MAX, TITLE_MAX,
)
from facilitator.steps.breakout.limits import (
    ASSIGNMENTS, BREAKOUTS_MAX, CAP_MAX, CATEGORIES_MAX, GROUPS_MAX, MINUTES_MAX, QUESTIONS_MAX,
)
from facilitator.steps.breakout.model import BreakoutPlan, GroupPlan

STATEMENTS_DIR = Path(__file__).resolve().parent.parent / "statements"

VALID = """\
title: Test deck
language: nl
statements:
  - Eerste stelling.
  - Tweede stelling.
"""


def write(directory: Path, text: str, name: str = "deck.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def deck_yaml(**changes) -> str:
    """A valid deck as YAML, with top-level keys replaced (None removes a key)."""
    data = {"title": "Test deck", "language": "nl", "statements": ["Eerste stelling.", "Tweede stelling."]}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- the shipped decks -----------------------------------------------------------------------

@pytest.mark.parametrize("name, language", [("polarisatie-nl.yaml", "nl"), ("polarisation-en.yaml", "en")])
def test_shipped_decks_load(name, language):
    deck = load_deck(STATEMENTS_DIR / name)
    assert deck.language == language
    assert 8 <= len(deck.statements) <= 12
    assert deck.title and deck.description
    assert len(deck.notes) == len(deck.statements)
    assert all(len(s) <= 200 for s in deck.statements), "statements should fit a phone and a projector"
    assert all("\n" not in s and s == s.strip() for s in deck.statements)


@pytest.mark.parametrize("name, first_group", [("polarisatie-nl.yaml", "Informatie delen"),
                                               ("polarisation-en.yaml", "Sharing information")])
def test_shipped_decks_end_with_a_breakout_in_four_named_groups(name, first_group):
    deck = load_deck(STATEMENTS_DIR / name)
    assert len(deck.of("breakout")) == 1
    breakout = deck.of("breakout")[0]
    assert breakout.title
    # Listed last under `steps:`: after all statements.
    assert (breakout.after, breakout.minutes, breakout.assignment, breakout.cap, breakout.categories) == \
        (len(deck.statements), 20, "sector_balanced", None, ())
    assert len(breakout.groups) == 4
    assert breakout.groups[0].name == first_group
    assert len({g.name for g in breakout.groups}) == 4
    assert len({g.place for g in breakout.groups}) == 4 and all(g.place for g in breakout.groups)
    assert all(2 <= len(g.questions) <= 3 for g in breakout.groups)
    assert all(q.endswith("?") and len(q) <= 200 for g in breakout.groups for q in g.questions)
    # What the app will do with it: the domain accepts the plan as the deck gives it.
    assert check_plan(breakout, len(deck.statements)).after == len(deck.statements)


def test_shipped_decks_open_with_a_welcome_slide_and_break_halfway():
    """The demo deck lists every step in order: a welcome slide first, a break after statement 5."""
    for name in ("polarisatie-nl.yaml", "polarisation-en.yaml"):
        deck = load_deck(STATEMENTS_DIR / name)
        welcome, pause = deck.of("slide")
        assert (welcome.after, pause.after) == (0, 5)
        assert welcome.title and welcome.text and pause.title and welcome.image is None


def test_shipped_decks_have_matching_breakouts():
    nl, en = (load_deck(STATEMENTS_DIR / n) for n in ("polarisatie-nl.yaml", "polarisation-en.yaml"))
    assert [len(g.questions) for g in nl.of("breakout")[0].groups] == [len(g.questions) for g in en.of("breakout")[0].groups]


def test_list_decks_finds_the_shipped_decks_sorted():
    decks = list_decks(STATEMENTS_DIR)
    names = [d.filename for d in decks]
    assert names == sorted(names)
    assert {"polarisatie-nl.yaml", "polarisation-en.yaml"} <= set(names)
    assert {d.language for d in decks} <= set(LANGUAGES)


def test_shipped_decks_pass_the_check_command(capsys):
    assert main([str(STATEMENTS_DIR)]) == 0
    assert "polarisatie-nl.yaml" in capsys.readouterr().out


# --- what a valid deck becomes ---------------------------------------------------------------

def test_valid_minimal_deck(tmp_path):
    deck = load_deck(write(tmp_path, VALID))
    assert deck == Deck(path=tmp_path / "deck.yaml", title="Test deck", language="nl",
                        statements=("Eerste stelling.", "Tweede stelling."), sectors=None, description="")
    assert deck.notes == (None, None)
    assert deck.sectors_or_default == DEFAULT_SECTORS


def test_full_deck_with_notes_sectors_and_folded_text(tmp_path):
    deck = load_deck(write(tmp_path, """\
        title: "  Waarden:   verkenning  "
        language: EN
        description: |
          First paragraph
          continues here.

          Second paragraph.
        sectors: [School, " Care ", Police]
        statements:
          - text: >
              A long statement
              folded over lines.
            note: Ask a follow-up.
          - |
            Literal block
            also becomes one line.
          - {text: Third, note: null}
        """, "full.yml"))
    assert deck.title == "Waarden: verkenning"
    assert deck.language == "en"
    assert deck.description == "First paragraph continues here.\n\nSecond paragraph."
    assert deck.sectors == ("School", "Care", "Police")
    assert deck.statements == ("A long statement folded over lines.", "Literal block also becomes one line.", "Third")
    assert deck.notes == ("Ask a follow-up.", None, None)


def test_limits_are_inclusive(tmp_path):
    deck = load_deck(write(tmp_path, deck_yaml(
        title="t" * TITLE_MAX,
        statements=["s" * STATEMENT_MAX] + [f"Stelling {i}" for i in range(STATEMENTS_MAX - 1)],
        sectors=[f"{i}" + "x" * (SECTOR_MAX - 2) for i in range(12)])))
    assert len(deck.statements) == STATEMENTS_MAX
    assert len(deck.sectors) == 12


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff".encode() + VALID.encode())
    assert load_deck(path).title == "Test deck"


# --- every mistake names file, field and problem ---------------------------------------------

INVALID = [
    # (id, file content, field, words in the problem)
    ("invalid yaml", "title: [unclosed\nlanguage: nl\n", "", "not valid YAML at line"),
    ("colon in plain text", "title: x\nlanguage: nl\nstatements:\n  - a\n  b: c: d\n", "", "not valid YAML"),
    ("tab indent", "title: x\n\tlanguage: nl\n", "", "not valid YAML"),
    ("bad date", "title: 2024-13-45\n", "", "not valid YAML"),
    ("empty file", "", "", "is empty"),
    ("not a mapping", "- just\n- a list\n", "", "must be a list of keys"),
    ("scalar file", "hello\n", "", "must be a list of keys"),
    ("typo in key", deck_yaml(statments=["x"]), "statments", "not a known key (did you mean 'statements'?)"),
    ("capitalised key", VALID.replace("title:", "Title:"), "Title", "did you mean 'title'"),
    ("non-string key", VALID + "1: x\n", "1", "not a known key"),
    ("missing title", deck_yaml(title=None), "title", "is missing"),
    ("empty title", deck_yaml(title="   "), "title", "is empty"),
    ("null title", VALID.replace("title: Test deck", "title:"), "title", "is empty"),
    ("number title", deck_yaml(title=2024), "title", "must be text, not a number"),
    ("long title", deck_yaml(title="t" * (TITLE_MAX + 1)), "title", f"longer than {TITLE_MAX} characters"),
    ("missing language", deck_yaml(language=None), "language", "is missing"),
    ("unknown language", deck_yaml(language="de"), "language", "must be one of nl, en, not 'de'"),
    ("language list", deck_yaml(language=["nl"]), "language", "must be one of nl, en"),
    ("missing statements", deck_yaml(statements=None), "statements", "is missing"),
    ("null statements", VALID.split("statements:")[0] + "statements:\n", "statements", "is empty"),
    ("statements not a list", deck_yaml(statements="Eén stelling"), "statements", "must be a list"),
    ("no statements", deck_yaml(statements=[]), "statements", "must list 1 to 50 statements, not none"),
    ("too many statements", deck_yaml(statements=[f"S{i}" for i in range(STATEMENTS_MAX + 1)]),
     "statements", "must list 1 to 50 statements, not 51"),
    ("number statement", deck_yaml(statements=["ok", 42]), "statements[2]", "must be text or a mapping"),
    ("yes/no statement", "title: x\nlanguage: nl\nstatements:\n  - ok\n  - No\n", "statements[2]",
     "yes/no"),
    ("list statement", deck_yaml(statements=[["a"]]), "statements[1]", "must be text or a mapping"),
    ("colon makes a mapping", "title: x\nlanguage: nl\nstatements:\n  - Stelling 1: scholen moeten\n",
     "statements[1].Stelling 1", "double quotes"),
    ("mapping without text", deck_yaml(statements=[{"note": "n"}]), "statements[1].text", "is missing"),
    ("unknown statement key", deck_yaml(statements=[{"text": "a", "nota": "n"}]), "statements[1].nota",
     "not a known key"),
    ("empty statement", deck_yaml(statements=["ok", "  "]), "statements[2]", "is empty"),
    ("null statement", "title: x\nlanguage: nl\nstatements:\n  - ok\n  -\n", "statements[2]", "must be text"),
    ("empty text", deck_yaml(statements=[{"text": ""}]), "statements[1].text", "is empty"),
    ("number text", deck_yaml(statements=[{"text": 3}]), "statements[1].text", "must be text"),
    ("long statement", deck_yaml(statements=["ok", "ok2", "s" * (STATEMENT_MAX + 1)]), "statements[3]",
     f"longer than {STATEMENT_MAX} characters"),
    ("long statement text", deck_yaml(statements=[{"text": "s" * (STATEMENT_MAX + 1)}]), "statements[1].text",
     f"longer than {STATEMENT_MAX} characters"),
    ("note not text", deck_yaml(statements=[{"text": "a", "note": ["x"]}]), "statements[1].note", "must be text"),
    ("long note", deck_yaml(statements=[{"text": "a", "note": "n" * 501}]), "statements[1].note", "longer than 500"),
    ("duplicate statement", deck_yaml(statements=["Eén", "Twee", "  eén "]), "statements[3]",
     "same as statements[1]"),
    ("duplicate in mapping", deck_yaml(statements=["Eén", {"text": "Eén"}]), "statements[2].text",
     "same as statements[1]"),
    ("null sectors", VALID + "sectors:\n", "sectors", "remove the line to use the default"),
    ("sectors not a list", deck_yaml(sectors="Onderwijs"), "sectors", "must be a list"),
    ("no sectors", deck_yaml(sectors=[]), "sectors", "must list 1 to 12 sectors, not 0"),
    ("too many sectors", deck_yaml(sectors=[f"S{i}" for i in range(13)]), "sectors", "not 13"),
    ("empty sector", deck_yaml(sectors=["A", " "]), "sectors[2]", "is empty"),
    ("number sector", deck_yaml(sectors=["A", 5]), "sectors[2]", "must be text"),
    ("long sector", deck_yaml(sectors=["s" * (SECTOR_MAX + 1)]), "sectors[1]", f"longer than {SECTOR_MAX}"),
    ("duplicate sector", deck_yaml(sectors=["Politie", "politie"]), "sectors[2]", "same as sectors[1]"),
    ("description not text", deck_yaml(description=["a"]), "description", "must be text"),
    ("long description", deck_yaml(description="d" * 1001), "description", "longer than 1000"),
]


@pytest.mark.parametrize("content, field, problem", [case[1:] for case in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_deck_names_file_field_and_problem(tmp_path, content, field, problem):
    (tmp_path / "statements").mkdir()
    path = tmp_path / "statements" / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    error = caught.value
    assert error.file == "broken.yaml"
    assert error.field == field
    assert problem in error.problem
    where = f"statements/broken.yaml: {field}: " if field else "statements/broken.yaml: "
    assert str(error) == where + error.problem


def test_error_message_format(tmp_path):
    (tmp_path / "statements").mkdir()
    path = write(tmp_path / "statements", deck_yaml(statements=["a", "b", "c" * 401]), "foo.yaml")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert str(caught.value) == "statements/foo.yaml: statements[3]: is longer than 400 characters (401)"


def test_invalid_yaml_reports_the_line(tmp_path):
    path = write(tmp_path, "title: x\nlanguage: nl\nstatements:\n  - a\n  - b: c: d\n")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert caught.value.line == 5
    assert "line 5" in caught.value.problem


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(DeckError, match="does not exist"):
        load_deck(tmp_path / "nope.yaml")
    with pytest.raises(DeckError, match="not a file"):
        load_deck(tmp_path)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: café\n".encode("latin-1"))
    with pytest.raises(DeckError, match="not UTF-8"):
        load_deck(latin1)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 300_000)
    with pytest.raises(DeckError, match="larger than"):
        load_deck(big)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, VALID)
    path.chmod(0)
    try:
        with pytest.raises(DeckError, match="cannot be read") as caught:
            load_deck(path)
        assert caught.value.file == "deck.yaml"
    finally:
        path.chmod(0o644)


def test_deck_error_is_a_value_error_and_pickles(tmp_path):
    with pytest.raises(ValueError):
        load_deck(write(tmp_path, deck_yaml(language="fr")))
    error = DeckError("a.yaml", "title", "is empty", display="statements/a.yaml")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.field, copy.problem, str(copy)) == ("a.yaml", "title", "is empty", str(error))


# --- breakouts ---------------------------------------------------------------------------------

def with_breakouts(*breakouts, statements: int = 2) -> str:
    """A valid deck with `statements` statements and these breakouts (mappings) as YAML."""
    return deck_yaml(statements=[f"Stelling {i}." for i in range(1, statements + 1)], breakouts=list(breakouts))


def test_deck_without_breakouts_has_none(tmp_path):
    assert load_deck(write(tmp_path, VALID)).of("breakout") == ()


def test_breakout_defaults(tmp_path):
    deck = load_deck(write(tmp_path, with_breakouts({"title": "In groepen"})))
    assert deck.of("breakout") == (BreakoutPlan(title="In groepen", groups=(GroupPlan(""),) * 4),)
    plan = deck.of("breakout")[0]
    assert (plan.after, plan.minutes, plan.assignment, plan.cap, plan.categories) == \
        (None, 20, "sector_balanced", None, ())


def test_full_breakout(tmp_path):
    deck = load_deck(write(tmp_path, """\
        title: Test deck
        language: nl
        statements: [Een., Twee., Drie.]
        breakouts:
          - title: "  Samenwerken   over grenzen "
            after: 0
            minutes: 45
            assignment: " Self_Select "
            cap: 8
            categories: [Vragen, " Ideeën ", "Wat werkt: voorbeelden"]
            groups:
              - name: Informatie delen
                place: >
                  tafel bij
                  het raam
                questions:
                  - "Wat mogen we delen, en met wie?"
                  - >
                    Wanneer deel je zonder
                    toestemming?
              - Vertrouwen
              - {name: Regie, place: null, questions: []}
          - title: Tweede ronde
            after: 3
            count: 2
            assignment: manual
        """))
    first, second = deck.of("breakout")
    assert first == BreakoutPlan(
        title="Samenwerken over grenzen", after=0, minutes=45, assignment="self_select", cap=8,
        categories=("Vragen", "Ideeën", "Wat werkt: voorbeelden"),
        groups=(GroupPlan("Informatie delen", "tafel bij het raam",
                          ("Wat mogen we delen, en met wie?", "Wanneer deel je zonder toestemming?")),
                GroupPlan("Vertrouwen"), GroupPlan("Regie")))
    assert second == BreakoutPlan(title="Tweede ronde", groups=(GroupPlan(""), GroupPlan("")), after=3,
                                  assignment="manual")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_rule_loads(tmp_path, assignment):
    deck = load_deck(write(tmp_path, with_breakouts({"title": "B", "assignment": assignment})))
    assert deck.of("breakout")[0].assignment == assignment


@pytest.mark.parametrize("count", [2, 4, GROUPS_MAX])
def test_count_gives_that_many_unnamed_groups(tmp_path, count):
    deck = load_deck(write(tmp_path, with_breakouts({"title": "B", "count": count})))
    assert deck.of("breakout")[0].groups == (GroupPlan(name=""),) * count


def test_groups_list_gives_named_groups_in_order(tmp_path):
    deck = load_deck(write(tmp_path, with_breakouts({"title": "B", "groups": ["Een", {"name": "Twee"}, "Drie"]})))
    assert [g.name for g in deck.of("breakout")[0].groups] == ["Een", "Twee", "Drie"]


def test_breakout_limits_are_inclusive(tmp_path):
    groups = [{"name": f"{i:02d}" + "g" * (GROUP_NAME_MAX - 2), "place": "p" * PLACE_MAX,
               "questions": [f"{q}" + "q" * (QUESTION_MAX - 1) for q in range(QUESTIONS_MAX)]}
              for i in range(GROUPS_MAX)]
    breakout = {"title": "t" * TITLE_MAX, "after": STATEMENTS_MAX, "minutes": MINUTES_MAX, "groups": groups,
                "categories": [f"{c}" + "c" * (CATEGORY_MAX - 1) for c in range(CATEGORIES_MAX)]}
    others = [{"title": f"B{i}", "minutes": 1, "assignment": "self_select", "cap": CAP_MAX}
              for i in range(BREAKOUTS_MAX - 1)]
    deck = load_deck(write(tmp_path, with_breakouts(breakout, *others, statements=STATEMENTS_MAX)))
    assert len(deck.of("breakout")) == BREAKOUTS_MAX
    first = deck.of("breakout")[0]
    assert first.after == STATEMENTS_MAX and len(first.groups) == GROUPS_MAX
    assert len(first.categories) == CATEGORIES_MAX
    assert all(len(g.questions) == QUESTIONS_MAX for g in first.groups)
    assert deck.of("breakout")[1].cap == CAP_MAX
    assert all(check_plan(plan, STATEMENTS_MAX) for plan in deck.of("breakout"))


B = "title: x\nlanguage: nl\nstatements:\n  - Een.\n  - Twee.\nbreakouts:\n"  # a deck up to its breakouts
GROUP = {"title": "B", "groups": ["Een", "Twee"]}  # a valid breakout to vary


def with_questions(questions) -> str:
    """A deck whose first breakout's second group has these `questions`."""
    return with_breakouts({"title": "B", "groups": ["Een", {"name": "T", "questions": questions}]})


INVALID_BREAKOUTS = [
    # (id, file content, field, words in the problem)
    ("misspelt top key", deck_yaml(breakout=[{"title": "B"}]), "breakout", "did you mean 'breakouts'?"),
    ("null breakouts", B, "breakouts", "remove the line for a session without breakouts"),
    ("breakouts a mapping", B + "  title: B\n", "breakouts", "start each breakout with '- '"),
    ("breakouts text", with_breakouts().replace("breakouts: []", "breakouts: groepen"), "breakouts",
     "must be a list"),
    ("no breakouts", with_breakouts(), "breakouts", "must list 1 to 10 breakouts, not none"),
    ("too many breakouts", with_breakouts(*({"title": f"B{i}"} for i in range(BREAKOUTS_MAX + 1))),
     "breakouts", "not 11"),
    ("breakout is text", B + "  - Samenwerken\n", "breakouts[1]", "must be a mapping with at least 'title'"),
    ("breakout is a number", with_breakouts(3), "breakouts[1]", "not a number (3)"),
    ("unknown breakout key", with_breakouts({"title": "B", "titel": "C"}), "breakouts[1].titel",
     "not a known key (did you mean 'title'?)"),
    ("capitalised breakout key", with_breakouts({"title": "B", "Minutes": 5}), "breakouts[1].Minutes",
     "did you mean 'minutes'?"),
    ("group key on the breakout", with_breakouts({"title": "B", "questions": ["?"]}), "breakouts[1].questions",
     "a breakout has title, after, minutes"),
    ("non-string breakout key", B + "  - title: B\n    1: x\n", "breakouts[1].1", "not a known key"),
    ("missing title", with_breakouts({"minutes": 20}), "breakouts[1].title", "is missing (required)"),
    ("empty title", with_breakouts({"title": " "}), "breakouts[1].title", "is empty"),
    ("yes/no title", B + "  - title: yes\n", "breakouts[1].title", "yes/no"),
    ("number title", with_breakouts({"title": 2026}), "breakouts[1].title", "must be text, not a number"),
    ("long title", with_breakouts({"title": "t" * (TITLE_MAX + 1)}), "breakouts[1].title",
     f"longer than {TITLE_MAX}"),
    ("duplicate title", with_breakouts({"title": "Groepen"}, {"title": " groepen"}), "breakouts[2].title",
     "same as breakouts[1].title"),
    ("after beyond the statements", with_breakouts({"title": "B", "after": 3}), "breakouts[1].after",
     "is 3, but the deck has only 2 statements"),
    ("after beyond one statement", deck_yaml(statements=["Een."], breakouts=[{"title": "B", "after": 2}]),
     "breakouts[1].after", "only 1 statement;"),
    ("negative after", with_breakouts({"title": "B", "after": -1}), "breakouts[1].after", "0 or more, not -1"),
    ("after as text", with_breakouts({"title": "B", "after": "2"}), "breakouts[1].after",
     "write the number without quotes"),
    ("after as words", with_breakouts({"title": "B", "after": "laatste"}), "breakouts[1].after",
     "must be a whole number of 0 or more, not text"),
    ("after a fraction", with_breakouts({"title": "B", "after": 1.5}), "breakouts[1].after", "not a number (1.5)"),
    ("after yes", B + "  - title: B\n    after: yes\n", "breakouts[1].after", "yes/no"),
    ("null after", B + "  - title: B\n    after:\n", "breakouts[1].after",
     "remove the line to place it after the last statement"),
    ("zero minutes", with_breakouts({"title": "B", "minutes": 0}), "breakouts[1].minutes",
     f"from 1 to {MINUTES_MAX}, not 0"),
    ("too many minutes", with_breakouts({"title": "B", "minutes": MINUTES_MAX + 1}), "breakouts[1].minutes",
     f"not {MINUTES_MAX + 1}"),
    ("minutes with unit", with_breakouts({"title": "B", "minutes": "20 min"}), "breakouts[1].minutes",
     "must be a whole number"),
    ("null minutes", B + "  - title: B\n    minutes:\n", "breakouts[1].minutes", "default of 20 minutes"),
    ("unknown assignment", with_breakouts({"title": "B", "assignment": "by_sector"}), "breakouts[1].assignment",
     "must be one of sector_balanced, random, self_select, manual"),
    ("dashed assignment", with_breakouts({"title": "B", "assignment": "self-select"}), "breakouts[1].assignment",
     "did you mean 'self_select'?"),
    ("assignment list", with_breakouts({"title": "B", "assignment": ["random"]}), "breakouts[1].assignment",
     "not a list"),
    ("cap without assignment", with_breakouts({"title": "B", "cap": 8}), "breakouts[1].cap",
     "only allowed with 'assignment: self_select'"),
    ("cap with random", with_breakouts({"title": "B", "cap": 8, "assignment": "random"}), "breakouts[1].cap",
     "this breakout uses random"),
    ("zero cap", with_breakouts({"title": "B", "cap": 0, "assignment": "self_select"}), "breakouts[1].cap",
     f"from 1 to {CAP_MAX}, not 0"),
    ("huge cap", with_breakouts({"title": "B", "cap": CAP_MAX + 1, "assignment": "self_select"}),
     "breakouts[1].cap", f"not {CAP_MAX + 1}"),
    ("cap as text", with_breakouts({"title": "B", "cap": "acht", "assignment": "self_select"}),
     "breakouts[1].cap", "must be a whole number"),
    ("null categories", B + "  - title: B\n    categories:\n", "breakouts[1].categories",
     "remove the line to use the default categories"),
    ("categories text", with_breakouts({"title": "B", "categories": "Vragen"}), "breakouts[1].categories",
     "must be a list"),
    ("no categories", with_breakouts({"title": "B", "categories": []}), "breakouts[1].categories",
     f"must list 1 to {CATEGORIES_MAX} categories, not none"),
    ("too many categories", with_breakouts({"title": "B", "categories": [f"C{i}" for i in range(CATEGORIES_MAX + 1)]}),
     "breakouts[1].categories", f"not {CATEGORIES_MAX + 1}"),
    ("empty category", with_breakouts({"title": "B", "categories": ["Vragen", ""]}), "breakouts[1].categories[2]",
     "is empty"),
    ("yes/no category", B + "  - title: B\n    categories: [Vragen, No]\n", "breakouts[1].categories[2]",
     "yes/no"),
    ("long category", with_breakouts({"title": "B", "categories": ["c" * (CATEGORY_MAX + 1)]}),
     "breakouts[1].categories[1]", f"longer than {CATEGORY_MAX}"),
    ("duplicate category", with_breakouts({"title": "B", "categories": ["Ideeën", "ideeën "]}),
     "breakouts[1].categories[2]", "same as breakouts[1].categories[1]"),
    ("groups and count", with_breakouts({**GROUP, "count": 2}), "breakouts[1].count",
     "cannot be used together with 'groups'"),
    ("count too small", with_breakouts({"title": "B", "count": 1}), "breakouts[1].count",
     f"from 2 to {GROUPS_MAX}, not 1"),
    ("count too large", with_breakouts({"title": "B", "count": GROUPS_MAX + 1}), "breakouts[1].count",
     f"not {GROUPS_MAX + 1}"),
    ("count as text", with_breakouts({"title": "B", "count": "4"}), "breakouts[1].count",
     "write the number without quotes"),
    ("count a boolean", B + "  - title: B\n    count: on\n", "breakouts[1].count", "yes/no"),
    ("null count", B + "  - title: B\n    count:\n", "breakouts[1].count", "remove the line for 4 groups"),
    ("null groups", B + "  - title: B\n    groups:\n", "breakouts[1].groups", "write 'count: 4' instead"),
    ("groups a number", with_breakouts({"title": "B", "groups": 4}), "breakouts[1].groups", "write 'count: 4'"),
    ("groups a mapping", B + "  - title: B\n    groups:\n      name: Een\n", "breakouts[1].groups",
     "start each group with '- '"),
    ("groups text", with_breakouts({"title": "B", "groups": "Een, Twee"}), "breakouts[1].groups", "must be a list"),
    ("no groups", with_breakouts({"title": "B", "groups": []}), "breakouts[1].groups",
     f"must list 2 to {GROUPS_MAX} groups, not none"),
    ("one group", with_breakouts({"title": "B", "groups": ["Een"]}), "breakouts[1].groups", "not 1"),
    ("too many groups", with_breakouts({"title": "B", "groups": [f"G{i}" for i in range(GROUPS_MAX + 1)]}),
     "breakouts[1].groups", f"not {GROUPS_MAX + 1}"),
    ("group a number", with_breakouts({"title": "B", "groups": ["Een", 2]}), "breakouts[1].groups[2]",
     "must be a group name or a mapping with 'name', not a number (2)"),
    ("group yes/no", B + "  - title: B\n    groups: [Een, yes]\n", "breakouts[1].groups[2]", "yes/no"),
    ("group a list", with_breakouts({"title": "B", "groups": ["Een", ["Twee"]]}), "breakouts[1].groups[2]",
     "not a list"),
    ("null group", B + "  - title: B\n    groups:\n      - Een\n      -\n", "breakouts[1].groups[2]",
     "not nothing"),
    ("empty group name", with_breakouts({"title": "B", "groups": ["Een", " "]}), "breakouts[1].groups[2]",
     "is empty"),
    ("colon in group name", B + "  - title: B\n    groups:\n      - Een\n      - Groep 2: delen\n",
     "breakouts[1].groups[2].Groep 2", "put it in double quotes"),
    ("unknown group key", with_breakouts({"title": "B", "groups": ["Een", {"name": "Twee", "plek": "hier"}]}),
     "breakouts[1].groups[2].plek", "not a known key (did you mean 'place'?)"),
    ("missing group name", with_breakouts({"title": "B", "groups": ["Een", {"place": "hier"}]}),
     "breakouts[1].groups[2].name", "is missing (required)"),
    ("number group name", with_breakouts({"title": "B", "groups": ["Een", {"name": 2}]}),
     "breakouts[1].groups[2].name", "must be text, not a number"),
    ("long group name", with_breakouts({"title": "B", "groups": ["Een", "g" * (GROUP_NAME_MAX + 1)]}),
     "breakouts[1].groups[2]", f"longer than {GROUP_NAME_MAX}"),
    ("duplicate group names", with_breakouts({"title": "B", "groups": ["Informatie delen", "informatie  delen"]}),
     "breakouts[1].groups[2]", "same as breakouts[1].groups[1] ('informatie delen')"),
    ("duplicate group in mapping", with_breakouts({"title": "B", "groups": [{"name": "Een"}, {"name": "Een"}]}),
     "breakouts[1].groups[2].name", "same as breakouts[1].groups[1].name"),
    ("place a number", with_breakouts({"title": "B", "groups": ["Een", {"name": "Twee", "place": 2}]}),
     "breakouts[1].groups[2].place", "must be text, not a number"),
    ("long place", with_breakouts({"title": "B", "groups": ["Een", {"name": "Twee", "place": "p" * (PLACE_MAX + 1)}]}),
     "breakouts[1].groups[2].place", f"longer than {PLACE_MAX}"),
    ("null questions", B + "  - title: B\n    groups:\n      - Een\n      - name: Twee\n        questions:\n",
     "breakouts[1].groups[2].questions", "is empty"),
    ("questions text", with_breakouts({"title": "B", "groups": ["Een", {"name": "Twee", "questions": "Wat?"}]}),
     "breakouts[1].groups[2].questions", "must be a list"),
    ("too many questions",
     with_questions([f"V{i}?" for i in range(QUESTIONS_MAX + 1)]),
     "breakouts[1].groups[2].questions", f"must list at most {QUESTIONS_MAX} questions, not {QUESTIONS_MAX + 1}"),
    ("empty question", with_breakouts({"title": "B", "groups": ["Een", {"name": "T", "questions": ["Wat?", ""]}]}),
     "breakouts[1].groups[2].questions[2]", "is empty"),
    ("colon in question", B + "  - title: B\n    groups:\n      - Een\n      - name: T\n        questions:\n"
                              "          - Vraag 1: wat delen we?\n",
     "breakouts[1].groups[2].questions[1]", "must be in double quotes"),
    ("number question", with_breakouts({"title": "B", "groups": ["Een", {"name": "T", "questions": [42]}]}),
     "breakouts[1].groups[2].questions[1]", "must be text, not a number"),
    ("long question",
     with_breakouts({"title": "B", "groups": ["Een", {"name": "T", "questions": ["q" * (QUESTION_MAX + 1)]}]}),
     "breakouts[1].groups[2].questions[1]", f"longer than {QUESTION_MAX}"),
    ("duplicate question", with_questions(["Wat?", "wat?"]),
     "breakouts[1].groups[2].questions[2]", "same as breakouts[1].groups[2].questions[1]"),
    ("error in second breakout", with_breakouts(GROUP, {"title": "C", "minutes": -5}), "breakouts[2].minutes",
     "not -5"),
]


@pytest.mark.parametrize("content, field, problem", [case[1:] for case in INVALID_BREAKOUTS],
                         ids=[c[0] for c in INVALID_BREAKOUTS])
def test_invalid_breakout_names_file_field_and_problem(tmp_path, content, field, problem):
    test_invalid_deck_names_file_field_and_problem(tmp_path, content, field, problem)


def test_breakout_error_message_format(tmp_path):
    (tmp_path / "statements").mkdir()
    path = write(tmp_path / "statements", with_breakouts({"title": "B", "after": 12}, statements=10), "foo.yaml")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert str(caught.value) == (
        "statements/foo.yaml: breakouts[1].after: is 12, but the deck has only 10 statements; use 0 (before the"
        " first statement) to 10, or remove the line to place the breakout after the last statement")


def test_statements_are_checked_before_breakouts(tmp_path):
    content = deck_yaml(statements=["Een.", "Een."], breakouts=[{"title": "B", "after": 5}])
    with pytest.raises(DeckError) as caught:
        load_deck(write(tmp_path, content))
    assert caught.value.field == "statements[2]"


def test_check_command_reports_breakout_errors(tmp_path, capsys):
    write(tmp_path, with_breakouts({"title": "B", "cap": 3}), "kapot.yaml")
    write(tmp_path, with_breakouts({"title": "B"}), "goed.yaml")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "goed.yaml" in out and "breakouts: 1" in out
    assert f"error {tmp_path.name}/kapot.yaml: breakouts[1].cap: is only allowed with 'assignment: self_select'" in out


# --- directories and path traversal ----------------------------------------------------------

def test_list_and_scan_decks(tmp_path):
    write(tmp_path, VALID, "b.yml")
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, "not: a deck", "c.yaml")
    write(tmp_path, "ignored", "notes.txt")
    write(tmp_path, VALID, ".hidden.yaml")
    with pytest.raises(DeckError) as caught:
        list_decks(tmp_path)
    assert caught.value.file == "c.yaml"
    decks, errors = scan_decks(tmp_path)
    assert [d.filename for d in decks] == ["a.yaml", "b.yml"]
    assert [(e.file, e.field) for e in errors] == [("c.yaml", "not")]
    with pytest.raises(DeckError, match="not a directory"):
        list_decks(tmp_path / "missing")


def test_find_deck(tmp_path):
    write(tmp_path, VALID, "mijn-deck.yaml")
    assert find_deck(tmp_path, "mijn-deck.yaml").title == "Test deck"
    with pytest.raises(DeckError, match="no such deck"):
        find_deck(tmp_path, "other.yaml")


@pytest.mark.parametrize("name", [
    "../secret.yaml", "../../etc/passwd", "/etc/passwd", "sub/deck.yaml", "..\\deck.yaml", "..", ".",
    "", ".hidden.yaml", "deck.txt", "deck.yaml\x00.txt", "/abs/deck.yaml", None, 3, ["deck.yaml"],
])
def test_find_deck_refuses_anything_but_a_plain_file_name(tmp_path, name):
    (tmp_path / "statements").mkdir()
    write(tmp_path, VALID, "secret.yaml")
    (tmp_path / "statements" / "sub").mkdir()
    write(tmp_path / "statements" / "sub", VALID, "deck.yaml")
    with pytest.raises(DeckError):
        find_deck(tmp_path / "statements", name)


def test_find_deck_refuses_symlink_out_of_the_directory(tmp_path):
    (tmp_path / "statements").mkdir()
    outside = write(tmp_path, VALID, "outside.yaml")
    (tmp_path / "statements" / "link.yaml").symlink_to(outside)
    with pytest.raises(DeckError, match="not a deck in the statements directory"):
        find_deck(tmp_path / "statements", "link.yaml")


# --- nothing but Deck or DeckError, whatever the file holds ----------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
yamlable = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(scalars.filter(lambda k: k == k), children,
                                                                        max_size=5),
    max_leaves=30,
)
# Almost-valid breakouts, so that the checks past a breakout's title get exercised too: each value
# is mostly of the right kind, now and then anything at all.
def mostly(good):
    # one_of(good, yamlable) would pick yamlable far too often to get past the first check.
    return st.sampled_from(range(10)).flatmap(lambda n: yamlable if n == 0 else good)


names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
near_groups = mostly(st.lists(
    mostly(names | st.fixed_dictionaries({"name": mostly(names)}, optional={
        "place": mostly(st.text(max_size=130)),
        "questions": mostly(st.lists(mostly(st.text(min_size=1, max_size=310)), max_size=QUESTIONS_MAX + 1)),
    })),
    min_size=1, max_size=6) | st.lists(names, min_size=GROUPS_MAX - 1, max_size=GROUPS_MAX + 1))
near_breakouts = mostly(st.lists(
    mostly(st.fixed_dictionaries({"title": mostly(names)}, optional={
        "after": mostly(st.integers(-1, 13)),
        "minutes": mostly(st.integers(0, MINUTES_MAX + 1)),
        "assignment": mostly(st.sampled_from(ASSIGNMENTS + ("Random", "self-select"))),
        "cap": mostly(st.integers(0, CAP_MAX + 1)),
        "categories": mostly(st.lists(mostly(names), min_size=1, max_size=CATEGORIES_MAX + 1)),
        "groups": near_groups,
        "count": mostly(st.integers(1, GROUPS_MAX + 1)),
    })),
    min_size=1, max_size=3))
# Biased towards almost-valid decks, so that the checks past the first one get exercised too.
near_decks = st.fixed_dictionaries(
    {},
    optional={
        "title": yamlable | st.text(max_size=250),
        "language": st.sampled_from(["nl", "en", "NL", "de", ""]) | yamlable,
        "description": st.none() | st.text(max_size=50) | yamlable,
        "sectors": st.lists(st.text(max_size=70) | yamlable, max_size=14) | yamlable,
        "statements": st.lists(
            st.text(max_size=450) | st.fixed_dictionaries(
                {}, optional={"text": st.text(max_size=450) | yamlable, "note": st.none() | st.text() | yamlable}),
            max_size=55) | yamlable,
        "statments": yamlable,
        "breakouts": near_breakouts,
    },
)


def check_loads_or_deck_error(path: Path) -> None:
    try:
        deck = load_deck(path)
    except DeckError as error:
        assert error.file == path.name and error.problem
        return
    assert isinstance(deck, Deck)
    assert deck.title and deck.language in LANGUAGES and 1 <= len(deck.statements) <= STATEMENTS_MAX
    assert all(0 < len(s) <= STATEMENT_MAX for s in deck.statements)
    assert len(deck.notes) == len(deck.statements)
    for plan in deck.of("breakout"):
        # Whatever the deck loader lets through, the domain accepts as a plan.
        assert check_plan(plan, len(deck.statements))
        assert plan.assignment in ASSIGNMENTS and 2 <= len(plan.groups) <= GROUPS_MAX
        assert plan.cap is None or plan.assignment == "self_select"
        assert plan.after is None or 0 <= plan.after <= len(deck.statements)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=yamlable | near_decks)
def test_any_yaml_data_gives_a_deck_or_a_deck_error(tmp_path, data):
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    check_loads_or_deck_error(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(breakouts=near_breakouts, statements=st.integers(1, 12))
def test_any_breakouts_give_a_deck_or_a_deck_error(tmp_path, breakouts, statements):
    data = {"title": "Test deck", "language": "nl", "statements": [f"Stelling {i}." for i in range(statements)],
            "breakouts": breakouts}
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    check_loads_or_deck_error(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | st.text(alphabet="-: \n\t[]{}\"'|>&*!?#%@`,abc12", max_size=80))
def test_any_file_content_gives_a_deck_or_a_deck_error(tmp_path, content):
    path = tmp_path / "random.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    check_loads_or_deck_error(path)
