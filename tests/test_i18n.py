"""Dutch first: every text the interface and the report can show has a Dutch translation."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("facilitator/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None, "ngettext": (1, 2)}


def _msgids_in_code() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=METHODS, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_interface_text_has_a_dutch_translation():
    with open(ROOT / "facilitator/translations/nl/LC_MESSAGES/messages.po", "rb") as po:
        dutch = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(po) if m.id}
    in_code = _msgids_in_code()
    assert len(in_code) > 100, "extraction found too little; is the method map still right?"
    untranslated = sorted(m for m in in_code if not dutch.get(m))
    assert not untranslated, f"no Dutch for: {untranslated[:10]}"
