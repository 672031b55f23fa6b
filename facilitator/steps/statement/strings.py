"""The statement's words for the scripts, translated (facilitator/translations)."""
from flask_babel import gettext


def ui_strings() -> dict[str, str]:
    return {"kind.statement": gettext("Statement")}  # Kind.label, the same msgid
