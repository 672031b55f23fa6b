"""facilitator: a live workshop toolkit. create_app() builds the web application."""


def create_app(overrides: dict | None = None, **options):
    # Imported here so that the command-line entry point can choose and patch the async mode
    # (eventlet) before Flask and the standard library's sockets are loaded.
    from .app import create_app as build

    return build(overrides, **options)
