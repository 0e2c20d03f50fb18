"""The Welsh message catalogue: .po (edited by people) to .mo (read by Django), without GNU gettext.

Fresh machines may lack `msgfmt`, so the compiled .mo is committed next to the .po and this module
rebuilds it byte for byte (`manage.py portal_compile_welsh`); a test checks the two agree.
The catalogue also holds the strings of `templates/resident_base.html` and of casework's confirmation
email, which `makemessages` run in `platform/portal` does not see.
"""
from __future__ import annotations

import ast
import struct
from pathlib import Path

WELSH_PO = Path(__file__).resolve().parent / "locale" / "cy" / "LC_MESSAGES" / "django.po"
CONTEXT_SEPARATOR = "\x04"
PLURAL_SEPARATOR = "\x00"


class CatalogueInvalid(Exception):
    """The .po file could not be read."""


def po_read(text: str) -> dict[str, str]:
    """Message id to translation, keyed as gettext stores them (context and plural forms joined by NUL/EOT).

    Fuzzy entries are left out, as msgfmt does; so are obsolete (`#~`) ones.
    """
    messages: dict[str, str] = {}
    entry: dict[str, object] = {}
    section, fuzzy = None, False

    def finish() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not (fuzzy and entry["msgid"]):
            key = str(entry["msgid"])
            if "msgid_plural" in entry:
                key += PLURAL_SEPARATOR + str(entry["msgid_plural"])
                forms = entry.get("msgstr[]", {})
                value = PLURAL_SEPARATOR.join(forms[i] for i in sorted(forms))
            else:
                value = str(entry.get("msgstr", ""))
            if "msgctxt" in entry:
                key = str(entry["msgctxt"]) + CONTEXT_SEPARATOR + key
            if value.replace(PLURAL_SEPARATOR, ""):
                messages[key] = value
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            if "msgstr" in entry or "msgstr[]" in entry:
                finish()
            fuzzy = True
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and ("msgstr" in entry or "msgstr[]" in entry):
            finish()
        try:
            value = ast.literal_eval(rest) if rest else ""
        except (SyntaxError, ValueError) as exc:
            raise CatalogueInvalid(f"line {number}: {raw!r}") from exc
        if keyword is None:
            if section is None:
                raise CatalogueInvalid(f"line {number}: text outside an entry")
            if isinstance(section, tuple):
                entry["msgstr[]"][section[1]] += value
            else:
                entry[section] = str(entry[section]) + value
        elif keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr["):-1])
            entry.setdefault("msgstr[]", {})[index] = value
            section = ("msgstr[]", index)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            entry[keyword] = value
            section = keyword
        else:
            raise CatalogueInvalid(f"line {number}: unknown keyword {keyword!r}")
    finish()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """A GNU .mo file (little-endian, no hash table) holding these messages, ids sorted as msgfmt sorts them."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    count = len(keys)
    ids_table = 7 * 4
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets, blob = [], b""
    for item in ids:
        offsets.append((len(item), data_start + len(blob)))
        blob += item + b"\0"
    for item in strs:
        offsets.append((len(item), data_start + len(blob)))
        blob += item + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, data_start)
    tables = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    return header + tables + blob


def catalogue_compile(po_path: Path = WELSH_PO) -> bytes:
    return mo_bytes(po_read(po_path.read_text(encoding="utf-8")))
