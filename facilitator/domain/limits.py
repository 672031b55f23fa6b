"""Every limit and default of the core, in one place; each kind of step keeps its own in its folder
(steps/<kind>/limits.py) and hands the pages theirs through Kind.limits.

The server checks against these, and the pages get them from here (`for_browser`, with every kind's,
in the boot data and as the Jinja global `limits`: steps.browser_limits), so a text field's maxlength
or a form's default can never drift from what the server accepts. Change a number here and every
screen follows.
"""
from __future__ import annotations

from datetime import timedelta

# Text lengths, in characters.
COMMENT_MAX = 500
NAME_MAX = 60
TITLE_MAX = 200
STATEMENT_MAX = 400
SECTOR_MAX = 60
NOTE_MAX = 280
MESSAGE_MAX = 200
QUESTION_MAX = 300
CATEGORY_MAX = 40
GROUP_NAME_MAX = 80
PLACE_MAX = 120
CODE_INPUT_MAX = 12  # the join-code field: six letters, with room for spaces and dashes typed along

# Sessions and decks
STATEMENTS_MIN = 1
STATEMENTS_MAX = 50  # in one deck
STATEMENT_NOTE_MAX = 500  # a statement's note for the moderator (not NOTE_MAX: a participant's note in a group)
STEPS_MAX = 100  # in one deck's `steps:` list, of every kind
DESCRIPTION_MAX = 1000  # a deck's description
SECTORS_MAX = 12
LANGUAGES = ("nl", "en")
DEFAULT_SECTORS = ("Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente", "Anders")
SCREENS_MAX = 20  # projector screens a session keeps track of: a hall has one or two, never hundreds
SCREEN_FORGOTTEN = timedelta(minutes=10)  # a screen silent this long is closed, not one to warn about


# The sector lens and the opinion map (domain/lens, docs/lens.md)
LENS_MIN_VOTES = 7  # votes before a dot is placed on the map (or all statements while fewer): Pol.is's rule
LENS_MIN_SECTOR_PEOPLE = 5  # a sector with fewer is left out of the lens: its shares swing on one vote, and point at people
LENS_MIN_SECTOR_VOTES = 3  # votes from a sector on a statement before it counts in that statement's spread
LENS_GROUPS = (2, 5)  # opinion groups the silhouette chooses between

def for_browser() -> dict:
    """The limits and defaults the pages use, by the names the scripts and templates read."""
    return {
        "comment_max": COMMENT_MAX, "name_max": NAME_MAX, "title_max": TITLE_MAX, "note_max": NOTE_MAX,
        "message_max": MESSAGE_MAX, "code_input_max": CODE_INPUT_MAX,
    }
