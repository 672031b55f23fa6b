"""The garbage collector, settled once the server has started.

CPython's full collection walks every container object the process holds, on the one thread that
also serves every phone: with a hall connected, such a pause took 100 to 270 ms in the benchmark,
and every vote that arrived meanwhile waited for it. About half of what it walked was made while
starting (Flask, SQLAlchemy, templates, translations) and lives as long as the process. Freezing
that (gc.freeze, made for this) leaves the collector only what the day itself makes.
"""
from __future__ import annotations

import gc


def freeze_what_startup_made() -> None:
    gc.collect()  # what startup threw away goes first; only what it keeps is frozen
    gc.freeze()
