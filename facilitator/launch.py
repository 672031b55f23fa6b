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


if __name__ == "__main__":
    main()
