"""The `facilitator` command's entry point: the one place that picks and patches the async mode.

eventlet must patch the standard library before Flask, SQLAlchemy or psycopg import sockets and
threads, so this module imports nothing of the application until the mode is settled.
"""
import os
import sys
import warnings


def main() -> None:
    mode = os.environ.get("FACILITATOR_ASYNC_MODE", "eventlet")
    serving = len(sys.argv) > 1 and sys.argv[1] == "serve"
    if serving and mode in ("eventlet", "gevent"):
        patch(mode)
    elif not serving:
        # Commands that only talk to the database must never load eventlet by accident.
        os.environ["FACILITATOR_ASYNC_MODE"] = "threading"
    from .cli import cli

    cli()


def patch(mode: str) -> None:
    """Patch the standard library for green threads, before anything else imports it, and send
    calls that block in the operating system (SQLite's commit) to OS threads."""
    if mode == "eventlet":
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")  # else psycopg blocks the hub
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # eventlet 0.41 warns that it is in maintenance mode
            import eventlet
        eventlet.monkey_patch()
        from eventlet import tpool

        from .store.database import run_blocking_calls_with  # only now: it imports SQLAlchemy

        run_blocking_calls_with(tpool.execute)
    else:
        from gevent import monkey

        monkey.patch_all()
        import gevent

        from .store.database import run_blocking_calls_with

        run_blocking_calls_with(lambda function, *args: gevent.get_hub().threadpool.apply(function, args))


# Connections the kernel holds for us while the server is busy. socketio.run leaves eventlet's 50:
# with a hall scanning the QR code at once, the 51st phone's connection was dropped and retried a
# second later, then three, then seven, while the server had long caught up (join p95 of seconds,
# "fetch failed" at worst). Linux caps it at net.core.somaxconn (4,096 by default).
LISTEN_BACKLOG = 2048


def serve_eventlet(app, host: str, port: int) -> None:
    """eventlet's WSGI server, as socketio.run starts it, with a listen queue for a full hall."""
    import eventlet
    import eventlet.wsgi
    from eventlet.green import socket

    family, *_rest, address = socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=False, **eventlet_server_options())


def eventlet_server_options() -> dict:
    """Options for eventlet's WSGI server, for the `serve` command in eventlet mode."""
    import eventlet.wsgi

    class Protocol(eventlet.wsgi.HttpProtocol):
        # A phone holds two connections (its page's keep-alive and its socket) for the whole day, and
        # eventlet gives each a 16 KB write buffer and an 8 KB read buffer: most of a phone's memory.
        # Our writes are small messages; large files bypass the buffer anyway.
        wbufsize = 4096
        rbufsize = 4096

    # eventlet accepts 1,024 connections by default; a full congress hall needs more.
    return {"max_size": 10_000, "protocol": Protocol}


if __name__ == "__main__":
    main()
