"""Statement decks: `statements/*.yaml` files turned into checked values.

A deck is what an organiser prepares before a session: a title, a language, the statements in
order, optionally the sectors participants choose from, and optionally breakouts (group work
between or after the statements; checked in `deck_breakouts.py`). The format is documented for
organisers in `statements/README.md`; keep the two in step.

Loading is strict on purpose. A deck is written by hand, usually the evening before a
conference, and a typo (`statments:`) or a statement that YAML quietly turned into something
else (`- Stelling: ...` is a mapping, `- no` is the boolean False) must stop the organiser
with a message naming the file, the field and the problem, not produce a session with a
missing statement in front of sixty people.

No Flask here: the organiser views, the CLI and the tests all call these functions.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from facilitator.deck_breakouts import parse_breakouts
from facilitator.deck_fields import Fail, clean, did_you_mean, kind_of, short, show, show_key, text_field
from facilitator.domain.limits import (
    DEFAULT_SECTORS, DESCRIPTION_MAX, LANGUAGES, SECTOR_MAX, SECTORS_MAX, STATEMENT_MAX, STATEMENT_NOTE_MAX,
    STATEMENTS_MAX, STATEMENTS_MIN, TITLE_MAX,
)
from facilitator.domain.model import BreakoutPlan

# A deck is a few kilobytes; anything far bigger is the wrong file, and reading it whole costs memory.
FILE_MAX_BYTES = 256 * 1024
SUFFIXES = (".yaml", ".yml")

TOP_KEYS = ("title", "language", "description", "sectors", "statements", "breakouts")
REQUIRED_KEYS = ("title", "language", "statements")
STATEMENT_KEYS = ("text", "note")


@dataclass(frozen=True)
class Deck:
    """A checked deck. `sectors` is None when the file names none: use `DEFAULT_SECTORS`.

    `notes[i]` is the optional moderator note for `statements[i]` (None when there is none);
    it is never shown to participants or the projector.

    `breakouts` are the prepared group work, in file order. A BreakoutPlan's `after` is None when
    the file does not say (after the last statement); its `categories` are empty when the file
    does not say (the session language's `DEFAULT_CATEGORIES`); with `count` instead of `groups`
    its groups have empty names, which the app fills in the session's language ("Groep 1", ...).
    """

    path: Path
    title: str
    language: str
    statements: tuple[str, ...]
    sectors: tuple[str, ...] | None
    description: str
    notes: tuple[str | None, ...] = ()
    breakouts: tuple[BreakoutPlan, ...] = ()

    def __post_init__(self) -> None:
        # Let callers (tests, demo data) build a Deck without notes; keep notes aligned with statements.
        if not self.notes:
            object.__setattr__(self, "notes", (None,) * len(self.statements))
        if len(self.notes) != len(self.statements):
            raise ValueError("a deck needs one note (or None) per statement")

    @property
    def filename(self) -> str:
        """What the organiser's form sends back to pick this deck (see `find_deck`)."""
        return self.path.name

    @property
    def sectors_or_default(self) -> tuple[str, ...]:
        return self.sectors if self.sectors is not None else DEFAULT_SECTORS


class DeckError(ValueError):
    """A deck that cannot be used. `file` is the file name, `field` a path into the file such as
    `statements[3].text` (statements counted from 1, as an organiser counts them; empty when the
    problem is the file as a whole), `problem` a sentence in English, `line` the line number when
    YAML itself could not read the file.
    """

    def __init__(self, file: str, field: str, problem: str, *, line: int | None = None,
                 display: str | None = None):
        self.file = file
        self.field = field
        self.problem = problem
        self.line = line
        self.display = display or file  # e.g. "statements/foo.yaml", for messages
        where = f"{self.display}: {field}" if field else self.display
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):  # keep the error picklable despite the keyword-only arguments
        return (_rebuild_error, (self.file, self.field, self.problem, self.line, self.display))


def _rebuild_error(file, field, problem, line, display):
    return DeckError(file, field, problem, line=line, display=display)


# --- loading ---------------------------------------------------------------------------------

def load_deck(path: str | Path) -> Deck:
    """Read and check one deck file; raise DeckError naming file, field and problem."""
    path = Path(path)
    fail = _Failer(path)
    data = _read_yaml(path, fail)
    if not isinstance(data, dict):
        if data is None:
            fail("", "is empty; a deck needs at least title, language and statements")
        fail("", f"must be a list of keys (title, language, statements, ...), not {kind_of(data)}")

    unknown = [key for key in data if key not in TOP_KEYS]
    if unknown:
        key = unknown[0]
        hint = did_you_mean(key, TOP_KEYS)
        fail(show_key(key), f"is not a known key{hint}; allowed keys are {', '.join(TOP_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in data:
            fail(key, "is missing (required)")

    title = text_field(data["title"], "title", TITLE_MAX, fail)
    language = _language(data["language"], fail)
    description = _description(data.get("description"), fail)
    sectors = _sectors(data["sectors"], fail) if "sectors" in data else None
    statements, notes = _statements(data["statements"], fail)
    breakouts = ()
    if "breakouts" in data:
        breakouts = parse_breakouts(data["breakouts"], len(statements), fail)
    return Deck(path=path, title=title, language=language, statements=statements, sectors=sectors,
                description=description, notes=notes, breakouts=breakouts)


class _Failer:
    """Raises DeckError for one file, so the checks below only say field and problem."""

    def __init__(self, path: Path):
        self.file = path.name
        self.display = f"{path.parent.name}/{path.name}" if path.parent.name else path.name

    def __call__(self, field: str, problem: str, line: int | None = None):
        raise DeckError(self.file, field, problem, line=line, display=self.display)


def _read_yaml(path: Path, fail: Fail) -> object:
    try:
        if not path.is_file():
            fail("", "does not exist or is not a file")
        if path.stat().st_size > FILE_MAX_BYTES:
            fail("", f"is larger than {FILE_MAX_BYTES // 1024} KB; a deck is a small text file")
        raw = path.read_bytes()
    except OSError as exc:
        fail("", f"cannot be read ({exc.strerror or exc})")
    try:
        source = raw.decode("utf-8-sig")  # a BOM from Windows Notepad is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fail("", f"is not UTF-8 text (line {line}); save it as UTF-8 in your editor", line)
    try:
        return yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        where = f"line {line}, column {mark.column + 1}" if mark else "unknown place"
        fail("", f"is not valid YAML at {where}: {what}{_yaml_hint(what)}", line)
    except yaml.YAMLError as exc:
        fail("", f"is not valid YAML: {exc}")
    except RecursionError:
        fail("", "is not valid YAML: nested too deeply")
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML lets a few constructor errors through unwrapped, e.g. the date 2024-13-45.
        fail("", f"is not valid YAML: {exc}")


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return (" (usually a text containing ': ' that needs double quotes around it,"
                " or a line indented differently from the ones above it)")
    if "found character '\\t'" in problem:
        return " (use spaces, not tabs, to indent)"
    return ""


def _language(value: object, fail: Fail) -> str:
    if isinstance(value, str) and value.strip().lower() in LANGUAGES:
        return value.strip().lower()
    fail("language", f"must be one of {', '.join(LANGUAGES)}, not {show(value)}")


def _description(value: object, fail: Fail) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        fail("description", f"must be text, not {kind_of(value)}")
    # Keep paragraphs (blank lines), join the lines within a paragraph.
    paragraphs = [clean(p) for p in re.split(r"\n\s*\n", value)]
    text = "\n\n".join(p for p in paragraphs if p)
    if len(text) > DESCRIPTION_MAX:
        fail("description", f"is longer than {DESCRIPTION_MAX} characters ({len(text)})")
    return text


def _sectors(value: object, fail: Fail) -> tuple[str, ...]:
    if value is None:
        fail("sectors", "is empty; list at least one sector, or remove the line to use the default sectors")
    if not isinstance(value, list):
        fail("sectors", f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not 1 <= len(value) <= SECTORS_MAX:
        fail("sectors", f"must list 1 to {SECTORS_MAX} sectors, not {len(value)}")
    seen: dict[str, int] = {}
    sectors = []
    for number, item in enumerate(value, start=1):
        field = f"sectors[{number}]"
        sector = text_field(item, field, SECTOR_MAX, fail)
        key = sector.casefold()
        if key in seen:
            fail(field, f"is the same as sectors[{seen[key]}] ({sector!r})")
        seen[key] = number
        sectors.append(sector)
    return tuple(sectors)


def _statements(value: object, fail: Fail) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    if value is None:
        fail("statements", "is empty; list at least one statement")
    if not isinstance(value, list):
        fail("statements", f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not STATEMENTS_MIN <= len(value) <= STATEMENTS_MAX:
        count = "none" if not value else str(len(value))
        fail("statements", f"must list {STATEMENTS_MIN} to {STATEMENTS_MAX} statements, not {count}")
    seen: dict[str, int] = {}
    texts: list[str] = []
    notes: list[str | None] = []
    for number, item in enumerate(value, start=1):
        field = f"statements[{number}]"
        note = None
        if isinstance(item, dict):
            unknown = [key for key in item if key not in STATEMENT_KEYS]
            if unknown:
                fail(f"{field}.{show_key(unknown[0])}",
                     "is not a known key; a statement has 'text' and optionally 'note'"
                     " (if the statement itself contains ': ', put it in double quotes)")
            if "text" not in item:
                fail(f"{field}.text", "is missing (required)")
            text = text_field(item["text"], f"{field}.text", STATEMENT_MAX, fail)
            if item.get("note") is not None:
                note = text_field(item["note"], f"{field}.note", STATEMENT_NOTE_MAX, fail, required=False) or None
            field = f"{field}.text"
        elif isinstance(item, str):
            text = text_field(item, field, STATEMENT_MAX, fail)
        else:
            fail(field, f"must be text or a mapping with 'text', not {kind_of(item)}"
                        " (put the statement in double quotes)")
        key = text.casefold()
        if key in seen:
            fail(field, f"is the same as statements[{seen[key]}]")
        seen[key] = number
        texts.append(text)
        notes.append(note)
    return tuple(texts), tuple(notes)


# --- small helpers ---------------------------------------------------------------------------

# --- directories -----------------------------------------------------------------------------

def _deck_files(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    if not directory.is_dir():
        raise DeckError(directory.name, "", "is not a directory of decks")
    return sorted((p for p in directory.iterdir()
                   if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")),
                  key=lambda p: p.name)


def list_decks(directory: str | Path) -> list[Deck]:
    """All decks in `directory` (`*.yaml`, `*.yml`), sorted by file name.

    Strict: the first broken deck raises its DeckError, so a check (`python -m facilitator.decks`,
    the tests) fails loudly. The organiser page should call `scan_decks` instead, which returns
    broken decks separately: one typo in one file must not hide every other deck from the organiser,
    and the organiser needs to see which file is broken and why.
    """
    return [load_deck(path) for path in _deck_files(directory)]


def scan_decks(directory: str | Path) -> tuple[list[Deck], list[DeckError]]:
    """Like `list_decks`, but returns (good decks, errors of broken decks), both by file name."""
    decks: list[Deck] = []
    errors: list[DeckError] = []
    for path in _deck_files(directory):
        try:
            decks.append(load_deck(path))
        except DeckError as error:
            errors.append(error)
    return decks, errors


def find_deck(directory: str | Path, filename: object) -> Deck:
    """The deck `filename` in `directory`, as chosen in the organiser's form.

    Only a plain file name ending in .yaml or .yml is accepted: no folders, no `..`, no hidden
    files, and no symlink that leads out of the directory. Anything else raises DeckError.
    """
    shown = short(filename, 80) if isinstance(filename, str) else repr(filename)[:80]
    if (not isinstance(filename, str) or not filename or "\x00" in filename
            or "/" in filename or "\\" in filename or filename.startswith(".")
            or Path(filename).name != filename or not filename.lower().endswith(SUFFIXES)):
        raise DeckError(shown, "", "is not a deck file name (expected a name like 'my-deck.yaml')")
    directory = Path(directory)
    path = directory / filename
    try:
        inside = path.resolve().parent == directory.resolve()
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise DeckError(shown, "", "is not a deck in the statements directory")
    if not path.is_file():
        raise DeckError(shown, "", "no such deck")
    return load_deck(path)


def main(argv: list[str] | None = None) -> int:
    """`python -m facilitator.decks [FILE_OR_DIR ...]`: check decks, print one line per problem."""
    targets = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("statements")]
    failed = False
    for target in targets:
        try:
            if target.is_dir():
                decks, errors = scan_decks(target)
            else:
                decks, errors = [load_deck(target)], []
        except DeckError as error:
            decks, errors = [], [error]
        for deck in decks:
            extra = f", breakouts: {len(deck.breakouts)}" if deck.breakouts else ""
            print(f"ok    {deck.path}: {deck.title!r}, {deck.language}, {len(deck.statements)} statements{extra}")
        for error in errors:
            print(f"error {error}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
