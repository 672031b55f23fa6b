"""The `facilitator` command: serve, session create, organiser-password."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import auth
from .config import ROOT


@click.group()
def cli():
    """facilitator: live statements, votes and results for workshops and conferences."""


def _app(data_dir, public_url=None, port=None):
    from . import create_app

    return create_app({"DATA_DIR": data_dir, "PUBLIC_URL": public_url,
                       "PORT": str(port) if port else None})


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (default 0.0.0.0: all).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 5000).")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
@click.option("--public-url", default=None, help="Address phones use, e.g. http://192.168.1.20:5000.")
@click.option("--demo", is_flag=True, help="Start with a ready demo session from the Dutch demo deck.")
def serve(host, port, data_dir, public_url, demo):
    """Run the server."""
    from .extension import socketio

    app = _app(data_dir, public_url, port)
    settings = app.extensions["facilitator"].settings
    services = app.extensions["facilitator"].services
    links = app.extensions["facilitator"].broadcaster.links
    password = auth.ensure_organiser_password(services.store, settings["ORGANISER_PASSWORD"])
    if password:
        click.echo(f"Organiser password (shown once; keep it): {password}")
    if demo:
        from .demo import ensure_demo_session

        _print_session(*ensure_demo_session(services, settings["DECKS_DIR"]), links)
    click.echo(f"Organiser pages: {links.public_url}/organiser")
    host = host or settings["HOST"]
    port = port or int(settings["PORT"])
    click.echo(f"Listening on {host}:{port}")
    run_options = {"max_size": 10_000} if settings["ASYNC_MODE"] == "eventlet" else {}
    socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True, **run_options)


@cli.group()
def session():
    """Prepare sessions."""


@session.command("create")
@click.option("--deck", required=True, type=click.Path(dir_okay=False), help="A statement deck (YAML).")
@click.option("--title", default=None, help="Title (default: the deck's title).")
@click.option("--language", type=click.Choice(["nl", "en"]), default=None, help="Default: the deck's.")
@click.option("--date", default=None, help="YYYY-MM-DD (default: today).")
@click.option("--sector", "sectors", multiple=True, help="A sector to choose from; repeat for more.")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
@click.option("--public-url", default=None, help="Address phones use.")
def create_session(deck, title, language, date, sectors, data_dir, public_url):
    """Create a session from a deck and print its links as JSON."""
    from . import actions
    from .decks import DeckError, load_deck
    from .domain.errors import DomainError
    from .messages import error_message

    try:
        loaded = load_deck(deck)
    except DeckError as exc:
        raise click.ClickException(str(exc)) from None
    app = _app(data_dir, public_url)
    ext = app.extensions["facilitator"]
    with app.app_context():
        try:
            new = actions.create_session(ext.services, title=title or loaded.title,
                                         statements=list(loaded.statements),
                                         language=language or loaded.language, date=date,
                                         sectors=tuple(sectors) or loaded.sectors, deck=Path(deck).name,
                                         breakouts=loaded.breakouts)
        except DomainError as exc:
            field = exc.params.get("field", "")
            raise click.ClickException(f"{field}: {error_message(exc.code, 'en', **exc.params)}"
                                       if field else error_message(exc.code, "en", **exc.params)) from None
    json.dump(_session_links(new.session, new.moderator_key, ext.broadcaster.links), sys.stdout, indent=2)
    click.echo()


@cli.command("organiser-password")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
def organiser_password(data_dir):
    """Generate a new organiser password (when FACILITATOR_ORGANISER_PASSWORD is not set)."""
    app = _app(data_dir)
    click.echo(auth.reset_organiser_password(app.extensions["facilitator"].services.store))


def _session_links(session, key, links) -> dict:
    return {"code": session.code, "title": session.title, "date": session.date,
            "language": session.language, "join_url": links.join_url(session.code),
            "projector_url": links.projector_url(session.code),
            "moderator_url": links.moderator_url(session.code, key)}


def _print_session(session, key, links) -> None:
    import qrcode

    info = _session_links(session, key, links)
    qr = qrcode.QRCode(border=1)
    qr.add_data(info["join_url"])
    qr.print_ascii(out=sys.stdout, invert=True)
    click.echo(f"Session:    {session.title}")
    click.echo(f"Join code:  {session.code}")
    click.echo(f"Join URL:   {info['join_url']}")
    click.echo(f"Projector:  {info['projector_url']}")
    click.echo(f"Moderator:  {info['moderator_url']}   (secret: only for the moderator)")
