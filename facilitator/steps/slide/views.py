"""The slide's image, from the decks folder: a plain image file name, a safe content type, a size limit."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_file

from facilitator.views.common import find_session, services, settings

from . import store
from .domain import IMAGE_BYTES_MAX, image_type

bp = Blueprint("slide", __name__)


@bp.get("/s/<code>/slides/<int:slide_id>/image")
def image(code, slide_id):
    """Anyone in the session may see it (it is on the projector); the name was checked by the deck loader
    and is checked again here, against the folder as it is now."""
    session = find_session(code)
    if session is None:
        abort(404)
    with services().store.read() as q:
        found = store.slide(q, slide_id)
    if found is None or found[1] != session.id or not found[0].image:
        abort(404)
    path = safe_image(Path(settings()["DECKS_DIR"]), found[0].image)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=image_type(path.name), max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


def safe_image(folder: Path, name: str) -> Path | None:
    """The image file `name` directly in `folder`, or None: no '..', no folders, no link out, no other type."""
    if image_type(name) is None:
        return None
    path = folder / name
    try:
        if path.resolve().parent != folder.resolve() or not path.is_file() or path.stat().st_size > IMAGE_BYTES_MAX:
            return None
    except OSError:
        return None
    return path
