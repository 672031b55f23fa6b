"""What an error code means to a person, in the user's language."""
from functools import lru_cache

from flask_babel import force_locale, lazy_gettext

from .steps import KINDS

_CORE_ERRORS = {
    "bad_request": lazy_gettext("The request was not understood."),
    "forbidden": lazy_gettext("Only the moderator can do that."),
    "unknown_event": lazy_gettext("The request was not understood."),
    "unknown_session": lazy_gettext("There is no session with this code. Check the code and try again."),
    "session_ended": lazy_gettext("This session has ended."),
    "not_joined": lazy_gettext("Join the session first."),
    "unknown_statement": lazy_gettext("This statement does not exist in this session."),
    "unknown_comment": lazy_gettext("This comment does not exist in this session."),
    "unknown_step": lazy_gettext("This step does not exist in this session."),
    "no_such_step": lazy_gettext("There is no step further in that direction."),
    "voting_closed": lazy_gettext("Voting on this statement is closed."),
    "invalid_choice": lazy_gettext("Choose one of the answers."),
    "invalid_transition": lazy_gettext("That is not possible in the statement's current state."),
    "invalid_status": lazy_gettext("Unknown status."),
    "invalid_text": lazy_gettext("The text was not understood."),
    "text_empty": lazy_gettext("Write something first."),
    "text_too_long": lazy_gettext("The text is too long: %(length)s characters, at most %(limit)s."),
    "unknown_sector": lazy_gettext("Choose your sector."),
    "invalid_language": lazy_gettext("Choose Dutch or English."),
    "invalid_date": lazy_gettext("The date is not valid."),
    "invalid_sectors": lazy_gettext("Give at least one sector, each only once."),
    "not_saved": lazy_gettext("Not saved: the server could not store it. Please try again."),
    "rate_limited": lazy_gettext("Slow down a little, please."),
    "invalid_client_id": lazy_gettext("The note could not be recognised. Reload the page and try again."),
}

# The core's refusals and each kind's own (facilitator/steps/<kind>: Kind.errors), one code once.
ERRORS = {**_CORE_ERRORS, **{code: text for kind in KINDS.values() for code, text in kind.errors.items()}}
if len(ERRORS) != len(_CORE_ERRORS) + sum(len(kind.errors) for kind in KINDS.values()):
    raise RuntimeError("an error code of a kind of step is taken twice")

# What the moderator is told about the room (not a refusal): shown in the control panel.
NOTICES = {
    "fast_joins": lazy_gettext("%(count)s people joined from one network address within a minute, faster than "
                               "people scan a code. If more people join than are in the room, someone may be "
                               "joining several times."),
}


def error_message(code: str, locale: str | None = None, **params) -> str:
    """The message in `locale` (or the request's own); params fill the %(name)s placeholders."""
    if locale is None:
        text = str(ERRORS.get(code, ERRORS["bad_request"]))
    else:
        text = _translated(code if code in ERRORS else "bad_request", locale)
    return text % params if params else text


@lru_cache(maxsize=256)
def _translated(code: str, locale: str) -> str:
    """Switching the locale costs more than the rest of a refusal: a phone flooding the server with
    refused events must not make it do that for each one. The catalogues do not change while running."""
    with force_locale(locale):
        return str(ERRORS[code])


def notice(code: str, locale: str, **params) -> str:
    with force_locale(locale):
        return str(NOTICES[code]) % params


def error_reply(code: str, locale: str | None = None, **params) -> dict:
    return {"ok": False, "error": code, "message": error_message(code, locale, **params)}
