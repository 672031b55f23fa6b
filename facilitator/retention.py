"""Sessions do not stay for ever: deleted FACILITATOR_RETENTION_DAYS after their date."""
from __future__ import annotations

import logging

from . import actions

log = logging.getLogger(__name__)
DAY = 24 * 60 * 60


def keep_purging(app, socketio) -> None:
    """Purge once now, then once a day, for as long as the server runs."""
    ext = app.extensions["facilitator"]
    days = int(ext.settings["RETENTION_DAYS"])

    def purge_once():
        try:
            gone = actions.purge_expired(ext.services, days)
        except Exception:  # the next day tries again; a failed purge must not stop the server
            log.exception("retention purge failed")
            return
        if gone:
            log.info("deleted %d session(s) older than %d days", len(gone), days)

    def daily():
        while True:
            socketio.sleep(DAY)
            purge_once()

    purge_once()
    if days > 0:
        socketio.start_background_task(daily)
