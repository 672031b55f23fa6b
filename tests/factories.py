"""Test data made through the product's own actions, never raw SQL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from facilitator import actions, create_app
from facilitator.store import Store

STATEMENTS = ["Scholen, zorg en politie moeten zorgen over een jongere altijd met elkaar delen.",
              "De gemeente hoort de regie te nemen in preventie.",
              "Ouders mogen een hulpverlener weigeren vanwege zijn achtergrond."]
SECTORS = ("Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente", "Anders")


@contextmanager
def app_on(data_dir, **settings) -> Iterator:
    """An app in threading mode on its own data folder, its store closed afterwards."""
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "ASYNC_MODE": "threading",
                      "ORGANISER_PASSWORD": "pw", **settings})
    try:
        yield app
    finally:
        app.extensions["facilitator"].services.store.dispose()


def services(store: Store, published: list | None = None) -> actions.Services:
    """Services whose events are collected in `published` instead of sent to screens."""
    sink = published if published is not None else []
    return actions.Services(store=store, publish=sink.extend)


def make_session(store: Store, *, statements: list[str] | None = None, language: str = "nl",
                 title: str = "Polarisatie voorkomen", notes: list[str | None] | None = None) -> actions.NewSession:
    return actions.create_session(services(store), title=title, statements=statements or STATEMENTS,
                                  language=language, sectors=SECTORS, notes=notes)
