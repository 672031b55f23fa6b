"""The report as one self-contained, printable HTML page in the session's language."""
from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_percent
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader

from ..config import bundled
from ..domain.model import PASS, SCALE
from .model import Report

# The whole templates folder: the report's shell (report/report.html) includes each kind's section
# (steps/<kind>/report.html).
TEMPLATES = bundled("templates")
APP_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"


@cache
def palette() -> dict[str, str]:
    """The answer colours the projector and phones use (app.css, `--c-<choice>`), read from there so
    that the report can never drift from the screen people saw."""
    found = dict(re.findall(r"--c-(\w+):\s*(#[0-9a-fA-F]{3,8})\s*;", APP_CSS.read_text(encoding="utf-8")))
    return {choice: found[choice] for choice in SCALE}


def load_translations(translations_dir: str | Path, language: str) -> NullTranslations:
    """The project's catalogue for one language; without one, the English msgids show as they are."""
    return Translations.load(str(translations_dir), [language])


def render_html(report: Report, translations_dir: str | Path) -> str:
    # A fresh environment per call: reports are rare, and installed translations must not leak
    # from one language's report into another's.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(load_translations(translations_dir, report.language), newstyle=True)
    locale = report.language
    env.filters["percent"] = lambda share: format_percent(share, locale=locale)
    return env.get_template("report/report.html").render(
        report=report,
        scale=SCALE,
        palette=palette(),
        pass_choice=PASS,
        date_text=_date_text(report.date, locale),
        generated_text=format_datetime(report.generated_at, "medium", locale=locale),
        width=_width,
    )


def _date_text(iso: str, locale: str) -> str:
    try:
        return format_date(date.fromisoformat(iso), "long", locale=locale)
    except ValueError:
        return iso  # shown as stored rather than failing the whole download


def _width(share: float) -> str:
    """A CSS width from a share, as a plain number so nothing from users reaches a style attribute."""
    return f"{max(0.0, min(1.0, share)) * 100:.1f}%"


__all__ = ["render_html", "load_translations"]
