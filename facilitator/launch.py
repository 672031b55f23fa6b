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


if __name__ == "__main__":
    main()
