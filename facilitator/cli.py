"""The `facilitator` command: serve, migrate, session create, organiser-password, lens check."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group()
def cli():
    """facilitator: live statements, votes and results for workshops and conferences."""


def _app(data_dir, public_url=None, port=None, serving=False):
    from . import create_app

    return create_app({"DATA_DIR": data_dir, "PUBLIC_URL": public_url,
                       "PORT": str(port) if port else None}, serving=serving)


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (default 0.0.0.0: all).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 5000).")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
@click.option("--public-url", default=None, help="Address phones use, e.g. http://192.168.1.20:5000.")
@click.option("--demo", is_flag=True, help="Start with a ready demo session from the Dutch demo deck.")
def serve(host, port, data_dir, public_url, demo):
    """Run the server."""
    from .gc_tuning import collect_when_quiet, freeze_what_startup_made
    from .extension import socketio

    app = _app(data_dir, public_url, port, serving=True)
    settings = app.extensions["facilitator"].settings
    services = app.extensions["facilitator"].services
    links = app.extensions["facilitator"].broadcaster.links
    password = app.extensions["facilitator"].new_organiser_password
    if password:
        click.echo(f"Organiser password (shown once; keep it): {password}")
    if demo:
        from .demo import ensure_demo_session

        _print_session(*ensure_demo_session(services, settings["DECKS_DIR"]), links)
    click.echo(f"Organiser pages: {links.public_url}/organiser")
    host = host or settings["HOST"]
    port = port or int(settings["PORT"])
    click.echo(f"Listening on {host}:{port}")
    freeze_what_startup_made()
    socketio.start_background_task(collect_when_quiet, socketio.sleep)
    if settings["ASYNC_MODE"] == "eventlet":
        from .eventlet_server import serve_eventlet

        serve_eventlet(app, host, port)
    else:
        socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


@cli.group()
def session():
    """Prepare sessions."""


@session.command("create")
@click.option("--deck", required=True, type=click.Path(dir_okay=False), help="A statement deck (YAML).")
@click.option("--title", default=None, help="Title (default: the deck's title).")
@click.option("--language", type=click.Choice(["nl", "en"]), default=None, help="Default: the deck's.")
@click.option("--date", default=None, help="YYYY-MM-DD (default: today).")
@click.option("--sector", "sectors", multiple=True, help="A sector to choose from; repeat for more.")
@click.option("--phone-results/--no-phone-results", default=True,
              help="After the reveal, show the result on phones too (default) or only on the projector.")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
@click.option("--public-url", default=None, help="Address phones use.")
def create_session(deck, title, language, date, sectors, phone_results, data_dir, public_url):
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
                                         plans=loaded.plans, notes=list(loaded.notes),
                                         phone_results=phone_results)
        except DomainError as exc:
            field = exc.params.get("field", "")
            raise click.ClickException(f"{field}: {error_message(exc.code, 'en', **exc.params)}"
                                       if field else error_message(exc.code, "en", **exc.params)) from None
    links = _session_links(new.session, new.moderator_key, new.projector_key, ext.broadcaster.links)
    json.dump(links, sys.stdout, indent=2)
    click.echo()


@session.command("delete")
@click.argument("code")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
def delete_session(code, data_dir):
    """Delete a session and everything in it."""
    from . import actions
    from .domain.errors import DomainError

    app = _app(data_dir)
    try:
        gone = actions.delete_session(app.extensions["facilitator"].services, code)
    except DomainError:
        raise click.ClickException(f"no session with code {code}") from None
    click.echo(f"Deleted {gone.code}: {gone.title} ({gone.date})")


@cli.command()
@click.option("--days", type=int, default=None, help="Keep this many days (default: FACILITATOR_RETENTION_DAYS).")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
def purge(days, data_dir):
    """Delete sessions older than the retention period, with everything in them."""
    from . import actions

    app = _app(data_dir)
    ext = app.extensions["facilitator"]
    gone = actions.purge_expired(ext.services, int(ext.settings["RETENTION_DAYS"]) if days is None else days)
    for session in gone:
        click.echo(f"Deleted {session.code}: {session.title} ({session.date})")
    click.echo(f"{len(gone)} session(s) deleted.")


@cli.command()
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
def migrate(data_dir):
    """Bring the database to the newest schema, then exit (run it before starting the workers)."""
    from .config import read_settings
    from .store import Store
    from .store.migrate import current

    settings = read_settings(overrides={"DATA_DIR": data_dir})
    Path(settings["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    store = Store(settings["DATABASE_URL"])  # opening a store migrates it
    try:
        click.echo(f"Database schema at revision {current(store.engine)}.")
    finally:
        store.dispose()


@cli.command("organiser-password")
@click.option("--data-dir", default=None, help="Folder of the SQLite database.")
def organiser_password(data_dir):
    """Generate a new organiser password (when FACILITATOR_ORGANISER_PASSWORD is not set)."""
    from . import actions

    app = _app(data_dir)
    click.echo(actions.reset_organiser_password(app.extensions["facilitator"].services))


@cli.group()
def lens():
    """The sector lens and the opinion groups."""


@lens.command("check")
@click.argument("folder", type=click.Path(file_okay=False))
def lens_check(folder):
    """Compare our opinion groups with Pol.is's in an export FOLDER (its participants-votes.csv)."""
    from .polis_export import ExportError, check_export, load_export

    try:
        check = check_export(load_export(Path(folder)))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    for line in check.lines():
        click.echo(line)


def _session_links(session, key, projector_key, links) -> dict:
    return {"code": session.code, "title": session.title, "date": session.date,
            "language": session.language, "join_url": links.join_url(session.code),
            "projector_url": links.projector_url(session.code, projector_key),
            "moderator_url": links.moderator_url(session.code, key)}


def _print_session(session, key, projector_key, links) -> None:
    import qrcode

    info = _session_links(session, key, projector_key, links)
    qr = qrcode.QRCode(border=1)
    qr.add_data(info["join_url"])
    qr.print_ascii(out=sys.stdout, invert=True)
    click.echo(f"Session:    {session.title}")
    click.echo(f"Join code:  {session.code}")
    click.echo(f"Join URL:   {info['join_url']}")
    click.echo(f"Projector:  {info['projector_url']}   (secret: shows the results)")
    click.echo(f"Moderator:  {info['moderator_url']}   (secret: only for the moderator)")


@cli.command()
@click.argument("moderator_url")
@click.option("--phones", default=100, show_default=True, help="How many phones to simulate.")
@click.option("--spread", default=0.0, show_default=True, help="Spread the votes over this many seconds (0: a burst).")
@click.option("--comments", default=0.0, show_default=True, help="Share of phones that also comment (0 to 1).")
@click.option("--notes", default=0, show_default=True, help="Breakout notes per phone, after voting (adds a breakout).")
@click.option("--reconnect", default=0.0, show_default=True, help="Share of phones that drop and reconnect first.")
@click.option("--timeout", default=180.0, show_default=True, help="Stop the whole run after this many seconds.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write the figures here.")
@click.option("--allow-remote", is_flag=True, help="Allow a server that is not on this machine.")
def loadtest(moderator_url, phones, spread, comments, notes, reconnect, timeout, json_path, allow_remote):
    """Simulate phones against a running server, using a session's MODERATOR_URL."""
    import asyncio

    from .loadtest.report import render
    from .loadtest.run import Options, run

    options = Options(moderator_url, phones=phones, spread=spread, comments=comments, notes=notes,
                      reconnect=reconnect, timeout=timeout, allow_remote=allow_remote)
    try:
        figures = asyncio.run(run(options)).as_dict()
    except (ValueError, TimeoutError, asyncio.TimeoutError) as exc:
        raise click.ClickException(str(exc) or "the run did not finish in time") from None
    click.echo(render(figures))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2))
    if figures["errors"] or not figures["stored_matches_acknowledged"]:
        sys.exit(1)
