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

from facilitator.decks import (
    STATEMENTS_MAX, Deck, DeckError, find_deck, list_decks, load_deck, main, scan_decks,
)
from facilitator.domain.model import DEFAULT_SECTORS, LANGUAGES, SECTOR_MAX, STATEMENT_MAX, TITLE_MAX

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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=yamlable | near_decks)
def test_any_yaml_data_gives_a_deck_or_a_deck_error(tmp_path, data):
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    check_loads_or_deck_error(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | st.text(alphabet="-: \n\t[]{}\"'|>&*!?#%@`,abc12", max_size=80))
def test_any_file_content_gives_a_deck_or_a_deck_error(tmp_path, content):
    path = tmp_path / "random.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    check_loads_or_deck_error(path)
