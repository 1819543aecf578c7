"""The interface catalogs are complete: every string in the code is in the template, and every
language of LANGUAGES has a catalog with every one of them translated (English is the language the
strings are written in), with the placeholders of its msgid, so no Spanish- or Portuguese-speaking
user meets an English sentence or a broken one. And the pending-file mechanism that lets several
people add translations at once works for every language."""

from __future__ import annotations

import re

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.cli import translate
from config import Config
from tests.conftest import ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATED = [code for code in Config.LANGUAGES if code != translate.SOURCE_LOCALE]


def strings_in_code() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(locale: str):
    with translate.catalog_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def test_portuguese_is_offered_beside_spanish_and_english():
    assert Config.LANGUAGES == ("es", "en", "pt")
    assert TRANSLATED == ["es", "pt"]


@pytest.mark.parametrize("locale", Config.LANGUAGES)
def test_every_interface_string_is_in_every_catalog(locale):
    found = catalog(locale)
    missing = sorted(m for m in strings_in_code() if m and m not in found)
    assert missing == [], "run `flask --app wsgi translate update`"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_entry_is_translated(locale):
    assert translate.untranslated(locale) == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_their_placeholders_and_plural_forms(locale):
    found = catalog(locale)
    assert found.num_plurals == 3  # one, many (exact millions), other: Spanish and Portuguese alike
    for message in found:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        texts = (message.string,) if isinstance(message.string, str) else message.string
        assert len(texts) == (1 if isinstance(message.id, str) else found.num_plurals), ids[0]
        for text in texts:
            # A plural form may leave out the number ("Your priority"), never add a name.
            assert set(PLACEHOLDER.findall(text)) <= wanted, (ids[0], text)
            assert wanted - {"num"} <= set(PLACEHOLDER.findall(text)), (ids[0], text)


@pytest.fixture
def translations(tmp_path, monkeypatch):
    """A translations folder of its own: a catalog per language of one plain and one plural
    entry, and an empty pending folder."""
    pending = tmp_path / "pending"
    pending.mkdir()
    for locale in ("es", "pt", "en"):
        source = Catalog(locale=locale)
        source.add("Save targets")
        source.add(("%(num)d to answer", "%(num)d to answer"), ("", "", ""))
        path = tmp_path / locale / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as handle:
            write_po(handle, source)
    monkeypatch.setattr(translate, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(translate, "PENDING", pending)
    return pending


def write_pending(path, mapping) -> None:
    path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")


def test_pending_files_fill_each_language_their_name_says(translations):
    write_pending(translations / "rounds.yaml", {"Save targets": "Guardar metas"})
    write_pending(translations / "rounds.pt.yaml", {
        "Save targets": "Salvar metas",
        "%(num)d to answer": ["falta %(num)d", "faltam %(num)d", "faltam %(num)d"]})
    assert translate.fill_from_pending("es") == 1
    assert translate.fill_from_pending("pt") == 2
    spanish, portuguese = catalog("es"), catalog("pt")
    assert spanish.get("Save targets").string == "Guardar metas"
    assert portuguese.get("Save targets").string == "Salvar metas"
    assert portuguese.get("%(num)d to answer").string == ("falta %(num)d", "faltam %(num)d",
                                                          "faltam %(num)d")
    assert translate.untranslated("es") == ["%(num)d to answer"]  # the .pt file is not Spanish
    assert translate.untranslated("pt") == []


def test_a_plural_with_the_wrong_number_of_forms_is_refused(translations):
    write_pending(translations / "phone.pt.yaml", {"%(num)d to answer": ["falta", "faltam"]})
    with pytest.raises(translate.click.ClickException, match="need 3 forms"):
        translate.fill_from_pending("pt")
    assert translate.untranslated("pt") == ["Save targets", "%(num)d to answer"]
