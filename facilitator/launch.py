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
    if serving and mode == "eventlet":
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")  # else psycopg blocks the hub
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # eventlet 0.41 warns that it is in maintenance mode
            import eventlet
        eventlet.monkey_patch()
    elif serving and mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif not serving:
        # Commands that only talk to the database must never load eventlet by accident.
        os.environ["FACILITATOR_ASYNC_MODE"] = "threading"
    from .cli import cli

    cli()


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
