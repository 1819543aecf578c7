"""`flask translate init|update|compile|missing`: the Babel workflow around pybabel, in one place.

The interface strings are written in English (SOURCE_LOCALE), so its catalog needs no translations;
every other language of LANGUAGES has a catalog translations/<code>/LC_MESSAGES/messages.po.

`update` extracts the interface strings, merges them into every catalog, fills each catalog from
its pending files and compiles. A pending file is `translations/pending/<area>.<code>.yaml` (a YAML
mapping "English msgid": "translation"; a plural entry keyed by its singular msgid with a list of
the catalog's plural forms); `<area>.yaml` without a language code holds Spanish, as it always has.
Several people adding strings at once each keep their translations in a file of their own, so a
merge never conflicts inside a catalog: re-running `update` puts every pending text back. It holds
a file lock so several people updating at once never overwrite each other's catalog.
"""

import fcntl
import sys
from pathlib import Path

import click
import yaml
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask import current_app
from flask.cli import AppGroup, with_appcontext

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PENDING = TRANSLATIONS / "pending"
POT = TRANSLATIONS / "messages.pot"
SOURCE_LOCALE = "en"  # the language the msgids are written in
UNSUFFIXED_LOCALE = "es"  # the language of a pending file named <area>.yaml

translate = AppGroup("translate", help="Extract, update and compile the interface catalogs.")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def catalog_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def catalog_locales() -> list[str]:
    """Every language that has a catalog, the source language's included."""
    return sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def pending_files(locale: str) -> list[Path]:
    """The pending files of one language: <area>.<locale>.yaml (and <area>.yaml for Spanish)."""
    files = sorted(PENDING.glob(f"*.{locale}.yaml"))
    if locale == UNSUFFIXED_LOCALE:
        files += sorted(p for p in PENDING.glob("*.yaml") if "." not in p.stem)
    return files


def pending_translations(locale: str) -> dict:
    pending: dict = {}
    for path in pending_files(locale):
        pending.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return pending


def fill_from_pending(locale: str = UNSUFFIXED_LOCALE) -> int:
    """Copy the pending translations of `locale` into its catalog; return how many changed.
    A plural entry whose list does not have the catalog's number of forms is refused."""
    pending = pending_translations(locale)
    path = catalog_path(locale)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    filled, wrong = 0, []
    for message in catalog:
        wanted = _pending_string(message.id, pending)
        if isinstance(wanted, tuple) and len(wanted) != catalog.num_plurals:
            wrong.append(message.id[0])
            continue
        if wanted is not None and (message.string != wanted or message.fuzzy):
            message.string = wanted
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    if wrong:
        raise click.ClickException(
            f"{locale}: these plural entries need {catalog.num_plurals} forms ({catalog.plural_expr}) "
            f"in translations/pending: {'; '.join(wrong)}")
    return filled


def _pending_string(message_id, pending: dict):
    """The pending translation of one catalog entry: a text for a plain msgid; for a plural entry
    (msgid, msgid_plural), a list keyed by its singular, one text per plural form."""
    if isinstance(message_id, str):
        return pending.get(message_id)
    found = pending.get(message_id[0]) if message_id else None
    return tuple(found) if isinstance(found, list) else None


def _extract() -> None:
    _pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext", "-o", str(POT),
             "--no-location", "--sort-output", str(ROOT))


@translate.command("update")
def update() -> None:
    """Extract strings, update catalogs, fill every language from its pending files, compile."""
    with open(TRANSLATIONS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _extract()
        _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
                 "--ignore-obsolete", "--width", "100")
        for locale in catalog_locales():
            if locale != SOURCE_LOCALE:
                click.echo(f"{fill_from_pending(locale)} {locale} entries filled from "
                           "translations/pending")
        _pybabel("compile", "-d", str(TRANSLATIONS))


@translate.command("init")
@click.argument("locale")
def init(locale: str) -> None:
    """Start the catalog of a new language (then add it to LANGUAGES and translate it)."""
    if catalog_path(locale).exists():
        raise click.ClickException(f"{catalog_path(locale)} exists: use `translate update`")
    with open(TRANSLATIONS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _extract()
        _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale, "--width", "100")
        filled = fill_from_pending(locale)
        _pybabel("compile", "-d", str(TRANSLATIONS))
    click.echo(f"{catalog_path(locale).relative_to(ROOT)} created, {filled} entries from "
               "translations/pending")


@translate.command("compile")
def compile_catalogs() -> None:
    _pybabel("compile", "-d", str(TRANSLATIONS))


def untranslated(locale: str) -> list[str]:
    """The msgids (singular of a plural entry) of `locale`'s catalog with no translation."""
    with catalog_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog
            if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]


@translate.command("missing")
@click.argument("locale", required=False)
@with_appcontext
def missing(locale: str | None) -> None:
    """List interface strings with no translation in LOCALE (default: every language of LANGUAGES
    but English); exit 1 when there are any."""
    locales = [locale] if locale else [code for code in current_app.config["LANGUAGES"]
                                       if code != SOURCE_LOCALE]
    gaps = 0
    for code in locales:
        if not catalog_path(code).exists():
            click.echo(f"{code}: no catalog (run `flask --app wsgi translate init {code}`)")
            gaps += 1
            continue
        for message_id in untranslated(code):
            click.echo(f"{code}: {message_id}")
            gaps += 1
    sys.exit(1 if gaps else 0)
