"""Statement decks: `statements/*.yaml` files turned into checked values.

A deck is what an organiser prepares before a session: a title, a language, the statements in
order, optionally the sectors participants choose from, and optionally other steps. Those come
either under a key of their kind (Kind.deck_key, each placed `after:` a statement) or, in a deck
that lists every step in order, under `steps:` (each item names its kind: `- statement: ...`,
`- <kind>: {...}`). Each kind reads its own part (facilitator/steps/<kind>/deck.py).
The format is documented for organisers in `statements/README.md` and docs/decks.md; keep them in step.

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

from facilitator.deck_fields import Fail, clean, did_you_mean, kind_of, short, show, show_key, text_field
from facilitator.domain.limits import (
    DEFAULT_SECTORS, DESCRIPTION_MAX, LANGUAGES, SECTOR_MAX, SECTORS_MAX, STATEMENTS_MAX, STATEMENTS_MIN, STEPS_MAX,
    TITLE_MAX,
)
from facilitator.steps import KINDS
from facilitator.steps.statement.deck import parse_statement, parse_statements

# A deck is a few kilobytes; anything far bigger is the wrong file, and reading it whole costs memory.
FILE_MAX_BYTES = 256 * 1024
SUFFIXES = (".yaml", ".yml")

STATEMENT = "statement"  # the one kind every deck has: its steps are numbered "statement 1 of 10"
KIND_KEYS = tuple(kind.deck_key for kind in KINDS.values() if kind.deck_key)
TOP_KEYS = ("title", "language", "description", "sectors", "statements", *KIND_KEYS, "steps")
REQUIRED_KEYS = ("title", "language")


@dataclass(frozen=True)
class Deck:
    """A checked deck. `sectors` is None when the file names none: use `DEFAULT_SECTORS`.

    `notes[i]` is the optional moderator note for `statements[i]` (None when there is none);
    it is never shown to participants or the projector.

    `plans` are the other steps, of any kind, in file order; each has `kind` and `after` (how many
    statements come before it; None: after the last). Defaults that depend on the session's language
    are left empty, and the kind fills them in when the session is made (steps/<kind>/deck.py says which).
    """

    path: Path
    title: str
    language: str
    statements: tuple[str, ...]
    sectors: tuple[str, ...] | None
    description: str
    notes: tuple[str | None, ...] = ()
    plans: tuple = ()

    def __post_init__(self) -> None:
        # Let callers (tests, demo data) build a Deck without notes; keep notes aligned with statements.
        if not self.notes:
            object.__setattr__(self, "notes", (None,) * len(self.statements))
        if len(self.notes) != len(self.statements):
            raise ValueError("a deck needs one note (or None) per statement")

    def of(self, kind: str) -> tuple:
        """The plans of one kind, in file order."""
        return tuple(plan for plan in self.plans if plan.kind == kind)

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
    if "steps" in data:
        for key in ("statements", *KIND_KEYS):
            if key in data:
                fail(key, "cannot be used together with 'steps'; list every step under 'steps' instead")
    elif "statements" not in data:
        fail("statements", "is missing (required; or list every step in order under 'steps')")

    title = text_field(data["title"], "title", TITLE_MAX, fail)
    language = _language(data["language"], fail)
    description = _description(data.get("description"), fail)
    sectors = _sectors(data["sectors"], fail) if "sectors" in data else None
    if "steps" in data:
        statements, notes, plans = _steps(data["steps"], path.parent, fail)
    else:
        statements, notes = parse_statements(data["statements"], fail)
        plans = tuple(plan for kind in KINDS.values() if kind.deck_key in data
                      for plan in kind.parse_deck(data[kind.deck_key], len(statements), fail))
    return Deck(path=path, title=title, language=language, statements=statements, sectors=sectors,
                description=description, notes=notes, plans=plans)


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


def _steps(value: object, folder: Path, fail: Fail) -> tuple[tuple[str, ...], tuple[str | None, ...], tuple]:
    """`steps:`: every step in order, each a one-key mapping naming its kind (`- statement: ...`)."""
    kinds = (STATEMENT, *(name for name, kind in KINDS.items() if kind.parse_step))
    if value is None:
        fail("steps", "is empty; list at least one statement")
    if not isinstance(value, list):
        fail("steps", f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if len(value) > STEPS_MAX:
        fail("steps", f"must list at most {STEPS_MAX} steps, not {len(value)}")
    seen: dict[str, str] = {}
    texts: list[str] = []
    notes: list[str | None] = []
    plans = []
    for number, item in enumerate(value, start=1):
        field = f"steps[{number}]"
        if not isinstance(item, dict) or len(item) != 1:
            fail(field, f"must name its kind, for example '- statement: ...' or '- slide: ...'"
                        f" (one of {', '.join(kinds)}), not {kind_of(item)}")
        ((name, body),) = item.items()
        if name not in kinds:
            fail(f"{field}.{show_key(name)}", f"is not a kind of step{did_you_mean(str(name), kinds)};"
                                              f" the kinds are {', '.join(kinds)}")
        if name == STATEMENT:
            text, note = parse_statement(body, f"{field}.statement", seen, fail)
            texts.append(text)
            notes.append(note)
        else:
            plans.append(KINDS[name].parse_step(body, f"{field}.{name}", len(texts), fail, folder))
    if not STATEMENTS_MIN <= len(texts) <= STATEMENTS_MAX:
        fail("steps", f"must list {STATEMENTS_MIN} to {STATEMENTS_MAX} statements, not {len(texts) or 'none'}")
    return tuple(texts), tuple(notes), tuple(plans)


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
            counts = {}
            for plan in deck.plans:
                counts[plan.kind] = counts.get(plan.kind, 0) + 1
            extra = "".join(f", {kind}s: {n}" for kind, n in counts.items())
            print(f"ok    {deck.path}: {deck.title!r}, {deck.language}, {len(deck.statements)} statements{extra}")
        for error in errors:
            print(f"error {error}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
