"""The interface catalogs are complete: every string in the code is in the template, and every one
has a Spanish translation, so no Spanish-speaking user meets an English sentence."""

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOG = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def strings_in_code() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def spanish_catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="es")


def test_every_interface_string_is_in_the_spanish_catalog():
    catalog = spanish_catalog()
    missing = sorted(m for m in strings_in_code() if m and m not in catalog)
    assert missing == [], "run `flask --app wsgi translate update`"


def test_every_spanish_entry_is_translated():
    untranslated = [m.id for m in spanish_catalog()
                    if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str)
                                                  else all(m.string)))]
    assert untranslated == []
