"""`- slide: {...}` in a deck's `steps:` list (statements/README.md, "Slides"), checked as strictly as the rest."""
from __future__ import annotations

from pathlib import Path

from facilitator.deck_fields import Fail, did_you_mean, kind_of, show, show_key, text_field
from facilitator.domain.limits import TITLE_MAX

from .domain import IMAGE_BYTES_MAX, IMAGE_TYPES, TEXT_MAX, SlidePlan, image_type

KEYS = ("title", "text", "image")


def parse_step(item: object, field: str, statements: int, fail: Fail, folder: Path | None = None) -> SlidePlan:
    """One slide; `statements` is how many statements come before it, `folder` the deck's folder."""
    if isinstance(item, str):
        item = {"title": item}  # `- slide: Welkom` is a slide with a title alone
    if not isinstance(item, dict):
        fail(field, f"must be a title or a mapping with at least 'title', not {kind_of(item)}")
    for key in item:
        if key not in KEYS:
            fail(f"{field}.{show_key(key)}", f"is not a known key{did_you_mean(str(key), KEYS)};"
                                             f" a slide has {', '.join(KEYS)}")
    if "title" not in item:
        fail(f"{field}.title", "is missing (required)")
    title = text_field(item["title"], f"{field}.title", TITLE_MAX, fail)
    text = ""
    if item.get("text") is not None:
        text = _text(item["text"], f"{field}.text", fail)
    image = None
    if "image" in item:
        image = _image(item["image"], f"{field}.image", folder, fail)
    return SlidePlan(title=title, text=text, image=image, after=statements)


def _text(value: object, field: str, fail: Fail) -> str:
    if not isinstance(value, str):
        fail(field, f"must be text, not {kind_of(value)}")
    text = "\n".join(line.strip() for line in value.strip().splitlines())
    if len(text) > TEXT_MAX:
        fail(field, f"is longer than {TEXT_MAX} characters ({len(text)})")
    return text


def _image(value: object, field: str, folder: Path | None, fail: Fail) -> str:
    kinds = ", ".join(IMAGE_TYPES)
    if not isinstance(value, str) or image_type(value.strip()) is None:
        fail(field, f"must be the name of an image file ({kinds}) in the deck's own folder, without a folder"
                    f" or '..', not {show(value)}")
    name = value.strip()
    if folder is not None:
        path = folder / name
        try:
            inside = path.resolve().parent == folder.resolve() and path.is_file()
            size = path.stat().st_size if inside else 0
        except OSError:
            inside, size = False, 0
        if not inside:
            fail(field, f"is {name!r}, but there is no such file next to the deck")
        if size > IMAGE_BYTES_MAX:
            fail(field, f"is larger than {IMAGE_BYTES_MAX // (1024 * 1024)} MB; make the image smaller")
    return name
