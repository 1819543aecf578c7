"""`flask translate update|compile`: the Babel workflow around pybabel, in one place.

`update` extracts the interface strings, merges them into every catalog, fills Spanish entries from
any `translations/pending/*.yaml` files (English msgid: Spanish text; a plural entry keyed by its
singular msgid with a list of forms), and compiles. It holds a file
lock so several people updating at once never overwrite each other's catalog.
"""

import fcntl
import sys
from pathlib import Path

import click
import yaml
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"

translate = AppGroup("translate", help="Extract, update and compile the interface catalogs.")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def fill_from_pending(locale: str = "es") -> int:
    """Copy translations from translations/pending/*.yaml into the catalog; return how many."""
    pending: dict[str, str] = {}
    for path in sorted((TRANSLATIONS / "pending").glob("*.yaml")):
        pending.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    po_path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    filled = 0
    for message in catalog:
        wanted = _pending_string(message.id, pending)
        if wanted is not None and (message.string != wanted or message.fuzzy):
            message.string = wanted
            message.flags.discard("fuzzy")
            filled += 1
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return filled


def _pending_string(message_id, pending: dict):
    """The pending translation of one catalog entry: a text for a plain msgid; for a plural entry
    (msgid, msgid_plural), a list keyed by its singular, one text per plural form."""
    if isinstance(message_id, str):
        return pending.get(message_id)
    found = pending.get(message_id[0]) if message_id else None
    return tuple(found) if isinstance(found, list) else None


@translate.command("update")
def update() -> None:
    """Extract strings, update catalogs, fill pending Spanish, compile."""
    with open(TRANSLATIONS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext", "-o", str(POT),
                 "--no-location", "--sort-output", str(ROOT))
        _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
                 "--ignore-obsolete",
                 "--width", "100")
        click.echo(f"{fill_from_pending()} Spanish entries filled from translations/pending")
        _pybabel("compile", "-d", str(TRANSLATIONS))


@translate.command("compile")
def compile_catalogs() -> None:
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate.command("missing")
@click.argument("locale", default="es")
def missing(locale: str) -> None:
    """List interface strings with no translation in LOCALE; exit 1 when there are any."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    gaps = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    for gap in gaps:
        click.echo(gap)
    sys.exit(1 if gaps else 0)
