"""An information slide: a title, a short text and an optional image from the deck's folder. Pure: no IO."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import ClassVar

from facilitator.domain.errors import DomainError
from facilitator.domain.limits import TITLE_MAX
from facilitator.domain.rules import clean_text

TEXT_MAX = 1000  # a few sentences: the programme, "back at 11:15"
IMAGE_NAME_MAX = 120
# What the image route serves, and as what: no SVG (it can carry scripts), nothing else.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp"}
IMAGE_BYTES_MAX = 2 * 1024 * 1024
# A plain file name in the deck's folder: no folders, no "..", not hidden.
_IMAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]*")


@dataclass(frozen=True)
class SlidePlan:
    """A slide as a deck prepares it; `after`: how many statements come before it (None: at the end)."""

    kind: ClassVar[str] = "slide"
    title: str
    text: str = ""
    image: str | None = None
    after: int | None = None


@dataclass(frozen=True)
class Slide:
    id: int
    title: str
    text: str = ""
    image: str | None = None


def image_type(name: object) -> str | None:
    """The content type the image is served as, or None when the name is not a plain image file name."""
    if not isinstance(name, str) or len(name) > IMAGE_NAME_MAX or not _IMAGE_NAME.fullmatch(name) or ".." in name:
        return None
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return IMAGE_TYPES.get(suffix)


def check_plan(plan: SlidePlan, statement_count: int) -> SlidePlan:
    """A slide plan cleaned, or a DomainError naming the field."""
    title = clean_text(plan.title, TITLE_MAX, field="title")
    text = clean_text(plan.text, TEXT_MAX, required=False, field="text") if plan.text else ""
    if plan.image is not None and image_type(plan.image) is None:
        raise DomainError("bad_request", field="image")
    after = statement_count if plan.after is None else plan.after
    if not isinstance(after, int) or not 0 <= after <= statement_count:
        raise DomainError("bad_request", field="after")
    return replace(plan, title=title, text=text, after=after)
