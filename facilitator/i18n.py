"""Languages: Dutch first, English too. Picks the locale per request and keeps catalogues compiled.

The catalogues (.po) ship in the package; their compiled form (.mo) is written to the data folder's
cache, never into the package, which may be installed read-only."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, url_for
from flask_babel import Babel, format_date

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LOCALES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LOCALE = "nl"
LANG_COOKIE = "lang"

babel = Babel()


def init_app(app: Flask, cache: Path) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compile_catalogues(cache / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"locale": select_locale(), "lang_links": lang_links()})
    app.add_template_filter(long_date)


def long_date(iso: str) -> str:
    """"2026-12-10" as "10 december 2026" or "December 10, 2026", in the page's language."""
    try:
        return format_date(date.fromisoformat(iso), "long")
    except (TypeError, ValueError):
        return iso


def select_locale() -> str:
    """An explicit choice (?lang= or the cookie) beats the session's language, which beats the browser."""
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE), g.get("session_language")):
        if candidate in LOCALES:
            return candidate
    return request.accept_languages.best_match(list(LOCALES)) or DEFAULT_LOCALE


def lang_links() -> list[dict]:
    current = select_locale()
    return [{"code": code, "label": label, "current": code == current,
             "url": url_for("system.set_language", code=code, next=request.full_path.rstrip("?"))}
            for code, label in LOCALES.items()]


def compile_catalogues(target: Path) -> Path:
    """Compile each .po into target whose .mo there is missing or older; returns target."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        mo_path = target / po_path.relative_to(TRANSLATIONS).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        partial = mo_path.with_suffix(f".{os.getpid()}.tmp")  # workers starting together never read half a file
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        partial.replace(mo_path)
    return target


def translations_dir(app: Flask) -> Path:
    """Where this app's compiled catalogues are, for the report renderers."""
    return Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
