"""The `breakouts:` part of a deck (and `- breakout:` in its `steps:`): group work prepared by the
organiser, checked as strictly as the statements (see `statements/README.md`, section "Breakouts").

Both this and decks.py use the small checks of deck_fields.py.
Every problem is raised through the `fail` it is given, never as a DeckError of its own, so the
errors are the same class whether decks.py runs as a module or as `python -m facilitator.decks`.
"""
from __future__ import annotations

from dataclasses import replace

from facilitator.deck_fields import Fail, did_you_mean, kind_of, show, show_key, text_field
from facilitator.domain.limits import CATEGORY_MAX, GROUP_NAME_MAX, PLACE_MAX, QUESTION_MAX, TITLE_MAX

from .limits import (
    ASSIGNMENTS, BREAKOUTS_MAX, CAP_MAX, CATEGORIES_MAX, DEFAULT_ASSIGNMENT, DEFAULT_GROUP_COUNT,
    DEFAULT_MINUTES, GROUPS_MAX, GROUPS_MIN, MINUTES_MAX, QUESTIONS_MAX,
)
from .model import BreakoutPlan, GroupPlan

SELF_SELECT = "self_select"

BREAKOUT_KEYS = ("title", "after", "minutes", "assignment", "cap", "categories", "groups", "count")
GROUP_KEYS = ("name", "place", "questions")


def parse_breakouts(value: object, statements: int, fail: Fail) -> tuple[BreakoutPlan, ...]:
    """The checked `breakouts:` list; `statements` is how many statements the deck has (for `after`)."""
    if value is None:
        fail("breakouts", "is empty; list at least one breakout, or remove the line for a session without breakouts")
    if isinstance(value, dict):
        fail("breakouts", "must be a list: start each breakout with '- ' (for example '- title: ...')")
    if not isinstance(value, list):
        fail("breakouts", f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not 1 <= len(value) <= BREAKOUTS_MAX:
        count = "none" if not value else str(len(value))
        fail("breakouts", f"must list 1 to {BREAKOUTS_MAX} breakouts, not {count}"
                          " (remove the line for a session without breakouts)")
    seen: dict[str, int] = {}
    plans = []
    for number, item in enumerate(value, start=1):
        field = f"breakouts[{number}]"
        plan = _breakout(item, field, statements, fail)
        key = plan.title.casefold()
        if key in seen:
            fail(f"{field}.title", f"is the same as breakouts[{seen[key]}].title; give every breakout its own title")
        seen[key] = number
        plans.append(plan)
    return tuple(plans)


def parse_step(item: object, field: str, statements: int, fail: Fail, folder=None) -> BreakoutPlan:
    """One `- breakout: {...}` of a deck's `steps:` list; `statements` is how many come before it."""
    if isinstance(item, dict) and "after" in item:
        fail(f"{field}.after", "is not used in 'steps:'; the breakout's place in the list is its place in the agenda")
    plan = _breakout(item, field, statements, fail)
    return replace(plan, after=statements)


def _breakout(item: object, field: str, statements: int, fail: Fail) -> BreakoutPlan:
    if not isinstance(item, dict):
        fail(field, f"must be a mapping with at least 'title' (for example '- title: ...'), not {kind_of(item)}")
    _known_keys(item, BREAKOUT_KEYS, field, "a breakout", fail)
    if "title" not in item:
        fail(f"{field}.title", "is missing (required)")
    title = text_field(item["title"], f"{field}.title", TITLE_MAX, fail)
    after = _after(item["after"], f"{field}.after", statements, fail) if "after" in item else None
    minutes = DEFAULT_MINUTES
    if "minutes" in item:
        minutes = _whole(item["minutes"], f"{field}.minutes", 1, MINUTES_MAX, fail,
                         empty=f"remove the line to use the default of {DEFAULT_MINUTES} minutes")
    assignment = DEFAULT_ASSIGNMENT
    if "assignment" in item:
        assignment = _assignment(item["assignment"], f"{field}.assignment", fail)
    cap = None
    if "cap" in item:
        if assignment != SELF_SELECT:
            default = " (the default)" if "assignment" not in item else ""
            fail(f"{field}.cap", f"is only allowed with 'assignment: {SELF_SELECT}', where participants choose"
                                 f" their own group; this breakout uses {assignment}{default}")
        cap = _whole(item["cap"], f"{field}.cap", 1, CAP_MAX, fail,
                     empty="remove the line to let groups grow without a limit")
    categories: tuple[str, ...] = ()  # empty: the session language's defaults (DEFAULT_CATEGORIES)
    if "categories" in item:
        categories = _texts(item["categories"], f"{field}.categories", CATEGORY_MAX, 1, CATEGORIES_MAX, fail,
                            what="categories", empty="remove the line to use the default categories")
    groups = _groups(item, field, fail)
    return BreakoutPlan(title=title, groups=groups, after=after, minutes=minutes, assignment=assignment,
                        cap=cap, categories=categories)


def _after(value: object, field: str, statements: int, fail: Fail) -> int:
    after = _whole(value, field, 0, None, fail,
                   empty="give the number of the statement it follows, or remove the line to place it"
                         " after the last statement")
    if after > statements:
        fail(field, f"is {after}, but the deck has only {statements} statement{'s' if statements != 1 else ''};"
                    f" use 0 (before the first statement) to {statements}, or remove the line to place the"
                    " breakout after the last statement")
    return after


def _assignment(value: object, field: str, fail: Fail) -> str:
    if isinstance(value, str) and value.strip().lower() in ASSIGNMENTS:
        return value.strip().lower()
    hint = did_you_mean(value.strip(), ASSIGNMENTS) if isinstance(value, str) else ""
    fail(field, f"must be one of {', '.join(ASSIGNMENTS)}{hint}, not {show(value)}")


def _groups(item: dict, field: str, fail: Fail) -> tuple[GroupPlan, ...]:
    """Either the listed groups, or `count` groups without names (the app names them in the session's language)."""
    if "groups" in item and "count" in item:
        fail(f"{field}.count", "cannot be used together with 'groups': either list the groups or give"
                               " their number, not both")
    if "groups" not in item:
        count = DEFAULT_GROUP_COUNT
        if "count" in item:
            count = _whole(item["count"], f"{field}.count", GROUPS_MIN, GROUPS_MAX, fail,
                           empty=f"remove the line for {DEFAULT_GROUP_COUNT} groups")
        return tuple(GroupPlan(name="") for _ in range(count))

    field = f"{field}.groups"
    value = item["groups"]
    if value is None:
        fail(field, f"is empty; list the groups, or write 'count: {DEFAULT_GROUP_COUNT}' instead to let the"
                    " app name them")
    if isinstance(value, dict):
        fail(field, "must be a list: start each group with '- ' (for example '- name: ...')")
    if isinstance(value, int) and not isinstance(value, bool):
        fail(field, f"must be a list of groups, not a number ({value}); to give only the number of groups,"
                    f" write 'count: {value}'")
    if not isinstance(value, list):
        fail(field, f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not GROUPS_MIN <= len(value) <= GROUPS_MAX:
        count = "none" if not value else str(len(value))
        fail(field, f"must list {GROUPS_MIN} to {GROUPS_MAX} groups, not {count}")
    seen: dict[str, str] = {}
    groups = []
    for number, group_item in enumerate(value, start=1):
        group_field = f"{field}[{number}]"
        group = _group(group_item, group_field, fail)
        name_field = f"{group_field}.name" if isinstance(group_item, dict) else group_field
        key = group.name.casefold()
        if key in seen:
            fail(name_field, f"is the same as {seen[key]} ({group.name!r}); give every group its own name")
        seen[key] = name_field
        groups.append(group)
    return tuple(groups)


def _group(item: object, field: str, fail: Fail) -> GroupPlan:
    # A bare name is enough, as a bare statement is: `- Informatie delen`.
    if isinstance(item, str):
        return GroupPlan(name=text_field(item, field, GROUP_NAME_MAX, fail))
    if not isinstance(item, dict):
        fail(field, f"must be a group name or a mapping with 'name', not {kind_of(item)}"
                    " (put the name in double quotes)")
    _known_keys(item, GROUP_KEYS, field, "a group", fail,
                hint=" (if the group's name contains ': ', put it in double quotes)")
    if "name" not in item:
        fail(f"{field}.name", "is missing (required)")
    name = text_field(item["name"], f"{field}.name", GROUP_NAME_MAX, fail)
    place = ""
    if item.get("place") is not None:
        place = text_field(item["place"], f"{field}.place", PLACE_MAX, fail, required=False)
    questions: tuple[str, ...] = ()
    if "questions" in item:
        questions = _texts(item["questions"], f"{field}.questions", QUESTION_MAX, 0, QUESTIONS_MAX, fail,
                           what="questions", empty="list the questions, or remove the line")
    return GroupPlan(name=name, place=place, questions=questions)


# --- small helpers ---------------------------------------------------------------------------

def _known_keys(item: dict, allowed: tuple[str, ...], field: str, what: str, fail: Fail,
                hint: str = "") -> None:
    for key in item:
        if key not in allowed:
            fail(f"{field}.{show_key(key)}",
                 f"is not a known key{did_you_mean(key, allowed)}; {what} has {', '.join(allowed)}{hint}")


def _whole(value: object, field: str, least: int, most: int | None, fail: Fail, *, empty: str) -> int:
    """A whole number from `least` to `most` (no upper limit when None)."""
    span = f"from {least} to {most}" if most is not None else f"of {least} or more"
    if value is None:
        fail(field, f"is empty; {empty}")
    if isinstance(value, bool) or not isinstance(value, int):
        hint = ""
        if isinstance(value, str) and value.strip().isdigit():
            hint = "; write the number without quotes"
        fail(field, f"must be a whole number {span}, not {kind_of(value)}{hint}")
    if value < least or (most is not None and value > most):
        fail(field, f"must be a whole number {span}, not {value}")
    return value


def _texts(value: object, field: str, limit: int, least: int, most: int, fail: Fail, *,
           what: str, empty: str) -> tuple[str, ...]:
    """A list of distinct single-line texts, e.g. a group's questions or a breakout's categories."""
    if value is None:
        fail(field, f"is empty; {empty}")
    if not isinstance(value, list):
        fail(field, f"must be a list (lines starting with '- '), not {kind_of(value)}")
    if not least <= len(value) <= most:
        count = "none" if not value else str(len(value))
        span = f"{least} to {most}" if least else f"at most {most}"
        fail(field, f"must list {span} {what}, not {count}")
    seen: dict[str, int] = {}
    texts = []
    for number, item in enumerate(value, start=1):
        item_field = f"{field}[{number}]"
        text = text_field(item, item_field, limit, fail)
        key = text.casefold()
        if key in seen:
            fail(item_field, f"is the same as {field}[{seen[key]}]")
        seen[key] = number
        texts.append(text)
    return tuple(texts)
