"""The limits and defaults of group work: the server checks against these, and the pages get them
from here (for_browser, through Kind.limits, into the boot data and the Jinja global `limits`).
Pure: no IO. The text lengths shared with the core (NOTE_MAX, GROUP_NAME_MAX ...) are in
facilitator/domain/limits.py."""

ASSIGNMENTS = ("sector_balanced", "random", "self_select", "manual")
DEFAULT_ASSIGNMENT = "sector_balanced"
DEFAULT_CATEGORIES = {"nl": ("Vragen", "Ervaringen", "Knelpunten", "Ideeën"),
                      "en": ("Questions", "Experiences", "Obstacles", "Ideas")}
DEFAULT_GROUP_WORD = {"nl": "Groep", "en": "Group"}  # an unnamed group is "Groep 2" in the session's language
BREAKOUTS_MAX = 10  # in one deck
GROUPS_MIN = 2  # one group is not a breakout: the room would stay together
GROUPS_MAX = 20
DEFAULT_GROUP_COUNT = 4
DEFAULT_MINUTES = 20
MINUTES_MAX = 240
EXTEND_MINUTES = 5  # the panel's "more time" button
EXTEND_MINUTES_MAX = 60  # the most one "more time" request may add
CAP_MAX = 500  # people in one self-chosen group
KEY_POINTS_MAX = 3
QUESTIONS_MAX = 8
CATEGORIES_MAX = 8


def for_browser() -> dict:
    """Group work's limits and defaults, by the names its scripts and templates read."""
    return {
        "groups_min": GROUPS_MIN, "groups_max": GROUPS_MAX, "default_group_count": DEFAULT_GROUP_COUNT,
        "default_minutes": DEFAULT_MINUTES, "minutes_max": MINUTES_MAX, "extend_minutes": EXTEND_MINUTES,
        "cap_max": CAP_MAX,
        "key_points_max": KEY_POINTS_MAX, "default_assignment": DEFAULT_ASSIGNMENT,
        "default_categories": {language: list(names) for language, names in DEFAULT_CATEGORIES.items()},
    }
