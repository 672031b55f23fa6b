"""Settings as data: each has a name, a default and a help text, read from FACILITATOR_<NAME>.

docs/configuration.md lists every one of them; tests/test_docs.py fails when one is missing there.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout, when running from one


def bundled(name: str) -> Path:
    """templates/, static/ or statements/: inside the package when installed from a wheel (the build
    copies them there), else beside it in the checkout."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else ROOT / name


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("DATA_DIR", "instance",
            "Folder that holds the SQLite database and the server's caches (compiled translations, "
            "compressed static files); relative to the folder the command runs in. The CLI and the "
            "server share it."),
    Setting("DATABASE_URL", "",
            "SQLAlchemy URL of the database, e.g. postgresql+psycopg://user@host/db. Empty: SQLite "
            "in DATA_DIR. The plain DATABASE_URL variable is read too."),
    Setting("PUBLIC_URL", "",
            "Address phones use to reach this server, e.g. https://vote.example.nl. Empty: "
            "http://<this machine's LAN address>:<port>."),
    Setting("HOST", "0.0.0.0", "Interface the server listens on; 0.0.0.0 lets phones on the Wi-Fi in."),
    Setting("PORT", "5000", "Port the server listens on."),
    Setting("ORGANISER_PASSWORD", "",
            "Password of the organiser pages. Empty: one is generated on the first run, printed "
            "once, and kept (hashed) in the database."),
    Setting("SECRET_KEY", "",
            "Signs cookies. Empty: generated once and kept in the database, so every worker and "
            "every restart shares it."),
    Setting("ASYNC_MODE", "eventlet", "How the server runs connections: eventlet, gevent or threading."),
    Setting("MESSAGE_QUEUE", "",
            "Redis URL that lets several server processes share Socket.IO rooms, e.g. "
            "redis://127.0.0.1:6379/0. Empty: one process."),
    Setting("BROADCAST_INTERVAL", "0.1",
            "Seconds between two updates of the projector and control panel while votes come in."),
    Setting("GROUP_COMMIT_WINDOW", "0.002",
            "Seconds a write waits for others to share its transaction (votes, joins, notes); 0: none."),
    Setting("DECKS_DIR", str(bundled("statements")), "Folder with statement decks (YAML)."),
    Setting("LOG_LEVEL", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting("BEHIND_PROXY", "0",
            "1 when a reverse proxy (nginx ...) passes requests on: trust its X-Forwarded-* headers."),
    Setting("RETENTION_DAYS", "30",
            "Sessions are deleted, with everything in them, this many days after their date. 0: never."),
)


def read_settings(environ: dict | None = None, overrides: dict | None = None) -> dict[str, str]:
    """Defaults, then the environment, then explicit overrides (tests, CLI options)."""
    environ = os.environ if environ is None else environ
    values = {s.name: environ.get(f"FACILITATOR_{s.name}", s.default) for s in SETTINGS}
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = environ.get("DATABASE_URL", "")
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    values["DATA_DIR"] = str(Path(values["DATA_DIR"]).resolve())
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{Path(values['DATA_DIR']) / 'facilitator.db'}"
    if values["BEHIND_PROXY"] not in ("0", "1"):
        raise ValueError("FACILITATOR_BEHIND_PROXY must be 0 or 1")
    if values["ASYNC_MODE"] not in ("eventlet", "gevent", "threading"):
        raise ValueError(f"FACILITATOR_ASYNC_MODE must be eventlet, gevent or threading, "
                         f"not {values['ASYNC_MODE']!r}")
    try:
        float(values["BROADCAST_INTERVAL"])
        float(values["GROUP_COMMIT_WINDOW"])
        int(values["RETENTION_DAYS"])
        int(values["PORT"])
    except ValueError as exc:
        raise ValueError(f"invalid number in settings: {exc}") from None
    return values
