"""The Welsh message catalogue: .po (edited by people) to .mo (read by Django) through polib, without GNU gettext.

Fresh machines may lack `msgfmt`, so the compiled .mo is committed next to the .po and polib rebuilds it
(`manage.py portal_compile_welsh`); a test checks the two agree. The catalogue also holds the strings of
`templates/resident_base.html` and of casework's confirmation email, which `makemessages` run in
`platform/portal` does not see.
"""

from __future__ import annotations

from pathlib import Path

import polib

WELSH_PO = Path(__file__).resolve().parent / "locale" / "cy" / "LC_MESSAGES" / "django.po"
CONTEXT_SEPARATOR = "\x04"
PLURAL_SEPARATOR = "\x00"


class CatalogueInvalid(Exception):
    """The .po file could not be read; the message names the file and polib's line."""


def catalogue_read(po_path: Path = WELSH_PO) -> polib.POFile:
    """The parsed .po; a syntax error becomes CatalogueInvalid naming the file and line. polib reads a bare
    `msgstr Ie` as untranslated rather than an error; the catalogue test catches that as a missing translation."""
    try:
        return polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:  # polib: OSError("Syntax error in po file <path> (line N)")
        message = str(exc)
        raise CatalogueInvalid(message if str(po_path) in message else f"{po_path}: {message}") from exc


def catalogue_messages(po_path: Path = WELSH_PO) -> dict[str, str]:
    """Message id to translation of every translated entry, keyed as gettext stores them (context and plural
    forms joined by EOT/NUL). Fuzzy and obsolete (`#~`) entries are left out, as msgfmt does; so is the header."""
    messages = {}
    for entry in catalogue_read(po_path).translated_entries():
        key, value = entry.msgid, entry.msgstr
        if entry.msgid_plural:
            key += PLURAL_SEPARATOR + entry.msgid_plural
            value = PLURAL_SEPARATOR.join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        if entry.msgctxt is not None:
            key = entry.msgctxt + CONTEXT_SEPARATOR + key
        messages[key] = value
    return messages


def catalogue_compile(po_path: Path = WELSH_PO) -> bytes:
    """The GNU .mo for this .po (header and translated entries, ids sorted as msgfmt sorts them)."""
    return catalogue_read(po_path).to_binary()
