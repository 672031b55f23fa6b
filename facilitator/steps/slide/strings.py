"""The slide's words for the scripts, translated (facilitator/translations)."""
from flask_babel import gettext

LABEL = "Slide"  # Kind.label: the msgid below


def ui_strings() -> dict[str, str]:
    return {"kind.slide": gettext("Slide")}
