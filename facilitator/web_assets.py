"""Static files served fast: compressed once, cached by phones, sent by WhiteNoise before Flask.

Two thousand phones scanning the QR code at once each fetch the same stylesheet and scripts;
compressing those once at start-up (not per request) and letting phones keep them keeps the first
load small and a reload nearly free. The compressed copies go to the data folder's cache with a
copy of each file, never into the package, which may be installed read-only.
"""
from __future__ import annotations

import base64
import gzip
import logging
import os
import shutil
from pathlib import Path

import brotli
from flask import Flask
from flask_compress import Compress
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from . import security

log = logging.getLogger(__name__)
# Long enough that a reload during the session costs nothing, short enough that an upgrade shows
# up within minutes (after that, an unchanged file costs one small "304 Not Modified").
STATIC_MAX_AGE = 300
COMPRESSIBLE = (".css", ".js", ".svg", ".map")
PAGE_ENCODINGS = ("br", "gzip")  # for pages, in the order we prefer them
# Level 1: a page is a few KB, made once per phone; quality 4 (the default) cost four times the
# CPU for 15 % fewer bytes (about 300 per page), and a hall joining at once is short of CPU.
PAGE_LEVEL = 1


def init_app(app: Flask, cache: Path) -> None:
    static = cache / "static"
    mirror(Path(app.static_folder), static)
    compress_static(static)
    app.jinja_env.globals["favicon_url"] = inline_favicon(Path(app.static_folder) / "favicon.svg")
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(static), prefix=app.static_url_path.strip("/") + "/",
                              max_age=STATIC_MAX_AGE, allow_all_origins=False,
                              add_headers_function=security.static_headers)
    # Pages and downloads are made per request; compress them on the way out.
    app.config.update(COMPRESS_MIMETYPES=["text/html", "application/json", "text/csv"],
                      COMPRESS_ALGORITHM=list(PAGE_ENCODINGS), COMPRESS_MIN_SIZE=1024,
                      COMPRESS_BR_LEVEL=PAGE_LEVEL, COMPRESS_LEVEL=PAGE_LEVEL)
    Compress(app)


def encode_page(page: str, encoding: str) -> bytes:
    """A page compressed as Flask-Compress would, for pages kept ready for every phone (views/common.py)."""
    data = page.encode("utf-8")
    return brotli.compress(data, quality=PAGE_LEVEL) if encoding == "br" else gzip.compress(data, PAGE_LEVEL)


def inline_favicon(path: Path) -> str:
    """The icon inside every page (300 bytes), so that a phone scanning the QR code makes one
    request fewer: in a hall joining at once, each request costs the server more than its bytes."""
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def mirror(source: Path, target: Path) -> None:
    """Copy each file of source whose copy in target is missing or older; drop what source lost."""
    wanted = set()
    for path in source.rglob("*"):
        if not path.is_file() or path.suffix in (".gz", ".br"):  # left there by older builds
            continue
        copy = target / path.relative_to(source)
        wanted.add(copy)
        if copy.exists() and copy.stat().st_mtime >= path.stat().st_mtime:
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")  # another worker may be serving it
        shutil.copy2(path, partial)
        partial.replace(copy)
    for copy in target.rglob("*"):
        if copy.is_file() and copy not in wanted and copy.suffix not in (".gz", ".br"):
            copy.unlink()


def compress_static(folder: Path) -> None:
    """Write .gz and .br beside each compressible file whose compressed copy is missing or older."""
    compressor = Compressor(quiet=True)
    for path in folder.rglob("*"):
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            continue
        copies = [path.with_name(path.name + ext) for ext in (".gz", ".br")]
        if all(c.exists() and c.stat().st_mtime >= path.stat().st_mtime for c in copies):
            continue
        for _ in compressor.compress(str(path)):
            pass
        log.debug("compressed %s", path)
